// Presenting comments for the embed's fragments and the live streams: with their authors, the
// viewer's reactions, and "replying to" when shown beside the parent (below the display depth
// cap, as domain/tree.ts lays out a thread). Loading is separate from presenting, so a live
// update loads once and presents for several kinds of reader.
import type { Actor, Article, Comment, ReactionKind, Site } from '../../domain/types.js';
import type { People } from '../../services/comments/readThread.js';
import type { ServiceDeps } from '../../services/deps.js';
import type { CommentView } from '../api-types.js';
import { presentComment } from '../presenters.js';

/** Whether a comment at this depth is displayed beside (not under) its parent. */
export function isFlat(site: Site, comment: Pick<Comment, 'depth' | 'parentId'>): boolean {
  return comment.parentId !== null && comment.depth > Math.max(1, site.settings.maxDisplayDepth - 1);
}

export interface Loaded {
  people: People;
  /** Parents of flattened comments (to name whom they answer). */
  parents: Map<string, Comment>;
}

/** Authors (and roles) of the comments, and the parents of those shown flattened. */
export async function loadForPresenting(deps: Pick<ServiceDeps, 'store'>, site: Site, comments: readonly Comment[]): Promise<Loaded> {
  const { store } = deps;
  const parentIds = [...new Set(comments.filter((c) => isFlat(site, c)).map((c) => c.parentId!))];
  const parents = parentIds.length ? await store.getComments({ siteId: site.id, ids: parentIds }) : [];
  const ids = [...new Set([...comments, ...parents].map((c) => c.authorId))];
  const [users, roles] = await Promise.all([store.getUsers({ ids }), store.listRoles({ siteId: site.id, userIds: ids })]);
  return {
    people: { users: new Map(users.map((u) => [u.id, u])), roles: new Map(roles.map((m) => [m.userId, m.role])) },
    parents: new Map(parents.map((p) => [p.id, p])),
  };
}

export function presentLoaded(
  ctx: { site: Site; actor: Actor; now: Date },
  article: Article,
  comment: Comment,
  loaded: Loaded,
  myReactions: Map<string, ReactionKind> = new Map(),
): { view: CommentView; flat: boolean } {
  const flat = isFlat(ctx.site, comment);
  const view = presentComment(ctx, { comment, article, people: loaded.people, myReactions, replyingTo: flat ? comment.parentId : null, siblings: loaded.parents });
  return { view, flat };
}

/** One comment as this viewer sees it (the fragment API). */
export async function presentOne(
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  ctx: { site: Site; actor: Actor },
  article: Article,
  comment: Comment,
): Promise<{ view: CommentView; flat: boolean }> {
  const [loaded, myReactions] = await Promise.all([
    loadForPresenting(deps, ctx.site, [comment]),
    ctx.actor.user ? deps.store.listReactions({ siteId: ctx.site.id, userId: ctx.actor.user.id, commentIds: [comment.id] }) : Promise.resolve(new Map<string, ReactionKind>()),
  ]);
  return presentLoaded({ ...ctx, now: deps.clock() }, article, comment, loaded, myReactions);
}
