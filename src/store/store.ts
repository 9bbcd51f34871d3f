// The narrow interface services use to read and write. Methods take request objects, so a new
// filter does not change every caller, and every content call names its site.
import type { Article, Comment, CommentStatus, Membership, ReactionKind, Role, Site, SiteSettings, SortOrder, User } from '../domain/types.js';

export interface NewSite {
  id: string;
  slug: string;
  name: string;
  publicUrl: string | null;
  settings: SiteSettings;
  createdAt: string;
}

export type NewArticle = Omit<Article, 'commentCount'> & { externalId?: string | null };

export interface NewUser {
  id: string;
  email: string | null;
  emailVerified: boolean;
  username: string;
  usernameKey: string;
  displayName: string;
  isOperator: boolean;
  createdAt: string;
}

export interface Identity {
  id: string;
  userId: string;
  provider: string;
  subject: string;
  secret: string | null;
}

export interface SessionRecord {
  id: string;
  userId: string;
  kind: 'cookie' | 'bearer';
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
}

export type NewComment = Omit<Comment, 'likeCount' | 'dislikeCount' | 'reportCount' | 'replyCount' | 'descendantCount' | 'editedAt' | 'deletedAt'>;

export interface TopLevelQuery {
  siteId: string;
  articleId: string;
  sort: SortOrder;
  limit: number;
  /** Sort key and id of the last item of the previous page. */
  after?: { key: number | string; id: string };
}

export interface BranchQuery {
  siteId: string;
  rootId: string;
  limit: number;
  /** Path of the last reply already shown. */
  afterPath?: string;
}

export interface ModerationActionRecord {
  id: string;
  siteId: string;
  commentId: string | null;
  targetUserId: string | null;
  actorId: string | null;
  action: string;
  phase: string | null;
  reasonCodes: string[];
  scores: Record<string, number> | null;
  statement: string | null;
  createdAt: string;
}

export interface CommentUpdate {
  bodyMarkdown?: string;
  bodyHtml?: string;
  rendererVersion?: number;
  status?: CommentStatus;
  visible?: boolean;
  score?: number;
  editedAt?: string | null;
  deletedAt?: string | null;
}

/** Counter deltas applied atomically (`col = col + delta`). */
export interface CommentCounters {
  likeCount?: number;
  dislikeCount?: number;
  reportCount?: number;
  replyCount?: number;
  descendantCount?: number;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `fn` in one transaction; the store passed to it writes inside that transaction. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  ping(): Promise<void>;

  // Sites
  createSite(site: NewSite): Promise<Site>;
  getSite(req: { id: string }): Promise<Site | undefined>;
  getSiteBySlug(req: { slug: string }): Promise<Site | undefined>;
  listSites(): Promise<Site[]>;
  countSites(): Promise<number>;

  // Articles
  createArticle(article: NewArticle): Promise<Article>;
  getArticle(req: { siteId: string; id: string }): Promise<Article | undefined>;
  getArticleBySlug(req: { siteId: string; slug: string }): Promise<Article | undefined>;
  listArticles(req: { siteId: string; status?: Article['status']; limit: number }): Promise<Article[]>;
  adjustArticleCommentCount(req: { siteId: string; articleId: string; delta: number }): Promise<void>;

  // Users and identities
  createUser(user: NewUser): Promise<User>;
  getUser(req: { id: string }): Promise<User | undefined>;
  getUsers(req: { ids: readonly string[] }): Promise<User[]>;
  findUserByEmail(req: { email: string }): Promise<User | undefined>;
  findUserByUsernameKey(req: { usernameKey: string }): Promise<User | undefined>;
  createIdentity(identity: Identity & { createdAt: string }): Promise<void>;
  getIdentity(req: { provider: string; subject: string }): Promise<Identity | undefined>;
  getIdentityForUser(req: { userId: string; provider: string }): Promise<Identity | undefined>;
  updateIdentitySecret(req: { id: string; secret: string }): Promise<void>;
  setOperator(req: { userId: string; isOperator: boolean }): Promise<void>;

  // Roles
  getMembership(req: { siteId: string; userId: string }): Promise<Membership | undefined>;
  setRole(req: { siteId: string; userId: string; role: Role; createdAt: string }): Promise<void>;
  listRoles(req: { siteId: string; userIds: readonly string[] }): Promise<Membership[]>;

  // Sessions
  createSession(session: SessionRecord & { ip: string | null; userAgent: string | null }): Promise<void>;
  getSession(req: { id: string }): Promise<SessionRecord | undefined>;
  touchSession(req: { id: string; lastSeenAt: string; expiresAt: string }): Promise<void>;
  deleteSession(req: { id: string }): Promise<void>;

  // Comments
  insertComment(comment: NewComment): Promise<Comment>;
  getComment(req: { siteId: string; id: string }): Promise<Comment | undefined>;
  getComments(req: { siteId: string; ids: readonly string[] }): Promise<Comment[]>;
  updateComment(req: { siteId: string; id: string; set: CommentUpdate }): Promise<void>;
  adjustCommentCounters(req: { siteId: string; id: string; delta: CommentCounters }): Promise<Comment | undefined>;
  listTopLevel(req: TopLevelQuery): Promise<Comment[]>;
  /** First `limit` visible replies (depth-first) of each root, in one round trip. */
  listBranches(req: { siteId: string; rootIds: readonly string[]; limitPerBranch: number }): Promise<Comment[]>;
  listBranch(req: BranchQuery): Promise<Comment[]>;
  /** Visible comments under `path` (a comment's subtree), depth-first, bounded. */
  listSubtree(req: { siteId: string; rootId: string; path: string; limit: number }): Promise<Comment[]>;
  listPendingByAuthor(req: { siteId: string; articleId: string; authorId: string; limit: number }): Promise<Comment[]>;
  insertRevision(req: { id: string; siteId: string; commentId: string; bodyMarkdown: string; bodyHtml: string; rendererVersion: number; createdAt: string }): Promise<void>;
  listRevisions(req: { siteId: string; commentId: string }): Promise<{ id: string; bodyMarkdown: string; createdAt: string }[]>;

  // Reactions and reports
  getReaction(req: { siteId: string; commentId: string; userId: string }): Promise<ReactionKind | undefined>;
  setReaction(req: { siteId: string; commentId: string; userId: string; kind: ReactionKind; createdAt: string }): Promise<void>;
  deleteReaction(req: { siteId: string; commentId: string; userId: string }): Promise<void>;
  listReactions(req: { siteId: string; userId: string; commentIds: readonly string[] }): Promise<Map<string, ReactionKind>>;
  /** Returns false when this reader already reported this comment. */
  insertReport(req: { id: string; siteId: string; commentId: string; reporterId: string; reason: string; note: string | null; createdAt: string }): Promise<boolean>;

  // Moderation log
  insertModerationAction(action: ModerationActionRecord): Promise<void>;
  listModerationActions(req: { siteId: string; commentId: string }): Promise<ModerationActionRecord[]>;

  // Small key/value settings (instance secrets)
  getSetting(key: string): Promise<string | undefined>;
  setSettingIfAbsent(key: string, value: string): Promise<string>;
}
