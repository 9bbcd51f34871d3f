// Finding the thread of a host page, and creating it on the first load when the site allows:
// an article with the page's title, published, open for comments, remembered under the page's
// thread key. Concurrent first loads of one page end up on the same thread.
import { AppError } from '../../domain/errors.js';
import type { Article, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../../services/deps.js';
import type { EmbedSettings } from '../../store/store.js';
import { normalizePageUrl, originAllowed, threadKey, validThreadId } from './normalize.js';

export interface PageRef {
  /** The page's canonical URL, as the embed script found it. */
  url: string;
  /** data-parley-id, when the page names its thread. */
  id: string | null;
  title: string;
}

export interface ResolvedPage {
  key: string;
  url: string;
  article: Article | null;
}

function invalid(field: string, message: string): AppError {
  return new AppError('validation_failed', { fields: [{ field, code: 'invalid', message }] });
}

/** Validates a page reference against the site's rules; throws field errors. */
export function pageKey(page: Pick<PageRef, 'url' | 'id'>, settings: EmbedSettings): { key: string; url: string } {
  const url = normalizePageUrl(page.url, settings.url);
  if (!url) throw invalid('url', 'Not an http(s) page URL.');
  // The page's own origin, or the one its normalized URL has (http and https as one).
  if (!originAllowed(page.url, settings.allowedOrigins) && !originAllowed(url, settings.allowedOrigins)) {
    throw new AppError('forbidden', { detail: 'This page is not on an origin the site allows to embed its discussions.' });
  }
  if (page.id !== null && !validThreadId(page.id)) throw invalid('id', 'data-parley-id must be 1–200 letters, digits or ._:/@+-');
  return { key: threadKey({ id: page.id, url }), url };
}

export async function findOrCreateThread(
  deps: ServiceDeps,
  site: Site,
  settings: EmbedSettings,
  page: PageRef,
  /** Runs before a thread is created (the route's rate limit). */
  beforeCreate: () => Promise<void> = async () => {},
): Promise<ResolvedPage> {
  const { store, clock, newId } = deps;
  const { key, url } = pageKey(page, settings);
  const now = clock();
  const found = await store.findEmbedThread({ siteId: site.id, key, externalId: page.id, url, now: now.toISOString() });
  if (found) return { key, url, article: (await store.getArticle({ siteId: site.id, id: found })) ?? null };
  if (!settings.autoCreate) return { key, url, article: null };
  await beforeCreate();

  const id = newId(now.getTime());
  const at = now.toISOString();
  const title = page.title.replace(/\s+/g, ' ').trim().slice(0, 300) || url;
  const { articleId } = await store.createEmbedThread({
    siteId: site.id,
    key,
    url,
    article: {
      id,
      siteId: site.id,
      slug: `embed-${id.toLowerCase()}`,
      externalId: page.id,
      title,
      dek: '',
      bodyMarkdown: '',
      bodyHtml: '',
      leadImage: null,
      authors: [],
      tags: [],
      section: null,
      status: 'published',
      publishedAt: at,
      updatedAt: at,
      commentsMode: 'open',
      closeAt: null,
      createdAt: at,
    },
  });
  return { key, url, article: (await store.getArticle({ siteId: site.id, id: articleId })) ?? null };
}
