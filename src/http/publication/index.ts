// The publication's HTTP surface, registered from routes.ts: public pages and documents, the
// editor area, and the CMS API. Also runs the scheduler that puts scheduled articles live.
import type { FastifyInstance } from 'fastify';
import { startScheduler } from '../../services/articles/publishDueArticles.js';
import { imageDirFor } from '../../services/images/ingestImage.js';
import type { RouteTable } from '../route-kit.js';
import type { HttpDeps } from '../server.js';
import { registerCmsApi } from './api.js';
import { DocumentCache } from './cache.js';
import { registerCompression } from './compression.js';
import { registerEditor } from './editor.js';
import { registerPublicRoutes } from './public.js';

export function registerPublication(app: FastifyInstance, deps: HttpDeps, routes: RouteTable): void {
  const imageDir = imageDirFor(deps.config.dataDir);
  const docs = new DocumentCache(() => deps.clock().getTime());
  // Feeds and sitemaps follow the articles; an article's comment feed follows its discussion.
  const unsubscribe = deps.events.subscribe((event) => {
    if (event.type.startsWith('article.')) docs.deleteWhere((key) => key.startsWith(`${event.siteId}|`));
    else docs.deleteWhere((key) => key.endsWith(`|comments|${event.articleId}`));
  });
  const stopScheduler = startScheduler(deps, { onError: (err) => deps.log.error({ err }, 'publishing scheduled articles failed') });
  app.addHook('onClose', async () => {
    stopScheduler();
    unsubscribe();
  });

  registerCompression(app);
  registerPublicRoutes(app, deps, docs, imageDir);
  registerCmsApi(app, deps, routes, imageDir);
  registerEditor(app, deps, imageDir);
}
