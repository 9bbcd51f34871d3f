// Closing, reopening and premoderating a story's discussion, and closing it after N days. Staff
// may do this to their discussions (the article policy's "close"); each change is logged.
import { AppError } from '../../domain/errors.js';
import { authorizeModeration } from '../../domain/policies/moderation.js';
import type { Actor, Article, CommentsMode, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';

export async function setStoryMode(
  deps: ServiceDeps,
  input: { site: Site; actor: Actor; articleId: string; mode: CommentsMode; closeAfterDays?: number | null },
): Promise<Article> {
  authorizeModeration(input.actor, 'manage_story');
  const article = await deps.store.getArticle({ siteId: input.site.id, id: input.articleId });
  if (!article) throw new AppError('article_not_found');
  const now = deps.clock();
  let closeAt: string | null | undefined;
  if (input.closeAfterDays === null) closeAt = null;
  else if (input.closeAfterDays !== undefined) {
    const from = Date.parse(article.publishedAt ?? article.createdAt);
    closeAt = new Date(from + input.closeAfterDays * 86_400_000).toISOString();
  } else if (input.mode === 'open' && article.closeAt && Date.parse(article.closeAt) <= now.getTime()) {
    closeAt = null; // reopening a discussion that closed by time
  }
  await deps.store.transaction(async (tx) => {
    await tx.moderation.setArticleCommentsMode({ siteId: input.site.id, articleId: article.id, commentsMode: input.mode, ...(closeAt !== undefined ? { closeAt } : {}) });
    await tx.insertModerationAction({
      id: deps.newId(now.getTime()),
      siteId: input.site.id,
      commentId: null,
      targetUserId: null,
      actorId: input.actor.user!.id,
      action: input.mode === 'closed' ? 'close_story' : input.mode === 'open' ? 'reopen_story' : 'premoderate_story',
      phase: 'moderator',
      reasonCodes: closeAt ? [`close_at:${closeAt}`] : [],
      scores: null,
      statement: article.id,
      createdAt: now.toISOString(),
    });
  });
  deps.events.publish({ type: 'article.moderation_changed', siteId: input.site.id, articleId: article.id });
  return (await deps.store.getArticle({ siteId: input.site.id, id: article.id }))!;
}

export const closeStory = (deps: ServiceDeps, input: { site: Site; actor: Actor; articleId: string }) => setStoryMode(deps, { ...input, mode: 'closed' });
export const reopenStory = (deps: ServiceDeps, input: { site: Site; actor: Actor; articleId: string }) => setStoryMode(deps, { ...input, mode: 'open' });
