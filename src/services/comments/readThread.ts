// Reading a discussion. Each read costs a bounded number of indexed queries that depends on the
// page size, never on the size of the thread:
//   1. one page of top-level comments by the chosen order and cursor,
//   2. one UNION ALL query for the first replies of each of them (depth-first by path),
//   3. the authors and their roles, and the viewer's own reactions, for just those comments.
// Plus one for the editors' picks (the article's featured comments, on an index of their own):
// pinned top-level comments head the first page and every featured one is marked. The
// "featured" order lists only those picks, pinned first, a page at a time.
import { AppError } from '../../domain/errors.js';
import { decodeBranchCursor, decodeFeaturedCursor, decodeTopLevelCursor, encodeBranchCursor, encodeFeaturedCursor, encodeTopLevelCursor } from '../../domain/cursor.js';
import { canOnArticle } from '../../domain/policies/article.js';
import { authorizeComment } from '../../domain/policies/comment.js';
import { commentsOpen } from '../../domain/policies/article.js';
import type { Actor, Article, Comment, ReactionKind, Role, Site, SortOrder, User } from '../../domain/types.js';
import type { Store } from '../../store/store.js';
import type { ServiceDeps } from '../deps.js';

export interface People {
  users: Map<string, User>;
  roles: Map<string, Role>;
}

export interface MoreReplies {
  cursor: string;
  count: number;
}

/** The orders a discussion can be read in: the sorts, or only the editors' featured comments. */
export type ThreadOrder = SortOrder | 'featured';

/** An editors' mark on a comment; pinned comments are featured too. */
export type EditorialFlag = 'pinned' | 'featured';

export interface ThreadData {
  article: Article;
  sort: ThreadOrder;
  roots: Comment[];
  /** Replies shown under each root, depth-first. */
  replies: Map<string, Comment[]>;
  moreReplies: Map<string, MoreReplies>;
  nextCursor: string | null;
  people: People;
  myReactions: Map<string, ReactionKind>;
  /** The viewer's own comments awaiting review in this discussion. */
  myPending: Comment[];
  /** Featured and pinned comments among those shown. */
  flags: Map<string, EditorialFlag>;
}

export const MAX_PAGE_SIZE = 100;
/** How many of an article's featured comments a page reads to mark them and head it with pins. */
export const FEATURED_MARK_LIMIT = 100;

const badCursor = (message: string) => new AppError('bad_cursor', { fields: [{ field: 'cursor', code: 'bad_cursor', message }] });

function flagsOf(rows: readonly { comment: Comment; pinnedAt: string | null }[]): Map<string, EditorialFlag> {
  return new Map(rows.map((r) => [r.comment.id, r.pinnedAt ? 'pinned' : 'featured']));
}

async function loadPeople(store: Store, siteId: string, comments: readonly Comment[]): Promise<People> {
  const ids = [...new Set(comments.map((c) => c.authorId))];
  const [users, roles] = await Promise.all([store.getUsers({ ids }), store.listRoles({ siteId, userIds: ids })]);
  return { users: new Map(users.map((u) => [u.id, u])), roles: new Map(roles.map((m) => [m.userId, m.role])) };
}

async function loadMyReactions(store: Store, siteId: string, actor: Actor, comments: readonly Comment[]): Promise<Map<string, ReactionKind>> {
  if (!actor.user || comments.length === 0) return new Map();
  return store.listReactions({ siteId, userId: actor.user.id, commentIds: comments.map((c) => c.id) });
}

export async function getReadableArticle(deps: Pick<ServiceDeps, 'store' | 'clock'>, site: Site, actor: Actor, ref: { id?: string; slug?: string }): Promise<Article> {
  const article = ref.id
    ? await deps.store.getArticle({ siteId: site.id, id: ref.id })
    : await deps.store.getArticleBySlug({ siteId: site.id, slug: ref.slug ?? '' });
  if (!article || !canOnArticle(actor, 'read', article, deps.clock())) throw new AppError('article_not_found');
  return article;
}

export async function listThread(
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  input: { site: Site; actor: Actor; article: Article; sort: ThreadOrder; cursor?: string | null; limit?: number },
): Promise<ThreadData> {
  const { store } = deps;
  const { site, actor, article, sort } = input;
  const limit = Math.min(Math.max(1, input.limit ?? site.settings.pageSize), MAX_PAGE_SIZE);
  if (sort === 'featured') return listFeaturedPage(deps, { ...input, sort, limit });
  let after: { key: number | string; id: string } | undefined;
  if (input.cursor) {
    const c = decodeTopLevelCursor(input.cursor, sort);
    if (!c) throw badCursor('Not a cursor from this list and order.');
    after = { key: c.key, id: c.id };
  }
  // Pinned top-level comments head the first page in every order, and are left out of the
  // ordinary pages (read a few rows more to make up for them), so none appears twice.
  const featured = await store.moderation.listFeatured({ siteId: site.id, articleId: article.id, limit: FEATURED_MARK_LIMIT });
  const pinned = featured.filter((f) => f.pinnedAt !== null && f.comment.depth === 0).map((f) => f.comment);
  const pinnedIds = new Set(pinned.map((c) => c.id));
  const rows = (await store.listTopLevel({ siteId: site.id, articleId: article.id, sort, limit: limit + 1 + pinnedIds.size, ...(after ? { after } : {}) })).filter(
    (c) => !pinnedIds.has(c.id),
  );
  const ordinary = rows.slice(0, limit);
  const last = ordinary[ordinary.length - 1];
  const nextCursor =
    rows.length > limit && last ? encodeTopLevelCursor({ sort, key: sort === 'best' ? last.score : last.createdAt, id: last.id }) : null;
  const roots = after ? ordinary : [...pinned, ...ordinary];

  const perBranch = site.settings.repliesPerBranch;
  const branchRows = await store.listBranches({
    siteId: site.id,
    rootIds: roots.filter((r) => r.descendantCount > 0).map((r) => r.id),
    limitPerBranch: perBranch + 1,
  });
  const replies = new Map<string, Comment[]>();
  for (const c of branchRows) {
    const list = replies.get(c.rootId) ?? [];
    list.push(c);
    replies.set(c.rootId, list);
  }
  const moreReplies = new Map<string, MoreReplies>();
  for (const root of roots) {
    const list = replies.get(root.id);
    if (list && list.length > perBranch) {
      list.length = perBranch;
      const lastShown = list[list.length - 1]!;
      moreReplies.set(root.id, {
        cursor: encodeBranchCursor({ rootId: root.id, path: lastShown.path, seen: perBranch }),
        count: Math.max(1, root.descendantCount - perBranch),
      });
    }
  }
  const myPending = actor.user
    ? await store.listPendingByAuthor({ siteId: site.id, articleId: article.id, authorId: actor.user.id, limit: 20 })
    : [];
  const shown = [...roots, ...[...replies.values()].flat(), ...myPending];
  const [people, myReactions] = await Promise.all([loadPeople(store, site.id, shown), loadMyReactions(store, site.id, actor, shown)]);
  return { article, sort, roots, replies, moreReplies, nextCursor, people, myReactions, myPending, flags: flagsOf(featured) };
}

/** The "Featured" list: the editors' picks alone (replies included), pinned first, by cursor. */
async function listFeaturedPage(
  deps: Pick<ServiceDeps, 'store'>,
  input: { site: Site; actor: Actor; article: Article; sort: 'featured'; cursor?: string | null; limit: number },
): Promise<ThreadData> {
  const { store } = deps;
  const { site, actor, article, limit } = input;
  const after = input.cursor ? decodeFeaturedCursor(input.cursor) : undefined;
  if (input.cursor && !after) throw badCursor('Not a cursor of the featured comments.');
  const rows = await store.moderation.listFeatured({ siteId: site.id, articleId: article.id, limit: limit + 1, ...(after ? { after } : {}) });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last ? encodeFeaturedCursor({ pinned: last.pinnedAt !== null, at: last.pinnedAt ?? last.featuredAt, id: last.comment.id }) : null;
  const roots = page.map((r) => r.comment);
  const myPending = actor.user ? await store.listPendingByAuthor({ siteId: site.id, articleId: article.id, authorId: actor.user.id, limit: 20 }) : [];
  const shown = [...roots, ...myPending];
  const [people, myReactions] = await Promise.all([loadPeople(store, site.id, shown), loadMyReactions(store, site.id, actor, shown)]);
  return { article, sort: 'featured', roots, replies: new Map(), moreReplies: new Map(), nextCursor, people, myReactions, myPending, flags: flagsOf(page) };
}

export interface RepliesData {
  article: Article;
  root: Comment;
  replies: Comment[];
  /** Parents of shown replies that were shown on earlier pages (to name whom they answer). */
  parents: Comment[];
  more: MoreReplies | null;
  people: People;
  myReactions: Map<string, ReactionKind>;
}

/** The continuation of one branch after a "more replies" cursor. */
export async function listReplies(
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  input: { site: Site; actor: Actor; rootId: string; cursor?: string | null; limit?: number },
): Promise<RepliesData> {
  const { store, clock } = deps;
  const { site, actor } = input;
  const root = await store.getComment({ siteId: site.id, id: input.rootId });
  if (!root || root.depth !== 0) throw new AppError('comment_not_found');
  const article = await getReadableArticle(deps, site, actor, { id: root.articleId });
  const now = clock();
  authorizeComment(actor, 'view', root, { now, settings: site.settings, articleOpen: commentsOpen(article, now) });
  let afterPath = root.id;
  let seen = 0;
  if (input.cursor) {
    const c = decodeBranchCursor(input.cursor);
    if (!c || c.rootId !== root.id) throw badCursor('Not a cursor of this branch.');
    afterPath = c.path;
    seen = c.seen;
  }
  const limit = Math.min(Math.max(1, input.limit ?? 50), MAX_PAGE_SIZE);
  const rows = await store.listBranch({ siteId: site.id, rootId: root.id, afterPath, limit: limit + 1 });
  const replies = rows.slice(0, limit);
  const lastShown = replies[replies.length - 1];
  const shownSoFar = seen + replies.length;
  const more =
    rows.length > limit && lastShown
      ? { cursor: encodeBranchCursor({ rootId: root.id, path: lastShown.path, seen: shownSoFar }), count: Math.max(1, root.descendantCount - shownSoFar) }
      : null;
  const shownIds = new Set([root.id, ...replies.map((c) => c.id)]);
  const missingParents = [...new Set(replies.map((c) => c.parentId).filter((id): id is string => id !== null && !shownIds.has(id)))];
  const parents = await store.getComments({ siteId: site.id, ids: missingParents });
  const all = [root, ...replies];
  const [people, myReactions] = await Promise.all([loadPeople(store, site.id, [...all, ...parents]), loadMyReactions(store, site.id, actor, all)]);
  return { article, root, replies, parents, more, people, myReactions };
}

export interface PermalinkData {
  article: Article;
  ancestors: Comment[];
  comment: Comment;
  replies: Comment[];
  people: People;
  myReactions: Map<string, ReactionKind>;
}

export const PERMALINK_REPLY_LIMIT = 50;

/** One comment with the chain of comments above it and the replies below it. */
export async function getPermalink(deps: Pick<ServiceDeps, 'store' | 'clock'>, input: { site: Site; actor: Actor; commentId: string }): Promise<PermalinkData> {
  const { store, clock } = deps;
  const { site, actor } = input;
  const comment = await store.getComment({ siteId: site.id, id: input.commentId });
  if (!comment) throw new AppError('comment_not_found');
  const article = await getReadableArticle(deps, site, actor, { id: comment.articleId });
  const now = clock();
  authorizeComment(actor, 'view', comment, { now, settings: site.settings, articleOpen: commentsOpen(article, now) });
  const ancestorIds = comment.path.split('.').slice(0, -1);
  const [ancestorRows, replies] = await Promise.all([
    store.getComments({ siteId: site.id, ids: ancestorIds }),
    store.listSubtree({ siteId: site.id, rootId: comment.rootId, path: comment.path, limit: PERMALINK_REPLY_LIMIT }),
  ]);
  const byId = new Map(ancestorRows.map((c) => [c.id, c]));
  const ancestors = ancestorIds.map((id) => byId.get(id)).filter((c): c is Comment => c !== undefined);
  const all = [...ancestors, comment, ...replies];
  const [people, myReactions] = await Promise.all([loadPeople(store, site.id, all), loadMyReactions(store, site.id, actor, all)]);
  return { article, ancestors, comment, replies, people, myReactions };
}
