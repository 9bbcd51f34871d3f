// The page inside the embed's iframe (issue 7). It is the same for every reader of a page (the
// frame never sees cookies; a signed-in reader's view comes from one API request after load),
// so it is cached like the anonymous article page, and may be framed only by the origin the host
// page declared, which must be on the site's allow-list.
import type { FastifyInstance } from 'fastify';
import { isAppError } from '../../domain/errors.js';
import { canOnArticle } from '../../domain/policies/article.js';
import type { Actor } from '../../domain/types.js';
import { pluralForms, translatorFor } from '../../i18n/index.js';
import type { Translator } from '../../i18n/translate.js';
import { listThread } from '../../services/comments/readThread.js';
import type { LiveHub } from '../../realtime/hub.js';
import { presentArticle, presentThread } from '../presenters.js';
import { validationError } from '../problem.js';
import { nonceFor, type HttpDeps } from '../server.js';
import { embedDiscussionProps, renderDiscussion } from '../views/pages/embed/fragments.js';
import { renderEmbedFrame, type EmbedFrameState } from '../views/pages/embed/frame.js';
import { loadEmbedManifest } from './build.js';
import { languageOf, type SettingsCache } from './context.js';
import { normalizeOrigin } from './normalize.js';
import * as E from './schemas.js';
import { findOrCreateThread } from './threads.js';

const NONCE_SLOT = 'PARLEYNONCESLOT1';
const POS_SLOT = 'PARLEYPOSSLOT000';
const ANONYMOUS: Actor = { user: null, role: null };

/** CSP of the frame: its own files, the nonce, and framing by exactly one allowed origin. */
export function frameCsp(nonce: string, ancestor: string | null): string {
  return [
    `default-src 'none'`,
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self'`,
    `img-src 'self' data: https:`,
    `connect-src 'self'`,
    `form-action 'self'`,
    `base-uri 'none'`,
    `frame-ancestors ${ancestor ?? `'none'`}`,
  ].join('; ');
}

/** Texts the frame's script shows itself, in the frame's language. */
export function clientStrings(t: Translator, lang: string): EmbedFrameState['s'] {
  return {
    new: pluralForms(lang, 'Show {n} new comment', 'Show {n} new comments'),
    shown: pluralForms(lang, '{n} new comment shown.', '{n} new comments shown.'),
    latest: t('Show the latest comments'),
    reported: t('Thank you. The moderators will review this comment.'),
    signedIn: t('You are signed in.'),
    signedOut: t('You are signed out.'),
    popupBlocked: t('The sign-in window was blocked. Allow pop-ups for this page and try again.'),
    offline: t('Could not reach the server. Check your connection and try again.'),
    error: t('Something went wrong. Please try again.'),
    'error.unauthenticated': t('Your session has ended. Sign in again to continue.'),
    'error.rate_limited': t('Too many requests; wait a moment and try again.'),
    'error.comments_closed': t('Comments on this article are closed.'),
    'error.edit_window_closed': t('The time for editing this comment has passed.'),
    'error.comment_empty': t('The comment is empty.'),
    'error.comment_too_long': t('The comment is too long.'),
  };
}

export function registerEmbedFrame(app: FastifyInstance, deps: HttpDeps, settingsFor: SettingsCache, hub: LiveHub): void {
  app.get('/embed/frame', async (req, reply) => {
    const parsed = E.FrameQuery.safeParse(req.query);
    if (!parsed.success) throw validationError('query', parsed.error);
    const q = parsed.data;
    const { site } = req.parley;
    // The live stream's starting position, taken before the discussion is read: whatever
    // arrives after it may be missing from the page, whatever arrived before is in it.
    const position = hub.positionId();
    const settings = await settingsFor(site.id);
    const origin = normalizeOrigin(q.origin);
    const allowed = origin !== null && settings.allowedOrigins.includes(origin);
    const lang = languageOf(req, q.lang, settings);
    const t = translatorFor(lang);
    const nonce = nonceFor(req);
    const manifest = loadEmbedManifest();
    const send = (status: number, body: string) =>
      reply
        .code(status)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', frameCsp(nonce, allowed ? origin : null))
        .send(body.split(NONCE_SLOT).join(nonce).split(POS_SLOT).join(position));

    const frame = (discussionHtml: string | null, articleId: string | null) =>
      renderEmbedFrame({
        lang,
        t,
        nonce: NONCE_SLOT,
        assets: { css: [`/embed/${manifest.frameCss}`], js: [`/embed/${manifest.frameJs}`] },
        scheme: q.scheme ?? null,
        discussionHtml,
        home: deps.config.PUBLIC_URL ?? '/',
        state: { site: site.slug, article: articleId, origin: origin ?? '', lang, sort: q.sort, pos: POS_SLOT, s: clientStrings(t, lang) },
      });

    if (!allowed) return send(403, frame(null, null));
    let article;
    try {
      const limit = () => deps.limits.consume('writeIp', req.ip);
      article = (await findOrCreateThread(deps, site, settings, { url: q.url, id: q.id ?? null, title: q.title }, limit)).article;
    } catch (err) {
      if (!isAppError(err) || err.status >= 500) throw err;
      return send(err.status, frame(null, null));
    }
    const now = deps.clock();
    if (!article || !canOnArticle(ANONYMOUS, 'read', article, now)) return send(200, frame(null, null));

    const key = `embed|${lang}|${q.sort}|${q.scheme ?? ''}|${origin}`;
    let entry = deps.cache.get(article.id, key);
    if (!entry) {
      const pctx = { site, actor: ANONYMOUS, now };
      const data = await listThread(deps, { site, actor: ANONYMOUS, article, sort: q.sort });
      const view = presentArticle(article, now);
      const props = embedDiscussionProps({ lang, article: view, page: presentThread(pctx, data), sort: q.sort, pending: [], signedIn: false });
      entry = deps.cache.set(article.id, key, frame(renderDiscussion(t, props), article.id), 'text/html; charset=utf-8');
    }
    return send(200, entry.body.toString('utf8'));
  });
}
