// The JSON API as the discussion uses it. Same-origin fetch with the session cookie; writes carry
// the CSRF token. Failures reject with an ActionError built from the problem+json body.
import type { CommentPage, CommentView, Problem, RepliesPage, SortOrder } from '../http/api-types.js';
import type { ActionError, DiscussionApi, ReactionResult } from '../http/views/discussion/types.js';

type ApiError = Error & ActionError & { status: number };

function apiError(message: string, fields: Record<string, string> = {}, status = 0): ApiError {
  return Object.assign(new Error(message), { fields, status });
}

function fromProblem(status: number, problem: Partial<Problem> | null): ApiError {
  const fields: Record<string, string> = {};
  for (const e of problem?.errors ?? []) fields[e.field] ??= e.message;
  let message = problem?.detail || problem?.title || `The request failed (${status}). Please try again.`;
  if (status === 401) message = 'Your session has ended. Sign in again to continue.';
  return apiError(message, fields, status);
}

const q = encodeURIComponent;

export function createApi(csrf: string): DiscussionApi {
  async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET') headers['x-csrf-token'] = csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw apiError('Could not reach the server. Check your connection and try again.');
    }
    const data: unknown = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) throw fromProblem(res.status, data as Partial<Problem> | null);
    return data as T;
  }

  return {
    listComments(articleId: string, sort: SortOrder, cursor: string | null) {
      const params = new URLSearchParams({ sort });
      if (cursor) params.set('cursor', cursor);
      return call<CommentPage>('GET', `/api/v1/articles/${q(articleId)}/comments?${params}`);
    },
    listReplies(commentId, cursor) {
      return call<RepliesPage>('GET', `/api/v1/comments/${q(commentId)}/replies?cursor=${q(cursor)}`);
    },
    async createComment(articleId, body, parentId) {
      const payload = parentId ? { body, parentId } : { body };
      return (await call<{ comment: CommentView }>('POST', `/api/v1/articles/${q(articleId)}/comments`, payload)).comment;
    },
    async updateComment(commentId, body) {
      return (await call<{ comment: CommentView }>('PATCH', `/api/v1/comments/${q(commentId)}`, { body })).comment;
    },
    async deleteComment(commentId) {
      const res = await call<{ comment: CommentView | null } | null>('DELETE', `/api/v1/comments/${q(commentId)}`);
      return res?.comment ?? null;
    },
    react(commentId, kind) {
      return call<ReactionResult>('PUT', `/api/v1/comments/${q(commentId)}/reaction`, { kind });
    },
    async report(commentId, reason, note) {
      await call('POST', `/api/v1/comments/${q(commentId)}/reports`, note ? { reason, note } : { reason });
    },
  };
}
