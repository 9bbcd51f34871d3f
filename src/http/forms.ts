// Plain HTML form posts, so every action works with JavaScript off. Each answers with a 303
// redirect back to where the reader was, or re-renders the form with the error next to it.
// CSRF is checked for all of them by the server's preHandler; limits match the JSON API.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, isAppError } from '../domain/errors.js';
import { registerAccount } from '../services/accounts/registerAccount.js';
import { accountsOf, linksFor, openSession, passwordSignIn, signInOptions } from './accounts/index.js';
import { createComment } from '../services/comments/createComment.js';
import { deleteComment } from '../services/comments/deleteComment.js';
import { reactToComment } from '../services/comments/reactToComment.js';
import { reportComment } from '../services/comments/reportComment.js';
import { updateComment } from '../services/comments/updateComment.js';
import { warnBeforePosting } from '../services/moderation/warnBeforePosting.js';
import { basePageContext } from './page-context.js';
import { ensureAnonCsrf, html, renderArticle, safeReturnTo } from './pages.js';
import { articleUrl, presentArticle, presentComment } from './presenters.js';
import { validationError } from './problem.js';
import { requestSignals } from './request-signals.js';
import { finishSession, peopleFor, presentCtx } from './routes.js';
import { Id, Password, ReactionKind, ReportReason, Username } from './schemas.js';
import type { HttpDeps } from './server.js';
import { renderEditCommentPage, renderSignInPage, renderSignUpPage } from './views/index.js';

const Text = (max: number) => z.string().max(max).default('');

function parseForm<T extends z.ZodType>(schema: T, req: FastifyRequest): z.output<T> {
  const r = schema.safeParse(req.body ?? {});
  if (!r.success) throw validationError('body', r.error);
  return r.data;
}

function errorMessage(err: AppError): string {
  return err.fields?.map((f) => f.message).join(' ') || err.detail || err.message;
}

/** Runs a form action; an error that is not specifically handled redirects back with its code. */
async function formAction(req: FastifyRequest, reply: FastifyReply, back: string, action: () => Promise<FastifyReply | string>): Promise<FastifyReply> {
  try {
    const result = await action();
    return typeof result === 'string' ? reply.redirect(result, 303) : result;
  } catch (err) {
    if (!isAppError(err) || err.status >= 500 || err.code === 'csrf_failed') throw err;
    if (err.code === 'unauthenticated') return reply.redirect(`/signin?returnTo=${encodeURIComponent(back)}`, 303);
    const sep = back.includes('?') ? '&' : '?';
    const [path, hash] = back.split('#');
    return reply.redirect(`${path}${sep}error=${err.code}${hash ? `#${hash}` : ''}`, 303);
  }
}

/**
 * The page a form was posted from, when it is a page of this site: a reader who reacts on the
 * second page of a discussion goes back to that page, not the first.
 */
function refererPath(req: FastifyRequest): string | undefined {
  const referer = req.headers.referer;
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    if (url.host !== req.host) return undefined;
    return safeReturnTo(url.pathname + url.search, '') || undefined;
  } catch {
    return undefined;
  }
}

async function commentContext(deps: HttpDeps, req: FastifyRequest, commentId: string) {
  const comment = await deps.store.getComment({ siteId: req.parley.site.id, id: commentId });
  if (!comment) throw new AppError('comment_not_found');
  const article = await deps.store.getArticle({ siteId: req.parley.site.id, id: comment.articleId });
  if (!article) throw new AppError('comment_not_found');
  const page = refererPath(req) ?? articleUrl(article);
  return { comment, article, page, back: `${page}#comment-${comment.id}` };
}

/** Adds a notice to a path that may already have a query and a fragment. */
function withNotice(path: string, notice: string): string {
  const [base, hash] = path.split('#');
  const sep = base!.includes('?') ? '&' : '?';
  return `${base}${sep}notice=${notice}${hash ? `#${hash}` : ''}`;
}

export function registerFormRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { limits } = deps;

  app.post('/articles/:slug/comments', async (req, reply) => {
    const { slug } = z.object({ slug: z.string().max(200) }).parse(req.params);
    const form = parseForm(z.object({ body: Text(100_000), parentId: Id.or(z.literal('')).optional(), returnTo: z.string().optional() }), req);
    const parentId = form.parentId || null;
    const back = safeReturnTo(form.returnTo, refererPath(req) ?? `/articles/${encodeURIComponent(slug)}`);
    if (!req.parley.user) return reply.redirect(`/signin?returnTo=${encodeURIComponent(back)}`, 303);
    try {
      await limits.consume('postIp', req.ip);
      await limits.consume('postUser', req.parley.user.id);
      const article = await deps.store.getArticleBySlug({ siteId: req.parley.site.id, slug });
      if (!article) throw new AppError('article_not_found');
      await warnBeforePosting(deps, { site: req.parley.site, actor: req.parley.actor, articleId: article.id, body: form.body });
      const { comment } = await createComment(deps, { site: req.parley.site, actor: req.parley.actor, articleId: article.id, parentId, body: form.body, client: requestSignals(req) });
      const notice = comment.status === 'approved' ? 'posted' : 'pending';
      const [path] = back.split('#');
      const sep = path!.includes('?') ? '&' : '?';
      return reply.redirect(`${path}${sep}notice=${notice}#comment-${comment.id}`, 303);
    } catch (err) {
      if (!isAppError(err) || err.status >= 500 || ['article_not_found', 'unauthenticated', 'csrf_failed'].includes(err.code)) throw err;
      // Keep what the reader wrote and show the problem next to the form.
      const page = await renderArticle(deps, req, { slug, sort: 'best', composer: { parentId, body: form.body, error: errorMessage(err) } });
      return html(reply, page, err.status);
    }
  });

  app.post('/comments/:commentId/edit', async (req, reply) => {
    const { commentId } = z.object({ commentId: Id }).parse(req.params);
    const form = parseForm(z.object({ body: Text(100_000) }), req);
    const { comment, article, back } = await commentContext(deps, req, commentId);
    // The edit page itself is not where the reader returns to: back to the article.
    const returnTo = back.startsWith('/comments/') ? `${articleUrl(article)}#comment-${commentId}` : back;
    try {
      await limits.consume('writeIp', req.ip);
      await updateComment(deps, { site: req.parley.site, actor: req.parley.actor, commentId, body: form.body, client: requestSignals(req) });
      return reply.redirect(withNotice(returnTo, 'edited'), 303);
    } catch (err) {
      if (!isAppError(err) || !['comment_empty', 'comment_too_long', 'validation_failed'].includes(err.code)) {
        return formAction(req, reply, back, async () => {
          throw err;
        });
      }
      const pctx = presentCtx(deps, req);
      const view = presentComment(pctx, { comment, article, people: await peopleFor(deps, req.parley.site.id, [comment.authorId]), myReactions: new Map() });
      return html(reply, renderEditCommentPage(basePageContext(deps, req), { article: presentArticle(article, pctx.now), comment: view, body: form.body, error: errorMessage(err) }), err.status);
    }
  });

  app.post('/comments/:commentId/delete', async (req, reply) => {
    const { commentId } = z.object({ commentId: Id }).parse(req.params);
    const { page, back } = await commentContext(deps, req, commentId);
    return formAction(req, reply, back, async () => {
      await limits.consume('writeIp', req.ip);
      await deleteComment(deps, { site: req.parley.site, actor: req.parley.actor, commentId });
      return withNotice(`${page}#comments`, 'deleted');
    });
  });

  app.post('/comments/:commentId/react', async (req, reply) => {
    const { commentId } = z.object({ commentId: Id }).parse(req.params);
    const form = parseForm(z.object({ kind: ReactionKind, returnTo: z.string().optional() }), req);
    const { back } = await commentContext(deps, req, commentId);
    const target = safeReturnTo(form.returnTo, back);
    return formAction(req, reply, target, async () => {
      await limits.consume('writeIp', req.ip);
      const user = req.parley.user;
      if (!user) throw new AppError('unauthenticated');
      // The button toggles: the same reaction again removes it.
      const current = await deps.store.getReaction({ siteId: req.parley.site.id, commentId, userId: user.id });
      await reactToComment(deps, { site: req.parley.site, actor: req.parley.actor, commentId, kind: current === form.kind ? null : form.kind });
      return target.includes('#') ? target : `${target}#comment-${commentId}`;
    });
  });

  app.post('/comments/:commentId/report', async (req, reply) => {
    const { commentId } = z.object({ commentId: Id }).parse(req.params);
    const form = parseForm(z.object({ reason: ReportReason, note: Text(2000) }), req);
    const { back } = await commentContext(deps, req, commentId);
    return formAction(req, reply, back, async () => {
      await limits.consume('writeIp', req.ip);
      await reportComment(deps, { site: req.parley.site, actor: req.parley.actor, commentId, reason: form.reason, note: form.note || null });
      return withNotice(back, 'reported');
    });
  });

  app.post('/signin', async (req, reply) => {
    const form = parseForm(z.object({ email: Text(254), password: Text(200), returnTo: z.string().optional() }), req);
    const returnTo = safeReturnTo(form.returnTo);
    try {
      await limits.consume('signInIp', req.ip);
      // accounts (issue 4): backoff per account and IP that the owner's own devices bypass.
      const user = await passwordSignIn(deps, req, reply, form.email, form.password);
      await openSession(deps, req, reply, user.id, 'cookie', 'password');
      return reply.redirect(withNotice(returnTo, 'signed_in'), 303);
    } catch (err) {
      if (!isAppError(err) || err.status >= 500) throw err;
      ensureAnonCsrf(deps, req, reply);
      const options = await signInOptions(deps, req.parley.site);
      return html(reply, renderSignInPage(basePageContext(deps, req), { returnTo, email: form.email, error: errorMessage(err), options }), err.status);
    }
  });

  app.post('/signup', async (req, reply) => {
    const raw = parseForm(z.object({ email: Text(254), username: Text(100), displayName: Text(100), password: Text(200), returnTo: z.string().optional() }), req);
    const returnTo = safeReturnTo(raw.returnTo);
    const values = { email: raw.email, username: raw.username, displayName: raw.displayName };
    const checked = z
      .object({ email: z.email('Enter a valid email address').max(254), username: Username, displayName: z.string().trim().max(60), password: Password })
      .safeParse(raw);
    const renderErrors = (errors: Record<string, string>, status: number) => {
      ensureAnonCsrf(deps, req, reply);
      return html(reply, renderSignUpPage(basePageContext(deps, req), { returnTo, values, errors }), status);
    };
    if (!checked.success) {
      return renderErrors(Object.fromEntries(checked.error.issues.map((i) => [String(i.path[0] ?? 'form'), i.message])), 400);
    }
    try {
      await limits.consume('signUpIp', req.ip);
      // accounts (issue 4): password list, name rules, confirmation mail, claimable profiles.
      const user = await registerAccount(accountsOf(deps), { site: req.parley.site, ...checked.data, links: linksFor(deps, req) });
      await openSession(deps, req, reply, user.id, 'cookie', 'sign_up');
      return reply.redirect(withNotice(returnTo, 'signed_up'), 303);
    } catch (err) {
      if (!isAppError(err) || err.status >= 500) throw err;
      const errors = err.fields?.length ? Object.fromEntries(err.fields.map((f) => [f.field, f.message])) : { form: errorMessage(err) };
      return renderErrors(errors, err.status);
    }
  });

  app.post('/signout', async (req, reply) => {
    const form = parseForm(z.object({ returnTo: z.string().optional() }), req);
    await finishSession(deps, req, reply);
    return reply.redirect(withNotice(safeReturnTo(form.returnTo), 'signed_out'), 303);
  });
}
