// Shapes of the JSON the API returns (and the server-rendered views consume).
// Presenters build these from domain objects; the browser code reads them.
// Keep this file free of runtime imports: it is shared with the client bundle.

/** How a discussion is listed: sorted, or only the editors' featured comments (pinned first). */
export type SortOrder = 'best' | 'newest' | 'oldest' | 'featured';
export type ReactionKind = 'like' | 'dislike';
export type Role = 'commenter' | 'staff' | 'moderator' | 'admin';

export interface AuthorView {
  id: string;
  username: string;
  displayName: string;
  /** Present for staff, moderators and admins of the site: shown as a badge. */
  badge: 'staff' | 'moderator' | 'admin' | null;
}

export interface CommentAbilities {
  reply: boolean;
  edit: boolean;
  delete: boolean;
  react: boolean;
  report: boolean;
}

export interface CommentView {
  id: string;
  articleId: string;
  parentId: string | null;
  depth: number;
  /** Null for tombstones ("[deleted]"). */
  author: AuthorView | null;
  /** Sanitized HTML rendered at write time; empty for tombstones. */
  html: string;
  status: 'approved' | 'pending' | 'rejected' | 'spam' | 'deleted';
  tombstone: boolean;
  createdAt: string;
  editedAt: string | null;
  reactions: { like: number; dislike: number };
  /** The viewer's own reaction, if signed in and reacted. */
  myReaction: ReactionKind | null;
  replyCount: number;
  abilities: CommentAbilities;
  /** Set when shown flattened below the display depth cap: whom this replies to. */
  replyingTo: { id: string; username: string } | null;
  permalink: string;
  /** The Markdown source, only for a viewer who may edit it (to prefill the edit form). */
  source: string | null;
  /** On the tombstone of a comment moderators removed: the reason code, when the site shows it. */
  removalReason?: string;
  /** Set (true) on a comment the editors featured; `pinned` also on one they pinned to the top. */
  featured?: boolean;
  pinned?: boolean;
}

/** A node of the displayed tree: a comment with the replies shown under it. */
export interface ThreadNode {
  comment: CommentView;
  replies: ThreadNode[];
  /** Opaque cursor to fetch more of this branch, when it has more than shown. */
  moreReplies: { cursor: string; count: number } | null;
}

export interface CommentPage {
  articleId: string;
  sort: SortOrder;
  /** Total visible comments in the thread. */
  total: number;
  items: ThreadNode[];
  /** Cursor of the next page of top-level comments, or null at the end. */
  nextCursor: string | null;
}

/** A branch continuation: replies under one top-level comment after a cursor. */
export interface RepliesPage {
  rootId: string;
  items: ThreadNode[];
  moreReplies: { cursor: string; count: number } | null;
}

export interface PermalinkView {
  /** Ancestors from the top-level comment down to the parent. */
  ancestors: CommentView[];
  comment: CommentView;
  /** Direct and deeper replies shown under it (bounded). */
  replies: ThreadNode[];
}

export interface MeView {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: Role | null;
  isOperator: boolean;
}

export interface ImageView {
  src: string;
  alt: string;
  caption: string;
  credit: string;
  width: number;
  height: number;
}

export interface ArticleView {
  id: string;
  slug: string;
  url: string;
  title: string;
  dek: string;
  html: string;
  leadImage: ImageView | null;
  authors: string[];
  tags: string[];
  section: string | null;
  publishedAt: string | null;
  updatedAt: string;
  commentsOpen: boolean;
  commentsMode: 'open' | 'closed' | 'premoderated';
  commentCount: number;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: { field: string; code: string; message: string }[];
}
