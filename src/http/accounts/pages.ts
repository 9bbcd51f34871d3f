// Server-rendered account pages and their plain-form posts: the emailed-link flows, the account
// page, public profiles and avatars. Every form is CSRF-checked by the server's preHandler;
// limits match the JSON API (signInIp for the link flows, writeIp for account changes).
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, isAppError } from '../../domain/errors.js';
import { hasRole } from '../../domain/policies/roles.js';
import { avatarSvg } from '../../services/accounts/avatar.js';
import { confirmEmailChange, requestEmailChange } from '../../services/accounts/changeEmail.js';
import { changePassword } from '../../services/accounts/changePassword.js';
import { completeClaim, previewClaim } from '../../services/accounts/claimProfile.js';
import { unlinkIdentity } from '../../services/accounts/externalAccounts.js';
import { completeSignInLink, requestSignInLink, signInLinkIsValid } from '../../services/accounts/magicLink.js';
import { listSessions, revokeAllSessions, revokeSession } from '../../services/accounts/manageSessions.js';
import { completePasswordReset, requestPasswordReset, resetLinkIsValid } from '../../services/accounts/resetPassword.js';
import { getSignInSettings } from '../../services/accounts/siteSettings.js';
import { peekToken } from '../../services/accounts/tokens.js';
import { updateProfile } from '../../services/accounts/updateProfile.js';
import { confirmEmail, sendVerification } from '../../services/accounts/verifyEmail.js';
import { cancelAccountDeletion, requestAccountDeletion } from '../../services/privacy/deleteAccount.js';
import { exportUserData } from '../../services/privacy/exportUserData.js';
import { basePageContext } from '../page-context.js';
import { ensureAnonCsrf, html, safeReturnTo } from '../pages.js';
import { validationError } from '../problem.js';
import { finishSession } from '../routes.js';
import type { HttpDeps } from '../server.js';
import type { PageContext } from '../views/index.js';
import { renderAccountPage, type AccountPageProps } from '../views/pages/accounts/settings.js';
import {
  renderClaimPage,
  renderEmailChangeConfirmPage,
  renderForgotPage,
  renderResetPage,
  renderSentPage,
  renderSignInLinkConfirmPage,
  renderSignInLinkRequestPage,
} from '../views/pages/accounts/flows.js';
import { renderProfilePage } from '../views/pages/accounts/profile.js';
import { profileComments } from './api.js';
import { linkIntent, withQuery } from './external.js';
import { namesFor } from './lookups.js';
import { presentAccount, presentProfile } from './presenters.js';
import { accountsOf, linksFor } from './runtime.js';
import { openSession } from './session.js';

const Text = (max: number) => z.string().max(max).default('');

export function parseForm<T extends z.ZodType>(schema: T, req: FastifyRequest): z.output<T> {
  const r = schema.safeParse(req.body ?? {});
  if (!r.success) throw validationError('body', r.error);
  return r.data;
}

/** Field messages of an error, keyed by field ("form" for the rest). */
export function errorsOf(err: AppError): Record<string, string> {
  if (err.fields?.length) return Object.fromEntries(err.fields.map((f) => [f.field, f.message]));
  return { form: err.detail ?? err.message };
}

/** Runs a form action; AppErrors below 500 (other than CSRF) go to `onError`. */
async function attempt(action: () => Promise<FastifyReply>, onError: (err: AppError) => Promise<FastifyReply> | FastifyReply): Promise<FastifyReply> {
  try {
    return await action();
  } catch (err) {
    if (!isAppError(err) || err.status >= 500 || err.code === 'csrf_failed') throw err;
    return onError(err);
  }
}

// Notices the account page shows after a redirect (by name, never free text from the URL).
const ACCOUNT_NOTICES: Record<string, string> = {
  profile_saved: 'Your profile is saved.',
  email_sent: 'We sent a link to the new address. The change happens when you follow it.',
  email_changed: 'Your address is changed.',
  email_verified: 'Thanks — your address is confirmed.',
  verification_sent: 'A new confirmation link is on its way.',
  password_changed: 'Your password is changed; your other sessions were signed out.',
  password_reset: 'Your new password is saved and you are signed in. Every other session was signed out.',
  session_revoked: 'That session is signed out.',
  sessions_revoked: 'You are signed out everywhere else.',
  identity_removed: 'That sign-in method is removed.',
  provider_connected: 'The provider is connected: you can now sign in with it.',
  deletion_cancelled: 'Your account will not be deleted.',
  claimed: 'The profile is yours now. Welcome back!',
};

function accountNotice(req: FastifyRequest): PageContext['notice'] | undefined {
  const q = req.query as Record<string, unknown>;
  return typeof q.notice === 'string' && ACCOUNT_NOTICES[q.notice] ? { kind: 'info', text: ACCOUNT_NOTICES[q.notice]! } : undefined;
}

async function accountPageProps(deps: HttpDeps, req: FastifyRequest, form: AccountPageProps['form'] = null): Promise<AccountPageProps> {
  const user = req.parley.user!;
  const account = (await deps.store.getAccount({ userId: user.id }))!;
  const identities = await deps.store.listIdentities({ userId: user.id });
  const providers = await deps.store.listOidcProviders({ siteId: req.parley.site.id });
  const linked = new Set(identities.map((i) => i.provider));
  return {
    account: presentAccount(account, identities, await namesFor(deps, identities)),
    sessions: await listSessions(deps, { userId: user.id, currentToken: req.parley.sessionToken }),
    connectable: providers.filter((p) => !linked.has(`oidc:${p.id}`)).map((p) => ({ name: p.name, href: `/auth/oidc/${encodeURIComponent(p.slug)}?link=${linkIntent(deps, req, p.slug)}` })),
    isAdmin: hasRole(req.parley.actor, 'admin'),
    form,
  };
}

export function registerAccountPages(app: FastifyInstance, deps: HttpDeps): void {
  const accounts = () => accountsOf(deps);
  const ctxFor = (req: FastifyRequest, notice?: PageContext['notice']) => basePageContext(deps, req, notice !== undefined ? { notice } : {});
  const tokenOf = (req: FastifyRequest) => {
    const t = (req.query as Record<string, unknown>).token;
    return typeof t === 'string' ? t.slice(0, 200) : '';
  };
  const signInFirst = (reply: FastifyReply, back: string) => reply.redirect(`/signin?returnTo=${encodeURIComponent(back)}`, 303);
  const linkLimit = (req: FastifyRequest) => deps.limits.consume('signInIp', req.ip);
  const writeLimit = (req: FastifyRequest) => deps.limits.consume('writeIp', req.ip);

  // ---- Forgotten password -------------------------------------------------------------------
  app.get('/account/forgot', async (req, reply) => {
    ensureAnonCsrf(deps, req, reply);
    return html(reply, renderForgotPage(ctxFor(req), {}));
  });

  app.post('/account/forgot', async (req, reply) => {
    const form = parseForm(z.object({ email: Text(254) }), req);
    const email = z.email().safeParse(form.email.trim());
    if (!email.success) {
      ensureAnonCsrf(deps, req, reply);
      return html(reply, renderForgotPage(ctxFor(req), { email: form.email, errors: { email: 'Enter a valid email address.' } }), 400);
    }
    await linkLimit(req);
    await requestPasswordReset(accounts(), { email: email.data, siteId: req.parley.site.id, links: linksFor(deps, req) });
    return html(reply, renderSentPage(ctxFor(req), { title: 'Check your inbox', text: 'If an account uses this address, a link to choose a new password is on its way. It works for 30 minutes.' }));
  });

  app.get('/account/reset', async (req, reply) => {
    const token = tokenOf(req);
    ensureAnonCsrf(deps, req, reply);
    return html(reply, renderResetPage(ctxFor(req), { token, valid: await resetLinkIsValid(accounts(), token) }));
  });

  app.post('/account/reset', async (req, reply) => {
    const form = parseForm(z.object({ token: Text(200), password: Text(300) }), req);
    return attempt(
      async () => {
        await linkLimit(req);
        const { userId } = await completePasswordReset(accounts(), { token: form.token, password: form.password, ip: req.ip });
        await openSession(deps, req, reply, userId, 'cookie', 'reset');
        return reply.redirect('/account?notice=password_reset', 303);
      },
      (err) => {
        ensureAnonCsrf(deps, req, reply);
        return html(reply, renderResetPage(ctxFor(req), { token: form.token, valid: err.code !== 'token_invalid', errors: errorsOf(err) }), err.status);
      },
    );
  });

  // ---- Passwordless sign-in -----------------------------------------------------------------
  app.get('/signin/link', async (req, reply) => {
    const returnTo = safeReturnTo((req.query as Record<string, unknown>).returnTo);
    const token = tokenOf(req);
    ensureAnonCsrf(deps, req, reply);
    if (token) return html(reply, renderSignInLinkConfirmPage(ctxFor(req), { token, returnTo, valid: await signInLinkIsValid(accounts(), token) }));
    const { signInLinks } = await getSignInSettings(deps.store, req.parley.site.id);
    return html(reply, renderSignInLinkRequestPage(ctxFor(req), { returnTo, enabled: signInLinks }));
  });

  app.post('/signin/link/request', async (req, reply) => {
    const form = parseForm(z.object({ email: Text(254), returnTo: z.string().optional() }), req);
    const returnTo = safeReturnTo(form.returnTo);
    const { signInLinks } = await getSignInSettings(deps.store, req.parley.site.id);
    const email = z.email().safeParse(form.email.trim());
    if (!email.success || !signInLinks) {
      ensureAnonCsrf(deps, req, reply);
      return html(reply, renderSignInLinkRequestPage(ctxFor(req), { returnTo, email: form.email, enabled: signInLinks, errors: { email: 'Enter a valid email address.' } }), 400);
    }
    await linkLimit(req);
    await requestSignInLink(accounts(), { email: email.data, siteId: req.parley.site.id, links: linksFor(deps, req), returnTo });
    return html(reply, renderSentPage(ctxFor(req), { title: 'Check your inbox', text: 'If an account uses this address, a sign-in link is on its way. It works once, for 15 minutes.' }));
  });

  app.post('/signin/link', async (req, reply) => {
    const form = parseForm(z.object({ token: Text(200), returnTo: z.string().optional() }), req);
    const returnTo = safeReturnTo(form.returnTo);
    return attempt(
      async () => {
        await linkLimit(req);
        const user = await completeSignInLink(accounts(), { token: form.token, ip: req.ip });
        await openSession(deps, req, reply, user.id, 'cookie', 'link');
        return reply.redirect(withQuery(returnTo, { notice: 'signed_in' }), 303);
      },
      () => html(reply, renderSignInLinkConfirmPage(ctxFor(req), { token: form.token, returnTo, valid: false }), 400),
    );
  });

  // ---- Address confirmation and change ------------------------------------------------------
  app.get('/account/verify', async (req, reply) => {
    return attempt(
      async () => {
        await linkLimit(req);
        await confirmEmail(accounts(), { token: tokenOf(req), ip: req.ip });
        if (req.parley.user) return reply.redirect('/account?notice=email_verified', 303);
        return html(reply, renderSentPage(ctxFor(req), { title: 'Address confirmed', text: 'Thanks — your address is confirmed. You can close this page or sign in.' }));
      },
      (err) => html(reply, renderSentPage(ctxFor(req), { title: 'This link no longer works', text: err.message }), err.status),
    );
  });

  app.get('/account/email/confirm', async (req, reply) => {
    const token = tokenOf(req);
    ensureAnonCsrf(deps, req, reply);
    const valid = (await peekToken(accounts(), 'change_email', token)) !== undefined;
    return html(reply, renderEmailChangeConfirmPage(ctxFor(req), { token, valid }));
  });

  app.post('/account/email/confirm', async (req, reply) => {
    const form = parseForm(z.object({ token: Text(200) }), req);
    return attempt(
      async () => {
        await linkLimit(req);
        await confirmEmailChange(accounts(), { token: form.token, links: linksFor(deps, req), ip: req.ip });
        if (req.parley.user) return reply.redirect('/account?notice=email_changed', 303);
        return html(reply, renderSentPage(ctxFor(req), { title: 'Address changed', text: 'Your account now uses this address.' }));
      },
      (err) => html(reply, renderSentPage(ctxFor(req), { title: 'The address was not changed', text: err.detail ?? err.message }), err.status),
    );
  });

  // ---- Claiming an imported profile -------------------------------------------------------------
  app.get('/account/claim', async (req, reply) => {
    const token = tokenOf(req);
    ensureAnonCsrf(deps, req, reply);
    return html(reply, renderClaimPage(ctxFor(req), { token, profile: await previewClaim(accounts(), token) }));
  });

  app.post('/account/claim', async (req, reply) => {
    const form = parseForm(z.object({ token: Text(200), username: Text(100), password: Text(300) }), req);
    return attempt(
      async () => {
        await linkLimit(req);
        const user = await completeClaim(accounts(), { token: form.token, password: form.password, username: form.username || undefined, ip: req.ip });
        await openSession(deps, req, reply, user.id, 'cookie', 'claim');
        return reply.redirect('/account?notice=claimed', 303);
      },
      async (err) => {
        ensureAnonCsrf(deps, req, reply);
        const profile = err.code === 'token_invalid' ? null : await previewClaim(accounts(), form.token);
        return html(reply, renderClaimPage(ctxFor(req), { token: form.token, profile, username: form.username, errors: errorsOf(err) }), err.status);
      },
    );
  });

  // ---- The account page ---------------------------------------------------------------------
  app.get('/account', async (req, reply) => {
    if (!req.parley.user) return signInFirst(reply, '/account');
    return html(reply, renderAccountPage(ctxFor(req, accountNotice(req)), await accountPageProps(deps, req)));
  });

  app.get('/account/export', async (req, reply) => {
    if (!req.parley.user) return signInFirst(reply, '/account');
    await writeLimit(req);
    const archive = await exportUserData(deps, req.parley.user.id);
    const day = deps.clock().toISOString().slice(0, 10);
    reply.header('content-disposition', `attachment; filename="parley-data-${req.parley.user.username}-${day}.json"`).header('cache-control', 'no-store');
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(archive, null, 2));
  });

  /** An account-page form: on a field error, the page again with the errors by that form. */
  const accountForm = (path: string, name: NonNullable<AccountPageProps['form']>['name'] | null, schema: z.ZodType<Record<string, string>>, action: (req: FastifyRequest, form: Record<string, string>, reply: FastifyReply) => Promise<string>) => {
    app.post(path, async (req, reply) => {
      if (!req.parley.user) return signInFirst(reply, '/account');
      const form = parseForm(schema, req);
      return attempt(
        async () => {
          await writeLimit(req);
          return reply.redirect(await action(req, form, reply), 303);
        },
        async (err) => {
          if (!name) return reply.redirect(withQuery('/account', { error: err.code }), 303);
          const values = Object.fromEntries(Object.entries(form).filter(([k]) => !/password/i.test(k)));
          return html(reply, renderAccountPage(ctxFor(req), await accountPageProps(deps, req, { name, errors: errorsOf(err), values })), err.status);
        },
      );
    });
  };
  const noFields = z.object({}).passthrough() as unknown as z.ZodType<Record<string, string>>;

  accountForm('/account/profile', 'profile', z.object({ displayName: Text(200), username: Text(100), bio: Text(2000) }), async (req, f) => {
    await updateProfile(accounts(), { userId: req.parley.user!.id, displayName: f.displayName, username: f.username, bio: f.bio, siteId: req.parley.site.id, ip: req.ip });
    return '/account?notice=profile_saved';
  });

  accountForm('/account/email', 'email', z.object({ email: Text(254), currentPassword: Text(300) }), async (req, f) => {
    const email = z.email().safeParse(f.email!.trim());
    if (!email.success) throw new AppError('validation_failed', { fields: [{ field: 'email', code: 'invalid_email', message: 'Enter a valid email address.' }] });
    await requestEmailChange(accounts(), { userId: req.parley.user!.id, newEmail: email.data, currentPassword: f.currentPassword || undefined, siteId: req.parley.site.id, links: linksFor(deps, req) });
    return '/account?notice=email_sent';
  });

  accountForm('/account/password', 'password', z.object({ currentPassword: Text(300), newPassword: Text(300) }), async (req, f) => {
    await changePassword(accounts(), {
      userId: req.parley.user!.id,
      currentPassword: f.currentPassword || undefined,
      newPassword: f.newPassword!,
      keepSessionToken: req.parley.sessionToken,
      siteId: req.parley.site.id,
      links: linksFor(deps, req),
      ip: req.ip,
    });
    return '/account?notice=password_changed';
  });

  accountForm('/account/verification', null, noFields, async (req) => {
    await sendVerification(accounts(), { userId: req.parley.user!.id, siteId: req.parley.site.id, links: linksFor(deps, req) });
    return '/account?notice=verification_sent';
  });

  app.post('/account/sessions/:sessionId/revoke', async (req, reply) => {
    const { sessionId } = z.object({ sessionId: z.string().regex(/^[0-9a-f]{64}$/) }).parse(req.params);
    if (!req.parley.user) return signInFirst(reply, '/account');
    return attempt(
      async () => {
        await writeLimit(req);
        await revokeSession(accounts(), { userId: req.parley.user!.id, sessionId, actorId: req.parley.user!.id, siteId: req.parley.site.id, ip: req.ip });
        return reply.redirect('/account?notice=session_revoked#sessions', 303);
      },
      (err) => reply.redirect(withQuery('/account', { error: err.code }), 303),
    );
  });

  accountForm('/account/sessions/revoke', null, noFields, async (req) => {
    await revokeAllSessions(accounts(), { userId: req.parley.user!.id, keepToken: req.parley.sessionToken, actorId: req.parley.user!.id, siteId: req.parley.site.id, ip: req.ip });
    return '/account?notice=sessions_revoked#sessions';
  });

  app.post('/account/identities/:identityId/unlink', async (req, reply) => {
    const { identityId } = z.object({ identityId: z.string().max(64) }).parse(req.params);
    if (!req.parley.user) return signInFirst(reply, '/account');
    return attempt(
      async () => {
        await writeLimit(req);
        await unlinkIdentity(accounts(), { userId: req.parley.user!.id, identityId, siteId: req.parley.site.id, ip: req.ip });
        return reply.redirect('/account?notice=identity_removed#methods', 303);
      },
      (err) => reply.redirect(withQuery('/account', { error: err.code }), 303),
    );
  });

  accountForm('/account/delete', 'delete', z.object({ currentPassword: Text(300) }), async (req, f, reply) => {
    const { dueAt } = await requestAccountDeletion(accounts(), { userId: req.parley.user!.id, currentPassword: f.currentPassword || undefined, siteId: req.parley.site.id, links: linksFor(deps, req), ip: req.ip });
    await finishSession(deps, req, reply);
    return `/account/deleted?on=${encodeURIComponent(dueAt.slice(0, 10))}`;
  });

  app.get('/account/deleted', async (req, reply) => {
    const on = String((req.query as Record<string, unknown>).on ?? '').replace(/[^0-9-]/g, '').slice(0, 10);
    return html(reply, renderSentPage(ctxFor(req), { title: 'Your account will be deleted', text: `You are signed out everywhere. The account will be deleted on ${on || 'the date in our mail'}; until then, sign in and choose “Keep my account” to change your mind.` }));
  });

  accountForm('/account/delete/cancel', null, noFields, async (req) => {
    await cancelAccountDeletion(accounts(), { userId: req.parley.user!.id, siteId: req.parley.site.id, ip: req.ip });
    return '/account?notice=deletion_cancelled';
  });

  // ---- Public profiles and avatars ------------------------------------------------------------
  app.get('/users/:username', async (req, reply) => {
    const { username } = z.object({ username: z.string().min(1).max(100) }).parse(req.params);
    const q = z.object({ after: z.string().max(200).optional() }).safeParse(req.query);
    const after = q.success ? q.data.after : undefined;
    const { account, items, nextCursor } = await profileComments(deps, req, username, { cursor: after });
    const role = (await deps.store.getMembership({ siteId: req.parley.site.id, userId: account.id }))?.role ?? null;
    const base = `/users/${encodeURIComponent(account.username)}`;
    return html(
      reply,
      renderProfilePage(ctxFor(req), {
        profile: presentProfile(account, role),
        comments: items,
        nextUrl: nextCursor ? `${base}?after=${encodeURIComponent(nextCursor)}` : null,
        isFirstPage: !after,
        isSelf: req.parley.user?.id === account.id,
      }),
    );
  });

  app.get('/users/:userId/avatar.svg', async (req, reply) => {
    const { userId } = z.object({ userId: z.string().max(64) }).parse(req.params);
    const account = await deps.store.getAccount({ userId });
    if (!account) throw new AppError('user_not_found');
    const etag = `"${createHash('sha256').update(`${account.id}:${account.displayName}`).digest('base64url').slice(0, 22)}"`;
    reply.header('etag', etag).header('cache-control', 'public, max-age=3600').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('image/svg+xml; charset=utf-8').send(avatarSvg(account.id, account.displayName));
  });

}
