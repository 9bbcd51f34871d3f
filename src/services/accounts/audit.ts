// The audit log: every change made to people by admins, and each account's security events
// (password, address, sessions, deletion). Written in the transaction of the change itself.
import type { Store } from '../../store/store.js';
import type { ServiceDeps } from '../deps.js';

export type AuditAction =
  | 'role.changed'
  | 'operator.changed'
  | 'sessions.revoked'
  | 'session.revoked'
  | 'password.changed'
  | 'password.reset'
  | 'email.verified'
  | 'email.changed'
  | 'profile.updated'
  | 'profile.claimed'
  | 'identity.linked'
  | 'identity.unlinked'
  | 'account.deletion_requested'
  | 'account.deletion_cancelled'
  | 'account.deleted'
  | 'site.sign_in_settings_changed'
  | 'oidc.provider_added'
  | 'oidc.provider_changed'
  | 'oidc.provider_removed';

export interface AuditEntry {
  siteId: string | null;
  actorId: string | null;
  action: AuditAction;
  targetUserId: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export async function recordAudit(store: Store, deps: Pick<ServiceDeps, 'clock' | 'newId'>, entry: AuditEntry): Promise<void> {
  const now = deps.clock();
  await store.insertAudit({
    id: deps.newId(now.getTime()),
    siteId: entry.siteId,
    actorId: entry.actorId,
    action: entry.action,
    targetUserId: entry.targetUserId,
    details: entry.details ?? {},
    ip: entry.ip ?? null,
    createdAt: now.toISOString(),
  });
}
