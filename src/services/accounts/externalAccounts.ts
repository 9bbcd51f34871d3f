// Accounts that sign in through someone else: an OpenID Connect provider or the host site's
// SSO. One rule set for both:
//   - a known (provider, subject) pair signs in its account;
//   - otherwise the account with the same address is linked only when the provider says the
//     address is verified AND the account's own address is confirmed (or the account is an
//     unclaimed imported profile, which the verified address claims). An unconfirmed account
//     with that address is never linked: whoever created it may not own the address, and
//     linking would hand them the newcomer's sign-in (account pre-hijacking);
//   - otherwise a new account is made, with a username and display name that pass the
//     impersonation rules (or a neutral fallback).
import { randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import type { Role, Site, User } from '../../domain/types.js';
import type { AccountRecord } from '../../store/store.js';
import { recordAudit } from './audit.js';
import type { AccountDeps } from './deps.js';
import { checkDisplayName, checkUsername, normalizeDisplayName, type PrivilegedName } from './names.js';
import { absorbImportedProfiles, isUnclaimed } from './unclaimed.js';
import { normalizeEmail, usernameKey } from './usernames.js';

export interface ExternalProfile {
  /** 'oidc:<provider id>' or 'sso:<site id>'. */
  provider: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  preferredUsername: string | null;
}

export interface ExternalSignIn {
  user: User;
  created: boolean;
  linked: boolean;
}

const refuseUnconfirmed = () =>
  new AppError('account_link_refused', {
    detail:
      'An account with this address already exists, but its address has not been confirmed, so it cannot be linked. Sign in to it (or reset its password by email), confirm the address, and try again.',
  });
const refuseUnverified = () =>
  new AppError('account_link_refused', {
    detail: 'The provider did not confirm your address, and an account here already uses it. Sign in to that account and connect the provider from your account page.',
  });

async function freeUsername(deps: Pick<AccountDeps, 'store'>, wanted: string | null, privileged: readonly PrivilegedName[]): Promise<string> {
  let base = (wanted ?? '').normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 20);
  if (base.length < 3 || checkUsername(base, { privileged, selfId: null })) base = 'reader';
  for (let i = 0; i < 50; i++) {
    const candidate = i === 0 && base !== 'reader' ? base : `${base}_${randomBytes(3).toString('hex')}`.slice(0, 24);
    if (!(await deps.store.findUserByUsernameKey({ usernameKey: usernameKey(candidate) }))) return candidate;
  }
  return `reader_${randomBytes(8).toString('hex')}`;
}

async function link(deps: AccountDeps, account: AccountRecord, profile: ExternalProfile, site: Site, ip: string | null): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const now = deps.clock().toISOString();
    await tx.createIdentity({ id: deps.newId(), userId: account.id, provider: profile.provider, subject: profile.subject, secret: null, createdAt: now });
    if (!account.emailVerified || account.status === 'unclaimed') await tx.updateAccount({ userId: account.id, set: { emailVerified: true, status: 'active' } });
    if (account.email) await absorbImportedProfiles(tx, { userId: account.id, email: account.email, now });
    if (!(await tx.getMembership({ siteId: site.id, userId: account.id }))) await tx.setRole({ siteId: site.id, userId: account.id, role: 'commenter', createdAt: now });
    await recordAudit(tx, deps, { siteId: site.id, actorId: account.id, action: 'identity.linked', targetUserId: account.id, details: { provider: profile.provider, by: 'verified_email' }, ip });
  });
}

export async function signInExternal(deps: AccountDeps, input: { site: Site; profile: ExternalProfile; ip?: string | null }): Promise<ExternalSignIn> {
  const { store } = deps;
  const { profile, site } = input;
  const known = await store.getIdentity({ provider: profile.provider, subject: profile.subject });
  if (known) {
    const user = await store.getUser({ id: known.userId });
    if (user) return { user, created: false, linked: false };
  }

  const email = profile.email ? normalizeEmail(profile.email) : null;
  const holder = email ? await store.findUserByEmail({ email }) : undefined;
  if (holder) {
    if (!profile.emailVerified) throw refuseUnverified();
    const account = (await store.getAccount({ userId: holder.id }))!;
    if (!account.emailVerified && !(await isUnclaimed(store, account))) throw refuseUnconfirmed();
    await link(deps, account, profile, site, input.ip ?? null);
    return { user: (await store.getUser({ id: account.id }))!, created: false, linked: true };
  }

  const privileged = await store.listPrivilegedNames();
  const username = await freeUsername(deps, profile.preferredUsername ?? profile.name ?? email?.split('@')[0] ?? null, privileged);
  const name = normalizeDisplayName(profile.name ?? '');
  const displayName = name && !checkDisplayName(name, { privileged, selfId: null }) ? name : username;
  const now = deps.clock();
  const id = deps.newId(now.getTime());
  try {
    await store.transaction(async (tx) => {
      await tx.createUser({ id, email, emailVerified: Boolean(email && profile.emailVerified), username, usernameKey: usernameKey(username), displayName, isOperator: false, createdAt: now.toISOString() });
      await tx.createIdentity({ id: deps.newId(now.getTime()), userId: id, provider: profile.provider, subject: profile.subject, secret: null, createdAt: now.toISOString() });
      await tx.setRole({ siteId: site.id, userId: id, role: 'commenter', createdAt: now.toISOString() });
      if (email && profile.emailVerified) await absorbImportedProfiles(tx, { userId: id, email, now: now.toISOString() });
    });
  } catch (err) {
    // The same person finishing two sign-ins at once: the unique index on the identity decides.
    const again = await store.getIdentity({ provider: profile.provider, subject: profile.subject });
    const user = again && (await store.getUser({ id: again.userId }));
    if (user) return { user, created: false, linked: false };
    throw err;
  }
  return { user: (await store.getUser({ id }))!, created: true, linked: false };
}

/** Connects a provider to the signed-in account (from the account page). */
export async function linkExternalToUser(deps: AccountDeps, input: { userId: string; site: Site; profile: ExternalProfile; ip?: string | null }): Promise<void> {
  const existing = await deps.store.getIdentity({ provider: input.profile.provider, subject: input.profile.subject });
  if (existing) {
    if (existing.userId === input.userId) return;
    throw new AppError('account_link_refused', { detail: 'This provider account already signs in to another account here.' });
  }
  await deps.store.transaction(async (tx) => {
    await tx.createIdentity({ id: deps.newId(), userId: input.userId, provider: input.profile.provider, subject: input.profile.subject, secret: null, createdAt: deps.clock().toISOString() });
    await recordAudit(tx, deps, { siteId: input.site.id, actorId: input.userId, action: 'identity.linked', targetUserId: input.userId, details: { provider: input.profile.provider, by: 'signed_in' }, ip: input.ip ?? null });
  });
}

/** Removes a sign-in method, unless it is the last one. */
export async function unlinkIdentity(deps: AccountDeps, input: { userId: string; identityId: string; siteId: string | null; ip?: string | null }): Promise<void> {
  const identities = await deps.store.listIdentities({ userId: input.userId });
  const target = identities.find((i) => i.id === input.identityId);
  if (!target) throw new AppError('not_found', { detail: 'No such sign-in method on your account.' });
  if (identities.length <= 1) throw new AppError('last_sign_in_method');
  await deps.store.transaction(async (tx) => {
    await tx.deleteIdentity({ userId: input.userId, id: target.id });
    await recordAudit(tx, deps, { siteId: input.siteId, actorId: input.userId, action: 'identity.unlinked', targetUserId: input.userId, details: { provider: target.provider }, ip: input.ip ?? null });
  });
}

/** Applies a role the host site asserts, never above the site's ceiling. */
export async function applyAssertedRole(deps: AccountDeps, input: { site: Site; userId: string; role: Role | null; ceiling: Role }): Promise<Role> {
  const rank: Record<Role, number> = { commenter: 0, staff: 1, moderator: 2, admin: 3 };
  const current = (await deps.store.getMembership({ siteId: input.site.id, userId: input.userId }))?.role ?? null;
  if (input.role === null) {
    if (!current) await deps.store.setRole({ siteId: input.site.id, userId: input.userId, role: 'commenter', createdAt: deps.clock().toISOString() });
    return current ?? 'commenter';
  }
  const role = rank[input.role] > rank[input.ceiling] ? input.ceiling : input.role;
  if (role !== current) {
    await deps.store.transaction(async (tx) => {
      await tx.setRole({ siteId: input.site.id, userId: input.userId, role, createdAt: deps.clock().toISOString() });
      await recordAudit(tx, deps, { siteId: input.site.id, actorId: null, action: 'role.changed', targetUserId: input.userId, details: { from: current, to: role, by: 'host_site_sso' } });
    });
  }
  return role;
}
