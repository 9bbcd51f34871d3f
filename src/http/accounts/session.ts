// Opening sessions for the account flows: cookie for pages, bearer token for API clients,
// recording how the session was opened; and password sign-in with the device cookie that keeps
// an owner's own browser out of an attacker's backoff (see services/accounts/throttle.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../../domain/types.js';
import { createSession, endSession, type SignInMethod } from '../../services/accounts/sessions.js';
import { signInWithPassword } from '../../services/accounts/signInWithPassword.js';
import { DEVICE_COOKIE } from '../../services/accounts/throttle.js';
import { SESSION_COOKIE } from '../csrf.js';
import { isSecure } from '../routes.js';
import type { HttpDeps } from '../server.js';
import { accountsOf } from './runtime.js';

export async function openSession(deps: HttpDeps, req: FastifyRequest, reply: FastifyReply, userId: string, mode: 'cookie' | 'token', method: SignInMethod): Promise<string | undefined> {
  // A browser signing in again (perhaps as someone else) leaves no older session behind.
  if (mode === 'cookie' && req.parley.auth === 'cookie' && req.parley.sessionToken) await endSession(deps, req.parley.sessionToken);
  const session = await createSession(deps, { userId, kind: mode === 'cookie' ? 'cookie' : 'bearer', ip: req.ip, userAgent: req.headers['user-agent'] ?? null, method });
  // Signing in on a site makes one a member there (a commenter), so its admins can find them.
  const site = req.parley.site;
  if (!(await deps.store.getMembership({ siteId: site.id, userId }))) await deps.store.setRole({ siteId: site.id, userId, role: 'commenter', createdAt: deps.clock().toISOString() });
  if (mode === 'token') return session.token;
  reply.setCookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'lax', secure: isSecure(deps, req), path: '/', expires: session.expiresAt });
  return undefined;
}

/** Checks the password (with backoff), then remembers this browser as a device of the account. */
export async function passwordSignIn(deps: HttpDeps, req: FastifyRequest, reply: FastifyReply, login: string, password: string): Promise<User> {
  const { user, deviceCookie } = await signInWithPassword(accountsOf(deps), { login, password, ip: req.ip, deviceCookie: req.cookies[DEVICE_COOKIE] });
  reply.setCookie(DEVICE_COOKIE, deviceCookie, { httpOnly: true, sameSite: 'lax', secure: isSecure(deps, req), path: '/', maxAge: 365 * 86_400 });
  return user;
}
