// Every route, grouped by who may call it. Each group states its auth and rate limits; handlers
// only parse (via the schemas), call a service (which authorizes through the policies), and
// present. Page and form handlers live in pages.ts and forms.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import type { Actor } from '../domain/types.js';
import { createSession, endSession } from '../services/accounts/sessions.js';
import { createComment } from '../services/comments/createComment.js';
import { deleteComment } from '../services/comments/deleteComment.js';
import { reactToComment } from '../services/comments/reactToComment.js';
import { getPermalink, getReadableArticle, listReplies, listThread } from '../services/comments/readThread.js';
import { reportComment } from '../services/comments/reportComment.js';
import { requestSignals } from './request-signals.js';
import { updateComment } from '../services/comments/updateComment.js';
import { sendCached, type ResponseCache } from './cache.js';
import { SESSION_COOKIE } from './csrf.js';
import { registerFormRoutes } from './forms.js';
import { buildOpenApi, renderApiDocs } from './openapi.js';
import { registerPageRoutes } from './pages.js';
import { presentArticle, presentComment, presentMe, presentPermalink, presentReplies, presentThread } from './presenters.js';
import { RouteTable } from './route-kit.js';
import { lastDisplayLevel } from '../domain/tree.js';
import * as S from './schemas.js';
import type { HttpDeps, createSiteResolver } from './server.js';
import { registerStaticRoutes } from './static.js';
import { registerPublication } from './publication/index.js';
import { registerModeration } from './moderation/index.js';
import { warnBeforePosting } from '../services/moderation/warnBeforePosting.js';
import { accountsOf, linksFor, openSession, passwordSignIn, registerAccounts } from './accounts/index.js';
import { registerAccount } from '../services/accounts/registerAccount.js';
import { registerEmbed } from './embed/index.js';

const problem = (description: string) => ({ description, schema: S.Problem, contentType: 'application/problem+json' });
const COMMON_ERRORS = { 400: problem('Invalid input, with field errors'), 404: problem('Not found') };
const WRITE_ERRORS = { ...COMMON_ERRORS, 401: problem('Not signed in'), 403: problem('Not allowed (or CSRF failed)'), 409: problem('Conflict (closed, deleted, edit window)'), 429: problem('Rate limited') };

export function presentCtx(deps: HttpDeps, req: FastifyRequest) {
  return { site: req.parley.site, actor: req.parley.actor, now: deps.clock() };
}

export function requireUser(req: FastifyRequest) {
  if (!req.parley.user) throw new AppError('unauthenticated');
  return req.parley.user;
}

export function isSecure(deps: HttpDeps, req: FastifyRequest): boolean {
  return req.protocol === 'https' || Boolean(deps.config.PUBLIC_URL?.startsWith('https:'));
}

export async function startSession(deps: HttpDeps, req: FastifyRequest, reply: FastifyReply, userId: string, mode: 'cookie' | 'token'): Promise<string | undefined> {
  const session = await createSession(deps, {
    userId,
    kind: mode === 'cookie' ? 'cookie' : 'bearer',
    ip: req.ip,
    userAgent: req.headers['user-agent'] ?? null,
  });
  if (mode === 'token') return session.token;
  reply.setCookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'lax', secure: isSecure(deps, req), path: '/', expires: session.expiresAt });
  return undefined;
}

export async function finishSession(deps: HttpDeps, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (req.parley.sessionToken) await endSession(deps, req.parley.sessionToken);
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function registerRoutes(app: FastifyInstance, deps: HttpDeps, sites: ReturnType<typeof createSiteResolver>): void {
  void sites;
  const routes = new RouteTable(app);
  const { limits, cache } = deps;
  const perIp = (name: 'signInIp' | 'signUpIp' | 'postIp' | 'writeIp') => async (req: FastifyRequest) => limits.consume(name, req.ip);
  const perUser = (name: 'postUser') => async (req: FastifyRequest) => {
    if (req.parley.user) await limits.consume(name, req.parley.user.id);
  };

  // ---- Operations: anyone, no limits -------------------------------------------------------
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await deps.store.ping();
      return { ok: true };
    } catch {
      return reply.code(503).type('application/problem+json').send({ type: 'about:blank', title: 'Database unavailable', status: 503, code: 'unavailable' });
    }
  });
  app.get('/api/openapi.json', async () => buildOpenApi(routes.specs, deps.config.PUBLIC_URL));
  app.get('/api/docs', async (req, reply) => reply.type('text/html; charset=utf-8').send(renderApiDocs(buildOpenApi(routes.specs, deps.config.PUBLIC_URL), req)));
  registerStaticRoutes(app, deps);

  // ---- Public API: anyone; reads. Anonymous responses come from the response cache. -------
  routes.add({
    method: 'GET',
    url: '/api/v1/articles',
    operationId: 'listArticles',
    summary: 'Published articles, newest first',
    tags: ['articles'],
    auth: 'optional',
    query: S.ListArticlesQuery,
    responses: { 200: { description: 'Articles', schema: S.ArticleList } },
    handler: async ({ query, req }) => {
      const articles = await deps.store.listArticles({ siteId: req.parley.site.id, status: 'published', limit: query.limit ?? 20 });
      return { items: articles.map((a) => presentArticle(a, deps.clock())) };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/articles/:articleRef',
    operationId: 'getArticle',
    summary: 'One article, by id or slug',
    tags: ['articles'],
    auth: 'optional',
    params: S.ArticleRef,
    responses: { 200: { description: 'The article', schema: S.Article }, ...COMMON_ERRORS },
    handler: async ({ params, req }) => {
      const { site, actor } = req.parley;
      const byId = await deps.store.getArticle({ siteId: site.id, id: params.articleRef });
      const article = await getReadableArticle(deps, site, actor, byId ? { id: byId.id } : { slug: params.articleRef });
      return presentArticle(article, deps.clock());
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/articles/:articleId/comments',
    operationId: 'listComments',
    summary: 'A page of top-level comments, each with its first replies',
    tags: ['comments'],
    auth: 'optional',
    params: S.ArticleParams,
    query: S.ListCommentsQuery,
    responses: { 200: { description: 'A page of the discussion', schema: S.CommentPage }, ...COMMON_ERRORS },
    handler: async ({ params, query, req, reply }) => {
      const { site, actor } = req.parley;
      const anonymous = !actor.user;
      const key = `json|${query.sort}|${query.limit ?? ''}|${query.cursor ?? ''}`;
      if (anonymous) {
        const hit = cache.get(params.articleId, key);
        if (hit) return sendCached(req, reply, hit);
      }
      const read = async () => {
        const article = await getReadableArticle(deps, site, actor, { id: params.articleId });
        const data = await listThread(deps, { site, actor, article, sort: query.sort, cursor: query.cursor ?? null, ...(query.limit ? { limit: query.limit } : {}) });
        return { articleId: article.id, page: presentThread(presentCtx(deps, req), data) };
      };
      if (!anonymous) return (await read()).page;
      // Readers missing the same entry at once (right after a write) share one read.
      const entry = await cache.fill(params.articleId, key, async () => {
        const { articleId, page } = await read();
        return { articleId, body: JSON.stringify(page), contentType: 'application/json; charset=utf-8' };
      });
      return sendCached(req, reply, entry);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/comments/:commentId',
    operationId: 'getComment',
    summary: 'One comment with its ancestors and replies (permalink view)',
    tags: ['comments'],
    auth: 'optional',
    params: S.CommentParams,
    responses: { 200: { description: 'The comment in context', schema: S.Permalink }, ...COMMON_ERRORS },
    handler: async ({ params, req }) =>
      presentPermalink(presentCtx(deps, req), await getPermalink(deps, { site: req.parley.site, actor: req.parley.actor, commentId: params.commentId })),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/comments/:commentId/replies',
    operationId: 'listReplies',
    summary: 'More replies of a top-level comment, after a cursor',
    tags: ['comments'],
    auth: 'optional',
    params: S.CommentParams,
    query: S.ListRepliesQuery,
    responses: { 200: { description: 'Replies, depth-first', schema: S.RepliesPage }, ...COMMON_ERRORS },
    handler: async ({ params, query, req }) =>
      presentReplies(
        presentCtx(deps, req),
        await listReplies(deps, { site: req.parley.site, actor: req.parley.actor, rootId: params.commentId, cursor: query.cursor ?? null, ...(query.limit ? { limit: query.limit } : {}) }),
      ),
  });

  // ---- Commenter API: signed in (cookie + CSRF, or bearer); posting limited per user and IP.
  routes.add({
    method: 'POST',
    url: '/api/v1/articles/:articleId/comments',
    operationId: 'createComment',
    summary: 'Post a comment, or a reply with parentId',
    tags: ['comments'],
    auth: 'required',
    params: S.ArticleParams,
    body: S.CreateCommentInput,
    before: [perIp('postIp'), perUser('postUser')],
    responses: { 201: { description: 'Created (status may be "pending" when held for review)', schema: S.CommentEnvelope }, ...WRITE_ERRORS },
    handler: async ({ params, body, req, reply }) => {
      requireUser(req);
      const { site, actor } = req.parley;
      await warnBeforePosting(deps, { site, actor, articleId: params.articleId, body: body.body });
      const created = await createComment(deps, { site, actor, articleId: params.articleId, parentId: body.parentId ?? null, body: body.body, client: requestSignals(req) });
      const { comment, article } = created;
      // Below the display cap the new reply is shown flattened, naming whom it answers.
      const flattened = comment.parentId !== null && comment.depth > lastDisplayLevel(site.settings.maxDisplayDepth);
      const parent = flattened ? created.parent : undefined;
      // The author is the caller, already known; only a flattened reply's parent author is read.
      const people = parent && parent.authorId !== comment.authorId ? await peopleFor(deps, site.id, [comment.authorId, parent.authorId]) : peopleOfActor(req.parley.actor);
      reply.code(201);
      return {
        comment: presentComment(presentCtx(deps, req), {
          comment,
          article,
          people,
          myReactions: new Map(),
          ...(parent ? { replyingTo: parent.id, siblings: new Map([[parent.id, parent]]) } : {}),
        }),
      };
    },
  });

  routes.add({
    method: 'PATCH',
    url: '/api/v1/comments/:commentId',
    operationId: 'updateComment',
    summary: 'Edit your comment within the edit window',
    tags: ['comments'],
    auth: 'required',
    params: S.CommentParams,
    body: S.UpdateCommentInput,
    before: [perIp('writeIp')],
    responses: { 200: { description: 'The edited comment', schema: S.CommentEnvelope }, ...WRITE_ERRORS },
    handler: async ({ params, body, req }) => {
      requireUser(req);
      const { site, actor } = req.parley;
      const comment = await updateComment(deps, { site, actor, commentId: params.commentId, body: body.body, client: requestSignals(req) });
      const article = (await deps.store.getArticle({ siteId: site.id, id: comment.articleId }))!;
      const people = await peopleFor(deps, site.id, [comment.authorId]);
      const myReactions = await deps.store.listReactions({ siteId: site.id, userId: actor.user!.id, commentIds: [comment.id] });
      return { comment: presentComment(presentCtx(deps, req), { comment, article, people, myReactions }) };
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/comments/:commentId',
    operationId: 'deleteComment',
    summary: 'Delete your comment (a tombstone stays when it has replies)',
    tags: ['comments'],
    auth: 'required',
    params: S.CommentParams,
    before: [perIp('writeIp')],
    responses: { 200: { description: 'The tombstone, or null when removed entirely', schema: S.NullableCommentEnvelope }, ...WRITE_ERRORS },
    handler: async ({ params, req }) => {
      requireUser(req);
      const { site, actor } = req.parley;
      const after = await deleteComment(deps, { site, actor, commentId: params.commentId });
      if (!after) return { comment: null };
      const article = (await deps.store.getArticle({ siteId: site.id, id: after.articleId }))!;
      return { comment: presentComment(presentCtx(deps, req), { comment: after, article, people: { users: new Map(), roles: new Map() }, myReactions: new Map() }) };
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/v1/comments/:commentId/reaction',
    operationId: 'reactToComment',
    summary: 'Set, switch or remove your reaction',
    tags: ['comments'],
    auth: 'required',
    params: S.CommentParams,
    body: S.ReactInput,
    before: [perIp('writeIp')],
    responses: { 200: { description: 'Counts and your reaction', schema: S.ReactionResult }, ...WRITE_ERRORS },
    handler: async ({ params, body, req }) => {
      requireUser(req);
      return reactToComment(deps, { site: req.parley.site, actor: req.parley.actor, commentId: params.commentId, kind: body.kind });
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/comments/:commentId/reports',
    operationId: 'reportComment',
    summary: 'Report a comment to the moderators',
    tags: ['comments'],
    auth: 'required',
    params: S.CommentParams,
    body: S.ReportInput,
    before: [perIp('writeIp')],
    responses: { 201: { description: 'Reported (reporting twice is accepted once)', schema: S.Ok }, ...WRITE_ERRORS },
    handler: async ({ params, body, req, reply }) => {
      requireUser(req);
      await reportComment(deps, { site: req.parley.site, actor: req.parley.actor, commentId: params.commentId, reason: body.reason, note: body.note ?? null });
      reply.code(201);
      return { ok: true as const };
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/me',
    operationId: 'getMe',
    summary: 'The signed-in account',
    tags: ['accounts'],
    auth: 'required',
    responses: { 200: { description: 'You', schema: S.Me }, 401: problem('Not signed in') },
    handler: async ({ req }) => presentMe(requireUser(req), req.parley.actor),
  });

  // ---- Accounts API: anyone; sign-in and sign-up limited per IP (and per account). --------
  routes.add({
    method: 'POST',
    url: '/api/v1/auth/signup',
    operationId: 'signUp',
    summary: 'Create an account and sign in',
    tags: ['accounts'],
    auth: 'none',
    body: S.SignUpInput,
    before: [perIp('signUpIp')],
    responses: { 201: { description: 'Signed up', schema: S.AuthResult }, 400: problem('Invalid input'), 409: problem('Email or username taken'), 429: problem('Rate limited') },
    handler: async ({ body, req, reply }) => {
      // accounts (issue 4): password list, name rules, confirmation mail, claimable profiles.
      const user = await registerAccount(accountsOf(deps), { site: req.parley.site, email: body.email, username: body.username, displayName: body.displayName, password: body.password, links: linksFor(deps, req) });
      const token = await openSession(deps, req, reply, user.id, body.session, 'sign_up');
      reply.code(201);
      return { user: presentMe(user, { user, role: 'commenter' }), ...(token ? { token } : {}) };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/auth/signin',
    operationId: 'signIn',
    summary: 'Sign in with email (or username) and password',
    tags: ['accounts'],
    auth: 'none',
    body: S.SignInInput,
    before: [perIp('signInIp')],
    responses: { 200: { description: 'Signed in', schema: S.AuthResult }, 400: problem('Invalid input'), 401: problem('Wrong credentials'), 429: problem('Rate limited') },
    handler: async ({ body, req, reply }) => {
      // accounts (issue 4): backoff per account and IP that the owner's own devices bypass.
      const user = await passwordSignIn(deps, req, reply, body.email, body.password);
      const token = await openSession(deps, req, reply, user.id, body.session, 'password');
      const role = (await deps.store.getMembership({ siteId: req.parley.site.id, userId: user.id }))?.role ?? 'commenter';
      return { user: presentMe(user, { user, role }), ...(token ? { token } : {}) };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/auth/signout',
    operationId: 'signOut',
    summary: 'End this session (cookie or bearer token)',
    tags: ['accounts'],
    auth: 'optional',
    body: z.object({}).optional(),
    responses: { 200: { description: 'Signed out', schema: S.Ok } },
    handler: async ({ req, reply }) => {
      await finishSession(deps, req, reply);
      return { ok: true as const };
    },
  });

  // ---- Pages and plain-form posts: anyone reads; forms need CSRF and the same limits. ------
  registerPageRoutes(app, deps, cache);
  registerFormRoutes(app, deps);

  // ---- Publication: section, tag, author and search pages, feeds, sitemaps, robots.txt and
  // uploaded images are public reads (feeds and sitemaps cached a minute). The editor (/editor,
  // plain forms with CSRF) and the CMS API (upsertArticle, getArticleByExternalId,
  // unpublishArticle, previewArticle, uploadImage) need staff, moderator or admin of the site;
  // their writes are limited per IP (writeIp). See src/http/publication/.
  registerPublication(app, deps, routes);

  // ---- Accounts: emailed-link flows (password reset, sign-in link, address confirmation and
  // change, claiming imported profiles) and host-site SSO are open to anyone, limited per IP
  // (signInIp) and, for mail, per address. Profiles and avatars are public reads. "My account"
  // routes (/api/v1/me/…, /account) need the signed-in owner, writes limited per IP (writeIp).
  // The admin users area and sign-in settings (/api/v1/admin/…, /admin/…) need admin of the
  // site or operator, writes per IP (writeIp). OpenID Connect under /auth/oidc. Every change to
  // people is audited. See src/http/accounts/.
  registerAccounts(app, routes, deps);

  // ---- Moderation: the Moderator API (/api/v1/moderation/…: queues, counts, actions on
  // comments, restrictions, story modes, appeals, transparency, settings, models) and the
  // moderation pages (/moderation/…, plain forms with CSRF) need moderator or admin of the site
  // (operators everywhere; settings and models: admin), limited to 300 requests a minute per
  // moderator. Commenters' preview before posting, notices, appeals and warning acknowledgements
  // (/api/v1/…/preview, /api/v1/me/moderation…, /notices) need the signed-in person, writes
  // limited per IP (writeIp). Featured comments are a public read. See src/http/moderation/.
  registerModeration(app, routes, deps, perIp('writeIp'));

  // ---- Embed and live updates. embed.js, count.js and the frame's files: anyone, static,
  // loadable from any origin. The frame page (/embed/frame): anyone, rendered as a signed-out
  // reader, framable only by the page's origin when the site allows it (frame-ancestors). The
  // frame's fragment API (/api/v1/embed/threads…, /comments…): reads as anyone, writes with a
  // bearer token, limited like the JSON API (postIp + postUser; writeIp). Counts
  // (/api/v1/embed/counts): anyone, CORS for allowed origins. Sign-in popup (/embed/signin):
  // first-party page, form posts with CSRF, limited like sign-in (signInIp, and the per-account backoff of passwordSignIn); its
  // hand-off (/api/v1/embed/token) per IP (writeIp). Live streams (/api/v1/articles/:id/events):
  // anyone, capped per process. See src/http/embed/ and docs/embed.md.
  registerEmbed(app, deps, routes);
}

/** The people map of a response naming only the caller (who is signed in). */
export function peopleOfActor(actor: Actor) {
  const user = actor.user!;
  return { users: new Map([[user.id, user]]), roles: new Map([[user.id, actor.role ?? 'commenter']]) };
}

export async function peopleFor(deps: HttpDeps, siteId: string, userIds: string[]) {
  const [users, roles] = await Promise.all([deps.store.getUsers({ ids: userIds }), deps.store.listRoles({ siteId, userIds })]);
  return { users: new Map(users.map((u) => [u.id, u])), roles: new Map(roles.map((m) => [m.userId, m.role])) };
}

export type { ResponseCache };
