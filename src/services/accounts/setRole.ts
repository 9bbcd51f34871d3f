// Changing a person's role on a site, or their operator status, as an admin. The policy
// (domain/policies/user.ts) decides who may; this writes the change and its audit entry.
import { authorizeUser } from '../../domain/policies/user.js';
import type { Actor, Role, Site } from '../../domain/types.js';
import { AppError } from '../../domain/errors.js';
import { recordAudit } from './audit.js';
import type { AccountDeps } from './deps.js';

export async function setRole(deps: AccountDeps, input: { site: Site; actor: Actor; userId: string; role: Role | null; ip?: string | null }): Promise<void> {
  const account = await deps.store.getAccount({ userId: input.userId });
  if (!account) throw new AppError('user_not_found');
  const current = (await deps.store.getMembership({ siteId: input.site.id, userId: input.userId }))?.role ?? null;
  authorizeUser(input.actor, 'changeRole', { id: account.id, isOperator: account.isOperator, deleted: account.deletedAt !== null, roleOnSite: current });
  if (current === input.role) return;
  await deps.store.transaction(async (tx) => {
    if (input.role === null) await tx.deleteMembership({ siteId: input.site.id, userId: input.userId });
    else await tx.setRole({ siteId: input.site.id, userId: input.userId, role: input.role, createdAt: deps.clock().toISOString() });
    await recordAudit(tx, deps, { siteId: input.site.id, actorId: input.actor.user?.id ?? null, action: 'role.changed', targetUserId: input.userId, details: { from: current, to: input.role }, ip: input.ip ?? null });
  });
}

export async function setOperator(deps: AccountDeps, input: { actor: Actor; userId: string; isOperator: boolean; siteId: string | null; ip?: string | null }): Promise<void> {
  const account = await deps.store.getAccount({ userId: input.userId });
  if (!account) throw new AppError('user_not_found');
  authorizeUser(input.actor, 'setOperator', { id: account.id, isOperator: account.isOperator, deleted: account.deletedAt !== null, roleOnSite: null });
  if (account.isOperator === input.isOperator) return;
  await deps.store.transaction(async (tx) => {
    await tx.setOperator({ userId: input.userId, isOperator: input.isOperator });
    await recordAudit(tx, deps, { siteId: input.siteId, actorId: input.actor.user?.id ?? null, action: 'operator.changed', targetUserId: input.userId, details: { isOperator: input.isOperator }, ip: input.ip ?? null });
  });
}
