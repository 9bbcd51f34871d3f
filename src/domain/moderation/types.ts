// Moderation's domain records: the state kept per comment, restrictions on people, statements of
// reasons and appeals. Pure data.

export type QueueName = 'pending' | 'reported' | 'unmoderated' | 'rejected' | 'all';
export const QUEUES: readonly QueueName[] = ['pending', 'reported', 'unmoderated', 'rejected', 'all'];

export type RestrictionKind = 'warning' | 'suspension' | 'ban' | 'premoderate' | 'trusted';
export const RESTRICTION_KINDS: readonly RestrictionKind[] = ['warning', 'suspension', 'ban', 'premoderate', 'trusted'];

/** What the last human decision taught the site's models about a comment. */
export type TrainingLabel = 'ham' | 'spam' | 'civil' | 'uncivil';

export interface CommentModeration {
  commentId: string;
  siteId: string;
  articleId: string;
  authorId: string;
  /** Phase that decided the automatic status ('default' when none did). */
  phase: string | null;
  reasons: string[];
  scores: Record<string, number>;
  toxicity: number;
  spam: number;
  reviewedAt: string | null;
  reviewedBy: string | null;
  label: TrainingLabel | null;
  featuredAt: string | null;
  pinnedAt: string | null;
  createdAt: string;
}

export interface Restriction {
  id: string;
  /** Null: everywhere (set by an operator). */
  siteId: string | null;
  userId: string;
  kind: RestrictionKind;
  reasonCode: string;
  message: string;
  actorId: string | null;
  createdAt: string;
  expiresAt: string | null;
  acknowledgedAt: string | null;
  liftedAt: string | null;
  liftedBy: string | null;
}

/** In force at `now`: not lifted and not expired. */
export function restrictionActive(r: Pick<Restriction, 'liftedAt' | 'expiresAt'>, now: Date): boolean {
  return r.liftedAt === null && (r.expiresAt === null || Date.parse(r.expiresAt) > now.getTime());
}

export type StatementKind = 'removal' | 'restriction' | 'notice' | 'report_decision' | 'appeal_decision';

/**
 * A statement of reasons (DSA Art. 17) or another notice, as the recipient reads it. Every field
 * is plain text or codes; the pages and any mail render the same structure.
 */
export interface StatementBody {
  /** One line: what was decided. */
  title: string;
  /** The decision: removal of a comment, a restriction of the account, a notice… */
  decision: string;
  /** The facts and circumstances: which comment, when, what triggered the review. */
  facts: string;
  /** Reason code and the rule it refers to. */
  reasonCode: string;
  rule: string;
  /** Whether automated means detected the content and whether they decided. */
  automatedDetection: boolean;
  automatedDecision: boolean;
  /** Duration, for restrictions ("until 12 March 2026 at 14:00 UTC", "permanent"). */
  duration: string | null;
  /** The moderator's message to the person, if any. */
  message: string;
  /** How to seek redress. */
  redress: string;
  /** The comment's text at the time of the decision, for the author's own reference. */
  excerpt: string | null;
}

export interface Statement {
  id: string;
  siteId: string;
  userId: string;
  kind: StatementKind;
  actionId: string | null;
  commentId: string | null;
  restrictionId: string | null;
  body: StatementBody;
  appealable: boolean;
  createdAt: string;
  readAt: string | null;
}

export type AppealStatus = 'open' | 'upheld' | 'reversed';

export interface Appeal {
  id: string;
  siteId: string;
  statementId: string;
  userId: string;
  commentId: string | null;
  restrictionId: string | null;
  originalActorId: string | null;
  text: string;
  status: AppealStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  createdAt: string;
}

/** How long after a statement its recipient may appeal (DSA Art. 20: at least six months). */
export const APPEAL_WINDOW_DAYS = 183;
