// The search page: a form that works without JavaScript, and the matching articles with the
// passage that matched, hits highlighted.
import type { ArticleView } from '../../../api-types.js';
import { countLabel, formatAbsolute } from '../../format.js';
import { type PageContext, langOf, renderPage } from '../../layout.js';
import { articlePath } from '../../urls.js';
import { searchPath } from './paths.js';

export interface SearchPageProps {
  query: string;
  page: number;
  pageCount: number;
  total: number;
  /** snippetHtml is escaped text with <mark> around hits (see services/search). */
  hits: { article: ArticleView; snippetHtml: string }[];
}

export function SearchForm({ query, id = 'search-q' }: { query: string; id?: string }) {
  return (
    <form method="get" action="/search" role="search" class="search-form">
      <label for={id}>Search articles</label>
      <div class="search-row">
        <input id={id} type="search" name="q" value={query} maxLength={200} autocomplete="off" />
        <button type="submit" class="button">
          Search
        </button>
      </div>
    </form>
  );
}

export function renderSearchPage(ctx: PageContext, p: SearchPageProps): string {
  const lang = langOf(ctx);
  const title = p.query ? `Search: ${p.query}` : 'Search';
  return renderPage(
    ctx,
    { title: `${title} · ${ctx.siteName}`, description: `Search the articles of ${ctx.siteName}.`, path: searchPath(p.query, p.page), noindex: Boolean(p.query) },
    <>
      <h1 class="page-title">Search</h1>
      <SearchForm query={p.query} />
      {p.query && (
        <section aria-labelledby="results-heading" class="search-results">
          <h2 id="results-heading" class="block-title" aria-live="polite">
            {p.total === 0 ? `No articles match “${p.query}”` : `${countLabel(p.total, 'article matches', 'articles match')} “${p.query}”`}
          </h2>
          {p.total === 0 && <p>Check the spelling, or try fewer or different words.</p>}
          {p.hits.length > 0 && (
            <ol class="search-hits" start={(p.page - 1) * 10 + 1}>
              {p.hits.map(({ article, snippetHtml }) => (
                <li key={article.id} class="search-hit">
                  <h3 class="search-hit-title">
                    <a href={articlePath(article.slug)}>{article.title}</a>
                  </h3>
                  <p class="search-hit-meta">
                    {article.section && <>{article.section} · </>}
                    {article.publishedAt && <time dateTime={article.publishedAt}>{formatAbsolute(article.publishedAt, lang)}</time>}
                  </p>
                  {snippetHtml && <p class="search-hit-snippet" dangerouslySetInnerHTML={{ __html: snippetHtml }} />}
                </li>
              ))}
            </ol>
          )}
          {p.pageCount > 1 && (
            <nav class="pager" aria-label="Result pages">
              {p.page > 1 && (
                <a href={searchPath(p.query, p.page - 1)} rel="prev">
                  Previous results
                </a>
              )}
              <span>
                Page {p.page} of {p.pageCount}
              </span>
              {p.page < p.pageCount && (
                <a href={searchPath(p.query, p.page + 1)} rel="next">
                  More results
                </a>
              )}
            </nav>
          )}
        </section>
      )}
    </>,
  );
}
