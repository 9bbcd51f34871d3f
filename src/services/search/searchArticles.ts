// Searching the published articles of a site: SQLite FTS5 or PostgreSQL full-text search (see
// the store), best matches first, each with the passage that matched, words highlighted.
import type { Site } from '../../domain/types.js';
import type { Article } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';

export const SEARCH_PAGE_SIZE = 10;
export const MAX_QUERY_LENGTH = 200;

export interface SearchResult {
  query: string;
  page: number;
  total: number;
  pageCount: number;
  hits: { article: Article; snippetHtml: string }[];
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A matched passage of Markdown source as safe HTML: Markdown punctuation and figure blocks
 * dropped, everything escaped, the hits (between \u0002 and \u0003) in <mark>.
 */
export function snippetToHtml(snippet: string): string {
  const text = snippet
    .replace(/^[ \t]*:::[^\n]*$/gm, ' ')
    .replace(/^[ \t]*(?:alt|caption|credit)[ \t]*:[^\n]*$/gim, ' ')
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/^[ \t]*(?:#{1,6}|>|[-*+]|\d+[.)])[ \t]+/gm, '')
    .replace(/(\*\*|__|\*|_|~~|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return escapeHtml(text)
    .replace(/\u0002/g, '<mark>')
    .replace(/\u0003/g, '</mark>')
    .replace(/<mark>(\s*)<\/mark>/g, '$1')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** Whether a snippet shows any hit at all (otherwise the standfirst says more). */
const hasHit = (html: string) => html.includes('<mark>');

export async function searchArticles(deps: Pick<ServiceDeps, 'store'>, input: { site: Site; query: string; page: number }): Promise<SearchResult> {
  const query = input.query.replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
  const page = Math.max(1, Math.min(input.page, 100));
  if (!query) return { query, page: 1, total: 0, pageCount: 0, hits: [] };
  const { total, hits } = await deps.store.searchArticles({ siteId: input.site.id, query, limit: SEARCH_PAGE_SIZE, offset: (page - 1) * SEARCH_PAGE_SIZE });
  return {
    query,
    page,
    total,
    pageCount: Math.ceil(total / SEARCH_PAGE_SIZE),
    hits: hits.map((h) => {
      const html = snippetToHtml(h.snippet);
      return { article: h.article, snippetHtml: hasHit(html) || !h.article.dek ? html : escapeHtml(h.article.dek) };
    }),
  };
}
