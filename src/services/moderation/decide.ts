// The one place a comment's moderation status changes after posting. approveComment,
// rejectComment, markSpam, the report threshold and appeal reversals all come through here, so
// counters, tombstones, the moderation log, reports, training labels and statements of reasons
// stay consistent whoever decides.
import { AppError } from '../../domain/errors.js';
import type { Decision } from '../../domain/moderation/pipeline.js';
import { trainingLabelFor } from '../../domain/moderation/reasons.js';
import type { Analysis } from '../../domain/moderation/pipeline.js';
import type { Statement } from '../../domain/moderation/types.js';
import type { Actor, Comment, Site } from '../../domain/types.js';
import type { Store } from '../../store/store.js';
import type { ServiceDeps } from '../deps.js';
import { onApprovalChanged, onVisibilityChanged, shouldBeVisible } from '../comments/visibility.js';
import { loadModerationSettings } from './runtime.js';
import { issueStatement, removalBody, reportDecisionBody } from './statements.js';

export type CommentVerb = 'approve' | 'reject' | 'spam';

const STATUS_OF = { approve: 'approved', reject: 'rejected', spam: 'spam' } as const;

export interface CommentDecisionInput {
  site: Site;
  /** Null when the system decides (e.g. the report threshold). */
  actor: Actor | null;
  commentId: string;
  verb: CommentVerb | 'hold';
  reason?: string | null;
  message?: string;
  /** Recorded in the log: 'moderator' for people, 'reports', 'appeal'… */
  phase?: string;
  /** Send the author a statement of reasons (removals only). */
  notify?: boolean;
}

export interface CommentDecisionResult {
  comment: Comment;
  previous: Comment;
  statements: Statement[];
}

/** Runs inside the caller's transaction; publish `decisionEvents` after it commits. */
export async function decideComment(tx: Store, deps: Pick<ServiceDeps, 'newId' | 'clock' | 'publicUrl'>, input: CommentDecisionInput): Promise<CommentDecisionResult> {
  const now = deps.clock();
  const at = now.toISOString();
  const { site } = input;
  const current = await tx.getComment({ siteId: site.id, id: input.commentId });
  if (!current) throw new AppError('comment_not_found');
  if (current.status === 'deleted') throw new AppError('comment_deleted');
  const article = await tx.getArticle({ siteId: site.id, id: current.articleId });
  if (!article) throw new AppError('comment_not_found');

  const status = input.verb === 'hold' ? 'pending' : STATUS_OF[input.verb];
  const reason = input.verb === 'approve' || input.verb === 'hold' ? null : (input.reason ?? (input.verb === 'spam' ? 'spam' : 'other'));
  const visible = shouldBeVisible(status, current.replyCount);
  if (status !== current.status || visible !== current.visible) {
    await tx.updateComment({ siteId: site.id, id: current.id, set: { status, visible } });
    await onVisibilityChanged(tx, current, current.visible, visible);
    await onApprovalChanged(tx, current, current.status === 'approved', status === 'approved');
  }
  // The public tombstone shows the reason code only when the site says so (decided at removal).
  const shown = reason && (await loadModerationSettings(tx, site.id)).showRemovalReason ? reason : null;
  if ((current.removalReason ?? null) !== shown) await tx.moderation.setRemovalReason({ siteId: site.id, commentId: current.id, reason: shown });

  const actorId = input.actor?.user?.id ?? null;
  const actionId = deps.newId(now.getTime());
  await tx.insertModerationAction({
    id: actionId,
    siteId: site.id,
    commentId: current.id,
    targetUserId: current.authorId,
    actorId,
    action: status,
    phase: input.phase ?? (actorId ? 'moderator' : 'system'),
    reasonCodes: reason ? [reason] : input.verb === 'hold' && input.reason ? [input.reason] : [],
    scores: null,
    statement: input.message?.trim() || null,
    createdAt: at,
  });

  // What people decide is reviewed, and teaches the site's models.
  if (actorId && input.verb !== 'hold') {
    const existing = await tx.moderation.getCommentModeration({ siteId: site.id, commentId: current.id });
    if (!existing) await tx.moderation.upsertCommentModeration(emptyModeration(current, at));
    await tx.moderation.setReviewed({ siteId: site.id, commentIds: [current.id], reviewedAt: at, reviewedBy: actorId, label: trainingLabelFor(input.verb, reason) });
  }

  const statements: Statement[] = [];
  if (input.verb !== 'hold') {
    const resolved = await tx.moderation.resolveReports({ siteId: site.id, commentIds: [current.id], status: status === 'approved' ? 'dismissed' : 'actioned' });
    // Illegal-content reports get a decision notice (DSA Art. 16(5)).
    const illegal = [...new Set(resolved.filter((r) => r.reason === 'illegal').map((r) => r.reporterId))];
    for (const reporterId of illegal) {
      statements.push(
        await issueStatement(tx, deps, {
          siteId: site.id,
          userId: reporterId,
          kind: 'report_decision',
          body: reportDecisionBody({ article, comment: current, actioned: status !== 'approved', reason, decidedAt: at }),
          now,
          commentId: current.id,
          appealable: false,
        }),
      );
    }
  }
  if ((status === 'rejected' || status === 'spam') && input.notify !== false) {
    const reports = await tx.moderation.listReports({ siteId: site.id, commentId: current.id });
    const cm = await tx.moderation.getCommentModeration({ siteId: site.id, commentId: current.id });
    const trigger = reports.length
      ? `was reported by ${reports.length === 1 ? 'a reader' : `${reports.length} readers`} and reviewed by a moderator`
      : cm?.reasons.length
        ? 'was flagged by our automated checks and reviewed by a moderator'
        : 'was reviewed by a moderator';
    statements.push(
      await issueStatement(tx, deps, {
        siteId: site.id,
        userId: current.authorId,
        kind: 'removal',
        body: removalBody({
          comment: current,
          article,
          status,
          reason: reason!,
          message: input.message?.trim() ?? '',
          automatedDetection: Boolean(cm?.reasons.some((r) => r !== 'edited')),
          automatedDecision: actorId === null,
          trigger,
        }),
        now,
        actionId,
        commentId: current.id,
        appealable: true,
      }),
    );
  }
  const after = (await tx.getComment({ siteId: site.id, id: current.id }))!;
  return { comment: after, previous: current, statements };
}

export function decisionEvents(deps: Pick<ServiceDeps, 'events'>, result: CommentDecisionResult): void {
  const { comment, statements } = result;
  deps.events.publish({ type: 'comment.moderated', siteId: comment.siteId, articleId: comment.articleId, commentId: comment.id, status: comment.status, visible: comment.visible });
  for (const s of statements) deps.events.publish({ type: 'moderation.notice', siteId: s.siteId, articleId: comment.articleId, userId: s.userId, statementId: s.id });
}

function emptyModeration(c: Comment, at: string) {
  return { commentId: c.id, siteId: c.siteId, articleId: c.articleId, authorId: c.authorId, phase: null, reasons: [], scores: {}, toxicity: 0, spam: 0, reviewedAt: null, reviewedBy: null, label: null, featuredAt: null, pinnedAt: null, createdAt: at };
}

/** Records what the pipeline measured for a new or edited comment (inside its transaction). */
export async function recordPipeline(tx: Store, input: { comment: Comment; decision: Decision; analysis?: Analysis; at: string; edited?: boolean }): Promise<void> {
  const { comment, decision } = input;
  const existing = input.edited ? await tx.moderation.getCommentModeration({ siteId: comment.siteId, commentId: comment.id }) : undefined;
  await tx.moderation.upsertCommentModeration({
    ...(existing ?? emptyModeration(comment, input.at)),
    phase: decision.phase,
    reasons: input.edited ? ['edited', ...decision.reasons] : decision.reasons,
    scores: decision.scores,
    toxicity: input.analysis?.incivility.score ?? decision.scores.toxicity ?? 0,
    spam: input.analysis?.spam.score ?? decision.scores.spam ?? 0,
    // A comment held or changed by an edit needs a fresh look; staff comments need none.
    reviewedAt: decision.phase === 'staff' ? input.at : null,
    reviewedBy: null,
  });
}
