// Server-rendered pages. Anonymous article pages (which hold no forms, so no CSRF token) are
// cached with a placeholder for the per-response CSP nonce, filled in on the way out.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { getPermalink, getReadableArticle, listReplies, listThread } from '../services/comments/readThread.js';
import type { ResponseCache } from './cache.js';
import { CSRF_COOKIE, newCsrfCookieValue } from './csrf.js';
import { basePageContext } from './page-context.js';
import { presentArticle, presentComment, presentPending, presentPermalink, presentReplies, presentThread } from './presenters.js';
import { validationError } from './problem.js';
import { isSecure, peopleFor, presentCtx } from './routes.js';
import { Id, Sort } from './schemas.js';
import { articleCacheVariant, articleMeta, renderFrontPage } from './publication/frontPage.js'; // --- publishing (issue 3) ---
import { nonceFor, type HttpDeps } from './server.js';
import { signInOptions } from './accounts/index.js'; // --- accounts (issue 4) ---
import {
  renderArticlePage,
  renderEditCommentPage,
  renderPermalinkPage,
  renderRepliesPage,
  renderSignInPage,
  renderSignUpPage,
} from './views/index.js';

const NONCE_SLOT = 'PARLEYNONCESLOT0';

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
  const article = await getReadableArticle(deps, site, actor, { slug: input.slug });
  const data = await listThread(deps, { site, actor, article, sort: input.sort, cursor: input.after ?? null });
  const pctx = presentCtx(deps, req);
  // --- publishing (issue 3) --- canonical URL, social cards and JSON-LD
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
  // --- publishing (issue 3) --- latest, most discussed now, sections
  app.get('/', async (req, reply) => html(reply, await renderFrontPage(deps, req)));

  app.get('/articles/:slug', async (req, reply) => {
    const { slug } = parse(z.object({ slug: Slug }), req.params, 'params');
    const query = parse(ArticleQuery, req.query, 'query');
    const q = req.query as Record<string, unknown>;
    const cacheable = !req.parley.user && q.notice === undefined && q.error === undefined;
    if (!cacheable) return html(reply, await renderArticle(deps, req, { slug, sort: query.sort, after: query.after }));

    const article = await getReadableArticle(deps, req.parley.site, req.parley.actor, { slug });
    const key = `html|${articleCacheVariant(deps, req, article)}|${query.sort}|${query.after ?? ''}`; // --- publishing (issue 3) ---
    let entry = cache.get(article.id, key);
    if (!entry) {
      req.parley.nonce = NONCE_SLOT;
      const anonCsrf = req.cookies[CSRF_COOKIE];
      delete req.cookies[CSRF_COOKIE]; // render as a visitor holding no token
      const page = await renderArticle(deps, req, { slug, sort: query.sort, after: query.after });
      if (anonCsrf) req.cookies[CSRF_COOKIE] = anonCsrf;
      req.parley.nonce = null;
      entry = cache.set(article.id, key, page, 'text/html; charset=utf-8');
    }
    return html(reply, entry.body.toString('utf8').split(NONCE_SLOT).join(nonceFor(req)));
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
    const options = await signInOptions(deps, req.parley.site); // --- accounts (issue 4) ---
    return html(reply, renderSignInPage(basePageContext(deps, req), { returnTo, options }));
  });

  app.get('/signup', async (req, reply) => {
    const returnTo = safeReturnTo((req.query as Record<string, unknown>).returnTo);
    if (req.parley.user) return reply.redirect(returnTo, 303);
    ensureAnonCsrf(deps, req, reply);
    return html(reply, renderSignUpPage(basePageContext(deps, req), { returnTo }));
  });
}
