// Domain types. Pure data: no transport or storage imports here.

export type Role = 'commenter' | 'staff' | 'moderator' | 'admin';
export const ROLES: readonly Role[] = ['commenter', 'staff', 'moderator', 'admin'];

export type CommentStatus = 'approved' | 'pending' | 'rejected' | 'spam' | 'deleted';
export type SortOrder = 'best' | 'newest' | 'oldest';
export const SORT_ORDERS: readonly SortOrder[] = ['best', 'newest', 'oldest'];

export type ReactionKind = 'like' | 'dislike';
export const REACTION_KINDS: readonly ReactionKind[] = ['like', 'dislike'];

export type CommentsMode = 'open' | 'closed' | 'premoderated';

export interface SiteSettings {
  /** Replies deeper than this many levels are shown flattened at the last level. */
  maxDisplayDepth: number;
  /** Seconds after posting during which the author may edit. */
  editWindowSeconds: number;
  /** Top-level comments per page. */
  pageSize: number;
  /** Replies shown per branch before a "more replies" link. */
  repliesPerBranch: number;
  /** Maximum comment length in characters. */
  maxCommentLength: number;
  /** 'post' publishes at once; 'pre' holds every comment for review. */
  moderationMode: 'post' | 'pre';
}

export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  maxDisplayDepth: 4,
  editWindowSeconds: 15 * 60,
  pageSize: 20,
  repliesPerBranch: 5,
  maxCommentLength: 10_000,
  moderationMode: 'post',
};

export interface Site {
  id: string;
  slug: string;
  name: string;
  publicUrl: string | null;
  settings: SiteSettings;
  createdAt: string;
}

export interface Image {
  src: string;
  alt: string;
  caption: string;
  credit: string;
  width: number;
  height: number;
}

export interface Article {
  id: string;
  siteId: string;
  slug: string;
  title: string;
  dek: string;
  bodyMarkdown: string;
  bodyHtml: string;
  leadImage: Image | null;
  authors: string[];
  tags: string[];
  section: string | null;
  status: 'draft' | 'published';
  publishedAt: string | null;
  updatedAt: string;
  commentsMode: CommentsMode;
  closeAt: string | null;
  commentCount: number;
  createdAt: string;
}

export interface User {
  id: string;
  email: string | null;
  username: string;
  displayName: string;
  isOperator: boolean;
  createdAt: string;
}

export interface Membership {
  siteId: string;
  userId: string;
  role: Role;
}

export interface Comment {
  id: string;
  siteId: string;
  articleId: string;
  parentId: string | null;
  rootId: string;
  /** 0 for top-level comments. */
  depth: number;
  /** Dot-separated ids from the root down to this comment: depth-first order key. */
  path: string;
  authorId: string;
  bodyMarkdown: string;
  bodyHtml: string;
  rendererVersion: number;
  status: CommentStatus;
  /** 1 when readers see it: approved, or a tombstone kept for its replies. */
  visible: boolean;
  likeCount: number;
  dislikeCount: number;
  reportCount: number;
  /** Visible direct replies. */
  replyCount: number;
  /** Visible comments in this branch below the root (roots only; 0 elsewhere). */
  descendantCount: number;
  score: number;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

/** An actor as seen by policies: who is asking, with their role on the site at hand. */
export interface Actor {
  user: User | null;
  role: Role | null;
}

// A removed comment kept as a tombstone for its replies may show why it was removed.
export interface Comment {
  /** Reason code of the removal, when a moderator or the pipeline removed it. */
  removalReason?: string | null;
}
