// The frame's fragment API (issue 7): what the article page's client does through the JSON API,
// answered with the HTML to put in place, rendered by the article page's components in the
// frame's language. Reads as anyone (the bearer token, when sent, personalizes them); writes
// as a signed-in reader with a bearer token, limited like the JSON API.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import type { Translator } from '../../i18n/translate.js';
import { createComment } from '../../services/comments/createComment.js';
import { deleteComment } from '../../services/comments/deleteComment.js';
import { getPermalink, getReadableArticle, listReplies, listThread } from '../../services/comments/readThread.js';
import { updateComment } from '../../services/comments/updateComment.js';
import type { ThreadNode } from '../api-types.js';
import { presentArticle, presentComment, presentPending, presentPermalink, presentReplies, presentThread } from '../presenters.js';
import { presentCtx, requireUser } from '../routes.js';
import { requestSignals } from '../request-signals.js';
import type { RouteTable } from '../route-kit.js';
import * as S from '../schemas.js';
import type { HttpDeps } from '../server.js';
import { embedDiscussionProps, renderCard, renderDiscussion, renderMoreReplies, renderThreadItems } from '../views/pages/embed/fragments.js';
import { fragmentContext, languageOf, type SettingsCache } from './context.js';
import { presentOne } from './present.js';
import * as E from './schemas.js';

const problem = (description: string) => ({ description, schema: S.Problem, contentType: 'application/problem+json' });
const READ_ERRORS = { 400: problem('Invalid input'), 404: problem('Not found') };
const WRITE_ERRORS = { ...READ_ERRORS, 401: problem('Not signed in'), 403: problem('Not allowed'), 409: problem('Conflict (closed, deleted, edit window)'), 422: problem('Comment refused'), 429: problem('Rate limited') };

const sortLabel = (t: Translator, sort: string) => (sort === 'newest' ? t('Newest') : sort === 'oldest' ? t('Oldest') : t('Best')).toLowerCase();
/** What the frame announces when the reader switches order (or to the featured comments). */
const sortAnnouncement = (t: Translator, sort: string) => (sort === 'featured' ? t('Showing featured comments.') : t('Comments sorted by {sort}.', { sort: sortLabel(t, sort) }));

export function registerEmbedFragments(routes: RouteTable, deps: HttpDeps, settingsFor: SettingsCache): void {
  const perIp = (name: 'postIp' | 'writeIp') => async (req: FastifyRequest) => deps.limits.consume(name, req.ip);
  const perUser = async (req: FastifyRequest) => {
    if (req.parley.user) await deps.limits.consume('postUser', req.parley.user.id);
  };
  const langOf = async (req: FastifyRequest, lang: string | undefined) => languageOf(req, lang, await settingsFor(req.parley.site.id));
  const heading = (t: Translator, n: number) => t.n(n, '{n} comment', '{n} comments');

  routes.add({
    method: 'GET',
    url: '/api/v1/embed/threads/:articleId',
    operationId: 'embedThread',
    summary: "The frame's discussion as this reader sees it (first page, in the chosen order)",
    tags: ['embed'],
    auth: 'optional',
    params: S.ArticleParams,
    query: E.ThreadQuery,
    responses: { 200: { description: 'The discussion section', schema: E.ThreadFragment }, ...READ_ERRORS },
    handler: async ({ params, query, req }) => {
      const { site, actor, user } = req.parley;
      const lang = await langOf(req, query.lang);
      const article = await getReadableArticle(deps, site, actor, { id: params.articleId });
      const data = await listThread(deps, { site, actor, article, sort: query.sort });
      const pctx = presentCtx(deps, req);
      const props = embedDiscussionProps({
        lang,
        article: presentArticle(article, pctx.now),
        page: presentThread(pctx, data),
        sort: query.sort,
        pending: presentPending(pctx, data),
        signedIn: user !== null,
      });
      const t = fragmentContext(presentArticle(article, pctx.now), lang).t;
      return {
        html: renderDiscussion(t, props),
        me: user ? { displayName: user.displayName } : null,
        announce: sortAnnouncement(t, query.sort),
      };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/embed/threads/:articleId/page',
    operationId: 'embedThreadPage',
    summary: 'The next page of top-level comments, as thread items',
    tags: ['embed'],
    auth: 'optional',
    params: S.ArticleParams,
    query: E.PageQuery,
    responses: { 200: { description: 'Thread items', schema: E.PageFragment }, ...READ_ERRORS },
    handler: async ({ params, query, req }) => {
      const { site, actor } = req.parley;
      const article = await getReadableArticle(deps, site, actor, { id: params.articleId });
      const data = await listThread(deps, { site, actor, article, sort: query.sort, cursor: query.cursor });
      const pctx = presentCtx(deps, req);
      const page = presentThread(pctx, data);
      const ctx = fragmentContext(presentArticle(article, pctx.now), await langOf(req, query.lang));
      return {
        html: renderThreadItems(ctx, page.items, false),
        nextCursor: page.nextCursor,
        announce: ctx.t.n(page.items.length, '{n} more comment loaded.', '{n} more comments loaded.'),
      };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/embed/comments/:commentId/replies',
    operationId: 'embedReplies',
    summary: 'More replies of a branch, as thread items',
    tags: ['embed'],
    auth: 'optional',
    params: S.CommentParams,
    query: E.RepliesQuery,
    responses: { 200: { description: 'Thread items and the next "more replies" link', schema: E.RepliesFragment }, ...READ_ERRORS },
    handler: async ({ params, query, req }) => {
      const { site, actor } = req.parley;
      const data = await listReplies(deps, { site, actor, rootId: params.commentId, cursor: query.cursor });
      const pctx = presentCtx(deps, req);
      const page = presentReplies(pctx, data);
      const ctx = fragmentContext(presentArticle(data.article, pctx.now), await langOf(req, query.lang));
      const root: ThreadNode = {
        comment: presentComment(pctx, { comment: data.root, article: data.article, people: data.people, myReactions: data.myReactions }),
        replies: [],
        moreReplies: page.moreReplies,
      };
      return {
        html: renderThreadItems(ctx, page.items, true),
        more: renderMoreReplies(ctx, root),
        announce: ctx.t.n(page.items.length, '{n} more reply loaded.', '{n} more replies loaded.'),
      };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/embed/comments/:commentId/branch',
    operationId: 'embedBranch',
    summary: 'A comment with its ancestors and replies, as one top-level thread item (permalinks)',
    tags: ['embed'],
    auth: 'optional',
    params: S.CommentParams,
    query: E.LangQuery,
    responses: { 200: { description: 'The branch', schema: E.BranchFragment }, ...READ_ERRORS },
    handler: async ({ params, query, req }) => {
      const { site, actor } = req.parley;
      const data = await getPermalink(deps, { site, actor, commentId: params.commentId });
      const pctx = presentCtx(deps, req);
      const view = presentPermalink(pctx, data);
      let node: ThreadNode = { comment: view.comment, replies: view.replies, moreReplies: null };
      for (const a of [...view.ancestors].reverse()) node = { comment: a, replies: [node], moreReplies: null };
      const ctx = fragmentContext(presentArticle(data.article, pctx.now), await langOf(req, query.lang));
      return { rootId: node.comment.id, html: renderThreadItems(ctx, [node], false) };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/embed/threads/:articleId/comments',
    operationId: 'embedCreateComment',
    summary: 'Post a comment or reply from the frame; answers with its thread item',
    tags: ['embed'],
    auth: 'required',
    params: S.ArticleParams,
    query: E.LangQuery,
    body: S.CreateCommentInput,
    before: [perIp('postIp'), perUser],
    responses: { 201: { description: 'Posted (status may be "pending")', schema: E.PostedFragment }, ...WRITE_ERRORS },
    handler: async ({ params, query, body, req, reply }) => {
      requireUser(req);
      const { site, actor } = req.parley;
      const { comment } = await createComment(deps, { site, actor, articleId: params.articleId, parentId: body.parentId ?? null, body: body.body, client: requestSignals(req) });
      const article = (await deps.store.getArticle({ siteId: site.id, id: comment.articleId }))!;
      const { view, flat } = await presentOne(deps, { site, actor }, article, comment);
      const ctx = fragmentContext(presentArticle(article, deps.clock()), await langOf(req, query.lang));
      const { t } = ctx;
      reply.code(201);
      return {
        id: comment.id,
        parentId: comment.parentId,
        flat,
        status: comment.status,
        html: renderThreadItems(ctx, [{ comment: view, replies: [], moreReplies: null }], comment.parentId !== null),
        heading: heading(t, article.commentCount),
        announce: comment.status === 'pending' ? t('Your comment is awaiting review.') : comment.parentId ? t('Your reply was posted.') : t('Your comment was posted.'),
      };
    },
  });

  routes.add({
    method: 'PATCH',
    url: '/api/v1/embed/comments/:commentId',
    operationId: 'embedUpdateComment',
    summary: 'Edit your comment from the frame; answers with its card',
    tags: ['embed'],
    auth: 'required',
    params: S.CommentParams,
    query: E.LangQuery,
    body: S.UpdateCommentInput,
    before: [perIp('writeIp')],
    responses: { 200: { description: 'The edited card', schema: E.ChangedFragment }, ...WRITE_ERRORS },
    handler: async ({ params, query, body, req }) => {
      requireUser(req);
      const { site, actor } = req.parley;
      const comment = await updateComment(deps, { site, actor, commentId: params.commentId, body: body.body, client: requestSignals(req) });
      const article = (await deps.store.getArticle({ siteId: site.id, id: comment.articleId }))!;
      const { view } = await presentOne(deps, { site, actor }, article, comment);
      const ctx = fragmentContext(presentArticle(article, deps.clock()), await langOf(req, query.lang));
      return { html: renderCard(ctx, view), announce: ctx.t('Your changes were saved.') };
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/embed/comments/:commentId',
    operationId: 'embedDeleteComment',
    summary: 'Delete your comment from the frame; answers with the tombstone card, or nothing',
    tags: ['embed'],
    auth: 'required',
    params: S.CommentParams,
    query: E.LangQuery,
    before: [perIp('writeIp')],
    responses: { 200: { description: 'The tombstone card, or "" when the comment is gone', schema: E.ChangedFragment }, ...WRITE_ERRORS },
    handler: async ({ params, query, req }) => {
      requireUser(req);
      const { site, actor } = req.parley;
      const existing = await deps.store.getComment({ siteId: site.id, id: params.commentId });
      if (!existing) throw new AppError('comment_not_found');
      const after = await deleteComment(deps, { site, actor, commentId: params.commentId });
      const article = (await deps.store.getArticle({ siteId: site.id, id: existing.articleId }))!;
      const ctx = fragmentContext(presentArticle(article, deps.clock()), await langOf(req, query.lang));
      const html = after ? renderCard(ctx, (await presentOne(deps, { site, actor }, article, after)).view) : '';
      return { html, heading: heading(ctx.t, article.commentCount), announce: ctx.t('Your comment was deleted.') };
    },
  });
}
