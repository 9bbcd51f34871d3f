// Browser routes for signing in through someone else.
//
// OpenID Connect: GET /auth/oidc/:slug starts the flow (PKCE + nonce + state, kept in a signed
// HttpOnly cookie scoped to /auth/oidc for ten minutes) and sends the browser to the provider;
// GET /auth/oidc/:providerId/callback finishes it. Connecting a provider to the signed-in
// account starts with a POST (CSRF-checked) from the account page.
//
// Host-site SSO: GET /auth/sso?token=…&returnTo=… signs in and goes back; any page URL with
// ?sso=TOKEN does the same and reloads itself without the token (so it stays out of history).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, isAppError } from '../../domain/errors.js';
import { linkExternalToUser, signInExternal } from '../../services/accounts/externalAccounts.js';
import { beginOidc, finishOidc, FLOW_TTL_MS, type OidcFlowState } from '../../services/oidc/flow.js';
import { providerBySlug } from '../../services/oidc/providers.js';
import { signInWithSso } from '../../services/sso/index.js';
import { safeReturnTo } from '../pages.js';
import { isSecure } from '../routes.js';
import { isApiRequest, type HttpDeps } from '../server.js';
import { oidcRedirectUri } from './admin-api.js';
import { accountsOf } from './runtime.js';
import { openSession } from './session.js';

const FLOW_COOKIE = 'parley_oidc';
const FLOW_PATH = '/auth/oidc';

function seal(secret: string, flow: OidcFlowState): string {
  const body = Buffer.from(JSON.stringify(flow)).toString('base64url');
  return `${body}.${createHmac('sha256', secret).update(`oidc-flow:${body}`).digest('base64url')}`;
}

function unseal(secret: string, value: string | undefined): OidcFlowState | null {
  if (!value || value.length > 4000) return null;
  const [body, mac] = value.split('.');
  if (!body || !mac) return null;
  const expected = Buffer.from(createHmac('sha256', secret).update(`oidc-flow:${body}`).digest('base64url'));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as OidcFlowState;
  } catch {
    return null;
  }
}

const INTENT_TTL_MS = 3600_000;

/** A link-intent for the account page's "Connect" links: bound to this session and provider, good for an hour. */
export function linkIntent(deps: HttpDeps, req: FastifyRequest, slug: string): string {
  const exp = deps.clock().getTime() + INTENT_TTL_MS;
  return `${exp}.${createHmac('sha256', deps.secret).update(`oidc-link:${req.parley.sessionToken ?? ''}:${slug}:${exp}`).digest('base64url')}`;
}

function linkIntentIsValid(deps: HttpDeps, req: FastifyRequest, slug: string, intent: string): boolean {
  const [exp, mac] = intent.split('.');
  if (!exp || !mac || !/^\d+$/.test(exp) || Number(exp) < deps.clock().getTime() || !req.parley.sessionToken) return false;
  const expected = Buffer.from(createHmac('sha256', deps.secret).update(`oidc-link:${req.parley.sessionToken}:${slug}:${exp}`).digest('base64url'));
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function withQuery(path: string, params: Record<string, string>): string {
  const [base, hash] = path.split('#');
  const url = new URL(base!, 'http://x');
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return `${url.pathname}${url.search}${hash ? `#${hash}` : ''}`;
}

async function startFlow(deps: HttpDeps, req: FastifyRequest, reply: FastifyReply, slug: string, mode: 'signin' | 'link', returnTo: string): Promise<FastifyReply> {
  const provider = await providerBySlug(deps, req.parley.site.id, slug);
  const { url, flow } = await beginOidc(provider, {
    redirectUri: oidcRedirectUri(deps, req, provider.id),
    returnTo,
    mode,
    userId: mode === 'link' ? req.parley.user!.id : null,
    now: deps.clock(),
  });
  reply.setCookie(FLOW_COOKIE, seal(deps.secret, flow), { httpOnly: true, sameSite: 'lax', secure: isSecure(deps, req), path: FLOW_PATH, maxAge: FLOW_TTL_MS / 1000 });
  return reply.redirect(url.toString(), 303);
}

export function registerExternalSignIn(app: FastifyInstance, deps: HttpDeps): void {
  const accounts = () => accountsOf(deps);

  // Sign in; or, with ?link=INTENT from the account page, connect the provider to this account.
  // (A link, not a form: the page's CSP allows forms to post only to this origin, redirects too.)
  app.get('/auth/oidc/:slug', async (req, reply) => {
    const { slug } = z.object({ slug: z.string().max(40) }).parse(req.params);
    const q = req.query as Record<string, unknown>;
    if (typeof q.link === 'string') {
      if (!req.parley.user) return reply.redirect('/signin?returnTo=%2Faccount', 303);
      if (!linkIntentIsValid(deps, req, slug, q.link)) throw new AppError('csrf_failed', { detail: 'This connect link is not yours or has expired; open your account page again.' });
      await deps.limits.consume('writeIp', req.ip);
      return startFlow(deps, req, reply, slug, 'link', '/account');
    }
    await deps.limits.consume('signInIp', req.ip);
    return startFlow(deps, req, reply, slug, 'signin', safeReturnTo(q.returnTo));
  });

  app.get('/auth/oidc/:providerId/callback', async (req, reply) => {
    const { providerId } = z.object({ providerId: z.string().max(64) }).parse(req.params);
    const flow = unseal(deps.secret, req.cookies[FLOW_COOKIE]);
    reply.clearCookie(FLOW_COOKIE, { path: FLOW_PATH });
    if (!flow) throw new AppError('oidc_failed', { detail: 'The sign-in was not started in this browser, or took too long. Start again.' });
    const provider = await deps.store.getOidcProvider({ id: providerId });
    if (!provider) throw new AppError('oidc_provider_not_found');
    const site = (await deps.store.getSite({ id: provider.siteId }))!;
    const redirectUri = oidcRedirectUri(deps, req, provider.id);
    const callbackUrl = new URL(req.url, redirectUri);
    const profile = await finishOidc(provider, { flow, callbackUrl, redirectUri, now: deps.clock() });
    if (flow.mode === 'link') {
      if (!req.parley.user || req.parley.user.id !== flow.userId) throw new AppError('oidc_failed', { detail: 'You were signed out while connecting the provider. Sign in and try again.' });
      await linkExternalToUser(accounts(), { userId: req.parley.user.id, site, profile, ip: req.ip });
      return reply.redirect(withQuery('/account', { notice: 'provider_connected' }), 303);
    }
    const { user } = await signInExternal(accounts(), { site, profile, ip: req.ip });
    await openSession(deps, req, reply, user.id, 'cookie', 'oidc');
    return reply.redirect(withQuery(safeReturnTo(flow.returnTo), { notice: 'signed_in' }), 303);
  });

  const ssoSignIn = async (req: FastifyRequest, reply: FastifyReply, token: string, back: string) => {
    try {
      await deps.limits.consume('signInIp', req.ip);
      const { user } = await signInWithSso(accounts(), { site: req.parley.site, token, ip: req.ip });
      await openSession(deps, req, reply, user.id, 'cookie', 'sso');
      return reply.redirect(back, 303);
    } catch (err) {
      if (!isAppError(err) || err.status >= 500) throw err;
      req.log?.info?.({ code: err.code, detail: err.detail }, 'SSO token refused');
      return reply.redirect(withQuery(back, { error: err.code }), 303);
    }
  };

  app.get('/auth/sso', async (req, reply) => {
    const q = z.object({ token: z.string().max(8192).optional(), returnTo: z.string().max(1000).optional() }).parse(req.query);
    const back = safeReturnTo(q.returnTo);
    if (!q.token) return reply.redirect(withQuery(back, { error: 'sso_token_invalid' }), 303);
    return ssoSignIn(req, reply, q.token, back);
  });

  // ?sso=TOKEN on any page: sign in, then load the same page without the token.
  app.addHook('preHandler', async (req, reply) => {
    if (req.method !== 'GET' || isApiRequest(req) || req.url.startsWith('/auth/')) return;
    const query = req.query as Record<string, unknown>;
    if (typeof query.sso !== 'string' || !req.parley) return;
    const url = new URL(req.url, 'http://x');
    url.searchParams.delete('sso');
    const back = `${url.pathname}${url.search}`;
    return ssoSignIn(req, reply, query.sso, back);
  });

}
