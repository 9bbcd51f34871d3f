// Builds the Discussion props a page serializes: only what the browser needs.
import type { ArticleView } from '../../api-types.js';
import type { DiscussionProps } from '../discussion/types.js';
import { type PageContext, langOf } from '../layout.js';

type ThreadPart = Pick<DiscussionProps, 'mode' | 'nodes' | 'returnTo'> & Partial<DiscussionProps>;

export function discussionProps(ctx: PageContext, article: ArticleView, part: ThreadPart): DiscussionProps {
  return {
    lang: langOf(ctx),
    csrf: ctx.csrf,
    signedIn: ctx.me !== null,
    article: {
      id: article.id,
      slug: article.slug,
      title: article.title,
      commentsOpen: article.commentsOpen,
      commentsMode: article.commentsMode,
    },
    sort: 'best',
    total: article.commentCount,
    nextCursor: null,
    pending: [],
    composer: null,
    highlight: null,
    ...part,
  };
}
