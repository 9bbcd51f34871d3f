// "Forgot your password?": a link to the account's address, used once within 30 minutes. The
// request answers the same whether or not the address has an account. Completing it sets the
// new password, confirms the address (the link proved it), and signs out every session.
import { AppError } from '../../domain/errors.js';
import { queueMail } from '../mail/outbox.js';
import { resetPasswordMail } from '../mail/templates.js';
import { recordAudit } from './audit.js';
import { link, type AccountDeps, type LinkContext } from './deps.js';
import { hashPassword } from './passwords.js';
import { checkNewPassword } from './passwordPolicy.js';
import { requestClaim } from './claimProfile.js';
import { allowMailTo, clearFailures } from './throttle.js';
import { consumeToken, issueToken, peekToken, TOKEN_TTL_MS } from './tokens.js';
import { absorbImportedProfiles, isUnclaimed } from './unclaimed.js';
import { normalizeEmail } from './usernames.js';

export async function requestPasswordReset(deps: AccountDeps, input: { email: string; siteId: string | null; links: LinkContext }): Promise<void> {
  const email = normalizeEmail(input.email);
  const user = await deps.store.findUserByEmail({ email });
  const account = user && (await deps.store.getAccount({ userId: user.id }));
  if (!account || account.deletedAt) return;
  if (await isUnclaimed(deps.store, account)) return void (await requestClaim(deps, { email, siteId: input.siteId, links: input.links }));
  if (!(await allowMailTo(deps, email))) return;
  await deps.store.transaction(async (tx) => {
    const token = await issueToken(tx, deps, { purpose: 'reset_password', userId: account.id, email, siteId: input.siteId });
    const url = link(input.links, '/account/reset', { token });
    await queueMail(tx, deps, email, resetPasswordMail({ siteName: input.links.siteName, name: account.displayName, url, minutes: TOKEN_TTL_MS.reset_password / 60_000 }));
  });
  deps.mail.wake();
}

/** Whether a reset link is still good (for the page that asks for the new password). */
export async function resetLinkIsValid(deps: AccountDeps, token: string): Promise<boolean> {
  return (await peekToken(deps, 'reset_password', token)) !== undefined;
}

export async function completePasswordReset(deps: AccountDeps, input: { token: string; password: string; ip?: string | null }): Promise<{ userId: string }> {
  const preview = await peekToken(deps, 'reset_password', input.token);
  if (!preview?.userId) throw new AppError('token_invalid');
  const owner = await deps.store.getAccount({ userId: preview.userId });
  const problem = checkNewPassword(input.password, { email: owner?.email, username: owner?.username });
  if (problem) throw new AppError('validation_failed', { detail: problem.message, fields: [problem] });
  const secret = await hashPassword(input.password);
  const userId = await deps.store.transaction(async (tx) => {
    const token = await consumeToken(tx, deps, 'reset_password', input.token);
    if (!token?.userId) throw new AppError('token_invalid');
    const account = await tx.getAccount({ userId: token.userId });
    if (!account || account.deletedAt || account.email !== token.email) throw new AppError('token_invalid');
    const now = deps.clock().toISOString();
    const identity = await tx.getIdentityForUser({ userId: account.id, provider: 'password' });
    if (identity) await tx.updateIdentitySecret({ id: identity.id, secret });
    else await tx.createIdentity({ id: deps.newId(), userId: account.id, provider: 'password', subject: account.id, secret, createdAt: now });
    if (!account.emailVerified) await tx.updateAccount({ userId: account.id, set: { emailVerified: true } });
    await absorbImportedProfiles(tx, { userId: account.id, email: account.email!, now });
    await tx.deleteSessionsForUser({ userId: account.id });
    await tx.revokeAccountTokens({ userId: account.id, purposes: ['reset_password', 'magic_link'], now });
    await recordAudit(tx, deps, { siteId: token.siteId, actorId: account.id, action: 'password.reset', targetUserId: account.id, ip: input.ip ?? null });
    return account.id;
  });
  await clearFailures(deps, { key: `account:${userId}`, policy: 'account' });
  return { userId };
}
