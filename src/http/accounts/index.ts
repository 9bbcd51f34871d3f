// Everything accounts add to the HTTP app, called once from registerRoutes (routes.ts).
import type { FastifyInstance } from 'fastify';
import type { RouteTable } from '../route-kit.js';
import type { HttpDeps } from '../server.js';
import type { Site } from '../../domain/types.js';
import type { SignInOptionsView } from '../views/pages/accounts/signin-options.js';
import { getSignInSettings } from '../../services/accounts/siteSettings.js';
import { registerAdminApi } from './admin-api.js';
import { registerAdminPages } from './admin-pages.js';
import { registerAccountApi } from './api.js';
import { registerExternalSignIn } from './external.js';
import { registerAccountPages } from './pages.js';
import { startAccountRuntime } from './runtime.js';

export function registerAccounts(app: FastifyInstance, routes: RouteTable, deps: HttpDeps): void {
  startAccountRuntime(app, deps);
  registerAccountApi(routes, deps);
  registerAdminApi(routes, deps);
  registerExternalSignIn(app, deps);
  registerAccountPages(app, deps);
  registerAdminPages(app, deps);
}

export { accountsOf, linksFor, mailWorkerOf } from './runtime.js';
export { openSession, passwordSignIn } from './session.js';

/** What the sign-in page offers besides the password: providers of the site, emailed links. */
export async function signInOptions(deps: HttpDeps, site: Site): Promise<SignInOptionsView> {
  const [providers, settings] = await Promise.all([deps.store.listOidcProviders({ siteId: site.id }), getSignInSettings(deps.store, site.id)]);
  const start = (slug: string) => `/auth/oidc/${encodeURIComponent(slug)}?site=${encodeURIComponent(site.slug)}`;
  return { providers: providers.map((p) => ({ slug: p.slug, name: p.name, start: start(p.slug) })), signInLinks: settings.signInLinks };
}
