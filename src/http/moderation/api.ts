// The moderation JSON API, registered from routes.ts in three groups:
//   Moderator API   moderators and admins of the site (operators everywhere); cookie + CSRF or
//                   bearer; 300 requests a minute per moderator.
//   Commenter API   signed in: the preview before posting, one's own notices, appeals and
//                   warning acknowledgements; limited like other writes (per IP).
//   Public API      anyone: an article's featured comments.
// Handlers parse, call a service (which asks the policy), and present.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../domain/errors.js';
import type { QueueName } from '../../domain/moderation/types.js';
import { authorizeModeration } from '../../domain/policies/moderation.js';
import { getReadableArticle } from '../../services/comments/readThread.js';
import { createAppeal, decideAppeal } from '../../services/moderation/appeals.js';
import { approveComment } from '../../services/moderation/approveComment.js';
import { flagComment } from '../../services/moderation/flagComment.js';
import { markSpam } from '../../services/moderation/markSpam.js';
import { myModeration } from '../../services/moderation/notices.js';
import { previewComment } from '../../services/moderation/previewComment.js';
import { authorRecords, commentDetail, listQueue, queueCounts } from '../../services/moderation/queue.js';
import { rejectComment } from '../../services/moderation/rejectComment.js';
import { acknowledgeWarning, liftRestriction, restrictUser } from '../../services/moderation/restrictUser.js';
import { siteRuntime } from '../../services/moderation/runtime.js';
import { getModerationSettings, publicSettings, saveModerationSettings, trainModel } from '../../services/moderation/settings.js';
import { setStoryMode } from '../../services/moderation/storyMode.js';
import { transparencyCsv, transparencyReport } from '../../services/moderation/transparency.js';
import { presentComment } from '../presenters.js';
import type { RouteTable } from '../route-kit.js';
import { peopleFor, presentCtx, requireUser } from '../routes.js';
import { Problem } from '../schemas.js';
import * as S from '../schemas.js';
import type { HttpDeps } from '../server.js';
import * as M from './schemas.js';
import { presentAppeal, presentAuthorRecord, presentCommentDetail, presentMyModeration, presentQueueItem, presentRestriction } from './presenters.js';
import { listFeatured } from '../../services/moderation/featured.js';

const problem = (description: string) => ({ description, schema: Problem, contentType: 'application/problem+json' });
const ERRORS = {
  400: problem('Invalid input, with field errors'),
  401: problem('Not signed in'),
  403: problem('Not a moderator of this site (or CSRF failed)'),
  404: problem('Not found on this site'),
  409: problem('Conflict'),
  429: problem('Rate limited'),
};

export type ModeratorAction = 'approve' | 'reject' | 'spam' | 'feature' | 'unfeature' | 'pin' | 'unpin';

/** One moderator action on one comment, as the API, the forms and bulk actions share it. */
export async function applyCommentAction(deps: HttpDeps, req: FastifyRequest, commentId: string, body: { action: ModeratorAction; reason?: string | undefined; message?: string | undefined }) {
  const { site, actor } = req.parley;
  const input = { site, actor, commentId, reason: body.reason ?? null, message: body.message ?? '' };
  switch (body.action) {
    case 'approve':
      return (await approveComment(deps, input)).comment;
    case 'reject':
      return (await rejectComment(deps, input)).comment;
    case 'spam':
      return (await markSpam(deps, input)).comment;
    default:
      return flagComment(deps, { site, actor, commentId, flag: body.action });
  }
}

export function dateRange(query: { from?: string | undefined; to?: string | undefined }, now: Date): { from: string; to: string } {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const to = query.to ?? day(new Date(now.getTime() + 86_400_000));
  const from = query.from ?? day(new Date(Date.parse(to) - 31 * 86_400_000));
  if (from >= to) throw new AppError('validation_failed', { fields: [{ field: 'from', code: 'invalid', message: '"from" must be before "to".' }] });
  return { from: `${from}T00:00:00.000Z`, to: `${to}T00:00:00.000Z` };
}

export function moderatorLimiter(enabled: boolean) {
  const limiter = new RateLimiterMemory({ keyPrefix: 'moderator', points: 300, duration: 60 });
  return async (req: FastifyRequest) => {
    const user = requireUser(req);
    authorizeModeration(req.parley.actor, 'view_queues');
    if (!enabled) return;
    try {
      await limiter.consume(user.id);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw new AppError('rate_limited', { retryAfter: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) });
      throw err;
    }
  };
}

export function registerModerationApi(app: FastifyInstance, routes: RouteTable, deps: HttpDeps, perIpWrite: (req: FastifyRequest) => Promise<void>): void {
  const moderator = moderatorLimiter(deps.config.PARLEY_RATE_LIMITS);
  const tags = ['moderation'];
  const base = '/api/v1/moderation';

  // ---- Moderator API ----------------------------------------------------------------------
  routes.add({
    method: 'GET',
    url: `${base}/queues/:queue`,
    operationId: 'listModerationQueue',
    summary: 'A moderation queue (pending, reported, unmoderated, rejected, all), newest first, with filters',
    tags,
    auth: 'required',
    params: M.QueueParams,
    query: M.QueueQuery,
    before: [moderator],
    responses: { 200: { description: 'A page of the queue', schema: M.QueuePage }, ...ERRORS },
    handler: async ({ params, query, req }) => {
      const minScore = query.minSpam !== undefined ? { kind: 'spam' as const, value: query.minSpam } : query.minToxicity !== undefined ? { kind: 'toxicity' as const, value: query.minToxicity } : undefined;
      const page = await listQueue(deps, {
        site: req.parley.site,
        actor: req.parley.actor,
        queue: params.queue as QueueName,
        filters: {
          ...(query.articleId ? { articleId: query.articleId } : {}),
          ...(query.authorId ? { authorId: query.authorId } : {}),
          ...(query.reason ? { reason: query.reason } : {}),
          ...(minScore ? { minScore } : {}),
          ...(query.q ? { search: query.q } : {}),
          ...(query.before ? { before: query.before } : {}),
          ...(query.limit ? { limit: query.limit } : {}),
        },
      });
      return { queue: page.queue, items: page.items.map(presentQueueItem), nextBefore: page.nextBefore };
    },
  });

  routes.add({
    method: 'GET',
    url: `${base}/counts`,
    operationId: 'getModerationCounts',
    summary: 'How many comments each queue holds (and open appeals)',
    tags,
    auth: 'required',
    query: M.CountsQuery,
    before: [moderator],
    responses: { 200: { description: 'Counts', schema: M.QueueCounts }, ...ERRORS },
    handler: async ({ query, req }) => queueCounts(deps, { site: req.parley.site, actor: req.parley.actor, ...(query.articleId ? { articleId: query.articleId } : {}) }),
  });

  routes.add({
    method: 'GET',
    url: `${base}/comments/:commentId`,
    operationId: 'getModerationComment',
    summary: 'One comment in its thread, with the author’s record, reports and the moderation log',
    tags,
    auth: 'required',
    params: S.CommentParams,
    before: [moderator],
    responses: { 200: { description: 'The comment for a moderator', schema: M.CommentDetail }, ...ERRORS },
    handler: async ({ params, req }) => presentCommentDetail(await commentDetail(deps, { site: req.parley.site, actor: req.parley.actor, commentId: params.commentId })),
  });

  routes.add({
    method: 'POST',
    url: `${base}/comments/:commentId/actions`,
    operationId: 'moderateComment',
    summary: 'Approve, reject (with a reason), mark as spam, feature or pin a comment',
    tags,
    auth: 'required',
    params: S.CommentParams,
    body: M.CommentAction,
    before: [moderator],
    responses: { 200: { description: 'The comment’s new state', schema: M.ActionResult }, ...ERRORS },
    handler: async ({ params, body, req }) => {
      const c = await applyCommentAction(deps, req, params.commentId, body);
      return { id: c.id, status: c.status, visible: c.visible };
    },
  });

  routes.add({
    method: 'POST',
    url: `${base}/comments/bulk`,
    operationId: 'moderateComments',
    summary: 'The same action on up to 100 comments; each succeeds or fails on its own',
    tags,
    auth: 'required',
    body: M.BulkAction,
    before: [moderator],
    responses: { 200: { description: 'One result per comment', schema: M.BulkResult }, ...ERRORS },
    handler: async ({ body, req }) => {
      const results = [];
      for (const id of body.ids) {
        try {
          const c = await applyCommentAction(deps, req, id, body);
          results.push({ id, ok: true, status: c.status });
        } catch (err) {
          if (!(err instanceof AppError) || err.status >= 500 || err.code === 'forbidden' || err.code === 'validation_failed') throw err;
          results.push({ id, ok: false, code: err.code });
        }
      }
      return { results };
    },
  });

  routes.add({
    method: 'GET',
    url: `${base}/users/:userId`,
    operationId: 'getModerationUser',
    summary: 'A person’s record on this site: comments by status, rejection rate, reports, restrictions',
    tags,
    auth: 'required',
    params: M.UserParams,
    before: [moderator],
    responses: { 200: { description: 'The record', schema: M.AuthorRecord.extend({ history: z.array(M.Restriction) }) }, ...ERRORS },
    handler: async ({ params, req }) => {
      const record = (await authorRecords(deps, req.parley.site, [params.userId])).get(params.userId);
      if (!record) throw new AppError('user_not_found');
      const all = await deps.store.moderation.listRestrictions({ siteId: req.parley.site.id, userId: params.userId });
      return { ...presentAuthorRecord(record), history: all.map(presentRestriction) };
    },
  });

  routes.add({
    method: 'POST',
    url: `${base}/users/:userId/restrictions`,
    operationId: 'restrictUser',
    summary: 'Warn, suspend, ban (on this site or, for operators, everywhere), premoderate or trust a person',
    tags,
    auth: 'required',
    params: M.UserParams,
    body: M.RestrictInput,
    before: [moderator],
    responses: { 201: { description: 'The restriction and the statement sent to the person', schema: M.RestrictResult }, ...ERRORS },
    handler: async ({ params, body, req, reply }) => {
      const { restriction, statement } = await restrictUser(deps, {
        site: req.parley.site,
        actor: req.parley.actor,
        userId: params.userId,
        kind: body.kind,
        reason: body.reason,
        message: body.message,
        days: body.days ?? null,
        everywhere: body.everywhere,
      });
      reply.code(201);
      return { restriction: presentRestriction(restriction), statementId: statement.id };
    },
  });

  routes.add({
    method: 'DELETE',
    url: `${base}/restrictions/:restrictionId`,
    operationId: 'liftRestriction',
    summary: 'End a restriction early',
    tags,
    auth: 'required',
    params: M.RestrictionParams,
    before: [moderator],
    responses: { 200: { description: 'The lifted restriction', schema: M.Restriction }, ...ERRORS },
    handler: async ({ params, req }) => presentRestriction(await liftRestriction(deps, { site: req.parley.site, actor: req.parley.actor, restrictionId: params.restrictionId })),
  });

  routes.add({
    method: 'PUT',
    url: `${base}/articles/:articleId/mode`,
    operationId: 'setStoryMode',
    summary: 'Open, close or premoderate a story’s discussion, optionally closing it N days after publication',
    tags,
    auth: 'required',
    params: M.StoryParams,
    body: M.StoryModeInput,
    before: [async (req) => void requireUser(req)],
    responses: { 200: { description: 'The story’s discussion settings', schema: M.StoryModeResult }, ...ERRORS },
    handler: async ({ params, body, req }) => {
      const a = await setStoryMode(deps, { site: req.parley.site, actor: req.parley.actor, articleId: params.articleId, mode: body.mode, ...(body.closeAfterDays !== undefined ? { closeAfterDays: body.closeAfterDays } : {}) });
      return { id: a.id, commentsMode: a.commentsMode, closeAt: a.closeAt };
    },
  });

  routes.add({
    method: 'GET',
    url: `${base}/appeals`,
    operationId: 'listAppeals',
    summary: 'Appeals against moderation decisions, oldest open first',
    tags,
    auth: 'required',
    query: M.AppealsQuery,
    before: [moderator],
    responses: { 200: { description: 'Appeals', schema: M.AppealList }, ...ERRORS },
    handler: async ({ query, req }) => {
      const appeals = await deps.store.moderation.listAppeals({ siteId: req.parley.site.id, status: query.status, limit: 100 });
      const [statements, users] = await Promise.all([
        Promise.all(appeals.map((a) => deps.store.moderation.getStatement({ id: a.statementId }))),
        deps.store.getUsers({ ids: appeals.map((a) => a.userId) }),
      ]);
      const byId = new Map(users.map((u) => [u.id, u]));
      return { items: appeals.map((a, i) => presentAppeal(a, statements[i], byId.get(a.userId), req.parley.user!.id)) };
    },
  });

  routes.add({
    method: 'POST',
    url: `${base}/appeals/:appealId/decision`,
    operationId: 'decideAppeal',
    summary: 'Uphold or reverse the decision appealed against (not by the moderator who took it)',
    tags,
    auth: 'required',
    params: M.AppealParams,
    body: M.AppealDecisionInput,
    before: [moderator],
    responses: { 200: { description: 'The decided appeal', schema: M.AppealView }, ...ERRORS },
    handler: async ({ params, body, req }) => {
      const a = await decideAppeal(deps, { site: req.parley.site, actor: req.parley.actor, appealId: params.appealId, outcome: body.outcome, note: body.note });
      const [s, u] = await Promise.all([deps.store.moderation.getStatement({ id: a.statementId }), deps.store.getUser({ id: a.userId })]);
      return presentAppeal(a, s, u, req.parley.user!.id);
    },
  });

  routes.add({
    method: 'GET',
    url: `${base}/transparency`,
    operationId: 'getTransparencyReport',
    summary: 'Decisions by action and reason, automated versus human, time to decision, appeals (also as CSV at /moderation/transparency.csv)',
    tags,
    auth: 'required',
    query: M.TransparencyQuery,
    before: [moderator],
    responses: { 200: { description: 'The report', schema: M.Transparency }, ...ERRORS },
    handler: async ({ query, req }) => transparencyReport(deps, { site: req.parley.site, actor: req.parley.actor, ...dateRange(query, deps.clock()) }),
  });

  routes.add({
    method: 'GET',
    url: `${base}/settings`,
    operationId: 'getModerationSettings',
    summary: 'The site’s moderation settings (external scorers’ keys are masked)',
    tags,
    auth: 'required',
    before: [moderator],
    responses: { 200: { description: 'Settings', schema: M.SettingsView }, ...ERRORS },
    handler: async ({ req }) => publicSettings(await getModerationSettings(deps, { site: req.parley.site, actor: req.parley.actor })),
  });

  routes.add({
    method: 'PATCH',
    url: `${base}/settings`,
    operationId: 'updateModerationSettings',
    summary: 'Change some moderation settings (admins)',
    tags,
    auth: 'required',
    body: M.SettingsPatch,
    before: [moderator],
    responses: { 200: { description: 'Settings', schema: M.SettingsView }, ...ERRORS },
    handler: async ({ body, req }) => {
      // Only what the request named: the schema's defaults must not overwrite stored settings.
      const named = new Set(Object.keys((req.body ?? {}) as object));
      const patch = Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([k]) => named.has(k)));
      return publicSettings(await saveModerationSettings(deps, { site: req.parley.site, actor: req.parley.actor, patch }));
    },
  });

  routes.add({
    method: 'GET',
    url: `${base}/models`,
    operationId: 'getModerationModels',
    summary: 'The learned models in use and their precision and recall on held-out examples',
    tags,
    auth: 'required',
    before: [moderator],
    responses: { 200: { description: 'Models', schema: M.ModelsView }, ...ERRORS },
    handler: async ({ req }) => {
      const r = (await siteRuntime(deps.store, req.parley.site.id)).reports;
      return { spam: r.spam ?? null, spamSource: r.spamSource, toxicity: r.toxicity ?? null };
    },
  });

  routes.add({
    method: 'POST',
    url: `${base}/models/:kind/train`,
    operationId: 'trainModerationModel',
    summary: 'Train the site’s spam or incivility model from its moderators’ decisions (admins)',
    tags,
    auth: 'required',
    params: M.ModelParams,
    before: [moderator],
    responses: { 200: { description: 'The new model’s report', schema: M.ModelReport }, ...ERRORS },
    handler: async ({ params, req }) => trainModel(deps, { site: req.parley.site, actor: req.parley.actor, kind: params.kind }),
  });

  // ---- Commenter API ----------------------------------------------------------------------
  routes.add({
    method: 'POST',
    url: '/api/v1/articles/:articleId/comments/preview',
    operationId: 'previewComment',
    summary: 'What would happen to this comment if posted now (nothing is stored)',
    tags: ['comments'],
    auth: 'required',
    params: S.ArticleParams,
    body: M.PreviewInput,
    before: [perIpWrite],
    responses: { 200: { description: 'The would-be decision', schema: M.PreviewResult }, ...ERRORS },
    handler: async ({ params, body, req }) => {
      requireUser(req);
      return previewComment(deps, { site: req.parley.site, actor: req.parley.actor, articleId: params.articleId, body: body.body });
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/me/moderation',
    operationId: 'getMyModeration',
    summary: 'Your statements of reasons and notices, appeals, warnings and restrictions on this site',
    tags: ['accounts'],
    auth: 'required',
    responses: { 200: { description: 'Yours', schema: M.MyModeration }, 401: problem('Not signed in') },
    handler: async ({ req }) => {
      requireUser(req);
      return presentMyModeration(await myModeration(deps, { site: req.parley.site, actor: req.parley.actor }));
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/me/notices/:noticeId/appeal',
    operationId: 'appealDecision',
    summary: 'Appeal the decision a statement of reasons told you about',
    tags: ['accounts'],
    auth: 'required',
    params: M.NoticeParams,
    body: M.AppealInput,
    before: [perIpWrite],
    responses: { 201: { description: 'Appeal received', schema: M.AppealCreated }, ...ERRORS },
    handler: async ({ params, body, req, reply }) => {
      requireUser(req);
      const appeal = await createAppeal(deps, { site: req.parley.site, actor: req.parley.actor, statementId: params.noticeId, text: body.text });
      reply.code(201);
      return { id: appeal.id, status: 'open' as const };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/me/restrictions/:restrictionId/acknowledge',
    operationId: 'acknowledgeWarning',
    summary: 'Confirm you have read a moderator’s warning',
    tags: ['accounts'],
    auth: 'required',
    params: M.RestrictionParams,
    before: [perIpWrite],
    responses: { 200: { description: 'Acknowledged', schema: S.Ok }, ...ERRORS },
    handler: async ({ params, req }) => {
      requireUser(req);
      await acknowledgeWarning(deps, { actor: req.parley.actor, restrictionId: params.restrictionId });
      return { ok: true as const };
    },
  });

  // ---- Public API -------------------------------------------------------------------------
  routes.add({
    method: 'GET',
    url: '/api/v1/articles/:articleId/featured',
    operationId: 'listFeaturedComments',
    summary: 'The comments the editors featured under an article, pinned ones first',
    tags: ['comments'],
    auth: 'optional',
    params: S.ArticleParams,
    responses: { 200: { description: 'Featured comments', schema: M.FeaturedList }, 404: problem('Not found') },
    handler: async ({ params, req }) => {
      const { site, actor } = req.parley;
      const article = await getReadableArticle(deps, site, actor, { id: params.articleId });
      const featured = await listFeatured(deps, { site, articleId: article.id });
      const people = await peopleFor(deps, site.id, featured.map((f) => f.comment.authorId));
      const ctx = presentCtx(deps, req);
      return { items: featured.map((f) => ({ ...presentComment(ctx, { comment: f.comment, article, people, myReactions: new Map() }), pinned: f.pinnedAt !== null })) };
    },
  });

  // CSV of the transparency report (not JSON, so declared directly).
  app.get('/moderation/transparency.csv', async (req, reply) => {
    requireUser(req);
    const q = M.TransparencyQuery.safeParse(req.query);
    if (!q.success) throw new AppError('validation_failed', { fields: q.error.issues.map((i) => ({ field: String(i.path[0] ?? 'query'), code: i.code, message: i.message })) });
    const report = await transparencyReport(deps, { site: req.parley.site, actor: req.parley.actor, ...dateRange(q.data, deps.clock()) });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="transparency-${req.parley.site.slug}-${report.from.slice(0, 10)}-${report.to.slice(0, 10)}.csv"`)
      .header('cache-control', 'no-store')
      .send(transparencyCsv(report));
  });
}
