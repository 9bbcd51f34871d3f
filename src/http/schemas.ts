// One zod schema per endpoint input and output. Requests are validated with these, and the
// OpenAPI document is generated from the same objects, so the two cannot drift apart.
import { z } from 'zod';

export const Id = z.string().min(1).max(64).regex(/^[0-9A-Za-z_-]+$/, 'Not a valid id');
export const Sort = z.enum(['best', 'newest', 'oldest', 'featured']).meta({ id: 'CommentOrder' });
export const ReactionKind = z.enum(['like', 'dislike']);
export const ReportReason = z.enum(['spam', 'abuse', 'off_topic', 'misinformation', 'illegal', 'other']);
const Cursor = z.string().max(4096);
const Limit = z.coerce.number().int().min(1).max(100);
const Iso = z.string().meta({ format: 'date-time' });

// --- Inputs ---------------------------------------------------------------------------------

export const ArticleParams = z.object({ articleId: Id });
export const CommentParams = z.object({ commentId: Id });

export const ListCommentsQuery = z.object({
  sort: Sort.default('best').meta({
    description:
      'best, newest or oldest (pinned comments head the first page in each); featured: only the comments the editors featured, pinned first, each without its replies',
  }),
  cursor: Cursor.optional(),
  limit: Limit.optional(),
});

export const ListRepliesQuery = z.object({ cursor: Cursor.optional(), limit: Limit.optional() });

export const CommentBody = z.string().max(100_000).meta({ description: 'Markdown: emphasis, links, quotes, lists, code. No HTML or images.' });

export const CreateCommentInput = z.object({
  body: CommentBody,
  parentId: Id.nullish(),
});

export const UpdateCommentInput = z.object({ body: CommentBody });

export const ReactInput = z.object({ kind: ReactionKind.nullable().meta({ description: 'null removes your reaction' }) });

export const ReportInput = z.object({
  reason: ReportReason,
  note: z.string().max(2000).nullish().meta({ description: 'Required for "illegal" and "other"' }),
});

export const SessionMode = z.enum(['cookie', 'token']).default('token').meta({
  description: '"token" returns a bearer token for API clients; "cookie" sets an HttpOnly session cookie (pages).',
});

export const Password = z.string().min(10, 'Use at least 10 characters').max(200);
export const Username = z
  .string()
  .min(3, 'At least 3 characters')
  .max(24, 'At most 24 characters')
  .regex(/^[A-Za-z0-9_]+$/, 'Letters, digits and underscores only');

export const SignUpInput = z.object({
  email: z.email('Enter a valid email address').max(254),
  username: Username,
  displayName: z.string().trim().max(60).optional(),
  password: Password,
  session: SessionMode,
});

export const SignInInput = z.object({
  email: z.string().min(1, 'Enter your email or username').max(254).meta({ description: 'Email address or username' }),
  password: z.string().min(1, 'Enter your password').max(200),
  session: SessionMode,
});

export const ArticleRef = z.object({ articleRef: z.string().min(1).max(200) });

export const ListArticlesQuery = z.object({ limit: Limit.optional() });

// --- Outputs --------------------------------------------------------------------------------

export const Author = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  badge: z.enum(['staff', 'moderator', 'admin']).nullable(),
});

export const Comment = z
  .object({
    id: z.string(),
    articleId: z.string(),
    parentId: z.string().nullable(),
    depth: z.number().int(),
    author: Author.nullable(),
    html: z.string().meta({ description: 'Sanitized HTML rendered when the comment was written' }),
    status: z.enum(['approved', 'pending', 'rejected', 'spam', 'deleted']),
    tombstone: z.boolean(),
    createdAt: Iso,
    editedAt: Iso.nullable(),
    reactions: z.object({ like: z.number().int(), dislike: z.number().int() }),
    myReaction: ReactionKind.nullable(),
    replyCount: z.number().int(),
    abilities: z.object({ reply: z.boolean(), edit: z.boolean(), delete: z.boolean(), react: z.boolean(), report: z.boolean() }),
    replyingTo: z.object({ id: z.string(), username: z.string() }).nullable(),
    permalink: z.string(),
    source: z.string().nullable(),
    removalReason: z.string().optional().meta({ description: 'Reason code on the tombstone of a removed comment (moderation, when the site shows it)' }),
    featured: z.boolean().optional().meta({ description: 'Present (true) when the editors featured this comment' }),
    pinned: z.boolean().optional().meta({ description: 'Present (true) when the editors pinned this comment to the top of the discussion' }),
  })
  .meta({ id: 'Comment' });

const MoreReplies = z.object({ cursor: z.string(), count: z.number().int() }).nullable();

export interface ThreadNodeShape {
  comment: z.infer<typeof Comment>;
  replies: ThreadNodeShape[];
  moreReplies: z.infer<typeof MoreReplies>;
}
export const ThreadNode: z.ZodType<ThreadNodeShape> = z
  .object({
    comment: Comment,
    get replies() {
      return z.array(ThreadNode);
    },
    moreReplies: MoreReplies,
  })
  .meta({ id: 'ThreadNode' });

export const CommentPage = z.object({
  articleId: z.string(),
  sort: Sort,
  total: z.number().int(),
  items: z.array(ThreadNode),
  nextCursor: z.string().nullable(),
});

export const RepliesPage = z.object({ rootId: z.string(), items: z.array(ThreadNode), moreReplies: MoreReplies });

export const Permalink = z.object({ ancestors: z.array(Comment), comment: Comment, replies: z.array(ThreadNode) });

export const CommentEnvelope = z.object({ comment: Comment });
export const NullableCommentEnvelope = z.object({ comment: Comment.nullable() });
export const ReactionResult = z.object({ reactions: z.object({ like: z.number().int(), dislike: z.number().int() }), myReaction: ReactionKind.nullable() });
export const Ok = z.object({ ok: z.literal(true) });

export const Me = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: z.enum(['commenter', 'staff', 'moderator', 'admin']).nullable(),
  isOperator: z.boolean(),
});

export const AuthResult = z.object({ user: Me, token: z.string().optional().meta({ description: 'Bearer token, when session is "token"' }) });

export const Image = z.object({ src: z.string(), alt: z.string(), caption: z.string(), credit: z.string(), width: z.number(), height: z.number() });

export const Article = z.object({
  id: z.string(),
  slug: z.string(),
  url: z.string(),
  title: z.string(),
  dek: z.string(),
  html: z.string(),
  leadImage: Image.nullable(),
  authors: z.array(z.string()),
  tags: z.array(z.string()),
  section: z.string().nullable(),
  publishedAt: Iso.nullable(),
  updatedAt: Iso,
  commentsOpen: z.boolean(),
  commentsMode: z.enum(['open', 'closed', 'premoderated']),
  commentCount: z.number().int(),
});

export const ArticleList = z.object({ items: z.array(Article) });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().meta({ description: 'Stable machine-readable error code' }),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });
