// Passwordless sign-in: a link to the account's address that signs that browser in, once,
// within 15 minutes. Opening it shows a button rather than signing in straight away, so a mail
// scanner that follows links cannot use it up. Using it also confirms the address.
import { AppError } from '../../domain/errors.js';
import type { User } from '../../domain/types.js';
import { queueMail } from '../mail/outbox.js';
import { magicLinkMail } from '../mail/templates.js';
import { recordAudit } from './audit.js';
import { requestClaim } from './claimProfile.js';
import { link, type AccountDeps, type LinkContext } from './deps.js';
import { allowMailTo } from './throttle.js';
import { consumeToken, issueToken, peekToken, TOKEN_TTL_MS } from './tokens.js';
import { absorbImportedProfiles, isUnclaimed } from './unclaimed.js';
import { normalizeEmail } from './usernames.js';

/** Answers the same whether or not the address has an account. */
export async function requestSignInLink(deps: AccountDeps, input: { email: string; siteId: string | null; links: LinkContext; returnTo?: string }): Promise<void> {
  const email = normalizeEmail(input.email);
  const user = await deps.store.findUserByEmail({ email });
  const account = user && (await deps.store.getAccount({ userId: user.id }));
  if (!account || account.deletedAt) return;
  if (await isUnclaimed(deps.store, account)) return void (await requestClaim(deps, { email, siteId: input.siteId, links: input.links }));
  if (!(await allowMailTo(deps, email))) return;
  await deps.store.transaction(async (tx) => {
    const token = await issueToken(tx, deps, { purpose: 'magic_link', userId: account.id, email, siteId: input.siteId });
    const url = link(input.links, '/signin/link', { token, ...(input.returnTo && input.returnTo !== '/' ? { returnTo: input.returnTo } : {}) });
    await queueMail(tx, deps, email, magicLinkMail({ siteName: input.links.siteName, name: account.displayName, url, minutes: TOKEN_TTL_MS.magic_link / 60_000 }));
  });
  deps.mail.wake();
}

export async function signInLinkIsValid(deps: AccountDeps, token: string): Promise<boolean> {
  return (await peekToken(deps, 'magic_link', token)) !== undefined;
}

export async function completeSignInLink(deps: AccountDeps, input: { token: string; ip?: string | null }): Promise<User> {
  const userId = await deps.store.transaction(async (tx) => {
    const token = await consumeToken(tx, deps, 'magic_link', input.token);
    if (!token?.userId) throw new AppError('token_invalid');
    const account = await tx.getAccount({ userId: token.userId });
    if (!account || account.deletedAt || account.email !== token.email) throw new AppError('token_invalid');
    if (!account.emailVerified) {
      await tx.updateAccount({ userId: account.id, set: { emailVerified: true } });
      await recordAudit(tx, deps, { siteId: token.siteId, actorId: account.id, action: 'email.verified', targetUserId: account.id, details: { email: account.email, by: 'sign_in_link' }, ip: input.ip ?? null });
    }
    await absorbImportedProfiles(tx, { userId: account.id, email: account.email!, now: deps.clock().toISOString() });
    return account.id;
  });
  return (await deps.store.getUser({ id: userId }))!;
}
