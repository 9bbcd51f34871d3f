import type { ComponentChildren } from 'preact';
import type { ArticleView, CommentPage, CommentView, SortOrder } from '../../api-types.js';
import type { ComposerState } from '../discussion/types.js';
import { DiscussionRoot, type PageContext, langOf, renderPage } from '../layout.js';
import { articlePath } from '../urls.js';
import { discussionProps } from './discussion-props.js';
import { Story } from './story.js';

export interface ArticlePageProps {
  article: ArticleView;
  page: CommentPage;
  sort: SortOrder;
  myPending: CommentView[];
  /** A plain-form comment the server refused: shown again with its error. */
  composer?: ComposerState | null;
  /** Social cards, the comments feed link and JSON-LD for <head>. */
  head?: ComponentChildren;
}

export function renderArticlePage(ctx: PageContext, p: ArticlePageProps): string {
  const { article, page } = p;
  const path = articlePath(article.slug);
  const discussion = discussionProps(ctx, article, {
    mode: 'article',
    sort: p.sort,
    total: page.total,
    nodes: page.items,
    nextCursor: page.nextCursor,
    pending: p.myPending,
    composer: p.composer ?? null,
    returnTo: path,
  });
  return renderPage(
    ctx,
    { title: `${article.title} · ${ctx.siteName}`, description: article.dek || undefined, path, discussion, head: p.head },
    <>
      <Story article={article} lang={langOf(ctx)} commentCount={page.total} />
      <DiscussionRoot props={discussion} />
    </>,
  );
}
