// Editing within the site's window: the previous text is kept as a revision, the new text is
// rendered once and passes moderation again.
import { renderCommentMarkdown, RENDERER_VERSION } from '../../domain/markdown.js';
import { recordPipeline } from '../moderation/decide.js';
import { evaluateComment, refusalFor } from '../moderation/evaluate.js';
import type { RequestSignals } from '../moderation/scorers/scorer.js';
import type { Actor, Comment, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';
import { loadCommentFor } from './load.js';
import { cleanCommentBody } from './validate.js';
import { onApprovalChanged, onVisibilityChanged, shouldBeVisible } from './visibility.js';

export async function updateComment(deps: ServiceDeps, input: { site: Site; actor: Actor; commentId: string; body: string; client?: RequestSignals }): Promise<Comment> {
  const { store, newId, events } = deps;
  const { site, actor } = input;
  const { comment: existing, article, now } = await loadCommentFor(deps, input, 'edit');

  const body = cleanCommentBody(input.body, site.settings);
  if (body === existing.bodyMarkdown) return existing;
  const html = renderCommentMarkdown(body);
  // An edit passes the full pipeline again
  const evaluation = await evaluateComment(deps, { site, article, actor, body, now, excludeCommentId: existing.id, scorerInput: input.client });
  const refusal = refusalFor(evaluation, now);
  if (refusal) throw refusal;
  const decision = evaluation.decision;
  // An edit never lifts a comment out of review: a pending comment stays pending.
  const status = existing.status === 'pending' ? 'pending' : decision.status;
  const visible = shouldBeVisible(status, existing.replyCount);
  const editedAt = now.toISOString();

  await store.transaction(async (tx) => {
    await tx.insertRevision({
      id: newId(now.getTime()),
      siteId: site.id,
      commentId: existing.id,
      bodyMarkdown: existing.bodyMarkdown,
      bodyHtml: existing.bodyHtml,
      rendererVersion: existing.rendererVersion,
      createdAt: editedAt,
    });
    await tx.updateComment({
      siteId: site.id,
      id: existing.id,
      set: { bodyMarkdown: body, bodyHtml: html, rendererVersion: RENDERER_VERSION, editedAt, status, visible },
    });
    await onVisibilityChanged(tx, existing, existing.visible, visible);
    await onApprovalChanged(tx, existing, existing.status === 'approved', status === 'approved');
    await recordPipeline(tx, { comment: existing, decision, analysis: evaluation.analysis, at: editedAt, edited: true });
    if (status !== existing.status) {
      await tx.insertModerationAction({
        id: newId(now.getTime()),
        siteId: site.id,
        commentId: existing.id,
        targetUserId: existing.authorId,
        actorId: null,
        action: status,
        phase: decision.phase,
        reasonCodes: ['edited', ...decision.reasons],
        scores: Object.keys(decision.scores).length ? decision.scores : null,
        statement: null,
        createdAt: editedAt,
      });
    }
  });
  events.publish({ type: 'comment.updated', siteId: site.id, articleId: existing.articleId, commentId: existing.id });
  return (await store.getComment({ siteId: site.id, id: existing.id }))!;
}
