// Pages of the emailed-link flows: forgotten password, new password, sign-in link, claiming an
// imported profile, confirming a new address, and the "check your inbox" page.
import type { ComponentChildren } from 'preact';
import { type PageContext, renderPage } from '../../layout.js';
import { Alert, Field, PostForm, Submit, generalError, type Errors } from './kit.js';

const page = (ctx: PageContext, title: string, body: ComponentChildren) =>
  renderPage(ctx, { title: `${title} · ${ctx.siteName}`, path: '/', noindex: true }, <div class="narrow account-flow">{body}</div>);

export function renderForgotPage(ctx: PageContext, p: { email?: string; errors?: Errors }): string {
  const errors = p.errors ?? {};
  return page(
    ctx,
    'Forgot your password?',
    <>
      <h1 class="page-title">Forgot your password?</h1>
      <p>Enter the address of your account. We will send a link to choose a new password.</p>
      <Alert text={generalError(errors, ['email'])} />
      <PostForm action="/account/forgot" csrf={ctx.csrf}>
        <Field name="email" label="Email" type="email" autocomplete="email" value={p.email} error={errors.email} />
        <p class="form-actions">
          <Submit>Send me a link</Submit>
        </p>
      </PostForm>
      <p>
        Remembered it? <a href="/signin">Sign in</a>.
      </p>
    </>,
  );
}

export function renderSentPage(ctx: PageContext, p: { title: string; text: string }): string {
  return page(
    ctx,
    p.title,
    <>
      <h1 class="page-title">{p.title}</h1>
      <p role="status">{p.text}</p>
      <p>Nothing in a few minutes? Look in the spam folder, check the address, and ask again.</p>
      <p>
        <a href="/">Back to the front page</a>
      </p>
    </>,
  );
}

export function renderResetPage(ctx: PageContext, p: { token: string; valid: boolean; errors?: Errors }): string {
  const errors = p.errors ?? {};
  if (!p.valid) return renderInvalidLinkPage(ctx, { retry: '/account/forgot', retryLabel: 'Ask for a new link' });
  return page(
    ctx,
    'Choose a new password',
    <>
      <h1 class="page-title">Choose a new password</h1>
      <Alert text={generalError(errors, ['password'])} />
      <PostForm action="/account/reset" csrf={ctx.csrf}>
        <input type="hidden" name="token" value={p.token} />
        <Field name="password" label="New password" type="password" autocomplete="new-password" error={errors.password} hint="At least 10 characters, and not one of the common passwords." />
        <p class="form-actions">
          <Submit>Save and sign in</Submit>
        </p>
      </PostForm>
      <p class="hint">Saving signs you out on every other device.</p>
    </>,
  );
}

export function renderInvalidLinkPage(ctx: PageContext, p: { retry: string; retryLabel: string }): string {
  return page(
    ctx,
    'This link no longer works',
    <>
      <h1 class="page-title">This link no longer works</h1>
      <p>It may have been used already, replaced by a newer one, or it has expired.</p>
      <p>
        <a class="button" href={p.retry}>
          {p.retryLabel}
        </a>
      </p>
    </>,
  );
}

export function renderSignInLinkRequestPage(ctx: PageContext, p: { email?: string; returnTo: string; errors?: Errors; enabled: boolean }): string {
  const errors = p.errors ?? {};
  return page(
    ctx,
    'Sign in with a link',
    <>
      <h1 class="page-title">Sign in with a link</h1>
      {p.enabled ? (
        <>
          <p>No password needed: we email you a link that signs you in once, within 15 minutes.</p>
          <Alert text={generalError(errors, ['email'])} />
          <PostForm action="/signin/link/request" csrf={ctx.csrf}>
            <input type="hidden" name="returnTo" value={p.returnTo} />
            <Field name="email" label="Email" type="email" autocomplete="email" value={p.email} error={errors.email} />
            <p class="form-actions">
              <Submit>Email me a link</Submit>
            </p>
          </PostForm>
        </>
      ) : (
        <p>This site does not send sign-in links. Sign in with your password instead.</p>
      )}
      <p>
        <a href={`/signin?returnTo=${encodeURIComponent(p.returnTo)}`}>Sign in with a password</a>
      </p>
    </>,
  );
}

export function renderSignInLinkConfirmPage(ctx: PageContext, p: { token: string; returnTo: string; valid: boolean }): string {
  if (!p.valid) return renderInvalidLinkPage(ctx, { retry: '/signin/link', retryLabel: 'Ask for a new link' });
  return page(
    ctx,
    'Sign in',
    <>
      <h1 class="page-title">Sign in</h1>
      <p>Your link is good. Continue to sign in on this device.</p>
      <PostForm action="/signin/link" csrf={ctx.csrf}>
        <input type="hidden" name="token" value={p.token} />
        <input type="hidden" name="returnTo" value={p.returnTo} />
        <p class="form-actions">
          <Submit>Sign me in</Submit>
        </p>
      </PostForm>
    </>,
  );
}

export function renderClaimPage(ctx: PageContext, p: { token: string; profile: { username: string; displayName: string } | null; username?: string; errors?: Errors }): string {
  if (!p.profile) return renderInvalidLinkPage(ctx, { retry: '/account/forgot', retryLabel: 'Ask for a new link' });
  const errors = p.errors ?? {};
  return page(
    ctx,
    'Claim your profile',
    <>
      <h1 class="page-title">Claim your profile</h1>
      <p>
        The comments of <strong>{p.profile.displayName}</strong> (@{p.profile.username}) become yours. Choose a password to sign in with; you may also pick another username.
      </p>
      <Alert text={generalError(errors, ['password', 'username'])} />
      <PostForm action="/account/claim" csrf={ctx.csrf}>
        <input type="hidden" name="token" value={p.token} />
        <Field name="username" label="Username" autocomplete="username" value={p.username ?? p.profile.username} error={errors.username} hint="Shown as @username next to your comments." />
        <Field name="password" label="Password" type="password" autocomplete="new-password" error={errors.password} hint="At least 10 characters, and not one of the common passwords." />
        <p class="form-actions">
          <Submit>Claim and sign in</Submit>
        </p>
      </PostForm>
    </>,
  );
}

export function renderEmailChangeConfirmPage(ctx: PageContext, p: { token: string; valid: boolean }): string {
  if (!p.valid) return renderInvalidLinkPage(ctx, { retry: '/account', retryLabel: 'Go to your account' });
  return page(
    ctx,
    'Confirm your new address',
    <>
      <h1 class="page-title">Confirm your new address</h1>
      <p>Continue to make this address the one your account uses.</p>
      <PostForm action="/account/email/confirm" csrf={ctx.csrf}>
        <input type="hidden" name="token" value={p.token} />
        <p class="form-actions">
          <Submit>Use this address</Submit>
        </p>
      </PostForm>
    </>,
  );
}
