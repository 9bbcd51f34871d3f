// A reader flags a comment for moderators. Each reader reports a comment once; reports weigh
// against the comment in "best" order.
import { AppError } from '../../domain/errors.js';
import { bestScore } from '../../domain/ranking.js';
import type { Actor, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';
import { loadCommentFor } from './load.js';
import { decisionEvents, type CommentDecisionResult } from '../moderation/decide.js';
import { holdIfReported } from '../moderation/reportThreshold.js';

export const REPORT_REASONS = ['spam', 'abuse', 'off_topic', 'misinformation', 'illegal', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export async function reportComment(
  deps: ServiceDeps,
  input: { site: Site; actor: Actor; commentId: string; reason: ReportReason; note: string | null },
): Promise<{ created: boolean }> {
  const { store, newId, events } = deps;
  const { site, actor } = input;
  const { comment: existing, now } = await loadCommentFor(deps, input, 'report');
  if ((input.reason === 'illegal' || input.reason === 'other') && !input.note?.trim()) {
    throw new AppError('validation_failed', { fields: [{ field: 'note', code: 'required', message: 'Explain what is wrong with this comment.' }] });
  }

  let held: CommentDecisionResult | null = null;
  const created = await store.transaction(async (tx) => {
    const inserted = await tx.insertReport({
      id: newId(now.getTime()),
      siteId: site.id,
      commentId: existing.id,
      reporterId: actor.user!.id,
      reason: input.reason,
      note: input.note?.trim() || null,
      createdAt: now.toISOString(),
    });
    if (!inserted) return false;
    const updated = (await tx.adjustCommentCounters({ siteId: site.id, id: existing.id, delta: { reportCount: 1 } }))!;
    const score = bestScore({ likes: updated.likeCount, dislikes: updated.dislikeCount, reports: updated.reportCount, createdAt: updated.createdAt });
    await tx.updateComment({ siteId: site.id, id: existing.id, set: { score } });
    held = await holdIfReported(tx, deps, site, updated);
    return true;
  });
  if (created) events.publish({ type: 'comment.reported', siteId: site.id, articleId: existing.articleId, commentId: existing.id });
  if (held) decisionEvents(deps, held);
  return { created };
}
