// Signing in to the embed (issue 7) without third-party cookies.
//
//   1. The frame opens GET /embed/signin?challenge=S256(verifier)&state=… as a popup: a
//      first-party page on Parley's origin, so its cookies work even when the frame's do not.
//   2. A reader already signed in here goes straight on; otherwise they sign in with their local
//      account (the accounts module's password check, backoff and all), or an OpenID Connect
//      provider of the site, or create an account, each coming back to this page.
//   3. The page stores a hand-off (challenge → user, one-time code, 5 minutes) and posts the
//      code to its opener, addressed to Parley's own origin only; the frame checks the sender.
//   4. The frame trades code + verifier at POST /api/v1/embed/token for a bearer token, which it
//      keeps in its own storage. If the popup lost its opener on the way (providers that set
//      Cross-Origin-Opener-Policy), the frame polls the same endpoint with the verifier alone.
//
// Host-site SSO tokens need none of this: the frame sends them to POST /api/v1/auth/sso
// (the accounts module's verifySsoToken/signInWithSso) with session "token".
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../../domain/errors.js';
import { translatorFor } from '../../i18n/index.js';
import { loadAssets } from '../assets.js';
import { openSession, passwordSignIn } from '../accounts/index.js';
import { ensureAnonCsrf } from '../pages.js';
import type { MeView } from '../api-types.js';
import { presentMe } from '../presenters.js';
import { validationError } from '../problem.js';
import type { RouteTable } from '../route-kit.js';
import * as S from '../schemas.js';
import { csrfFor, nonceFor, type HttpDeps } from '../server.js';
import { renderHandoff, renderSignInPopup } from '../views/pages/embed/signin.js';
import { languageOf, type SettingsCache } from './context.js';
import * as E from './schemas.js';
import type { z } from 'zod';

const HANDOFF_TTL_MS = 5 * 60_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

/** The popup must keep its opener (COOP unsafe-none), and nothing may frame it. */
async function popupHeaders(_req: FastifyRequest, reply: FastifyReply, payload: unknown) {
  reply.header('cross-origin-opener-policy', 'unsafe-none');
  reply.header('cache-control', 'no-store');
  return payload;
}

export function registerEmbedSignIn(app: FastifyInstance, routes: RouteTable, deps: HttpDeps, settingsFor: SettingsCache): void {
  const here = (req: FastifyRequest, q: z.output<typeof E.PopupQuery>) => {
    const params = new URLSearchParams({ site: req.parley.site.slug, challenge: q.challenge, state: q.state });
    if (q.lang) params.set('lang', q.lang);
    return `/embed/signin?${params}`;
  };

  async function page(req: FastifyRequest, reply: FastifyReply, q: z.output<typeof E.PopupQuery>, form: { login?: string; error?: string }) {
    const { site } = req.parley;
    const lang = languageOf(req, q.lang, await settingsFor(site.id));
    const t = translatorFor(lang);
    const nonce = nonceFor(req);
    const shell = { lang, t, nonce, css: loadAssets().css, siteName: site.name };
    const user = req.parley.auth === 'cookie' ? req.parley.user : null;
    if (user) {
      const code = randomBytes(32).toString('base64url');
      const now = deps.clock();
      await deps.store.putEmbedHandoff({
        id: q.challenge,
        siteId: site.id,
        userId: user.id,
        codeHash: sha256(code),
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + HANDOFF_TTL_MS).toISOString(),
      });
      return reply.type('text/html; charset=utf-8').send(renderHandoff({ ...shell, message: { type: 'parley:signed-in', state: q.state, code } }));
    }
    ensureAnonCsrf(deps, req, reply);
    const back = here(req, q);
    const providers = await deps.store.listOidcProviders({ siteId: site.id });
    return reply
      .code(form.error ? 401 : 200)
      .type('text/html; charset=utf-8')
      .send(
        renderSignInPopup({
          ...shell,
          action: back,
          csrf: csrfFor(deps, req),
          hidden: {},
          login: form.login,
          error: form.error,
          signUpHref: `/signup?site=${encodeURIComponent(site.slug)}&returnTo=${encodeURIComponent(back)}`,
          providers: providers.map((p) => ({
            name: p.name,
            href: `/auth/oidc/${encodeURIComponent(p.slug)}?site=${encodeURIComponent(site.slug)}&returnTo=${encodeURIComponent(back)}`,
          })),
        }),
      );
  }

  app.get('/embed/signin', { onSend: popupHeaders }, async (req, reply) => {
    const q = E.PopupQuery.safeParse(req.query);
    if (!q.success) throw validationError('query', q.error);
    return page(req, reply, q.data, {});
  });

  // A plain form post: CSRF-checked by the server (cookies work in this first-party window).
  app.post('/embed/signin', { onSend: popupHeaders }, async (req, reply) => {
    const q = E.PopupQuery.safeParse(req.query);
    if (!q.success) throw validationError('query', q.error);
    const form = E.PopupForm.pick({ login: true, password: true }).safeParse(req.body ?? {});
    if (!form.success) throw validationError('body', form.error);
    const t = translatorFor(languageOf(req, q.data.lang, await settingsFor(req.parley.site.id)));
    try {
      await deps.limits.consume('signInIp', req.ip);
      const user = await passwordSignIn(deps, req, reply, form.data.login, form.data.password);
      await openSession(deps, req, reply, user.id, 'cookie', 'password');
      // The page goes on as signed in (the cookie was just set on this reply).
      req.parley = { ...req.parley, user, actor: { user, role: null }, auth: 'cookie' };
      return page(req, reply, q.data, {});
    } catch (err) {
      if (!isAppError(err) || err.status >= 500) throw err;
      const message = err.code === 'invalid_credentials' ? t('That email and password do not match an account.') : err.detail ?? err.message;
      return page(req, reply, q.data, { login: form.data.login, error: message });
    }
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/embed/token',
    operationId: 'embedToken',
    summary: 'Trade the sign-in popup\'s one-time code (and the verifier of its challenge) for a bearer token',
    tags: ['embed'],
    auth: 'none',
    body: E.TokenInput,
    before: [async (req) => deps.limits.consume('writeIp', req.ip)],
    responses: {
      200: { description: 'Signed in, or `{ pending: true }` while no sign-in waits for this verifier', schema: S.AuthResult.or(E.TokenPending) },
      400: { description: 'Invalid input', schema: S.Problem, contentType: 'application/problem+json' },
      403: { description: 'Wrong code', schema: S.Problem, contentType: 'application/problem+json' },
    },
    handler: async ({ body, req, reply }) => {
      const handoff = await deps.store.takeEmbedHandoff({ id: sha256(body.verifier), now: deps.clock().toISOString() });
      // Not signed in (yet), or already taken: the frame keeps waiting, or has its token.
      if (!handoff || handoff.siteId !== req.parley.site.id) return { pending: true as const };
      if (body.code !== undefined && sha256(body.code) !== handoff.codeHash) throw new AppError('forbidden', { detail: 'The sign-in code does not match.' });
      const user = await deps.store.getUser({ id: handoff.userId });
      if (!user) throw new AppError('not_found');
      const token = (await openSession(deps, req, reply, user.id, 'token', 'password'))!;
      const role = (await deps.store.getMembership({ siteId: req.parley.site.id, userId: user.id }))?.role ?? 'commenter';
      const me: MeView = presentMe(user, { user, role });
      return { user: me, token };
    },
  });
}
