// Who may do what to a site's people and sign-in settings.
import { AppError } from '../errors.js';
import type { Actor } from '../types.js';
import { hasRole } from './roles.js';

export type SiteAction =
  /** List and search the site's members (the admin users area). */
  | 'listMembers'
  /** List every account on the platform, members of this site or not. */
  | 'listAllUsers'
  /** Read the site's audit log. */
  | 'viewAudit'
  /** Read and change sign-in settings: host-site SSO, OpenID Connect providers, deletion policy. */
  | 'manageSignIn';

export function refuseOnSite(actor: Actor, action: SiteAction): AppError | null {
  if (!actor.user) return new AppError('unauthenticated');
  switch (action) {
    case 'listMembers':
    case 'viewAudit':
    case 'manageSignIn':
      return hasRole(actor, 'admin') ? null : new AppError('forbidden');
    case 'listAllUsers':
      return actor.user.isOperator ? null : new AppError('forbidden');
  }
}

export function canOnSite(actor: Actor, action: SiteAction): boolean {
  return refuseOnSite(actor, action) === null;
}

export function authorizeSite(actor: Actor, action: SiteAction): void {
  const refusal = refuseOnSite(actor, action);
  if (refusal) throw refusal;
}
