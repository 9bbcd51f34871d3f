// The page shell: <head>, site header, main, footer, and the hydration hand-off (state JSON and
// the client bundle). Every page goes through renderPage.
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { MeView } from '../api-types.js';
import { Discussion } from './discussion/Discussion.js';
import { CsrfField } from './discussion/forms.js';
import type { DiscussionProps } from './discussion/types.js';
import { signInUrl, signUpUrl } from './urls.js';

export interface PageContext {
  siteName: string;
  me: MeView | null;
  /** Goes into every POST form as `_csrf` and into <meta name="parley-csrf">. */
  csrf: string;
  /** CSP nonce carried by every <script> element; '' (NO_NONCE) for pages that carry none. */
  nonce: string;
  /** URLs from the build manifest (see ../assets.ts). */
  assets: { css: string[]; js: string[] };
  /** Flash message shown at the top of <main>. */
  notice?: { kind: 'info' | 'error'; text: string } | null;
  canonicalUrl?: string;
  /** Defaults to 'en'. */
  lang?: string;
}

export interface PageOptions {
  title: string;
  description?: string;
  /** Path of this page: where sign-in and sign-out come back to. */
  path: string;
  /** Keep the page out of search results (forms, errors). */
  noindex?: boolean;
  /** Props of the Discussion the page renders; they are serialized and the bundle hydrates them. */
  discussion?: DiscussionProps;
  /** More elements for <head>: social cards, feed links, JSON-LD (scripts carry the nonce). */
  head?: ComponentChildren;
}

export const langOf = (ctx: PageContext): string => ctx.lang ?? 'en';

/** JSON safe inside <script>: no `<`, `>`, `&` or line separators can end or confuse the element. */
export function serializeState(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The discussion mount point; the client bundle hydrates its content. */
export function DiscussionRoot({ props }: { props: DiscussionProps }) {
  return (
    <div id="parley-discussion">
      <Discussion {...props} />
    </div>
  );
}

function SiteHeader({ ctx, path }: { ctx: PageContext; path: string }) {
  return (
    <header class="site-header">
      <div class="wrap site-header-inner">
        <a class="site-name" href="/">
          {ctx.siteName}
        </a>
        <nav class="site-nav" aria-label="Site">
          <a href="/search">Search</a>
          {ctx.me && (ctx.me.isOperator || (ctx.me.role && ctx.me.role !== 'commenter')) && <a href="/editor">Editor</a>}
          {ctx.me && (ctx.me.isOperator || ctx.me.role === 'moderator' || ctx.me.role === 'admin' ? <a href="/moderation">Moderation</a> : <a href="/notices">Notices</a>)}
        </nav>
        <nav class="account" aria-label="Account">
          {ctx.me ? (
            <form method="post" action="/signout" class="signout">
              <span class="signed-in">
                Signed in as <strong>{ctx.me.displayName}</strong>
              </span>{' '}
              <CsrfField token={ctx.csrf} />
              <input type="hidden" name="returnTo" value={path} />
              <button type="submit" class="link-button">
                Sign out
              </button>
            </form>
          ) : (
            <ul>
              <li>
                <a href={signInUrl(path)}>Sign in</a>
              </li>
              <li>
                <a href={signUpUrl(path)}>Sign up</a>
              </li>
            </ul>
          )}
        </nav>
      </div>
    </header>
  );
}

function Page({ ctx, opts, children }: { ctx: PageContext; opts: PageOptions; children: ComponentChildren }) {
  const { assets, nonce, notice } = ctx;
  const state = opts.discussion;
  return (
    <html lang={langOf(ctx)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{opts.title}</title>
        {opts.description && <meta name="description" content={opts.description} />}
        {opts.noindex && <meta name="robots" content="noindex" />}
        {ctx.canonicalUrl && <link rel="canonical" href={ctx.canonicalUrl} />}
        {opts.head}
        <meta name="color-scheme" content="light dark" />
        <meta name="parley-csrf" content={ctx.csrf} />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        {assets.css.map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
        {state && assets.js.map((src) => <script key={src} type="module" src={src} nonce={nonce || undefined} />)}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader ctx={ctx} path={opts.path} />
        <main id="main" class="wrap" tabIndex={-1}>
          {notice && (
            <p class={`notice notice--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
              {notice.text}
            </p>
          )}
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>
              {ctx.siteName} · Discussion by Parley
              {/* In the footer, so the header's keyboard path stays short */}
              {ctx.me && (
                <>
                  {' · '}
                  <a href="/account">Your account</a>
                </>
              )}
            </p>
          </div>
        </footer>
        {state && (
          <script
            type="application/json"
            id="parley-state"
            nonce={nonce || undefined}
            dangerouslySetInnerHTML={{ __html: serializeState(state) }}
          />
        )}
      </body>
    </html>
  );
}

/** A complete HTML document. Pages with a discussion also get the client bundle. */
export function renderPage(ctx: PageContext, opts: PageOptions, body: ComponentChildren): string {
  return `<!doctype html>${renderToString(
    <Page ctx={ctx} opts={opts}>
      {body}
    </Page>,
  )}`;
}
