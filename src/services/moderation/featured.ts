// The comments editors featured under an article (pinned first), for the "Featured" list.
import type { Comment, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';

export async function listFeatured(deps: Pick<ServiceDeps, 'store'>, input: { site: Site; articleId: string; limit?: number }): Promise<{ comment: Comment; featuredAt: string; pinnedAt: string | null }[]> {
  return deps.store.moderation.listFeatured({ siteId: input.site.id, articleId: input.articleId, limit: Math.min(input.limit ?? 50, 100) });
}
