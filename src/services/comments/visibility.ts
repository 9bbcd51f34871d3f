// Keeps the denormalized counters right when a comment appears or disappears for readers.
//
//   reply_count       visible direct replies (tombstones included)
//   descendant_count  visible comments in a branch below its root (roots only)
//   comment_count     approved comments of an article (what "N comments" shows)
//
// A tombstone (deleted or rejected comment kept for its replies) that loses its last visible
// reply disappears too, and that may cascade up the chain.
import type { Comment } from '../../domain/types.js';
import type { BranchNode, Store } from '../../store/store.js';

const TOMBSTONE_STATUSES = new Set(['deleted', 'rejected']);

/** Whether readers should see a comment with this status and reply count. */
export function shouldBeVisible(status: Comment['status'], replyCount: number): boolean {
  if (status === 'approved') return true;
  return TOMBSTONE_STATUSES.has(status) && replyCount > 0;
}

/** Call after a comment's visible flag changed from `was` to `now`, inside the transaction. */
export async function onVisibilityChanged(tx: Store, comment: BranchNode, was: boolean, now: boolean): Promise<void> {
  if (was === now || comment.parentId === null) return;
  const delta = now ? 1 : -1;
  // A reply to a root changes both of the root's counters: one statement.
  const parentIsRoot = comment.parentId === comment.rootId;
  if (comment.depth > 0 && !parentIsRoot) await tx.adjustBranchCounters({ siteId: comment.siteId, id: comment.rootId, replyCount: 0, descendantCount: delta });
  const parent = await tx.adjustBranchCounters({ siteId: comment.siteId, id: comment.parentId, replyCount: delta, descendantCount: comment.depth > 0 && parentIsRoot ? delta : 0 });
  if (!parent) return;
  const parentVisible = shouldBeVisible(parent.status, parent.replyCount);
  if (parentVisible !== parent.visible) {
    await tx.updateComment({ siteId: parent.siteId, id: parent.id, set: { visible: parentVisible } });
    await onVisibilityChanged(tx, parent, parent.visible, parentVisible);
  }
}

/** Call when a comment moves in or out of 'approved'. */
export async function onApprovalChanged(tx: Store, comment: Comment, wasApproved: boolean, nowApproved: boolean): Promise<void> {
  if (wasApproved === nowApproved) return;
  await tx.adjustArticleCommentCount({ siteId: comment.siteId, articleId: comment.articleId, delta: nowApproved ? 1 : -1 });
}
