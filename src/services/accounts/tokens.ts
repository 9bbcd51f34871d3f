// Single-use tokens sent by mail: 32 random bytes for the link, a SHA-256 of them in the
// database. Each purpose has its own lifetime; using one marks it used in the same statement
// that checks it, so two clicks cannot both succeed.
import { createHash, randomBytes } from 'node:crypto';
import type { AccountTokenRecord, Store } from '../../store/store.js';
import type { ServiceDeps } from '../deps.js';

export type TokenPurpose = 'verify_email' | 'reset_password' | 'magic_link' | 'change_email' | 'claim_profile';

export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  verify_email: 48 * 3600_000,
  reset_password: 30 * 60_000,
  magic_link: 15 * 60_000,
  change_email: 24 * 3600_000,
  claim_profile: 48 * 3600_000,
};

const hash = (token: string) => createHash('sha256').update(`account-token:${token}`).digest('hex');
const WELL_FORMED = /^[A-Za-z0-9_-]{43}$/;

/** Creates a token (inside the caller's transaction) and returns the secret part for the link. */
export async function issueToken(
  tx: Store,
  deps: Pick<ServiceDeps, 'clock'>,
  input: { purpose: TokenPurpose; userId: string | null; email: string | null; siteId: string | null },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock();
  await tx.insertAccountToken({
    id: hash(token),
    purpose: input.purpose,
    userId: input.userId,
    email: input.email,
    siteId: input.siteId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + TOKEN_TTL_MS[input.purpose]).toISOString(),
    usedAt: null,
  });
  return token;
}

/** The token if it is unused and unexpired, without using it (for confirmation pages). */
export async function peekToken(deps: Pick<ServiceDeps, 'store' | 'clock'>, purpose: TokenPurpose, token: string): Promise<AccountTokenRecord | undefined> {
  if (!WELL_FORMED.test(token)) return undefined;
  const record = await deps.store.getAccountToken({ id: hash(token), purpose });
  if (!record || record.usedAt || Date.parse(record.expiresAt) <= deps.clock().getTime()) return undefined;
  return record;
}

/** Uses the token: returns it once, undefined for unknown, used or expired tokens. */
export async function consumeToken(store: Store, deps: Pick<ServiceDeps, 'clock'>, purpose: TokenPurpose, token: string): Promise<AccountTokenRecord | undefined> {
  if (!WELL_FORMED.test(token)) return undefined;
  return store.consumeAccountToken({ id: hash(token), purpose, now: deps.clock().toISOString() });
}
