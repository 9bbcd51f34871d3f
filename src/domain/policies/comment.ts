// Who may do what to a comment: the only place these rules live. Routes call `authorizeComment`
// before acting, and presenters send `commentAbilities` with each comment so the UI shows only
// what the server would allow.
import { AppError } from '../errors.js';
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

/** Returns the reason code when the action is refused, or null when allowed. */
export function refuseOnComment(actor: Actor, action: CommentAction, comment: PolicyComment, ctx: CommentPolicyContext): AppError | null {
  const signedIn = actor.user !== null;
  const live = comment.status === 'approved';
  switch (action) {
    case 'view':
      return comment.visible || isAuthor(actor, comment) || isModerator(actor) ? null : new AppError('comment_not_found');
    case 'reply':
      if (!signedIn) return new AppError('unauthenticated');
      if (!ctx.articleOpen) return new AppError('comments_closed');
      return live ? null : new AppError('parent_not_found');
    case 'edit':
      if (!signedIn) return new AppError('unauthenticated');
      if (!isAuthor(actor, comment)) return new AppError('forbidden');
      if (comment.status === 'deleted') return new AppError('comment_deleted');
      // A removed comment stays removed: editing must not send it through moderation again.
      if (comment.status === 'rejected' || comment.status === 'spam') return new AppError('forbidden', { detail: 'This comment was removed by a moderator and cannot be edited.' });
      if (!withinEditWindow(comment, ctx)) return new AppError('edit_window_closed');
      return null;
    case 'delete':
      if (!signedIn) return new AppError('unauthenticated');
      if (comment.status === 'deleted') return new AppError('comment_deleted');
      return isAuthor(actor, comment) || isModerator(actor) ? null : new AppError('forbidden');
    case 'react':
    case 'report':
      if (!signedIn) return new AppError('unauthenticated');
      if (!live) return new AppError('comment_not_found');
      return isAuthor(actor, comment) ? new AppError('forbidden', { detail: action === 'react' ? 'You cannot react to your own comment' : 'You cannot report your own comment' }) : null;
    case 'moderate':
      if (!signedIn) return new AppError('unauthenticated');
      return isModerator(actor) ? null : new AppError('forbidden');
  }
}

export function canOnComment(actor: Actor, action: CommentAction, comment: PolicyComment, ctx: CommentPolicyContext): boolean {
  return refuseOnComment(actor, action, comment, ctx) === null;
}

/** Throws the refusal (401/403/409…) when the actor may not do this. */
export function authorizeComment(actor: Actor, action: CommentAction, comment: PolicyComment, ctx: CommentPolicyContext): void {
  const refusal = refuseOnComment(actor, action, comment, ctx);
  if (refusal) throw refusal;
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
