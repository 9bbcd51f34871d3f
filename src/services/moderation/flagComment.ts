// Featuring and pinning: editorial flags on approved comments. Featured comments appear in the
// discussion's "Featured" list; pinned ones head it. Each change is in the moderation log.
import { AppError } from '../../domain/errors.js';
import { authorizeModeration } from '../../domain/policies/moderation.js';
import type { Actor, Comment, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';

export type Flag = 'feature' | 'unfeature' | 'pin' | 'unpin';

export async function flagComment(deps: ServiceDeps, input: { site: Site; actor: Actor; commentId: string; flag: Flag }): Promise<Comment> {
  authorizeModeration(input.actor, 'moderate_comments');
  const now = deps.clock();
  const at = now.toISOString();
  const comment = await deps.store.transaction(async (tx) => {
    const c = await tx.getComment({ siteId: input.site.id, id: input.commentId });
    if (!c) throw new AppError('comment_not_found');
    if ((input.flag === 'feature' || input.flag === 'pin') && c.status !== 'approved') {
      throw new AppError('validation_failed', { detail: 'Only approved comments can be featured or pinned.', fields: [{ field: 'action', code: 'not_approved', message: 'Approve the comment first.' }] });
    }
    if (!(await tx.moderation.getCommentModeration({ siteId: c.siteId, commentId: c.id }))) {
      await tx.moderation.upsertCommentModeration({ commentId: c.id, siteId: c.siteId, articleId: c.articleId, authorId: c.authorId, phase: null, reasons: [], scores: {}, toxicity: 0, spam: 0, reviewedAt: null, reviewedBy: null, label: null, featuredAt: null, pinnedAt: null, createdAt: at });
    }
    const set =
      input.flag === 'feature' ? { featuredAt: at }
      : input.flag === 'unfeature' ? { featuredAt: null, pinnedAt: null }
      : input.flag === 'pin' ? { pinnedAt: at, featuredAt: at }
      : { pinnedAt: null };
    await tx.moderation.setFlags({ siteId: c.siteId, commentId: c.id, ...set });
    await tx.moderation.setReviewed({ siteId: c.siteId, commentIds: [c.id], reviewedAt: at, reviewedBy: input.actor.user!.id });
    await tx.insertModerationAction({
      id: deps.newId(now.getTime()),
      siteId: c.siteId,
      commentId: c.id,
      targetUserId: c.authorId,
      actorId: input.actor.user!.id,
      action: input.flag,
      phase: 'moderator',
      reasonCodes: [],
      scores: null,
      statement: null,
      createdAt: at,
    });
    return c;
  });
  deps.events.publish({ type: 'comment.moderated', siteId: comment.siteId, articleId: comment.articleId, commentId: comment.id, status: comment.status, visible: comment.visible });
  return comment;
}
