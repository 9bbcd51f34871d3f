// The moderation pages and their plain-form posts (work without JavaScript; every post answers
// with a 303 back to where the moderator was). CSRF is checked by the server for every post.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, isAppError } from '../../domain/errors.js';
import type { QueueName } from '../../domain/moderation/types.js';
import { canModerate } from '../../domain/policies/moderation.js';
import { createAppeal, decideAppeal } from '../../services/moderation/appeals.js';
import { markNoticesRead, myModeration } from '../../services/moderation/notices.js';
import { authorRecords, commentDetail, listQueue, queueCounts } from '../../services/moderation/queue.js';
import { acknowledgeWarning, liftRestriction, restrictUser } from '../../services/moderation/restrictUser.js';
import { siteRuntime } from '../../services/moderation/runtime.js';
import { getModerationSettings, publicSettings, saveModerationSettings, trainModel } from '../../services/moderation/settings.js';
import { setStoryMode } from '../../services/moderation/storyMode.js';
import { transparencyReport } from '../../services/moderation/transparency.js';
import { basePageContext } from '../page-context.js';
import { html, safeReturnTo } from '../pages.js';
import { validationError } from '../problem.js';
import { Id } from '../schemas.js';
import type { HttpDeps } from '../server.js';
import { renderAppealsPage, renderSettingsPage, renderTransparencyPage } from '../views/pages/moderation/admin.js';
import { renderCommentDetailPage, renderUserPage } from '../views/pages/moderation/detail.js';
import { renderNoticesPage } from '../views/pages/moderation/notices.js';
import { renderQueuePage } from '../views/pages/moderation/queue.js';
import { applyCommentAction, dateRange, moderatorLimiter, type ModeratorAction } from './api.js';
import { presentAppeal, presentAuthorRecord, presentCommentDetail, presentMyModeration, presentQueueItem, presentRestriction } from './presenters.js';
import { QueueQuery, RemovalReason } from './schemas.js';

const ENHANCE_JS = readFileSync(fileURLToPath(new URL('./assets/moderation.js', import.meta.url)), 'utf8');
const QueueParam = z.object({ queue: z.enum(['pending', 'reported', 'unmoderated', 'rejected', 'all']) });
const lines = (v: unknown) => (typeof v === 'string' ? v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean) : []);
const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

function parse<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' | 'params'): z.output<T> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw validationError(where, r.error);
  return r.data;
}

function withParam(path: string, key: string, value: string): string {
  const [base, hash] = path.split('#');
  const sep = base!.includes('?') ? '&' : '?';
  return `${base}${sep}${key}=${encodeURIComponent(value)}${hash ? `#${hash}` : ''}`;
}

/** Runs a moderator's form action; known errors go back to the page as ?error=code. */
async function formAction(req: FastifyRequest, reply: FastifyReply, back: string, action: () => Promise<string>): Promise<FastifyReply> {
  try {
    return reply.redirect(await action(), 303);
  } catch (err) {
    if (!isAppError(err) || err.status >= 500 || err.code === 'csrf_failed') throw err;
    if (err.code === 'unauthenticated') return reply.redirect(`/signin?returnTo=${encodeURIComponent(back)}`, 303);
    return reply.redirect(withParam(back, 'error', err.code), 303);
  }
}

export function registerModerationPages(app: FastifyInstance, deps: HttpDeps): void {
  const limit = moderatorLimiter(deps.config.PARLEY_RATE_LIMITS);
  /** Signed-in moderators only; others are sent to sign in or refused. */
  const gate = async (req: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    if (!req.parley.user) {
      await reply.redirect(`/signin?returnTo=${encodeURIComponent(req.url)}`, 303);
      return false;
    }
    await limit(req);
    return true;
  };
  const ctxFor = (req: FastifyRequest) => basePageContext(deps, req);
  const counts = (req: FastifyRequest) => queueCounts(deps, { site: req.parley.site, actor: req.parley.actor });

  app.get('/moderation', async (_req, reply) => reply.redirect('/moderation/pending', 302));

  // Keyboard shortcuts and live counts (progressive enhancement; see assets/moderation.js).
  app.get('/moderation/enhance.js', async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(ENHANCE_JS),
  );

  app.get('/moderation/:queue', async (req, reply) => {
    const { queue } = parse(QueueParam, req.params, 'params');
    if (!(await gate(req, reply))) return reply;
    const q = parse(QueueQuery, Object.fromEntries(Object.entries(req.query as Record<string, unknown>).map(([k, v]) => [k, emptyToUndefined(v)])), 'query');
    const minScore = q.minSpam !== undefined ? { kind: 'spam' as const, value: q.minSpam } : q.minToxicity !== undefined ? { kind: 'toxicity' as const, value: q.minToxicity } : undefined;
    const { site, actor } = req.parley;
    const [page, c, articles] = await Promise.all([
      listQueue(deps, {
        site,
        actor,
        queue: queue as QueueName,
        filters: {
          ...(q.articleId ? { articleId: q.articleId } : {}),
          ...(q.authorId ? { authorId: q.authorId } : {}),
          ...(q.reason ? { reason: q.reason } : {}),
          ...(minScore ? { minScore } : {}),
          ...(q.q ? { search: q.q } : {}),
          ...(q.before ? { before: q.before } : {}),
        },
      }),
      counts(req),
      deps.store.listArticles({ siteId: site.id, limit: 100 }),
    ]);
    const filters = { articleId: q.articleId, authorId: q.authorId, reason: q.reason, minToxicity: q.minToxicity, minSpam: q.minSpam, q: q.q };
    return html(
      reply,
      renderQueuePage(ctxFor(req), {
        queue: queue as QueueName,
        items: page.items.map(presentQueueItem),
        nextBefore: page.nextBefore,
        counts: c,
        filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
        articles: articles.map((a) => ({ id: a.id, title: a.title })),
        path: req.url.length < 1000 ? req.url : `/moderation/${queue}`,
      }),
    );
  });

  app.get('/moderation/comments/:commentId', async (req, reply) => {
    const { commentId } = parse(z.object({ commentId: Id }), req.params, 'params');
    if (!(await gate(req, reply))) return reply;
    const [detail, c] = await Promise.all([commentDetail(deps, { site: req.parley.site, actor: req.parley.actor, commentId }), counts(req)]);
    const view = presentCommentDetail(detail);
    const runtime = await siteRuntime(deps.store, req.parley.site.id);
    const words = [...runtime.banned.find(detail.comment.bodyMarkdown), ...runtime.suspect.find(detail.comment.bodyMarkdown)].map((m) => m.found);
    return html(reply, renderCommentDetailPage(ctxFor(req), { ...view, item: { ...view.item, matchedWords: words }, counts: c }));
  });

  app.post('/moderation/comments/:commentId/action', async (req, reply) => {
    const { commentId } = parse(z.object({ commentId: Id }), req.params, 'params');
    const form = parse(
      z.object({ action: z.enum(['approve', 'reject', 'spam', 'feature', 'unfeature', 'pin', 'unpin']), reason: RemovalReason.optional(), message: z.string().max(2000).optional(), returnTo: z.string().optional() }),
      req.body,
      'body',
    );
    const back = safeReturnTo(form.returnTo, '/moderation/pending');
    return formAction(req, reply, back, async () => {
      await limit(req);
      const c = await applyCommentAction(deps, req, commentId, { action: form.action as ModeratorAction, reason: form.reason, message: form.message });
      return withParam(back, 'done', `${form.action}:${c.id}`);
    });
  });

  app.post('/moderation/bulk', async (req, reply) => {
    const form = parse(
      z.object({ ids: z.union([Id, z.array(Id).max(100)]).optional(), action: z.enum(['approve', 'reject', 'spam']), reason: RemovalReason.optional(), returnTo: z.string().optional() }),
      req.body,
      'body',
    );
    const back = safeReturnTo(form.returnTo, '/moderation/pending');
    const ids = form.ids === undefined ? [] : Array.isArray(form.ids) ? form.ids : [form.ids];
    return formAction(req, reply, back, async () => {
      await limit(req);
      let done = 0;
      for (const id of ids) {
        try {
          await applyCommentAction(deps, req, id, { action: form.action, reason: form.reason });
          done++;
        } catch (err) {
          if (!isAppError(err) || err.code === 'forbidden' || err.status >= 500) throw err;
        }
      }
      return withParam(back, 'done', `bulk:${done}`);
    });
  });

  app.get('/moderation/users/:userId', async (req, reply) => {
    const { userId } = parse(z.object({ userId: Id }), req.params, 'params');
    if (!(await gate(req, reply))) return reply;
    const { site, actor } = req.parley;
    const record = (await authorRecords(deps, site, [userId])).get(userId);
    if (!record) throw new AppError('user_not_found');
    const [history, c] = await Promise.all([deps.store.moderation.listRestrictions({ siteId: site.id, userId }), counts(req)]);
    const error = (req.query as Record<string, unknown>).error;
    return html(
      reply,
      renderUserPage(ctxFor(req), {
        user: presentAuthorRecord(record),
        history: history.map(presentRestriction),
        canBanEverywhere: canModerate(actor, 'restrict_everywhere'),
        counts: c,
        ...(typeof error === 'string' ? { error: error.replace(/_/g, ' ') } : {}),
      }),
    );
  });

  app.post('/moderation/users/:userId/restrict', async (req, reply) => {
    const { userId } = parse(z.object({ userId: Id }), req.params, 'params');
    const body = Object.fromEntries(Object.entries((req.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, emptyToUndefined(v)]));
    const form = parse(
      z.object({
        kind: z.enum(['warning', 'suspension', 'ban', 'premoderate', 'trusted']),
        reason: RemovalReason.default('other'),
        message: z.string().max(2000).default(''),
        days: z.coerce.number().int().min(1).max(3650).optional(),
        everywhere: z.literal('1').optional(),
      }),
      body,
      'body',
    );
    const back = `/moderation/users/${userId}`;
    return formAction(req, reply, back, async () => {
      await limit(req);
      await restrictUser(deps, { site: req.parley.site, actor: req.parley.actor, userId, kind: form.kind, reason: form.reason, message: form.message, days: form.days ?? null, everywhere: form.everywhere === '1' });
      return withParam(back, 'done', form.kind);
    });
  });

  app.post('/moderation/restrictions/:restrictionId/lift', async (req, reply) => {
    const { restrictionId } = parse(z.object({ restrictionId: Id }), req.params, 'params');
    const form = parse(z.object({ returnTo: z.string().optional() }), req.body, 'body');
    const back = safeReturnTo(form.returnTo, '/moderation/pending');
    return formAction(req, reply, back, async () => {
      await limit(req);
      await liftRestriction(deps, { site: req.parley.site, actor: req.parley.actor, restrictionId });
      return withParam(back, 'done', 'lifted');
    });
  });

  app.post('/moderation/articles/:articleId/mode', async (req, reply) => {
    const { articleId } = parse(z.object({ articleId: Id }), req.params, 'params');
    const body = Object.fromEntries(Object.entries((req.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, emptyToUndefined(v)]));
    const form = parse(z.object({ mode: z.enum(['open', 'closed', 'premoderated']), closeAfterDays: z.coerce.number().int().min(0).max(3650).optional(), returnTo: z.string().optional() }), body, 'body');
    const back = safeReturnTo(form.returnTo, '/moderation/pending');
    return formAction(req, reply, back, async () => {
      await setStoryMode(deps, { site: req.parley.site, actor: req.parley.actor, articleId, mode: form.mode, ...(form.closeAfterDays !== undefined ? { closeAfterDays: form.closeAfterDays } : {}) });
      return withParam(back, 'done', form.mode);
    });
  });

  app.get('/moderation/appeals', async (req, reply) => {
    if (!(await gate(req, reply))) return reply;
    const { status } = parse(z.object({ status: z.enum(['open', 'upheld', 'reversed']).catch('open') }), req.query, 'query');
    const { site } = req.parley;
    const appeals = await deps.store.moderation.listAppeals({ siteId: site.id, status, limit: 100 });
    const [statements, users, c] = await Promise.all([
      Promise.all(appeals.map((a) => deps.store.moderation.getStatement({ id: a.statementId }))),
      deps.store.getUsers({ ids: appeals.map((a) => a.userId) }),
      counts(req),
    ]);
    const byId = new Map(users.map((u) => [u.id, u]));
    return html(reply, renderAppealsPage(ctxFor(req), { items: appeals.map((a, i) => presentAppeal(a, statements[i], byId.get(a.userId), req.parley.user!.id)), status, counts: c }));
  });

  app.post('/moderation/appeals/:appealId/decide', async (req, reply) => {
    const { appealId } = parse(z.object({ appealId: Id }), req.params, 'params');
    const form = parse(z.object({ outcome: z.enum(['upheld', 'reversed']), note: z.string().max(2000).default('') }), req.body, 'body');
    return formAction(req, reply, '/moderation/appeals', async () => {
      await limit(req);
      await decideAppeal(deps, { site: req.parley.site, actor: req.parley.actor, appealId, outcome: form.outcome, note: form.note });
      return `/moderation/appeals?done=${form.outcome}`;
    });
  });

  app.get('/moderation/transparency', async (req, reply) => {
    if (!(await gate(req, reply))) return reply;
    const q = parse(z.object({ from: z.iso.date().optional().catch(undefined), to: z.iso.date().optional().catch(undefined) }), req.query, 'query');
    const range = dateRange(q, deps.clock());
    const [report, c] = await Promise.all([transparencyReport(deps, { site: req.parley.site, actor: req.parley.actor, ...range }), counts(req)]);
    return html(reply, renderTransparencyPage(ctxFor(req), { report, counts: c, query: '' }));
  });

  const settingsPage = async (req: FastifyRequest, reply: FastifyReply, extra: { error?: string; notice?: string; status?: number } = {}) => {
    const { site, actor } = req.parley;
    const [settings, c, runtime] = await Promise.all([getModerationSettings(deps, { site, actor }), counts(req), siteRuntime(deps.store, site.id)]);
    const r = runtime.reports;
    return html(
      reply,
      renderSettingsPage(ctxFor(req), {
        settings: publicSettings(settings) as never,
        models: { spam: r.spam ?? null, spamSource: r.spamSource, toxicity: r.toxicity ?? null },
        canEdit: canModerate(actor, 'manage_settings'),
        counts: c,
        ...(extra.error ? { error: extra.error } : {}),
        ...(extra.notice ? { notice: extra.notice } : {}),
      }),
      extra.status ?? 200,
    );
  };

  app.get('/moderation/settings', async (req, reply) => {
    if (!(await gate(req, reply))) return reply;
    const q = req.query as Record<string, unknown>;
    return settingsPage(req, reply, typeof q.done === 'string' ? { notice: q.done === 'saved' ? 'Settings saved.' : 'Model trained.' } : {});
  });

  app.post('/moderation/settings', async (req, reply) => {
    if (!(await gate(req, reply))) return reply;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const last = (v: unknown) => (Array.isArray(v) ? v[v.length - 1] : v);
    const patch: Record<string, unknown> = {};
    for (const key of ['bannedWords', 'suspectWords', 'allowedWords']) if (key in body) patch[key] = lines(body[key]);
    for (const key of ['maxLinks', 'newAccountHours', 'newAccountApprovedComments', 'reportThreshold', 'floodPerMinute', 'duplicateWindowMinutes', 'toxicityHoldAt', 'spamHoldAt', 'autoCloseDays']) {
      if (key in body && body[key] !== '') patch[key] = Number(body[key]);
    }
    for (const key of ['premoderateLinks', 'warnBeforeHold', 'showRemovalReason', 'spamSeed', 'learnedModels']) if (key in body) patch[key] = last(body[key]) === '1';
    try {
      await saveModerationSettings(deps, { site: req.parley.site, actor: req.parley.actor, patch });
      return reply.redirect('/moderation/settings?done=saved', 303);
    } catch (err) {
      if (!isAppError(err) || err.code !== 'validation_failed') throw err;
      return settingsPage(req, reply, { error: err.fields?.map((f) => `${f.field}: ${f.message}`).join('; ') ?? err.message, status: 400 });
    }
  });

  app.post('/moderation/models/:kind/train', async (req, reply) => {
    const { kind } = parse(z.object({ kind: z.enum(['spam', 'toxicity']) }), req.params, 'params');
    if (!(await gate(req, reply))) return reply;
    try {
      await trainModel(deps, { site: req.parley.site, actor: req.parley.actor, kind });
      return reply.redirect('/moderation/settings?done=trained', 303);
    } catch (err) {
      if (!isAppError(err) || err.code !== 'validation_failed') throw err;
      return settingsPage(req, reply, { error: err.detail ?? err.message, status: 400 });
    }
  });

  // ---- The person's own notices ---------------------------------------------------------------
  app.get('/notices', async (req, reply) => {
    if (!req.parley.user) return reply.redirect(`/signin?returnTo=${encodeURIComponent('/notices')}`, 303);
    const mine = presentMyModeration(await myModeration(deps, { site: req.parley.site, actor: req.parley.actor }));
    await markNoticesRead(deps, { actor: req.parley.actor });
    const error = (req.query as Record<string, unknown>).error;
    return html(reply, renderNoticesPage(ctxFor(req), { ...mine, ...(typeof error === 'string' ? { error: error.replace(/_/g, ' ') } : {}) }));
  });

  app.post('/notices/:noticeId/appeal', async (req, reply) => {
    const { noticeId } = parse(z.object({ noticeId: Id }), req.params, 'params');
    const form = parse(z.object({ text: z.string().max(4000).default('') }), req.body, 'body');
    return formAction(req, reply, '/notices', async () => {
      await deps.limits.consume('writeIp', req.ip);
      await createAppeal(deps, { site: req.parley.site, actor: req.parley.actor, statementId: noticeId, text: form.text });
      return `/notices?notice=appealed#notice-${noticeId}`;
    });
  });

  app.post('/notices/restrictions/:restrictionId/acknowledge', async (req, reply) => {
    const { restrictionId } = parse(z.object({ restrictionId: Id }), req.params, 'params');
    return formAction(req, reply, '/notices', async () => {
      await deps.limits.consume('writeIp', req.ip);
      await acknowledgeWarning(deps, { actor: req.parley.actor, restrictionId });
      return '/notices?notice=acknowledged';
    });
  });

}
