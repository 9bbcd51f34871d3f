import { describe, expect, it } from 'vitest';
import type { Actor, Article, User } from '../types.js';
import { canOnArticle, commentsOpen, type ArticleAction } from './article.js';

const NOW = new Date('2025-03-14T12:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();

function article(overrides: Partial<Article> = {}): Article {
  return {
    id: 'a1',
    siteId: 's1',
    slug: 'budget-vote',
    title: 'Council passes the budget',
    dek: '',
    bodyMarkdown: '',
    bodyHtml: '',
    leadImage: null,
    authors: [],
    tags: [],
    section: null,
    status: 'published',
    publishedAt: '2025-03-14T08:00:00.000Z',
    updatedAt: '2025-03-14T08:00:00.000Z',
    commentsMode: 'open',
    closeAt: null,
    commentCount: 0,
    createdAt: '2025-03-14T07:00:00.000Z',
    ...overrides,
  };
}

describe('commentsOpen', () => {
  it.each<[string, Partial<Article>, boolean]>([
    ['published, open, no close time', {}, true],
    ['published, premoderated (still accepts comments, held for review)', { commentsMode: 'premoderated' }, true],
    ['published, closed mode', { commentsMode: 'closed' }, false],
    ['draft, open mode', { status: 'draft' }, false],
    ['draft, open mode, close time in the future', { status: 'draft', closeAt: at(86_400_000) }, false],
    ['close time a day ahead', { closeAt: at(86_400_000) }, true],
    ['close time one millisecond ahead', { closeAt: at(1) }, true],
    ['close time exactly now', { closeAt: at(0) }, false],
    ['close time one millisecond ago', { closeAt: at(-1) }, false],
    ['close time a week ago', { closeAt: at(-7 * 86_400_000) }, false],
    ['closed mode with a close time still ahead', { commentsMode: 'closed', closeAt: at(86_400_000) }, false],
    ['premoderated with a close time passed', { commentsMode: 'premoderated', closeAt: at(-1) }, false],
  ])('%s → %s', (_label, overrides, open) => {
    expect(commentsOpen(article(overrides), NOW)).toBe(open);
  });

  it('reads the close time against the injected now, not the wall clock', () => {
    const a = article({ closeAt: '2030-01-01T00:00:00.000Z' });
    expect(commentsOpen(a, new Date('2029-12-31T23:59:59.999Z'))).toBe(true);
    expect(commentsOpen(a, new Date('2030-01-01T00:00:00.000Z'))).toBe(false);
  });

  it('accepts close times with an offset', () => {
    // 13:00+01:00 is 12:00Z: exactly now, so closed; 13:00:01+01:00 is a second ahead.
    expect(commentsOpen(article({ closeAt: '2025-03-14T13:00:00+01:00' }), NOW)).toBe(false);
    expect(commentsOpen(article({ closeAt: '2025-03-14T13:00:01+01:00' }), NOW)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

function user(id: string, isOperator = false): User {
  return { id, email: null, username: id, displayName: id, isOperator, createdAt: '2024-01-01T00:00:00.000Z' };
}

const ACTORS = {
  anonymous: { user: null, role: null },
  commenter: { user: user('u-c'), role: 'commenter' },
  nonMember: { user: user('u-n'), role: null },
  staff: { user: user('u-s'), role: 'staff' },
  moderator: { user: user('u-m'), role: 'moderator' },
  admin: { user: user('u-a'), role: 'admin' },
  operator: { user: user('u-o', true), role: null },
} as const satisfies Record<string, Actor>;
type ActorName = keyof typeof ACTORS;
const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[];
const ACTIONS: readonly ArticleAction[] = ['read', 'comment', 'publish', 'close'];

const ARTICLES = {
  'published, open': article(),
  'published, premoderated': article({ commentsMode: 'premoderated' }),
  'published, closed': article({ commentsMode: 'closed' }),
  'published, close time passed': article({ closeAt: at(-60_000) }),
  draft: article({ status: 'draft', publishedAt: null }),
} satisfies Record<string, Article>;
type ArticleName = keyof typeof ARTICLES;

// Y = allowed, - = refused; one column per actor in this order:
//                 anonymous commenter nonMember staff moderator admin operator
const EXPECTED: Record<ArticleName, Record<ArticleAction, string>> = {
  'published, open': {
    read: /*    */ 'Y Y Y Y Y Y Y',
    comment: /* */ '- Y Y Y Y Y Y',
    publish: /* */ '- - - Y Y Y Y',
    close: /*   */ '- - - Y Y Y Y',
  },
  'published, premoderated': {
    read: /*    */ 'Y Y Y Y Y Y Y',
    comment: /* */ '- Y Y Y Y Y Y',
    publish: /* */ '- - - Y Y Y Y',
    close: /*   */ '- - - Y Y Y Y',
  },
  'published, closed': {
    read: /*    */ 'Y Y Y Y Y Y Y',
    comment: /* */ '- - - - - - -',
    publish: /* */ '- - - Y Y Y Y',
    close: /*   */ '- - - Y Y Y Y',
  },
  'published, close time passed': {
    read: /*    */ 'Y Y Y Y Y Y Y',
    comment: /* */ '- - - - - - -',
    publish: /* */ '- - - Y Y Y Y',
    close: /*   */ '- - - Y Y Y Y',
  },
  draft: {
    read: /*    */ '- - - Y Y Y Y', // drafts are for the newsroom only
    comment: /* */ '- - - - - - -',
    publish: /* */ '- - - Y Y Y Y',
    close: /*   */ '- - - Y Y Y Y',
  },
};

describe('canOnArticle: actors × actions × article states', () => {
  it.each(Object.keys(ARTICLES) as ArticleName[])('%s', (name) => {
    const actual: Record<string, string> = {};
    for (const action of ACTIONS) {
      actual[action] = ACTOR_NAMES.map((actor) => (canOnArticle(ACTORS[actor], action, ARTICLES[name], NOW) ? 'Y' : '-')).join(' ');
    }
    expect(actual).toEqual(EXPECTED[name]);
  });

  it('comment follows commentsOpen for every signed-in actor', () => {
    for (const a of Object.values(ARTICLES)) {
      for (const actor of ACTOR_NAMES) {
        const expected = ACTORS[actor].user !== null && commentsOpen(a, NOW);
        expect(canOnArticle(ACTORS[actor], 'comment', a, NOW)).toBe(expected);
      }
    }
  });

  it('comment uses the now it is given', () => {
    const a = article({ closeAt: at(60_000) });
    expect(canOnArticle(ACTORS.commenter, 'comment', a, NOW)).toBe(true);
    expect(canOnArticle(ACTORS.commenter, 'comment', a, new Date(NOW.getTime() + 60_000))).toBe(false);
  });
});
