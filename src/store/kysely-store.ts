// The Store, implemented once over Kysely for SQLite and PostgreSQL.
import { type Kysely, type Selectable, type Transaction, type Updateable, sql } from 'kysely';
import { DEFAULT_SITE_SETTINGS, type Article, type Comment, type CommentStatus, type Membership, type ReactionKind, type Role, type Site, type User } from '../domain/types.js';
import type { ArticlesTable, CommentsTable, Database, MembershipsTable, ModerationActionsTable, SessionsTable, SitesTable, UsersTable } from './schema.js';
import type {
  BranchNode,
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
import { KyselyModerationStore } from './moderation/kysely-moderation-store.js';
import { KyselyImportsStore } from './imports/kysely-imports-store.js';
import type { AccountTokensTable, MailOutboxTable, OidcProvidersTable } from './schema.js';
import { compiledOnce } from './compiled-once.js';
import { GroupCommit } from './group-commit.js';
import type {
  AccountRecord,
  AccountTokenRecord,
  AccountUpdate,
  AuditRecord,
  AuthoredComment,
  IdentityRecord,
  NewOutboxMail,
  OidcProviderRecord,
  OutboxMail,
  SessionInfo,
  ThrottleRecord,
  UserSearchQuery,
  UserSearchRow,
} from './store.js';
import type { ArticleUpdate, AuthorRecord, EditorArticle, EditorStatus, ImageRecord, SearchHit, SitemapEntry, TermKind, TermSummary } from './store.js';
import type { EmbedHandoff, EmbedSettings, EmbedUrlRules } from './store.js';
import { parseJson } from './rows.js';

const json = (value: unknown): string => JSON.stringify(value);

function toModerationAction(r: Selectable<ModerationActionsTable>): ModerationActionRecord {
  return {
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
  };
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

// accounts (issue 4): the profile and deletion columns are not part of User.
function toUser(r: Omit<Selectable<UsersTable>, 'bio' | 'deletion_due_at' | 'deleted_at'>): User {
  return {
    id: r.id,
    email: r.email,
    username: r.username,
    displayName: r.display_name,
    isOperator: Number(r.is_operator) === 1,
    createdAt: r.created_at,
  };
}

const BRANCH_COLUMNS = ['id', 'site_id', 'article_id', 'parent_id', 'root_id', 'depth', 'status', 'visible', 'reply_count', 'descendant_count'] as const;

function toBranchNode(r: Pick<Selectable<CommentsTable>, (typeof BRANCH_COLUMNS)[number]>): BranchNode {
  return {
    id: r.id,
    siteId: r.site_id,
    articleId: r.article_id,
    parentId: r.parent_id,
    rootId: r.root_id,
    depth: Number(r.depth),
    status: r.status as CommentStatus,
    visible: Number(r.visible) === 1,
    replyCount: Number(r.reply_count),
    descendantCount: Number(r.descendant_count),
  };
}

function toComment(r: Selectable<CommentsTable>): Comment {
  return {
    ...toBranchNode(r),
    path: r.path,
    authorId: r.author_id,
    bodyMarkdown: r.body_md,
    bodyHtml: r.body_html,
    rendererVersion: Number(r.renderer_version),
    likeCount: Number(r.like_count),
    dislikeCount: Number(r.dislike_count),
    reportCount: Number(r.report_count),
    score: Number(r.score),
    createdAt: r.created_at,
    editedAt: r.edited_at,
    deletedAt: r.deleted_at,
    ...(r.removal_reason ? { removalReason: r.removal_reason } : {}),
  };
}

const COUNTER_COLUMNS = {
  likeCount: 'like_count',
  dislikeCount: 'dislike_count',
  reportCount: 'report_count',
  replyCount: 'reply_count',
  descendantCount: 'descendant_count',
} as const;

// Inserts of the posting path, compiled once (see compiled-once.ts).
const insertCommentStatement = compiledOnce();
const insertModerationActionStatement = compiledOnce();
const getArticleStatement = compiledOnce<Selectable<ArticlesTable>>();
const getCommentStatement = compiledOnce<Selectable<CommentsTable>>();
const adjustArticleCountStatement = compiledOnce();
const getUserStatement = compiledOnce<Selectable<UsersTable>>();
const getMembershipStatement = compiledOnce<Selectable<MembershipsTable>>();
const getSessionStatement = compiledOnce<Selectable<SessionsTable>>();
type SessionWithUserRow = { [K in keyof Selectable<UsersTable>]: Selectable<UsersTable>[K] | null } & {
  membership_role: string | null;
  session_id: string;
  session_user_id: string;
  session_kind: string;
  session_created_at: string;
  session_expires_at: string;
  session_last_seen_at: string;
};
const getSessionWithUserStatement = compiledOnce<SessionWithUserRow>();
const adjustBranchStatement = compiledOnce<Pick<Selectable<CommentsTable>, (typeof BRANCH_COLUMNS)[number]>>();

/** One group committer per SQLite database (see group-commit.ts). */
const groupCommits = new WeakMap<Kysely<Database>, GroupCommit<Database>>();

function groupCommitFor(db: Kysely<Database>): GroupCommit<Database> {
  let group = groupCommits.get(db);
  if (!group) groupCommits.set(db, (group = new GroupCommit(db)));
  return group;
}

export class KyselyStore implements Store {
  constructor(
    private readonly db: Kysely<Database> | Transaction<Database>,
    readonly dialect: 'sqlite' | 'postgres',
    private readonly inTransaction = false,
  ) {}

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    const db = this.db as Kysely<Database>;
    // SQLite has one writer: concurrent write transactions are committed together.
    if (this.dialect === 'sqlite') return groupCommitFor(db).transaction((conn) => fn(new KyselyStore(conn, this.dialect, true)));
    return db.transaction().execute((trx) => fn(new KyselyStore(trx, this.dialect, true)));
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
      scheduled_for: null,
      source_hash: null,
    };
    await this.db.insertInto('articles').values(row).execute();
    return toArticle(row);
  }

  async getArticle(req: { siteId: string; id: string }): Promise<Article | undefined> {
    const { rows } = await getArticleStatement(this.db, () => this.db.selectFrom('articles').selectAll().where('site_id', '=', req.siteId).where('id', '=', req.id), [req.siteId, req.id]);
    const r = rows[0];
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
    await adjustArticleCountStatement(
      this.db,
      () =>
        this.db
          .updateTable('articles')
          .set({ comment_count: sql`comment_count + ${req.delta}` })
          .where('site_id', '=', req.siteId)
          .where('id', '=', req.articleId),
      [req.delta, req.siteId, req.articleId],
    );
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
    const r = (await getUserStatement(this.db, () => this.db.selectFrom('users').selectAll().where('id', '=', req.id), [req.id])).rows[0];
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
    const r = (
      await getMembershipStatement(this.db, () => this.db.selectFrom('memberships').selectAll().where('site_id', '=', req.siteId).where('user_id', '=', req.userId), [req.siteId, req.userId])
    ).rows[0];
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
    const r = (await getSessionStatement(this.db, () => this.db.selectFrom('sessions').selectAll().where('id', '=', req.id), [req.id])).rows[0];
    return (
      r && { id: r.id, userId: r.user_id, kind: r.kind as SessionRecord['kind'], createdAt: r.created_at, expiresAt: r.expires_at, lastSeenAt: r.last_seen_at }
    );
  }

  async getSessionWithUser(req: { id: string; siteId: string }): Promise<{ session: SessionRecord; user: User | undefined; role: Role | undefined } | undefined> {
    const r = (
      await getSessionWithUserStatement(
        this.db,
        () =>
          this.db
            .selectFrom('sessions')
            .leftJoin('users', 'users.id', 'sessions.user_id')
            .leftJoin('memberships', (j) => j.onRef('memberships.user_id', '=', 'sessions.user_id').on('memberships.site_id', '=', req.siteId))
            .selectAll('users')
            .select([
              'memberships.role as membership_role',
              'sessions.id as session_id',
              'sessions.user_id as session_user_id',
              'sessions.kind as session_kind',
              'sessions.created_at as session_created_at',
              'sessions.expires_at as session_expires_at',
              'sessions.last_seen_at as session_last_seen_at',
            ])
            .where('sessions.id', '=', req.id),
        [req.siteId, req.id],
      )
    ).rows[0];
    if (!r) return undefined;
    const session: SessionRecord = {
      id: r.session_id,
      userId: r.session_user_id,
      kind: r.session_kind as SessionRecord['kind'],
      createdAt: r.session_created_at,
      expiresAt: r.session_expires_at,
      lastSeenAt: r.session_last_seen_at,
    };
    return { session, user: r.id === null ? undefined : toUser(r as Selectable<UsersTable>), role: (r.membership_role as Role | null) ?? undefined };
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
      removal_reason: null,
    };
    await insertCommentStatement(this.db, () => this.db.insertInto('comments').values(row), Object.values(row));
    return toComment(row);
  }

  async getComment(req: { siteId: string; id: string }): Promise<Comment | undefined> {
    const { rows } = await getCommentStatement(this.db, () => this.db.selectFrom('comments').selectAll().where('site_id', '=', req.siteId).where('id', '=', req.id), [req.siteId, req.id]);
    const r = rows[0];
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
    if (Object.keys(set).length === 0) return this.getComment({ siteId: req.siteId, id: req.id });
    // One statement: the updated row comes back (RETURNING: SQLite 3.35+, PostgreSQL).
    const r = await this.db.updateTable('comments').set(set).where('site_id', '=', req.siteId).where('id', '=', req.id).returningAll().executeTakeFirst();
    return r && toComment(r);
  }

  async adjustBranchCounters(req: { siteId: string; id: string; replyCount: number; descendantCount: number }): Promise<BranchNode | undefined> {
    const { rows } = await adjustBranchStatement(
      this.db,
      () =>
        this.db
          .updateTable('comments')
          .set({ reply_count: sql`reply_count + ${req.replyCount}`, descendant_count: sql`descendant_count + ${req.descendantCount}` })
          .where('site_id', '=', req.siteId)
          .where('id', '=', req.id)
          .returning(BRANCH_COLUMNS),
      [req.replyCount, req.descendantCount, req.siteId, req.id],
    );
    const r = rows[0];
    return r && toBranchNode(r);
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
    const row = {
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
    };
    await insertModerationActionStatement(this.db, () => this.db.insertInto('moderation_actions').values(row), Object.values(row));
  }

  async listModerationActions(req: { siteId: string; commentId: string }): Promise<ModerationActionRecord[]> {
    const rows = await this.db
      .selectFrom('moderation_actions')
      .selectAll()
      .where('site_id', '=', req.siteId)
      .where('comment_id', '=', req.commentId)
      .orderBy('id')
      .execute();
    return rows.map(toModerationAction);
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


  async getAccount(req: { userId: string }): Promise<AccountRecord | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', req.userId).executeTakeFirst();
    return r && toAccount(r);
  }

  async getAccounts(req: { userIds: readonly string[] }): Promise<AccountRecord[]> {
    if (req.userIds.length === 0) return [];
    return (await this.db.selectFrom('users').selectAll().where('id', 'in', [...new Set(req.userIds)]).execute()).map(toAccount);
  }

  async updateAccount(req: { userId: string; set: AccountUpdate }): Promise<void> {
    const s = req.set;
    const values: Updateable<UsersTable> = {};
    if (s.email !== undefined) values.email = s.email;
    if (s.emailVerified !== undefined) values.email_verified = s.emailVerified ? 1 : 0;
    if (s.username !== undefined) values.username = s.username;
    if (s.usernameKey !== undefined) values.username_key = s.usernameKey;
    if (s.displayName !== undefined) values.display_name = s.displayName;
    if (s.bio !== undefined) values.bio = s.bio;
    if (s.status !== undefined) values.status = s.status;
    if (s.deletionDueAt !== undefined) values.deletion_due_at = s.deletionDueAt;
    if (s.deletedAt !== undefined) values.deleted_at = s.deletedAt;
    if (Object.keys(values).length === 0) return;
    await this.db.updateTable('users').set(values).where('id', '=', req.userId).execute();
  }

  async searchUsers(req: UserSearchQuery): Promise<UserSearchRow[]> {
    let q = this.db
      .selectFrom('users')
      .leftJoin('memberships', (j) => j.onRef('memberships.user_id', '=', 'users.id').on('memberships.site_id', '=', req.siteId))
      .selectAll('users')
      .select('memberships.role as site_role');
    if (req.membersOnly) q = q.where('memberships.role', 'is not', null);
    if (req.q) {
      const pattern = `%${req.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or([
          eb(sql`users.username_key`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`users.email`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(users.display_name)`, 'like', sql`${pattern} escape '\\'`),
        ]),
      );
    }
    if (req.role === 'none') q = q.where('memberships.role', 'is', null);
    else if (req.role === 'commenter') q = q.where((eb) => eb.or([eb('memberships.role', '=', 'commenter'), eb('memberships.role', 'is', null)]));
    else if (req.role) q = q.where('memberships.role', '=', req.role);
    if (req.status === 'deleted') q = q.where('users.deleted_at', 'is not', null);
    else if (req.status === 'pending_deletion') q = q.where('users.deletion_due_at', 'is not', null).where('users.deleted_at', 'is', null);
    else if (req.status === 'unverified') q = q.where('users.email_verified', '=', 0).where('users.deleted_at', 'is', null);
    else if (req.status === 'active') q = q.where('users.deletion_due_at', 'is', null).where('users.deleted_at', 'is', null);
    if (req.beforeId) q = q.where('users.id', '<', req.beforeId);
    const rows = await q.orderBy('users.id', 'desc').limit(req.limit).execute();
    return rows.map((r) => ({ account: toAccount(r), role: (r.site_role as Role | null) ?? null }));
  }

  async listPrivilegedNames(): Promise<{ userId: string; username: string; displayName: string }[]> {
    const rows = await this.db
      .selectFrom('users')
      .select(['users.id', 'users.username', 'users.display_name'])
      .where('users.deleted_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('users.is_operator', '=', 1),
          // Not correlated: the members with these roles are looked up once, not once per user
          // (memberships is keyed by site first, so a per-user lookup scanned it every time).
          eb('users.id', 'in', eb.selectFrom('memberships').select('memberships.user_id').where('memberships.role', 'in', ['staff', 'moderator', 'admin'])),
        ]),
      )
      .execute();
    return rows.map((r) => ({ userId: r.id, username: r.username, displayName: r.display_name }));
  }

  async listAccountsDueForDeletion(req: { now: string; limit: number }): Promise<AccountRecord[]> {
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where('deletion_due_at', '<=', req.now)
      .where('deleted_at', 'is', null)
      .orderBy('deletion_due_at')
      .limit(req.limit)
      .execute();
    return rows.map(toAccount);
  }

  async listIdentities(req: { userId: string }): Promise<IdentityRecord[]> {
    const rows = await this.db.selectFrom('identities').selectAll().where('user_id', '=', req.userId).orderBy('created_at').execute();
    return rows.map((r) => ({ id: r.id, userId: r.user_id, provider: r.provider, subject: r.subject, secret: r.secret, createdAt: r.created_at }));
  }

  async deleteIdentity(req: { userId: string; id: string }): Promise<void> {
    await this.db.deleteFrom('identities').where('id', '=', req.id).where('user_id', '=', req.userId).execute();
  }

  async deleteIdentitiesForUser(req: { userId: string }): Promise<void> {
    await this.db.deleteFrom('identities').where('user_id', '=', req.userId).execute();
  }

  async listMemberships(req: { userId: string }): Promise<Membership[]> {
    const rows = await this.db.selectFrom('memberships').selectAll().where('user_id', '=', req.userId).orderBy('created_at').execute();
    return rows.map((r) => ({ siteId: r.site_id, userId: r.user_id, role: r.role as Role }));
  }

  async deleteMembership(req: { siteId: string; userId: string }): Promise<void> {
    await this.db.deleteFrom('memberships').where('site_id', '=', req.siteId).where('user_id', '=', req.userId).execute();
  }

  async deleteMembershipsForUser(req: { userId: string }): Promise<void> {
    await this.db.deleteFrom('memberships').where('user_id', '=', req.userId).execute();
  }

  async setSessionMethod(req: { id: string; method: string }): Promise<void> {
    await this.db.updateTable('sessions').set({ method: req.method }).where('id', '=', req.id).execute();
  }

  async listSessionsForUser(req: { userId: string }): Promise<SessionInfo[]> {
    const rows = await this.db.selectFrom('sessions').selectAll().where('user_id', '=', req.userId).orderBy('last_seen_at', 'desc').execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      kind: r.kind as SessionInfo['kind'],
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      lastSeenAt: r.last_seen_at,
      ip: r.ip,
      userAgent: r.user_agent,
      method: r.method,
    }));
  }

  async deleteSessionsForUser(req: { userId: string; exceptId?: string | null }): Promise<number> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', req.userId);
    if (req.exceptId) q = q.where('id', '!=', req.exceptId);
    const result = await q.executeTakeFirst();
    return Number(result.numDeletedRows ?? 0n);
  }

  async deleteSessionForUser(req: { userId: string; id: string }): Promise<boolean> {
    const result = await this.db.deleteFrom('sessions').where('id', '=', req.id).where('user_id', '=', req.userId).executeTakeFirst();
    return Number(result.numDeletedRows ?? 0n) > 0;
  }

  async insertAccountToken(t: AccountTokenRecord): Promise<void> {
    await this.db
      .insertInto('account_tokens')
      .values({ id: t.id, purpose: t.purpose, user_id: t.userId, email: t.email, site_id: t.siteId, created_at: t.createdAt, expires_at: t.expiresAt, used_at: t.usedAt })
      .execute();
  }

  async getAccountToken(req: { id: string; purpose: string }): Promise<AccountTokenRecord | undefined> {
    const r = await this.db.selectFrom('account_tokens').selectAll().where('id', '=', req.id).where('purpose', '=', req.purpose).executeTakeFirst();
    return r && toAccountToken(r);
  }

  async consumeAccountToken(req: { id: string; purpose: string; now: string }): Promise<AccountTokenRecord | undefined> {
    const result = await this.db
      .updateTable('account_tokens')
      .set({ used_at: req.now })
      .where('id', '=', req.id)
      .where('purpose', '=', req.purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', req.now)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows ?? 0n) !== 1) return undefined;
    return this.getAccountToken(req);
  }

  async revokeAccountTokens(req: { userId: string; purposes: readonly string[]; now: string }): Promise<void> {
    if (req.purposes.length === 0) return;
    await this.db
      .updateTable('account_tokens')
      .set({ used_at: req.now })
      .where('user_id', '=', req.userId)
      .where('purpose', 'in', [...req.purposes])
      .where('used_at', 'is', null)
      .execute();
  }

  async enqueueMail(m: NewOutboxMail): Promise<void> {
    await this.db
      .insertInto('mail_outbox')
      .values({
        id: m.id,
        kind: m.kind,
        to_address: m.to,
        subject: m.subject,
        text_body: m.text,
        html_body: m.html,
        status: 'pending',
        attempts: 0,
        next_attempt_at: m.createdAt,
        last_error: null,
        created_at: m.createdAt,
        sent_at: null,
      })
      .execute();
  }

  async claimDueMail(req: { now: string; staleBefore: string; limit: number }): Promise<OutboxMail[]> {
    const candidates = await this.db
      .selectFrom('mail_outbox')
      .select(['id', 'status', 'next_attempt_at'])
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', req.now)]),
          eb.and([eb('status', '=', 'sending'), eb('next_attempt_at', '<=', req.staleBefore)]),
        ]),
      )
      .orderBy('next_attempt_at')
      .limit(req.limit)
      .execute();
    const claimed: OutboxMail[] = [];
    for (const c of candidates) {
      // Compare-and-set: only one worker (of any process) wins each mail.
      const result = await this.db
        .updateTable('mail_outbox')
        .set({ status: 'sending', next_attempt_at: req.now })
        .where('id', '=', c.id)
        .where('status', '=', c.status)
        .where('next_attempt_at', '=', c.next_attempt_at)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows ?? 0n) !== 1) continue;
      const r = await this.db.selectFrom('mail_outbox').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      claimed.push(toOutboxMail(r));
    }
    return claimed;
  }

  async markMailSent(req: { id: string; sentAt: string }): Promise<void> {
    await this.db
      .updateTable('mail_outbox')
      .set({ status: 'sent', sent_at: req.sentAt, text_body: null, html_body: null, last_error: null })
      .where('id', '=', req.id)
      .execute();
  }

  async markMailFailed(req: { id: string; attempts: number; nextAttemptAt: string; error: string; final: boolean }): Promise<void> {
    await this.db
      .updateTable('mail_outbox')
      .set({
        status: req.final ? 'failed' : 'pending',
        attempts: req.attempts,
        next_attempt_at: req.nextAttemptAt,
        last_error: req.error.slice(0, 500),
        ...(req.final ? { text_body: null, html_body: null } : {}),
      })
      .where('id', '=', req.id)
      .execute();
  }

  async listOutbox(req: { limit: number }): Promise<OutboxMail[]> {
    const rows = await this.db.selectFrom('mail_outbox').selectAll().orderBy('id', 'desc').limit(req.limit).execute();
    return rows.map(toOutboxMail);
  }

  async getThrottles(req: { keys: readonly string[] }): Promise<ThrottleRecord[]> {
    if (req.keys.length === 0) return [];
    const rows = await this.db.selectFrom('auth_throttle').selectAll().where('key', 'in', [...new Set(req.keys)]).execute();
    return rows.map((r) => ({ key: r.key, failures: Number(r.failures), blockedUntil: r.blocked_until, windowStart: r.window_start, updatedAt: r.updated_at }));
  }

  async putThrottle(t: ThrottleRecord): Promise<void> {
    const values = { failures: t.failures, blocked_until: t.blockedUntil, window_start: t.windowStart, updated_at: t.updatedAt };
    await this.db
      .insertInto('auth_throttle')
      .values({ key: t.key, ...values })
      .onConflict((oc) => oc.column('key').doUpdateSet(values))
      .execute();
  }

  async deleteThrottle(req: { key: string }): Promise<void> {
    await this.db.deleteFrom('auth_throttle').where('key', '=', req.key).execute();
  }

  async getSiteAccountSettings(req: { siteId: string }): Promise<Record<string, unknown> | undefined> {
    const r = await this.db.selectFrom('site_accounts').select('settings').where('site_id', '=', req.siteId).executeTakeFirst();
    return r ? parseJson<Record<string, unknown>>(r.settings, {}) : undefined;
  }

  async putSiteAccountSettings(req: { siteId: string; settings: Record<string, unknown>; updatedAt: string }): Promise<void> {
    const values = { settings: json(req.settings), updated_at: req.updatedAt };
    await this.db
      .insertInto('site_accounts')
      .values({ site_id: req.siteId, ...values })
      .onConflict((oc) => oc.column('site_id').doUpdateSet(values))
      .execute();
  }

  async createOidcProvider(p: OidcProviderRecord): Promise<void> {
    await this.db
      .insertInto('oidc_providers')
      .values({
        id: p.id,
        site_id: p.siteId,
        slug: p.slug,
        name: p.name,
        issuer: p.issuer,
        client_id: p.clientId,
        client_secret: p.clientSecret,
        scopes: p.scopes.join(' '),
        created_at: p.createdAt,
      })
      .execute();
  }

  async updateOidcProvider(req: { siteId: string; id: string; set: Partial<Pick<OidcProviderRecord, 'name' | 'issuer' | 'clientId' | 'clientSecret' | 'scopes'>> }): Promise<void> {
    const s = req.set;
    const values: Updateable<OidcProvidersTable> = {};
    if (s.name !== undefined) values.name = s.name;
    if (s.issuer !== undefined) values.issuer = s.issuer;
    if (s.clientId !== undefined) values.client_id = s.clientId;
    if (s.clientSecret !== undefined) values.client_secret = s.clientSecret;
    if (s.scopes !== undefined) values.scopes = s.scopes.join(' ');
    if (Object.keys(values).length === 0) return;
    await this.db.updateTable('oidc_providers').set(values).where('site_id', '=', req.siteId).where('id', '=', req.id).execute();
  }

  async getOidcProvider(req: { id: string }): Promise<OidcProviderRecord | undefined> {
    const r = await this.db.selectFrom('oidc_providers').selectAll().where('id', '=', req.id).executeTakeFirst();
    return r && toOidcProvider(r);
  }

  async listOidcProviders(req: { siteId: string }): Promise<OidcProviderRecord[]> {
    const rows = await this.db.selectFrom('oidc_providers').selectAll().where('site_id', '=', req.siteId).orderBy('created_at').execute();
    return rows.map(toOidcProvider);
  }

  async deleteOidcProvider(req: { siteId: string; id: string }): Promise<boolean> {
    const result = await this.db.deleteFrom('oidc_providers').where('site_id', '=', req.siteId).where('id', '=', req.id).executeTakeFirst();
    return Number(result.numDeletedRows ?? 0n) > 0;
  }

  async rememberSsoJti(req: { siteId: string; jti: string; expiresAt: string; now: string }): Promise<boolean> {
    await this.db.deleteFrom('sso_replay').where('expires_at', '<', req.now).execute();
    const result = await this.db
      .insertInto('sso_replay')
      .values({ site_id: req.siteId, jti: req.jti, expires_at: req.expiresAt })
      .onConflict((oc) => oc.columns(['site_id', 'jti']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async insertAudit(e: AuditRecord): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({ id: e.id, site_id: e.siteId, actor_id: e.actorId, action: e.action, target_user_id: e.targetUserId, details: json(e.details), ip: e.ip, created_at: e.createdAt })
      .execute();
  }

  async listAudit(req: { siteId?: string | null; targetUserId?: string; limit: number; beforeId?: string }): Promise<AuditRecord[]> {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (req.siteId) q = q.where((eb) => eb.or([eb('site_id', '=', req.siteId!), eb('site_id', 'is', null)]));
    if (req.targetUserId) q = q.where('target_user_id', '=', req.targetUserId);
    if (req.beforeId) q = q.where('id', '<', req.beforeId);
    const rows = await q.orderBy('id', 'desc').limit(req.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      siteId: r.site_id,
      actorId: r.actor_id,
      action: r.action,
      targetUserId: r.target_user_id,
      details: parseJson(r.details, {}),
      ip: r.ip,
      createdAt: r.created_at,
    }));
  }

  async listPublicCommentsByAuthor(req: { siteId: string; authorId: string; limit: number; before?: { createdAt: string; id: string } }): Promise<AuthoredComment[]> {
    let q = this.db
      .selectFrom('comments')
      .innerJoin('articles', 'articles.id', 'comments.article_id')
      .selectAll('comments')
      .select(['articles.slug as article_slug', 'articles.title as article_title'])
      .where('comments.author_id', '=', req.authorId)
      .where('comments.site_id', '=', req.siteId)
      .where('comments.status', '=', 'approved')
      .where('comments.visible', '=', 1)
      .where('articles.status', '=', 'published');
    if (req.before) {
      const { createdAt, id } = req.before;
      q = q.where((eb) => eb.or([eb('comments.created_at', '<', createdAt), eb.and([eb('comments.created_at', '=', createdAt), eb('comments.id', '<', id)])]));
    }
    const rows = await q.orderBy('comments.created_at', 'desc').orderBy('comments.id', 'desc').limit(req.limit).execute();
    return rows.map((r) => ({ comment: toComment(r), article: { id: r.article_id, slug: r.article_slug, title: r.article_title } }));
  }

  async listAllCommentsByAuthor(req: { authorId: string; limit: number; afterId?: string }): Promise<Comment[]> {
    let q = this.db.selectFrom('comments').selectAll().where('author_id', '=', req.authorId);
    if (req.afterId) q = q.where('id', '>', req.afterId);
    return (await q.orderBy('id').limit(req.limit).execute()).map(toComment);
  }

  async deleteRevisions(req: { siteId: string; commentId: string }): Promise<void> {
    await this.db.deleteFrom('comment_revisions').where('site_id', '=', req.siteId).where('comment_id', '=', req.commentId).execute();
  }

  async listReactionsByUser(req: { userId: string; limit: number }): Promise<{ siteId: string; commentId: string; kind: string; createdAt: string }[]> {
    const rows = await this.db.selectFrom('reactions').selectAll().where('user_id', '=', req.userId).orderBy('created_at').limit(req.limit).execute();
    return rows.map((r) => ({ siteId: r.site_id, commentId: r.comment_id, kind: r.kind, createdAt: r.created_at }));
  }

  async listReportsByUser(req: { userId: string; limit: number }): Promise<{ id: string; siteId: string; commentId: string; reason: string; note: string | null; status: string; createdAt: string }[]> {
    const rows = await this.db.selectFrom('reports').selectAll().where('reporter_id', '=', req.userId).orderBy('id').limit(req.limit).execute();
    return rows.map((r) => ({ id: r.id, siteId: r.site_id, commentId: r.comment_id, reason: r.reason, note: r.note, status: r.status, createdAt: r.created_at }));
  }

  async reassignComments(req: { fromUserId: string; toUserId: string }): Promise<number> {
    const result = await this.db.updateTable('comments').set({ author_id: req.toUserId }).where('author_id', '=', req.fromUserId).executeTakeFirst();
    return Number(result.numUpdatedRows ?? 0n);
  }

  async listModerationActionsAbout(req: { userId: string; limit: number }): Promise<ModerationActionRecord[]> {
    const rows = await this.db.selectFrom('moderation_actions').selectAll().where('target_user_id', '=', req.userId).orderBy('id').limit(req.limit).execute();
    return rows.map(toModerationAction);
  }


  async getArticleByExternalId(req: { siteId: string; externalId: string }): Promise<Article | undefined> {
    const r = await this.db.selectFrom('articles').selectAll().where('site_id', '=', req.siteId).where('external_id', '=', req.externalId).executeTakeFirst();
    return r && toArticle(r);
  }

  async getEditorArticle(req: { siteId: string; id: string }): Promise<EditorArticle | undefined> {
    const r = await this.db.selectFrom('articles').selectAll().where('site_id', '=', req.siteId).where('id', '=', req.id).executeTakeFirst();
    return r && toEditorArticle(r);
  }

  async updateArticle(req: { siteId: string; id: string; set: ArticleUpdate }): Promise<void> {
    const s = req.set;
    const v: Updateable<ArticlesTable> = {};
    if (s.slug !== undefined) v.slug = s.slug;
    if (s.externalId !== undefined) v.external_id = s.externalId;
    if (s.title !== undefined) v.title = s.title;
    if (s.dek !== undefined) v.dek = s.dek;
    if (s.bodyMarkdown !== undefined) v.body_md = s.bodyMarkdown;
    if (s.bodyHtml !== undefined) v.body_html = s.bodyHtml;
    if (s.leadImage !== undefined) v.lead_image = s.leadImage === null ? null : json(s.leadImage);
    if (s.authors !== undefined) v.authors = json(s.authors);
    if (s.tags !== undefined) v.tags = json(s.tags);
    if (s.section !== undefined) v.section = s.section;
    if (s.status !== undefined) v.status = s.status;
    if (s.publishedAt !== undefined) v.published_at = s.publishedAt;
    if (s.updatedAt !== undefined) v.updated_at = s.updatedAt;
    if (s.commentsMode !== undefined) v.comments_mode = s.commentsMode;
    if (s.closeAt !== undefined) v.close_at = s.closeAt;
    if (s.scheduledFor !== undefined) v.scheduled_for = s.scheduledFor;
    if (s.sourceHash !== undefined) v.source_hash = s.sourceHash;
    if (Object.keys(v).length === 0) return;
    await this.db.updateTable('articles').set(v).where('site_id', '=', req.siteId).where('id', '=', req.id).execute();
  }

  async listEditorArticles(req: { siteId: string; status?: EditorStatus; limit: number; before?: { updatedAt: string; id: string } }): Promise<EditorArticle[]> {
    let q = this.db.selectFrom('articles').selectAll().where('site_id', '=', req.siteId);
    if (req.status === 'published') q = q.where('status', '=', 'published');
    if (req.status === 'draft') q = q.where('status', '=', 'draft').where('scheduled_for', 'is', null);
    if (req.status === 'scheduled') q = q.where('status', '=', 'draft').where('scheduled_for', 'is not', null);
    if (req.before) {
      const { updatedAt, id } = req.before;
      q = q.where((eb) => eb.or([eb('updated_at', '<', updatedAt), eb.and([eb('updated_at', '=', updatedAt), eb('id', '<', id)])]));
    }
    const rows = await q.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(req.limit).execute();
    return rows.map(toEditorArticle);
  }

  async listPublishedArticles(req: { siteId: string; term?: { kind: TermKind; key: string }; limit: number; before?: { publishedAt: string; id: string } }): Promise<Article[]> {
    let q = this.db.selectFrom('articles').selectAll('articles').where('articles.site_id', '=', req.siteId).where('articles.status', '=', 'published');
    if (req.term) {
      const { kind, key } = req.term;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('article_terms')
            .select('article_terms.article_id')
            .whereRef('article_terms.article_id', '=', 'articles.id')
            .where('article_terms.kind', '=', kind)
            .where('article_terms.key', '=', key),
        ),
      );
    }
    if (req.before) {
      const { publishedAt, id } = req.before;
      q = q.where((eb) => eb.or([eb('articles.published_at', '<', publishedAt), eb.and([eb('articles.published_at', '=', publishedAt), eb('articles.id', '<', id)])]));
    }
    const rows = await q.orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(req.limit).execute();
    return rows.map(toArticle);
  }

  private termSummaries(siteId: string, kind: TermKind) {
    return this.db
      .selectFrom('article_terms as t')
      .innerJoin('articles as a', 'a.id', 't.article_id')
      .select((eb) => ['t.key', eb.fn.min('t.name').as('name'), eb.fn.countAll().as('n'), eb.fn.max('a.published_at').as('latest')])
      .where('t.site_id', '=', siteId)
      .where('t.kind', '=', kind)
      .where('a.status', '=', 'published')
      .groupBy('t.key');
  }

  async getTerm(req: { siteId: string; kind: TermKind; key: string }): Promise<TermSummary | undefined> {
    const r = await this.termSummaries(req.siteId, req.kind).where('t.key', '=', req.key).executeTakeFirst();
    return r && { kind: req.kind, key: r.key, name: String(r.name), count: Number(r.n), latestAt: (r.latest as string | null) ?? null };
  }

  async listTerms(req: { siteId: string; kind: TermKind; limit: number }): Promise<TermSummary[]> {
    const rows = await this.termSummaries(req.siteId, req.kind).orderBy('n', 'desc').orderBy('t.key').limit(req.limit).execute();
    return rows.map((r) => ({ kind: req.kind, key: r.key, name: String(r.name), count: Number(r.n), latestAt: (r.latest as string | null) ?? null }));
  }

  async listMostDiscussed(req: { siteId: string; since: string; limit: number }): Promise<{ article: Article; recentComments: number }[]> {
    const rows = await this.db
      .selectFrom('comments as c')
      .innerJoin('articles as a', 'a.id', 'c.article_id')
      .select((eb) => ['c.article_id', eb.fn.countAll().as('n')])
      .where('c.site_id', '=', req.siteId)
      .where('c.status', '=', 'approved')
      .where('c.created_at', '>=', req.since)
      .where('a.status', '=', 'published')
      .groupBy('c.article_id')
      .orderBy('n', 'desc')
      .orderBy('c.article_id', 'desc')
      .limit(req.limit)
      .execute();
    if (rows.length === 0) return [];
    const articles = await this.db.selectFrom('articles').selectAll().where('site_id', '=', req.siteId).where('id', 'in', rows.map((r) => r.article_id)).execute();
    const byId = new Map(articles.map((a) => [a.id, toArticle(a)]));
    return rows.flatMap((r) => {
      const article = byId.get(r.article_id);
      return article ? [{ article, recentComments: Number(r.n) }] : [];
    });
  }

  async searchArticles(req: { siteId: string; query: string; limit: number; offset: number }): Promise<{ total: number; hits: SearchHit[] }> {
    // Control characters cannot be searched for, and PostgreSQL refuses NUL outright.
    const text = req.query.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 500);
    if (this.dialect === 'postgres') {
      const q = sql`websearch_to_tsquery('english', ${text})`;
      const total = await sql<{ n: string }>`
        select count(*) as n from article_search s join articles a on a.id = s.article_id
        where s.site_id = ${req.siteId} and a.status = 'published' and s.document @@ ${q}`.execute(this.db);
      const n = Number(total.rows[0]?.n ?? 0);
      if (n === 0) return { total: 0, hits: [] };
      const options = 'StartSel=\u0002, StopSel=\u0003, MaxWords=32, MinWords=14, MaxFragments=2, FragmentDelimiter=" … "';
      const rows = await sql<Selectable<ArticlesTable> & { rank: number; snippet: string }>`
        select page.*, ts_headline('english', page.body_md, ${q}, ${options}) as snippet from (
          select a.*, ts_rank(s.document, ${q}) as rank from article_search s join articles a on a.id = s.article_id
          where s.site_id = ${req.siteId} and a.status = 'published' and s.document @@ ${q}
          order by rank desc, a.published_at desc, a.id desc limit ${req.limit} offset ${req.offset}
        ) page order by page.rank desc, page.published_at desc, page.id desc`.execute(this.db);
      return { total: n, hits: rows.rows.map((r) => ({ article: toArticle(r), snippet: r.snippet ?? '', rank: Number(r.rank) })) };
    }
    const match = toFts5Query(text);
    if (!match) return { total: 0, hits: [] };
    const total = await sql<{ n: number }>`
      select count(*) as n from article_search join article_docs d on d.doc = article_search.rowid join articles a on a.id = d.article_id
      where article_search match ${match} and article_search.site_id = ${req.siteId} and a.status = 'published'`.execute(this.db);
    const n = Number(total.rows[0]?.n ?? 0);
    if (n === 0) return { total: 0, hits: [] };
    // Columns: site_id, title, dek, body, tags, authors, section. A hit in the title weighs most.
    const rows = await sql<Selectable<ArticlesTable> & { rank: number; snippet: string }>`
      select a.*, snippet(article_search, 3, char(2), char(3), '…', 28) as snippet,
        bm25(article_search, 0.0, 10.0, 4.0, 1.0, 3.0, 3.0, 2.0) as rank
      from article_search join article_docs d on d.doc = article_search.rowid join articles a on a.id = d.article_id
      where article_search match ${match} and article_search.site_id = ${req.siteId} and a.status = 'published'
      order by rank, a.published_at desc, a.id desc limit ${req.limit} offset ${req.offset}`.execute(this.db);
    // bm25() is lower for better matches; report it so that higher is better on both databases.
    return { total: n, hits: rows.rows.map((r) => ({ article: toArticle(r), snippet: r.snippet ?? '', rank: -Number(r.rank) })) };
  }

  async listDueScheduled(req: { now: string; limit: number }): Promise<EditorArticle[]> {
    const rows = await this.db
      .selectFrom('articles')
      .selectAll()
      .where('status', '=', 'draft')
      .where('scheduled_for', 'is not', null)
      .where('scheduled_for', '<=', req.now)
      .orderBy('scheduled_for')
      .limit(req.limit)
      .execute();
    return rows.map(toEditorArticle);
  }

  async promoteScheduled(req: { siteId: string; id: string; scheduledFor: string; now: string }): Promise<boolean> {
    const result = await this.db
      .updateTable('articles')
      .set({ status: 'published', published_at: req.scheduledFor, updated_at: req.scheduledFor, scheduled_for: null })
      .where('site_id', '=', req.siteId)
      .where('id', '=', req.id)
      .where('status', '=', 'draft')
      .where('scheduled_for', '=', req.scheduledFor)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async listRecentComments(req: { siteId: string; articleId: string; limit: number }): Promise<Comment[]> {
    const rows = await this.db
      .selectFrom('comments')
      .selectAll()
      .where('article_id', '=', req.articleId)
      .where('visible', '=', 1)
      .where('site_id', '=', req.siteId)
      .where('status', '=', 'approved')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(req.limit)
      .execute();
    return rows.map(toComment);
  }

  async listSitemapEntries(req: { siteId: string; limit: number; since?: string }): Promise<SitemapEntry[]> {
    let q = this.db
      .selectFrom('articles')
      .select(['slug', 'title', 'published_at', 'updated_at', 'tags'])
      .where('site_id', '=', req.siteId)
      .where('status', '=', 'published');
    if (req.since) q = q.where('published_at', '>=', req.since);
    const rows = await q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(req.limit).execute();
    return rows.map((r) => ({ slug: r.slug, title: r.title, publishedAt: r.published_at ?? r.updated_at, updatedAt: r.updated_at, tags: parseJson(r.tags, []) }));
  }

  async insertImage(image: ImageRecord): Promise<void> {
    await this.db
      .insertInto('images')
      .values({
        id: image.id,
        site_id: image.siteId,
        hash: image.hash,
        format: image.format,
        width: image.width,
        height: image.height,
        bytes: image.bytes,
        src: image.src,
        original_name: image.originalName,
        created_by: image.createdBy,
        created_at: image.createdAt,
      })
      .execute();
    if (image.variants.length === 0) return;
    await this.db
      .insertInto('image_variants')
      .values(image.variants.map((v) => ({ image_id: image.id, format: v.format, width: v.width, height: v.height, file: v.file, bytes: v.bytes })))
      .execute();
  }

  async getImagesByHashes(req: { siteId: string; hashes: readonly string[] }): Promise<ImageRecord[]> {
    if (req.hashes.length === 0) return [];
    const images = await this.db.selectFrom('images').selectAll().where('site_id', '=', req.siteId).where('hash', 'in', [...new Set(req.hashes)]).execute();
    if (images.length === 0) return [];
    const variants = await this.db
      .selectFrom('image_variants')
      .selectAll()
      .where('image_id', 'in', images.map((i) => i.id))
      .orderBy('format')
      .orderBy('width')
      .execute();
    return images.map((i) => ({
      id: i.id,
      siteId: i.site_id,
      hash: i.hash,
      format: i.format,
      width: Number(i.width),
      height: Number(i.height),
      bytes: Number(i.bytes),
      src: i.src,
      originalName: i.original_name,
      createdBy: i.created_by,
      createdAt: i.created_at,
      variants: variants
        .filter((v) => v.image_id === i.id)
        .map((v) => ({ format: v.format, width: Number(v.width), height: Number(v.height), file: v.file, bytes: Number(v.bytes) })),
    }));
  }

  async upsertAuthor(a: AuthorRecord): Promise<void> {
    await this.db
      .insertInto('authors')
      .values({ site_id: a.siteId, key: a.key, name: a.name, bio: a.bio, created_at: a.createdAt, updated_at: a.updatedAt })
      .onConflict((oc) => oc.columns(['site_id', 'key']).doUpdateSet({ name: a.name, bio: a.bio, updated_at: a.updatedAt }))
      .execute();
  }

  async getAuthor(req: { siteId: string; key: string }): Promise<AuthorRecord | undefined> {
    const r = await this.db.selectFrom('authors').selectAll().where('site_id', '=', req.siteId).where('key', '=', req.key).executeTakeFirst();
    return r && { siteId: r.site_id, key: r.key, name: r.name, bio: r.bio, createdAt: r.created_at, updatedAt: r.updated_at };
  }

  async listAuthors(req: { siteId: string }): Promise<AuthorRecord[]> {
    const rows = await this.db.selectFrom('authors').selectAll().where('site_id', '=', req.siteId).orderBy('name').execute();
    return rows.map((r) => ({ siteId: r.site_id, key: r.key, name: r.name, bio: r.bio, createdAt: r.created_at, updatedAt: r.updated_at }));
  }


  get moderation(): KyselyModerationStore {
    return new KyselyModerationStore(this.db, toComment);
  }


  get imports(): KyselyImportsStore {
    return new KyselyImportsStore(this.db, this.dialect);
  }


  async getEmbedSettings(req: { siteId: string }): Promise<EmbedSettings> {
    const [site, row] = await Promise.all([
      this.db.selectFrom('sites').select('allowed_origins').where('id', '=', req.siteId).executeTakeFirst(),
      this.db.selectFrom('embed_settings').select('settings').where('site_id', '=', req.siteId).executeTakeFirst(),
    ]);
    const saved = parseJson<Partial<EmbedSettings>>(row?.settings ?? null, {});
    return {
      allowedOrigins: parseJson<string[]>(site?.allowed_origins ?? null, []),
      autoCreate: saved.autoCreate ?? false,
      url: { ...EMBED_URL_DEFAULTS, ...saved.url },
      lang: saved.lang ?? null,
    };
  }

  async putEmbedSettings(req: { siteId: string; settings: EmbedSettings; updatedAt: string }): Promise<void> {
    const { allowedOrigins, ...rest } = req.settings;
    await this.db.updateTable('sites').set({ allowed_origins: json(allowedOrigins) }).where('id', '=', req.siteId).execute();
    await this.db
      .insertInto('embed_settings')
      .values({ site_id: req.siteId, settings: json(rest), updated_at: req.updatedAt })
      .onConflict((oc) => oc.column('site_id').doUpdateSet({ settings: json(rest), updated_at: req.updatedAt }))
      .execute();
  }

  async findEmbedThread(req: { siteId: string; key: string; externalId: string | null; url: string; now: string }): Promise<string | undefined> {
    const hit = await this.db.selectFrom('embed_threads').select('article_id').where('site_id', '=', req.siteId).where('thread_key', '=', req.key).executeTakeFirst();
    if (hit) return hit.article_id;
    const base = this.db.selectFrom('articles').select('id').where('site_id', '=', req.siteId);
    const found = await (req.externalId ? base.where('external_id', '=', req.externalId) : base.where('external_url', '=', req.url)).orderBy('created_at').executeTakeFirst();
    if (!found) return undefined;
    await this.db
      .insertInto('embed_threads')
      .values({ site_id: req.siteId, thread_key: req.key, article_id: found.id, url: req.url, created_at: req.now })
      .onConflict((oc) => oc.columns(['site_id', 'thread_key']).doNothing())
      .execute();
    return found.id;
  }

  async createEmbedThread(req: { siteId: string; key: string; url: string; article: NewArticle }): Promise<{ articleId: string; created: boolean }> {
    const write = async (db: Kysely<Database> | Transaction<Database>) => {
      await new KyselyStore(db, this.dialect, true).createArticle(req.article);
      await db.updateTable('articles').set({ external_url: req.url }).where('site_id', '=', req.siteId).where('id', '=', req.article.id).execute();
      await db.insertInto('embed_threads').values({ site_id: req.siteId, thread_key: req.key, article_id: req.article.id, url: req.url, created_at: req.article.createdAt }).execute();
    };
    try {
      if (this.inTransaction) await write(this.db);
      else await (this.db as Kysely<Database>).transaction().execute(write);
      return { articleId: req.article.id, created: true };
    } catch (err) {
      // Two first loads of one page at once: the other one's thread stands.
      const theirs = await this.db.selectFrom('embed_threads').select('article_id').where('site_id', '=', req.siteId).where('thread_key', '=', req.key).executeTakeFirst();
      if (theirs) return { articleId: theirs.article_id, created: false };
      throw err;
    }
  }

  async countEmbedThreads(req: { siteId: string; keys: readonly string[] }): Promise<Map<string, number>> {
    if (req.keys.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('embed_threads')
      .innerJoin('articles', 'articles.id', 'embed_threads.article_id')
      .select(['embed_threads.thread_key as key', 'articles.comment_count as count'])
      .where('embed_threads.site_id', '=', req.siteId)
      .where('embed_threads.thread_key', 'in', [...req.keys])
      .execute();
    return new Map(rows.map((r) => [r.key, Number(r.count)]));
  }

  async putEmbedHandoff(h: EmbedHandoff): Promise<void> {
    const row = { id: h.id, site_id: h.siteId, user_id: h.userId, code_hash: h.codeHash, created_at: h.createdAt, expires_at: h.expiresAt };
    await this.db
      .insertInto('embed_handoffs')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet({ site_id: row.site_id, user_id: row.user_id, code_hash: row.code_hash, created_at: row.created_at, expires_at: row.expires_at }))
      .execute();
    // Forget stale hand-offs as new ones arrive.
    await this.db.deleteFrom('embed_handoffs').where('expires_at', '<', h.createdAt).execute();
  }

  async takeEmbedHandoff(req: { id: string; now: string }): Promise<EmbedHandoff | undefined> {
    const r = await this.db.deleteFrom('embed_handoffs').where('id', '=', req.id).where('expires_at', '>', req.now).returningAll().executeTakeFirst();
    return r && { id: r.id, siteId: r.site_id, userId: r.user_id, codeHash: r.code_hash, createdAt: r.created_at, expiresAt: r.expires_at };
  }
}

const EMBED_URL_DEFAULTS: EmbedUrlRules = { scheme: 'https', trailingSlash: 'strip', dropQuery: ['utm_*', 'fbclid', 'gclid', 'mc_cid', 'mc_eid'] };

function toAccount(r: Selectable<UsersTable>): AccountRecord {
  return {
    id: r.id,
    email: r.email,
    emailVerified: Number(r.email_verified) === 1,
    username: r.username,
    displayName: r.display_name,
    bio: r.bio ?? '',
    status: r.status,
    isOperator: Number(r.is_operator) === 1,
    createdAt: r.created_at,
    deletionDueAt: r.deletion_due_at ?? null,
    deletedAt: r.deleted_at ?? null,
  };
}

function toAccountToken(r: Selectable<AccountTokensTable>): AccountTokenRecord {
  return { id: r.id, purpose: r.purpose, userId: r.user_id, email: r.email, siteId: r.site_id, createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at };
}

function toOutboxMail(r: Selectable<MailOutboxTable>): OutboxMail {
  return {
    id: r.id,
    kind: r.kind,
    to: r.to_address,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    status: r.status as OutboxMail['status'],
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

function toOidcProvider(r: Selectable<OidcProvidersTable>): OidcProviderRecord {
  return {
    id: r.id,
    siteId: r.site_id,
    slug: r.slug,
    name: r.name,
    issuer: r.issuer,
    clientId: r.client_id,
    clientSecret: r.client_secret,
    scopes: r.scopes.split(' ').filter(Boolean),
    createdAt: r.created_at,
  };
}

function toEditorArticle(r: Selectable<ArticlesTable>): EditorArticle {
  return { ...toArticle(r), externalId: r.external_id, scheduledFor: r.scheduled_for ?? null, sourceHash: r.source_hash ?? null };
}

/**
 * A reader's search words as an FTS5 query that cannot be a syntax error: every word (letters
 * and digits) becomes a quoted token, all required; "quoted phrases" stay phrases; a trailing
 * `*` on a word keeps it a prefix search. Returns '' when nothing searchable is left.
 */
export function toFts5Query(input: string): string {
  const parts: string[] = [];
  const pattern = /"([^"]*)"|(\S+)/g;
  for (const m of input.slice(0, 500).matchAll(pattern)) {
    const words = (m[1] ?? m[2] ?? '').match(/[\p{L}\p{N}]+/gu) ?? [];
    if (words.length === 0) continue;
    if (m[1] !== undefined) parts.push(`"${words.join(' ')}"`);
    else {
      const prefix = (m[2] ?? '').endsWith('*') && words.length === 1;
      parts.push(...words.map((w) => `"${w}"`));
      if (prefix) parts[parts.length - 1] += '*';
    }
    if (parts.length >= 16) break;
  }
  return parts.slice(0, 16).join(' ');
}
