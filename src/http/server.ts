// Builds the HTTP app: parsing, who is asking (site and actor), CSRF, security headers, errors
// as problem documents or pages. Routes themselves are declared in routes.ts.
import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { AppError, ERRORS, isAppError, type ErrorCode } from '../domain/errors.js';
import type { Actor, Role, Site, User } from '../domain/types.js';
import { resolveSession } from '../services/accounts/sessions.js';
import type { ServiceDeps } from '../services/deps.js';
import type { ResponseCache } from './cache.js';
import { CSRF_COOKIE, SESSION_COOKIE, csrfTokenFor, tokensMatch } from './csrf.js';
import { problemFor, validationError } from './problem.js';
import { ZodError } from 'zod';
import type { Limits } from './rate-limits.js';
import { registerRoutes } from './routes.js';
import { renderErrorPage } from './views/index.js';
import { basePageContext } from './page-context.js';

export interface HttpDeps extends ServiceDeps {
  config: Config;
  /** HMAC key for CSRF tokens. */
  secret: string;
  limits: Limits;
  cache: ResponseCache;
  log: { error(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };
}

export interface RequestContext {
  site: Site;
  actor: Actor;
  user: User | null;
  /** How the user was authenticated, if at all. */
  auth: 'cookie' | 'bearer' | null;
  sessionToken: string | null;
  /** CSP nonce of an HTML response; created on first use. */
  nonce: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    parley: RequestContext;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const BODY_LIMIT = 256 * 1024;

export function isApiRequest(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/');
}

/**
 * The "nonce" of a page whose executable scripts are all files of this origin (the cached
 * article pages): its elements carry no nonce attribute and its CSP allows `'self'` only.
 */
export const NO_NONCE = '';

export function nonceFor(req: FastifyRequest): string {
  req.parley.nonce ??= randomBytes(16).toString('base64');
  return req.parley.nonce;
}

/** The CSRF token for this visitor, or '' when they hold nothing to bind it to. */
export function csrfFor(deps: HttpDeps, req: FastifyRequest): string {
  if (req.parley.auth === 'cookie' && req.parley.sessionToken) return csrfTokenFor(deps.secret, `s:${req.parley.sessionToken}`);
  const anon = req.cookies[CSRF_COOKIE];
  return anon ? csrfTokenFor(deps.secret, `a:${anon}`) : '';
}

function pageCsp(nonce: string | null): string {
  if (!nonce) return STATIC_PAGE_CSP;
  return cspWithScripts(`'self' 'nonce-${nonce}'`);
}

function cspWithScripts(script: string): string {
  return [
    `default-src 'none'`,
    `script-src ${script}`,
    `style-src 'self'`,
    `img-src 'self' data: https:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `form-action 'self'`,
    `base-uri 'none'`,
    `frame-ancestors 'none'`,
    `manifest-src 'self'`,
  ].join('; ');
}

const STATIC_PAGE_CSP = cspWithScripts(`'self'`);

export function createSiteResolver(deps: Pick<HttpDeps, 'store'>) {
  const bySlug = new Map<string, Site>();
  let fallback: Site | undefined;
  return {
    async resolve(slug: string | undefined): Promise<Site | undefined> {
      if (slug) {
        const cached = bySlug.get(slug);
        if (cached) return cached;
        const site = await deps.store.getSiteBySlug({ slug });
        if (site) bySlug.set(slug, site);
        return site;
      }
      if (!fallback) fallback = (await deps.store.listSites())[0];
      return fallback;
    },
    forget(): void {
      bySlug.clear();
      fallback = undefined;
    },
  };
}

export async function buildHttpApp(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT,
    trustProxy: deps.config.TRUST_PROXY,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
    return503OnClosing: true,
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: BODY_LIMIT });

  // JSON bodies: an empty body is an empty object (DELETE with a content type), bad JSON is a
  // field-level validation error rather than a generic 400.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(
        new AppError('validation_failed', {
          detail: `The request body is not valid JSON: ${(err as Error).message}`,
          fields: [{ field: 'body', code: 'invalid_json', message: 'Not valid JSON' }],
        }),
        undefined,
      );
    }
  });

  const sites = createSiteResolver(deps);
  app.decorateRequest('parley', null as unknown as RequestContext);

  app.addHook('onRequest', async (req) => {
    const query = req.query as Record<string, unknown>;
    const slug = (req.headers['x-parley-site'] as string | undefined) ?? (typeof query.site === 'string' ? query.site : undefined);
    const site = await sites.resolve(slug);
    if (!site) throw new AppError('not_found', { detail: slug ? `No site "${slug}" here.` : 'No site has been set up yet.' });
    let signedIn: { user: User; role: Role } | null = null;
    let auth: RequestContext['auth'] = null;
    let sessionToken: string | null = null;
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      sessionToken = header.slice(7).trim();
      signedIn = await resolveSession(deps, sessionToken, 'bearer', site.id);
      if (!signedIn) throw new AppError('unauthenticated', { detail: 'The bearer token is invalid or expired.' });
      auth = 'bearer';
    } else {
      const cookieToken = req.cookies[SESSION_COOKIE];
      if (cookieToken) {
        signedIn = await resolveSession(deps, cookieToken, 'cookie', site.id);
        if (signedIn) {
          auth = 'cookie';
          sessionToken = cookieToken;
        }
      }
    }
    const user = signedIn?.user ?? null;
    const role = signedIn?.role ?? null;
    req.parley = { site, actor: { user, role }, user, auth, sessionToken, nonce: null };
  });

  // CSRF: every unsafe request that is not bearer-authenticated.
  app.addHook('preHandler', async (req) => {
    if (!UNSAFE.has(req.method) || req.parley.auth === 'bearer') return;
    const origin = req.headers.origin;
    if (origin && origin !== 'null') {
      const allowed = new Set([`${req.protocol}://${req.host}`]);
      if (deps.config.PUBLIC_URL) allowed.add(new URL(deps.config.PUBLIC_URL).origin);
      if (!allowed.has(origin)) throw new AppError('csrf_failed', { detail: 'Cross-site requests are not accepted.' });
    } else if (origin === 'null') {
      throw new AppError('csrf_failed', { detail: 'Requests from opaque origins are not accepted.' });
    }
    const body = req.body as Record<string, unknown> | undefined;
    const given = (req.headers['x-csrf-token'] as string | undefined) ?? (typeof body?._csrf === 'string' ? body._csrf : undefined);
    const hasCookies = Boolean(req.cookies[SESSION_COOKIE] || req.cookies[CSRF_COOKIE]);
    const isJson = (req.headers['content-type'] ?? '').startsWith('application/json');
    if (!hasCookies && isJson) return; // no ambient authority to ride on
    const expected = csrfFor(deps, req);
    if (!expected || !tokensMatch(expected, given)) throw new AppError('csrf_failed');
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (!reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', type.startsWith('text/html') ? pageCsp(req.parley?.nonce ?? null) : "default-src 'none'; frame-ancestors 'none'");
    }
    return payload;
  });

  app.setErrorHandler(async (error, req, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) deps.log.error({ err: error, url: req.url, method: req.method }, 'request failed');
    if (appError.retryAfter) reply.header('retry-after', String(appError.retryAfter));
    return sendError(deps, req, reply, appError);
  });

  app.setNotFoundHandler(async (req, reply) => {
    // Requests that never reached onRequest (unknown site) still need a context for the page.
    return sendError(deps, req, reply, new AppError('not_found', { detail: `Nothing at ${req.url.split('?')[0]}.` }));
  });

  registerRoutes(app, deps, sites);
  return app;
}

function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof ZodError) return validationError('params', error);
  const e = error as { statusCode?: number; code?: string; message?: string };
  const byCode: Record<string, ErrorCode> = {
    FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
    FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
    FST_ERR_CTP_EMPTY_JSON_BODY: 'validation_failed',
  };
  const mapped = e.code ? byCode[e.code] : undefined;
  if (mapped) return new AppError(mapped);
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    if (e.statusCode === 405) return new AppError('method_not_allowed');
    if (e.statusCode === 404) return new AppError('not_found');
    return new AppError('validation_failed', { detail: e.message ?? 'Bad request' });
  }
  return new AppError('internal');
}

export async function sendError(deps: HttpDeps, req: FastifyRequest, reply: FastifyReply, err: AppError): Promise<FastifyReply> {
  reply.code(err.status);
  const wantsHtml = !isApiRequest(req) && (req.headers.accept ?? '').includes('text/html');
  if (wantsHtml && req.parley) {
    const ctx = basePageContext(deps, req);
    return reply.type('text/html; charset=utf-8').send(renderErrorPage(ctx, { status: err.status, title: ERRORS[err.code].title, detail: err.detail ?? '', path: req.url.split('?')[0] }));
  }
  return reply.type('application/problem+json').send(problemFor(err));
}
