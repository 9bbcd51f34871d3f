// Editing one's public profile: display name, username and a short bio, under the same rules
// as at sign-up (see names.ts).
import { AppError, type FieldError } from '../../domain/errors.js';
import type { AccountRecord } from '../../store/store.js';
import { recordAudit } from './audit.js';
import type { AccountDeps } from './deps.js';
import { checkDisplayName, checkUsername, normalizeDisplayName } from './names.js';
import { usernameKey } from './usernames.js';

export const MAX_BIO_LENGTH = 500;

export async function updateProfile(
  deps: AccountDeps,
  input: { userId: string; displayName?: string | undefined; username?: string | undefined; bio?: string | undefined; siteId: string | null; ip?: string | null },
): Promise<AccountRecord> {
  const account = await deps.store.getAccount({ userId: input.userId });
  if (!account || account.deletedAt) throw new AppError('unauthenticated');
  const privileged = await deps.store.listPrivilegedNames();
  const problems: FieldError[] = [];
  const set: { displayName?: string; username?: string; usernameKey?: string; bio?: string } = {};

  if (input.displayName !== undefined) {
    const name = normalizeDisplayName(input.displayName);
    const problem = name === null ? { field: 'displayName', code: 'display_name_length', message: 'Use 1 to 60 characters.' } : checkDisplayName(name, { privileged, selfId: account.id });
    if (problem) problems.push(problem);
    else if (name !== account.displayName) set.displayName = name!;
  }
  if (input.username !== undefined && input.username !== account.username) {
    const key = usernameKey(input.username);
    const holder = await deps.store.findUserByUsernameKey({ usernameKey: key });
    const problem = holder && holder.id !== account.id ? { field: 'username', code: 'username_taken', message: 'This username is taken. Try another.' } : checkUsername(input.username, { privileged, selfId: account.id });
    if (problem) problems.push(problem);
    else Object.assign(set, { username: input.username, usernameKey: key });
  }
  if (input.bio !== undefined) {
    const bio = input.bio.normalize('NFKC').replace(/[\p{Cc}\p{Cf}]/gu, (c) => (c === '\n' ? c : '')).trim();
    if (bio.length > MAX_BIO_LENGTH) problems.push({ field: 'bio', code: 'bio_too_long', message: `Keep it under ${MAX_BIO_LENGTH} characters.` });
    else if (bio !== account.bio) set.bio = bio;
  }
  if (problems.length) throw new AppError('validation_failed', { detail: problems.map((p) => p.message).join(' '), fields: problems });
  if (Object.keys(set).length === 0) return account;
  try {
    await deps.store.transaction(async (tx) => {
      await tx.updateAccount({ userId: account.id, set });
      const changed = Object.keys(set).filter((k) => k !== 'usernameKey');
      await recordAudit(tx, deps, { siteId: input.siteId, actorId: account.id, action: 'profile.updated', targetUserId: account.id, details: { changed, ...(set.username ? { fromUsername: account.username } : {}) }, ip: input.ip ?? null });
    });
  } catch (err) {
    if (/unique|duplicate/i.test(String((err as Error).message))) {
      throw new AppError('username_taken', { fields: [{ field: 'username', code: 'username_taken', message: 'This username is taken. Try another.' }] });
    }
    throw err;
  }
  return (await deps.store.getAccount({ userId: account.id }))!;
}
