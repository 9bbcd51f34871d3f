// What the embed's handlers share: the site's embed settings (briefly cached), the reader's
// language, and the rendering context of fragments.
import type { FastifyRequest } from 'fastify';
import { pickLanguage, translatorFor } from '../../i18n/index.js';
import type { Translator } from '../../i18n/translate.js';
import type { ArticleView } from '../api-types.js';
import type { EmbedSettings } from '../../store/store.js';
import type { HttpDeps } from '../server.js';
import type { FragmentContext } from '../views/pages/embed/fragments.js';

const TTL_MS = 5_000;

/**
 * Embed settings per site, re-read every few seconds (changes come from the CLI, any process).
 * The seconds are the app's clock, so a test lets them pass instead of waiting them out.
 */
export function createSettingsCache(deps: Pick<HttpDeps, 'store' | 'clock'>) {
  const cache = new Map<string, { at: number; settings: Promise<EmbedSettings> }>();
  return (siteId: string): Promise<EmbedSettings> => {
    const now = deps.clock().getTime();
    const hit = cache.get(siteId);
    if (hit && now - hit.at < TTL_MS) return hit.settings;
    const settings = deps.store.getEmbedSettings({ siteId });
    cache.set(siteId, { at: now, settings });
    settings.catch(() => cache.delete(siteId));
    return settings;
  };
}
export type SettingsCache = ReturnType<typeof createSettingsCache>;

/** The page's language (data-parley-lang or <html lang>), the site's, else the browser's. */
export function languageOf(req: FastifyRequest, requested: string | undefined, settings: EmbedSettings): string {
  return pickLanguage(requested || settings.lang, req.headers['accept-language']);
}

export function fragmentContext(article: ArticleView, lang: string): FragmentContext & { t: Translator } {
  return {
    t: translatorFor(lang),
    lang,
    article: { id: article.id, slug: article.slug, title: article.title, commentsOpen: article.commentsOpen, commentsMode: article.commentsMode },
    returnTo: article.url,
  };
}
