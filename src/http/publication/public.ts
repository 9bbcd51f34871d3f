// Public pages and documents of the publication: section, tag and author pages, search, feeds,
// sitemaps, robots.txt, and uploaded images. Anyone may read them; they only read.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { getReadableArticle } from '../../services/comments/readThread.js';
import { searchArticles } from '../../services/search/searchArticles.js';
import { isVariantFileName } from '../../services/images/naming.js';
import type { TermKind } from '../../store/store.js';
import { basePageContext } from '../page-context.js';
import { html } from '../pages.js';
import { presentArticle } from '../presenters.js';
import { validationError } from '../problem.js';
import type { HttpDeps } from '../server.js';
import { renderListPage } from '../views/pages/publication/lists.js';
import { type FeedFormat, listPath } from '../views/pages/publication/paths.js';
import { renderSearchPage } from '../views/pages/publication/search.js';
import { publicBase } from './base.js';
import type { DocumentCache } from './cache.js';
import { COMMENTS_FEED_SIZE, FEED_SIZE, buildArticleFeed, buildCommentsFeed, feedContentType } from './feeds.js';
import { NEWS_LIMIT, NEWS_WINDOW_MS, SITEMAP_ARTICLES, buildNewsSitemap, buildRobots, buildSitemap } from './sitemaps.js';

const LIST_PAGE = 20;
const Key = z.string().min(1).max(200);
const Before = z.object({ before: z.string().max(200).optional() }).passthrough();

function parse<T extends z.ZodType>(schema: T, value: unknown, where: 'query' | 'params'): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(where, r.error);
  return r.data;
}

export function encodeListCursor(a: { publishedAt: string | null; id: string }): string {
  return Buffer.from(`${a.publishedAt ?? ''}|${a.id}`).toString('base64url');
}

export function decodeListCursor(cursor: string): { publishedAt: string; id: string } {
  const [publishedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!publishedAt || !id || !/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(publishedAt) || !/^[0-9A-Za-z_-]{1,64}$/.test(id)) {
    throw new AppError('bad_cursor', { fields: [{ field: 'before', code: 'bad_cursor', message: 'Not a cursor from this list.' }] });
  }
  return { publishedAt, id };
}

async function sendDocument(
  cache: DocumentCache,
  req: FastifyRequest,
  reply: FastifyReply,
  key: string,
  maxAge: number,
  build: () => Promise<{ body: string; type: string }>,
): Promise<FastifyReply> {
  let entry = cache.get(key);
  if (!entry) {
    const built = await build();
    entry = cache.set(key, built.body, built.type);
  }
  reply.header('etag', entry.etag).header('cache-control', `public, max-age=${maxAge}`).type(entry.contentType);
  if (req.headers['if-none-match'] === entry.etag) return reply.code(304).send();
  return reply.send(entry.body);
}

const IMAGE_TYPES: Record<string, string> = { '.avif': 'image/avif', '.webp': 'image/webp', '.jpg': 'image/jpeg', '.png': 'image/png' };

export function registerPublicRoutes(app: FastifyInstance, deps: HttpDeps, docs: DocumentCache, imageDir: string): void {
  const docKey = (req: FastifyRequest, what: string) => `${req.parley.site.id}|${publicBase(deps, req)}|${what}`;

  // ---- Section, tag and author pages ---------------------------------------------------------
  const listRoute = (kind: TermKind, prefix: string) =>
    app.get(`${prefix}/:key`, async (req, reply) => {
      const { key } = parse(z.object({ key: Key }), req.params, 'params');
      const { before } = parse(Before, req.query, 'query');
      const { site } = req.parley;
      const [term, author] = await Promise.all([
        deps.store.getTerm({ siteId: site.id, kind, key }),
        kind === 'author' ? deps.store.getAuthor({ siteId: site.id, key }) : Promise.resolve(undefined),
      ]);
      if (!term && !author) throw new AppError('not_found', { detail: `No ${kind} “${key}” on this site.` });
      const articles = await deps.store.listPublishedArticles({
        siteId: site.id,
        term: { kind, key },
        limit: LIST_PAGE + 1,
        ...(before ? { before: decodeListCursor(before) } : {}),
      });
      const shown = articles.slice(0, LIST_PAGE);
      const now = deps.clock();
      return html(
        reply,
        renderListPage(basePageContext(deps, req, { canonicalUrl: `${publicBase(deps, req)}${listPath(kind, key)}` }), {
          kind,
          key,
          name: author?.name ?? term!.name,
          count: term?.count ?? 0,
          bio: author?.bio,
          articles: shown.map((a) => presentArticle(a, now)),
          nextCursor: articles.length > LIST_PAGE ? encodeListCursor(shown.at(-1)!) : null,
          continued: Boolean(before),
        }),
      );
    });
  listRoute('section', '/sections');
  listRoute('tag', '/tags');
  listRoute('author', '/authors');

  // ---- Search ----------------------------------------------------------------------------------
  app.get('/search', async (req, reply) => {
    const q = parse(z.object({ q: z.string().max(1000).optional(), page: z.coerce.number().int().min(1).max(100).catch(1).optional() }).passthrough(), req.query, 'query');
    const result = await searchArticles(deps, { site: req.parley.site, query: q.q ?? '', page: q.page ?? 1 });
    const now = deps.clock();
    return html(
      reply,
      renderSearchPage(basePageContext(deps, req), {
        query: result.query,
        page: result.page,
        pageCount: result.pageCount,
        total: result.total,
        hits: result.hits.map((h) => ({ article: presentArticle(h.article, now), snippetHtml: h.snippetHtml })),
      }),
    );
  });

  // ---- Feeds -----------------------------------------------------------------------------------
  const formats: [FeedFormat, string][] = [
    ['rss', 'feed.xml'],
    ['atom', 'feed.atom'],
    ['json', 'feed.json'],
  ];
  for (const [format, file] of formats) {
    app.get(`/${file}`, async (req, reply) =>
      sendDocument(docs, req, reply, docKey(req, `feed|${format}`), 300, async () => {
        const { site } = req.parley;
        const articles = await deps.store.listPublishedArticles({ siteId: site.id, limit: FEED_SIZE });
        const spec = { base: publicBase(deps, req), site, title: site.name, description: `The latest articles of ${site.name}.`, pagePath: '/', articles };
        return { body: buildArticleFeed(spec, format), type: feedContentType(format) };
      }),
    );
    for (const [kind, prefix] of [
      ['section', '/sections'],
      ['tag', '/tags'],
    ] as const) {
      app.get(`${prefix}/:key/${file}`, async (req, reply) => {
        const { key } = parse(z.object({ key: Key }), req.params, 'params');
        return sendDocument(docs, req, reply, docKey(req, `feed|${format}|${kind}|${key}`), 300, async () => {
          const { site } = req.parley;
          const term = await deps.store.getTerm({ siteId: site.id, kind, key });
          if (!term) throw new AppError('not_found', { detail: `No ${kind} “${key}” on this site.` });
          const articles = await deps.store.listPublishedArticles({ siteId: site.id, term: { kind, key }, limit: FEED_SIZE });
          const title = kind === 'section' ? `${term.name} · ${site.name}` : `Articles tagged “${term.name}” · ${site.name}`;
          const spec = { base: publicBase(deps, req), site, title, description: `The latest of ${site.name} under “${term.name}”.`, pagePath: listPath(kind, key), list: { kind, key }, articles };
          return { body: buildArticleFeed(spec, format), type: feedContentType(format) };
        });
      });
    }
  }

  app.get('/articles/:slug/comments.atom', async (req, reply) => {
    const { slug } = parse(z.object({ slug: Key }), req.params, 'params');
    const { site } = req.parley;
    // The feed is public: the article must be readable by anyone, whoever asks.
    const article = await getReadableArticle(deps, site, { user: null, role: null }, { slug });
    return sendDocument(docs, req, reply, docKey(req, `comments|${article.id}`), 60, async () => {
      const comments = await deps.store.listRecentComments({ siteId: site.id, articleId: article.id, limit: COMMENTS_FEED_SIZE });
      const users = new Map((await deps.store.getUsers({ ids: comments.map((c) => c.authorId) })).map((u) => [u.id, u]));
      return { body: buildCommentsFeed({ base: publicBase(deps, req), site, article, comments, users }), type: 'application/atom+xml; charset=utf-8' };
    });
  });

  // ---- Sitemaps and robots.txt ----------------------------------------------------------------
  app.get('/sitemap.xml', async (req, reply) =>
    sendDocument(docs, req, reply, docKey(req, 'sitemap'), 600, async () => {
      const { site } = req.parley;
      const [articles, sections, tags, authors] = await Promise.all([
        deps.store.listSitemapEntries({ siteId: site.id, limit: SITEMAP_ARTICLES }),
        deps.store.listTerms({ siteId: site.id, kind: 'section', limit: 500 }),
        deps.store.listTerms({ siteId: site.id, kind: 'tag', limit: 2000 }),
        deps.store.listTerms({ siteId: site.id, kind: 'author', limit: 2000 }),
      ]);
      return { body: buildSitemap({ base: publicBase(deps, req), articles, terms: [...sections, ...tags, ...authors] }), type: 'application/xml; charset=utf-8' };
    }),
  );

  app.get('/news-sitemap.xml', async (req, reply) =>
    sendDocument(docs, req, reply, docKey(req, 'news-sitemap'), 300, async () => {
      const { site } = req.parley;
      const since = new Date(deps.clock().getTime() - NEWS_WINDOW_MS).toISOString();
      const articles = await deps.store.listSitemapEntries({ siteId: site.id, limit: NEWS_LIMIT, since });
      return { body: buildNewsSitemap({ base: publicBase(deps, req), site, articles }), type: 'application/xml; charset=utf-8' };
    }),
  );

  app.get('/robots.txt', async (req, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('text/plain; charset=utf-8').send(buildRobots(publicBase(deps, req))),
  );

  // ---- Uploaded images: content-hashed names, so cached for a year ----------------------------
  app.get('/media/i/:file', async (req, reply) => {
    const { file } = req.params as { file: string };
    if (!isVariantFileName(file)) throw new AppError('not_found');
    const full = path.join(imageDir, file);
    let size: number;
    try {
      size = (await fs.promises.stat(full)).size;
    } catch {
      throw new AppError('not_found');
    }
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('content-length', String(size))
      .type(IMAGE_TYPES[path.extname(file)]!)
      .send(fs.createReadStream(full));
  });
}
