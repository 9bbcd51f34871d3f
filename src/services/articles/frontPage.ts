// What the front page shows besides the latest articles: the articles most discussed in the last
// two days, and the sections with their newest headlines.
import type { Article, Site } from '../../domain/types.js';
import type { TermSummary } from '../../store/store.js';
import type { ServiceDeps } from '../deps.js';

export const MOST_DISCUSSED_WINDOW_MS = 48 * 3600_000;

export interface FrontPage {
  latest: Article[];
  mostDiscussed: { article: Article; recentComments: number }[];
  sections: { section: TermSummary; articles: Article[] }[];
}

export async function loadFrontPage(deps: Pick<ServiceDeps, 'store' | 'clock'>, site: Site, opts: { latest?: number } = {}): Promise<FrontPage> {
  const since = new Date(deps.clock().getTime() - MOST_DISCUSSED_WINDOW_MS).toISOString();
  const [latest, mostDiscussed, sectionTerms] = await Promise.all([
    deps.store.listPublishedArticles({ siteId: site.id, limit: opts.latest ?? 12 }),
    deps.store.listMostDiscussed({ siteId: site.id, since, limit: 5 }),
    deps.store.listTerms({ siteId: site.id, kind: 'section', limit: 8 }),
  ]);
  const sections = await Promise.all(
    sectionTerms.map(async (section) => ({
      section,
      articles: await deps.store.listPublishedArticles({ siteId: site.id, term: { kind: 'section', key: section.key }, limit: 3 }),
    })),
  );
  return { latest, mostDiscussed, sections };
}
