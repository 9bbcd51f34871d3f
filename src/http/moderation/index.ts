// Moderation over HTTP: the JSON API (api.ts) and the server-rendered pages (pages.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RouteTable } from '../route-kit.js';
import type { HttpDeps } from '../server.js';
import { registerModerationApi } from './api.js';
import { registerModerationPages } from './pages.js';

export function registerModeration(app: FastifyInstance, routes: RouteTable, deps: HttpDeps, perIpWrite: (req: FastifyRequest) => Promise<void>): void {
  registerModerationApi(app, routes, deps, perIpWrite);
  registerModerationPages(app, deps);
}
