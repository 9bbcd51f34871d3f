// Deleting: the text is wiped; a comment with replies stays as a "[deleted]" tombstone so the
// thread keeps its shape, one without replies disappears.
import type { Actor, Comment, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';
import { loadCommentFor } from './load.js';
import { onApprovalChanged, onVisibilityChanged, shouldBeVisible } from './visibility.js';

export async function deleteComment(deps: ServiceDeps, input: { site: Site; actor: Actor; commentId: string }): Promise<Comment | null> {
  const { store, newId, events } = deps;
  const { site, actor } = input;
  const { comment: existing, now } = await loadCommentFor(deps, input, 'delete');

  const deletedAt = now.toISOString();
  const byAuthor = actor.user!.id === existing.authorId;
  await store.transaction(async (tx) => {
    // Re-read inside the transaction: replies may have arrived since.
    const current = (await tx.getComment({ siteId: site.id, id: existing.id }))!;
    const visible = shouldBeVisible('deleted', current.replyCount);
    await tx.updateComment({ siteId: site.id, id: current.id, set: { status: 'deleted', visible, deletedAt, bodyMarkdown: '', bodyHtml: '' } });
    await onVisibilityChanged(tx, current, current.visible, visible);
    await onApprovalChanged(tx, current, current.status === 'approved', false);
    await tx.insertModerationAction({
      id: newId(now.getTime()),
      siteId: site.id,
      commentId: current.id,
      targetUserId: current.authorId,
      actorId: actor.user!.id,
      action: 'delete',
      phase: null,
      reasonCodes: [byAuthor ? 'author_deleted' : 'moderator_deleted'],
      scores: null,
      statement: null,
      createdAt: deletedAt,
    });
  });
  events.publish({ type: 'comment.deleted', siteId: site.id, articleId: existing.articleId, commentId: existing.id });
  const after = await store.getComment({ siteId: site.id, id: existing.id });
  return after && after.visible ? after : null;
}
