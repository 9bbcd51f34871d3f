// Server-rendered pages. Anonymous article pages (which hold no forms, so no CSRF token) are
// cached as finished bytes: their scripts are all files of this origin and their inline <script>
// elements are data (the hydration state, JSON-LD), so they need no CSP nonce (`script-src
// 'self'`, nothing inline runs), and a cached page can be sent, and compressed, as it is.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import type { Article } from '../domain/types.js';
import { getPermalink, getReadableArticle, listReplies, listThread } from '../services/comments/readThread.js';
import { sendCached, type ResponseCache } from './cache.js';
import { CSRF_COOKIE, newCsrfCookieValue } from './csrf.js';
import { basePageContext } from './page-context.js';
import { presentArticle, presentComment, presentPending, presentPermalink, presentReplies, presentThread } from './presenters.js';
import { validationError } from './problem.js';
import { isSecure, peopleFor, presentCtx } from './routes.js';
import { Id, Sort } from './schemas.js';
import { publicBase } from './publication/base.js';
import { articleMeta, renderFrontPage } from './publication/frontPage.js';
import { NO_NONCE, type HttpDeps } from './server.js';
import { signInOptions } from './accounts/index.js';
import {
  renderArticlePage,
  renderEditCommentPage,
  renderPermalinkPage,
  renderRepliesPage,
  renderSignInPage,
  renderSignUpPage,
} from './views/index.js';

const Slug = z.string().min(1).max(200);
const ArticleQuery = z.object({ sort: Sort.catch('best'), after: z.string().max(4096).optional() });

function parse<T extends z.ZodType>(schema: T, value: unknown, where: 'query' | 'params'): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(where, r.error);
  return r.data;
}

export function safeReturnTo(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\') || value.length > 1000) return fallback;
  return value;
}

export function html(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

/** Gives a signed-out visitor a CSRF cookie so the form on this page can be posted. */
export function ensureAnonCsrf(deps: HttpDeps, req: FastifyRequest, reply: FastifyReply): void {
  if (req.parley.user || req.cookies[CSRF_COOKIE]) return;
  const value = newCsrfCookieValue();
  req.cookies[CSRF_COOKIE] = value;
  reply.setCookie(CSRF_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure: isSecure(deps, req), path: '/' });
}

export async function renderArticle(
  deps: HttpDeps,
  req: FastifyRequest,
  input: { slug: string; sort: z.output<typeof Sort>; after?: string | undefined; composer?: { parentId: string | null; body: string; error: string } | null },
): Promise<string> {
  const { site, actor } = req.parley;
  return renderReadableArticle(deps, req, await getReadableArticle(deps, site, actor, { slug: input.slug }), input);
}

async function renderReadableArticle(
  deps: HttpDeps,
  req: FastifyRequest,
  article: Article,
  input: { sort: z.output<typeof Sort>; after?: string | undefined; composer?: { parentId: string | null; body: string; error: string } | null },
): Promise<string> {
  const { site, actor } = req.parley;
  const data = await listThread(deps, { site, actor, article, sort: input.sort, cursor: input.after ?? null });
  const pctx = presentCtx(deps, req);
  // Canonical URL, social cards and JSON-LD
  const articleView = presentArticle(article, pctx.now);
  const page = presentThread(pctx, data);
  const meta = articleMeta(deps, req, articleView, page);
  return renderArticlePage(basePageContext(deps, req, { canonicalUrl: meta.canonicalUrl }), {
    article: articleView,
    page,
    head: meta.head,
    sort: input.sort,
    myPending: presentPending(pctx, data),
    composer: input.composer ?? null,
  });
}

export function registerPageRoutes(app: FastifyInstance, deps: HttpDeps, cache: ResponseCache): void {
  // Latest, most discussed now, sections
  app.get('/', async (req, reply) => html(reply, await renderFrontPage(deps, req)));

  app.get('/articles/:slug', async (req, reply) => {
    const { slug } = parse(z.object({ slug: Slug }), req.params, 'params');
    const query = parse(ArticleQuery, req.query, 'query');
    const q = req.query as Record<string, unknown>;
    const cacheable = !req.parley.user && q.notice === undefined && q.error === undefined;
    if (!cacheable) return html(reply, await renderArticle(deps, req, { slug, sort: query.sort, after: query.after }));

    // Found by site and slug, so a hit asks the database nothing. Absolute URLs in the page
    // (canonical, social cards) depend on the public base.
    const { site, actor } = req.parley;
    const alias = `${site.id}|${slug}`;
    const key = `html|${publicBase(deps, req)}|${query.sort}|${query.after ?? ''}`;
    let entry = cache.lookup(alias, key);
    if (!entry) {
      const { id } = await getReadableArticle(deps, site, actor, { slug });
      entry = await cache.fill(
        id,
        key,
        async () => {
          // Rendered after the fill started, so it is not older than the last write it heard of.
          const article = await getReadableArticle(deps, site, actor, { slug });
          req.parley.nonce = NO_NONCE;
          const anonCsrf = req.cookies[CSRF_COOKIE];
          delete req.cookies[CSRF_COOKIE]; // render as a visitor holding no token
          try {
            const body = await renderReadableArticle(deps, req, article, { sort: query.sort, after: query.after });
            return { articleId: article.id, body, contentType: 'text/html; charset=utf-8' };
          } finally {
            if (anonCsrf) req.cookies[CSRF_COOKIE] = anonCsrf;
            req.parley.nonce = null;
          }
        },
        alias,
      );
    }
    reply.header('cache-control', 'no-cache').header('vary', 'cookie');
    return sendCached(req, reply, entry);
  });

  app.get('/articles/:slug/comments/:commentId', async (req, reply) => {
    const { slug, commentId } = parse(z.object({ slug: Slug, commentId: Id }), req.params, 'params');
    const { site, actor } = req.parley;
    const data = await getPermalink(deps, { site, actor, commentId });
    if (data.article.slug !== slug) return reply.redirect(`/articles/${encodeURIComponent(data.article.slug)}/comments/${commentId}`, 301);
    const pctx = presentCtx(deps, req);
    return html(reply, renderPermalinkPage(basePageContext(deps, req), { article: presentArticle(data.article, pctx.now), view: presentPermalink(pctx, data) }));
  });

  app.get('/articles/:slug/comments/:commentId/replies', async (req, reply) => {
    const { commentId } = parse(z.object({ slug: Slug, commentId: Id }), req.params, 'params');
    const { cursor } = parse(z.object({ cursor: z.string().max(4096).optional() }), req.query, 'query');
    const { site, actor } = req.parley;
    const data = await listReplies(deps, { site, actor, rootId: commentId, cursor: cursor ?? null });
    const pctx = presentCtx(deps, req);
    const root = presentComment(pctx, { comment: data.root, article: data.article, people: data.people, myReactions: data.myReactions });
    return html(reply, renderRepliesPage(basePageContext(deps, req), { article: presentArticle(data.article, pctx.now), root, page: presentReplies(pctx, data) }));
  });

  app.get('/comments/:commentId/edit', async (req, reply) => {
    const { commentId } = parse(z.object({ commentId: Id }), req.params, 'params');
    const { site, actor, user } = req.parley;
    if (!user) return reply.redirect(`/signin?returnTo=${encodeURIComponent(req.url)}`, 303);
    const comment = await deps.store.getComment({ siteId: site.id, id: commentId });
    if (!comment) throw new AppError('comment_not_found');
    const article = await getReadableArticle(deps, site, actor, { id: comment.articleId });
    const pctx = presentCtx(deps, req);
    const view = presentComment(pctx, { comment, article, people: await peopleFor(deps, site.id, [comment.authorId]), myReactions: new Map() });
    if (!view.abilities.edit) throw new AppError(comment.authorId === user.id ? 'edit_window_closed' : 'forbidden');
    return html(reply, renderEditCommentPage(basePageContext(deps, req), { article: presentArticle(article, pctx.now), comment: view, body: comment.bodyMarkdown }));
  });

  app.get('/signin', async (req, reply) => {
    const returnTo = safeReturnTo((req.query as Record<string, unknown>).returnTo);
    if (req.parley.user) return reply.redirect(returnTo, 303);
    ensureAnonCsrf(deps, req, reply);
    const options = await signInOptions(deps, req.parley.site);
    return html(reply, renderSignInPage(basePageContext(deps, req), { returnTo, options }));
  });

  app.get('/signup', async (req, reply) => {
    const returnTo = safeReturnTo((req.query as Record<string, unknown>).returnTo);
    if (req.parley.user) return reply.redirect(returnTo, 303);
    ensureAnonCsrf(deps, req, reply);
    return html(reply, renderSignUpPage(basePageContext(deps, req), { returnTo }));
  });
}
