// Signing a reader in from a verified host-site token: finds or creates their account (see
// externalAccounts.ts for the linking rules), keeps their name and address in step with the
// host site, and applies the role the host asserts.
import type { Site, User } from '../../domain/types.js';
import type { AccountDeps } from '../accounts/deps.js';
import { applyAssertedRole, signInExternal } from '../accounts/externalAccounts.js';
import { checkDisplayName, normalizeDisplayName } from '../accounts/names.js';
import { normalizeEmail } from '../accounts/usernames.js';
import { verifySsoToken } from './verifySsoToken.js';

export async function signInWithSso(deps: AccountDeps, input: { site: Site; token: string; ip?: string | null }): Promise<{ user: User; created: boolean }> {
  const claims = await verifySsoToken(deps, input.site, input.token);
  const { user, created } = await signInExternal(deps, {
    site: input.site,
    ip: input.ip ?? null,
    profile: { provider: `sso:${input.site.id}`, subject: claims.subject, email: claims.email, emailVerified: claims.emailVerified, name: claims.name, preferredUsername: claims.username },
  });
  // The host site is the source of truth for its readers' names and verified addresses.
  if (!created) {
    const account = (await deps.store.getAccount({ userId: user.id }))!;
    const set: { displayName?: string; email?: string; emailVerified?: boolean } = {};
    const name = normalizeDisplayName(claims.name ?? '');
    if (name && name !== account.displayName && !checkDisplayName(name, { privileged: await deps.store.listPrivilegedNames(), selfId: user.id })) set.displayName = name;
    if (claims.email && claims.emailVerified) {
      const email = normalizeEmail(claims.email);
      const holder = email !== account.email ? await deps.store.findUserByEmail({ email }) : undefined;
      if (email !== account.email && !holder) Object.assign(set, { email, emailVerified: true });
    }
    if (Object.keys(set).length) await deps.store.updateAccount({ userId: user.id, set });
  }
  await applyAssertedRole(deps, { site: input.site, userId: user.id, role: claims.role, ceiling: claims.ceiling });
  return { user: (await deps.store.getUser({ id: user.id }))!, created };
}
