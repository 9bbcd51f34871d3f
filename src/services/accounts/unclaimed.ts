// Unclaimed profiles: authors brought in by an import (issue 6) — a users row with status
// 'unclaimed', no identity, and an import_profiles row with the address the old system had.
// Whoever proves they read that address may take the profile over:
//   - if the address is on the profile itself, claiming turns the profile into their account
//     (claimProfile.ts: a password, status 'active', the address confirmed);
//   - if it is only on import_profiles (another account already had the address at import
//     time), confirming the address on that account moves the profile's comments to it.
// Either way import_profiles records who claimed what (store.imports.claimProfiles).
import type { AccountRecord, Store } from '../../store/store.js';

/** An account nobody can sign in to yet: an imported profile, or any address with no identity. */
export async function isUnclaimed(store: Store, account: AccountRecord): Promise<boolean> {
  if (account.deletedAt || account.isOperator || !account.email) return false;
  if (account.status === 'unclaimed') return true;
  return (await store.listIdentities({ userId: account.id })).length === 0;
}

/**
 * Call in the transaction that confirms `email` as `userId`'s: every other unclaimed imported
 * profile with that address hands its comments to the account. Returns how many profiles.
 */
export async function absorbImportedProfiles(tx: Store, input: { userId: string; email: string; now: string }): Promise<number> {
  const profiles = (await tx.imports.findProfilesByEmail({ emails: [input.email] })).filter((p) => p.userId !== input.userId);
  for (const p of profiles) await tx.reassignComments({ fromUserId: p.userId, toUserId: input.userId });
  if (profiles.length) await tx.imports.claimProfiles({ email: input.email, userId: input.userId, claimedAt: input.now });
  return profiles.length;
}
