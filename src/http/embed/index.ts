// The embed and live updates (issue 7), registered from routes.ts. See docs/embed.md.
import type { FastifyInstance } from 'fastify';
import { isSharedBus } from '../../realtime/index.js';
import { LiveHub } from '../../realtime/hub.js';
import type { RouteTable } from '../route-kit.js';
import type { HttpDeps } from '../server.js';
import { registerEmbedAssets } from './assets.js';
import { createSettingsCache } from './context.js';
import { registerEmbedCounts } from './counts.js';
import { registerEmbedFragments } from './fragments.js';
import { registerEmbedFrame } from './frame.js';
import { createLiveRenderer, registerLiveRoutes } from './live.js';
import { registerEmbedSignIn } from './signin.js';

export interface EmbedRuntime {
  hub: LiveHub;
}

const runtimes = new WeakMap<FastifyInstance, EmbedRuntime>();

/** The live hub of an app (tests and the benchmark read its subscriber count). */
export function embedRuntimeOf(app: FastifyInstance): EmbedRuntime | undefined {
  return runtimes.get(app);
}

export function registerEmbed(app: FastifyInstance, deps: HttpDeps, routes: RouteTable): void {
  const settingsFor = createSettingsCache(deps);
  const hub = new LiveHub(deps.events, createLiveRenderer(deps), { onError: (err) => deps.log.error({ err }, 'live update failed') });
  runtimes.set(app, { hub });
  // Back from a Redis outage: other processes' writes in the meantime may not have reached this
  // process's response cache, so start it afresh (their queued events follow).
  if (isSharedBus(deps.events)) {
    const off = deps.events.onResync(() => deps.cache.clear());
    app.addHook('onClose', async () => off());
  }
  registerEmbedAssets(app);
  registerEmbedFrame(app, deps, settingsFor, hub);
  registerEmbedSignIn(app, routes, deps, settingsFor);
  registerEmbedFragments(routes, deps, settingsFor);
  registerEmbedCounts(routes, deps, settingsFor);
  registerLiveRoutes(app, routes, deps, settingsFor, hub);
}
