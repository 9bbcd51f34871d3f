// One reaction per reader per comment: set, switch or remove it, and re-rank the comment.
import { bestScore } from '../../domain/ranking.js';
import type { Actor, ReactionKind, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';
import { loadCommentFor } from './load.js';

const COUNTER = { like: 'likeCount', dislike: 'dislikeCount' } as const;

export interface ReactionResult {
  reactions: { like: number; dislike: number };
  myReaction: ReactionKind | null;
}

export async function reactToComment(
  deps: ServiceDeps,
  input: { site: Site; actor: Actor; commentId: string; kind: ReactionKind | null },
): Promise<ReactionResult> {
  const { store, events } = deps;
  const { site, actor } = input;
  const { comment: existing, now } = await loadCommentFor(deps, input, 'react');
  const userId = actor.user!.id;

  const result = await store.transaction(async (tx) => {
    const previous = (await tx.getReaction({ siteId: site.id, commentId: existing.id, userId })) ?? null;
    if (previous === input.kind) {
      return { reactions: { like: existing.likeCount, dislike: existing.dislikeCount }, myReaction: previous, changed: false };
    }
    const delta: Record<string, number> = {};
    if (previous) delta[COUNTER[previous]] = -1;
    if (input.kind) delta[COUNTER[input.kind]] = 1;
    if (input.kind) await tx.setReaction({ siteId: site.id, commentId: existing.id, userId, kind: input.kind, createdAt: now.toISOString() });
    else await tx.deleteReaction({ siteId: site.id, commentId: existing.id, userId });
    const updated = (await tx.adjustCommentCounters({ siteId: site.id, id: existing.id, delta }))!;
    const score = bestScore({ likes: updated.likeCount, dislikes: updated.dislikeCount, reports: updated.reportCount, createdAt: updated.createdAt });
    await tx.updateComment({ siteId: site.id, id: existing.id, set: { score } });
    return { reactions: { like: updated.likeCount, dislike: updated.dislikeCount }, myReaction: input.kind, changed: true };
  });
  if (result.changed) events.publish({ type: 'comment.reacted', siteId: site.id, articleId: existing.articleId, commentId: existing.id });
  return { reactions: result.reactions, myReaction: result.myReaction };
}
