// The account page: profile, address, password, sign-in methods, sessions, your data, and
// deleting the account. Every section is a plain form, so it all works without JavaScript.
import type { AccountView, SessionView } from '../../../accounts/presenters.js';
import { type PageContext, renderPage } from '../../layout.js';
import { formatDate } from './time.js';
import { Alert, Field, PostForm, Submit, TextArea, type Errors } from './kit.js';

export interface AccountPageProps {
  account: AccountView;
  sessions: SessionView[];
  /** Providers of this site not yet connected to the account. */
  connectable: { name: string; href: string }[];
  isAdmin: boolean;
  /** Which form the errors belong to, and the values to keep. */
  form?: { name: 'profile' | 'email' | 'password' | 'delete'; errors: Errors; values?: Record<string, string> } | null;
}

function describeSession(s: SessionView): string {
  const how = { password: 'password', sign_up: 'sign-up', link: 'emailed link', oidc: 'sign-in provider', sso: 'the site’s sign-in', claim: 'profile claim', reset: 'password reset' }[s.method ?? ''] ?? 'sign-in';
  const agent = s.userAgent ? browserName(s.userAgent) : s.kind === 'bearer' ? 'An app or script' : 'A browser';
  return `${agent}, signed in with ${how}`;
}

function browserName(ua: string): string {
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : null;
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? ua.slice(0, 40);
}

export function renderAccountPage(ctx: PageContext, p: AccountPageProps): string {
  const a = p.account;
  const form = p.form ?? null;
  const errs = (name: string) => (form?.name === name ? form.errors : {});
  const val = (name: string, field: string, fallback: string) => (form?.name === name ? (form.values?.[field] ?? fallback) : fallback);
  const others = p.sessions.filter((s) => !s.current);
  return renderPage(
    ctx,
    { title: `Your account · ${ctx.siteName}`, path: '/account', noindex: true },
    <div class="narrow account-page">
      <h1 class="page-title">Your account</h1>
      {a.deletionDueAt && (
        <section class="notice notice--error" aria-labelledby="deletion-heading">
          <h2 id="deletion-heading">Your account will be deleted on {formatDate(a.deletionDueAt)}</h2>
          <PostForm action="/account/delete/cancel" csrf={ctx.csrf} class="inline-form">
            <Submit>Keep my account</Submit>
          </PostForm>
        </section>
      )}
      {a.email && !a.emailVerified && (
        <section class="notice" aria-labelledby="verify-heading">
          <h2 id="verify-heading">Confirm your address</h2>
          <p>We sent a link to {a.email}. Confirmed addresses can reset the password and sign in by link.</p>
          <PostForm action="/account/verification" csrf={ctx.csrf} class="inline-form">
            <Submit quiet>Send the link again</Submit>
          </PostForm>
        </section>
      )}
      <nav aria-label="On this page" class="account-toc">
        <ul>
          <li>
            <a href="#profile">Profile</a>
          </li>
          <li>
            <a href="#address">Email</a>
          </li>
          <li>
            <a href="#password">Password</a>
          </li>
          <li>
            <a href="#methods">Sign-in methods</a>
          </li>
          <li>
            <a href="#sessions">Sessions</a>
          </li>
          <li>
            <a href="#data">Your data</a>
          </li>
          {p.isAdmin && (
            <li>
              <a href="/admin/users">Manage users</a>
            </li>
          )}
        </ul>
      </nav>

      <section id="profile" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile</h2>
        <p class="profile-preview">
          <img src={a.avatarUrl} alt="" width={48} height={48} class="avatar" /> <a href={a.profileUrl}>See your public profile</a>
        </p>
        <Alert text={errs('profile').form} />
        <PostForm action="/account/profile" csrf={ctx.csrf}>
          <Field name="displayName" label="Display name" autocomplete="name" value={val('profile', 'displayName', a.displayName)} error={errs('profile').displayName} maxLength={60} />
          <Field name="username" label="Username" autocomplete="username" value={val('profile', 'username', a.username)} error={errs('profile').username} hint="Letters, digits and underscores; shown as @username." maxLength={24} />
          <TextArea name="bio" label="About you" value={val('profile', 'bio', a.bio)} error={errs('profile').bio} maxLength={500} hint="Up to 500 characters, shown on your profile." />
          <p class="form-actions">
            <Submit>Save profile</Submit>
          </p>
        </PostForm>
      </section>

      <section id="address" aria-labelledby="address-heading">
        <h2 id="address-heading">Email</h2>
        <p>
          {a.email ? (
            <>
              Your address is <strong>{a.email}</strong> ({a.emailVerified ? 'confirmed' : 'not confirmed yet'}).
            </>
          ) : (
            'Your account has no address.'
          )}
        </p>
        <Alert text={errs('email').form} />
        <PostForm action="/account/email" csrf={ctx.csrf}>
          <Field name="email" label="New address" type="email" autocomplete="email" value={val('email', 'email', '')} error={errs('email').email} />
          {a.hasPassword && <Field name="currentPassword" label="Current password" type="password" autocomplete="current-password" error={errs('email').currentPassword} />}
          <p class="form-actions">
            <Submit>Change address</Submit>
          </p>
        </PostForm>
      </section>

      <section id="password" aria-labelledby="password-heading">
        <h2 id="password-heading">{a.hasPassword ? 'Password' : 'Set a password'}</h2>
        <Alert text={errs('password').form} />
        <PostForm action="/account/password" csrf={ctx.csrf}>
          {a.hasPassword && <Field name="currentPassword" label="Current password" type="password" autocomplete="current-password" error={errs('password').currentPassword} />}
          <Field name="newPassword" label="New password" type="password" autocomplete="new-password" error={errs('password').newPassword} hint="At least 10 characters, and not one of the common passwords. Your other sessions are signed out." />
          <p class="form-actions">
            <Submit>{a.hasPassword ? 'Change password' : 'Set password'}</Submit>
          </p>
        </PostForm>
      </section>

      <section id="methods" aria-labelledby="methods-heading">
        <h2 id="methods-heading">Sign-in methods</h2>
        <ul class="plain-list">
          {a.identities.map((i) => (
            <li key={i.id}>
              {i.providerName} <span class="hint">since {formatDate(i.linkedAt)}</span>{' '}
              {a.identities.length > 1 && (
                <PostForm action={`/account/identities/${encodeURIComponent(i.id)}/unlink`} csrf={ctx.csrf} class="inline-form">
                  <button type="submit" class="link-button">
                    Remove<span class="visually-hidden"> {i.providerName}</span>
                  </button>
                </PostForm>
              )}
            </li>
          ))}
        </ul>
        {p.connectable.length > 0 && (
          <ul class="provider-list">
            {p.connectable.map((c) => (
              <li key={c.href}>
                <a class="button button--quiet" href={c.href}>
                  Connect {c.name}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section id="sessions" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Where you are signed in</h2>
        <ul class="plain-list sessions">
          {p.sessions.map((s) => (
            <li key={s.id}>
              <strong>{describeSession(s)}</strong>
              {s.current && <span class="badge">this device</span>}
              <br />
              <span class="hint">
                Last active {formatDate(s.lastSeenAt)}
                {s.ip ? ` from ${s.ip}` : ''} · signed in {formatDate(s.createdAt)}
              </span>
              {!s.current && (
                <PostForm action={`/account/sessions/${s.id}/revoke`} csrf={ctx.csrf} class="inline-form">
                  <button type="submit" class="link-button">
                    Sign out<span class="visually-hidden"> of this session</span>
                  </button>
                </PostForm>
              )}
            </li>
          ))}
        </ul>
        {others.length > 0 && (
          <PostForm action="/account/sessions/revoke" csrf={ctx.csrf} class="inline-form">
            <Submit quiet>Sign out everywhere else</Submit>
          </PostForm>
        )}
      </section>

      <section id="data" aria-labelledby="data-heading">
        <h2 id="data-heading">Your data</h2>
        <p>Download everything this site holds about you: account, sign-in methods, sessions, every comment with its earlier versions, reactions, reports and moderation decisions.</p>
        <p>
          <a class="button button--quiet" href="/account/export" download>
            Download my data (JSON)
          </a>
        </p>
        {!a.deletionDueAt && (
          <>
            <h3>Delete your account</h3>
            <p>You are signed out everywhere at once; the account is deleted after a grace period, during which signing in lets you keep it. Your comments are then removed or anonymized as each site decides.</p>
            <Alert text={errs('delete').form} />
            <PostForm action="/account/delete" csrf={ctx.csrf}>
              {a.hasPassword && <Field name="currentPassword" label="Current password" type="password" autocomplete="current-password" error={errs('delete').currentPassword} />}
              <p class="form-actions">
                <Submit danger>Delete my account</Submit>
              </p>
            </PostForm>
          </>
        )}
      </section>
    </div>,
  );
}
