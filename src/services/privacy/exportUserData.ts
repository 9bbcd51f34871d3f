// "Download my data": everything Parley holds about a person, as one JSON document. Secrets
// (password hashes, session and link tokens) are not personal data of theirs to take away and
// are left out; everything else is in: the account, how they sign in, roles, sessions, every
// comment on every site with its earlier versions, reactions, reports they filed, moderation
// decisions about them, and the audit log of their account.
import type { Store } from '../../store/store.js';
import type { ServiceDeps } from '../deps.js';

export const ARCHIVE_FORMAT = 'parley-personal-data';
export const ARCHIVE_VERSION = 1;
const PAGE = 1000;
const MAX_ROWS = 100_000;

async function allComments(store: Store, userId: string) {
  const out = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await store.listAllCommentsByAuthor({ authorId: userId, limit: PAGE, ...(afterId ? { afterId } : {}) });
    out.push(...page);
    if (page.length < PAGE || out.length >= MAX_ROWS) return out;
    afterId = page[page.length - 1]!.id;
  }
}

export async function exportUserData(deps: Pick<ServiceDeps, 'store' | 'clock'>, userId: string) {
  const { store } = deps;
  const account = await store.getAccount({ userId });
  if (!account) return null;
  const [identities, memberships, sessions, comments, reactions, reports, decisions, audit, sites] = await Promise.all([
    store.listIdentities({ userId }),
    store.listMemberships({ userId }),
    store.listSessionsForUser({ userId }),
    allComments(store, userId),
    store.listReactionsByUser({ userId, limit: MAX_ROWS }),
    store.listReportsByUser({ userId, limit: MAX_ROWS }),
    store.listModerationActionsAbout({ userId, limit: MAX_ROWS }),
    store.listAudit({ targetUserId: userId, limit: MAX_ROWS }),
    store.listSites(),
  ]);
  const siteSlug = new Map(sites.map((s) => [s.id, s.slug]));
  const articleIds = [...new Set(comments.map((c) => `${c.siteId}\u0000${c.articleId}`))];
  const articles = new Map<string, { slug: string; title: string }>();
  for (const key of articleIds) {
    const [siteId, id] = key.split('\u0000') as [string, string];
    const a = await store.getArticle({ siteId, id });
    if (a) articles.set(id, { slug: a.slug, title: a.title });
  }
  const withRevisions = [];
  for (const c of comments) {
    const revisions = await store.listRevisions({ siteId: c.siteId, commentId: c.id });
    withRevisions.push({
      id: c.id,
      site: siteSlug.get(c.siteId) ?? c.siteId,
      article: { id: c.articleId, ...(articles.get(c.articleId) ?? {}) },
      parentId: c.parentId,
      status: c.status,
      bodyMarkdown: c.bodyMarkdown,
      createdAt: c.createdAt,
      editedAt: c.editedAt,
      deletedAt: c.deletedAt,
      reactionsReceived: { like: c.likeCount, dislike: c.dislikeCount },
      earlierVersions: revisions.map((r) => ({ bodyMarkdown: r.bodyMarkdown, replacedAt: r.createdAt })),
    });
  }
  return {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: deps.clock().toISOString(),
    account: {
      id: account.id,
      email: account.email,
      emailVerified: account.emailVerified,
      username: account.username,
      displayName: account.displayName,
      bio: account.bio,
      isOperator: account.isOperator,
      createdAt: account.createdAt,
      deletionDueAt: account.deletionDueAt,
    },
    signInMethods: identities.map((i) => ({
      provider: i.provider,
      subject: i.provider === 'password' ? null : i.subject,
      hasPassword: i.provider === 'password' ? true : undefined,
      linkedAt: i.createdAt,
    })),
    roles: memberships.map((m) => ({ site: siteSlug.get(m.siteId) ?? m.siteId, role: m.role })),
    sessions: sessions.map((s) => ({ kind: s.kind, method: s.method, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, expiresAt: s.expiresAt, ip: s.ip, userAgent: s.userAgent })),
    comments: withRevisions,
    reactions: reactions.map((r) => ({ site: siteSlug.get(r.siteId) ?? r.siteId, commentId: r.commentId, kind: r.kind, at: r.createdAt })),
    reportsFiled: reports.map((r) => ({ site: siteSlug.get(r.siteId) ?? r.siteId, commentId: r.commentId, reason: r.reason, note: r.note, status: r.status, at: r.createdAt })),
    moderationDecisions: decisions.map((d) => ({
      site: siteSlug.get(d.siteId) ?? d.siteId,
      commentId: d.commentId,
      action: d.action,
      automated: d.actorId === null,
      reasons: d.reasonCodes,
      statement: d.statement,
      at: d.createdAt,
    })),
    accountHistory: audit.map((e) => ({ action: e.action, site: e.siteId ? (siteSlug.get(e.siteId) ?? e.siteId) : null, byThemselves: e.actorId === userId, details: e.details, at: e.createdAt })),
  };
}

export type UserDataArchive = NonNullable<Awaited<ReturnType<typeof exportUserData>>>;
