// Deleting an account, with a grace period.
//
// Asking for deletion signs the account out everywhere and sets a date (PARLEY_DELETION_GRACE_
// DAYS ahead); until then, signing in and choosing "Keep my account" cancels it. On the date,
// `purgeDueAccounts` (run by the server every few minutes, and by `parley accounts purge`):
//   - handles the comments per site, as that site's policy says: "anonymize" keeps the text
//     under "Deleted account"; "remove" wipes the text, leaving a "[deleted]" tombstone where
//     there are replies so threads keep their shape (the same rules as deleting one comment);
//   - drops earlier versions of the comments, sign-in methods, sessions, roles and links;
//   - scrubs the user row (no address, a placeholder name) but keeps it, so the comments that
//     stay, reactions and moderation records still point at a row.
import { AppError } from '../../domain/errors.js';
import type { Comment } from '../../domain/types.js';
import { recordAudit } from '../accounts/audit.js';
import { confirmCurrentPassword } from '../accounts/changePassword.js';
import { link, type AccountDeps, type LinkContext } from '../accounts/deps.js';
import { getSignInSettings } from '../accounts/siteSettings.js';
import { onApprovalChanged, onVisibilityChanged, shouldBeVisible } from '../comments/visibility.js';
import type { ServiceDeps } from '../deps.js';
import { queueMail } from '../mail/outbox.js';
import { deletionScheduledMail } from '../mail/templates.js';

export const DELETED_DISPLAY_NAME = 'Deleted account';

export async function requestAccountDeletion(
  deps: AccountDeps,
  input: { userId: string; currentPassword?: string | undefined; siteId: string | null; links: LinkContext; ip?: string | null },
): Promise<{ dueAt: string }> {
  const account = await deps.store.getAccount({ userId: input.userId });
  if (!account || account.deletedAt) throw new AppError('unauthenticated');
  await confirmCurrentPassword(deps, account.id, input.currentPassword);
  const now = deps.clock();
  const dueAt = new Date(now.getTime() + deps.deletionGraceDays * 86_400_000).toISOString();
  await deps.store.transaction(async (tx) => {
    await tx.updateAccount({ userId: account.id, set: { deletionDueAt: dueAt } });
    await tx.deleteSessionsForUser({ userId: account.id });
    await recordAudit(tx, deps, { siteId: input.siteId, actorId: account.id, action: 'account.deletion_requested', targetUserId: account.id, details: { dueAt }, ip: input.ip ?? null });
    if (account.email && account.emailVerified) {
      const mail = deletionScheduledMail({ siteName: input.links.siteName, name: account.displayName, dueDate: dueAt.slice(0, 10), signInUrl: link(input.links, '/signin', { returnTo: '/account' }) });
      await queueMail(tx, deps, account.email, mail);
    }
  });
  deps.mail.wake();
  return { dueAt };
}

export async function cancelAccountDeletion(deps: AccountDeps, input: { userId: string; siteId: string | null; ip?: string | null }): Promise<void> {
  const account = await deps.store.getAccount({ userId: input.userId });
  if (!account || account.deletedAt) throw new AppError('unauthenticated');
  if (!account.deletionDueAt) return;
  await deps.store.transaction(async (tx) => {
    await tx.updateAccount({ userId: account.id, set: { deletionDueAt: null } });
    await recordAudit(tx, deps, { siteId: input.siteId, actorId: account.id, action: 'account.deletion_cancelled', targetUserId: account.id, ip: input.ip ?? null });
  });
}

const BATCH = 200;

/** Deletes one account now (its grace period is over). Safe to run again if interrupted. */
export async function deleteAccountNow(deps: Pick<ServiceDeps, 'store' | 'clock' | 'newId' | 'events'>, userId: string): Promise<{ removed: number; anonymized: number }> {
  const { store } = deps;
  const account = await store.getAccount({ userId });
  if (!account || account.deletedAt) return { removed: 0, anonymized: 0 };
  const policies = new Map<string, 'anonymize' | 'remove'>();
  const policyFor = async (siteId: string) => {
    if (!policies.has(siteId)) policies.set(siteId, (await getSignInSettings(store, siteId)).deletedAccountComments);
    return policies.get(siteId)!;
  };

  let removed = 0;
  let anonymized = 0;
  const renamedIn = new Map<string, Comment>(); // article id → one anonymized comment there
  let afterId: string | undefined;
  for (;;) {
    const page = await store.listAllCommentsByAuthor({ authorId: userId, limit: BATCH, ...(afterId ? { afterId } : {}) });
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.id;
    const changed: Comment[] = [];
    // Read the policies before the transaction: on SQLite it holds the only connection.
    for (const c of page) await policyFor(c.siteId);
    await store.transaction(async (tx) => {
      for (const c of page) {
        await tx.deleteRevisions({ siteId: c.siteId, commentId: c.id });
        if (c.status === 'deleted') continue;
        if ((await policyFor(c.siteId)) === 'anonymize') {
          anonymized++;
          if (c.visible) renamedIn.set(c.articleId, c);
          continue;
        }
        // Re-read inside the transaction: replies may have arrived since the page was read.
        const current = (await tx.getComment({ siteId: c.siteId, id: c.id }))!;
        const visible = shouldBeVisible('deleted', current.replyCount);
        const now = deps.clock().toISOString();
        await tx.updateComment({ siteId: c.siteId, id: c.id, set: { status: 'deleted', visible, deletedAt: now, bodyMarkdown: '', bodyHtml: '' } });
        await onVisibilityChanged(tx, current, current.visible, visible);
        await onApprovalChanged(tx, current, current.status === 'approved', false);
        await tx.insertModerationAction({
          id: deps.newId(),
          siteId: c.siteId,
          commentId: c.id,
          targetUserId: userId,
          actorId: null,
          action: 'delete',
          phase: null,
          reasonCodes: ['account_deleted'],
          scores: null,
          statement: null,
          createdAt: now,
        });
        changed.push(current);
        removed++;
      }
    });
    for (const c of changed) deps.events.publish({ type: 'comment.deleted', siteId: c.siteId, articleId: c.articleId, commentId: c.id });
    if (page.length < BATCH) break;
  }

  const placeholder = `deleted_${userId.slice(-10).toLowerCase()}`;
  await store.transaction(async (tx) => {
    const now = deps.clock().toISOString();
    await tx.revokeAccountTokens({ userId, purposes: ['verify_email', 'reset_password', 'magic_link', 'change_email', 'claim_profile'], now });
    await tx.deleteSessionsForUser({ userId });
    await tx.deleteIdentitiesForUser({ userId });
    await tx.deleteMembershipsForUser({ userId });
    await tx.setOperator({ userId, isOperator: false });
    await tx.updateAccount({
      userId,
      set: { email: null, emailVerified: false, username: placeholder, usernameKey: placeholder, displayName: DELETED_DISPLAY_NAME, bio: '', status: 'deleted', deletionDueAt: null, deletedAt: now },
    });
    await recordAudit(tx, deps, { siteId: null, actorId: null, action: 'account.deleted', targetUserId: userId, details: { commentsRemoved: removed, commentsAnonymized: anonymized } });
  });
  // Anonymized comments now show another author name: cached pages of those discussions go.
  for (const c of renamedIn.values()) deps.events.publish({ type: 'comment.updated', siteId: c.siteId, articleId: c.articleId, commentId: c.id });
  return { removed, anonymized };
}

/** Deletes every account whose grace period has ended. */
export async function purgeDueAccounts(deps: Pick<ServiceDeps, 'store' | 'clock' | 'newId' | 'events'>, limit = 50): Promise<string[]> {
  const due = await deps.store.listAccountsDueForDeletion({ now: deps.clock().toISOString(), limit });
  for (const account of due) await deleteAccountNow(deps, account.id);
  return due.map((a) => a.id);
}
