// Pages about one comment: its permalink, the continuation of its replies, and its edit form.
import type { ArticleView, CommentView, PermalinkView, RepliesPage, ThreadNode } from '../../api-types.js';
import { CsrfField, MARKDOWN_HINT } from '../discussion/forms.js';
import { DiscussionRoot, type PageContext, renderPage } from '../layout.js';
import { articlePath, commentActionUrl, commentPagePath } from '../urls.js';
import { discussionProps } from './discussion-props.js';

function ArticleContext({ article }: { article: ArticleView }) {
  return (
    <p class="context-link">
      From the discussion of <a href={articlePath(article.slug)}>{article.title}</a>
    </p>
  );
}

const authorName = (c: CommentView) => c.author?.displayName ?? 'a deleted comment';

/** Ancestors become a single path down to the comment, which keeps its replies. */
export function permalinkTree(view: PermalinkView): ThreadNode[] {
  let node: ThreadNode = { comment: view.comment, replies: view.replies, moreReplies: null };
  for (let i = view.ancestors.length - 1; i >= 0; i--) {
    node = { comment: view.ancestors[i]!, replies: [node], moreReplies: null };
  }
  return [node];
}

export function renderPermalinkPage(ctx: PageContext, p: { article: ArticleView; view: PermalinkView }): string {
  const { article, view } = p;
  const path = commentPagePath(article.slug, view.comment.id);
  const discussion = discussionProps(ctx, article, {
    mode: 'permalink',
    nodes: permalinkTree(view),
    highlight: view.comment.id,
    returnTo: path,
  });
  return renderPage(
    ctx,
    { title: `Comment by ${authorName(view.comment)} on “${article.title}” · ${ctx.siteName}`, path, discussion },
    <>
      <ArticleContext article={article} />
      <DiscussionRoot props={discussion} />
    </>,
  );
}

export function renderRepliesPage(
  ctx: PageContext,
  p: { article: ArticleView; root: CommentView; page: RepliesPage },
): string {
  const { article, root, page } = p;
  const path = commentPagePath(article.slug, root.id);
  const discussion = discussionProps(ctx, article, {
    mode: 'replies',
    nodes: [{ comment: root, replies: page.items, moreReplies: page.moreReplies }],
    returnTo: path,
  });
  return renderPage(
    ctx,
    { title: `Replies to ${authorName(root)} on “${article.title}” · ${ctx.siteName}`, path, discussion, noindex: true },
    <>
      <ArticleContext article={article} />
      <DiscussionRoot props={discussion} />
    </>,
  );
}

export function renderEditCommentPage(
  ctx: PageContext,
  p: { article: ArticleView; comment: CommentView; body: string; error?: string },
): string {
  const { article, comment, error } = p;
  const path = commentActionUrl(comment.id, 'edit');
  return renderPage(
    ctx,
    { title: `Edit your comment · ${ctx.siteName}`, path, noindex: true },
    <div class="narrow">
      <h1 class="page-title">Edit your comment</h1>
      <ArticleContext article={article} />
      <form method="post" action={path} class="comment-form">
        <CsrfField token={ctx.csrf} />
        <label for="edit-body">Your comment</label>
        <textarea
          id="edit-body"
          name="body"
          rows={8}
          required
          defaultValue={p.body}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'edit-error edit-hint' : 'edit-hint'}
        />
        <p id="edit-hint" class="hint">
          {MARKDOWN_HINT}
        </p>
        {error && (
          <p id="edit-error" class="form-error" role="alert">
            {error}
          </p>
        )}
        <p class="form-actions">
          <button type="submit" class="button">
            Save changes
          </button>{' '}
          <a href={comment.permalink}>Cancel</a>
        </p>
      </form>
    </div>,
  );
}
