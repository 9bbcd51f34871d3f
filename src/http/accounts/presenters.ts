// How account records become JSON for the account, profile and admin endpoints and pages.
import { userAbilities, type PolicyUser } from '../../domain/policies/user.js';
import type { Actor, Role } from '../../domain/types.js';
import type { SessionView } from '../../services/accounts/manageSessions.js';
import type { AccountRecord, AuditRecord, AuthoredComment, IdentityRecord, OidcProviderRecord } from '../../store/store.js';
import type { Site } from '../../domain/types.js';
import { articleUrl } from '../presenters.js';

const seg = encodeURIComponent;

export const profileUrl = (username: string) => `/users/${seg(username)}`;
export const avatarUrl = (userId: string) => `/users/${seg(userId)}/avatar.svg`;

export function accountStatus(a: Pick<AccountRecord, 'deletedAt' | 'deletionDueAt'>): 'active' | 'pending_deletion' | 'deleted' {
  return a.deletedAt ? 'deleted' : a.deletionDueAt ? 'pending_deletion' : 'active';
}

/** A readable name for a sign-in method. */
export function providerName(provider: string, ctx: { providers: Map<string, OidcProviderRecord>; sites: Map<string, Site> }): string {
  if (provider === 'password') return 'Password';
  if (provider.startsWith('oidc:')) return ctx.providers.get(provider.slice(5))?.name ?? 'A sign-in provider that was removed';
  if (provider.startsWith('sso:')) return `${ctx.sites.get(provider.slice(4))?.name ?? 'A host site'} (single sign-on)`;
  return provider;
}

export function presentIdentity(i: IdentityRecord, names: Parameters<typeof providerName>[1]) {
  return { id: i.id, provider: i.provider, providerName: providerName(i.provider, names), linkedAt: i.createdAt };
}

export function presentAccount(a: AccountRecord, identities: IdentityRecord[], names: Parameters<typeof providerName>[1]) {
  return {
    id: a.id,
    email: a.email,
    emailVerified: a.emailVerified,
    username: a.username,
    displayName: a.displayName,
    bio: a.bio,
    avatarUrl: avatarUrl(a.id),
    profileUrl: profileUrl(a.username),
    hasPassword: identities.some((i) => i.provider === 'password'),
    identities: identities.map((i) => presentIdentity(i, names)),
    deletionDueAt: a.deletionDueAt,
    createdAt: a.createdAt,
  };
}
export type AccountView = ReturnType<typeof presentAccount>;

const badgeOf = (role: Role | null) => (role === 'staff' || role === 'moderator' || role === 'admin' ? role : null);

export function presentProfile(a: AccountRecord, role: Role | null) {
  return { id: a.id, username: a.username, displayName: a.displayName, bio: a.bio, avatarUrl: avatarUrl(a.id), badge: badgeOf(role), joinedAt: a.createdAt };
}
export type ProfileView = ReturnType<typeof presentProfile>;

export function presentProfileComment(c: AuthoredComment) {
  const url = articleUrl(c.article);
  return {
    id: c.comment.id,
    html: c.comment.bodyHtml,
    createdAt: c.comment.createdAt,
    editedAt: c.comment.editedAt,
    permalink: `${url}/comments/${c.comment.id}`,
    article: { ...c.article, url },
    reactions: { like: c.comment.likeCount, dislike: c.comment.dislikeCount },
  };
}
export type ProfileCommentView = ReturnType<typeof presentProfileComment>;

export function policyUser(a: AccountRecord, roleOnSite: Role | null): PolicyUser {
  return { id: a.id, isOperator: a.isOperator, deleted: a.deletedAt !== null, roleOnSite };
}

export function presentAdminUser(actor: Actor, a: AccountRecord, role: Role | null) {
  const abilities = userAbilities(actor, policyUser(a, role));
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    email: abilities.viewPrivate ? a.email : null,
    emailVerified: a.emailVerified,
    role,
    isOperator: a.isOperator,
    status: accountStatus(a),
    createdAt: a.createdAt,
    abilities,
  };
}
export type AdminUserView = ReturnType<typeof presentAdminUser>;

export function presentAudit(entries: AuditRecord[], people: Map<string, { id: string; username: string }>, sites: Map<string, Site>) {
  return entries.map((e) => ({
    id: e.id,
    action: e.action,
    site: e.siteId ? (sites.get(e.siteId)?.slug ?? e.siteId) : null,
    actor: e.actorId ? (people.get(e.actorId) ?? { id: e.actorId, username: 'unknown' }) : null,
    target: e.targetUserId ? (people.get(e.targetUserId) ?? { id: e.targetUserId, username: 'unknown' }) : null,
    details: e.details,
    ip: e.ip,
    createdAt: e.createdAt,
  }));
}
export type AuditView = ReturnType<typeof presentAudit>[number];

export type { SessionView };

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, check: (v: unknown) => v is T): T | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (check(v)) return v;
  } catch {
    // fall through
  }
  return undefined;
}
