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

/** What keeping branch counters and visibility right needs of a comment (no bodies). */
export type BranchNode = Pick<Comment, 'id' | 'siteId' | 'articleId' | 'parentId' | 'rootId' | 'depth' | 'status' | 'visible' | 'replyCount' | 'descendantCount'>;

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
  /** A session with its user's record and role on a site, in one read (every signed-in request needs all three). */
  getSessionWithUser(req: { id: string; siteId: string }): Promise<{ session: SessionRecord; user: User | undefined; role: Role | undefined } | undefined>;
  touchSession(req: { id: string; lastSeenAt: string; expiresAt: string }): Promise<void>;
  deleteSession(req: { id: string }): Promise<void>;

  // Comments
  insertComment(comment: NewComment): Promise<Comment>;
  getComment(req: { siteId: string; id: string }): Promise<Comment | undefined>;
  getComments(req: { siteId: string; ids: readonly string[] }): Promise<Comment[]>;
  updateComment(req: { siteId: string; id: string; set: CommentUpdate }): Promise<void>;
  adjustCommentCounters(req: { siteId: string; id: string; delta: CommentCounters }): Promise<Comment | undefined>;
  /** Adds to a comment's reply and descendant counts in one statement; answers the updated node. */
  adjustBranchCounters(req: { siteId: string; id: string; replyCount: number; descendantCount: number }): Promise<BranchNode | undefined>;
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

  getAccount(req: { userId: string }): Promise<AccountRecord | undefined>;
  getAccounts(req: { userIds: readonly string[] }): Promise<AccountRecord[]>;
  updateAccount(req: { userId: string; set: AccountUpdate }): Promise<void>;
  searchUsers(req: UserSearchQuery): Promise<UserSearchRow[]>;
  /** Names of everyone who carries a badge somewhere (staff and up) and of operators. */
  listPrivilegedNames(): Promise<{ userId: string; username: string; displayName: string }[]>;
  listAccountsDueForDeletion(req: { now: string; limit: number }): Promise<AccountRecord[]>;
  listIdentities(req: { userId: string }): Promise<IdentityRecord[]>;
  deleteIdentity(req: { userId: string; id: string }): Promise<void>;
  deleteIdentitiesForUser(req: { userId: string }): Promise<void>;
  listMemberships(req: { userId: string }): Promise<Membership[]>;
  deleteMembership(req: { siteId: string; userId: string }): Promise<void>;
  deleteMembershipsForUser(req: { userId: string }): Promise<void>;
  setSessionMethod(req: { id: string; method: string }): Promise<void>;
  listSessionsForUser(req: { userId: string }): Promise<SessionInfo[]>;
  /** Deletes every session of the user except `exceptId`; returns how many ended. */
  deleteSessionsForUser(req: { userId: string; exceptId?: string | null }): Promise<number>;
  deleteSessionForUser(req: { userId: string; id: string }): Promise<boolean>;
  insertAccountToken(token: AccountTokenRecord): Promise<void>;
  getAccountToken(req: { id: string; purpose: string }): Promise<AccountTokenRecord | undefined>;
  /** Marks the token used if it is unused and unexpired; returns it then, undefined otherwise. */
  consumeAccountToken(req: { id: string; purpose: string; now: string }): Promise<AccountTokenRecord | undefined>;
  revokeAccountTokens(req: { userId: string; purposes: readonly string[]; now: string }): Promise<void>;
  enqueueMail(mail: NewOutboxMail): Promise<void>;
  /** Claims up to `limit` due mails (pending, or stuck in sending since `staleBefore`). */
  claimDueMail(req: { now: string; staleBefore: string; limit: number }): Promise<OutboxMail[]>;
  markMailSent(req: { id: string; sentAt: string }): Promise<void>;
  markMailFailed(req: { id: string; attempts: number; nextAttemptAt: string; error: string; final: boolean }): Promise<void>;
  listOutbox(req: { limit: number }): Promise<OutboxMail[]>;
  getThrottles(req: { keys: readonly string[] }): Promise<ThrottleRecord[]>;
  putThrottle(row: ThrottleRecord): Promise<void>;
  deleteThrottle(req: { key: string }): Promise<void>;
  getSiteAccountSettings(req: { siteId: string }): Promise<Record<string, unknown> | undefined>;
  putSiteAccountSettings(req: { siteId: string; settings: Record<string, unknown>; updatedAt: string }): Promise<void>;
  createOidcProvider(p: OidcProviderRecord): Promise<void>;
  updateOidcProvider(req: { siteId: string; id: string; set: Partial<Pick<OidcProviderRecord, 'name' | 'issuer' | 'clientId' | 'clientSecret' | 'scopes'>> }): Promise<void>;
  getOidcProvider(req: { id: string }): Promise<OidcProviderRecord | undefined>;
  listOidcProviders(req: { siteId: string }): Promise<OidcProviderRecord[]>;
  deleteOidcProvider(req: { siteId: string; id: string }): Promise<boolean>;
  /** Records a token id; false when it was already recorded (a replay). Forgets expired ones. */
  rememberSsoJti(req: { siteId: string; jti: string; expiresAt: string; now: string }): Promise<boolean>;
  insertAudit(entry: AuditRecord): Promise<void>;
  listAudit(req: { siteId?: string | null; targetUserId?: string; limit: number; beforeId?: string }): Promise<AuditRecord[]>;
  /** A user's visible, approved comments on published articles of one site, newest first. */
  listPublicCommentsByAuthor(req: { siteId: string; authorId: string; limit: number; before?: { createdAt: string; id: string } }): Promise<AuthoredComment[]>;
  /** Every comment the user wrote, on every site (for their data archive and deletion). */
  listAllCommentsByAuthor(req: { authorId: string; limit: number; afterId?: string }): Promise<Comment[]>;
  deleteRevisions(req: { siteId: string; commentId: string }): Promise<void>;
  listReactionsByUser(req: { userId: string; limit: number }): Promise<{ siteId: string; commentId: string; kind: string; createdAt: string }[]>;
  listReportsByUser(req: { userId: string; limit: number }): Promise<{ id: string; siteId: string; commentId: string; reason: string; note: string | null; status: string; createdAt: string }[]>;
  listModerationActionsAbout(req: { userId: string; limit: number }): Promise<ModerationActionRecord[]>;
  /** Moves every comment of one author to another (an imported profile joining its owner's account). */
  reassignComments(req: { fromUserId: string; toUserId: string }): Promise<number>;

  getArticleByExternalId(req: { siteId: string; externalId: string }): Promise<Article | undefined>;
  /** The article with the publishing fields the Article type does not carry. */
  getEditorArticle(req: { siteId: string; id: string }): Promise<EditorArticle | undefined>;
  updateArticle(req: { siteId: string; id: string; set: ArticleUpdate }): Promise<void>;
  /** Every article of the site for the editor, most recently updated first. */
  listEditorArticles(req: { siteId: string; status?: EditorStatus; limit: number; before?: { updatedAt: string; id: string } }): Promise<EditorArticle[]>;
  /** Published articles, newest first; optionally only those under one section, tag or author. */
  listPublishedArticles(req: { siteId: string; term?: { kind: TermKind; key: string }; limit: number; before?: { publishedAt: string; id: string } }): Promise<Article[]>;
  /** A term's name and how many published articles carry it; undefined when none do. */
  getTerm(req: { siteId: string; kind: TermKind; key: string }): Promise<TermSummary | undefined>;
  /** Terms of published articles, those with most articles first. */
  listTerms(req: { siteId: string; kind: TermKind; limit: number }): Promise<TermSummary[]>;
  /** Published articles with the most approved comments written since `since`. */
  listMostDiscussed(req: { siteId: string; since: string; limit: number }): Promise<{ article: Article; recentComments: number }[]>;
  /** Full-text search over published articles, best match first; snippets mark hits with \u0002…\u0003. */
  searchArticles(req: { siteId: string; query: string; limit: number; offset: number }): Promise<{ total: number; hits: SearchHit[] }>;
  /** Scheduled drafts whose time has come, on every site. */
  listDueScheduled(req: { now: string; limit: number }): Promise<EditorArticle[]>;
  /** Publishes a scheduled draft if it is still scheduled for that time; false when someone else did first. */
  promoteScheduled(req: { siteId: string; id: string; scheduledFor: string; now: string }): Promise<boolean>;
  /** An article's newest approved comments at any depth. */
  listRecentComments(req: { siteId: string; articleId: string; limit: number }): Promise<Comment[]>;
  listSitemapEntries(req: { siteId: string; limit: number; since?: string }): Promise<SitemapEntry[]>;
  insertImage(image: ImageRecord): Promise<void>;
  getImagesByHashes(req: { siteId: string; hashes: readonly string[] }): Promise<ImageRecord[]>;
  upsertAuthor(author: AuthorRecord): Promise<void>;
  getAuthor(req: { siteId: string; key: string }): Promise<AuthorRecord | undefined>;
  listAuthors(req: { siteId: string }): Promise<AuthorRecord[]>;

  /** Moderation state, restrictions, statements, appeals, models (src/store/moderation/store.ts). */
  readonly moderation: import('./moderation/store.js').ModerationStore;

  /** Import runs, source keys, imported profiles, bulk import writes (src/store/imports/store.ts). */
  readonly imports: import('./imports/store.js').ImportsStore;

  /** Allowed origins (sites.allowed_origins) and the rest of the embed settings, with defaults. */
  getEmbedSettings(req: { siteId: string }): Promise<EmbedSettings>;
  putEmbedSettings(req: { siteId: string; settings: EmbedSettings; updatedAt: string }): Promise<void>;
  /**
   * The thread of a host page: by its key, else an article whose external id (data-parley-id) or
   * external URL (imported threads) matches, which is then remembered under the key.
   */
  findEmbedThread(req: { siteId: string; key: string; externalId: string | null; url: string; now: string }): Promise<string | undefined>;
  /** Creates the article of a new page and its key; when another request won the race, theirs. */
  createEmbedThread(req: { siteId: string; key: string; url: string; article: NewArticle }): Promise<{ articleId: string; created: boolean }>;
  /** Approved-comment counts by thread key (keys without a thread are absent). */
  countEmbedThreads(req: { siteId: string; keys: readonly string[] }): Promise<Map<string, number>>;
  putEmbedHandoff(handoff: EmbedHandoff): Promise<void>;
  /** Removes and returns the hand-off if it exists and has not expired: each is usable once. */
  takeEmbedHandoff(req: { id: string; now: string }): Promise<EmbedHandoff | undefined>;
}

export interface AccountRecord {
  id: string;
  email: string | null;
  emailVerified: boolean;
  username: string;
  displayName: string;
  bio: string;
  status: string;
  isOperator: boolean;
  createdAt: string;
  deletionDueAt: string | null;
  deletedAt: string | null;
}

export interface AccountUpdate {
  email?: string | null;
  emailVerified?: boolean;
  username?: string;
  usernameKey?: string;
  displayName?: string;
  bio?: string;
  status?: string;
  deletionDueAt?: string | null;
  deletedAt?: string | null;
}

export interface UserSearchQuery {
  /** The site whose roles are shown (and, with membersOnly, whose members are listed). */
  siteId: string;
  membersOnly: boolean;
  q?: string;
  role?: Role | 'none';
  status?: 'active' | 'pending_deletion' | 'deleted' | 'unverified';
  limit: number;
  /** Ids sort by creation time; the next page continues below this id. */
  beforeId?: string;
}

export interface UserSearchRow {
  account: AccountRecord;
  role: Role | null;
}

export interface IdentityRecord extends Identity {
  createdAt: string;
}

export interface SessionInfo {
  id: string;
  userId: string;
  kind: 'cookie' | 'bearer';
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  method: string | null;
}

export interface AccountTokenRecord {
  id: string;
  purpose: string;
  userId: string | null;
  email: string | null;
  siteId: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface NewOutboxMail {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
}

export interface OutboxMail {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string | null;
  html: string | null;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface ThrottleRecord {
  key: string;
  failures: number;
  blockedUntil: string | null;
  windowStart: string;
  updatedAt: string;
}

export interface OidcProviderRecord {
  id: string;
  siteId: string;
  slug: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  scopes: string[];
  createdAt: string;
}

export interface AuditRecord {
  id: string;
  siteId: string | null;
  actorId: string | null;
  action: string;
  targetUserId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  createdAt: string;
}

export interface AuthoredComment {
  comment: Comment;
  article: { id: string; slug: string; title: string };
}

export type TermKind = 'section' | 'tag' | 'author';
/** draft: never scheduled; scheduled: a draft with a time to go live; published. */
export type EditorStatus = 'draft' | 'scheduled' | 'published';

export interface EditorArticle extends Article {
  externalId: string | null;
  scheduledFor: string | null;
  sourceHash: string | null;
}

export interface ArticleUpdate {
  slug?: string;
  externalId?: string | null;
  title?: string;
  dek?: string;
  bodyMarkdown?: string;
  bodyHtml?: string;
  leadImage?: Article['leadImage'];
  authors?: string[];
  tags?: string[];
  section?: string | null;
  status?: Article['status'];
  publishedAt?: string | null;
  updatedAt?: string;
  commentsMode?: Article['commentsMode'];
  closeAt?: string | null;
  scheduledFor?: string | null;
  sourceHash?: string | null;
}

export interface TermSummary {
  kind: TermKind;
  key: string;
  name: string;
  count: number;
  latestAt: string | null;
}

export interface SearchHit {
  article: Article;
  /** Plain text of the best matching passage, hits between \u0002 and \u0003; may be empty. */
  snippet: string;
  rank: number;
}

export interface SitemapEntry {
  slug: string;
  title: string;
  publishedAt: string;
  updatedAt: string;
  tags: string[];
}

export interface ImageVariantRecord {
  format: string;
  width: number;
  height: number;
  file: string;
  bytes: number;
}

export interface ImageRecord {
  id: string;
  siteId: string;
  hash: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
  src: string;
  originalName: string | null;
  createdBy: string | null;
  createdAt: string;
  variants: ImageVariantRecord[];
}

export interface AuthorRecord {
  siteId: string;
  key: string;
  name: string;
  bio: string;
  createdAt: string;
  updatedAt: string;
}

/** How a host page's URL becomes a thread key (see src/http/embed/normalize.ts). */
export interface EmbedUrlRules {
  /** Treat http and https as one (`https`/`http`: rewrite to it) or keep the scheme apart. */
  scheme: 'https' | 'http' | 'keep';
  trailingSlash: 'strip' | 'keep';
  /** Query parameters to drop; `prefix*` drops a family, `*` drops every parameter. */
  dropQuery: string[];
}

export interface EmbedSettings {
  /** Origins (scheme://host[:port]) that may embed the discussion and fetch counts. */
  allowedOrigins: string[];
  /** Create a thread the first time a page on an allowed origin loads the embed. */
  autoCreate: boolean;
  url: EmbedUrlRules;
  /** Language of the embed when the page does not ask for one (null: the reader's browser). */
  lang: string | null;
}

export interface EmbedHandoff {
  id: string;
  siteId: string;
  userId: string;
  codeHash: string;
  createdAt: string;
  expiresAt: string;
}
