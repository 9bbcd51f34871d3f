// Confirming that an account's address is its owner's: a link sent to it, used once.
import { AppError } from '../../domain/errors.js';
import { queueMail } from '../mail/outbox.js';
import { verifyEmailMail } from '../mail/templates.js';
import { recordAudit } from './audit.js';
import { link, type AccountDeps, type LinkContext } from './deps.js';
import { allowMailTo } from './throttle.js';
import { consumeToken, issueToken, TOKEN_TTL_MS } from './tokens.js';
import { absorbImportedProfiles } from './unclaimed.js';

/** Sends a confirmation link when the account has an unconfirmed address. Returns whether a mail was queued. */
export async function sendVerification(deps: AccountDeps, input: { userId: string; siteId: string | null; links: LinkContext }): Promise<boolean> {
  const account = await deps.store.getAccount({ userId: input.userId });
  if (!account?.email || account.emailVerified || account.deletedAt) return false;
  if (!(await allowMailTo(deps, account.email))) throw new AppError('rate_limited', { detail: 'Several confirmation mails were sent recently. Check your inbox (and spam folder), or try again in an hour.', retryAfter: 3600 });
  await deps.store.transaction(async (tx) => {
    const token = await issueToken(tx, deps, { purpose: 'verify_email', userId: account.id, email: account.email, siteId: input.siteId });
    const url = link(input.links, '/account/verify', { token });
    await queueMail(tx, deps, account.email!, verifyEmailMail({ siteName: input.links.siteName, name: account.displayName, url, hours: TOKEN_TTL_MS.verify_email / 3600_000 }));
  });
  deps.mail.wake();
  return true;
}

/** Uses a confirmation link. The address must still be the account's. */
export async function confirmEmail(deps: AccountDeps, input: { token: string; ip?: string | null }): Promise<{ userId: string }> {
  const userId = await deps.store.transaction(async (tx) => {
    const token = await consumeToken(tx, deps, 'verify_email', input.token);
    if (!token?.userId) throw new AppError('token_invalid');
    const account = await tx.getAccount({ userId: token.userId });
    if (!account || account.deletedAt || account.email !== token.email) throw new AppError('token_invalid');
    if (!account.emailVerified) {
      await tx.updateAccount({ userId: account.id, set: { emailVerified: true } });
      await recordAudit(tx, deps, { siteId: token.siteId, actorId: account.id, action: 'email.verified', targetUserId: account.id, details: { email: account.email }, ip: input.ip ?? null });
    }
    await absorbImportedProfiles(tx, { userId: account.id, email: account.email!, now: deps.clock().toISOString() });
    return account.id;
  });
  return { userId };
}
