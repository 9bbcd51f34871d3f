// JSON API for accounts: emailed-link flows, host-site SSO, profiles, and what an owner does
// with their own account. Groups, their auth and their limits:
//
//   Account links and SSO — anyone; every route limited per IP (signInIp); mails also limited
//     per address inside the services, and answered alike whether or not the address exists.
//   Profiles — anyone; reads.
//   My account — the signed-in owner (cookie + CSRF, or bearer); writes limited per IP
//     (writeIp); changes that matter (address, password, deletion) ask for the password.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { authorizeUser } from '../../domain/policies/user.js';
import { changePassword } from '../../services/accounts/changePassword.js';
import { requestEmailChange, confirmEmailChange } from '../../services/accounts/changeEmail.js';
import { completeClaim } from '../../services/accounts/claimProfile.js';
import { unlinkIdentity } from '../../services/accounts/externalAccounts.js';
import { completeSignInLink, requestSignInLink } from '../../services/accounts/magicLink.js';
import { listSessions, revokeAllSessions, revokeSession } from '../../services/accounts/manageSessions.js';
import { completePasswordReset, requestPasswordReset } from '../../services/accounts/resetPassword.js';
import { getSignInSettings } from '../../services/accounts/siteSettings.js';
import { updateProfile } from '../../services/accounts/updateProfile.js';
import { confirmEmail, sendVerification } from '../../services/accounts/verifyEmail.js';
import { exportUserData } from '../../services/privacy/exportUserData.js';
import { cancelAccountDeletion, requestAccountDeletion } from '../../services/privacy/deleteAccount.js';
import { signInWithSso } from '../../services/sso/index.js';
import { safeReturnTo } from '../pages.js';
import { presentMe } from '../presenters.js';
import type { RouteTable } from '../route-kit.js';
import { finishSession, requireUser } from '../routes.js';
import * as G from '../schemas.js';
import type { HttpDeps } from '../server.js';
import { accountByUsername, namesFor } from './lookups.js';
import { decodeCursor, encodeCursor, policyUser, presentAccount, presentProfile, presentProfileComment } from './presenters.js';
import { accountsOf, linksFor } from './runtime.js';
import * as S from './schemas.js';
import { openSession } from './session.js';

const problem = (description: string) => ({ description, schema: G.Problem, contentType: 'application/problem+json' });
const PUBLIC_ERRORS = { 400: problem('Invalid input, with field errors'), 429: problem('Rate limited') };
const OWNER_ERRORS = { 400: problem('Invalid input, with field errors'), 401: problem('Not signed in'), 403: problem('Not allowed, wrong current password, or CSRF failed'), 429: problem('Rate limited') };
const SENT = 'If an account uses this address, a mail is on its way.';

function ownAccount(req: FastifyRequest) {
  const user = requireUser(req);
  return user;
}

async function authResult(deps: HttpDeps, req: FastifyRequest, userId: string, token: string | undefined) {
  const user = (await deps.store.getUser({ id: userId }))!;
  const role = (await deps.store.getMembership({ siteId: req.parley.site.id, userId }))?.role ?? 'commenter';
  return { user: presentMe(user, { user, role }), ...(token ? { token } : {}) };
}

export function registerAccountApi(routes: RouteTable, deps: HttpDeps): void {
  const accounts = () => accountsOf(deps);
  const perIp = (name: 'signInIp' | 'writeIp') => async (req: FastifyRequest) => deps.limits.consume(name, req.ip);

  // ---- Account links and SSO: anyone; per IP; mails per address ---------------------------
  routes.add({
    method: 'POST',
    url: '/api/v1/auth/password-reset',
    operationId: 'requestPasswordReset',
    summary: 'Email a link to choose a new password (answers alike for unknown addresses)',
    tags: ['accounts'],
    auth: 'none',
    body: S.EmailInput,
    before: [perIp('signInIp')],
    responses: { 202: { description: 'Accepted', schema: S.Accepted }, ...PUBLIC_ERRORS },
    handler: async ({ body, req, reply }) => {
      await requestPasswordReset(accounts(), { email: body.email, siteId: req.parley.site.id, links: linksFor(deps, req) });
      reply.code(202);
      return { ok: true as const, message: SENT };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/auth/password-reset/complete',
    operationId: 'completePasswordReset',
    summary: 'Set a new password with the emailed token; signs out every session',
    tags: ['accounts'],
    auth: 'none',
    body: S.CompleteResetInput,
    before: [perIp('signInIp')],
    responses: { 200: { description: 'Password set', schema: G.Ok }, ...PUBLIC_ERRORS },
    handler: async ({ body, req }) => {
      await completePasswordReset(accounts(), { token: body.token, password: body.password, ip: req.ip });
      return { ok: true as const };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/auth/sign-in-link',
    operationId: 'requestSignInLink',
    summary: 'Email a one-time sign-in link (passwordless; answers alike for unknown addresses)',
    tags: ['accounts'],
    auth: 'none',
    body: S.SignInLinkInput,
    before: [perIp('signInIp')],
    responses: { 202: { description: 'Accepted', schema: S.Accepted }, 403: problem('Sign-in links are turned off on this site'), ...PUBLIC_ERRORS },
    handler: async ({ body, req, reply }) => {
      const settings = await getSignInSettings(deps.store, req.parley.site.id);
      if (!settings.signInLinks) throw new AppError('forbidden', { detail: 'This site does not send sign-in links.' });
      await requestSignInLink(accounts(), { email: body.email, siteId: req.parley.site.id, links: linksFor(deps, req), returnTo: safeReturnTo(body.returnTo) });
      reply.code(202);
      return { ok: true as const, message: SENT };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/auth/sign-in-link/complete',
    operationId: 'completeSignInLink',
    summary: 'Sign in with the token from an emailed sign-in link',
    tags: ['accounts'],
    auth: 'none',
    body: S.TokenSessionInput,
    before: [perIp('signInIp')],
    responses: { 200: { description: 'Signed in', schema: G.AuthResult }, ...PUBLIC_ERRORS },
    handler: async ({ body, req, reply }) => {
      const user = await completeSignInLink(accounts(), { token: body.token, ip: req.ip });
      const token = await openSession(deps, req, reply, user.id, body.session, 'link');
      return authResult(deps, req, user.id, token);
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/auth/verify-email',
    operationId: 'verifyEmail',
    summary: 'Confirm an address with the token from the confirmation mail',
    tags: ['accounts'],
    auth: 'none',
    body: S.TokenInput,
    before: [perIp('signInIp')],
    responses: { 200: { description: 'Confirmed', schema: G.Ok }, ...PUBLIC_ERRORS },
    handler: async ({ body, req }) => {
      await confirmEmail(accounts(), { token: body.token, ip: req.ip });
      return { ok: true as const };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/auth/email-change/confirm',
    operationId: 'confirmEmailChange',
    summary: 'Switch to the new address with the token sent there',
    tags: ['accounts'],
    auth: 'none',
    body: S.TokenInput,
    before: [perIp('signInIp')],
    responses: { 200: { description: 'Address changed', schema: G.Ok }, 409: problem('Another account took the address meanwhile'), ...PUBLIC_ERRORS },
    handler: async ({ body, req }) => {
      await confirmEmailChange(accounts(), { token: body.token, links: linksFor(deps, req), ip: req.ip });
      return { ok: true as const };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/auth/claim',
    operationId: 'claimProfile',
    summary: 'Take over an imported profile with the emailed token, choosing a password',
    tags: ['accounts'],
    auth: 'none',
    body: S.ClaimInput,
    before: [perIp('signInIp')],
    responses: { 200: { description: 'Claimed and signed in', schema: G.AuthResult }, ...PUBLIC_ERRORS },
    handler: async ({ body, req, reply }) => {
      const user = await completeClaim(accounts(), { token: body.token, password: body.password, username: body.username, ip: req.ip });
      const token = await openSession(deps, req, reply, user.id, body.session, 'claim');
      return authResult(deps, req, user.id, token);
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/auth/sso',
    operationId: 'signInWithSso',
    summary: "Sign in with a token signed by the site's own login (host-site SSO)",
    tags: ['accounts'],
    auth: 'none',
    body: S.SsoInput,
    before: [perIp('signInIp')],
    responses: { 200: { description: 'Signed in', schema: G.AuthResult }, 401: problem('Token refused (the detail says why)'), 404: problem('SSO not set up for this site'), ...PUBLIC_ERRORS },
    handler: async ({ body, req, reply }) => {
      const { user } = await signInWithSso(accounts(), { site: req.parley.site, token: body.token, ip: req.ip });
      const token = await openSession(deps, req, reply, user.id, body.session, 'sso');
      return authResult(deps, req, user.id, token);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/auth/providers',
    operationId: 'listSignInOptions',
    summary: 'How readers can sign in on this site: OpenID Connect providers, emailed links, SSO',
    tags: ['accounts'],
    auth: 'none',
    responses: { 200: { description: 'Sign-in options', schema: S.Providers } },
    handler: async ({ req }) => {
      const site = req.parley.site;
      const [providers, settings] = await Promise.all([deps.store.listOidcProviders({ siteId: site.id }), getSignInSettings(deps.store, site.id)]);
      return {
        providers: providers.map((p) => ({ slug: p.slug, name: p.name, signInUrl: `/auth/oidc/${encodeURIComponent(p.slug)}?site=${encodeURIComponent(site.slug)}` })),
        signInLinks: settings.signInLinks,
        sso: settings.sso !== null,
      };
    },
  });

  // ---- Profiles: anyone; reads --------------------------------------------------------------
  routes.add({
    method: 'GET',
    url: '/api/v1/users/:username',
    operationId: 'getProfile',
    summary: "A reader's public profile",
    tags: ['profiles'],
    auth: 'optional',
    params: S.UsernameParams,
    responses: { 200: { description: 'The profile', schema: S.Profile }, 404: problem('No such user') },
    handler: async ({ params, req }) => {
      const account = await accountByUsername(deps, params.username);
      const role = (await deps.store.getMembership({ siteId: req.parley.site.id, userId: account.id }))?.role ?? null;
      authorizeUser(req.parley.actor, 'view', policyUser(account, role));
      return presentProfile(account, role);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/users/:username/comments',
    operationId: 'listProfileComments',
    summary: "A reader's published comments on this site, newest first",
    tags: ['profiles'],
    auth: 'optional',
    params: S.UsernameParams,
    query: S.PageQuery,
    responses: { 200: { description: 'A page of comments', schema: S.ProfileComments }, 400: problem('Bad cursor'), 404: problem('No such user') },
    handler: async ({ params, query, req }) => {
      const { items, nextCursor } = await profileComments(deps, req, params.username, query);
      return { items, nextCursor };
    },
  });

  // ---- My account: the signed-in owner; writes per IP ----------------------------------------
  routes.add({
    method: 'GET',
    url: '/api/v1/me/account',
    operationId: 'getMyAccount',
    summary: 'Your account: address and its confirmation, profile, sign-in methods, deletion date',
    tags: ['accounts'],
    auth: 'required',
    responses: { 200: { description: 'Your account', schema: S.Account }, 401: problem('Not signed in') },
    handler: async ({ req }) => {
      const user = ownAccount(req);
      const account = (await deps.store.getAccount({ userId: user.id }))!;
      const identities = await deps.store.listIdentities({ userId: user.id });
      return presentAccount(account, identities, await namesFor(deps, identities));
    },
  });

  routes.add({
    method: 'PATCH',
    url: '/api/v1/me',
    operationId: 'updateMe',
    summary: 'Change your display name, username or bio',
    tags: ['accounts'],
    auth: 'required',
    body: S.UpdateMeInput,
    before: [perIp('writeIp')],
    responses: { 200: { description: 'Your account', schema: S.Account }, 409: problem('Username taken'), ...OWNER_ERRORS },
    handler: async ({ body, req }) => {
      const user = ownAccount(req);
      const account = await updateProfile(accounts(), { userId: user.id, ...body, siteId: req.parley.site.id, ip: req.ip });
      const identities = await deps.store.listIdentities({ userId: user.id });
      return presentAccount(account, identities, await namesFor(deps, identities));
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/me/verification',
    operationId: 'resendVerification',
    summary: 'Send the address confirmation mail again',
    tags: ['accounts'],
    auth: 'required',
    body: z.object({}).optional(),
    before: [perIp('writeIp')],
    responses: { 202: { description: 'Sent (or nothing to confirm)', schema: S.Accepted }, ...OWNER_ERRORS },
    handler: async ({ req, reply }) => {
      const user = ownAccount(req);
      const sent = await sendVerification(accounts(), { userId: user.id, siteId: req.parley.site.id, links: linksFor(deps, req) });
      reply.code(202);
      return { ok: true as const, message: sent ? 'A confirmation link is on its way.' : 'Your address is already confirmed (or the account has none).' };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/me/email',
    operationId: 'changeEmail',
    summary: 'Change your address: a link goes to the new one, the change happens when it is followed',
    tags: ['accounts'],
    auth: 'required',
    body: S.ChangeEmailInput,
    before: [perIp('writeIp')],
    responses: { 202: { description: 'Confirmation sent to the new address', schema: S.Accepted }, 409: problem('Address in use'), ...OWNER_ERRORS },
    handler: async ({ body, req, reply }) => {
      const user = ownAccount(req);
      await requestEmailChange(accounts(), { userId: user.id, newEmail: body.email, currentPassword: body.currentPassword, siteId: req.parley.site.id, links: linksFor(deps, req) });
      reply.code(202);
      return { ok: true as const, message: 'Follow the link we sent to the new address to finish the change.' };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/me/password',
    operationId: 'changePassword',
    summary: 'Change (or set) your password; your other sessions are signed out',
    tags: ['accounts'],
    auth: 'required',
    body: S.ChangePasswordInput,
    before: [perIp('writeIp')],
    responses: { 200: { description: 'Changed', schema: S.RevokedCount }, ...OWNER_ERRORS },
    handler: async ({ body, req }) => {
      const user = ownAccount(req);
      const { signedOut } = await changePassword(accounts(), {
        userId: user.id,
        currentPassword: body.currentPassword,
        newPassword: body.newPassword,
        keepSessionToken: req.parley.sessionToken,
        siteId: req.parley.site.id,
        links: linksFor(deps, req),
        ip: req.ip,
      });
      return { ok: true as const, ended: signedOut };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/me/sessions',
    operationId: 'listMySessions',
    summary: 'Where you are signed in',
    tags: ['accounts'],
    auth: 'required',
    responses: { 200: { description: 'Your sessions', schema: S.SessionList }, 401: problem('Not signed in') },
    handler: async ({ req }) => ({ items: await listSessions(deps, { userId: ownAccount(req).id, currentToken: req.parley.sessionToken }) }),
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/me/sessions/:sessionId',
    operationId: 'revokeMySession',
    summary: 'Sign out one of your sessions',
    tags: ['accounts'],
    auth: 'required',
    params: S.SessionParams,
    before: [perIp('writeIp')],
    responses: { 200: { description: 'Signed out', schema: G.Ok }, 404: problem('No such session of yours'), ...OWNER_ERRORS },
    handler: async ({ params, req }) => {
      const user = ownAccount(req);
      await revokeSession(accounts(), { userId: user.id, sessionId: params.sessionId, actorId: user.id, siteId: req.parley.site.id, ip: req.ip });
      return { ok: true as const };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/me/sessions/revoke',
    operationId: 'signOutEverywhere',
    summary: 'Sign out everywhere (by default keeping this session)',
    tags: ['accounts'],
    auth: 'required',
    body: S.RevokeSessionsInput,
    before: [perIp('writeIp')],
    responses: { 200: { description: 'Sessions ended', schema: S.RevokedCount }, ...OWNER_ERRORS },
    handler: async ({ body, req, reply }) => {
      const user = ownAccount(req);
      const ended = await revokeAllSessions(accounts(), { userId: user.id, keepToken: body.keepCurrent ? req.parley.sessionToken : null, actorId: user.id, siteId: req.parley.site.id, ip: req.ip });
      if (!body.keepCurrent) await finishSession(deps, req, reply);
      return { ok: true as const, ended };
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/me/identities/:identityId',
    operationId: 'unlinkIdentity',
    summary: 'Remove a sign-in method (not the last one)',
    tags: ['accounts'],
    auth: 'required',
    params: S.IdentityParams,
    before: [perIp('writeIp')],
    responses: { 200: { description: 'Removed', schema: G.Ok }, 404: problem('No such sign-in method of yours'), 409: problem('It is the last one'), ...OWNER_ERRORS },
    handler: async ({ params, req }) => {
      const user = ownAccount(req);
      await unlinkIdentity(accounts(), { userId: user.id, identityId: params.identityId, siteId: req.parley.site.id, ip: req.ip });
      return { ok: true as const };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/me/export',
    operationId: 'exportMyData',
    summary: 'Download everything Parley holds about you, as one JSON document',
    tags: ['accounts'],
    auth: 'required',
    before: [perIp('writeIp')],
    responses: { 200: { description: 'The archive (application/json attachment)' }, 401: problem('Not signed in') },
    handler: async ({ req, reply }) => {
      const user = ownAccount(req);
      const account = (await deps.store.getAccount({ userId: user.id }))!;
      authorizeUser(req.parley.actor, 'export', policyUser(account, req.parley.actor.role));
      const archive = await exportUserData(deps, user.id);
      const day = deps.clock().toISOString().slice(0, 10);
      reply.header('content-disposition', `attachment; filename="parley-data-${account.username}-${day}.json"`).header('cache-control', 'no-store');
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(archive, null, 2));
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/me/deletion',
    operationId: 'requestAccountDeletion',
    summary: 'Delete your account after the grace period (signs you out everywhere)',
    tags: ['accounts'],
    auth: 'required',
    body: S.DeletionInput,
    before: [perIp('writeIp')],
    responses: { 202: { description: 'Scheduled', schema: S.DeletionScheduled }, ...OWNER_ERRORS },
    handler: async ({ body, req, reply }) => {
      const user = ownAccount(req);
      const { dueAt } = await requestAccountDeletion(accounts(), { userId: user.id, currentPassword: body.currentPassword, siteId: req.parley.site.id, links: linksFor(deps, req), ip: req.ip });
      reply.clearCookie('parley_session', { path: '/' });
      reply.code(202);
      return { ok: true as const, dueAt };
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/me/deletion',
    operationId: 'cancelAccountDeletion',
    summary: 'Keep your account: cancel a pending deletion',
    tags: ['accounts'],
    auth: 'required',
    before: [perIp('writeIp')],
    responses: { 200: { description: 'Cancelled', schema: G.Ok }, ...OWNER_ERRORS },
    handler: async ({ req }) => {
      const user = ownAccount(req);
      await cancelAccountDeletion(accounts(), { userId: user.id, siteId: req.parley.site.id, ip: req.ip });
      return { ok: true as const };
    },
  });
}

const isProfileCursor = (v: unknown): v is { c: string; i: string } =>
  typeof v === 'object' && v !== null && typeof (v as { c?: unknown }).c === 'string' && typeof (v as { i?: unknown }).i === 'string';

export async function profileComments(deps: HttpDeps, req: FastifyRequest, username: string, query: { cursor?: string | undefined; limit?: number | undefined }) {
  const account = await accountByUsername(deps, username);
  const before = decodeCursor(query.cursor, isProfileCursor);
  if (query.cursor && !before) throw new AppError('bad_cursor');
  const limit = query.limit ?? 20;
  const rows = await deps.store.listPublicCommentsByAuthor({
    siteId: req.parley.site.id,
    authorId: account.id,
    limit: limit + 1,
    ...(before ? { before: { createdAt: before.c, id: before.i } } : {}),
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { account, items: page.map(presentProfileComment), nextCursor: rows.length > limit && last ? encodeCursor({ c: last.comment.createdAt, i: last.comment.id }) : null };
}
