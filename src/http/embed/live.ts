// Live updates over Server-Sent Events (issue 7): GET /api/v1/articles/:articleId/events.
// Every process keeps the streams of its own readers in a LiveHub, fed by the event bus (events
// of every process when the bus is Redis). Each change is loaded once per process and rendered
// once per variant: JSON for the article page (as a signed-out or a signed-in reader who did not
// write it sees the comment), HTML in one language for the embed (both views at once).
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../domain/errors.js';
import type { Actor, Site, User } from '../../domain/types.js';
import { translatorFor } from '../../i18n/index.js';
import type { ParleyEvent } from '../../realtime/bus.js';
import { LiveHub, type BufferedEvent } from '../../realtime/hub.js';
import { eventIdTime } from '../../realtime/event-ids.js';
import { getReadableArticle } from '../../services/comments/readThread.js';
import { presentArticle } from '../presenters.js';
import type { RouteTable } from '../route-kit.js';
import * as S from '../schemas.js';
import type { HttpDeps } from '../server.js';
import type { LiveCommentData } from '../views/discussion/live.js';
import { reactionText, renderThreadItems } from '../views/pages/embed/fragments.js';
import { fragmentContext, languageOf, type SettingsCache } from './context.js';
import { loadForPresenting, presentLoaded } from './present.js';
import * as E from './schemas.js';

const ANONYMOUS: Actor = { user: null, role: null };
/** Stands for "any signed-in reader who did not write the comment". */
const MEMBER_USER: User = { id: '~member', email: null, username: '~member', displayName: '', isOperator: false, createdAt: '1970-01-01T00:00:00.000Z' };
const MEMBER: Actor = { user: MEMBER_USER, role: 'commenter' };

const frame = (id: string, event: string, data: unknown) => `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

interface Change {
  id: string;
  lastEventId: string;
  changed: boolean;
  reacted: boolean;
  /** Only "created while held for review": nothing readers see. */
  hiddenCreate: boolean;
}

/** Folds a batch of events into one change per comment, in the order of their last event. */
function fold(events: BufferedEvent[]): Change[] {
  const changes = new Map<string, Change>();
  for (const { id, event } of events) {
    const e = event as ParleyEvent & { commentId: string; visible?: boolean };
    const prev = changes.get(e.commentId);
    const c: Change = prev ?? { id: e.commentId, lastEventId: id, changed: false, reacted: false, hiddenCreate: true };
    c.lastEventId = id;
    if (e.type === 'comment.reacted') c.reacted = true;
    else if (e.type !== 'comment.reported') c.changed = true;
    if (!(e.type === 'comment.created' && e.visible === false)) c.hiddenCreate = false;
    changes.delete(e.commentId);
    changes.set(e.commentId, c);
  }
  return [...changes.values()];
}

export function createLiveRenderer(deps: HttpDeps) {
  const sites = new Map<string, Site>();
  const siteOf = async (id: string) => {
    let site = sites.get(id);
    if (!site) {
      site = await deps.store.getSite({ id });
      if (site) sites.set(id, site);
    }
    return site;
  };

  return async (topic: string, events: BufferedEvent[], variants: ReadonlySet<string>): Promise<Map<string, string>> => {
    const out = new Map<string, string>([...variants].map((v) => [v, '']));
    const add = (v: string, text: string) => out.set(v, out.get(v)! + text);
    const siteId = events[0]?.event.siteId;
    const site = siteId ? await siteOf(siteId) : undefined;
    const changes = fold(events).filter((c) => !c.hiddenCreate);
    if (!site || changes.length === 0) return out;
    const [article, rows] = await Promise.all([
      deps.store.getArticle({ siteId: site.id, id: topic }),
      deps.store.getComments({ siteId: site.id, ids: changes.map((c) => c.id) }),
    ]);
    if (!article) return out;
    const comments = new Map(rows.map((c) => [c.id, c]));
    const shown = rows.filter((c) => c.visible);
    // Loaded once, presented for each kind of reader the streams need.
    const loaded = await loadForPresenting(deps, site, shown);
    const now = deps.clock();
    const articleView = presentArticle(article, now);
    const langs = [...variants].filter((v) => v.startsWith('html:')).map((v) => v.slice(5));
    const total = article.commentCount;

    for (const change of changes) {
      const comment = comments.get(change.id);
      const visible = comment?.visible === true;
      if (change.changed && !visible) {
        for (const v of variants) {
          if (v.startsWith('html:')) add(v, frame(change.lastEventId, 'remove', { id: change.id, heading: heading(v.slice(5), total) }));
          else add(v, frame(change.lastEventId, 'comment', { id: change.id, total } satisfies LiveCommentData));
        }
        continue;
      }
      if (!visible) continue;
      const as = (actor: Actor) => presentLoaded({ site, actor, now }, article, comment!, loaded);
      const anon = as(ANONYMOUS);
      const member = as(MEMBER);
      // JSON readers get the whole comment for any change, reactions included.
      if (change.changed || change.reacted) {
        if (variants.has('json:anonymous')) add('json:anonymous', frame(change.lastEventId, 'comment', { id: change.id, total, comment: anon.view } satisfies LiveCommentData));
        if (variants.has('json:member')) add('json:member', frame(change.lastEventId, 'comment', { id: change.id, total, comment: member.view } satisfies LiveCommentData));
      }
      for (const lang of langs) {
        if (change.changed) {
          const ctx = fragmentContext(articleView, lang);
          const nested = comment!.parentId !== null;
          add(
            `html:${lang}`,
            frame(change.lastEventId, 'comment', {
              id: change.id,
              parentId: comment!.parentId,
              flat: anon.flat,
              heading: heading(lang, total),
              anon: renderThreadItems(ctx, [{ comment: anon.view, replies: [], moreReplies: null }], nested),
              member: renderThreadItems(ctx, [{ comment: member.view, replies: [], moreReplies: null }], nested),
            }),
          );
        }
        if (change.reacted) {
          const { likeCount: like, dislikeCount: dislike } = comment!;
          add(`html:${lang}`, frame(change.lastEventId, 'reactions', { id: change.id, like, dislike, text: reactionText(translatorFor(lang), like, dislike) }));
        }
      }
    }
    return out;
  };
}

function heading(lang: string, n: number): string {
  return translatorFor(lang).n(n, '{n} comment', '{n} comments');
}

export function registerLiveRoutes(app: FastifyInstance, routes: RouteTable, deps: HttpDeps, settingsFor: SettingsCache, hub: LiveHub): void {
  app.addHook('preClose', async () => hub.close());

  routes.add({
    method: 'GET',
    url: '/api/v1/articles/:articleId/events',
    operationId: 'streamArticleEvents',
    summary: 'Live updates of a discussion (Server-Sent Events; resumes after Last-Event-ID)',
    tags: ['live'],
    auth: 'none',
    params: S.ArticleParams,
    query: E.EventsQuery,
    responses: {
      200: { description: '`event: comment` (a comment readers see, new or changed), `remove` and `reactions` (html), `reset` (resume impossible: reload); a replay starts with what arrived before the given position between `past` and `present`', contentType: 'text/event-stream' },
      404: { description: 'Not found', schema: S.Problem, contentType: 'application/problem+json' },
      503: { description: 'Too many live connections on this process', schema: S.Problem, contentType: 'application/problem+json' },
    },
    handler: async ({ params, query, req, reply }) => {
      const { site } = req.parley;
      const article = await getReadableArticle(deps, site, ANONYMOUS, { id: params.articleId });
      if (!hub.canAccept()) throw new AppError('unavailable', { detail: 'Too many live connections here; the page works without them.' });
      const variant = query.format === 'json' ? `json:${query.as === 'member' ? 'member' : 'anonymous'}` : `html:${languageOf(req, query.lang, await settingsFor(site.id))}`;
      const last = (req.headers['last-event-id'] as string | undefined) ?? query.lastEventId;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      });
      res.write('retry: 2000\n\n');
      const unsubscribe = hub.subscribe(article.id, {
        variant,
        write: (text) => res.write(text),
        backlog: () => res.writableLength,
        end: () => res.end(),
      });
      res.on('close', unsubscribe);
      if (!last) {
        res.write(`id: ${hub.positionId()}\n\n`);
        return;
      }
      const resume = hub.resume(article.id, String(last).slice(0, 100));
      if (resume.kind === 'reset') res.write(`id: ${hub.positionId()}\nevent: reset\ndata: {}\n\n`);
      else {
        const position = hub.positionId();
        // The replay reaches back a little before the reader's position (see LiveHub.resume).
        // What arrived before it is marked `past`: the reader's page was read after it, so a
        // comment from there that the page does not show is not new, only not on this page.
        const at = eventIdTime(String(last));
        const past = resume.events.filter((e) => e.arrivedAt < at);
        const present = resume.events.filter((e) => e.arrivedAt >= at);
        const text = await Promise.all([hub.renderFor(article.id, past, variant), hub.renderFor(article.id, present, variant)])
          .then(([before, after]) => (before ? `event: past\ndata: {}\n\n${before}event: present\ndata: {}\n\n` : '') + after)
          .catch((err: unknown) => {
            deps.log.error({ err }, 'live replay failed');
            return `event: reset\ndata: {}\n\n`;
          });
        if (!res.writableEnded) res.write(text || `id: ${position}\n\n`);
      }
    },
  });
}
