// The user and site policies as pure tables: actors × actions × targets.
import { describe, expect, it } from 'vitest';
import { canOnSite, type SiteAction } from '../../src/domain/policies/site.js';
import { canOnUser, type PolicyUser, type UserAction } from '../../src/domain/policies/user.js';
import type { Actor, User } from '../../src/domain/types.js';

function user(id: string, isOperator = false): User {
  return { id, email: null, username: id, displayName: id, isOperator, createdAt: '2024-01-01T00:00:00.000Z' };
}

const ACTORS = {
  anonymous: { user: null, role: null },
  self: { user: user('target'), role: 'commenter' },
  commenter: { user: user('u-c'), role: 'commenter' },
  staff: { user: user('u-s'), role: 'staff' },
  moderator: { user: user('u-m'), role: 'moderator' },
  admin: { user: user('u-a'), role: 'admin' },
  operator: { user: user('u-o', true), role: null },
} as const satisfies Record<string, Actor>;
type ActorName = keyof typeof ACTORS;
const NAMES = Object.keys(ACTORS) as ActorName[];
const USER_ACTIONS: readonly UserAction[] = ['view', 'viewPrivate', 'edit', 'revokeSessions', 'changeRole', 'setOperator', 'export', 'delete'];

const TARGETS = {
  'a member': { id: 'target', isOperator: false, deleted: false, roleOnSite: 'commenter' },
  'someone from another site': { id: 'target', isOperator: false, deleted: false, roleOnSite: null },
  'an operator who is a member': { id: 'target', isOperator: true, deleted: false, roleOnSite: 'commenter' },
  'a deleted account': { id: 'target', isOperator: false, deleted: true, roleOnSite: 'commenter' },
} satisfies Record<string, PolicyUser>;
type TargetName = keyof typeof TARGETS;

// One column per actor: anonymous self commenter staff moderator admin operator
const EXPECTED: Record<TargetName, Record<UserAction, string>> = {
  'a member': {
    view: /*           */ 'Y Y Y Y Y Y Y',
    viewPrivate: /*    */ '- Y - - - Y Y',
    edit: /*           */ '- Y - - - - -',
    revokeSessions: /* */ '- Y - - - - Y',
    changeRole: /*     */ '- - - - - Y Y',
    setOperator: /*    */ '- - - - - - Y',
    export: /*         */ '- Y - - - - -',
    delete: /*         */ '- Y - - - - -',
  },
  'someone from another site': {
    view: /*           */ 'Y Y Y Y Y Y Y',
    viewPrivate: /*    */ '- Y - - - - Y',
    edit: /*           */ '- Y - - - - -',
    revokeSessions: /* */ '- Y - - - - Y',
    changeRole: /*     */ '- - - - - - Y',
    setOperator: /*    */ '- - - - - - Y',
    export: /*         */ '- Y - - - - -',
    delete: /*         */ '- Y - - - - -',
  },
  'an operator who is a member': {
    view: /*           */ 'Y Y Y Y Y Y Y',
    viewPrivate: /*    */ '- Y - - - Y Y',
    edit: /*           */ '- Y - - - - -',
    revokeSessions: /* */ '- Y - - - - Y',
    changeRole: /*     */ '- - - - - - Y',
    setOperator: /*    */ '- - - - - - Y',
    export: /*         */ '- Y - - - - -',
    delete: /*         */ '- Y - - - - -',
  },
  'a deleted account': {
    view: /*           */ '- - - - - - -',
    viewPrivate: /*    */ '- Y - - - Y Y',
    edit: /*           */ '- - - - - - -',
    revokeSessions: /* */ '- Y - - - - Y',
    changeRole: /*     */ '- - - - - - -',
    setOperator: /*    */ '- - - - - - -',
    export: /*         */ '- - - - - - -',
    delete: /*         */ '- - - - - - -',
  },
};

describe('user policy: actors × actions × targets', () => {
  it.each(Object.keys(TARGETS) as TargetName[])('%s', (name) => {
    const actual: Record<string, string> = {};
    for (const action of USER_ACTIONS) actual[action] = NAMES.map((a) => (canOnUser(ACTORS[a], action, TARGETS[name]) ? 'Y' : '-')).join(' ');
    expect(actual).toEqual(EXPECTED[name]);
  });

  it('never lets anyone change their own role or operator status', () => {
    const me = { id: 'u-o', isOperator: true, deleted: false, roleOnSite: 'admin' as const };
    expect(canOnUser(ACTORS.operator, 'changeRole', me)).toBe(false);
    expect(canOnUser(ACTORS.operator, 'setOperator', me)).toBe(false);
  });
});

describe('site policy', () => {
  const ACTIONS: readonly SiteAction[] = ['listMembers', 'listAllUsers', 'viewAudit', 'manageSignIn'];
  // anonymous self(commenter) commenter staff moderator admin operator
  const expected: Record<SiteAction, string> = {
    listMembers: '- - - - - Y Y',
    listAllUsers: '- - - - - - Y',
    viewAudit: '- - - - - Y Y',
    manageSignIn: '- - - - - Y Y',
  };
  it.each(ACTIONS)('%s', (action) => {
    expect(NAMES.map((a) => (canOnSite(ACTORS[a], action) ? 'Y' : '-')).join(' ')).toBe(expected[action]);
  });
});
