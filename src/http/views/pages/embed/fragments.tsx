// Pieces of a discussion the embed swaps into its frame (issue 7): rendered on the server by the
// article page's own components, in the frame's language, so the frame ships no rendering code.
import { renderToString } from 'preact-render-to-string';
import type { ArticleView, CommentPage, CommentView, SortOrder, ThreadNode } from '../../../api-types.js';
import type { Translator } from '../../../../i18n/translate.js';
import { commentCard, MoreReplies, ThreadList } from '../../discussion/Comment.js';
import { DiscussionContext, type DiscussionEnv } from '../../discussion/context.js';
import { Discussion } from '../../discussion/Discussion.js';
import { reactionCounts } from '../../discussion/forms.js';
import { I18nContext } from '../../discussion/i18n.js';
import type { DiscussionArticle, DiscussionProps } from '../../discussion/types.js';
import type { ComponentChildren } from 'preact';

export interface FragmentContext {
  t: Translator;
  lang: string;
  article: DiscussionArticle;
  /** Path the forms' returnTo fields carry (unused by the embed, kept for the markup contract). */
  returnTo: string;
}

const noop = () => {};

function envOf(ctx: FragmentContext): DiscussionEnv {
  return {
    api: null,
    csrf: '',
    lang: ctx.lang,
    now: null,
    article: ctx.article,
    returnTo: ctx.returnTo,
    composer: null,
    highlight: null,
    dispatch: noop,
    announce: noop,
    focus: noop,
    t: ctx.t,
  };
}

function inContext(ctx: FragmentContext, children: ComponentChildren): string {
  return renderToString(
    <I18nContext.Provider value={ctx.t}>
      <DiscussionContext.Provider value={envOf(ctx)}>{children}</DiscussionContext.Provider>
    </I18nContext.Provider>,
  );
}

/** `<ol class="thread|replies">` of thread items; the frame moves its `<li>`s where they belong. */
export function renderThreadItems(ctx: FragmentContext, nodes: ThreadNode[], nested: boolean): string {
  return nodes.length ? inContext(ctx, <ThreadList nodes={nodes} nested={nested} />) : '';
}

/** One comment's `<article>` card. */
export function renderCard(ctx: FragmentContext, comment: CommentView): string {
  return inContext(ctx, commentCard(comment, envOf(ctx)));
}

/** The "Show N more replies" paragraph of a branch, or '' when it is complete. */
export function renderMoreReplies(ctx: FragmentContext, node: ThreadNode): string {
  return node.moreReplies ? inContext(ctx, <MoreReplies node={node} />) : '';
}

/** The whole discussion section, as the article page renders it, in the frame's language. */
export function renderDiscussion(t: Translator, props: DiscussionProps): string {
  return renderToString(
    <I18nContext.Provider value={t}>
      <Discussion {...props} />
    </I18nContext.Provider>,
  );
}

export function reactionText(t: Translator, like: number, dislike: number): string {
  return reactionCounts(t, like, dislike);
}

/** Discussion props of the embed: the article page's, without CSRF (the embed uses tokens). */
export function embedDiscussionProps(input: {
  lang: string;
  article: ArticleView;
  page: CommentPage;
  sort: SortOrder;
  pending: CommentView[];
  signedIn: boolean;
  highlight?: string | null;
}): DiscussionProps {
  const { article, page } = input;
  return {
    mode: 'article',
    lang: input.lang,
    csrf: '',
    signedIn: input.signedIn,
    article: { id: article.id, slug: article.slug, title: article.title, commentsOpen: article.commentsOpen, commentsMode: article.commentsMode },
    sort: input.sort,
    total: page.total,
    nodes: page.items,
    nextCursor: page.nextCursor,
    pending: input.pending,
    composer: null,
    highlight: input.highlight ?? null,
    returnTo: article.url,
  };
}
