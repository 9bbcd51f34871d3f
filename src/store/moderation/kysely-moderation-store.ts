// ModerationStore over Kysely, for SQLite and PostgreSQL alike.
import { type Kysely, type Selectable, type Transaction, sql } from 'kysely';
import type { Appeal, AppealStatus, CommentModeration, Restriction, RestrictionKind, Statement, StatementKind, TrainingLabel } from '../../domain/moderation/types.js';
import type { Comment } from '../../domain/types.js';
import { compiledOnce } from '../compiled-once.js';
import type { CommentsTable, Database } from '../schema.js';
import type { CommentModerationTable, ModerationAppealsTable, ModerationStatementsTable, UserRestrictionsTable } from './schema.js';
import type { ActionInPeriod, AuthorStats, FeaturedQuery, FeaturedRow, ModerationStore, QueueQuery, QueueRow, ReportRecord, StoredModelRow } from './store.js';
import { parseJson } from '../rows.js';


function toModeration(r: Selectable<CommentModerationTable>): CommentModeration {
  return {
    commentId: r.comment_id,
    siteId: r.site_id,
    articleId: r.article_id,
    authorId: r.author_id,
    phase: r.phase,
    reasons: parseJson(r.reasons, []),
    scores: parseJson(r.scores, {}),
    toxicity: Number(r.toxicity),
    spam: Number(r.spam),
    reviewedAt: r.reviewed_at,
    reviewedBy: r.reviewed_by,
    label: r.label as TrainingLabel | null,
    featuredAt: r.featured_at,
    pinnedAt: r.pinned_at,
    createdAt: r.created_at,
  };
}

function toRestriction(r: Selectable<UserRestrictionsTable>): Restriction {
  return {
    id: r.id,
    siteId: r.site_id,
    userId: r.user_id,
    kind: r.kind as RestrictionKind,
    reasonCode: r.reason_code,
    message: r.message,
    actorId: r.actor_id,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    acknowledgedAt: r.acknowledged_at,
    liftedAt: r.lifted_at,
    liftedBy: r.lifted_by,
  };
}

function toStatement(r: Selectable<ModerationStatementsTable>): Statement {
  return {
    id: r.id,
    siteId: r.site_id,
    userId: r.user_id,
    kind: r.kind as StatementKind,
    actionId: r.action_id,
    commentId: r.comment_id,
    restrictionId: r.restriction_id,
    body: parseJson(r.body, {} as Statement['body']),
    appealable: Number(r.appealable) === 1,
    createdAt: r.created_at,
    readAt: r.read_at,
  };
}

function toAppeal(r: Selectable<ModerationAppealsTable>): Appeal {
  return {
    id: r.id,
    siteId: r.site_id,
    statementId: r.statement_id,
    userId: r.user_id,
    commentId: r.comment_id,
    restrictionId: r.restriction_id,
    originalActorId: r.original_actor_id,
    text: r.text,
    status: r.status as AppealStatus,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    createdAt: r.created_at,
  };
}

const CM_COLUMNS = [
  'comment_id', 'site_id', 'article_id', 'author_id', 'phase', 'reasons', 'scores', 'toxicity', 'spam', 'reviewed_at', 'reviewed_by', 'label', 'featured_at', 'pinned_at', 'created_at',
] as const;

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// Run for every posted comment: compiled once (see compiled-once.ts).
const upsertCommentModerationStatement = compiledOnce();
const listRestrictionsStatement = compiledOnce<Selectable<UserRestrictionsTable>>();
const listRecentByAuthorStatement = compiledOnce<Pick<Selectable<CommentsTable>, 'id' | 'body_md' | 'created_at'>>();

export class KyselyModerationStore implements ModerationStore {
  constructor(
    private readonly db: Kysely<Database> | Transaction<Database>,
    private readonly toComment: (r: Selectable<CommentsTable>) => Comment,
  ) {}

  // --- Settings --------------------------------------------------------------------------------

  async getSettings(req: { siteId: string }): Promise<unknown | undefined> {
    const r = await this.db.selectFrom('moderation_settings').select('settings').where('site_id', '=', req.siteId).executeTakeFirst();
    return r ? parseJson(r.settings, {}) : undefined;
  }

  async saveSettings(req: { siteId: string; settings: unknown; updatedAt: string }): Promise<void> {
    const settings = JSON.stringify(req.settings);
    await this.db
      .insertInto('moderation_settings')
      .values({ site_id: req.siteId, settings, updated_at: req.updatedAt })
      .onConflict((oc) => oc.column('site_id').doUpdateSet({ settings, updated_at: req.updatedAt }))
      .execute();
  }

  // --- Stories -------------------------------------------------------------------------------

  async setArticleCommentsMode(req: { siteId: string; articleId: string; commentsMode: 'open' | 'closed' | 'premoderated'; closeAt?: string | null }): Promise<void> {
    await this.db
      .updateTable('articles')
      .set({ comments_mode: req.commentsMode, ...(req.closeAt !== undefined ? { close_at: req.closeAt } : {}) })
      .where('site_id', '=', req.siteId)
      .where('id', '=', req.articleId)
      .execute();
  }

  // --- Per-comment state -----------------------------------------------------------------------

  async upsertCommentModeration(m: CommentModeration): Promise<void> {
    const row = {
      comment_id: m.commentId,
      site_id: m.siteId,
      article_id: m.articleId,
      author_id: m.authorId,
      phase: m.phase,
      reasons: JSON.stringify(m.reasons),
      scores: JSON.stringify(m.scores),
      toxicity: m.toxicity,
      spam: m.spam,
      reviewed_at: m.reviewedAt,
      reviewed_by: m.reviewedBy,
      label: m.label,
      featured_at: m.featuredAt,
      pinned_at: m.pinnedAt,
      created_at: m.createdAt,
    };
    const update = { phase: row.phase, reasons: row.reasons, scores: row.scores, toxicity: row.toxicity, spam: row.spam, reviewed_at: row.reviewed_at, reviewed_by: row.reviewed_by };
    await upsertCommentModerationStatement(
      this.db,
      () =>
        this.db
          .insertInto('comment_moderation')
          .values(row)
          .onConflict((oc) => oc.column('comment_id').doUpdateSet(update)),
      [...Object.values(row), ...Object.values(update)],
    );
  }

  async getCommentModeration(req: { siteId: string; commentId: string }): Promise<CommentModeration | undefined> {
    const r = await this.db.selectFrom('comment_moderation').selectAll().where('comment_id', '=', req.commentId).where('site_id', '=', req.siteId).executeTakeFirst();
    return r && toModeration(r);
  }

  async setReviewed(req: { siteId: string; commentIds: readonly string[]; reviewedAt: string; reviewedBy: string; label?: TrainingLabel | null }): Promise<void> {
    if (req.commentIds.length === 0) return;
    await this.db
      .updateTable('comment_moderation')
      .set({ reviewed_at: req.reviewedAt, reviewed_by: req.reviewedBy, ...(req.label !== undefined ? { label: req.label } : {}) })
      .where('site_id', '=', req.siteId)
      .where('comment_id', 'in', [...new Set(req.commentIds)])
      .execute();
  }

  async setFlags(req: { siteId: string; commentId: string; featuredAt?: string | null; pinnedAt?: string | null }): Promise<void> {
    const set: { featured_at?: string | null; pinned_at?: string | null } = {};
    if (req.featuredAt !== undefined) set.featured_at = req.featuredAt;
    if (req.pinnedAt !== undefined) set.pinned_at = req.pinnedAt;
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable('comment_moderation').set(set).where('site_id', '=', req.siteId).where('comment_id', '=', req.commentId).execute();
  }

  async setRemovalReason(req: { siteId: string; commentId: string; reason: string | null }): Promise<void> {
    await this.db.updateTable('comments').set({ removal_reason: req.reason }).where('site_id', '=', req.siteId).where('id', '=', req.commentId).execute();
  }

  private queueBase(req: Omit<QueueQuery, 'limit' | 'before'>) {
    let q = this.db.selectFrom('comments').leftJoin('comment_moderation as cm', 'cm.comment_id', 'comments.id').where('comments.site_id', '=', req.siteId);
    const openReports = (eb: any) =>
      eb.exists(eb.selectFrom('reports').select('reports.id').whereRef('reports.comment_id', '=', 'comments.id').where('reports.status', '=', 'open'));
    switch (req.queue) {
      case 'pending':
        q = q.where('comments.status', '=', 'pending');
        break;
      case 'reported':
        q = q.where('comments.status', 'in', ['approved', 'pending']).where('comments.report_count', '>', 0).where(openReports);
        break;
      case 'unmoderated':
        q = q.where('comments.status', '=', 'approved').where('cm.reviewed_at', 'is', null);
        break;
      case 'rejected':
        q = q.where('comments.status', 'in', ['rejected', 'spam']);
        break;
      case 'all':
        break;
    }
    if (req.articleId) q = q.where('comments.article_id', '=', req.articleId);
    if (req.authorId) q = q.where('comments.author_id', '=', req.authorId);
    if (req.reason) {
      const pattern = `%${JSON.stringify(req.reason).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where(sql<boolean>`cm.reasons like ${pattern} escape '\\'`);
    }
    if (req.minScore) q = q.where(req.minScore.kind === 'spam' ? 'cm.spam' : 'cm.toxicity', '>=', req.minScore.value);
    if (req.search) q = q.where(sql<boolean>`lower(comments.body_md) like ${likePattern(req.search)} escape '\\'`);
    return q;
  }

  async listQueue(req: QueueQuery): Promise<QueueRow[]> {
    let q = this.queueBase(req)
      .selectAll('comments')
      .select(CM_COLUMNS.map((c) => `cm.${c} as cm_${c}` as const))
      .select((eb) =>
        eb
          .selectFrom('reports')
          .select((e) => e.fn.countAll().as('n'))
          .whereRef('reports.comment_id', '=', 'comments.id')
          .where('reports.status', '=', 'open')
          .as('open_reports'),
      );
    if (req.before) q = q.where('comments.id', '<', req.before);
    const rows = await q.orderBy('comments.id', 'desc').limit(req.limit).execute();
    return rows.map((r) => {
      const row = r as unknown as Record<string, unknown>;
      const cm = row.cm_comment_id
        ? toModeration(Object.fromEntries(CM_COLUMNS.map((c) => [c, row[`cm_${c}`]])) as unknown as Selectable<CommentModerationTable>)
        : null;
      return { comment: this.toComment(r as unknown as Selectable<CommentsTable>), moderation: cm, openReports: Number(row.open_reports ?? 0) };
    });
  }

  async countQueue(req: Omit<QueueQuery, 'limit' | 'before'>): Promise<number> {
    const r = await this.queueBase(req)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async listFeatured(req: FeaturedQuery): Promise<FeaturedRow[]> {
    // Pinning also features, so `featured_at` is set on every row wanted here: the range on the
    // (article_id, featured_at) index finds them without touching the article's other rows.
    const group = sql<number>`case when cm.pinned_at is null then 1 else 0 end`;
    const key = sql<string>`coalesce(cm.pinned_at, cm.featured_at)`;
    let q = this.db
      .selectFrom('comment_moderation as cm')
      .innerJoin('comments', 'comments.id', 'cm.comment_id')
      .selectAll('comments')
      .select(['cm.featured_at as cm_featured_at', 'cm.pinned_at as cm_pinned_at'])
      .where('cm.article_id', '=', req.articleId)
      .where('cm.featured_at', 'is not', null)
      .where('cm.site_id', '=', req.siteId)
      .where('comments.status', '=', 'approved')
      .where('comments.visible', '=', 1);
    if (req.after) {
      const { pinned, at, id } = req.after;
      const g = pinned ? 0 : 1;
      q = q.where(sql<boolean>`(${group} > ${g} or (${group} = ${g} and (${key} < ${at} or (${key} = ${at} and cm.comment_id < ${id}))))`);
    }
    const rows = await q.orderBy(group).orderBy(key, 'desc').orderBy('cm.comment_id', 'desc').limit(req.limit).execute();
    return rows.map((r) => ({
      comment: this.toComment(r as unknown as Selectable<CommentsTable>),
      featuredAt: (r.cm_featured_at ?? r.cm_pinned_at)!,
      pinnedAt: r.cm_pinned_at,
    }));
  }

  async listRecentByAuthor(req: { siteId: string; authorId: string; since: string; limit: number }): Promise<{ id: string; bodyMarkdown: string; createdAt: string }[]> {
    const { rows } = await listRecentByAuthorStatement(
      this.db,
      () =>
        this.db
          .selectFrom('comments')
          .select(['id', 'body_md', 'created_at'])
          .where('author_id', '=', req.authorId)
          .where('created_at', '>=', req.since)
          .where('site_id', '=', req.siteId)
          .orderBy('created_at', 'desc')
          .limit(req.limit),
      [req.authorId, req.since, req.siteId, req.limit],
    );
    return rows.map((r) => ({ id: r.id, bodyMarkdown: r.body_md, createdAt: r.created_at }));
  }

  async authorStats(req: { siteId: string; authorId: string }): Promise<AuthorStats> {
    const rows = await this.db
      .selectFrom('comments')
      .select(['status', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.sum<number>('report_count').as('reports')])
      .where('author_id', '=', req.authorId)
      .where('site_id', '=', req.siteId)
      .groupBy('status')
      .execute();
    const byStatus: Record<string, number> = {};
    let reportsReceived = 0;
    for (const r of rows) {
      byStatus[r.status] = Number(r.n);
      reportsReceived += Number(r.reports ?? 0);
    }
    return { byStatus, reportsReceived };
  }

  async listLabelled(req: { siteId: string; labels: readonly TrainingLabel[]; limit: number }): Promise<{ commentId: string; body: string; label: TrainingLabel }[]> {
    if (req.labels.length === 0) return [];
    const rows = await this.db
      .selectFrom('comment_moderation as cm')
      .innerJoin('comments', 'comments.id', 'cm.comment_id')
      .select(['cm.comment_id', 'comments.body_md', 'cm.label'])
      .where('cm.site_id', '=', req.siteId)
      .where('cm.label', 'in', [...req.labels])
      .orderBy('cm.comment_id', 'desc')
      .limit(req.limit)
      .execute();
    return rows.filter((r) => r.body_md !== '').map((r) => ({ commentId: r.comment_id, body: r.body_md, label: r.label as TrainingLabel }));
  }

  // --- Reports ---------------------------------------------------------------------------------

  async listReports(req: { siteId: string; commentId: string }): Promise<ReportRecord[]> {
    const rows = await this.db.selectFrom('reports').selectAll().where('comment_id', '=', req.commentId).where('site_id', '=', req.siteId).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, commentId: r.comment_id, reporterId: r.reporter_id, reason: r.reason, note: r.note, status: r.status, createdAt: r.created_at }));
  }

  async resolveReports(req: { siteId: string; commentIds: readonly string[]; status: 'actioned' | 'dismissed' }): Promise<ReportRecord[]> {
    if (req.commentIds.length === 0) return [];
    const ids = [...new Set(req.commentIds)];
    const open = await this.db.selectFrom('reports').selectAll().where('site_id', '=', req.siteId).where('comment_id', 'in', ids).where('status', '=', 'open').execute();
    if (open.length) await this.db.updateTable('reports').set({ status: req.status }).where('id', 'in', open.map((r) => r.id)).execute();
    return open.map((r) => ({ id: r.id, commentId: r.comment_id, reporterId: r.reporter_id, reason: r.reason, note: r.note, status: req.status, createdAt: r.created_at }));
  }

  // --- Restrictions ----------------------------------------------------------------------------

  async insertRestriction(r: Restriction): Promise<void> {
    await this.db
      .insertInto('user_restrictions')
      .values({
        id: r.id,
        site_id: r.siteId,
        user_id: r.userId,
        kind: r.kind,
        reason_code: r.reasonCode,
        message: r.message,
        actor_id: r.actorId,
        created_at: r.createdAt,
        expires_at: r.expiresAt,
        acknowledged_at: r.acknowledgedAt,
        lifted_at: r.liftedAt,
        lifted_by: r.liftedBy,
      })
      .execute();
  }

  async getRestriction(req: { id: string }): Promise<Restriction | undefined> {
    const r = await this.db.selectFrom('user_restrictions').selectAll().where('id', '=', req.id).executeTakeFirst();
    return r && toRestriction(r);
  }

  async listRestrictions(req: { siteId: string; userId: string }): Promise<Restriction[]> {
    const { rows } = await listRestrictionsStatement(
      this.db,
      () =>
        this.db
          .selectFrom('user_restrictions')
          .selectAll()
          .where('user_id', '=', req.userId)
          .where((eb) => eb.or([eb('site_id', '=', req.siteId), eb('site_id', 'is', null)]))
          .orderBy('id', 'desc'),
      [req.userId, req.siteId],
    );
    return rows.map(toRestriction);
  }

  async liftRestriction(req: { id: string; liftedAt: string; liftedBy: string }): Promise<void> {
    await this.db.updateTable('user_restrictions').set({ lifted_at: req.liftedAt, lifted_by: req.liftedBy }).where('id', '=', req.id).where('lifted_at', 'is', null).execute();
  }

  async acknowledgeRestriction(req: { id: string; userId: string; at: string }): Promise<boolean> {
    const r = await this.db
      .updateTable('user_restrictions')
      .set({ acknowledged_at: req.at })
      .where('id', '=', req.id)
      .where('user_id', '=', req.userId)
      .where('acknowledged_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  // --- Statements ------------------------------------------------------------------------------

  async insertStatement(s: Statement): Promise<void> {
    await this.db
      .insertInto('moderation_statements')
      .values({
        id: s.id,
        site_id: s.siteId,
        user_id: s.userId,
        kind: s.kind,
        action_id: s.actionId,
        comment_id: s.commentId,
        restriction_id: s.restrictionId,
        body: JSON.stringify(s.body),
        appealable: s.appealable ? 1 : 0,
        created_at: s.createdAt,
        read_at: s.readAt,
      })
      .execute();
  }

  async getStatement(req: { id: string }): Promise<Statement | undefined> {
    const r = await this.db.selectFrom('moderation_statements').selectAll().where('id', '=', req.id).executeTakeFirst();
    return r && toStatement(r);
  }

  async listStatements(req: { userId: string; siteId?: string; limit: number }): Promise<Statement[]> {
    let q = this.db.selectFrom('moderation_statements').selectAll().where('user_id', '=', req.userId);
    if (req.siteId) q = q.where('site_id', '=', req.siteId);
    return (await q.orderBy('id', 'desc').limit(req.limit).execute()).map(toStatement);
  }

  async markStatementsRead(req: { userId: string; at: string }): Promise<void> {
    await this.db.updateTable('moderation_statements').set({ read_at: req.at }).where('user_id', '=', req.userId).where('read_at', 'is', null).execute();
  }

  // --- Appeals ---------------------------------------------------------------------------------

  async insertAppeal(a: Appeal): Promise<void> {
    await this.db
      .insertInto('moderation_appeals')
      .values({
        id: a.id,
        site_id: a.siteId,
        statement_id: a.statementId,
        user_id: a.userId,
        comment_id: a.commentId,
        restriction_id: a.restrictionId,
        original_actor_id: a.originalActorId,
        text: a.text,
        status: a.status,
        decided_by: a.decidedBy,
        decided_at: a.decidedAt,
        decision_note: a.decisionNote,
        created_at: a.createdAt,
      })
      .execute();
  }

  async getAppeal(req: { siteId: string; id: string }): Promise<Appeal | undefined> {
    const r = await this.db.selectFrom('moderation_appeals').selectAll().where('id', '=', req.id).where('site_id', '=', req.siteId).executeTakeFirst();
    return r && toAppeal(r);
  }

  async getAppealForStatement(req: { statementId: string }): Promise<Appeal | undefined> {
    const r = await this.db.selectFrom('moderation_appeals').selectAll().where('statement_id', '=', req.statementId).executeTakeFirst();
    return r && toAppeal(r);
  }

  async listAppeals(req: { siteId: string; status?: AppealStatus; limit: number }): Promise<Appeal[]> {
    let q = this.db.selectFrom('moderation_appeals').selectAll().where('site_id', '=', req.siteId);
    if (req.status) q = q.where('status', '=', req.status);
    return (await q.orderBy('id', req.status === 'open' ? 'asc' : 'desc').limit(req.limit).execute()).map(toAppeal);
  }

  async decideAppeal(req: { siteId: string; id: string; status: 'upheld' | 'reversed'; decidedBy: string; decidedAt: string; note: string }): Promise<boolean> {
    const r = await this.db
      .updateTable('moderation_appeals')
      .set({ status: req.status, decided_by: req.decidedBy, decided_at: req.decidedAt, decision_note: req.note })
      .where('id', '=', req.id)
      .where('site_id', '=', req.siteId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  // --- Models ----------------------------------------------------------------------------------

  async getModel(req: { siteId: string; kind: string }): Promise<StoredModelRow | undefined> {
    const r = await this.db.selectFrom('moderation_models').selectAll().where('site_id', '=', req.siteId).where('kind', '=', req.kind).executeTakeFirst();
    return r && { model: r.model, metrics: r.metrics, trainedAt: r.trained_at };
  }

  async saveModel(req: { siteId: string; kind: string; model: string; metrics: string; trainedAt: string }): Promise<void> {
    await this.db
      .insertInto('moderation_models')
      .values({ site_id: req.siteId, kind: req.kind, model: req.model, metrics: req.metrics, trained_at: req.trainedAt })
      .onConflict((oc) => oc.columns(['site_id', 'kind']).doUpdateSet({ model: req.model, metrics: req.metrics, trained_at: req.trainedAt }))
      .execute();
  }

  // --- Transparency ----------------------------------------------------------------------------

  private actionsQuery(siteId: string) {
    return this.db
      .selectFrom('moderation_actions as a')
      .leftJoin('comments as c', 'c.id', 'a.comment_id')
      .select(['a.id', 'a.comment_id', 'a.action', 'a.actor_id', 'a.phase', 'a.reason_codes', 'a.created_at', 'c.created_at as comment_created_at'])
      .where('a.site_id', '=', siteId);
  }

  private static toAction(r: { id: string; comment_id: string | null; action: string; actor_id: string | null; phase: string | null; reason_codes: string; created_at: string; comment_created_at: string | null }): ActionInPeriod {
    return { id: r.id, commentId: r.comment_id, action: r.action, actorId: r.actor_id, phase: r.phase, reasonCodes: parseJson(r.reason_codes, []), createdAt: r.created_at, commentCreatedAt: r.comment_created_at };
  }

  async listActionsInPeriod(req: { siteId: string; from: string; to: string }): Promise<ActionInPeriod[]> {
    const rows = await this.actionsQuery(req.siteId).where('a.created_at', '>=', req.from).where('a.created_at', '<', req.to).orderBy('a.created_at').execute();
    return rows.map(KyselyModerationStore.toAction);
  }

  async listActionsForUser(req: { siteId: string; userId: string; limit: number }): Promise<ActionInPeriod[]> {
    const rows = await this.actionsQuery(req.siteId).where('a.target_user_id', '=', req.userId).orderBy('a.created_at', 'desc').limit(req.limit).execute();
    return rows.map(KyselyModerationStore.toAction);
  }

  async listAppealsInPeriod(req: { siteId: string; from: string; to: string }): Promise<Appeal[]> {
    const rows = await this.db
      .selectFrom('moderation_appeals')
      .selectAll()
      .where('site_id', '=', req.siteId)
      .where('created_at', '>=', req.from)
      .where('created_at', '<', req.to)
      .execute();
    return rows.map(toAppeal);
  }
}
