// Small reads the account endpoints and pages share.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import { authorizeUser, type UserAction } from '../../domain/policies/user.js';
import type { Role, Site } from '../../domain/types.js';
import { usernameKey } from '../../services/accounts/usernames.js';
import type { AccountRecord, IdentityRecord, OidcProviderRecord } from '../../store/store.js';
import type { HttpDeps } from '../server.js';
import { policyUser } from './presenters.js';

/** Provider and site names for a set of identities. */
export async function namesFor(deps: HttpDeps, identities: IdentityRecord[]) {
  const providers = new Map<string, OidcProviderRecord>();
  for (const i of identities) {
    if (!i.provider.startsWith('oidc:')) continue;
    const p = await deps.store.getOidcProvider({ id: i.provider.slice(5) });
    if (p) providers.set(p.id, p);
  }
  const sites = new Map<string, Site>((await deps.store.listSites()).map((s) => [s.id, s]));
  return { providers, sites };
}

export async function accountByUsername(deps: HttpDeps, username: string): Promise<AccountRecord> {
  const user = await deps.store.findUserByUsernameKey({ usernameKey: usernameKey(username) });
  const account = user && (await deps.store.getAccount({ userId: user.id }));
  if (!account || account.deletedAt) throw new AppError('user_not_found');
  return account;
}

/** Loads a user for an action on them through this site, and asks the user policy. */
export async function targetUser(deps: HttpDeps, req: FastifyRequest, userId: string, action: UserAction): Promise<{ account: AccountRecord; role: Role | null }> {
  const account = await deps.store.getAccount({ userId });
  if (!account) throw new AppError('user_not_found');
  const role = (await deps.store.getMembership({ siteId: req.parley.site.id, userId }))?.role ?? null;
  const refusalTarget = policyUser(account, role);
  // People outside the site are invisible to its admins: "not found" rather than "forbidden".
  try {
    authorizeUser(req.parley.actor, action, refusalTarget);
  } catch (err) {
    if (err instanceof AppError && err.code === 'forbidden' && !req.parley.user?.isOperator && role === null && req.parley.user?.id !== userId) throw new AppError('user_not_found');
    throw err;
  }
  return { account, role };
}
