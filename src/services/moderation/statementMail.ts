// Statements of reasons by mail (DSA Art. 17): each statement or notice written into a person's
// notices is also mailed to them when their address is confirmed, with a link to the notices
// page where they read it in full and appeal. Queued in the outbox inside the decision's
// transaction, so a mail exists exactly when its statement does; the `moderation.notice` event
// after commit wakes the mail worker.
import type { Statement } from '../../domain/moderation/types.js';
import type { Store } from '../../store/store.js';
import type { ServiceDeps } from '../deps.js';
import { queueMail } from '../mail/outbox.js';
import { moderationNoticeMail } from '../mail/templates.js';

/** Where a person reads their notices: the site's own address, else the installation's. */
export function noticesUrl(base: string | null | undefined, siteSlug: string, statementId: string): string | null {
  if (!base) return null;
  const url = new URL('/notices', base);
  url.searchParams.set('site', siteSlug);
  url.hash = `notice-${statementId}`;
  return url.toString();
}

/** Queues the mail of a statement; returns whether there was a confirmed address to send it to. */
export async function queueStatementMail(tx: Store, deps: Pick<ServiceDeps, 'newId' | 'publicUrl'>, statement: Statement, now: Date): Promise<boolean> {
  const account = await tx.getAccount({ userId: statement.userId });
  if (!account?.email || !account.emailVerified || account.deletedAt) return false;
  const site = await tx.getSite({ id: statement.siteId });
  if (!site) return false;
  const mail = moderationNoticeMail({
    siteName: site.name,
    name: account.displayName,
    notice: statement.body,
    url: noticesUrl(site.publicUrl ?? deps.publicUrl, site.slug, statement.id),
    appealable: statement.appealable,
  });
  await queueMail(tx, { clock: () => now, newId: deps.newId }, account.email, mail);
  return true;
}
