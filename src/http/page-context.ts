// What every server-rendered page needs to know about the request.
import type { FastifyRequest } from 'fastify';
import { ERRORS, type ErrorCode } from '../domain/errors.js';
import { loadAssets } from './assets.js';
import { presentMe } from './presenters.js';
import type { HttpDeps } from './server.js';
import { csrfFor, nonceFor } from './server.js';
import type { PageContext } from './views/index.js';

// Notices a redirect may ask for by name (never free text from the URL).
const NOTICES: Record<string, string> = {
  posted: 'Your comment is published.',
  pending: 'Thanks — your comment is awaiting review by a moderator.',
  edited: 'Your comment was updated.',
  deleted: 'Your comment was deleted.',
  reported: 'Thanks — moderators will look at this comment.',
  signed_in: 'You are signed in.',
  signed_out: 'You are signed out.',
  signed_up: 'Welcome! Your account is ready.',
};

function noticeFrom(req: FastifyRequest): PageContext['notice'] {
  const q = req.query as Record<string, unknown>;
  if (typeof q.notice === 'string' && NOTICES[q.notice]) return { kind: 'info', text: NOTICES[q.notice]! };
  if (typeof q.error === 'string' && q.error in ERRORS) return { kind: 'error', text: ERRORS[q.error as ErrorCode].title };
  return null;
}

export function basePageContext(deps: HttpDeps, req: FastifyRequest, overrides: Partial<PageContext> = {}): PageContext {
  const { site, user, actor } = req.parley;
  return {
    siteName: site.name,
    me: user ? presentMe(user, actor) : null,
    csrf: csrfFor(deps, req),
    nonce: nonceFor(req),
    assets: loadAssets(),
    notice: noticeFrom(req),
    ...overrides,
  };
}
