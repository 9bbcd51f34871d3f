// Comment counts for article lists on host pages (issue 7): one CORS request from count.js,
// answered only to the site's allowed origins.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { translatorFor } from '../../i18n/index.js';
import type { EmbedSettings } from '../../store/store.js';
import type { RouteTable } from '../route-kit.js';
import * as S from '../schemas.js';
import type { HttpDeps } from '../server.js';
import { languageOf, type SettingsCache } from './context.js';
import { normalizeOrigin, normalizePageUrl, threadKey, validThreadId } from './normalize.js';
import * as E from './schemas.js';

/** Lets an allowed origin read the response (no credentials: counts are public). */
export function allowCors(req: FastifyRequest, reply: FastifyReply, settings: EmbedSettings): void {
  reply.header('vary', 'origin');
  const origin = req.headers.origin ? normalizeOrigin(req.headers.origin) : null;
  if (origin && settings.allowedOrigins.includes(origin)) reply.header('access-control-allow-origin', origin);
}

export function registerEmbedCounts(routes: RouteTable, deps: HttpDeps, settingsFor: SettingsCache): void {
  routes.add({
    method: 'GET',
    url: '/api/v1/embed/counts',
    operationId: 'embedCounts',
    summary: 'Comment counts of host pages, by URL or data-parley-id (CORS: allowed origins)',
    tags: ['embed'],
    auth: 'none',
    query: E.CountsQuery,
    responses: { 200: { description: 'Counts and labels by the keys asked for', schema: E.Counts }, 400: { description: 'Invalid input', schema: S.Problem, contentType: 'application/problem+json' } },
    handler: async ({ query, req, reply }) => {
      const { site } = req.parley;
      const settings = await settingsFor(site.id);
      allowCors(req, reply, settings);
      reply.header('cache-control', 'public, max-age=30');
      const t = translatorFor(languageOf(req, query.lang, settings));
      const wanted = new Map<string, string>();
      for (const key of query.key) {
        if (key.startsWith('id:') && validThreadId(key.slice(3))) wanted.set(key, key);
        else if (key.startsWith('url:')) {
          const url = normalizePageUrl(key.slice(4), settings.url);
          if (url) wanted.set(key, threadKey({ id: null, url }));
        }
      }
      const found = await deps.store.countEmbedThreads({ siteId: site.id, keys: [...new Set(wanted.values())] });
      const counts: Record<string, { count: number; label: string }> = {};
      for (const [asked, key] of wanted) {
        const count = found.get(key) ?? 0;
        counts[asked] = { count, label: t.n(count, '{n} comment', '{n} comments') };
      }
      return { counts };
    },
  });
}
