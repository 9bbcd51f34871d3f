// Rate limits per IP and per account. In-memory per process here; the scale-out issue swaps in
// rate-limiter-flexible's Redis store so several processes share the counts.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../domain/errors.js';

export interface Limits {
  /** Consumes one point for `key` from the named limiter; throws rate_limited when exhausted. */
  consume(name: LimitName, key: string): Promise<void>;
}

const RULES = {
  signInIp: { points: 20, duration: 60 },
  signUpIp: { points: 10, duration: 3600 },
  postUser: { points: 12, duration: 60 },
  postIp: { points: 40, duration: 60 },
  writeIp: { points: 240, duration: 60 },
} as const;

export type LimitName = keyof typeof RULES;

export function createLimits(enabled: boolean): Limits {
  if (!enabled) return { consume: async () => {} };
  const limiters = Object.fromEntries(
    Object.entries(RULES).map(([name, rule]) => [name, new RateLimiterMemory({ keyPrefix: name, ...rule })]),
  ) as Record<LimitName, RateLimiterMemory>;
  return {
    async consume(name, key) {
      try {
        await limiters[name].consume(key);
      } catch (err) {
        if (err instanceof RateLimiterRes) {
          const retryAfter = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
          throw new AppError('rate_limited', { detail: `Too many attempts. Try again in ${retryAfter} seconds.`, retryAfter });
        }
        throw err;
      }
    },
  };
}
