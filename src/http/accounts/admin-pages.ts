// The admin users area as server-rendered pages with plain-form posts. Same rules as the admin
// JSON API (admin of the site or operator; members of the site only; audit log on every change).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ERRORS, isAppError, type ErrorCode } from '../../domain/errors.js';
import { authorizeSite, canOnSite } from '../../domain/policies/site.js';
import type { Role } from '../../domain/types.js';
import { revokeAllSessions } from '../../services/accounts/manageSessions.js';
import { setOperator, setRole } from '../../services/accounts/setRole.js';
import { getSignInSettings, presentSignInSettings, updateSignInSettings, type SiteSignInSettings } from '../../services/accounts/siteSettings.js';
import { addProvider, removeProvider } from '../../services/oidc/providers.js';
import { basePageContext } from '../page-context.js';
import { html } from '../pages.js';
import type { HttpDeps } from '../server.js';
import { renderAdminUserPage, renderAdminUsersPage, renderAuditPage, renderSignInSettingsPage } from '../views/pages/accounts/admin.js';
import { auditView, listUsersFor, oidcRedirectUri, userDetailFor } from './admin-api.js';
import { withQuery } from './external.js';
import { targetUser } from './lookups.js';
import { errorsOf, parseForm } from './pages.js';
import { accountsOf } from './runtime.js';
import * as S from './schemas.js';

const Text = (max: number) => z.string().max(max).default('');

export function registerAdminPages(app: FastifyInstance, deps: HttpDeps): void {
  const accounts = () => accountsOf(deps);
  const writeLimit = (req: FastifyRequest) => deps.limits.consume('writeIp', req.ip);
  const signInFirst = (req: FastifyRequest, reply: FastifyReply) => reply.redirect(`/signin?returnTo=${encodeURIComponent(req.url)}`, 303);

  app.get('/admin/users', async (req, reply) => {
    if (!req.parley.user) return signInFirst(req, reply);
    const parsed = S.ListUsersQuery.safeParse(req.query);
    const query = parsed.success ? parsed.data : S.ListUsersQuery.parse({});
    const { items, nextCursor } = await listUsersFor(deps, req, query);
    const keep = { q: query.q ?? '', role: query.role ?? '', status: query.status ?? '', scope: query.scope };
    const params = new URLSearchParams(Object.entries(keep).filter(([, v]) => v));
    if (nextCursor) params.set('cursor', nextCursor);
    return html(
      reply,
      renderAdminUsersPage(basePageContext(deps, req), { items, nextUrl: nextCursor ? `/admin/users?${params}` : null, query: keep, canListAll: canOnSite(req.parley.actor, 'listAllUsers') }),
    );
  });

  app.get('/admin/users/:userId', async (req, reply) => {
    if (!req.parley.user) return signInFirst(req, reply);
    const { userId } = S.UserIdParams.parse(req.params);
    const detail = await userDetailFor(deps, req, userId);
    const q = req.query as Record<string, unknown>;
    // Errors come back by code only (never free text from the URL).
    const error = typeof q.error === 'string' && q.error in ERRORS ? ERRORS[q.error as ErrorCode].title : undefined;
    return html(reply, renderAdminUserPage(basePageContext(deps, req), { ...detail, error }));
  });

  const userAction = (path: string, schema: z.ZodType<Record<string, string>>, action: (req: FastifyRequest, userId: string, form: Record<string, string>) => Promise<void>) => {
    app.post(path, async (req, reply) => {
      if (!req.parley.user) return signInFirst(req, reply);
      const { userId } = S.UserIdParams.parse(req.params);
      const form = parseForm(schema, req);
      const back = `/admin/users/${userId}`;
      try {
        await writeLimit(req);
        await action(req, userId, form);
        return reply.redirect(back, 303);
      } catch (err) {
        if (!isAppError(err) || err.status >= 500 || ['csrf_failed', 'user_not_found', 'unauthenticated'].includes(err.code)) throw err;
        return reply.redirect(withQuery(back, { error: err.code }), 303);
      }
    });
  };

  userAction('/admin/users/:userId/role', z.object({ role: z.enum(['commenter', 'staff', 'moderator', 'admin', 'none']) }) as z.ZodType<Record<string, string>>, async (req, userId, f) => {
    await targetUser(deps, req, userId, 'changeRole');
    await setRole(accounts(), { site: req.parley.site, actor: req.parley.actor, userId, role: f.role === 'none' ? null : (f.role as Role), ip: req.ip });
  });

  userAction('/admin/users/:userId/operator', z.object({ isOperator: z.enum(['true', 'false']) }) as z.ZodType<Record<string, string>>, async (req, userId, f) => {
    await targetUser(deps, req, userId, 'setOperator');
    await setOperator(accounts(), { actor: req.parley.actor, userId, isOperator: f.isOperator === 'true', siteId: req.parley.site.id, ip: req.ip });
  });

  userAction('/admin/users/:userId/sessions/revoke', z.object({}).passthrough() as unknown as z.ZodType<Record<string, string>>, async (req, userId) => {
    await targetUser(deps, req, userId, 'revokeSessions');
    await revokeAllSessions(accounts(), { userId, keepToken: null, actorId: req.parley.user!.id, siteId: req.parley.site.id, ip: req.ip });
  });

  app.get('/admin/audit', async (req, reply) => {
    if (!req.parley.user) return signInFirst(req, reply);
    authorizeSite(req.parley.actor, 'viewAudit');
    const { cursor } = z.object({ cursor: z.string().regex(/^[0-9A-Za-z]{1,64}$/).optional() }).catch({}).parse(req.query);
    const entries = await deps.store.listAudit({ siteId: req.parley.site.id, limit: 51, ...(cursor ? { beforeId: cursor } : {}) });
    const page = entries.slice(0, 50);
    const nextUrl = entries.length > 50 ? `/admin/audit?cursor=${page[page.length - 1]!.id}` : null;
    return html(reply, renderAuditPage(basePageContext(deps, req), { items: await auditView(deps, page), nextUrl }));
  });

  const settingsPage = async (req: FastifyRequest, reply: FastifyReply, extra: { errors?: Record<string, string>; form?: 'settings' | 'provider'; status?: number } = {}) => {
    const settings = presentSignInSettings(await getSignInSettings(deps.store, req.parley.site.id));
    const providers = (await deps.store.listOidcProviders({ siteId: req.parley.site.id })).map((p) => ({ ...p, redirectUri: oidcRedirectUri(deps, req, p.id) }));
    return html(reply, renderSignInSettingsPage(basePageContext(deps, req), { settings, providers, ...(extra.errors ? { errors: extra.errors } : {}), ...(extra.form ? { form: extra.form } : {}) }), extra.status ?? 200);
  };

  app.get('/admin/sign-in', async (req, reply) => {
    if (!req.parley.user) return signInFirst(req, reply);
    authorizeSite(req.parley.actor, 'manageSignIn');
    return settingsPage(req, reply);
  });

  app.post('/admin/sign-in', async (req, reply) => {
    if (!req.parley.user) return signInFirst(req, reply);
    authorizeSite(req.parley.actor, 'manageSignIn');
    const f = parseForm(
      z.object({
        signInLinks: Text(10),
        deletedAccountComments: z.enum(['anonymize', 'remove']).default('anonymize'),
        ssoMode: z.enum(['off', 'hs256', 'jwks']).default('off'),
        ssoSecret: Text(500),
        ssoJwksUrl: Text(1000),
        ssoIssuer: Text(300),
        ssoAudience: Text(300),
        ssoRoleCeiling: z.enum(['commenter', 'staff', 'moderator', 'admin']).default('staff'),
      }),
      req,
    );
    const current = await getSignInSettings(deps.store, req.parley.site.id);
    let sso: SiteSignInSettings['sso'] = null;
    const common = { issuer: f.ssoIssuer.trim(), audience: f.ssoAudience.trim(), roleCeiling: f.ssoRoleCeiling };
    if (f.ssoMode === 'hs256') {
      const secret = f.ssoSecret || (current.sso?.mode === 'hs256' ? current.sso.secret : '');
      sso = { mode: 'hs256', secret, ...common } as SiteSignInSettings['sso'];
    } else if (f.ssoMode === 'jwks') {
      sso = { mode: 'jwks', jwksUrl: f.ssoJwksUrl.trim(), ...common } as SiteSignInSettings['sso'];
    }
    try {
      await writeLimit(req);
      await updateSignInSettings(accounts(), { siteId: req.parley.site.id, actorId: req.parley.user.id, patch: { sso, deletedAccountComments: f.deletedAccountComments, signInLinks: f.signInLinks === 'on' }, ip: req.ip });
      return reply.redirect('/admin/sign-in', 303);
    } catch (err) {
      if (err instanceof z.ZodError) {
        const errors = Object.fromEntries(err.issues.map((i) => [i.path.map(String).join('.'), i.message]));
        return settingsPage(req, reply, { errors: { form: 'Some sign-on settings are not valid.', ...errors }, form: 'settings', status: 400 });
      }
      if (!isAppError(err) || err.status >= 500 || err.code === 'csrf_failed') throw err;
      return settingsPage(req, reply, { errors: errorsOf(err), form: 'settings', status: err.status });
    }
  });

  app.post('/admin/sign-in/providers', async (req, reply) => {
    if (!req.parley.user) return signInFirst(req, reply);
    authorizeSite(req.parley.actor, 'manageSignIn');
    const f = parseForm(z.object({ name: Text(100), slug: Text(40), issuer: Text(500), clientId: Text(300), clientSecret: Text(500), scopes: Text(500) }), req);
    try {
      await writeLimit(req);
      await addProvider(deps, {
        siteId: req.parley.site.id,
        actorId: req.parley.user.id,
        provider: { name: f.name, slug: f.slug, issuer: f.issuer.trim(), clientId: f.clientId.trim(), clientSecret: f.clientSecret || null, scopes: f.scopes.split(/\s+/).filter(Boolean) },
        ip: req.ip,
      });
      return reply.redirect('/admin/sign-in', 303);
    } catch (err) {
      if (!isAppError(err) || err.status >= 500 || err.code === 'csrf_failed') throw err;
      return settingsPage(req, reply, { errors: { form: err.detail ?? err.message, ...errorsOf(err) }, form: 'provider', status: err.status });
    }
  });

  app.post('/admin/sign-in/providers/:providerId/delete', async (req, reply) => {
    if (!req.parley.user) return signInFirst(req, reply);
    authorizeSite(req.parley.actor, 'manageSignIn');
    const { providerId } = S.ProviderParams.parse(req.params);
    await writeLimit(req);
    await removeProvider(deps, { siteId: req.parley.site.id, actorId: req.parley.user.id, id: providerId, ip: req.ip });
    return reply.redirect('/admin/sign-in', 303);
  });

}
