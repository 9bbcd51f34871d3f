// What moderators read: the queues with each comment's story, author and author's record, one
// comment in its thread with its whole moderation history, and the live counts.
import { AppError } from '../../domain/errors.js';
import { QUEUES, type QueueName, type Restriction } from '../../domain/moderation/types.js';
import { restrictionActive } from '../../domain/moderation/types.js';
import { authorizeModeration } from '../../domain/policies/moderation.js';
import type { Actor, Article, Comment, Role, Site, User } from '../../domain/types.js';
import type { ModerationActionRecord } from '../../store/store.js';
import type { QueueQuery, QueueRow, ReportRecord } from '../../store/moderation/store.js';
import type { ServiceDeps } from '../deps.js';
import { siteRuntime } from './runtime.js';
import { normalizedText } from '../../domain/moderation/normalize.js';

export interface AuthorRecord {
  user: User;
  role: Role | null;
  comments: number;
  byStatus: Record<string, number>;
  rejectionRate: number;
  reportsReceived: number;
  accountAgeDays: number;
  restrictions: Restriction[];
}

export interface QueueItem extends QueueRow {
  article: Article | null;
  author: AuthorRecord | null;
  /** Words of the site's lists found in the text (recomputed: lists may have changed). */
  matchedWords: string[];
}

export interface QueuePage {
  queue: QueueName;
  items: QueueItem[];
  nextBefore: string | null;
}

export type QueueFilters = Omit<QueueQuery, 'siteId' | 'queue' | 'limit'> & { limit?: number };

export async function authorRecords(deps: Pick<ServiceDeps, 'store' | 'clock'>, site: Site, userIds: readonly string[]): Promise<Map<string, AuthorRecord>> {
  const ids = [...new Set(userIds)];
  const [users, roles] = await Promise.all([deps.store.getUsers({ ids }), deps.store.listRoles({ siteId: site.id, userIds: ids })]);
  const roleOf = new Map(roles.map((r) => [r.userId, r.role]));
  const now = deps.clock();
  const out = new Map<string, AuthorRecord>();
  await Promise.all(
    users.map(async (user) => {
      const [stats, restrictions] = await Promise.all([
        deps.store.moderation.authorStats({ siteId: site.id, authorId: user.id }),
        deps.store.moderation.listRestrictions({ siteId: site.id, userId: user.id }),
      ]);
      const total = Object.values(stats.byStatus).reduce((a, b) => a + b, 0);
      const removed = (stats.byStatus.rejected ?? 0) + (stats.byStatus.spam ?? 0);
      out.set(user.id, {
        user,
        role: roleOf.get(user.id) ?? null,
        comments: total,
        byStatus: stats.byStatus,
        rejectionRate: total ? Math.round((removed / total) * 1000) / 1000 : 0,
        reportsReceived: stats.reportsReceived,
        accountAgeDays: Math.max(0, Math.floor((now.getTime() - Date.parse(user.createdAt)) / 86_400_000)),
        restrictions: restrictions.filter((r) => restrictionActive(r, now)),
      });
    }),
  );
  return out;
}

export async function listQueue(deps: ServiceDeps, input: { site: Site; actor: Actor; queue: QueueName; filters?: QueueFilters }): Promise<QueuePage> {
  authorizeModeration(input.actor, 'view_queues');
  const limit = Math.min(Math.max(1, input.filters?.limit ?? 25), 100);
  const { limit: _l, ...filters } = input.filters ?? {};
  void _l;
  const rows = await deps.store.moderation.listQueue({ ...filters, siteId: input.site.id, queue: input.queue, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const [articles, authors, runtime] = await Promise.all([
    Promise.all([...new Set(page.map((r) => r.comment.articleId))].map((id) => deps.store.getArticle({ siteId: input.site.id, id }))),
    authorRecords(deps, input.site, page.map((r) => r.comment.authorId)),
    siteRuntime(deps.store, input.site.id),
  ]);
  const articleById = new Map(articles.filter((a): a is Article => a !== undefined).map((a) => [a.id, a]));
  const items = page.map((r) => {
    const n = normalizedText(r.comment.bodyMarkdown);
    const matchedWords = [...runtime.banned.findIn(n), ...runtime.suspect.findIn(n)].map((m) => m.found);
    return { ...r, article: articleById.get(r.comment.articleId) ?? null, author: authors.get(r.comment.authorId) ?? null, matchedWords };
  });
  return { queue: input.queue, items, nextBefore: rows.length > limit ? page[page.length - 1]!.comment.id : null };
}

export async function queueCounts(deps: ServiceDeps, input: { site: Site; actor: Actor; articleId?: string }): Promise<Record<QueueName | 'appeals', number>> {
  authorizeModeration(input.actor, 'view_queues');
  const counts = await Promise.all(
    QUEUES.map((queue) => deps.store.moderation.countQueue({ siteId: input.site.id, queue, ...(input.articleId ? { articleId: input.articleId } : {}) })),
  );
  const appeals = (await deps.store.moderation.listAppeals({ siteId: input.site.id, status: 'open', limit: 1000 })).length;
  return { ...(Object.fromEntries(QUEUES.map((q, i) => [q, counts[i]!])) as Record<QueueName, number>), appeals };
}

export interface CommentDetail {
  comment: Comment;
  article: Article;
  ancestors: Comment[];
  replies: Comment[];
  author: AuthorRecord | null;
  people: Map<string, User>;
  actions: ModerationActionRecord[];
  reports: ReportRecord[];
  moderation: QueueRow['moderation'];
}

export async function commentDetail(deps: ServiceDeps, input: { site: Site; actor: Actor; commentId: string }): Promise<CommentDetail> {
  authorizeModeration(input.actor, 'view_queues');
  const comment = await deps.store.getComment({ siteId: input.site.id, id: input.commentId });
  if (!comment) throw new AppError('comment_not_found');
  const article = await deps.store.getArticle({ siteId: input.site.id, id: comment.articleId });
  if (!article) throw new AppError('comment_not_found');
  const ancestorIds = comment.path.split('.').slice(0, -1);
  const [ancestors, replies, actions, reports, moderation] = await Promise.all([
    deps.store.getComments({ siteId: input.site.id, ids: ancestorIds }),
    deps.store.listSubtree({ siteId: input.site.id, rootId: comment.rootId, path: comment.path, limit: 10 }),
    deps.store.listModerationActions({ siteId: input.site.id, commentId: comment.id }),
    deps.store.moderation.listReports({ siteId: input.site.id, commentId: comment.id }),
    deps.store.moderation.getCommentModeration({ siteId: input.site.id, commentId: comment.id }),
  ]);
  const order = new Map(ancestorIds.map((id, i) => [id, i]));
  ancestors.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const peopleIds = [comment.authorId, ...ancestors.map((c) => c.authorId), ...replies.map((c) => c.authorId), ...actions.map((a) => a.actorId).filter((x): x is string => !!x), ...reports.map((r) => r.reporterId)];
  const [people, authors] = await Promise.all([deps.store.getUsers({ ids: peopleIds }), authorRecords(deps, input.site, [comment.authorId])]);
  return { comment, article, ancestors, replies, author: authors.get(comment.authorId) ?? null, people: new Map(people.map((u) => [u.id, u])), actions, reports, moderation: moderation ?? null };
}
