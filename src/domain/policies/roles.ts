import type { Actor, Role } from '../types.js';

const RANK: Record<Role, number> = { commenter: 0, staff: 1, moderator: 2, admin: 3 };

/** The actor's effective role on the site at hand; operators act as admins everywhere. */
export function effectiveRole(actor: Actor): Role | null {
  if (!actor.user) return null;
  if (actor.user.isOperator) return 'admin';
  return actor.role ?? 'commenter';
}

export function hasRole(actor: Actor, atLeast: Role): boolean {
  const role = effectiveRole(actor);
  return role !== null && RANK[role] >= RANK[atLeast];
}

/** Moderators and admins moderate comments and people; staff carry a badge and manage their discussions (open, close), not others' comments. */
export function isModerator(actor: Actor): boolean {
  return hasRole(actor, 'moderator');
}
