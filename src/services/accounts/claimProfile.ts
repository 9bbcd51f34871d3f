// Claiming an imported profile: a link to the profile's address; following it and choosing a
// password (and, if wanted, a new username) turns the profile into a normal account with its
// comment history. The importer (issue 6) creates such profiles; see unclaimed.ts.
import { AppError } from '../../domain/errors.js';
import type { User } from '../../domain/types.js';
import { queueMail } from '../mail/outbox.js';
import { claimProfileMail } from '../mail/templates.js';
import { recordAudit } from './audit.js';
import { link, type AccountDeps, type LinkContext } from './deps.js';
import { checkUsername } from './names.js';
import { hashPassword } from './passwords.js';
import { checkNewPassword } from './passwordPolicy.js';
import { allowMailTo } from './throttle.js';
import { consumeToken, issueToken, peekToken, TOKEN_TTL_MS } from './tokens.js';
import { absorbImportedProfiles, isUnclaimed } from './unclaimed.js';
import { normalizeEmail, usernameKey } from './usernames.js';

/** Sends a claim link when the address belongs to an unclaimed profile; returns whether it did. */
export async function requestClaim(deps: AccountDeps, input: { email: string; siteId: string | null; links: LinkContext }): Promise<boolean> {
  const email = normalizeEmail(input.email);
  const user = await deps.store.findUserByEmail({ email });
  const account = user && (await deps.store.getAccount({ userId: user.id }));
  if (!account || !(await isUnclaimed(deps.store, account))) return false;
  if (!(await allowMailTo(deps, email))) return true;
  await deps.store.transaction(async (tx) => {
    const token = await issueToken(tx, deps, { purpose: 'claim_profile', userId: account.id, email, siteId: input.siteId });
    const url = link(input.links, '/account/claim', { token });
    await queueMail(tx, deps, email, claimProfileMail({ siteName: input.links.siteName, name: account.displayName, url, hours: TOKEN_TTL_MS.claim_profile / 3600_000 }));
  });
  deps.mail.wake();
  return true;
}

export async function previewClaim(deps: AccountDeps, token: string): Promise<{ username: string; displayName: string } | null> {
  const record = await peekToken(deps, 'claim_profile', token);
  const account = record?.userId ? await deps.store.getAccount({ userId: record.userId }) : undefined;
  return account ? { username: account.username, displayName: account.displayName } : null;
}

export async function completeClaim(deps: AccountDeps, input: { token: string; password: string; username?: string | undefined; ip?: string | null }): Promise<User> {
  const preview = await peekToken(deps, 'claim_profile', input.token);
  const owner = preview?.userId ? await deps.store.getAccount({ userId: preview.userId }) : undefined;
  if (!owner) throw new AppError('token_invalid');
  const wanted = input.username?.trim() || owner.username;
  const privileged = await deps.store.listPrivilegedNames();
  const problems = [
    wanted !== owner.username ? checkUsername(wanted, { privileged, selfId: owner.id }) : null,
    checkNewPassword(input.password, { email: owner.email, username: wanted }),
  ].filter((p) => p !== null);
  if (wanted !== owner.username) {
    const taken = await deps.store.findUserByUsernameKey({ usernameKey: usernameKey(wanted) });
    if (taken && taken.id !== owner.id) problems.push({ field: 'username', code: 'username_taken', message: 'This username is taken. Try another.' });
  }
  if (problems.length) throw new AppError('validation_failed', { detail: problems.map((p) => p.message).join(' '), fields: problems });
  const secret = await hashPassword(input.password);
  const userId = await deps.store.transaction(async (tx) => {
    const token = await consumeToken(tx, deps, 'claim_profile', input.token);
    if (!token?.userId) throw new AppError('token_invalid');
    const account = await tx.getAccount({ userId: token.userId });
    if (!account || account.email !== token.email || !(await isUnclaimed(tx, account))) throw new AppError('token_invalid');
    const now = deps.clock().toISOString();
    await tx.createIdentity({ id: deps.newId(), userId: account.id, provider: 'password', subject: account.id, secret, createdAt: now });
    await tx.updateAccount({ userId: account.id, set: { emailVerified: true, status: 'active', ...(wanted !== account.username ? { username: wanted, usernameKey: usernameKey(wanted) } : {}) } });
    await absorbImportedProfiles(tx, { userId: account.id, email: account.email!, now });
    await recordAudit(tx, deps, { siteId: token.siteId, actorId: account.id, action: 'profile.claimed', targetUserId: account.id, details: { by: 'email_link' }, ip: input.ip ?? null });
    return account.id;
  });
  return (await deps.store.getUser({ id: userId }))!;
}
