// The Store, implemented once over Kysely for SQLite and PostgreSQL.
import { type Kysely, type Selectable, type Transaction, type Updateable, sql } from 'kysely';
import { DEFAULT_SITE_SETTINGS, type Article, type Comment, type CommentStatus, type Membership, type ReactionKind, type Role, type Site, type User } from '../domain/types.js';
import type { ArticlesTable, CommentsTable, Database, SitesTable, UsersTable } from './schema.js';
import type {
  BranchQuery,
  CommentCounters,
  CommentUpdate,
  Identity,
  ModerationActionRecord,
  NewArticle,
  NewComment,
  NewSite,
  NewUser,
  SessionRecord,
  Store,
  TopLevelQuery,
} from './store.js';

const json = (value: unknown): string => JSON.stringify(value);
function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function toSite(r: Selectable<SitesTable>): Site {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    publicUrl: r.public_url,
    settings: { ...DEFAULT_SITE_SETTINGS, ...parseJson(r.settings, {}) },
    createdAt: r.created_at,
  };
}

function toArticle(r: Selectable<ArticlesTable>): Article {
  return {
    id: r.id,
    siteId: r.site_id,
    slug: r.slug,
    title: r.title,
    dek: r.dek,
    bodyMarkdown: r.body_md,
    bodyHtml: r.body_html,
    leadImage: parseJson(r.lead_image, null),
    authors: parseJson(r.authors, []),
    tags: parseJson(r.tags, []),
    section: r.section,
    status: r.status as Article['status'],
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
    commentsMode: r.comments_mode as Article['commentsMode'],
    closeAt: r.close_at,
    commentCount: Number(r.comment_count),
    createdAt: r.created_at,
  };
}

function toUser(r: Selectable<UsersTable>): User {
  return {
    id: r.id,
    email: r.email,
    username: r.username,
    displayName: r.display_name,
    isOperator: Number(r.is_operator) === 1,
    createdAt: r.created_at,
  };
}

function toComment(r: Selectable<CommentsTable>): Comment {
  return {
    id: r.id,
    siteId: r.site_id,
    articleId: r.article_id,
    parentId: r.parent_id,
    rootId: r.root_id,
    depth: Number(r.depth),
    path: r.path,
    authorId: r.author_id,
    bodyMarkdown: r.body_md,
    bodyHtml: r.body_html,
    rendererVersion: Number(r.renderer_version),
    status: r.status as CommentStatus,
    visible: Number(r.visible) === 1,
    likeCount: Number(r.like_count),
    dislikeCount: Number(r.dislike_count),
    reportCount: Number(r.report_count),
    replyCount: Number(r.reply_count),
    descendantCount: Number(r.descendant_count),
    score: Number(r.score),
    createdAt: r.created_at,
    editedAt: r.edited_at,
    deletedAt: r.deleted_at,
  };
}

const COUNTER_COLUMNS = {
  likeCount: 'like_count',
  dislikeCount: 'dislike_count',
  reportCount: 'report_count',
  replyCount: 'reply_count',
  descendantCount: 'descendant_count',
} as const;

export class KyselyStore implements Store {
  constructor(
    private readonly db: Kysely<Database> | Transaction<Database>,
    readonly dialect: 'sqlite' | 'postgres',
    private readonly inTransaction = false,
  ) {}

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    return (this.db as Kysely<Database>).transaction().execute((trx) => fn(new KyselyStore(trx, this.dialect, true)));
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  // --- Sites -------------------------------------------------------------------------------

  async createSite(site: NewSite): Promise<Site> {
    const row = {
      id: site.id,
      slug: site.slug,
      name: site.name,
      public_url: site.publicUrl,
      allowed_origins: '[]',
      settings: json(site.settings),
      created_at: site.createdAt,
    };
    await this.db.insertInto('sites').values(row).execute();
    return toSite(row);
  }

  async getSite(req: { id: string }): Promise<Site | undefined> {
    const r = await this.db.selectFrom('sites').selectAll().where('id', '=', req.id).executeTakeFirst();
    return r && toSite(r);
  }

  async getSiteBySlug(req: { slug: string }): Promise<Site | undefined> {
    const r = await this.db.selectFrom('sites').selectAll().where('slug', '=', req.slug).executeTakeFirst();
    return r && toSite(r);
  }

  async listSites(): Promise<Site[]> {
    return (await this.db.selectFrom('sites').selectAll().orderBy('created_at').execute()).map(toSite);
  }

  async countSites(): Promise<number> {
    const r = await this.db.selectFrom('sites').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  // --- Articles ----------------------------------------------------------------------------

  async createArticle(a: NewArticle): Promise<Article> {
    const row = {
      id: a.id,
      site_id: a.siteId,
      slug: a.slug,
      external_id: a.externalId ?? null,
      external_url: null,
      title: a.title,
      dek: a.dek,
      body_md: a.bodyMarkdown,
      body_html: a.bodyHtml,
      lead_image: a.leadImage ? json(a.leadImage) : null,
      authors: json(a.authors),
      tags: json(a.tags),
      section: a.section,
      status: a.status,
      published_at: a.publishedAt,
      updated_at: a.updatedAt,
      comments_mode: a.commentsMode,
      close_at: a.closeAt,
      comment_count: 0,
      created_at: a.createdAt,
    };
    await this.db.insertInto('articles').values(row).execute();
    return toArticle(row);
  }

  async getArticle(req: { siteId: string; id: string }): Promise<Article | undefined> {
    const r = await this.db.selectFrom('articles').selectAll().where('site_id', '=', req.siteId).where('id', '=', req.id).executeTakeFirst();
    return r && toArticle(r);
  }

  async getArticleBySlug(req: { siteId: string; slug: string }): Promise<Article | undefined> {
    const r = await this.db.selectFrom('articles').selectAll().where('site_id', '=', req.siteId).where('slug', '=', req.slug).executeTakeFirst();
    return r && toArticle(r);
  }

  async listArticles(req: { siteId: string; status?: Article['status']; limit: number }): Promise<Article[]> {
    let q = this.db.selectFrom('articles').selectAll().where('site_id', '=', req.siteId);
    if (req.status) q = q.where('status', '=', req.status);
    const rows = await q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(req.limit).execute();
    return rows.map(toArticle);
  }

  async adjustArticleCommentCount(req: { siteId: string; articleId: string; delta: number }): Promise<void> {
    if (req.delta === 0) return;
    await this.db
      .updateTable('articles')
      .set({ comment_count: sql`comment_count + ${req.delta}` })
      .where('site_id', '=', req.siteId)
      .where('id', '=', req.articleId)
      .execute();
  }

  // --- Users -------------------------------------------------------------------------------

  async createUser(u: NewUser): Promise<User> {
    const row = {
      id: u.id,
      email: u.email,
      email_verified: u.emailVerified ? 1 : 0,
      username: u.username,
      username_key: u.usernameKey,
      display_name: u.displayName,
      is_operator: u.isOperator ? 1 : 0,
      status: 'active',
      created_at: u.createdAt,
    };
    await this.db.insertInto('users').values(row).execute();
    return toUser(row);
  }

  async getUser(req: { id: string }): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', req.id).executeTakeFirst();
    return r && toUser(r);
  }

  async getUsers(req: { ids: readonly string[] }): Promise<User[]> {
    if (req.ids.length === 0) return [];
    return (await this.db.selectFrom('users').selectAll().where('id', 'in', [...new Set(req.ids)]).execute()).map(toUser);
  }

  async findUserByEmail(req: { email: string }): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('email', '=', req.email).executeTakeFirst();
    return r && toUser(r);
  }

  async findUserByUsernameKey(req: { usernameKey: string }): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('username_key', '=', req.usernameKey).executeTakeFirst();
    return r && toUser(r);
  }

  async createIdentity(i: Identity & { createdAt: string }): Promise<void> {
    await this.db
      .insertInto('identities')
      .values({ id: i.id, user_id: i.userId, provider: i.provider, subject: i.subject, secret: i.secret, created_at: i.createdAt })
      .execute();
  }

  async getIdentity(req: { provider: string; subject: string }): Promise<Identity | undefined> {
    const r = await this.db.selectFrom('identities').selectAll().where('provider', '=', req.provider).where('subject', '=', req.subject).executeTakeFirst();
    return r && { id: r.id, userId: r.user_id, provider: r.provider, subject: r.subject, secret: r.secret };
  }

  async getIdentityForUser(req: { userId: string; provider: string }): Promise<Identity | undefined> {
    const r = await this.db.selectFrom('identities').selectAll().where('user_id', '=', req.userId).where('provider', '=', req.provider).executeTakeFirst();
    return r && { id: r.id, userId: r.user_id, provider: r.provider, subject: r.subject, secret: r.secret };
  }

  async updateIdentitySecret(req: { id: string; secret: string }): Promise<void> {
    await this.db.updateTable('identities').set({ secret: req.secret }).where('id', '=', req.id).execute();
  }

  async setOperator(req: { userId: string; isOperator: boolean }): Promise<void> {
    await this.db.updateTable('users').set({ is_operator: req.isOperator ? 1 : 0 }).where('id', '=', req.userId).execute();
  }

  // --- Roles -------------------------------------------------------------------------------

  async getMembership(req: { siteId: string; userId: string }): Promise<Membership | undefined> {
    const r = await this.db.selectFrom('memberships').selectAll().where('site_id', '=', req.siteId).where('user_id', '=', req.userId).executeTakeFirst();
    return r && { siteId: r.site_id, userId: r.user_id, role: r.role as Role };
  }

  async setRole(req: { siteId: string; userId: string; role: Role; createdAt: string }): Promise<void> {
    await this.db
      .insertInto('memberships')
      .values({ site_id: req.siteId, user_id: req.userId, role: req.role, created_at: req.createdAt })
      .onConflict((oc) => oc.columns(['site_id', 'user_id']).doUpdateSet({ role: req.role }))
      .execute();
  }

  async listRoles(req: { siteId: string; userIds: readonly string[] }): Promise<Membership[]> {
    if (req.userIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('memberships')
      .selectAll()
      .where('site_id', '=', req.siteId)
      .where('user_id', 'in', [...new Set(req.userIds)])
      .execute();
    return rows.map((r) => ({ siteId: r.site_id, userId: r.user_id, role: r.role as Role }));
  }

  // --- Sessions ----------------------------------------------------------------------------

  async createSession(s: SessionRecord & { ip: string | null; userAgent: string | null }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: s.id,
        user_id: s.userId,
        kind: s.kind,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
        last_seen_at: s.lastSeenAt,
        ip: s.ip,
        user_agent: s.userAgent,
      })
      .execute();
  }

  async getSession(req: { id: string }): Promise<SessionRecord | undefined> {
    const r = await this.db.selectFrom('sessions').selectAll().where('id', '=', req.id).executeTakeFirst();
    return (
      r && { id: r.id, userId: r.user_id, kind: r.kind as SessionRecord['kind'], createdAt: r.created_at, expiresAt: r.expires_at, lastSeenAt: r.last_seen_at }
    );
  }

  async touchSession(req: { id: string; lastSeenAt: string; expiresAt: string }): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: req.lastSeenAt, expires_at: req.expiresAt }).where('id', '=', req.id).execute();
  }

  async deleteSession(req: { id: string }): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', req.id).execute();
  }

  // --- Comments ----------------------------------------------------------------------------

  async insertComment(c: NewComment): Promise<Comment> {
    const row = {
      id: c.id,
      site_id: c.siteId,
      article_id: c.articleId,
      parent_id: c.parentId,
      root_id: c.rootId,
      depth: c.depth,
      path: c.path,
      author_id: c.authorId,
      body_md: c.bodyMarkdown,
      body_html: c.bodyHtml,
      renderer_version: c.rendererVersion,
      status: c.status,
      visible: c.visible ? 1 : 0,
      like_count: 0,
      dislike_count: 0,
      report_count: 0,
      reply_count: 0,
      descendant_count: 0,
      score: c.score,
      created_at: c.createdAt,
      edited_at: null,
      deleted_at: null,
    };
    await this.db.insertInto('comments').values(row).execute();
    return toComment(row);
  }

  async getComment(req: { siteId: string; id: string }): Promise<Comment | undefined> {
    const r = await this.db.selectFrom('comments').selectAll().where('site_id', '=', req.siteId).where('id', '=', req.id).executeTakeFirst();
    return r && toComment(r);
  }

  async getComments(req: { siteId: string; ids: readonly string[] }): Promise<Comment[]> {
    if (req.ids.length === 0) return [];
    const rows = await this.db.selectFrom('comments').selectAll().where('site_id', '=', req.siteId).where('id', 'in', [...new Set(req.ids)]).execute();
    return rows.map(toComment);
  }

  async updateComment(req: { siteId: string; id: string; set: CommentUpdate }): Promise<void> {
    const s = req.set;
    const values: Updateable<CommentsTable> = {};
    if (s.bodyMarkdown !== undefined) values.body_md = s.bodyMarkdown;
    if (s.bodyHtml !== undefined) values.body_html = s.bodyHtml;
    if (s.rendererVersion !== undefined) values.renderer_version = s.rendererVersion;
    if (s.status !== undefined) values.status = s.status;
    if (s.visible !== undefined) values.visible = s.visible ? 1 : 0;
    if (s.score !== undefined) values.score = s.score;
    if (s.editedAt !== undefined) values.edited_at = s.editedAt;
    if (s.deletedAt !== undefined) values.deleted_at = s.deletedAt;
    if (Object.keys(values).length === 0) return;
    await this.db.updateTable('comments').set(values).where('site_id', '=', req.siteId).where('id', '=', req.id).execute();
  }

  async adjustCommentCounters(req: { siteId: string; id: string; delta: CommentCounters }): Promise<Comment | undefined> {
    const set: Record<string, unknown> = {};
    for (const [key, column] of Object.entries(COUNTER_COLUMNS)) {
      const d = req.delta[key as keyof CommentCounters];
      if (d) set[column] = sql`${sql.ref(column)} + ${d}`;
    }
    if (Object.keys(set).length > 0) {
      await this.db.updateTable('comments').set(set).where('site_id', '=', req.siteId).where('id', '=', req.id).execute();
    }
    return this.getComment({ siteId: req.siteId, id: req.id });
  }

  async listTopLevel(req: TopLevelQuery): Promise<Comment[]> {
    const desc = req.sort !== 'oldest';
    const column = req.sort === 'best' ? 'score' : 'created_at';
    let q = this.db
      .selectFrom('comments')
      .selectAll()
      .where('article_id', '=', req.articleId)
      .where('visible', '=', 1)
      .where('depth', '=', 0)
      .where('site_id', '=', req.siteId);
    if (req.after) {
      const { key, id } = req.after;
      const op = desc ? '<' : '>';
      q = q.where((eb) => eb.or([eb(column, op, key as never), eb.and([eb(column, '=', key as never), eb('id', op, id)])]));
    }
    const rows = await q
      .orderBy(column, desc ? 'desc' : 'asc')
      .orderBy('id', desc ? 'desc' : 'asc')
      .limit(req.limit)
      .execute();
    return rows.map(toComment);
  }

  private branchQuery(siteId: string, rootId: string, afterPath: string, limit: number) {
    return this.db
      .selectFrom('comments')
      .selectAll()
      .where('root_id', '=', rootId)
      .where('visible', '=', 1)
      .where('path', '>', afterPath)
      .where('site_id', '=', siteId)
      .orderBy('path')
      .limit(limit);
  }

  async listBranches(req: { siteId: string; rootIds: readonly string[]; limitPerBranch: number }): Promise<Comment[]> {
    if (req.rootIds.length === 0 || req.limitPerBranch <= 0) return [];
    const [first, ...rest] = req.rootIds.map((rootId, i) =>
      this.db.selectFrom(this.branchQuery(req.siteId, rootId, rootId, req.limitPerBranch).as(`b${i}`)).selectAll(),
    );
    let q = first!;
    for (const part of rest) q = q.unionAll(part);
    return (await q.execute()).map(toComment);
  }

  async listBranch(req: BranchQuery): Promise<Comment[]> {
    const rows = await this.branchQuery(req.siteId, req.rootId, req.afterPath ?? req.rootId, req.limit).execute();
    return rows.map(toComment);
  }

  async listSubtree(req: { siteId: string; rootId: string; path: string; limit: number }): Promise<Comment[]> {
    // Descendants of P have paths starting with "P."; '/' is the character after '.'.
    const rows = await this.branchQuery(req.siteId, req.rootId, `${req.path}.`, req.limit).where('path', '<', `${req.path}/`).execute();
    return rows.map(toComment);
  }

  async listPendingByAuthor(req: { siteId: string; articleId: string; authorId: string; limit: number }): Promise<Comment[]> {
    const rows = await this.db
      .selectFrom('comments')
      .selectAll()
      .where('author_id', '=', req.authorId)
      .where('site_id', '=', req.siteId)
      .where('article_id', '=', req.articleId)
      .where('status', '=', 'pending')
      .orderBy('created_at', 'desc')
      .limit(req.limit)
      .execute();
    return rows.map(toComment);
  }

  async insertRevision(req: { id: string; siteId: string; commentId: string; bodyMarkdown: string; bodyHtml: string; rendererVersion: number; createdAt: string }): Promise<void> {
    await this.db
      .insertInto('comment_revisions')
      .values({
        id: req.id,
        site_id: req.siteId,
        comment_id: req.commentId,
        body_md: req.bodyMarkdown,
        body_html: req.bodyHtml,
        renderer_version: req.rendererVersion,
        created_at: req.createdAt,
      })
      .execute();
  }

  async listRevisions(req: { siteId: string; commentId: string }): Promise<{ id: string; bodyMarkdown: string; createdAt: string }[]> {
    const rows = await this.db
      .selectFrom('comment_revisions')
      .select(['id', 'body_md', 'created_at'])
      .where('site_id', '=', req.siteId)
      .where('comment_id', '=', req.commentId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, bodyMarkdown: r.body_md, createdAt: r.created_at }));
  }

  // --- Reactions and reports ---------------------------------------------------------------

  async getReaction(req: { siteId: string; commentId: string; userId: string }): Promise<ReactionKind | undefined> {
    const r = await this.db
      .selectFrom('reactions')
      .select('kind')
      .where('comment_id', '=', req.commentId)
      .where('user_id', '=', req.userId)
      .where('site_id', '=', req.siteId)
      .executeTakeFirst();
    return r?.kind as ReactionKind | undefined;
  }

  async setReaction(req: { siteId: string; commentId: string; userId: string; kind: ReactionKind; createdAt: string }): Promise<void> {
    await this.db
      .insertInto('reactions')
      .values({ site_id: req.siteId, comment_id: req.commentId, user_id: req.userId, kind: req.kind, created_at: req.createdAt })
      .onConflict((oc) => oc.columns(['comment_id', 'user_id']).doUpdateSet({ kind: req.kind, created_at: req.createdAt }))
      .execute();
  }

  async deleteReaction(req: { siteId: string; commentId: string; userId: string }): Promise<void> {
    await this.db
      .deleteFrom('reactions')
      .where('comment_id', '=', req.commentId)
      .where('user_id', '=', req.userId)
      .where('site_id', '=', req.siteId)
      .execute();
  }

  async listReactions(req: { siteId: string; userId: string; commentIds: readonly string[] }): Promise<Map<string, ReactionKind>> {
    const out = new Map<string, ReactionKind>();
    if (req.commentIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('reactions')
      .select(['comment_id', 'kind'])
      .where('user_id', '=', req.userId)
      .where('comment_id', 'in', [...new Set(req.commentIds)])
      .where('site_id', '=', req.siteId)
      .execute();
    for (const r of rows) out.set(r.comment_id, r.kind as ReactionKind);
    return out;
  }

  async insertReport(req: { id: string; siteId: string; commentId: string; reporterId: string; reason: string; note: string | null; createdAt: string }): Promise<boolean> {
    const result = await this.db
      .insertInto('reports')
      .values({
        id: req.id,
        site_id: req.siteId,
        comment_id: req.commentId,
        reporter_id: req.reporterId,
        reason: req.reason,
        note: req.note,
        status: 'open',
        created_at: req.createdAt,
      })
      .onConflict((oc) => oc.columns(['comment_id', 'reporter_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  // --- Moderation log ----------------------------------------------------------------------

  async insertModerationAction(a: ModerationActionRecord): Promise<void> {
    await this.db
      .insertInto('moderation_actions')
      .values({
        id: a.id,
        site_id: a.siteId,
        comment_id: a.commentId,
        target_user_id: a.targetUserId,
        actor_id: a.actorId,
        action: a.action,
        phase: a.phase,
        reason_codes: json(a.reasonCodes),
        scores: a.scores ? json(a.scores) : null,
        statement: a.statement,
        created_at: a.createdAt,
      })
      .execute();
  }

  async listModerationActions(req: { siteId: string; commentId: string }): Promise<ModerationActionRecord[]> {
    const rows = await this.db
      .selectFrom('moderation_actions')
      .selectAll()
      .where('site_id', '=', req.siteId)
      .where('comment_id', '=', req.commentId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      siteId: r.site_id,
      commentId: r.comment_id,
      targetUserId: r.target_user_id,
      actorId: r.actor_id,
      action: r.action,
      phase: r.phase,
      reasonCodes: parseJson(r.reason_codes, []),
      scores: parseJson(r.scores, null),
      statement: r.statement,
      createdAt: r.created_at,
    }));
  }

  // --- Settings ----------------------------------------------------------------------------

  async getSetting(key: string): Promise<string | undefined> {
    const r = await this.db.selectFrom('settings_kv').select('value').where('key', '=', key).executeTakeFirst();
    return r?.value;
  }

  async setSettingIfAbsent(key: string, value: string): Promise<string> {
    await this.db
      .insertInto('settings_kv')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return (await this.getSetting(key)) ?? value;
  }
}
