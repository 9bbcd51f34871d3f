// The common start of every action on an existing comment: load it and its article within the
// site, and ask the policy whether this actor may see it and do this to it.
import { AppError } from '../../domain/errors.js';
import { commentsOpen } from '../../domain/policies/article.js';
import { authorizeComment, type CommentAction, type CommentPolicyContext } from '../../domain/policies/comment.js';
import type { Actor, Article, Comment, Site } from '../../domain/types.js';
import type { ServiceDeps } from '../deps.js';

export interface CommentInContext {
  comment: Comment;
  article: Article;
  now: Date;
  policy: CommentPolicyContext;
}

export async function loadCommentFor(
  deps: Pick<ServiceDeps, 'store' | 'clock'>,
  input: { site: Site; actor: Actor; commentId: string },
  action: CommentAction,
): Promise<CommentInContext> {
  const { site, actor } = input;
  const now = deps.clock();
  const comment = await deps.store.getComment({ siteId: site.id, id: input.commentId });
  if (!comment) throw new AppError('comment_not_found');
  const article = await deps.store.getArticle({ siteId: site.id, id: comment.articleId });
  if (!article) throw new AppError('comment_not_found');
  const policy = { now, settings: site.settings, articleOpen: commentsOpen(article, now) };
  authorizeComment(actor, 'view', comment, policy);
  authorizeComment(actor, action, comment, policy);
  return { comment, article, now, policy };
}
