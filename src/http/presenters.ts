// Presenters: the only way domain objects become JSON. Public views carry no private fields
// (emails, report details); each comment carries the viewer's abilities on it.
import { commentAbilities, type CommentPolicyContext } from '../domain/policies/comment.js';
import { commentsOpen } from '../domain/policies/article.js';
import { buildForest, type TreeNode } from '../domain/tree.js';
import type { Actor, Article, Comment, ReactionKind, Site, User } from '../domain/types.js';
import type { EditorialFlag, MoreReplies, People, PermalinkData, RepliesData, ThreadData } from '../services/comments/readThread.js';
import type { ArticleView, AuthorView, CommentPage, CommentView, MeView, PermalinkView, RepliesPage, ThreadNode } from './api-types.js';

export interface PresentContext {
  site: Site;
  actor: Actor;
  now: Date;
}

function policyContext(ctx: PresentContext, article: Article): CommentPolicyContext {
  return { now: ctx.now, settings: ctx.site.settings, articleOpen: commentsOpen(article, ctx.now) };
}

export function articleUrl(article: Pick<Article, 'slug'>): string {
  return `/articles/${encodeURIComponent(article.slug)}`;
}

function presentAuthor(people: People, userId: string): AuthorView | null {
  const user = people.users.get(userId);
  if (!user) return null;
  const role = people.roles.get(userId);
  const badge = role === 'staff' || role === 'moderator' || role === 'admin' ? role : null;
  return { id: user.id, username: user.username, displayName: user.displayName, badge };
}

interface CommentPresentInput {
  comment: Comment;
  article: Article;
  people: People;
  myReactions: Map<string, ReactionKind>;
  replyingTo?: string | null;
  /** Comments of the same response, to name the parent a flattened reply answers. */
  siblings?: Map<string, Comment>;
  /** The editors' marks on comments of this response (featured, pinned). */
  flags?: Map<string, EditorialFlag>;
}

export function presentComment(ctx: PresentContext, input: CommentPresentInput, policyCtx = policyContext(ctx, input.article)): CommentView {
  const { comment, article, people } = input;
  const tombstone = comment.status === 'deleted' || (comment.status === 'rejected' && comment.visible);
  const abilities = tombstone
    ? { reply: false, edit: false, delete: false, react: false, report: false }
    : commentAbilities(ctx.actor, comment, policyCtx);
  const replyingToUser = input.replyingTo ? replyingTo(people, input.replyingTo, input.siblings) : null;
  return {
    id: comment.id,
    articleId: comment.articleId,
    parentId: comment.parentId,
    depth: comment.depth,
    author: tombstone ? null : presentAuthor(people, comment.authorId),
    html: tombstone ? '' : comment.bodyHtml,
    status: comment.status,
    tombstone,
    createdAt: comment.createdAt,
    editedAt: comment.editedAt,
    reactions: { like: comment.likeCount, dislike: comment.dislikeCount },
    myReaction: input.myReactions.get(comment.id) ?? null,
    replyCount: comment.replyCount,
    abilities,
    replyingTo: replyingToUser,
    permalink: `${articleUrl(article)}/comments/${comment.id}`,
    source: abilities.edit ? comment.bodyMarkdown : null,
    // A removed comment's tombstone may say why (set only when the site shows reasons)
    ...(tombstone && comment.status === 'rejected' && comment.removalReason ? { removalReason: comment.removalReason } : {}),
    ...flagFields(tombstone ? undefined : input.flags?.get(comment.id)),
  };
}

function flagFields(flag: EditorialFlag | undefined): Pick<CommentView, 'featured' | 'pinned'> {
  return flag === 'pinned' ? { featured: true, pinned: true } : flag === 'featured' ? { featured: true } : {};
}

function replyingTo(people: People, parentId: string, siblings: Map<string, Comment> | undefined): { id: string; username: string } {
  const parent = siblings?.get(parentId);
  const user = parent && parent.status !== 'deleted' ? people.users.get(parent.authorId) : undefined;
  return { id: parentId, username: user?.username ?? 'deleted' };
}

function presentForest(
  ctx: PresentContext,
  forest: TreeNode<Comment>[],
  base: Omit<CommentPresentInput, 'comment'>,
  siblings: Map<string, Comment>,
  more: Map<string, MoreReplies>,
): ThreadNode[] {
  const pctx = policyContext(ctx, base.article);
  const walk = (nodes: TreeNode<Comment>[]): ThreadNode[] =>
    nodes.map((node) => ({
      comment: presentComment(ctx, { ...base, comment: node.item, replyingTo: node.replyingTo, siblings }, pctx),
      replies: walk(node.children),
      moreReplies: more.get(node.item.id) ?? null,
    }));
  return walk(forest);
}

export function presentThread(ctx: PresentContext, data: ThreadData): CommentPage {
  const maxDepth = ctx.site.settings.maxDisplayDepth;
  const base = { article: data.article, people: data.people, myReactions: data.myReactions, flags: data.flags };
  const page = (items: ThreadNode[]): CommentPage => ({ articleId: data.article.id, sort: data.sort, total: data.article.commentCount, items, nextCursor: data.nextCursor });
  // The editors' picks stand alone (a featured reply too); each links to its place in the thread.
  if (data.sort === 'featured') return page(data.roots.map((comment) => ({ comment: presentComment(ctx, { ...base, comment }), replies: [], moreReplies: null })));
  const items: ThreadNode[] = [];
  for (const root of data.roots) {
    const branch = [root, ...(data.replies.get(root.id) ?? [])];
    const siblings = new Map(branch.map((c) => [c.id, c]));
    items.push(...presentForest(ctx, buildForest(branch, maxDepth, null), base, siblings, data.moreReplies));
  }
  return page(items);
}

export function presentPending(ctx: PresentContext, data: Pick<ThreadData, 'article' | 'people' | 'myReactions' | 'myPending'>): CommentView[] {
  return data.myPending.map((comment) => presentComment(ctx, { comment, article: data.article, people: data.people, myReactions: data.myReactions }));
}

export function presentReplies(ctx: PresentContext, data: RepliesData): RepliesPage {
  const siblings = new Map([data.root, ...data.parents, ...data.replies].map((c) => [c.id, c]));
  const base = { article: data.article, people: data.people, myReactions: data.myReactions };
  return {
    rootId: data.root.id,
    items: presentForest(ctx, buildForest(data.replies, ctx.site.settings.maxDisplayDepth, data.root.id), base, siblings, new Map()),
    moreReplies: data.more,
  };
}

export function presentPermalink(ctx: PresentContext, data: PermalinkData): PermalinkView {
  const base = { article: data.article, people: data.people, myReactions: data.myReactions };
  const siblings = new Map([...data.ancestors, data.comment, ...data.replies].map((c) => [c.id, c]));
  // Replies under the linked comment nest relative to it, with the same display cap.
  const headAt = data.comment.path.length - data.comment.id.length;
  const rebased = data.replies.map((c) => ({ ...c, depth: c.depth - data.comment.depth, path: c.path.slice(headAt) }));
  const forest = buildForest(rebased, ctx.site.settings.maxDisplayDepth, data.comment.id).map(function restore(n): TreeNode<Comment> {
    return { ...n, item: siblings.get(n.item.id)!, children: n.children.map(restore) };
  });
  return {
    ancestors: data.ancestors.map((comment) => presentComment(ctx, { comment, article: data.article, people: data.people, myReactions: data.myReactions })),
    comment: presentComment(ctx, { ...base, comment: data.comment }),
    replies: presentForest(ctx, forest, base, siblings, new Map()),
  };
}

export function presentArticle(article: Article, now: Date): ArticleView {
  return {
    id: article.id,
    slug: article.slug,
    url: articleUrl(article),
    title: article.title,
    dek: article.dek,
    html: article.bodyHtml,
    leadImage: article.leadImage,
    authors: article.authors,
    tags: article.tags,
    section: article.section,
    publishedAt: article.publishedAt,
    updatedAt: article.updatedAt,
    commentsOpen: commentsOpen(article, now),
    commentsMode: article.commentsMode,
    commentCount: article.commentCount,
  };
}

export function presentMe(user: User, actor: Actor): MeView {
  return { id: user.id, username: user.username, displayName: user.displayName, email: user.email, role: actor.role, isOperator: user.isOperator };
}
