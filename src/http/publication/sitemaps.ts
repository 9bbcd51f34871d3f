// sitemap.xml (pages and articles), a Google News sitemap (articles of the last two days), and
// robots.txt pointing at both.
import type { Site } from '../../domain/types.js';
import type { SitemapEntry, TermSummary } from '../../store/store.js';
import { listPath } from '../views/pages/publication/paths.js';
import { absolute } from './base.js';

/** The sitemap protocol allows 50,000 URLs per file; this leaves room for the list pages. */
export const SITEMAP_ARTICLES = 45_000;
export const NEWS_WINDOW_MS = 48 * 3600_000;
export const NEWS_LIMIT = 1000;

const xml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
const articlePath = (slug: string) => `/articles/${encodeURIComponent(slug)}`;

export function buildSitemap(input: { base: string; articles: SitemapEntry[]; terms: TermSummary[] }): string {
  const { base } = input;
  const newest = input.articles[0]?.updatedAt;
  const urls: string[] = [`<url><loc>${xml(`${base}/`)}</loc>${newest ? `<lastmod>${newest}</lastmod>` : ''}<changefreq>hourly</changefreq></url>`];
  for (const t of input.terms) {
    urls.push(`<url><loc>${xml(absolute(base, listPath(t.kind, t.key)))}</loc>${t.latestAt ? `<lastmod>${t.latestAt}</lastmod>` : ''}</url>`);
  }
  for (const a of input.articles) urls.push(`<url><loc>${xml(absolute(base, articlePath(a.slug)))}</loc><lastmod>${a.updatedAt}</lastmod></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

export function buildNewsSitemap(input: { base: string; site: Site; articles: SitemapEntry[] }): string {
  const urls = input.articles.map(
    (a) =>
      `<url><loc>${xml(absolute(input.base, articlePath(a.slug)))}</loc><news:news><news:publication><news:name>${xml(input.site.name)}</news:name>` +
      `<news:language>en</news:language></news:publication><news:publication_date>${a.publishedAt}</news:publication_date>` +
      `<news:title>${xml(a.title)}</news:title>${a.tags.length ? `<news:keywords>${xml(a.tags.join(', '))}</news:keywords>` : ''}</news:news></url>`,
  );
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n` +
    `${urls.join('\n')}\n</urlset>\n`
  );
}

export function buildRobots(base: string): string {
  return [
    'User-agent: *',
    'Allow: /',
    'Disallow: /editor',
    'Disallow: /api/',
    'Disallow: /signin',
    'Disallow: /signup',
    'Disallow: /search?',
    '',
    `Sitemap: ${base}/sitemap.xml`,
    `Sitemap: ${base}/news-sitemap.xml`,
    '',
  ].join('\n');
}
