// Zod schemas of the moderation API: they validate requests and feed the OpenAPI document.
import { z } from 'zod';
import { ModerationSettings } from '../../domain/moderation/settings.js';
import { REMOVAL_REASONS } from '../../domain/moderation/reasons.js';
import { QUEUES, RESTRICTION_KINDS } from '../../domain/moderation/types.js';
import { Comment as CommentSchema, CommentBody, Id } from '../schemas.js';

const Iso = z.string().meta({ format: 'date-time' });
const Probability = z.coerce.number().min(0).max(1);

export const QueueName = z.enum(['pending', 'reported', 'unmoderated', 'rejected', 'all']);
void QUEUES;
export const RemovalReason = z.enum(REMOVAL_REASONS);

export const QueueParams = z.object({ queue: QueueName });

export const QueueQuery = z.object({
  articleId: Id.optional(),
  authorId: Id.optional(),
  reason: z.string().max(64).regex(/^[a-z_]+$/, 'A reason code').optional(),
  minToxicity: Probability.optional(),
  minSpam: Probability.optional(),
  q: z.string().max(200).optional().meta({ description: 'Words in the comment text' }),
  before: Id.optional().meta({ description: 'Cursor: the nextBefore of the previous page' }),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const CountsQuery = z.object({ articleId: Id.optional() });

export const ModerationScores = z.record(z.string(), z.number());

export const AuthorRecord = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['commenter', 'staff', 'moderator', 'admin']).nullable(),
  createdAt: Iso,
  accountAgeDays: z.number().int(),
  comments: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
  rejectionRate: z.number(),
  reportsReceived: z.number().int(),
  restrictions: z.array(z.object({ id: z.string(), kind: z.enum(RESTRICTION_KINDS as [string, ...string[]]), expiresAt: Iso.nullable(), everywhere: z.boolean() })),
});

export const QueueItem = z
  .object({
    id: z.string(),
    status: z.enum(['approved', 'pending', 'rejected', 'spam', 'deleted']),
    bodyMarkdown: z.string(),
    html: z.string(),
    createdAt: Iso,
    editedAt: Iso.nullable(),
    parentId: z.string().nullable(),
    article: z.object({ id: z.string(), slug: z.string(), title: z.string() }).nullable(),
    author: AuthorRecord.nullable(),
    phase: z.string().nullable(),
    reasons: z.array(z.object({ code: z.string(), label: z.string() })),
    scores: ModerationScores,
    matchedWords: z.array(z.string()),
    openReports: z.number().int(),
    reviewedAt: Iso.nullable(),
    featured: z.boolean(),
    pinned: z.boolean(),
    removalReason: z.string().nullable(),
  })
  .meta({ id: 'ModerationQueueItem' });

export const QueuePage = z.object({ queue: QueueName, items: z.array(QueueItem), nextBefore: z.string().nullable() });

export const QueueCounts = z.object({
  pending: z.number().int(),
  reported: z.number().int(),
  unmoderated: z.number().int(),
  rejected: z.number().int(),
  all: z.number().int(),
  appeals: z.number().int(),
});

export const CommentAction = z.object({
  action: z.enum(['approve', 'reject', 'spam', 'feature', 'unfeature', 'pin', 'unpin']),
  reason: RemovalReason.optional().meta({ description: 'Required for reject' }),
  message: z.string().max(2000).optional().meta({ description: 'To the author, in the statement of reasons' }),
});

export const BulkAction = CommentAction.extend({ ids: z.array(Id).min(1).max(100) });

export const ActionResult = z.object({ id: z.string(), status: z.string(), visible: z.boolean() });
export const BulkResult = z.object({
  results: z.array(z.object({ id: z.string(), ok: z.boolean(), status: z.string().optional(), code: z.string().optional() })),
});

export const LogEntry = z.object({
  id: z.string(),
  action: z.string(),
  actor: z.object({ id: z.string(), username: z.string() }).nullable(),
  phase: z.string().nullable(),
  reasons: z.array(z.string()),
  scores: ModerationScores.nullable(),
  statement: z.string().nullable(),
  createdAt: Iso,
});

export const ReportView = z.object({ id: z.string(), reason: z.string(), note: z.string().nullable(), status: z.string(), createdAt: Iso, reporter: z.string() });

export const CommentDetail = z.object({
  item: QueueItem,
  ancestors: z.array(z.object({ id: z.string(), author: z.string(), html: z.string(), status: z.string() })),
  replies: z.array(z.object({ id: z.string(), author: z.string(), html: z.string(), status: z.string() })),
  log: z.array(LogEntry),
  reports: z.array(ReportView),
});

export const UserParams = z.object({ userId: Id });
export const RestrictInput = z.object({
  kind: z.enum(['warning', 'suspension', 'ban', 'premoderate', 'trusted']),
  reason: RemovalReason.default('other'),
  message: z.string().max(2000).default(''),
  days: z.number().int().min(1).max(3650).nullish(),
  everywhere: z.boolean().default(false),
});
export const Restriction = z.object({
  id: z.string(),
  kind: z.string(),
  reasonCode: z.string(),
  message: z.string(),
  everywhere: z.boolean(),
  createdAt: Iso,
  expiresAt: Iso.nullable(),
  acknowledgedAt: Iso.nullable(),
  liftedAt: Iso.nullable(),
});
export const RestrictionParams = z.object({ restrictionId: Id });
export const RestrictResult = z.object({ restriction: Restriction, statementId: z.string() });

export const StoryParams = z.object({ articleId: Id });
export const StoryModeInput = z.object({
  mode: z.enum(['open', 'closed', 'premoderated']),
  closeAfterDays: z.number().int().min(0).max(3650).nullish().meta({ description: 'Close this many days after publication; null clears a close time' }),
});
export const StoryModeResult = z.object({ id: z.string(), commentsMode: z.enum(['open', 'closed', 'premoderated']), closeAt: Iso.nullable() });

export const AppealView = z
  .object({
    id: z.string(),
    status: z.enum(['open', 'upheld', 'reversed']),
    text: z.string(),
    createdAt: Iso,
    decidedAt: Iso.nullable(),
    decisionNote: z.string().nullable(),
    user: z.object({ id: z.string(), username: z.string() }).nullable(),
    statement: z.object({ id: z.string(), title: z.string(), reasonCode: z.string(), automatedDecision: z.boolean() }),
    commentId: z.string().nullable(),
    restrictionId: z.string().nullable(),
    /** Whether the caller took the original decision (and so may not decide this appeal). */
    decidedOriginallyByYou: z.boolean(),
  })
  .meta({ id: 'Appeal' });
export const AppealList = z.object({ items: z.array(AppealView) });
export const AppealsQuery = z.object({ status: z.enum(['open', 'upheld', 'reversed']).default('open') });
export const AppealParams = z.object({ appealId: Id });
export const AppealDecisionInput = z.object({ outcome: z.enum(['upheld', 'reversed']), note: z.string().max(2000).default('') });

export const TransparencyQuery = z.object({
  from: z.iso.date().optional().meta({ description: 'First day (UTC), default: 30 days ago' }),
  to: z.iso.date().optional().meta({ description: 'Day after the last (UTC), default: tomorrow' }),
});
const Split = z.object({ automated: z.number().int(), human: z.number().int() });
export const Transparency = z.object({
  siteId: z.string(),
  from: Iso,
  to: Iso,
  totals: z.object({ decisions: z.number().int(), automated: z.number().int(), human: z.number().int() }),
  byAction: z.array(Split.extend({ action: z.string() })),
  byReason: z.array(Split.extend({ reason: z.string() })),
  medianHoursToHumanDecision: z.number().nullable(),
  appeals: z.object({ received: z.number().int(), upheld: z.number().int(), reversed: z.number().int(), open: z.number().int(), medianHoursToDecision: z.number().nullable() }),
});

export const SettingsView = ModerationSettings.meta({ id: 'ModerationSettings' });
export const SettingsPatch = ModerationSettings.partial();

const MetricsSchema = z.object({
  n: z.number().int(),
  positives: z.number().int(),
  threshold: z.number(),
  truePositives: z.number().int(),
  falsePositives: z.number().int(),
  falseNegatives: z.number().int(),
  trueNegatives: z.number().int(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  accuracy: z.number(),
});
export const ModelReport = z.object({
  kind: z.enum(['spam', 'toxicity']),
  trainedOn: z.string(),
  trainedAt: Iso,
  trainingExamples: z.number().int(),
  heldOut: z.object({ atHold: MetricsSchema, atHalf: MetricsSchema }),
});
export const ModelParams = z.object({ kind: z.enum(['spam', 'toxicity']) });
export const ModelsView = z.object({
  spam: ModelReport.nullable(),
  spamSource: z.enum(['site', 'seed', 'none']),
  toxicity: ModelReport.nullable(),
});

export const PreviewInput = z.object({ body: CommentBody });
export const PreviewResult = z.object({
  status: z.enum(['approved', 'pending', 'rejected', 'spam']),
  warn: z.boolean(),
  reasons: z.array(z.object({ code: z.string(), label: z.string() })),
});

export const StatementBody = z.object({
  title: z.string(),
  decision: z.string(),
  facts: z.string(),
  reasonCode: z.string(),
  rule: z.string(),
  automatedDetection: z.boolean(),
  automatedDecision: z.boolean(),
  duration: z.string().nullable(),
  message: z.string(),
  redress: z.string(),
  excerpt: z.string().nullable(),
});
export const NoticeView = z
  .object({
    id: z.string(),
    kind: z.enum(['removal', 'restriction', 'notice', 'report_decision', 'appeal_decision']),
    createdAt: Iso,
    read: z.boolean(),
    body: StatementBody,
    canAppeal: z.boolean(),
    appeal: z.object({ id: z.string(), status: z.enum(['open', 'upheld', 'reversed']), createdAt: Iso, decidedAt: Iso.nullable() }).nullable(),
  })
  .meta({ id: 'ModerationNotice' });
export const MyModeration = z.object({
  notices: z.array(NoticeView),
  warnings: z.array(Restriction),
  active: z.array(Restriction),
});
export const NoticeParams = z.object({ noticeId: Id });
export const AppealInput = z.object({ text: z.string().min(1).max(4000) });
export const AppealCreated = z.object({ id: z.string(), status: z.literal('open') });

export const FeaturedList = z.object({ items: z.array(CommentSchema.extend({ pinned: z.boolean() })) });
