// Sessions: a random token goes to the client (cookie or bearer); only its SHA-256 is stored,
// so a leaked database does not leak live sessions. Expiry slides forward with use.
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import type { Role, User } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';
import { burnVerification, verifyPassword } from './passwords.js';
import { normalizeEmail, usernameKey } from './usernames.js';

/** How a session was opened; shown in the sessions list. */
export type SignInMethod = 'password' | 'sign_up' | 'link' | 'oidc' | 'sso' | 'claim' | 'reset';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
const TOUCH_EVERY_MS = 3600 * 1000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  input: { userId: string; kind: 'cookie' | 'bearer'; ip: string | null; userAgent: string | null; method?: SignInMethod },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await deps.store.createSession({
    id: hashToken(token),
    userId: input.userId,
    kind: input.kind,
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    lastSeenAt: now.toISOString(),
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  if (input.method) await deps.store.setSessionMethod({ id: hashToken(token), method: input.method });
  return { token, expiresAt };
}

/** The signed-in user for a token, or null when the token is unknown or expired. */
/** The user of a session token and their role on the site (commenter when they have none), or null. */
export async function resolveSession(deps: Pick<ServiceDeps, 'store' | 'clock'>, token: string, kind: 'cookie' | 'bearer', siteId: string): Promise<{ user: User; role: Role } | null> {
  if (!token || token.length > 200) return null;
  const id = hashToken(token);
  const found = await deps.store.getSessionWithUser({ id, siteId });
  if (!found || found.session.kind !== kind) return null;
  const { session, user, role } = found;
  const now = deps.clock();
  if (Date.parse(session.expiresAt) <= now.getTime()) {
    await deps.store.deleteSession({ id });
    return null;
  }
  if (now.getTime() - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) {
    await deps.store.touchSession({ id, lastSeenAt: now.toISOString(), expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString() });
  }
  return user ? { user, role: role ?? 'commenter' } : null;
}

export async function endSession(deps: Pick<ServiceDeps, 'store'>, token: string): Promise<void> {
  await deps.store.deleteSession({ id: hashToken(token) });
}

/** Checks a login (email or username) and password. Same answer and similar time for every failure. */
export async function checkCredentials(deps: Pick<ServiceDeps, 'store'>, login: string, password: string): Promise<User> {
  const trimmed = login.trim();
  const user = trimmed.includes('@')
    ? await deps.store.findUserByEmail({ email: normalizeEmail(trimmed) })
    : await deps.store.findUserByUsernameKey({ usernameKey: usernameKey(trimmed) });
  const identity = user ? await deps.store.getIdentityForUser({ userId: user.id, provider: 'password' }) : undefined;
  if (!user || !identity?.secret) {
    await burnVerification(password);
    throw new AppError('invalid_credentials', { fields: [{ field: 'password', code: 'invalid_credentials', message: 'Email and password do not match.' }] });
  }
  if (!(await verifyPassword(identity.secret, password))) {
    throw new AppError('invalid_credentials', { fields: [{ field: 'password', code: 'invalid_credentials', message: 'Email and password do not match.' }] });
  }
  return user;
}
