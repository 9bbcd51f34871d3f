// Who may do what to a comment: the only place these rules live. Routes call `authorizeComment`
// before acting, and presenters send `commentAbilities` with each comment so the UI shows only
// what the server would allow.
import { AppError, type ErrorCode } from '../errors.js';
import type { Actor, Comment, SiteSettings } from '../types.js';
import { isModerator } from './roles.js';

export type CommentAction = 'view' | 'reply' | 'edit' | 'delete' | 'react' | 'report' | 'moderate';

export interface CommentPolicyContext {
  now: Date;
  settings: Pick<SiteSettings, 'editWindowSeconds'>;
  /** Whether the article accepts new comments now. */
  articleOpen: boolean;
}

type PolicyComment = Pick<Comment, 'authorId' | 'status' | 'visible' | 'createdAt'>;

function isAuthor(actor: Actor, comment: PolicyComment): boolean {
  return actor.user !== null && actor.user.id === comment.authorId;
}

function withinEditWindow(comment: PolicyComment, ctx: CommentPolicyContext): boolean {
  return ctx.now.getTime() - Date.parse(comment.createdAt) <= ctx.settings.editWindowSeconds * 1000;
}

/** Why an action is refused: an error code, and sometimes a sentence for the person. */
export interface Refusal {
  readonly code: ErrorCode;
  readonly detail?: string;
}

// Refusals are plain constants: abilities are computed for every comment of every page read,
// and building an error (with its stack trace) for each refused action would cost more than
// the rest of the check. The error is made only when a request is actually refused.
const refused = (code: ErrorCode, detail?: string): Refusal => Object.freeze(detail === undefined ? { code } : { code, detail });
const UNAUTHENTICATED = refused('unauthenticated');
const FORBIDDEN = refused('forbidden');
const NOT_FOUND = refused('comment_not_found');
const CLOSED = refused('comments_closed');
const PARENT_GONE = refused('parent_not_found');
const DELETED = refused('comment_deleted');
const REMOVED = refused('forbidden', 'This comment was removed by a moderator and cannot be edited.');
const WINDOW_CLOSED = refused('edit_window_closed');
const OWN_REACTION = refused('forbidden', 'You cannot react to your own comment');
const OWN_REPORT = refused('forbidden', 'You cannot report your own comment');

/** Returns why the action is refused, or null when it is allowed. */
export function refuseOnComment(actor: Actor, action: CommentAction, comment: PolicyComment, ctx: CommentPolicyContext): Refusal | null {
  const signedIn = actor.user !== null;
  const live = comment.status === 'approved';
  switch (action) {
    case 'view':
      return comment.visible || isAuthor(actor, comment) || isModerator(actor) ? null : NOT_FOUND;
    case 'reply':
      if (!signedIn) return UNAUTHENTICATED;
      if (!ctx.articleOpen) return CLOSED;
      return live ? null : PARENT_GONE;
    case 'edit':
      if (!signedIn) return UNAUTHENTICATED;
      if (!isAuthor(actor, comment)) return FORBIDDEN;
      if (comment.status === 'deleted') return DELETED;
      // A removed comment stays removed: editing must not send it through moderation again.
      if (comment.status === 'rejected' || comment.status === 'spam') return REMOVED;
      if (!withinEditWindow(comment, ctx)) return WINDOW_CLOSED;
      return null;
    case 'delete':
      if (!signedIn) return UNAUTHENTICATED;
      if (comment.status === 'deleted') return DELETED;
      return isAuthor(actor, comment) || isModerator(actor) ? null : FORBIDDEN;
    case 'react':
    case 'report':
      if (!signedIn) return UNAUTHENTICATED;
      if (!live) return NOT_FOUND;
      return isAuthor(actor, comment) ? (action === 'react' ? OWN_REACTION : OWN_REPORT) : null;
    case 'moderate':
      if (!signedIn) return UNAUTHENTICATED;
      return isModerator(actor) ? null : FORBIDDEN;
  }
}

export function canOnComment(actor: Actor, action: CommentAction, comment: PolicyComment, ctx: CommentPolicyContext): boolean {
  return refuseOnComment(actor, action, comment, ctx) === null;
}

/** Throws the refusal (401/403/409…) when the actor may not do this. */
export function authorizeComment(actor: Actor, action: CommentAction, comment: PolicyComment, ctx: CommentPolicyContext): void {
  const refusal = refuseOnComment(actor, action, comment, ctx);
  if (refusal) throw new AppError(refusal.code, refusal.detail === undefined ? {} : { detail: refusal.detail });
}

export function commentAbilities(actor: Actor, comment: PolicyComment, ctx: CommentPolicyContext) {
  return {
    reply: canOnComment(actor, 'reply', comment, ctx),
    edit: canOnComment(actor, 'edit', comment, ctx),
    delete: canOnComment(actor, 'delete', comment, ctx),
    react: canOnComment(actor, 'react', comment, ctx),
    report: canOnComment(actor, 'report', comment, ctx),
  };
}
