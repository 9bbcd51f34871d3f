// Appeals (DSA Art. 20): the person a statement of reasons was addressed to asks for a review,
// within the appeal window, once per decision. A moderator other than the one who decided
// upholds or reverses it; a reversal restores the comment or lifts the restriction, and the
// person is told the outcome either way.
import { AppError } from '../../domain/errors.js';
import { APPEAL_WINDOW_DAYS, type Appeal } from '../../domain/moderation/types.js';
import { refuseAppealDecision } from '../../domain/policies/moderation.js';
import type { Actor, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';
import { decideComment, decisionEvents, type CommentDecisionResult } from './decide.js';
import { liftRestrictionUnchecked } from './restrictUser.js';
import { appealDecisionBody, issueStatement } from './statements.js';

export async function createAppeal(deps: ServiceDeps, input: { site: Site; actor: Actor; statementId: string; text: string }): Promise<Appeal> {
  const user = input.actor.user;
  if (!user) throw new AppError('unauthenticated');
  const statement = await deps.store.moderation.getStatement({ id: input.statementId });
  if (!statement || statement.userId !== user.id || statement.siteId !== input.site.id) throw new AppError('notice_not_found');
  const now = deps.clock();
  const expired = now.getTime() - Date.parse(statement.createdAt) > APPEAL_WINDOW_DAYS * 86_400_000;
  if (!statement.appealable || expired || (await deps.store.moderation.getAppealForStatement({ statementId: statement.id }))) throw new AppError('appeal_not_allowed');
  const text = input.text.trim();
  if (text.length < 10) throw new AppError('validation_failed', { fields: [{ field: 'text', code: 'too_short', message: 'Tell the moderators why the decision should change (at least 10 characters).' }] });
  // Who took the decision: the actor of the logged action (null when it was automated).
  let originalActorId: string | null = null;
  if (statement.commentId) {
    const actions = await deps.store.listModerationActions({ siteId: statement.siteId, commentId: statement.commentId });
    originalActorId = actions.find((a) => a.id === statement.actionId)?.actorId ?? null;
  } else if (statement.restrictionId) {
    originalActorId = (await deps.store.moderation.getRestriction({ id: statement.restrictionId }))?.actorId ?? null;
  }
  const appeal: Appeal = {
    id: deps.newId(now.getTime()),
    siteId: statement.siteId,
    statementId: statement.id,
    userId: user.id,
    commentId: statement.commentId,
    restrictionId: statement.restrictionId,
    originalActorId,
    text: text.slice(0, 4000),
    status: 'open',
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
    createdAt: now.toISOString(),
  };
  await deps.store.moderation.insertAppeal(appeal);
  return appeal;
}

export async function decideAppeal(
  deps: ServiceDeps,
  input: { site: Site; actor: Actor; appealId: string; outcome: 'upheld' | 'reversed'; note: string },
): Promise<Appeal> {
  const appeal = await deps.store.moderation.getAppeal({ siteId: input.site.id, id: input.appealId });
  if (!appeal) throw new AppError('appeal_not_found');
  const refusal = refuseAppealDecision(input.actor, appeal);
  if (refusal) throw refusal;
  if (appeal.status !== 'open') throw new AppError('appeal_decided');
  const restriction = appeal.restrictionId ? await deps.store.moderation.getRestriction({ id: appeal.restrictionId }) : undefined;
  if (restriction && restriction.siteId === null && !input.actor.user!.isOperator) {
    throw new AppError('forbidden', { detail: 'Appeals against a ban from every site are decided by an operator.' });
  }
  const statement = (await deps.store.moderation.getStatement({ id: appeal.statementId }))!;
  const now = deps.clock();
  const at = now.toISOString();
  const reversed = input.outcome === 'reversed';
  let restored: CommentDecisionResult | null = null;
  const notice = await deps.store.transaction(async (tx) => {
    if (!(await tx.moderation.decideAppeal({ siteId: input.site.id, id: appeal.id, status: input.outcome, decidedBy: input.actor.user!.id, decidedAt: at, note: input.note.trim() }))) {
      throw new AppError('appeal_decided');
    }
    if (reversed && appeal.commentId) {
      const current = await tx.getComment({ siteId: input.site.id, id: appeal.commentId });
      if (current && (current.status === 'rejected' || current.status === 'spam')) {
        restored = await decideComment(tx, deps, { site: input.site, actor: input.actor, commentId: appeal.commentId, verb: 'approve', phase: 'appeal', reason: 'appeal_reversed' });
      }
    }
    await tx.insertModerationAction({
      id: deps.newId(now.getTime()),
      siteId: input.site.id,
      commentId: appeal.commentId,
      targetUserId: appeal.userId,
      actorId: input.actor.user!.id,
      action: reversed ? 'appeal_reversed' : 'appeal_upheld',
      phase: 'appeal',
      reasonCodes: [statement.body.reasonCode],
      scores: null,
      statement: input.note.trim() || null,
      createdAt: at,
    });
    return issueStatement(tx, deps, {
      siteId: input.site.id,
      userId: appeal.userId,
      kind: 'appeal_decision',
      body: appealDecisionBody({ original: statement.body, reversed, note: input.note.trim(), decidedAt: at }),
      now,
      commentId: appeal.commentId,
      restrictionId: appeal.restrictionId,
      appealable: false,
    });
  });
  if (reversed && restriction) await liftRestrictionUnchecked(deps, { site: input.site, actor: input.actor, restriction, reason: 'appeal_reversed' });
  if (restored) decisionEvents(deps, restored);
  deps.events.publish({ type: 'moderation.notice', siteId: input.site.id, articleId: '', userId: appeal.userId, statementId: notice.id });
  return (await deps.store.moderation.getAppeal({ siteId: input.site.id, id: appeal.id }))!;
}
