// Moderation objects as JSON: moderator views carry scores, reasons and the author's record;
// the author's own notices carry their statements. Never an external scorer's key.
import { reasonLabel } from '../../domain/moderation/reasons.js';
import type { Appeal, Restriction } from '../../domain/moderation/types.js';
import type { User } from '../../domain/types.js';
import type { AuthorRecord, CommentDetail, QueueItem } from '../../services/moderation/queue.js';
import type { MyModeration } from '../../services/moderation/notices.js';
import type { Statement } from '../../domain/moderation/types.js';

export function presentRestriction(r: Restriction) {
  return { id: r.id, kind: r.kind, reasonCode: r.reasonCode, message: r.message, everywhere: r.siteId === null, createdAt: r.createdAt, expiresAt: r.expiresAt, acknowledgedAt: r.acknowledgedAt, liftedAt: r.liftedAt };
}

export function presentAuthorRecord(a: AuthorRecord) {
  return {
    id: a.user.id,
    username: a.user.username,
    displayName: a.user.displayName,
    role: a.role,
    createdAt: a.user.createdAt,
    accountAgeDays: a.accountAgeDays,
    comments: a.comments,
    byStatus: a.byStatus,
    rejectionRate: a.rejectionRate,
    reportsReceived: a.reportsReceived,
    restrictions: a.restrictions.map((r) => ({ id: r.id, kind: r.kind, expiresAt: r.expiresAt, everywhere: r.siteId === null })),
  };
}

export function presentQueueItem(item: Omit<QueueItem, 'openReports'> & { openReports?: number }) {
  const { comment, moderation } = item;
  return {
    id: comment.id,
    status: comment.status,
    bodyMarkdown: comment.bodyMarkdown,
    html: comment.bodyHtml,
    createdAt: comment.createdAt,
    editedAt: comment.editedAt,
    parentId: comment.parentId,
    article: item.article ? { id: item.article.id, slug: item.article.slug, title: item.article.title } : null,
    author: item.author ? presentAuthorRecord(item.author) : null,
    phase: moderation?.phase ?? null,
    reasons: (moderation?.reasons ?? []).map((code) => ({ code, label: reasonLabel(code) })),
    scores: moderation?.scores ?? {},
    matchedWords: item.matchedWords,
    openReports: item.openReports ?? 0,
    reviewedAt: moderation?.reviewedAt ?? null,
    featured: Boolean(moderation?.featuredAt),
    pinned: Boolean(moderation?.pinnedAt),
    removalReason: comment.removalReason ?? null,
  };
}

const nameOf = (people: Map<string, User>, id: string) => people.get(id)?.username ?? 'deleted';

export function presentCommentDetail(d: CommentDetail) {
  const item = presentQueueItem({ comment: d.comment, moderation: d.moderation, article: d.article, author: d.author, matchedWords: [], openReports: d.reports.filter((r) => r.status === 'open').length });
  const brief = (c: CommentDetail['ancestors'][number]) => ({ id: c.id, author: nameOf(d.people, c.authorId), html: c.status === 'deleted' ? '' : c.bodyHtml, status: c.status });
  return {
    item,
    ancestors: d.ancestors.map(brief),
    replies: d.replies.map(brief),
    log: d.actions.map((a) => ({
      id: a.id,
      action: a.action,
      actor: a.actorId ? { id: a.actorId, username: nameOf(d.people, a.actorId) } : null,
      phase: a.phase,
      reasons: a.reasonCodes,
      scores: a.scores,
      statement: a.statement,
      createdAt: a.createdAt,
    })),
    reports: d.reports.map((r) => ({ id: r.id, reason: r.reason, note: r.note, status: r.status, createdAt: r.createdAt, reporter: nameOf(d.people, r.reporterId) })),
  };
}

export function presentAppeal(a: Appeal, s: Statement | undefined, user: User | undefined, viewerId: string) {
  return {
    id: a.id,
    status: a.status,
    text: a.text,
    createdAt: a.createdAt,
    decidedAt: a.decidedAt,
    decisionNote: a.decisionNote,
    user: user ? { id: user.id, username: user.username } : null,
    statement: { id: a.statementId, title: s?.body.title ?? '', reasonCode: s?.body.reasonCode ?? '', automatedDecision: s?.body.automatedDecision ?? false },
    commentId: a.commentId,
    restrictionId: a.restrictionId,
    decidedOriginallyByYou: a.originalActorId === viewerId,
  };
}

export function presentMyModeration(m: MyModeration) {
  return {
    notices: m.notices.map((n) => ({
      id: n.statement.id,
      kind: n.statement.kind,
      createdAt: n.statement.createdAt,
      read: n.statement.readAt !== null,
      body: n.statement.body,
      canAppeal: n.canAppeal,
      appeal: n.appeal ? { id: n.appeal.id, status: n.appeal.status, createdAt: n.appeal.createdAt, decidedAt: n.appeal.decidedAt } : null,
    })),
    warnings: m.warnings.map(presentRestriction),
    active: m.active.map(presentRestriction),
  };
}
