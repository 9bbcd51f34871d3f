// Changing (or, for an account made through a provider, setting) the password. The current
// password is asked for when there is one; other sessions are signed out and the owner is told.
import { AppError } from '../../domain/errors.js';
import { queueMail } from '../mail/outbox.js';
import { passwordChangedMail } from '../mail/templates.js';
import { recordAudit } from './audit.js';
import { link, type AccountDeps, type LinkContext } from './deps.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { checkNewPassword } from './passwordPolicy.js';
import { hashToken } from './sessions.js';

/** Throws password_incorrect unless `password` is the account's (accounts without one pass). */
export async function confirmCurrentPassword(deps: Pick<AccountDeps, 'store'>, userId: string, password: string | undefined): Promise<void> {
  const identity = await deps.store.getIdentityForUser({ userId, provider: 'password' });
  if (!identity?.secret) return;
  if (!password || !(await verifyPassword(identity.secret, password))) {
    throw new AppError('password_incorrect', { fields: [{ field: 'currentPassword', code: 'password_incorrect', message: 'This is not your current password.' }] });
  }
}

export async function changePassword(
  deps: AccountDeps,
  input: { userId: string; currentPassword?: string | undefined; newPassword: string; keepSessionToken: string | null; siteId: string | null; links: LinkContext; ip?: string | null },
): Promise<{ signedOut: number }> {
  const account = await deps.store.getAccount({ userId: input.userId });
  if (!account || account.deletedAt) throw new AppError('unauthenticated');
  await confirmCurrentPassword(deps, account.id, input.currentPassword);
  const problem = checkNewPassword(input.newPassword, { email: account.email, username: account.username });
  if (problem) throw new AppError('validation_failed', { detail: problem.message, fields: [{ ...problem, field: 'newPassword' }] });
  const secret = await hashPassword(input.newPassword);
  const signedOut = await deps.store.transaction(async (tx) => {
    const now = deps.clock().toISOString();
    const identity = await tx.getIdentityForUser({ userId: account.id, provider: 'password' });
    if (identity) await tx.updateIdentitySecret({ id: identity.id, secret });
    else await tx.createIdentity({ id: deps.newId(), userId: account.id, provider: 'password', subject: account.id, secret, createdAt: now });
    const ended = await tx.deleteSessionsForUser({ userId: account.id, exceptId: input.keepSessionToken ? hashToken(input.keepSessionToken) : null });
    await tx.revokeAccountTokens({ userId: account.id, purposes: ['reset_password'], now });
    await recordAudit(tx, deps, { siteId: input.siteId, actorId: account.id, action: 'password.changed', targetUserId: account.id, details: { otherSessionsEnded: ended }, ip: input.ip ?? null });
    if (account.email && account.emailVerified) {
      await queueMail(tx, deps, account.email, passwordChangedMail({ siteName: input.links.siteName, name: account.displayName, resetUrl: link(input.links, '/account/forgot') }));
    }
    return ended;
  });
  deps.mail.wake();
  return { signedOut };
}
