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
  token_invalid: { status: 400, title: 'This link is invalid, expired or already used; ask for a new one' },
  profile_claimable: { status: 409, title: 'Comments imported from the old system use this address; we sent a link to claim them' },
  password_incorrect: { status: 403, title: 'Your current password is not correct' },
  email_not_verified: { status: 403, title: 'Confirm your email address first' },
  sso_token_invalid: { status: 401, title: 'The sign-in token from the site is not valid' },
  sso_not_configured: { status: 404, title: 'This site does not accept sign-in tokens' },
  oidc_provider_not_found: { status: 404, title: 'No such sign-in provider on this site' },
  oidc_failed: { status: 400, title: 'Signing in with the provider did not complete; please try again' },
  account_link_refused: { status: 409, title: 'This sign-in cannot be linked to an existing account' },
  last_sign_in_method: { status: 409, title: 'This is your only way to sign in; add another one first' },
  user_not_found: { status: 404, title: 'No such user' },
  account_deleted: { status: 410, title: 'This account has been deleted' },
  slug_taken: { status: 409, title: 'Another article already uses that slug' },
  not_publishable: { status: 422, title: 'The article is not ready to publish' },
  image_rejected: { status: 422, title: 'The image was not accepted' },
  image_too_large: { status: 413, title: 'The image is too large' },
  account_banned: { status: 403, title: 'You are banned from commenting on this site' },
  account_suspended: { status: 403, title: 'Your account is suspended' },
  warning_unacknowledged: { status: 403, title: 'Read and acknowledge the moderators’ warning before you post again' },
  appeal_not_allowed: { status: 409, title: 'This decision cannot be appealed (already appealed, or the time to appeal has passed)' },
  appeal_conflict: { status: 409, title: 'An appeal must be decided by a different moderator than the one who took the decision' },
  appeal_decided: { status: 409, title: 'This appeal has already been decided' },
  restriction_not_found: { status: 404, title: 'No such restriction' },
  appeal_not_found: { status: 404, title: 'No such appeal' },
  notice_not_found: { status: 404, title: 'No such notice' },
  may_break_rules: { status: 422, title: 'This comment may break the site’s rules; edit it, or send it again to post it anyway' },
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
