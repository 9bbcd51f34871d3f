// The sign-in popup of the embed (issue 7). A first-party window on Parley's origin, so it works
// when the browser blocks third-party cookies: the reader signs in here (or is already signed in
// here), and the page hands a one-time code back to the embed frame that opened it.
import { renderToString } from 'preact-render-to-string';
import type { Translator } from '../../../../i18n/translate.js';
import { serializeState } from '../../layout.js';

interface PopupShell {
  lang: string;
  t: Translator;
  nonce: string;
  css: string[];
  siteName: string;
}

function Shell({ p, title, children }: { p: PopupShell; title: string; children: preact.ComponentChildren }) {
  return (
    <html lang={p.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} · ${p.siteName}`}</title>
        {p.css.map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
      </head>
      <body>
        <main id="main" class="wrap narrow embed-popup">
          <h1 class="page-title">{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

export interface SignInPopupProps extends PopupShell {
  action: string;
  csrf: string;
  hidden: Record<string, string>;
  login?: string;
  error?: string;
  /** The full sign-up page (opens in this window; the popup finishes when it comes back). */
  signUpHref: string;
  /** Extra ways in (OpenID Connect providers), when the accounts module offers them. */
  providers: { name: string; href: string }[];
}

export function renderSignInPopup(p: SignInPopupProps): string {
  const { t } = p;
  return `<!doctype html>${renderToString(
    <Shell p={p} title={t('Sign in to comment')}>
      <p>{t('Sign in to comment on {site}. This window closes by itself when you are done.', { site: p.siteName })}</p>
      {p.error && (
        <p id="form-error" class="notice notice--error" role="alert">
          {p.error}
        </p>
      )}
      <form method="post" action={p.action} class="auth-form">
        <input type="hidden" name="_csrf" value={p.csrf} />
        {Object.entries(p.hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <p class="field">
          <label for="field-login">{t('Email or username')}</label>
          <input id="field-login" name="login" type="text" autocomplete="username" required value={p.login} aria-describedby={p.error ? 'form-error' : undefined} />
        </p>
        <p class="field">
          <label for="field-password">{t('Password')}</label>
          <input id="field-password" name="password" type="password" autocomplete="current-password" required aria-describedby={p.error ? 'form-error' : undefined} />
        </p>
        <p class="form-actions">
          <button type="submit" class="button">
            {t('Sign in')}
          </button>
        </p>
      </form>
      {p.providers.length > 0 && (
        <ul class="embed-providers">
          {p.providers.map((x) => (
            <li key={x.href}>
              <a class="button button--quiet" href={x.href}>
                {x.name}
              </a>
            </li>
          ))}
        </ul>
      )}
      <p>
        {t('No account yet?')} <a href={p.signUpHref}>{t('Create an account')}</a>
      </p>
    </Shell>,
  )}`;
}

export interface HandoffProps extends PopupShell {
  /** What the opener receives (origin-checked on both sides). */
  message: { type: 'parley:signed-in'; state: string; code: string };
}

/** Posts the code to the frame that opened this window, then closes; says so if it cannot. */
export function renderHandoff(p: HandoffProps): string {
  const { t } = p;
  const script = `(function(){var m=JSON.parse(document.getElementById('parley-handoff').textContent);` +
    `if(window.opener){try{window.opener.postMessage(m,location.origin);window.close();}catch(e){}}})();`;
  return `<!doctype html>${renderToString(
    <Shell p={p} title={t('You are signed in.')}>
      <p role="status">{t('You are signed in. You can close this window and return to the article.')}</p>
      <script type="application/json" id="parley-handoff" nonce={p.nonce} dangerouslySetInnerHTML={{ __html: serializeState(p.message) }} />
      <script nonce={p.nonce} dangerouslySetInnerHTML={{ __html: script }} />
    </Shell>,
  )}`;
}
