import { type PageContext, renderPage } from '../layout.js';
import { SearchForm } from './publication/search.js';

// Pages that help: a missing page offers a search for the words of
// its address; a failure offers to try again.
/** Words of a missing address worth searching for: "/articles/harbour-cranes-return" → "harbour cranes return". */
export function searchWordsFor(path: string | undefined): string {
  if (!path) return '';
  let last = path.split('/').filter(Boolean).at(-1) ?? '';
  try {
    last = decodeURIComponent(last);
  } catch {
    last = last.replace(/%[0-9A-Fa-f]{0,2}/g, ' '); // broken escapes are not words
  }
  return last
    .replace(/\.[a-z0-9]{1,5}$/i, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !/^\d+$/.test(w) && !/^[0-9A-Z]{26}$/.test(w))
    .slice(0, 8)
    .join(' ')
    .slice(0, 100);
}

export function renderErrorPage(ctx: PageContext, p: { status: number; title: string; detail: string; path?: string }): string {
  const missing = p.status === 404;
  return renderPage(
    ctx,
    { title: `${p.title} · ${ctx.siteName}`, path: '/', noindex: true },
    <div class="narrow error-page">
      <p class="kicker">Error {p.status}</p>
      <h1 class="page-title">{p.title}</h1>
      <p>{p.detail}</p>
      {missing && (
        <>
          <p>The page may have moved, or the article may have been taken down. Searching may find what you were looking for.</p>
          <SearchForm query={searchWordsFor(p.path)} id="error-search" />
        </>
      )}
      {p.status >= 500 && (
        <p>
          This is our fault, not yours. {p.path && <a href={p.path}>Try again</a>} in a moment; if it keeps happening, the rest of the site may still work.
        </p>
      )}
      <p>
        <a href="/">Go to the front page</a>
      </p>
    </div>,
  );
}
