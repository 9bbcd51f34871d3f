// Brute-force protection for sign-in, kept in the database (so every process and restart sees
// the same counts, and tests can move the injected clock instead of waiting).
//
// Failures are counted per account (or per typed login when no account matches, so the answer
// looks the same) and per IP. After a number of free failures each further one doubles a wait
// (1 s, 2 s, 4 s, … capped at 15 minutes per account and an hour per IP); a quiet day forgets
// the count. An attacker can therefore slow guessing down to a crawl but cannot lock the owner
// out: a browser that has signed in to the account before carries a device cookie, and its
// attempts are counted per device instead of per account or IP, so only its own mistakes slow
// it down. Emailed sign-in links and password reset are never behind this backoff either.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import type { ThrottleRecord } from '../../store/store.js';
import type { AccountDeps } from './deps.js';

interface Policy {
  free: number;
  maxMs: number;
}

export const POLICIES = {
  account: { free: 8, maxMs: 15 * 60_000 },
  device: { free: 8, maxMs: 15 * 60_000 },
  ip: { free: 30, maxMs: 3600_000 },
} as const satisfies Record<string, Policy>;

const FORGET_AFTER_MS = 24 * 3600_000;

export type ThrottleKey = { key: string; policy: keyof typeof POLICIES };

function policyOf(k: ThrottleKey): Policy {
  return POLICIES[k.policy];
}

/** Throws rate_limited when any of the keys is waiting out a backoff. */
export async function assertNotBlocked(deps: Pick<AccountDeps, 'store' | 'clock' | 'throttling'>, keys: ThrottleKey[]): Promise<void> {
  if (!deps.throttling) return;
  const now = deps.clock().getTime();
  const rows = await deps.store.getThrottles({ keys: keys.map((k) => k.key) });
  let waitMs = 0;
  for (const row of rows) {
    if (row.blockedUntil) waitMs = Math.max(waitMs, Date.parse(row.blockedUntil) - now);
  }
  if (waitMs > 0) {
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    throw new AppError('rate_limited', { detail: `Too many failed attempts. Try again in ${retryAfter} seconds, or sign in with an emailed link.`, retryAfter });
  }
}

export async function recordFailure(deps: Pick<AccountDeps, 'store' | 'clock' | 'throttling'>, keys: ThrottleKey[]): Promise<void> {
  if (!deps.throttling) return;
  const now = deps.clock();
  const existing = new Map((await deps.store.getThrottles({ keys: keys.map((k) => k.key) })).map((r) => [r.key, r]));
  for (const k of keys) {
    const policy = policyOf(k);
    const prev = existing.get(k.key);
    const fresh = !prev || now.getTime() - Date.parse(prev.updatedAt) > FORGET_AFTER_MS;
    const failures = (fresh ? 0 : prev.failures) + 1;
    // The free attempts used up, each failure makes the next attempt wait 1 s, 2 s, 4 s, …
    const over = failures - policy.free;
    const blockedUntil = over >= 0 ? new Date(now.getTime() + Math.min(1000 * 2 ** over, policy.maxMs)).toISOString() : null;
    const row: ThrottleRecord = { key: k.key, failures, blockedUntil, windowStart: fresh ? now.toISOString() : prev.windowStart, updatedAt: now.toISOString() };
    await deps.store.putThrottle(row);
  }
}

export async function clearFailures(deps: Pick<AccountDeps, 'store' | 'throttling'>, key: ThrottleKey): Promise<void> {
  if (!deps.throttling) return;
  await deps.store.deleteThrottle({ key: key.key });
}

/**
 * Mails asked for by address (reset, sign-in link, verification) are limited per address and
 * window, so nobody can flood an inbox through Parley. Returns false when over the limit.
 */
export async function allowMailTo(deps: Pick<AccountDeps, 'store' | 'clock' | 'throttling'>, address: string, perHour = 5): Promise<boolean> {
  if (!deps.throttling) return true;
  const key = `mail:${address}`;
  const now = deps.clock();
  const [row] = await deps.store.getThrottles({ keys: [key] });
  const fresh = !row || now.getTime() - Date.parse(row.windowStart) > 3600_000;
  const count = (fresh ? 0 : row.failures) + 1;
  if (count > perHour) return false;
  await deps.store.putThrottle({ key, failures: count, blockedUntil: null, windowStart: fresh ? now.toISOString() : row.windowStart, updatedAt: now.toISOString() });
  return true;
}

// --- Device cookies ----------------------------------------------------------------------

export const DEVICE_COOKIE = 'parley_device';

function mac(secret: string, nonce: string, userId: string): string {
  return createHmac('sha256', secret).update(`device:${nonce}:${userId}`).digest('base64url');
}

/** A cookie value proving this browser signed in to `userId` before. */
export function newDeviceCookie(secret: string, userId: string): string {
  const nonce = randomBytes(12).toString('base64url');
  return `${nonce}.${mac(secret, nonce, userId)}`;
}

/** The device id when the cookie was issued for this user, else null. */
export function deviceIdFor(secret: string, cookie: string | undefined, userId: string): string | null {
  if (!cookie || cookie.length > 200) return null;
  const [nonce, given] = cookie.split('.');
  if (!nonce || !given) return null;
  const expected = Buffer.from(mac(secret, nonce, userId));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? nonce : null;
}
