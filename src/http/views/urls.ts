// Every URL the views link or post to, in one place, so pages and the browser code agree with
// the routes. Path segments are encoded; query strings are built with URLSearchParams.
import type { SortOrder } from '../api-types.js';

const seg = encodeURIComponent;

export function articlePath(slug: string): string {
  return `/articles/${seg(slug)}`;
}

/** An article page, optionally sorted and continued after a cursor. */
export function articlePageUrl(slug: string, q: { sort?: SortOrder; after?: string | null } = {}): string {
  const params = new URLSearchParams();
  if (q.sort) params.set('sort', q.sort);
  if (q.after) params.set('after', q.after);
  const qs = params.toString();
  return qs ? `${articlePath(slug)}?${qs}` : articlePath(slug);
}

export function commentPagePath(slug: string, commentId: string): string {
  return `${articlePath(slug)}/comments/${seg(commentId)}`;
}

/** The no-JS continuation of one branch of replies. */
export function repliesPageUrl(slug: string, commentId: string, cursor: string): string {
  return `${commentPagePath(slug, commentId)}/replies?cursor=${seg(cursor)}`;
}

/** Plain-form endpoint for a new comment or reply. */
export function postCommentUrl(slug: string): string {
  return `${articlePath(slug)}/comments`;
}

export type CommentFormAction = 'edit' | 'delete' | 'react' | 'report';

/** Plain-form endpoints acting on one comment (`/comments/:id/edit` is also the edit page). */
export function commentActionUrl(commentId: string, action: CommentFormAction): string {
  return `/comments/${seg(commentId)}/${action}`;
}

export function signInUrl(returnTo: string): string {
  return `/signin?returnTo=${seg(returnTo)}`;
}

export function signUpUrl(returnTo: string): string {
  return `/signup?returnTo=${seg(returnTo)}`;
}

/** Element id of a rendered comment; `#comment-<id>` links rely on it. */
export function commentDomId(commentId: string): string {
  return `comment-${commentId}`;
}
