// JSON API of the admin users area and sign-in settings. Group: admins of the site at hand
// (role admin there) and operators (every site); cookie + CSRF or bearer; writes limited per IP
// (writeIp). Site admins see and act on members of their own site only; a person who is not a
// member is "not found" to them. Every change goes to the audit log.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { authorizeSite } from '../../domain/policies/site.js';
import type { Role } from '../../domain/types.js';
import { listSessions, revokeAllSessions } from '../../services/accounts/manageSessions.js';
import { setOperator, setRole } from '../../services/accounts/setRole.js';
import { getSignInSettings, presentSignInSettings, updateSignInSettings, type SiteSignInSettings } from '../../services/accounts/siteSettings.js';
import { addProvider, presentProvider, removeProvider } from '../../services/oidc/providers.js';
import type { RouteTable } from '../route-kit.js';
import * as G from '../schemas.js';
import type { HttpDeps } from '../server.js';
import { namesFor, targetUser } from './lookups.js';
import { presentAdminUser, presentAudit, presentIdentity } from './presenters.js';
import { accountsOf, linksFor } from './runtime.js';
import * as S from './schemas.js';

const problem = (description: string) => ({ description, schema: G.Problem, contentType: 'application/problem+json' });
const ADMIN_ERRORS = { 400: problem('Invalid input'), 401: problem('Not signed in'), 403: problem('Not an admin of this site (or CSRF failed)'), 429: problem('Rate limited') };

export async function listUsersFor(deps: HttpDeps, req: FastifyRequest, query: { q?: string | undefined; role?: Role | 'none' | undefined; status?: 'active' | 'pending_deletion' | 'deleted' | 'unverified' | undefined; scope: 'site' | 'all'; cursor?: string | undefined; limit?: number | undefined }) {
  const { actor, site } = req.parley;
  authorizeSite(actor, query.scope === 'all' ? 'listAllUsers' : 'listMembers');
  if (query.cursor && !/^[0-9A-Za-z]{1,64}$/.test(query.cursor)) throw new AppError('bad_cursor');
  const limit = query.limit ?? 50;
  const rows = await deps.store.searchUsers({
    siteId: site.id,
    membersOnly: query.scope !== 'all',
    limit: limit + 1,
    ...(query.q?.trim() ? { q: query.q.trim() } : {}),
    ...(query.role ? { role: query.role } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.cursor ? { beforeId: query.cursor } : {}),
  });
  const page = rows.slice(0, limit);
  return { items: page.map((r) => presentAdminUser(actor, r.account, r.role)), nextCursor: rows.length > limit ? page[page.length - 1]!.account.id : null };
}

export async function userDetailFor(deps: HttpDeps, req: FastifyRequest, userId: string) {
  const { actor, site } = req.parley;
  const { account, role } = await targetUser(deps, req, userId, 'viewPrivate');
  const [identities, memberships, sessions, audit] = await Promise.all([
    deps.store.listIdentities({ userId }),
    deps.store.listMemberships({ userId }),
    listSessions(deps, { userId, currentToken: req.parley.sessionToken }),
    deps.store.listAudit({ targetUserId: userId, siteId: actor.user?.isOperator ? null : site.id, limit: 50 }),
  ]);
  const names = await namesFor(deps, identities);
  // Site admins see the role on their own site; operators see every site's.
  const roles = memberships.filter((m) => actor.user?.isOperator || m.siteId === site.id).map((m) => ({ site: names.sites.get(m.siteId)?.slug ?? m.siteId, role: m.role }));
  return {
    user: presentAdminUser(actor, account, role),
    identities: identities.map((i) => presentIdentity(i, names)),
    roles,
    sessions,
    audit: await auditView(deps, audit),
  };
}

export async function auditView(deps: HttpDeps, entries: Awaited<ReturnType<HttpDeps['store']['listAudit']>>) {
  const ids = [...new Set(entries.flatMap((e) => [e.actorId, e.targetUserId]).filter((x): x is string => x !== null))];
  const people = new Map((await deps.store.getUsers({ ids })).map((u) => [u.id, { id: u.id, username: u.username }]));
  const sites = new Map((await deps.store.listSites()).map((s) => [s.id, s]));
  return presentAudit(entries, people, sites);
}

export function registerAdminApi(routes: RouteTable, deps: HttpDeps): void {
  const accounts = () => accountsOf(deps);
  const perIp = async (req: FastifyRequest) => deps.limits.consume('writeIp', req.ip);

  routes.add({
    method: 'GET',
    url: '/api/v1/admin/users',
    operationId: 'listUsers',
    summary: "Search the site's members (or, for operators with scope=all, every account)",
    tags: ['admin'],
    auth: 'required',
    query: S.ListUsersQuery,
    responses: { 200: { description: 'A page of users', schema: S.AdminUserList }, ...ADMIN_ERRORS },
    handler: async ({ query, req }) => listUsersFor(deps, req, query),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/admin/users/:userId',
    operationId: 'getUserAdmin',
    summary: 'One person: address, sign-in methods, roles, sessions and audit entries',
    tags: ['admin'],
    auth: 'required',
    params: S.UserIdParams,
    responses: { 200: { description: 'The person', schema: S.AdminUserDetail }, 404: problem('No such user on this site'), ...ADMIN_ERRORS },
    handler: async ({ params, req }) => userDetailFor(deps, req, params.userId),
  });

  routes.add({
    method: 'PUT',
    url: '/api/v1/admin/users/:userId/role',
    operationId: 'setUserRole',
    summary: "Set a person's role on this site (null removes the membership)",
    tags: ['admin'],
    auth: 'required',
    params: S.UserIdParams,
    body: S.SetRoleInput,
    before: [perIp],
    responses: { 200: { description: 'The person after the change', schema: S.AdminUser }, 404: problem('No such user on this site'), ...ADMIN_ERRORS },
    handler: async ({ params, body, req }) => {
      const { account } = await targetUser(deps, req, params.userId, 'changeRole');
      await setRole(accounts(), { site: req.parley.site, actor: req.parley.actor, userId: account.id, role: body.role, ip: req.ip });
      const role = (await deps.store.getMembership({ siteId: req.parley.site.id, userId: account.id }))?.role ?? null;
      return presentAdminUser(req.parley.actor, (await deps.store.getAccount({ userId: account.id }))!, role);
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/v1/admin/users/:userId/operator',
    operationId: 'setUserOperator',
    summary: 'Make a person an operator (admin of every site), or stop that — operators only',
    tags: ['admin'],
    auth: 'required',
    params: S.UserIdParams,
    body: S.SetOperatorInput,
    before: [perIp],
    responses: { 200: { description: 'The person after the change', schema: S.AdminUser }, 404: problem('No such user'), ...ADMIN_ERRORS },
    handler: async ({ params, body, req }) => {
      const { account, role } = await targetUser(deps, req, params.userId, 'setOperator');
      await setOperator(accounts(), { actor: req.parley.actor, userId: account.id, isOperator: body.isOperator, siteId: req.parley.site.id, ip: req.ip });
      return presentAdminUser(req.parley.actor, (await deps.store.getAccount({ userId: account.id }))!, role);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/admin/users/:userId/sessions',
    operationId: 'listUserSessions',
    summary: "A person's sessions",
    tags: ['admin'],
    auth: 'required',
    params: S.UserIdParams,
    responses: { 200: { description: 'Their sessions', schema: S.SessionList }, 404: problem('No such user on this site'), ...ADMIN_ERRORS },
    handler: async ({ params, req }) => {
      await targetUser(deps, req, params.userId, 'viewPrivate');
      return { items: await listSessions(deps, { userId: params.userId, currentToken: req.parley.sessionToken }) };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/admin/users/:userId/sessions/revoke',
    operationId: 'revokeUserSessions',
    summary: 'Sign a person out everywhere — operators only (sessions span every site)',
    tags: ['admin'],
    auth: 'required',
    params: S.UserIdParams,
    body: z.object({}).optional(),
    before: [perIp],
    responses: { 200: { description: 'Sessions ended', schema: S.RevokedCount }, 404: problem('No such user'), ...ADMIN_ERRORS },
    handler: async ({ params, req }) => {
      const { account } = await targetUser(deps, req, params.userId, 'revokeSessions');
      const ended = await revokeAllSessions(accounts(), { userId: account.id, keepToken: null, actorId: req.parley.user!.id, siteId: req.parley.site.id, ip: req.ip });
      return { ok: true as const, ended };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/admin/audit',
    operationId: 'listAuditLog',
    summary: "The site's audit log, newest first (operators also see platform-wide entries)",
    tags: ['admin'],
    auth: 'required',
    query: S.AuditQuery,
    responses: { 200: { description: 'Audit entries', schema: S.AuditList }, ...ADMIN_ERRORS },
    handler: async ({ query, req }) => {
      authorizeSite(req.parley.actor, 'viewAudit');
      if (query.cursor && !/^[0-9A-Za-z]{1,64}$/.test(query.cursor)) throw new AppError('bad_cursor');
      const limit = query.limit ?? 50;
      const entries = await deps.store.listAudit({
        siteId: req.parley.site.id,
        limit: limit + 1,
        ...(query.userId ? { targetUserId: query.userId } : {}),
        ...(query.cursor ? { beforeId: query.cursor } : {}),
      });
      const page = entries.slice(0, limit);
      return { items: await auditView(deps, page), nextCursor: entries.length > limit ? page[page.length - 1]!.id : null };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/admin/sign-in',
    operationId: 'getSignInSettings',
    summary: "The site's sign-in settings (SSO, emailed links, deleted accounts' comments); secrets are never shown",
    tags: ['admin'],
    auth: 'required',
    responses: { 200: { description: 'Settings', schema: S.SignInSettings }, ...ADMIN_ERRORS },
    handler: async ({ req }) => {
      authorizeSite(req.parley.actor, 'manageSignIn');
      return presentSignInSettings(await getSignInSettings(deps.store, req.parley.site.id));
    },
  });

  routes.add({
    method: 'PATCH',
    url: '/api/v1/admin/sign-in',
    operationId: 'updateSignInSettings',
    summary: "Change the site's sign-in settings",
    tags: ['admin'],
    auth: 'required',
    body: S.SignInSettingsPatch,
    before: [perIp],
    responses: { 200: { description: 'Settings', schema: S.SignInSettings }, ...ADMIN_ERRORS },
    handler: async ({ body, req }) => {
      authorizeSite(req.parley.actor, 'manageSignIn');
      const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as Partial<SiteSignInSettings>;
      const next = await updateSignInSettings(accounts(), { siteId: req.parley.site.id, actorId: req.parley.user!.id, patch, ip: req.ip });
      return presentSignInSettings(next);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/admin/oidc-providers',
    operationId: 'listOidcProviders',
    summary: "The site's OpenID Connect providers, with the redirect URI to register at each",
    tags: ['admin'],
    auth: 'required',
    responses: { 200: { description: 'Providers', schema: S.OidcProviderList }, ...ADMIN_ERRORS },
    handler: async ({ req }) => {
      authorizeSite(req.parley.actor, 'manageSignIn');
      const providers = await deps.store.listOidcProviders({ siteId: req.parley.site.id });
      return { items: providers.map((p) => ({ ...presentProvider(p), redirectUri: oidcRedirectUri(deps, req, p.id) })) };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/admin/oidc-providers',
    operationId: 'addOidcProvider',
    summary: 'Add an OpenID Connect provider to the site',
    tags: ['admin'],
    auth: 'required',
    body: S.AddProviderInput,
    before: [perIp],
    responses: { 201: { description: 'Added', schema: S.OidcProvider }, ...ADMIN_ERRORS },
    handler: async ({ body, req, reply }) => {
      authorizeSite(req.parley.actor, 'manageSignIn');
      const p = await addProvider(deps, { siteId: req.parley.site.id, actorId: req.parley.user!.id, provider: body, ip: req.ip });
      reply.code(201);
      return { ...presentProvider(p), redirectUri: oidcRedirectUri(deps, req, p.id) };
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/admin/oidc-providers/:providerId',
    operationId: 'removeOidcProvider',
    summary: 'Remove an OpenID Connect provider (accounts keep their other sign-in methods)',
    tags: ['admin'],
    auth: 'required',
    params: S.ProviderParams,
    before: [perIp],
    responses: { 200: { description: 'Removed', schema: G.Ok }, 404: problem('No such provider on this site'), ...ADMIN_ERRORS },
    handler: async ({ params, req }) => {
      authorizeSite(req.parley.actor, 'manageSignIn');
      await removeProvider(deps, { siteId: req.parley.site.id, actorId: req.parley.user!.id, id: params.providerId, ip: req.ip });
      return { ok: true as const };
    },
  });
}

export function oidcRedirectUri(deps: HttpDeps, req: FastifyRequest, providerId: string): string {
  return new URL(`/auth/oidc/${encodeURIComponent(providerId)}/callback`, linksFor(deps, req).baseUrl).toString();
}
