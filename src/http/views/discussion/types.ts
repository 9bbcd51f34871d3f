// Props of the Discussion tree (serialized into the page for hydration) and the interface the
// browser supplies to talk to the JSON API. Types only: no runtime code here.
import type {
  CommentPage,
  CommentView,
  ReactionKind,
  RepliesPage,
  SortOrder,
  ThreadNode,
} from '../../api-types.js';

/** The slice of ArticleView the discussion needs (keeps the serialized state small). */
export interface DiscussionArticle {
  id: string;
  slug: string;
  title: string;
  commentsOpen: boolean;
  commentsMode: 'open' | 'closed' | 'premoderated';
}

/** A plain-form post the server sent back with an error (JS off): refill and explain. */
export interface ComposerState {
  parentId: string | null;
  body: string;
  error: string;
}

/**
 * - `article`: the discussion under an article (sort switch, composer, paging).
 * - `permalink`: one comment with its ancestors above and replies below.
 * - `replies`: the continuation of one branch.
 */
export type DiscussionMode = 'article' | 'permalink' | 'replies';

export interface DiscussionProps {
  mode: DiscussionMode;
  lang: string;
  csrf: string;
  signedIn: boolean;
  article: DiscussionArticle;
  sort: SortOrder;
  total: number;
  nodes: ThreadNode[];
  nextCursor: string | null;
  /** The viewer's own comments held for review, shown only to them. */
  pending: CommentView[];
  composer: ComposerState | null;
  /** Comment to mark as the one the page is about (permalink). */
  highlight: string | null;
  /** Path of this page, for returnTo fields and sign-in links. */
  returnTo: string;
}

/** What a failed API call rejects with: a message for people and per-field messages. */
export interface ActionError {
  message: string;
  fields: Record<string, string>;
}

export type ReportReason = 'spam' | 'abuse' | 'off_topic' | 'misinformation' | 'illegal' | 'other';

export interface ReactionResult {
  reactions: { like: number; dislike: number };
  myReaction: ReactionKind | null;
}

/** The JSON API as the discussion uses it; provided by the browser entry, absent on the server. */
export interface DiscussionApi {
  listComments(articleId: string, sort: SortOrder, cursor: string | null): Promise<CommentPage>;
  listReplies(commentId: string, cursor: string): Promise<RepliesPage>;
  createComment(articleId: string, body: string, parentId: string | null): Promise<CommentView>;
  updateComment(commentId: string, body: string): Promise<CommentView>;
  /** The tombstone left behind, or null when the comment was removed entirely. */
  deleteComment(commentId: string): Promise<CommentView | null>;
  react(commentId: string, kind: ReactionKind | null): Promise<ReactionResult>;
  report(commentId: string, reason: ReportReason, note: string): Promise<void>;
}
