// One catalogue of error codes. Each has an HTTP status and a message a person can act on.
// Codes are stable: clients and translations key on them.

export const ERRORS = {
  validation_failed: { status: 400, title: 'Some fields are not valid' },
  bad_cursor: { status: 400, title: 'The pagination cursor is not valid for this list' },
  unauthenticated: { status: 401, title: 'Sign in to do this' },
  invalid_credentials: { status: 401, title: 'That email and password do not match an account' },
  csrf_failed: { status: 403, title: 'The form expired or came from another site; reload the page and try again' },
  forbidden: { status: 403, title: 'You are not allowed to do this' },
  not_found: { status: 404, title: 'Not found' },
  article_not_found: { status: 404, title: 'No such article on this site' },
  comment_not_found: { status: 404, title: 'No such comment' },
  parent_not_found: { status: 422, title: 'The comment you are replying to does not exist or is not visible' },
  comments_closed: { status: 409, title: 'Comments on this article are closed' },
  edit_window_closed: { status: 409, title: 'The time for editing this comment has passed' },
  comment_deleted: { status: 409, title: 'This comment has been deleted' },
  email_taken: { status: 409, title: 'An account with that email already exists' },
  username_taken: { status: 409, title: 'That username is taken' },
  comment_too_long: { status: 422, title: 'The comment is too long' },
  comment_empty: { status: 422, title: 'The comment is empty' },
  unsupported_media_type: { status: 415, title: 'Send JSON or a form' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  rate_limited: { status: 429, title: 'Too many requests; wait a moment and try again' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  unavailable: { status: 503, title: 'The service is temporarily unavailable' },
  internal: { status: 500, title: 'Something went wrong on our side' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly fields: FieldError[] | undefined;
  /** Seconds to wait, for rate_limited. */
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, opts: { detail?: string; fields?: FieldError[]; retryAfter?: number } = {}) {
    super(opts.detail ?? ERRORS[code].title);
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.detail = opts.detail;
    this.fields = opts.fields;
    this.retryAfter = opts.retryAfter;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
