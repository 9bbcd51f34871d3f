// Takes an article off the site (or cancels its schedule): it becomes a draft again, keeping its
// text and its first publication time. Its discussion stays stored and returns with it.
import { AppError } from '../../domain/errors.js';
import type { Actor, Site } from '../../domain/types.js';
import type { EditorArticle } from '../../store/store.js';
import type { ServiceDeps } from '../deps.js';
import { assertMayPublish, stateOf } from './saveArticle.js';

export async function unpublishArticle(
  deps: ServiceDeps,
  req: { site: Site; actor: Actor | null; ref: { id: string } | { externalId: string } },
): Promise<{ article: EditorArticle; changed: boolean }> {
  assertMayPublish(req.actor);
  const { site } = req;
  const now = deps.clock().toISOString();
  const out = await deps.store.transaction(async (store) => {
    const found =
      'id' in req.ref
        ? await store.getEditorArticle({ siteId: site.id, id: req.ref.id })
        : await store.getArticleByExternalId({ siteId: site.id, externalId: req.ref.externalId }).then((a) => a && store.getEditorArticle({ siteId: site.id, id: a.id }));
    if (!found) throw new AppError('article_not_found');
    const before = stateOf(found);
    if (before === 'draft') return { article: found, changed: false, wasLive: false };
    // Clearing the fingerprint makes the next publish of the same file put it back.
    await store.updateArticle({ siteId: site.id, id: found.id, set: { status: 'draft', scheduledFor: null, sourceHash: null, updatedAt: now } });
    return { article: (await store.getEditorArticle({ siteId: site.id, id: found.id }))!, changed: true, wasLive: before === 'published' };
  });
  if (out.wasLive) deps.events.publish({ type: 'article.unpublished', siteId: site.id, articleId: out.article.id });
  return { article: out.article, changed: out.changed };
}
