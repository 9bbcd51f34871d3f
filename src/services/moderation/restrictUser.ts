// Restrictions on a person, each with a message and a statement to them: warn (must be
// acknowledged before posting again), suspend for a period, ban from the site or (operators)
// everywhere, always premoderate, mark trusted. Every one is a moderation_actions row too.
import { AppError } from '../../domain/errors.js';
import { REMOVAL_REASONS } from '../../domain/moderation/reasons.js';
import { restrictionActive, type Restriction, type RestrictionKind, type Statement } from '../../domain/moderation/types.js';
import { authorizeModeration, refuseRestrictionOf } from '../../domain/policies/moderation.js';
import type { Actor, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';
import { issueStatement, restrictionBody } from './statements.js';

export interface RestrictInput {
  site: Site;
  actor: Actor;
  userId: string;
  kind: RestrictionKind;
  /** Reason code (see REMOVAL_REASONS); 'other' for trusted and premoderation when none fits. */
  reason: string;
  message: string;
  /** For suspensions (required) and optionally bans and premoderation. */
  days?: number | null;
  /** Bans only: every site (operators). */
  everywhere?: boolean;
}

export async function restrictUser(deps: ServiceDeps, input: RestrictInput): Promise<{ restriction: Restriction; statement: Statement }> {
  const { site, actor } = input;
  authorizeModeration(actor, input.everywhere ? 'restrict_everywhere' : 'restrict_users');
  if (input.everywhere && input.kind !== 'ban') throw new AppError('validation_failed', { fields: [{ field: 'everywhere', code: 'invalid', message: 'Only bans can apply to every site.' }] });
  if (!(REMOVAL_REASONS as readonly string[]).includes(input.reason)) {
    throw new AppError('validation_failed', { fields: [{ field: 'reason', code: 'invalid', message: `Choose a reason: ${REMOVAL_REASONS.join(', ')}.` }] });
  }
  if (input.kind === 'suspension' && !input.days) throw new AppError('validation_failed', { fields: [{ field: 'days', code: 'required', message: 'Say for how many days.' }] });
  if (input.kind !== 'trusted' && input.kind !== 'premoderate' && !input.message.trim()) {
    throw new AppError('validation_failed', { fields: [{ field: 'message', code: 'required', message: 'Write a message to the person: it goes into their statement of reasons.' }] });
  }
  const target = await deps.store.getUser({ id: input.userId });
  if (!target) throw new AppError('user_not_found');
  const membership = await deps.store.getMembership({ siteId: site.id, userId: target.id });
  const refusal = refuseRestrictionOf(actor, { id: target.id, isOperator: target.isOperator, role: membership?.role ?? null });
  if (refusal) throw refusal;

  const now = deps.clock();
  const at = now.toISOString();
  const restriction: Restriction = {
    id: deps.newId(now.getTime()),
    siteId: input.everywhere ? null : site.id,
    userId: target.id,
    kind: input.kind,
    reasonCode: input.reason,
    message: input.message.trim(),
    actorId: actor.user!.id,
    createdAt: at,
    expiresAt: input.days ? new Date(now.getTime() + input.days * 86_400_000).toISOString() : null,
    acknowledgedAt: null,
    liftedAt: null,
    liftedBy: null,
  };
  const statement = await deps.store.transaction(async (tx) => {
    // Trusted and premoderated exclude each other: the newer replaces the older.
    const opposite = input.kind === 'trusted' ? 'premoderate' : input.kind === 'premoderate' ? 'trusted' : null;
    for (const r of await tx.moderation.listRestrictions({ siteId: site.id, userId: target.id })) {
      if ((r.kind === input.kind || r.kind === opposite) && r.siteId === restriction.siteId && restrictionActive(r, now) && input.kind !== 'warning') {
        await tx.moderation.liftRestriction({ id: r.id, liftedAt: at, liftedBy: actor.user!.id });
      }
    }
    await tx.moderation.insertRestriction(restriction);
    const actionId = deps.newId(now.getTime());
    await tx.insertModerationAction({
      id: actionId,
      siteId: site.id,
      commentId: null,
      targetUserId: target.id,
      actorId: actor.user!.id,
      action: input.kind === 'ban' && input.everywhere ? 'ban_everywhere' : input.kind,
      phase: 'moderator',
      reasonCodes: [input.reason],
      scores: null,
      statement: restriction.message || null,
      createdAt: at,
    });
    return issueStatement(tx, deps, {
      siteId: site.id,
      userId: target.id,
      kind: input.kind === 'trusted' ? 'notice' : 'restriction',
      body: restrictionBody({ restriction, siteName: site.name, everywhere: Boolean(input.everywhere) }),
      now,
      actionId,
      restrictionId: restriction.id,
      appealable: input.kind !== 'trusted' && input.kind !== 'warning',
    });
  });
  deps.events.publish({ type: 'moderation.notice', siteId: site.id, articleId: '', userId: target.id, statementId: statement.id });
  return { restriction, statement };
}

/** Ends a restriction early (or takes back "trusted"). */
export async function liftRestriction(deps: ServiceDeps, input: { site: Site; actor: Actor; restrictionId: string; reason?: string }): Promise<Restriction> {
  const r = await deps.store.moderation.getRestriction({ id: input.restrictionId });
  if (!r || (r.siteId !== null && r.siteId !== input.site.id)) throw new AppError('restriction_not_found');
  authorizeModeration(input.actor, r.siteId === null ? 'restrict_everywhere' : 'restrict_users');
  return liftRestrictionUnchecked(deps, { ...input, restriction: r });
}

/** Lifts without asking the policy: for callers that already authorized (appeal reversals). */
export async function liftRestrictionUnchecked(deps: ServiceDeps, input: { site: Site; actor: Actor; restriction: Restriction; reason?: string }): Promise<Restriction> {
  const r = input.restriction;
  const now = deps.clock();
  await deps.store.transaction(async (tx) => {
    await tx.moderation.liftRestriction({ id: r.id, liftedAt: now.toISOString(), liftedBy: input.actor.user!.id });
    await tx.insertModerationAction({
      id: deps.newId(now.getTime()),
      siteId: input.site.id,
      commentId: null,
      targetUserId: r.userId,
      actorId: input.actor.user!.id,
      action: `lift_${r.kind}`,
      phase: input.reason === 'appeal_reversed' ? 'appeal' : 'moderator',
      reasonCodes: input.reason ? [input.reason] : [],
      scores: null,
      statement: null,
      createdAt: now.toISOString(),
    });
  });
  return (await deps.store.moderation.getRestriction({ id: r.id }))!;
}

/** The person confirms they have read a warning; they may post again. */
export async function acknowledgeWarning(deps: ServiceDeps, input: { actor: Actor; restrictionId: string }): Promise<void> {
  if (!input.actor.user) throw new AppError('unauthenticated');
  const ok = await deps.store.moderation.acknowledgeRestriction({ id: input.restrictionId, userId: input.actor.user.id, at: deps.clock().toISOString() });
  if (!ok) {
    const r = await deps.store.moderation.getRestriction({ id: input.restrictionId });
    if (!r || r.userId !== input.actor.user.id) throw new AppError('restriction_not_found');
  }
}
