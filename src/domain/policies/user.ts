// Who may do what to a person's account. Accounts are platform-wide while roles are per site:
// a site admin acts on people who are members of their site (and only through that site), an
// operator on everyone. Routes ask here; the admin pages show only what is allowed.
import { AppError } from '../errors.js';
import type { Actor, Role } from '../types.js';
import { hasRole } from './roles.js';

export type UserAction =
  /** The public profile and comment history. */
  | 'view'
  /** Address, sign-in methods, sessions and audit entries (the admin view of a person). */
  | 'viewPrivate'
  /** Display name, username, bio, address, password. */
  | 'edit'
  /** Ending sessions. Platform-wide, so the owner or an operator. */
  | 'revokeSessions'
  /** The role on the site at hand. */
  | 'changeRole'
  /** Making or unmaking an operator. */
  | 'setOperator'
  /** The "download my data" archive: the owner alone. */
  | 'export'
  /** Asking for, or cancelling, the deletion of the account. */
  | 'delete';

export interface PolicyUser {
  id: string;
  isOperator: boolean;
  deleted: boolean;
  /** Their membership role on the site at hand, null when they are not a member. */
  roleOnSite: Role | null;
}

const isSelf = (actor: Actor, target: PolicyUser) => actor.user !== null && actor.user.id === target.id;
const isOperator = (actor: Actor) => actor.user?.isOperator === true;
/** A site admin (or operator) acting on a member of their site. */
const adminOver = (actor: Actor, target: PolicyUser) => isOperator(actor) || (hasRole(actor, 'admin') && target.roleOnSite !== null);

export function refuseOnUser(actor: Actor, action: UserAction, target: PolicyUser): AppError | null {
  if (action === 'view') return target.deleted ? new AppError('user_not_found') : null;
  if (!actor.user) return new AppError('unauthenticated');
  switch (action) {
    case 'viewPrivate':
      return isSelf(actor, target) || adminOver(actor, target) ? null : new AppError('forbidden');
    case 'edit':
    case 'export':
    case 'delete':
      if (target.deleted) return new AppError('account_deleted');
      return isSelf(actor, target) ? null : new AppError('forbidden');
    case 'revokeSessions':
      return isSelf(actor, target) || isOperator(actor) ? null : new AppError('forbidden');
    case 'changeRole':
      if (target.deleted) return new AppError('account_deleted');
      if (isSelf(actor, target)) return new AppError('forbidden', { detail: 'You cannot change your own role; ask another admin.' });
      if (target.isOperator && !isOperator(actor)) return new AppError('forbidden', { detail: 'Only an operator can change the role of an operator.' });
      // Site admins manage the people of their own site (members: signed up or in there).
      return adminOver(actor, target) ? null : new AppError('forbidden');
    case 'setOperator':
      if (isSelf(actor, target)) return new AppError('forbidden', { detail: 'You cannot change your own operator status.' });
      return isOperator(actor) && !target.deleted ? null : new AppError('forbidden');
  }
}

export function canOnUser(actor: Actor, action: UserAction, target: PolicyUser): boolean {
  return refuseOnUser(actor, action, target) === null;
}

export function authorizeUser(actor: Actor, action: UserAction, target: PolicyUser): void {
  const refusal = refuseOnUser(actor, action, target);
  if (refusal) throw refusal;
}

export function userAbilities(actor: Actor, target: PolicyUser) {
  return {
    viewPrivate: canOnUser(actor, 'viewPrivate', target),
    edit: canOnUser(actor, 'edit', target),
    revokeSessions: canOnUser(actor, 'revokeSessions', target),
    changeRole: canOnUser(actor, 'changeRole', target),
    setOperator: canOnUser(actor, 'setOperator', target),
  };
}
