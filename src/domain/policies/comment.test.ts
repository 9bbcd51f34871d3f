import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import type { Actor, Comment, CommentStatus, Role, User } from '../types.js';
import {
  authorizeComment,
  canOnComment,
  commentAbilities,
  refuseOnComment,
  type CommentAction,
  type CommentPolicyContext,
} from './comment.js';

// ---------------------------------------------------------------------------------------------
// Fixtures: a fixed "now", a 15-minute edit window, seven kinds of actor.

const NOW = new Date('2025-03-14T12:00:00.000Z');
const WINDOW_SECONDS = 15 * 60;
const INSIDE_WINDOW = new Date(NOW.getTime() - 10 * 60_000).toISOString(); // 10 minutes old
const OUTSIDE_WINDOW = new Date(NOW.getTime() - 20 * 60_000).toISOString(); // 20 minutes old

function user(id: string, isOperator = false): User {
  return { id, email: `${id}@example.test`, username: id, displayName: id, isOperator, createdAt: '2024-01-01T00:00:00.000Z' };
}

const ACTORS = {
  anonymous: { user: null, role: null },
  author: { user: user('u-author'), role: 'commenter' },
  other: { user: user('u-other'), role: null }, // signed in, no membership: a commenter
  staff: { user: user('u-staff'), role: 'staff' },
  moderator: { user: user('u-mod'), role: 'moderator' },
  admin: { user: user('u-admin'), role: 'admin' },
  operator: { user: user('u-op', true), role: null }, // operators act as admins on every site
} as const satisfies Record<string, Actor>;
type ActorName = keyof typeof ACTORS;
const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[];

const ACTIONS: readonly CommentAction[] = ['view', 'reply', 'edit', 'delete', 'react', 'report', 'moderate'];

interface State {
  status: CommentStatus;
  visible: boolean;
  createdAt: string;
  articleOpen: boolean;
}

type PolicyComment = Pick<Comment, 'authorId' | 'status' | 'visible' | 'createdAt'>;

function setup(state: State): { comment: PolicyComment; ctx: CommentPolicyContext } {
  return {
    comment: { authorId: 'u-author', status: state.status, visible: state.visible, createdAt: state.createdAt },
    ctx: { now: NOW, settings: { editWindowSeconds: WINDOW_SECONDS }, articleOpen: state.articleOpen },
  };
}

const STATES = {
  approved: { status: 'approved', visible: true, createdAt: INSIDE_WINDOW, articleOpen: true },
  'approved, edit window passed': { status: 'approved', visible: true, createdAt: OUTSIDE_WINDOW, articleOpen: true },
  'approved, article closed': { status: 'approved', visible: true, createdAt: INSIDE_WINDOW, articleOpen: false },
  'approved, window passed, article closed': { status: 'approved', visible: true, createdAt: OUTSIDE_WINDOW, articleOpen: false },
  pending: { status: 'pending', visible: false, createdAt: INSIDE_WINDOW, articleOpen: true },
  'pending, edit window passed': { status: 'pending', visible: false, createdAt: OUTSIDE_WINDOW, articleOpen: true },
  'deleted tombstone': { status: 'deleted', visible: true, createdAt: INSIDE_WINDOW, articleOpen: true },
  'deleted, hidden': { status: 'deleted', visible: false, createdAt: INSIDE_WINDOW, articleOpen: true },
  'rejected tombstone': { status: 'rejected', visible: true, createdAt: INSIDE_WINDOW, articleOpen: true },
  'rejected tombstone, edit window passed': { status: 'rejected', visible: true, createdAt: OUTSIDE_WINDOW, articleOpen: true },
  'rejected, hidden': { status: 'rejected', visible: false, createdAt: INSIDE_WINDOW, articleOpen: true },
  'spam, hidden': { status: 'spam', visible: false, createdAt: INSIDE_WINDOW, articleOpen: true },
} as const satisfies Record<string, State>;
type StateName = keyof typeof STATES;

// ---------------------------------------------------------------------------------------------
// The expected decisions. Each row lists the actors in this order; Y = allowed, - = refused.
//
//                 anonymous author other staff moderator admin operator
const EXPECTED: Record<StateName, Record<CommentAction, string>> = {
  approved: {
    view: /*     */ 'Y Y Y Y Y Y Y',
    reply: /*    */ '- Y Y Y Y Y Y',
    edit: /*     */ '- Y - - - - -', // only the author, inside the window
    delete: /*   */ '- Y - - Y Y Y', // staff moderate nothing
    react: /*    */ '- - Y Y Y Y Y', // not on one's own comment
    report: /*   */ '- - Y Y Y Y Y',
    moderate: /* */ '- - - - Y Y Y',
  },
  'approved, edit window passed': {
    view: /*     */ 'Y Y Y Y Y Y Y',
    reply: /*    */ '- Y Y Y Y Y Y',
    edit: /*     */ '- - - - - - -',
    delete: /*   */ '- Y - - Y Y Y',
    react: /*    */ '- - Y Y Y Y Y',
    report: /*   */ '- - Y Y Y Y Y',
    moderate: /* */ '- - - - Y Y Y',
  },
  'approved, article closed': {
    view: /*     */ 'Y Y Y Y Y Y Y',
    reply: /*    */ '- - - - - - -', // no new comments, whoever asks
    edit: /*     */ '- Y - - - - -', // fixing a typo is still allowed in the window
    delete: /*   */ '- Y - - Y Y Y',
    react: /*    */ '- - Y Y Y Y Y',
    report: /*   */ '- - Y Y Y Y Y',
    moderate: /* */ '- - - - Y Y Y',
  },
  'approved, window passed, article closed': {
    view: /*     */ 'Y Y Y Y Y Y Y',
    reply: /*    */ '- - - - - - -',
    edit: /*     */ '- - - - - - -',
    delete: /*   */ '- Y - - Y Y Y',
    react: /*    */ '- - Y Y Y Y Y',
    report: /*   */ '- - Y Y Y Y Y',
    moderate: /* */ '- - - - Y Y Y',
  },
  pending: {
    view: /*     */ '- Y - - Y Y Y', // the author sees their own comment in review
    reply: /*    */ '- - - - - - -',
    edit: /*     */ '- Y - - - - -',
    delete: /*   */ '- Y - - Y Y Y',
    react: /*    */ '- - - - - - -',
    report: /*   */ '- - - - - - -',
    moderate: /* */ '- - - - Y Y Y',
  },
  'pending, edit window passed': {
    view: /*     */ '- Y - - Y Y Y',
    reply: /*    */ '- - - - - - -',
    edit: /*     */ '- - - - - - -',
    delete: /*   */ '- Y - - Y Y Y',
    react: /*    */ '- - - - - - -',
    report: /*   */ '- - - - - - -',
    moderate: /* */ '- - - - Y Y Y',
  },
  'deleted tombstone': {
    view: /*     */ 'Y Y Y Y Y Y Y', // kept visible for its replies
    reply: /*    */ '- - - - - - -',
    edit: /*     */ '- - - - - - -',
    delete: /*   */ '- - - - - - -', // already deleted
    react: /*    */ '- - - - - - -',
    report: /*   */ '- - - - - - -',
    moderate: /* */ '- - - - Y Y Y',
  },
  'deleted, hidden': {
    view: /*     */ '- Y - - Y Y Y',
    reply: /*    */ '- - - - - - -',
    edit: /*     */ '- - - - - - -',
    delete: /*   */ '- - - - - - -',
    react: /*    */ '- - - - - - -',
    report: /*   */ '- - - - - - -',
    moderate: /* */ '- - - - Y Y Y',
  },
  'rejected tombstone': {
    view: /*     */ 'Y Y Y Y Y Y Y',
    reply: /*    */ '- - - - - - -',
    edit: /*     */ '- - - - - - -', // a rejection must not be undone by editing
    delete: /*   */ '- Y - - Y Y Y',
    react: /*    */ '- - - - - - -',
    report: /*   */ '- - - - - - -',
    moderate: /* */ '- - - - Y Y Y',
  },
  'rejected tombstone, edit window passed': {
    view: /*     */ 'Y Y Y Y Y Y Y',
    reply: /*    */ '- - - - - - -',
    edit: /*     */ '- - - - - - -',
    delete: /*   */ '- Y - - Y Y Y',
    react: /*    */ '- - - - - - -',
    report: /*   */ '- - - - - - -',
    moderate: /* */ '- - - - Y Y Y',
  },
  'rejected, hidden': {
    view: /*     */ '- Y - - Y Y Y',
    reply: /*    */ '- - - - - - -',
    edit: /*     */ '- - - - - - -',
    delete: /*   */ '- Y - - Y Y Y',
    react: /*    */ '- - - - - - -',
    report: /*   */ '- - - - - - -',
    moderate: /* */ '- - - - Y Y Y',
  },
  'spam, hidden': {
    view: /*     */ '- Y - - Y Y Y',
    reply: /*    */ '- - - - - - -',
    edit: /*     */ '- - - - - - -',
    delete: /*   */ '- Y - - Y Y Y',
    react: /*    */ '- - - - - - -',
    report: /*   */ '- - - - - - -',
    moderate: /* */ '- - - - Y Y Y',
  },
};


function decide(state: StateName, action: CommentAction, actor: ActorName): 'Y' | '-' {
  const { comment, ctx } = setup(STATES[state]);
  return canOnComment(ACTORS[actor], action, comment, ctx) ? 'Y' : '-';
}

describe('canOnComment: actors × actions × comment states', () => {
  it('the table covers every state and action with one column per actor', () => {
    for (const state of Object.keys(STATES) as StateName[]) {
      for (const action of ACTIONS) expect(EXPECTED[state][action].split(' ')).toHaveLength(ACTOR_NAMES.length);
    }
  });

  it.each(Object.keys(STATES) as StateName[])('%s', (state) => {
    const actual: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const action of ACTIONS) {
      const want = EXPECTED[state][action].split(' ');
      const got: string[] = ACTOR_NAMES.map((actor) => decide(state, action, actor));
      actual[action] = got.join(' ');
      expected[action] = want.join(' ');
    }
    expect(actual).toEqual(expected);
  });


});

describe('refusal reasons', () => {
  const cases: Array<[ActorName, CommentAction, StateName, string]> = [
    ['anonymous', 'view', 'pending', 'comment_not_found'],
    ['staff', 'view', 'pending', 'comment_not_found'],
    ['anonymous', 'reply', 'approved', 'unauthenticated'],
    ['anonymous', 'reply', 'approved, article closed', 'unauthenticated'],
    ['moderator', 'reply', 'approved, article closed', 'comments_closed'],
    ['other', 'reply', 'pending', 'parent_not_found'],
    ['other', 'reply', 'deleted tombstone', 'parent_not_found'],
    ['anonymous', 'edit', 'approved', 'unauthenticated'],
    ['admin', 'edit', 'approved', 'forbidden'],
    ['author', 'edit', 'deleted tombstone', 'comment_deleted'],
    ['author', 'edit', 'approved, edit window passed', 'edit_window_closed'],
    ['anonymous', 'delete', 'approved', 'unauthenticated'],
    ['staff', 'delete', 'approved', 'forbidden'],
    ['moderator', 'delete', 'deleted tombstone', 'comment_deleted'],
    ['anonymous', 'react', 'approved', 'unauthenticated'],
    ['author', 'react', 'approved', 'forbidden'],
    ['other', 'react', 'pending', 'comment_not_found'],
    ['author', 'report', 'approved', 'forbidden'],
    ['other', 'report', 'rejected tombstone', 'comment_not_found'],
    ['anonymous', 'moderate', 'approved', 'unauthenticated'],
    ['staff', 'moderate', 'approved', 'forbidden'],
  ];

  it.each(cases)('%s %s on %s → %s', (actor, action, state, code) => {
    const { comment, ctx } = setup(STATES[state]);
    const refusal = refuseOnComment(ACTORS[actor], action, comment, ctx);
    expect(refusal?.code).toBe(code);
  });

  it("explains why one cannot react to or report one's own comment", () => {
    const { comment, ctx } = setup(STATES.approved);
    expect(refuseOnComment(ACTORS.author, 'react', comment, ctx)?.detail).toBe('You cannot react to your own comment');
    expect(refuseOnComment(ACTORS.author, 'report', comment, ctx)?.detail).toBe('You cannot report your own comment');
  });

  it('authorizeComment throws the refusal and returns quietly when allowed', () => {
    const { comment, ctx } = setup(STATES['approved, edit window passed']);
    expect(() => authorizeComment(ACTORS.author, 'edit', comment, ctx)).toThrowError(
      expect.objectContaining({ code: 'edit_window_closed', status: 409 }),
    );
    expect(() => authorizeComment(ACTORS.anonymous, 'reply', comment, ctx)).toThrowError(expect.objectContaining({ code: 'unauthenticated', status: 401 }));
    expect(authorizeComment(ACTORS.other, 'reply', comment, ctx)).toBeUndefined();
  });

  it('authorizeComment throws an AppError that keeps the explanation', () => {
    const { comment, ctx } = setup(STATES.approved);
    let thrown: unknown;
    try {
      authorizeComment(ACTORS.author, 'report', comment, ctx);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: 'forbidden', status: 403, detail: 'You cannot report your own comment' });
  });
});

describe('the edit window', () => {
  const created = '2025-03-14T11:45:00.000Z'; // exactly 15 minutes before NOW
  const ctxAt = (now: Date, editWindowSeconds = WINDOW_SECONDS): CommentPolicyContext => ({ now, settings: { editWindowSeconds }, articleOpen: true });
  const comment: PolicyComment = { authorId: 'u-author', status: 'approved', visible: true, createdAt: created };

  it('is open up to and including its last millisecond', () => {
    expect(canOnComment(ACTORS.author, 'edit', comment, ctxAt(NOW))).toBe(true);
    expect(canOnComment(ACTORS.author, 'edit', comment, ctxAt(new Date(NOW.getTime() + 1)))).toBe(false);
  });

  it('follows the site setting', () => {
    const later = new Date(NOW.getTime() + 60 * 60_000); // 75 minutes after posting
    expect(canOnComment(ACTORS.author, 'edit', comment, ctxAt(later))).toBe(false);
    expect(canOnComment(ACTORS.author, 'edit', comment, ctxAt(later, 2 * 60 * 60))).toBe(true);
    // A window of 0 allows no edit after the posting millisecond.
    expect(canOnComment(ACTORS.author, 'edit', comment, ctxAt(new Date(created), 0))).toBe(true);
    expect(canOnComment(ACTORS.author, 'edit', comment, ctxAt(new Date(Date.parse(created) + 1), 0))).toBe(false);
  });
});

describe('roles', () => {
  it.each<[string, Role | null, boolean]>([
    ['commenter', 'commenter', false],
    ['no membership', null, false],
    ['staff', 'staff', false],
    ['moderator', 'moderator', true],
    ['admin', 'admin', true],
  ])('a %s may moderate: %s', (_label, role, allowed) => {
    const { comment, ctx } = setup(STATES.approved);
    expect(canOnComment({ user: user('u-x'), role }, 'moderate', comment, ctx)).toBe(allowed);
  });

  it('an operator moderates even where their membership says commenter', () => {
    const { comment, ctx } = setup(STATES.pending);
    const operator: Actor = { user: user('u-op', true), role: 'commenter' };
    expect(canOnComment(operator, 'moderate', comment, ctx)).toBe(true);
    expect(canOnComment(operator, 'view', comment, ctx)).toBe(true);
  });

  it('a moderator who wrote the comment may still not react to it', () => {
    const { comment, ctx } = setup(STATES.approved);
    const modAuthor: Actor = { user: user('u-author'), role: 'moderator' };
    expect(canOnComment(modAuthor, 'react', comment, ctx)).toBe(false);
    expect(canOnComment(modAuthor, 'moderate', comment, ctx)).toBe(true);
  });
});

describe('commentAbilities', () => {
  it('matches canOnComment for every actor and state', () => {
    for (const state of Object.keys(STATES) as StateName[]) {
      const { comment, ctx } = setup(STATES[state]);
      for (const actor of ACTOR_NAMES) {
        const a = ACTORS[actor];
        expect(commentAbilities(a, comment, ctx), `${actor} on ${state}`).toEqual({
          reply: canOnComment(a, 'reply', comment, ctx),
          edit: canOnComment(a, 'edit', comment, ctx),
          delete: canOnComment(a, 'delete', comment, ctx),
          react: canOnComment(a, 'react', comment, ctx),
          report: canOnComment(a, 'report', comment, ctx),
        });
      }
    }
  });

  it('lists exactly the UI actions', () => {
    const { comment, ctx } = setup(STATES.approved);
    expect(Object.keys(commentAbilities(ACTORS.other, comment, ctx)).sort()).toEqual(['delete', 'edit', 'react', 'reply', 'report']);
    expect(commentAbilities(ACTORS.other, comment, ctx)).toEqual({ reply: true, edit: false, delete: false, react: true, report: true });
  });
});
