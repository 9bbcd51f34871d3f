// What a person sees of moderation about them: their statements of reasons and other notices,
// the state of any appeal, and warnings waiting for acknowledgement.
import { AppError } from '../../domain/errors.js';
import { APPEAL_WINDOW_DAYS, restrictionActive, type Appeal, type Restriction, type Statement } from '../../domain/moderation/types.js';
import type { Actor, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';

export interface Notice {
  statement: Statement;
  appeal: Appeal | null;
  /** Whether an appeal can be sent now. */
  canAppeal: boolean;
}

export interface MyModeration {
  notices: Notice[];
  /** Warnings to acknowledge before posting again. */
  warnings: Restriction[];
  /** Restrictions in force on this site (suspension, ban, premoderation…). */
  active: Restriction[];
}

export async function myModeration(deps: ServiceDeps, input: { site: Site; actor: Actor }): Promise<MyModeration> {
  const user = input.actor.user;
  if (!user) throw new AppError('unauthenticated');
  const now = deps.clock();
  const [statements, restrictions] = await Promise.all([
    deps.store.moderation.listStatements({ userId: user.id, siteId: input.site.id, limit: 100 }),
    deps.store.moderation.listRestrictions({ siteId: input.site.id, userId: user.id }),
  ]);
  const notices = await Promise.all(
    statements.map(async (statement) => {
      const appeal = statement.appealable ? ((await deps.store.moderation.getAppealForStatement({ statementId: statement.id })) ?? null) : null;
      const inWindow = now.getTime() - Date.parse(statement.createdAt) <= APPEAL_WINDOW_DAYS * 86_400_000;
      return { statement, appeal, canAppeal: statement.appealable && appeal === null && inWindow };
    }),
  );
  const active = restrictions.filter((r) => restrictionActive(r, now));
  return { notices, warnings: active.filter((r) => r.kind === 'warning' && r.acknowledgedAt === null), active: active.filter((r) => r.kind !== 'warning') };
}

export async function markNoticesRead(deps: ServiceDeps, input: { actor: Actor }): Promise<void> {
  if (!input.actor.user) throw new AppError('unauthenticated');
  await deps.store.moderation.markStatementsRead({ userId: input.actor.user.id, at: deps.clock().toISOString() });
}
