// What the account services need beyond the common service dependencies.
import type { MailQueue } from '../mail/outbox.js';
import type { ServiceDeps } from '../deps.js';

export interface AccountDeps extends ServiceDeps {
  /** Woken after a transaction that queued mail commits. */
  mail: MailQueue;
  /** HMAC key for device cookies and sign-in flow state. */
  secret: string;
  /** Brute-force backoff on sign-in and limits on mail sending (PARLEY_RATE_LIMITS). */
  throttling: boolean;
  /** Days a deletion request waits before the account is deleted. */
  deletionGraceDays: number;
}

/** Where links in mail point: PUBLIC_URL, else the origin the request came to. */
export interface LinkContext {
  baseUrl: string;
  siteName: string;
  /** Slug of the site the request is for; links carry it so they open on the same site. */
  siteSlug: string;
}

export function link(ctx: LinkContext, path: string, params: Record<string, string> = {}): string {
  const url = new URL(path, ctx.baseUrl);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  url.searchParams.set('site', ctx.siteSlug);
  return url.toString();
}
