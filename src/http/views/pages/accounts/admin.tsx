// The admin users area: search and filter people, one person's roles, sessions and history,
// the audit log, and the site's sign-in settings. Plain forms throughout.
import type { AdminUserView, AuditView, SessionView } from '../../../accounts/presenters.js';
import { type PageContext, renderPage } from '../../layout.js';
import { formatDate } from './time.js';
import { Alert, Field, PostForm, Submit, type Errors } from './kit.js';

const ROLE_OPTIONS = ['commenter', 'staff', 'moderator', 'admin'] as const;

function AdminNav({ current }: { current: 'users' | 'audit' | 'sign-in' }) {
  const item = (href: string, key: typeof current, label: string) => (
    <li>
      <a href={href} aria-current={current === key ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <nav aria-label="Admin" class="admin-nav">
      <ul>
        {item('/admin/users', 'users', 'People')}
        {item('/admin/audit', 'audit', 'Audit log')}
        {item('/admin/sign-in', 'sign-in', 'Sign-in settings')}
      </ul>
    </nav>
  );
}

const statusLabel = { active: 'active', pending_deletion: 'deletion pending', deleted: 'deleted' } as const;

export function renderAdminUsersPage(
  ctx: PageContext,
  p: { items: AdminUserView[]; nextUrl: string | null; query: { q: string; role: string; status: string; scope: string }; canListAll: boolean },
): string {
  return renderPage(
    ctx,
    { title: `People · Admin · ${ctx.siteName}`, path: '/admin/users', noindex: true },
    <div class="admin-page">
      <h1 class="page-title">People</h1>
      <AdminNav current="users" />
      <form method="get" action="/admin/users" class="admin-filters" role="search" aria-label="Find people">
        <p class="field">
          <label for="q">Name, username or email</label>
          <input id="q" name="q" type="search" value={p.query.q} />
        </p>
        <p class="field">
          <label for="role">Role</label>
          <select id="role" name="role">
            <option value="">Any</option>
            {[...ROLE_OPTIONS, 'none'].map((r) => (
              <option value={r} selected={p.query.role === r}>
                {r === 'none' ? 'Not a member' : r}
              </option>
            ))}
          </select>
        </p>
        <p class="field">
          <label for="status">Status</label>
          <select id="status" name="status">
            <option value="">Any</option>
            {['active', 'unverified', 'pending_deletion', 'deleted'].map((s) => (
              <option value={s} selected={p.query.status === s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </p>
        {p.canListAll && (
          <p class="field">
            <label for="scope">Show</label>
            <select id="scope" name="scope">
              <option value="site" selected={p.query.scope !== 'all'}>
                Members of this site
              </option>
              <option value="all" selected={p.query.scope === 'all'}>
                Every account
              </option>
            </select>
          </p>
        )}
        <p class="form-actions">
          <button type="submit" class="button">
            Search
          </button>
        </p>
      </form>
      {p.items.length === 0 ? (
        <p>Nobody matches.</p>
      ) : (
        <table class="admin-table">
          <caption class="visually-hidden">People, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Joined</th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((u) => (
              <tr key={u.id}>
                <th scope="row">
                  <a href={`/admin/users/${u.id}`}>{u.displayName}</a> <span class="hint">@{u.username}</span>
                  {u.isOperator && <span class="badge">operator</span>}
                </th>
                <td>{u.email ?? '—'}</td>
                <td>{u.role ?? 'not a member'}</td>
                <td>{u.emailVerified || u.status !== 'active' ? statusLabel[u.status] : 'unconfirmed address'}</td>
                <td>{formatDate(u.createdAt).split(',')[0]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.nextUrl && (
        <p class="more-comments">
          <a href={p.nextUrl} rel="next">
            More people
          </a>
        </p>
      )}
    </div>,
  );
}

function AuditTable({ items }: { items: AuditView[] }) {
  if (items.length === 0) return <p>Nothing recorded yet.</p>;
  return (
    <table class="admin-table">
      <caption class="visually-hidden">Audit entries, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">What</th>
          <th scope="col">Who</th>
          <th scope="col">About</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {items.map((e) => (
          <tr key={e.id}>
            <td>{formatDate(e.createdAt)}</td>
            <th scope="row">{e.action}</th>
            <td>{e.actor ? `@${e.actor.username}` : 'system'}</td>
            <td>{e.target ? <a href={`/admin/users/${e.target.id}`}>@{e.target.username}</a> : '—'}</td>
            <td>
              <code>{JSON.stringify(e.details)}</code>
              {e.ip ? <span class="hint"> from {e.ip}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function renderAdminUserPage(
  ctx: PageContext,
  p: { user: AdminUserView; identities: { id: string; providerName: string; linkedAt: string }[]; roles: { site: string; role: string }[]; sessions: SessionView[]; audit: AuditView[]; error?: string | undefined },
): string {
  const u = p.user;
  return renderPage(
    ctx,
    { title: `${u.displayName} · Admin · ${ctx.siteName}`, path: `/admin/users/${u.id}`, noindex: true },
    <div class="admin-page">
      <p>
        <a href="/admin/users">← People</a>
      </p>
      <h1 class="page-title">
        {u.displayName} <span class="hint">@{u.username}</span>
      </h1>
      <AdminNav current="users" />
      <Alert text={p.error} />
      <dl class="admin-facts">
        <dt>Email</dt>
        <dd>
          {u.email ?? '—'} {u.email && (u.emailVerified ? '(confirmed)' : '(not confirmed)')}
        </dd>
        <dt>Status</dt>
        <dd>{statusLabel[u.status]}</dd>
        <dt>Joined</dt>
        <dd>{formatDate(u.createdAt)}</dd>
        <dt>Roles</dt>
        <dd>{p.roles.length ? p.roles.map((r) => `${r.role} on ${r.site}`).join(', ') : 'none'}{u.isOperator ? ' · operator (admin of every site)' : ''}</dd>
        <dt>Signs in with</dt>
        <dd>{p.identities.length ? p.identities.map((i) => i.providerName).join(', ') : 'nothing yet (an unclaimed imported profile)'}</dd>
      </dl>

      {u.abilities.changeRole && (
        <section aria-labelledby="role-heading">
          <h2 id="role-heading">Role on this site</h2>
          <PostForm action={`/admin/users/${u.id}/role`} csrf={ctx.csrf} class="inline-form">
            <label for="role-select">Role</label>{' '}
            <select id="role-select" name="role">
              {ROLE_OPTIONS.map((r) => (
                <option value={r} selected={u.role === r}>
                  {r}
                </option>
              ))}
              <option value="none" selected={u.role === null}>
                not a member
              </option>
            </select>{' '}
            <Submit>Change role</Submit>
          </PostForm>
        </section>
      )}
      {u.abilities.setOperator && (
        <section aria-labelledby="operator-heading">
          <h2 id="operator-heading">Operator</h2>
          <PostForm action={`/admin/users/${u.id}/operator`} csrf={ctx.csrf} class="inline-form">
            <input type="hidden" name="isOperator" value={u.isOperator ? 'false' : 'true'} />
            <Submit quiet>{u.isOperator ? 'Stop being an operator' : 'Make operator (admin of every site)'}</Submit>
          </PostForm>
        </section>
      )}

      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        {p.sessions.length === 0 ? (
          <p>Not signed in anywhere.</p>
        ) : (
          <ul class="plain-list sessions">
            {p.sessions.map((s) => (
              <li key={s.id}>
                {s.kind === 'bearer' ? 'API token' : 'Browser'} · {s.method ?? 'sign-in'} · last active {formatDate(s.lastSeenAt)}
                {s.ip ? ` from ${s.ip}` : ''}
                {s.userAgent ? <span class="hint"> · {s.userAgent.slice(0, 80)}</span> : null}
              </li>
            ))}
          </ul>
        )}
        {u.abilities.revokeSessions && p.sessions.length > 0 && (
          <PostForm action={`/admin/users/${u.id}/sessions/revoke`} csrf={ctx.csrf} class="inline-form">
            <Submit danger>Sign out everywhere</Submit>
          </PostForm>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <AuditTable items={p.audit} />
      </section>
    </div>,
  );
}

export function renderAuditPage(ctx: PageContext, p: { items: AuditView[]; nextUrl: string | null }): string {
  return renderPage(
    ctx,
    { title: `Audit log · Admin · ${ctx.siteName}`, path: '/admin/audit', noindex: true },
    <div class="admin-page">
      <h1 class="page-title">Audit log</h1>
      <AdminNav current="audit" />
      <AuditTable items={p.items} />
      {p.nextUrl && (
        <p class="more-comments">
          <a href={p.nextUrl} rel="next">
            Older entries
          </a>
        </p>
      )}
    </div>,
  );
}

export interface SignInSettingsView {
  sso: { mode: 'hs256' | 'jwks'; jwksUrl?: string | undefined; issuer: string; audience: string; roleCeiling: string; secretSet: boolean } | null;
  deletedAccountComments: 'anonymize' | 'remove';
  signInLinks: boolean;
}

export function renderSignInSettingsPage(
  ctx: PageContext,
  p: { settings: SignInSettingsView; providers: { id: string; slug: string; name: string; issuer: string; clientId: string; redirectUri: string }[]; errors?: Errors; form?: 'settings' | 'provider' },
): string {
  const s = p.settings;
  const errors = p.errors ?? {};
  const fe = (form: string, field: string) => (p.form === form ? errors[field] : undefined);
  return renderPage(
    ctx,
    { title: `Sign-in settings · Admin · ${ctx.siteName}`, path: '/admin/sign-in', noindex: true },
    <div class="admin-page narrow">
      <h1 class="page-title">Sign-in settings</h1>
      <AdminNav current="sign-in" />
      <section aria-labelledby="general-heading">
        <h2 id="general-heading">Readers and deleted accounts</h2>
        <Alert text={p.form === 'settings' ? errors.form : undefined} />
        <PostForm action="/admin/sign-in" csrf={ctx.csrf}>
          <p class="field">
            <label>
              <input type="checkbox" name="signInLinks" value="on" checked={s.signInLinks} /> Readers may sign in with an emailed link
            </label>
          </p>
          <p class="field">
            <label for="deleted-comments">When a reader deletes their account, their comments here are</label>
            <select id="deleted-comments" name="deletedAccountComments">
              <option value="anonymize" selected={s.deletedAccountComments === 'anonymize'}>
                kept, under “Deleted account”
              </option>
              <option value="remove" selected={s.deletedAccountComments === 'remove'}>
                removed (tombstones keep replies in place)
              </option>
            </select>
          </p>
          <h3>Single sign-on from your site</h3>
          <p class="field">
            <label for="sso-mode">Tokens signed with</label>
            <select id="sso-mode" name="ssoMode">
              <option value="off" selected={!s.sso}>
                off
              </option>
              <option value="hs256" selected={s.sso?.mode === 'hs256'}>
                HS256 and a shared secret
              </option>
              <option value="jwks" selected={s.sso?.mode === 'jwks'}>
                RS256 / ES256 / EdDSA, keys at a JWKS URL
              </option>
            </select>
          </p>
          <Field name="ssoSecret" label="Shared secret (HS256)" type="password" autocomplete="off" required={false} error={fe('settings', 'sso.secret')} hint={s.sso?.secretSet ? 'A secret is set; leave empty to keep it.' : 'At least 32 characters.'} />
          <Field name="ssoJwksUrl" label="JWKS URL" autocomplete="off" required={false} value={s.sso?.jwksUrl} error={fe('settings', 'sso.jwksUrl')} />
          <Field name="ssoIssuer" label="Issuer (iss)" autocomplete="off" required={false} value={s.sso?.issuer} error={fe('settings', 'sso.issuer')} />
          <Field name="ssoAudience" label="Audience (aud)" autocomplete="off" required={false} value={s.sso?.audience} error={fe('settings', 'sso.audience')} />
          <p class="field">
            <label for="sso-ceiling">Highest role a token may grant</label>
            <select id="sso-ceiling" name="ssoRoleCeiling">
              {ROLE_OPTIONS.map((r) => (
                <option value={r} selected={(s.sso?.roleCeiling ?? 'staff') === r}>
                  {r}
                </option>
              ))}
            </select>
          </p>
          <p class="form-actions">
            <Submit>Save settings</Submit>
          </p>
        </PostForm>
      </section>
      <section aria-labelledby="providers-heading">
        <h2 id="providers-heading">OpenID Connect providers</h2>
        {p.providers.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <ul class="plain-list">
            {p.providers.map((pr) => (
              <li key={pr.id}>
                <strong>{pr.name}</strong> <span class="hint">({pr.slug})</span> — {pr.issuer}, client {pr.clientId}
                <br />
                <span class="hint">
                  Register this redirect URI there: <code>{pr.redirectUri}</code>
                </span>
                <PostForm action={`/admin/sign-in/providers/${pr.id}/delete`} csrf={ctx.csrf} class="inline-form">
                  <button type="submit" class="link-button">
                    Remove<span class="visually-hidden"> {pr.name}</span>
                  </button>
                </PostForm>
              </li>
            ))}
          </ul>
        )}
        <h3>Add a provider</h3>
        <Alert text={p.form === 'provider' ? errors.form : undefined} />
        <PostForm action="/admin/sign-in/providers" csrf={ctx.csrf}>
          <Field name="name" label="Name shown to readers" autocomplete="off" error={fe('provider', 'name')} />
          <Field name="slug" label="Short name (in URLs)" autocomplete="off" error={fe('provider', 'slug')} hint="Lower-case letters, digits and dashes." />
          <Field name="issuer" label="Issuer URL" autocomplete="off" error={fe('provider', 'issuer')} />
          <Field name="clientId" label="Client id" autocomplete="off" error={fe('provider', 'clientId')} />
          <Field name="clientSecret" label="Client secret" type="password" autocomplete="off" required={false} error={fe('provider', 'clientSecret')} />
          <Field name="scopes" label="Scopes" autocomplete="off" required={false} value="openid email profile" error={fe('provider', 'scopes')} />
          <p class="form-actions">
            <Submit>Add provider</Submit>
          </p>
        </PostForm>
      </section>
    </div>,
  );
}
