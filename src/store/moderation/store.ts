// The moderation part of the store: a narrow interface of request objects, every call scoped to
// a site. Reached as `store.moderation`, so inside `store.transaction` it writes in the same
// transaction as the comment it belongs to.
import type { Appeal, AppealStatus, CommentModeration, QueueName, Restriction, Statement, TrainingLabel } from '../../domain/moderation/types.js';
import type { Comment } from '../../domain/types.js';

export interface FeaturedQuery {
  siteId: string;
  articleId: string;
  limit: number;
  /** The last row of the previous page: whether it was pinned, its pin (or feature) time, its id. */
  after?: { pinned: boolean; at: string; id: string };
}

export interface FeaturedRow {
  comment: Comment;
  featuredAt: string;
  pinnedAt: string | null;
}

export interface QueueQuery {
  siteId: string;
  queue: QueueName;
  articleId?: string;
  authorId?: string;
  /** A reason code the pipeline recorded. */
  reason?: string;
  /** Only comments whose score of this kind is at least `value`. */
  minScore?: { kind: 'toxicity' | 'spam'; value: number };
  /** Words in the text (case-insensitive substring). */
  search?: string;
  limit: number;
  /** Comment id of the last item of the previous page (newest first). */
  before?: string;
}

export interface QueueRow {
  comment: Comment;
  moderation: CommentModeration | null;
  openReports: number;
}

export interface ReportRecord {
  id: string;
  commentId: string;
  reporterId: string;
  reason: string;
  note: string | null;
  status: string;
  createdAt: string;
}

export interface AuthorStats {
  byStatus: Record<string, number>;
  reportsReceived: number;
}

export interface ActionInPeriod {
  id: string;
  commentId: string | null;
  action: string;
  actorId: string | null;
  phase: string | null;
  reasonCodes: string[];
  createdAt: string;
  commentCreatedAt: string | null;
}

export interface StoredModelRow {
  model: string;
  metrics: string;
  trainedAt: string;
}

export interface ModerationStore {
  // Settings
  getSettings(req: { siteId: string }): Promise<unknown | undefined>;
  saveSettings(req: { siteId: string; settings: unknown; updatedAt: string }): Promise<void>;

  // Stories
  setArticleCommentsMode(req: { siteId: string; articleId: string; commentsMode: 'open' | 'closed' | 'premoderated'; closeAt?: string | null }): Promise<void>;

  // Per-comment state
  upsertCommentModeration(row: CommentModeration): Promise<void>;
  getCommentModeration(req: { siteId: string; commentId: string }): Promise<CommentModeration | undefined>;
  setReviewed(req: { siteId: string; commentIds: readonly string[]; reviewedAt: string; reviewedBy: string; label?: TrainingLabel | null }): Promise<void>;
  setFlags(req: { siteId: string; commentId: string; featuredAt?: string | null; pinnedAt?: string | null }): Promise<void>;
  setRemovalReason(req: { siteId: string; commentId: string; reason: string | null }): Promise<void>;
  listQueue(req: QueueQuery): Promise<QueueRow[]>;
  countQueue(req: Omit<QueueQuery, 'limit' | 'before'>): Promise<number>;
  /** Featured comments of an article (approved, visible): pinned first, newest pin or feature first. */
  listFeatured(req: FeaturedQuery): Promise<FeaturedRow[]>;
  listRecentByAuthor(req: { siteId: string; authorId: string; since: string; limit: number }): Promise<{ id: string; bodyMarkdown: string; createdAt: string }[]>;
  authorStats(req: { siteId: string; authorId: string }): Promise<AuthorStats>;
  listLabelled(req: { siteId: string; labels: readonly TrainingLabel[]; limit: number }): Promise<{ commentId: string; body: string; label: TrainingLabel }[]>;

  // Reports
  listReports(req: { siteId: string; commentId: string }): Promise<ReportRecord[]>;
  resolveReports(req: { siteId: string; commentIds: readonly string[]; status: 'actioned' | 'dismissed' }): Promise<ReportRecord[]>;

  // Restrictions
  insertRestriction(r: Restriction): Promise<void>;
  getRestriction(req: { id: string }): Promise<Restriction | undefined>;
  /** Restrictions of a person on this site and everywhere (lifted and expired ones too). */
  listRestrictions(req: { siteId: string; userId: string }): Promise<Restriction[]>;
  liftRestriction(req: { id: string; liftedAt: string; liftedBy: string }): Promise<void>;
  acknowledgeRestriction(req: { id: string; userId: string; at: string }): Promise<boolean>;

  // Statements of reasons and notices
  insertStatement(s: Statement): Promise<void>;
  getStatement(req: { id: string }): Promise<Statement | undefined>;
  listStatements(req: { userId: string; siteId?: string; limit: number }): Promise<Statement[]>;
  markStatementsRead(req: { userId: string; at: string }): Promise<void>;

  // Appeals
  insertAppeal(a: Appeal): Promise<void>;
  getAppeal(req: { siteId: string; id: string }): Promise<Appeal | undefined>;
  getAppealForStatement(req: { statementId: string }): Promise<Appeal | undefined>;
  listAppeals(req: { siteId: string; status?: AppealStatus; limit: number }): Promise<Appeal[]>;
  decideAppeal(req: { siteId: string; id: string; status: 'upheld' | 'reversed'; decidedBy: string; decidedAt: string; note: string }): Promise<boolean>;

  // Learned models
  getModel(req: { siteId: string; kind: string }): Promise<StoredModelRow | undefined>;
  saveModel(req: { siteId: string; kind: string; model: string; metrics: string; trainedAt: string }): Promise<void>;

  // Transparency
  listActionsInPeriod(req: { siteId: string; from: string; to: string }): Promise<ActionInPeriod[]>;
  listAppealsInPeriod(req: { siteId: string; from: string; to: string }): Promise<Appeal[]>;
  listActionsForUser(req: { siteId: string; userId: string; limit: number }): Promise<ActionInPeriod[]>;
}
