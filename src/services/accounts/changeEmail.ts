// Changing the account's address: the new address gets a link, and the change happens only
// when it is followed (so nobody can move an account to an address they do not read). The old
// address is told, with a way to take the account back.
import { AppError } from '../../domain/errors.js';
import { queueMail } from '../mail/outbox.js';
import { changeEmailMail, emailChangedMail } from '../mail/templates.js';
import { recordAudit } from './audit.js';
import { link, type AccountDeps, type LinkContext } from './deps.js';
import { confirmCurrentPassword } from './changePassword.js';
import { allowMailTo } from './throttle.js';
import { consumeToken, issueToken, TOKEN_TTL_MS } from './tokens.js';
import { normalizeEmail } from './usernames.js';
import { absorbImportedProfiles } from './unclaimed.js';

const taken = () => new AppError('email_taken', { fields: [{ field: 'email', code: 'email_taken', message: 'Another account uses this address.' }] });

export async function requestEmailChange(deps: AccountDeps, input: { userId: string; newEmail: string; currentPassword?: string | undefined; siteId: string | null; links: LinkContext }): Promise<void> {
  const account = await deps.store.getAccount({ userId: input.userId });
  if (!account || account.deletedAt) throw new AppError('unauthenticated');
  await confirmCurrentPassword(deps, account.id, input.currentPassword);
  const email = normalizeEmail(input.newEmail);
  if (email === account.email) throw new AppError('validation_failed', { fields: [{ field: 'email', code: 'email_unchanged', message: 'This is already your address.' }] });
  const other = await deps.store.findUserByEmail({ email });
  if (other) throw taken();
  if (!(await allowMailTo(deps, email))) throw new AppError('rate_limited', { detail: 'Several mails went to this address recently; try again in an hour.', retryAfter: 3600 });
  await deps.store.transaction(async (tx) => {
    await tx.revokeAccountTokens({ userId: account.id, purposes: ['change_email'], now: deps.clock().toISOString() });
    const token = await issueToken(tx, deps, { purpose: 'change_email', userId: account.id, email, siteId: input.siteId });
    const url = link(input.links, '/account/email/confirm', { token });
    await queueMail(tx, deps, email, changeEmailMail({ siteName: input.links.siteName, name: account.displayName, url, hours: TOKEN_TTL_MS.change_email / 3600_000 }));
  });
  deps.mail.wake();
}

export async function confirmEmailChange(deps: AccountDeps, input: { token: string; links: LinkContext; ip?: string | null }): Promise<{ userId: string; email: string }> {
  const result = await deps.store.transaction(async (tx) => {
    const token = await consumeToken(tx, deps, 'change_email', input.token);
    if (!token?.userId || !token.email) throw new AppError('token_invalid');
    const account = await tx.getAccount({ userId: token.userId });
    if (!account || account.deletedAt) throw new AppError('token_invalid');
    const other = await tx.findUserByEmail({ email: token.email });
    if (other && other.id !== account.id) throw taken();
    const now = deps.clock().toISOString();
    await tx.updateAccount({ userId: account.id, set: { email: token.email, emailVerified: true } });
    await absorbImportedProfiles(tx, { userId: account.id, email: token.email, now });
    // Links sent to the old address must stop working.
    await tx.revokeAccountTokens({ userId: account.id, purposes: ['reset_password', 'magic_link', 'verify_email'], now });
    await recordAudit(tx, deps, { siteId: token.siteId, actorId: account.id, action: 'email.changed', targetUserId: account.id, details: { from: account.email, to: token.email }, ip: input.ip ?? null });
    if (account.email) {
      const resetUrl = link(input.links, '/account/forgot');
      await queueMail(tx, deps, account.email, emailChangedMail({ siteName: input.links.siteName, name: account.displayName, newEmail: token.email, resetUrl }));
    }
    return { userId: account.id, email: token.email };
  });
  deps.mail.wake();
  return result;
}
