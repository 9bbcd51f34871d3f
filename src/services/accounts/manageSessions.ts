// The sessions list: where an account is signed in, with a way to end one or all of them.
import { AppError } from '../../domain/errors.js';
import type { SessionInfo } from '../../store/store.js';
import { recordAudit } from './audit.js';
import type { AccountDeps } from './deps.js';
import { hashToken } from './sessions.js';

export interface SessionView {
  id: string;
  kind: 'cookie' | 'bearer';
  method: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export function presentSession(s: SessionInfo, currentToken: string | null): SessionView {
  return {
    id: s.id,
    kind: s.kind,
    method: s.method,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    expiresAt: s.expiresAt,
    ip: s.ip,
    userAgent: s.userAgent,
    current: currentToken !== null && hashToken(currentToken) === s.id,
  };
}

export async function listSessions(deps: Pick<AccountDeps, 'store' | 'clock'>, input: { userId: string; currentToken: string | null }): Promise<SessionView[]> {
  const now = deps.clock().getTime();
  const sessions = await deps.store.listSessionsForUser({ userId: input.userId });
  return sessions.filter((s) => Date.parse(s.expiresAt) > now).map((s) => presentSession(s, input.currentToken));
}

/** Ends one session of the user (the id is the one listSessions shows). */
export async function revokeSession(deps: AccountDeps, input: { userId: string; sessionId: string; actorId: string; siteId: string | null; ip?: string | null }): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const ended = await tx.deleteSessionForUser({ userId: input.userId, id: input.sessionId });
    if (!ended) throw new AppError('not_found', { detail: 'No such session.' });
    await recordAudit(tx, deps, { siteId: input.siteId, actorId: input.actorId, action: 'session.revoked', targetUserId: input.userId, ip: input.ip ?? null });
  });
}

/** Signs the user out everywhere, or everywhere but the session holding `keepToken`. */
export async function revokeAllSessions(deps: AccountDeps, input: { userId: string; keepToken: string | null; actorId: string; siteId: string | null; ip?: string | null }): Promise<number> {
  return deps.store.transaction(async (tx) => {
    const ended = await tx.deleteSessionsForUser({ userId: input.userId, exceptId: input.keepToken ? hashToken(input.keepToken) : null });
    await recordAudit(tx, deps, { siteId: input.siteId, actorId: input.actorId, action: 'sessions.revoked', targetUserId: input.userId, details: { ended, keptCurrent: input.keepToken !== null }, ip: input.ip ?? null });
    return ended;
  });
}
