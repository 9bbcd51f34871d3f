// The document inside the embed's iframe (issue 7): the article page's discussion, rendered on
// the server in the reader's language, with the embed's small script and stylesheet. No site
// chrome; an account line the script fills in after sign-in; the state the script starts from.
import { renderToString } from 'preact-render-to-string';
import type { Translator } from '../../../../i18n/translate.js';
import { serializeState } from '../../layout.js';

export interface EmbedFrameState {
  site: string;
  /** Null when the page has no thread (and the site does not create them). */
  article: string | null;
  /** Origin of the host page: the only target of the frame's messages. */
  origin: string;
  lang: string;
  sort: string;
  /** Live stream position at render time, so the stream resumes from the rendered state. */
  pos: string;
  /** Texts the script shows itself, already in the frame's language. */
  s: Record<string, string | Record<string, string>>;
}

export interface EmbedFrameProps {
  lang: string;
  t: Translator;
  nonce: string;
  assets: { css: string[]; js: string[] };
  scheme: 'light' | 'dark' | null;
  /** Server-rendered discussion section, or null when the page has no thread. */
  discussionHtml: string | null;
  state: EmbedFrameState;
  /** Where "Discussion by Parley" points. */
  home: string;
}

function Frame({ p }: { p: EmbedFrameProps }) {
  const { t } = p;
  return (
    <html lang={p.lang} class="parley-embed" data-scheme={p.scheme ?? undefined}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{t('Comments')}</title>
        {p.assets.css.map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
        {p.assets.js.map((src) => (
          <script key={src} src={src} defer nonce={p.nonce} />
        ))}
      </head>
      <body>
        <div class="embed-account" hidden>
          <span>
            {t('Signed in as')} <strong class="embed-name" />
          </span>{' '}
          <button type="button" class="link-button embed-signout">
            {t('Sign out')}
          </button>
        </div>
        <div id="parley-discussion">
          {p.discussionHtml === null ? (
            <p class="discussion-note">{t('Comments are not available on this page.')}</p>
          ) : (
            <div class="embed-discussion" dangerouslySetInnerHTML={{ __html: p.discussionHtml }} />
          )}
        </div>
        <p class="embed-footer">
          <a href={p.home} target="_blank" rel="noopener">
            {t('Discussion by Parley')}
          </a>
        </p>
        <script type="application/json" id="parley-embed" nonce={p.nonce} dangerouslySetInnerHTML={{ __html: serializeState(p.state) }} />
      </body>
    </html>
  );
}

export function renderEmbedFrame(p: EmbedFrameProps): string {
  return `<!doctype html>${renderToString(<Frame p={p} />)}`;
}
