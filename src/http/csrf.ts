// CSRF protection for every cookie-authenticated write.
//
// Tokens are HMACs of something only the visitor's browser holds: the session token when signed
// in, else a random `parley_csrf` cookie issued with the sign-in and sign-up forms. Pages put the
// token in each form (`_csrf`) and in a meta tag for scripts (`x-csrf-token` header). On top of
// that, an Origin header from another site is refused outright. Requests that carry no cookies at
// all (API clients using bearer tokens, or a JSON sign-in) have no ambient authority to abuse and
// need no token.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'parley_session';
export const CSRF_COOKIE = 'parley_csrf';

export function csrfTokenFor(secret: string, basis: string): string {
  return createHmac('sha256', secret).update(`csrf:${basis}`).digest('base64url');
}

export function newCsrfCookieValue(): string {
  return randomBytes(18).toString('base64url');
}

export function tokensMatch(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
