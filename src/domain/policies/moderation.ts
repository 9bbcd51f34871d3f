// Who may moderate what on a site. Comment actions, restrictions and appeals are for moderators
// and admins of the site (operators everywhere); settings and models for admins; bans on every
// site for operators; closing and reopening a discussion also for staff (see article policy).
import { AppError } from '../errors.js';
import type { Actor, Role } from '../types.js';
import { effectiveRole, hasRole, isModerator } from './roles.js';

export type ModerationAction =
  | 'view_queues'
  | 'moderate_comments'
  | 'restrict_users'
  | 'restrict_everywhere'
  | 'decide_appeals'
  | 'manage_settings'
  | 'manage_story'
  | 'view_transparency';

export function refuseModeration(actor: Actor, action: ModerationAction): AppError | null {
  if (!actor.user) return new AppError('unauthenticated');
  switch (action) {
    case 'manage_story':
      return hasRole(actor, 'staff') ? null : new AppError('forbidden');
    case 'manage_settings':
    case 'view_transparency':
      return hasRole(actor, 'admin') || (action === 'view_transparency' && isModerator(actor)) ? null : new AppError('forbidden');
    case 'restrict_everywhere':
      return actor.user.isOperator ? null : new AppError('forbidden', { detail: 'Only operators can ban someone from every site.' });
    default:
      return isModerator(actor) ? null : new AppError('forbidden');
  }
}

export function canModerate(actor: Actor, action: ModerationAction): boolean {
  return refuseModeration(actor, action) === null;
}

export function authorizeModeration(actor: Actor, action: ModerationAction): void {
  const refusal = refuseModeration(actor, action);
  if (refusal) throw refusal;
}

const RANK: Record<Role, number> = { commenter: 0, staff: 1, moderator: 2, admin: 3 };

/**
 * Whether `actor` may restrict `target` (whose role on the site is `targetRole`): never oneself,
 * and a moderator cannot restrict another moderator or an admin; only operators restrict operators.
 */
export function refuseRestrictionOf(actor: Actor, target: { id: string; isOperator: boolean; role: Role | null }): AppError | null {
  if (!actor.user) return new AppError('unauthenticated');
  if (actor.user.id === target.id) return new AppError('forbidden', { detail: 'You cannot restrict your own account.' });
  if (target.isOperator && !actor.user.isOperator) return new AppError('forbidden', { detail: 'Operators can only be restricted by another operator.' });
  const mine = RANK[effectiveRole(actor) ?? 'commenter'];
  const theirs = RANK[target.role ?? 'commenter'];
  if (theirs >= RANK.moderator && theirs >= mine) return new AppError('forbidden', { detail: 'Moderators and admins can only be restricted by someone of a higher role.' });
  return null;
}

/** Appeals are decided by someone other than whoever took the decision (DSA Art. 20(6)). */
export function refuseAppealDecision(actor: Actor, appeal: { originalActorId: string | null; userId: string }): AppError | null {
  const refusal = refuseModeration(actor, 'decide_appeals');
  if (refusal) return refusal;
  if (actor.user!.id === appeal.originalActorId) return new AppError('appeal_conflict');
  if (actor.user!.id === appeal.userId) return new AppError('forbidden', { detail: 'You cannot decide your own appeal.' });
  return null;
}
