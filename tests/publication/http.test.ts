// The publication over HTTP, on SQLite and PostgreSQL: the CMS API, the editor's forms, the
// section, tag, author and search pages, feeds (parsed by a real feed parser), sitemaps,
// robots.txt, and what article pages tell machines (canonical, social cards, JSON-LD).
import { parseFeed } from '@rowanmanning/feed-parser';
import { SaxesParser } from 'saxes';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticleInputSchema, type ArticleInputRaw } from '../../src/services/articles/input.js';
import { saveArticle } from '../../src/services/articles/saveArticle.js';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/app.js';

const kinds = await databaseKinds();
const BASE = 'https://news.example';

const jpeg = (w = 480, h = 320) => sharp({ create: { width: w, height: h, channels: 3, background: { r: 40, g: 110, b: 170 } } }).jpeg().toBuffer();

async function multipart(fields: Record<string, string | { data: Buffer; filename: string; type: string }>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (typeof v === 'string') form.append(k, v);
    else form.append(k, new Blob([new Uint8Array(v.data)], { type: v.type }), v.filename);
  }
  const req = new Request('http://x/', { method: 'POST', body: form });
  return { payload: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type')! };
}

/** Elements of an XML document as [name, text] pairs, in order (checks it is well-formed, too). */
function xmlElements(xml: string): { name: string; text: string; attrs: Record<string, string> }[] {
  const out: { name: string; text: string; attrs: Record<string, string> }[] = [];
  const stack: { name: string; text: string; attrs: Record<string, string> }[] = [];
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => stack.push({ name: tag.name, text: '', attrs: tag.attributes as Record<string, string> }));
  parser.on('text', (text) => {
    if (stack.length) stack[stack.length - 1]!.text += text;
  });
  parser.on('closetag', () => out.push(stack.pop()!));
  parser.write(xml).close();
  return out;
}

describe.each(kinds)('the publication over HTTP on $kind', ({ create }) => {
  let t: TestApp;
  let desk: TestUser;
  let reader: TestUser;
  const cms = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown, as: TestUser | null = desk) =>
    t.request({ method, url, ...(as ? { as } : {}), ...(payload !== undefined ? { payload: payload as object } : {}) });
  const html = (url: string, headers: Record<string, string> = {}) => t.request({ method: 'GET', url, headers: { accept: 'text/html', ...headers } });
  const save = (raw: Partial<ArticleInputRaw>) =>
    saveArticle(t.parley.deps, { site: t.site, actor: null, input: ArticleInputSchema.parse({ title: 'x', body: 'Text.', ...raw }) });

  beforeAll(async () => {
    t = await startTestApp(await create(), { env: { PUBLIC_URL: BASE } });
    desk = await t.signUp('desk_ana', 'staff');
    reader = await t.signUp('reader_rob');
  });
  afterAll(async () => t?.close());

  describe('CMS API', () => {
    let imageSrc: string;

    it('is in the OpenAPI document', async () => {
      const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { operationId: string }>>; components: { schemas: Record<string, unknown> } };
      const ops = Object.values(doc.paths).flatMap((m) => Object.values(m).map((o) => o.operationId));
      for (const id of ['upsertArticle', 'getArticleByExternalId', 'unpublishArticle', 'previewArticle', 'uploadImage']) expect(ops).toContain(id);
      expect(new Set(ops).size).toBe(ops.length);
      const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
      for (const ref of refs) expect(doc.components.schemas).toHaveProperty(ref);
    });

    it('is for staff only', async () => {
      const body = { title: 'Nope', body: 'x' };
      const anon = await cms('PUT', '/api/v1/cms/articles/a-1', body, null);
      expect(anon.statusCode).toBe(401);
      expect(anon.headers['content-type']).toContain('application/problem+json');
      const commenter = await cms('PUT', '/api/v1/cms/articles/a-1', body, reader);
      expect(commenter.statusCode).toBe(403);
      expect(commenter.json()).toMatchObject({ code: 'forbidden' });
    });

    it('answers bad input with field errors', async () => {
      const res = await cms('PUT', '/api/v1/cms/articles/a-1', { title: '', publishedAt: 'yesterday', colour: 'red', tags: 'one' });
      expect(res.statusCode).toBe(400);
      const errors = (res.json() as { errors: { field: string; message: string }[] }).errors;
      expect(errors.map((e) => e.field).sort()).toEqual(['body', 'publishedAt', 'tags', 'title']);
      // An unknown key is named (the whole body is at fault, so the field is "body").
      expect(errors.find((e) => e.field === 'body')?.message).toContain('colour');
    });

    it('uploads images from their bytes and refuses what is not one', async () => {
      const res = await t.request({ method: 'POST', url: '/api/v1/cms/images?name=quay.jpg', as: desk, payload: await jpeg(), headers: { 'content-type': 'image/jpeg' } });
      expect(res.statusCode, res.body).toBe(201);
      const image = (res.json() as { image: { src: string; width: number; srcset: { avif: string } } }).image;
      expect(image).toMatchObject({ width: 480, height: 320 });
      expect(image.srcset.avif).toMatch(/-320\.avif 320w, .*-480\.avif 480w$/);
      imageSrc = image.src;
      const fake = await t.request({ method: 'POST', url: '/api/v1/cms/images', as: desk, payload: Buffer.from('GIF89a not really'), headers: { 'content-type': 'image/jpeg' } });
      expect(fake.statusCode).toBe(422);
      expect(fake.json()).toMatchObject({ code: 'image_rejected' });
      const text = await t.request({ method: 'POST', url: '/api/v1/cms/images', as: desk, payload: 'hello', headers: { 'content-type': 'text/plain' } });
      expect(text.statusCode).toBe(415);
      // Without a bearer token, a non-JSON post must carry a CSRF token: refused before anything else.
      const anon = await t.request({ method: 'POST', url: '/api/v1/cms/images', payload: await jpeg(), headers: { 'content-type': 'image/jpeg' } });
      expect(anon.statusCode).toBe(403);
      expect(anon.json()).toMatchObject({ code: 'csrf_failed' });
    });

    it('creates, leaves unchanged, updates, reads and unpublishes by external id', async () => {
      const article = {
        title: 'Ferry fares frozen',
        dek: 'The council keeps prices for another year.',
        body: 'Fares stay at **two pounds**.',
        authors: ['Ana Ruiz'],
        tags: ['Ferries', 'Council'],
        section: 'Local News',
        leadImage: { src: imageSrc, alt: 'The ferry at the landing stage', caption: 'The ferry', credit: 'Photo: Desk' },
      };
      const created = await cms('PUT', '/api/v1/cms/articles/cms-9', article);
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ outcome: 'created', article: { slug: 'ferry-fares-frozen', state: 'published', externalId: 'cms-9', leadImage: { width: 480, height: 320 } } });
      const same = await cms('PUT', '/api/v1/cms/articles/cms-9', article);
      expect(same.statusCode).toBe(200);
      expect(same.json()).toMatchObject({ outcome: 'unchanged' });
      const changed = await cms('PUT', '/api/v1/cms/articles/cms-9', { ...article, body: 'Fares stay at two pounds until April.' });
      expect(changed.json()).toMatchObject({ outcome: 'updated' });
      const read = await cms('GET', '/api/v1/cms/articles/cms-9');
      expect(read.json()).toMatchObject({ article: { markdown: 'Fares stay at two pounds until April.\n', state: 'published' } });
      const page = await html('/articles/ferry-fares-frozen');
      expect(page.body).toContain('<picture><source type="image/avif"');
      expect(page.body).toContain('alt="The ferry at the landing stage"');
    });

    it('refuses to publish without alt text, saying where', async () => {
      const res = await cms('PUT', '/api/v1/cms/articles/cms-10', { title: 'No alt', body: 'x', leadImage: { src: imageSrc } });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'not_publishable', errors: [{ field: 'leadImage.alt', code: 'required' }] });
      const draft = await cms('PUT', '/api/v1/cms/articles/cms-10', { title: 'No alt', body: 'x', leadImage: { src: imageSrc }, status: 'draft' });
      expect(draft.json()).toMatchObject({ outcome: 'created', article: { state: 'draft' } });
      expect((await html('/articles/no-alt')).statusCode).toBe(404);
    });

    it('renders previews, figure problems included', async () => {
      const res = await cms('POST', '/api/v1/cms/preview', { body: `Hi *there*\n\n::: figure ${imageSrc}\nalt: Quay\n:::\n\n::: figure /media/i/ffffffffffffffffffff-320.jpg\nalt: Gone\n:::\n` });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { html: string; problems: { line: number; message: string }[] };
      expect(body.html).toContain('<p>Hi <em>there</em></p>');
      expect(body.html).toContain('<figure class="article-figure"><picture>');
      expect(body.problems).toEqual([{ line: 7, message: 'line 7: no uploaded image has that address; upload it first' }]);
    });

    it('unpublishes', async () => {
      const res = await cms('POST', '/api/v1/cms/articles/cms-9/unpublish', {});
      expect(res.json()).toMatchObject({ article: { state: 'draft' } });
      expect((await html('/articles/ferry-fares-frozen')).statusCode).toBe(404);
      expect((await cms('POST', '/api/v1/cms/articles/nope/unpublish', {})).statusCode).toBe(404);
      expect((await cms('PUT', '/api/v1/cms/articles/cms-9', { title: 'Ferry fares frozen', body: 'Back.' })).json()).toMatchObject({ article: { state: 'published' } });
    });
  });

  describe('the editor', () => {
    let cookie: string;
    let csrf: string;
    let articleId: string;

    async function session(user: TestUser) {
      const res = await t.request({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: user.email, password: user.password, session: 'cookie' } });
      const c = res.cookies.find((k) => k.name === 'parley_session')!;
      const jar = `${c.name}=${c.value}`;
      const page = await html('/search', { cookie: jar });
      return { cookie: jar, csrf: /name="parley-csrf" content="([^"]+)"/.exec(page.body)![1]! };
    }
    const post = async (url: string, fields: Record<string, string | { data: Buffer; filename: string; type: string }>) => {
      const { payload, contentType } = await multipart({ _csrf: csrf, ...fields });
      return t.request({ method: 'POST', url, payload, headers: { cookie, 'content-type': contentType, accept: 'text/html' } });
    };

    beforeAll(async () => {
      ({ cookie, csrf } = await session(desk));
    });

    it('sends strangers to sign in and refuses readers', async () => {
      const anon = await html('/editor');
      expect(anon.statusCode).toBe(303);
      expect(anon.headers.location).toBe('/signin?returnTo=%2Feditor');
      const r = await session(reader);
      const refused = await html('/editor/articles/new', { cookie: r.cookie });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('The editor is for the staff');
    });

    it('saves a draft, then shows it in the list', async () => {
      const res = await post('/editor/articles', { title: 'Tide gauges go online', dek: 'Readings every minute.', authors: 'Ana Ruiz, Tom Okafor', section: 'Science', tags: 'River, Data', body: 'The gauges report *every minute*.', intent: 'save' });
      expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
      const m = /^\/editor\/articles\/([0-9A-Z]{26})\?done=draft$/.exec(res.headers.location as string);
      expect(m).not.toBeNull();
      articleId = m![1]!;
      const edit = await html(`/editor/articles/${articleId}?done=draft`, { cookie });
      expect(edit.body).toContain('Saved as a draft.');
      expect(edit.body).toContain('value="Tide gauges go online"');
      expect(edit.body).toContain('<p>The gauges report <em>every minute</em>.</p>'); // the preview
      const list = await html('/editor?status=draft', { cookie });
      expect(list.body).toContain('Tide gauges go online');
      expect((await html('/articles/tide-gauges-go-online')).statusCode).toBe(404);
    });

    it('shows every problem next to its field, keeping what was written', async () => {
      const res = await post(`/editor/articles/${articleId}`, {
        title: '',
        body: 'Still here.',
        leadImageFile: { data: Buffer.from('not an image'), filename: 'x.jpg', type: 'image/jpeg' },
        publishAt: '2020-01-01T10:00',
        intent: 'schedule',
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('class="error-summary" role="alert"');
      expect(res.body).toMatch(/<a href="#field-title">Give the article a title<\/a>/);
      expect(res.body).toMatch(/<a href="#field-leadImageFile">The file is not a JPEG/);
      expect(res.body).toMatch(/<a href="#field-publishAt">Choose a time in the future/);
      expect(res.body).toMatch(/<input id="field-title" name="title" aria-describedby="field-title-error" aria-invalid="true"/);
      expect(res.body).toContain('Still here.');
    });

    it('publishes with an uploaded lead image once it has alt text', async () => {
      const noAlt = await post(`/editor/articles/${articleId}`, { title: 'Tide gauges go online', body: 'The gauges report every minute.', leadImageFile: { data: await jpeg(640, 400), filename: 'gauge.jpg', type: 'image/jpeg' }, intent: 'publish' });
      expect(noAlt.statusCode).toBe(422);
      expect(noAlt.body).toMatch(/<a href="#field-leadImageAlt">Describe the lead image/);
      // The upload was kept: the form now refers to it.
      const src = /name="leadImageSrc" value="(\/media\/i\/[0-9a-f]{20}-640\.jpg)"/.exec(noAlt.body)?.[1];
      expect(src).toBeTruthy();
      const ok = await post(`/editor/articles/${articleId}`, { title: 'Tide gauges go online', authors: 'Ana Ruiz', section: 'Science', tags: 'River', body: 'The gauges report every minute.', leadImageSrc: src!, leadImageAlt: 'A tide gauge on the harbour wall', intent: 'publish' });
      expect(ok.statusCode).toBe(303);
      expect(ok.headers.location).toBe(`/editor/articles/${articleId}?done=published`);
      const page = await html('/articles/tide-gauges-go-online');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('alt="A tide gauge on the harbour wall"');
      expect(page.body).toContain('fetchpriority="high"');
    });

    it('previews without saving', async () => {
      const res = await post(`/editor/articles/${articleId}`, { title: 'Changed title', body: '## A subhead', intent: 'preview' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<h2>A subhead</h2>');
      expect((await t.parley.deps.store.getArticle({ siteId: t.site.id, id: articleId }))?.title).toBe('Tide gauges go online');
    });

    it('schedules, and unpublishes', async () => {
      const at = new Date(t.clock.now.getTime() + 86_400_000).toISOString().slice(0, 16);
      const res = await post(`/editor/articles/${articleId}`, { title: 'Tide gauges go online', body: 'x', intent: 'unpublish' });
      expect(res.headers.location).toBe(`/editor/articles/${articleId}?done=unpublished`);
      const scheduled = await post(`/editor/articles/${articleId}`, { title: 'Tide gauges go online', body: 'x', publishAt: at, intent: 'schedule' });
      expect(scheduled.headers.location).toBe(`/editor/articles/${articleId}?done=scheduled`);
      const list = await html('/editor?status=scheduled', { cookie });
      expect(list.body).toContain('Tide gauges go online');
      expect(list.body).toContain(`datetime="${at}:00.000Z"`);
    });

    it('refuses a form without its CSRF token', async () => {
      const { payload, contentType } = await multipart({ title: 'Sneaky', body: 'x', intent: 'publish' });
      const res = await t.request({ method: 'POST', url: '/editor/articles', payload, headers: { cookie, 'content-type': contentType, accept: 'text/html' } });
      expect(res.statusCode).toBe(403);
    });

    it('keeps authors’ bios', async () => {
      const res = await t.request({ method: 'POST', url: '/editor/authors', payload: new URLSearchParams({ _csrf: csrf, name: 'Ana Ruiz', bio: 'Ana reports on the river.' }).toString(), headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.statusCode).toBe(303);
      expect((await html('/authors/ana-ruiz')).body).toContain('Ana reports on the river.');
      expect((await html('/editor/authors', { cookie })).body).toContain('Ana reports on the river.');
    });

    it('serves its script for a year', async () => {
      const page = await html('/editor/articles/new', { cookie });
      const src = /<script type="module" src="(\/editor\/assets\/editor-[0-9a-f]{12}\.js)" nonce="[^"]+"/.exec(page.body)![1]!;
      const js = await t.request({ method: 'GET', url: src });
      expect(js.headers['content-type']).toContain('text/javascript');
      expect(js.headers['cache-control']).toContain('immutable');
      expect(js.body).toContain('/api/v1/cms/preview');
    });
  });

  describe('pages and feeds', () => {
    beforeAll(async () => {
      await save({ title: 'Lock gates reopen', section: 'Local News', tags: ['Canal'], authors: ['Tom Okafor'], body: 'The canal lock gates reopen after repairs.', publishedAt: '2026-02-28T09:00:00Z' });
      for (let i = 1; i <= 22; i++) await save({ title: `Council notes ${i}`, section: 'Council', tags: ['Minutes'], body: `Notes number ${i}.`, publishedAt: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 3_600_000).toISOString() });
      const articleId = (await t.parley.deps.store.getArticleBySlug({ siteId: t.site.id, slug: 'lock-gates-reopen' }))!.id;
      for (const body of ['Good news for the boats.', 'About time!']) {
        const r = await t.request({ method: 'POST', url: `/api/v1/articles/${articleId}/comments`, as: reader, payload: { body } });
        expect(r.statusCode).toBe(201);
      }
    });

    it('lists a section, a tag and an author, page by page', async () => {
      const section = await html('/sections/council');
      expect(section.statusCode).toBe(200);
      expect(section.body).toContain('<h1 class="page-title">Council</h1>');
      expect(section.body).toContain('22 articles');
      expect(section.body).toContain('Council notes 22');
      expect(section.body).not.toContain('Council notes 2<');
      const next = /href="(\/sections\/council\?before=[^"]+)" rel="next"/.exec(section.body)![1]!.replace(/&amp;/g, '&');
      const older = await html(next);
      expect(older.body).toContain('Council notes 2<');
      expect(older.body).toContain('<meta name="robots" content="noindex"/>');
      expect((await html('/tags/canal')).body).toContain('Articles tagged “Canal”');
      const author = await html('/authors/tom-okafor');
      expect(author.body).toContain('Lock gates reopen');
      expect((await html('/sections/council?before=garbage')).statusCode).toBe(400);
    });

    it('answers a missing page with a search for its words', async () => {
      const res = await html('/articles/lock-gates-reopened-again');
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('value="lock gates reopened again"');
      expect((await html('/tags/nothing-here')).statusCode).toBe(404);
    });

    it('searches, ranks and highlights', async () => {
      const res = await html('/search?q=lock%20gates');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('1 article matches “lock gates”');
      expect(res.body).toMatch(/<mark>lock<\/mark> <mark>gates<\/mark> reopen after repairs/);
      expect(res.body).toContain('<meta name="robots" content="noindex"/>');
      expect((await html('/search?q=%22%22%22((')).statusCode).toBe(200);
      expect((await html('/search?q=zzzzzz')).body).toContain('No articles match');
      expect((await html('/search?q=notes&page=abc')).statusCode).toBe(200);
      const paged = await html('/search?q=notes');
      expect(paged.body).toContain('Page 1 of 3');
    });

    it('offers RSS, Atom and JSON Feed with absolute links, for the site, a section and a tag', async () => {
      for (const url of ['/feed.xml', '/feed.atom', '/sections/local-news/feed.xml', '/tags/canal/feed.atom']) {
        const res = await t.request({ method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        const feed = parseFeed(res.body);
        expect(feed.meta.type).toBe(url.endsWith('.atom') ? 'atom' : 'rss');
        expect(feed.items.length).toBeGreaterThan(0);
        for (const item of feed.items) {
          expect(item.url).toMatch(/^https:\/\/news\.example\/articles\//);
          expect(item.published).toBeInstanceOf(Date);
        }
        expect(res.headers.etag).toBeTruthy();
        expect((await t.request({ method: 'GET', url, headers: { 'if-none-match': res.headers.etag as string } })).statusCode).toBe(304);
      }
      const lock = parseFeed((await t.request({ method: 'GET', url: '/tags/canal/feed.xml' })).body).items;
      expect(lock.map((i) => i.title)).toEqual(['Lock gates reopen']);
      expect(lock[0]!.authors.map((a) => a.name)).toEqual(['Tom Okafor']);
      expect(lock[0]!.categories.map((c) => c.label ?? c.term)).toEqual(['Local News', 'Canal']);
      // JSON Feed is not XML: checked against the fields the JSON Feed spec requires.
      const jsonRes = await t.request({ method: 'GET', url: '/feed.json' });
      expect(jsonRes.statusCode).toBe(200);
      const json = JSON.parse(jsonRes.body) as { version: string; title: string; feed_url: string; items: { id: string; url: string; content_html: string; date_published: string }[] };
      expect(json.version).toBe('https://jsonfeed.org/version/1');
      expect(json.feed_url).toBe(`${BASE}/feed.json`);
      for (const item of json.items) {
        expect(item.id).toMatch(/^https:\/\/news\.example\//);
        expect(typeof item.content_html).toBe('string');
        expect(Number.isNaN(Date.parse(item.date_published))).toBe(false);
      }
      const page = await html('/sections/local-news');
      expect(page.body).toContain('<link rel="alternate" type="application/rss+xml" title="Local News · The Test Gazette (RSS)" href="/sections/local-news/feed.xml"/>');
      expect((await t.request({ method: 'GET', url: '/sections/nothing/feed.xml' })).statusCode).toBe(404);
    });

    it('keeps an Atom feed of each article’s comments, fresh after a new one', async () => {
      const url = '/articles/lock-gates-reopen/comments.atom';
      const feed = parseFeed((await t.request({ method: 'GET', url })).body);
      expect(feed.meta.type).toBe('atom');
      expect(feed.items.map((i) => i.content)).toEqual(['<p>About time!</p>', '<p>Good news for the boats.</p>']);
      expect(feed.items[0]!.url).toMatch(/^https:\/\/news\.example\/articles\/lock-gates-reopen\/comments\/[0-9A-Z]{26}$/);
      expect(feed.items[0]!.authors[0]!.name).toBe('reader_rob');
      const articleId = (await t.parley.deps.store.getArticleBySlug({ siteId: t.site.id, slug: 'lock-gates-reopen' }))!.id;
      await t.request({ method: 'POST', url: `/api/v1/articles/${articleId}/comments`, as: desk, payload: { body: 'Thanks for reading.' } });
      expect(parseFeed((await t.request({ method: 'GET', url })).body).items).toHaveLength(3);
    });

    it('lists pages in sitemap.xml, recent articles in the news sitemap, both in robots.txt', async () => {
      const sitemap = xmlElements((await t.request({ method: 'GET', url: '/sitemap.xml' })).body);
      const locs = sitemap.filter((e) => e.name === 'loc').map((e) => e.text);
      expect(locs).toContain(`${BASE}/`);
      expect(locs).toContain(`${BASE}/articles/lock-gates-reopen`);
      expect(locs).toContain(`${BASE}/sections/council`);
      expect(locs).toContain(`${BASE}/tags/canal`);
      expect(locs).toContain(`${BASE}/authors/tom-okafor`);
      expect(locs).not.toContain(`${BASE}/articles/no-alt`);
      const news = xmlElements((await t.request({ method: 'GET', url: '/news-sitemap.xml' })).body);
      const titles = news.filter((e) => e.name === 'news:title').map((e) => e.text);
      expect(titles).toContain('Lock gates reopen'); // published 27 hours before the test clock
      expect(titles).not.toContain('Council notes 1'); // two months old
      expect(news.find((e) => e.name === 'urlset')!.attrs['xmlns:news']).toBe('http://www.google.com/schemas/sitemap-news/0.9');
      const robots = (await t.request({ method: 'GET', url: '/robots.txt' })).body;
      expect(robots).toContain(`Sitemap: ${BASE}/sitemap.xml`);
      expect(robots).toContain(`Sitemap: ${BASE}/news-sitemap.xml`);
      expect(robots).toContain('Disallow: /editor');
    });

    it('describes an article for search engines and social networks', async () => {
      const res = await html('/articles/lock-gates-reopen');
      const body = res.body;
      expect(body).toContain(`<link rel="canonical" href="${BASE}/articles/lock-gates-reopen"/>`);
      expect(body).toContain('<meta property="og:type" content="article"/>');
      expect(body).toContain('<meta property="og:title" content="Lock gates reopen"/>');
      expect(body).toContain('<meta property="article:section" content="Local News"/>');
      expect(body).toContain('<meta name="twitter:card" content="summary"/>');
      // An anonymous article page is cached whole: its scripts are files of this origin and its
      // inline <script> elements are data, so it needs no nonce and lets nothing inline run.
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toMatch(/nonce|unsafe-inline/);
      expect(body).not.toContain('nonce=');
      const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(body)!;
      const data = JSON.parse(ld[1]!);
      expect(data).toMatchObject({
        '@type': 'NewsArticle',
        headline: 'Lock gates reopen',
        datePublished: '2026-02-28T09:00:00.000Z',
        author: [{ '@type': 'Person', name: 'Tom Okafor', url: `${BASE}/authors/tom-okafor` }],
        publisher: { '@type': 'Organization', name: 'The Test Gazette' },
        commentCount: 3,
      });
      expect(data.comment.map((c: { text: string }) => c.text).sort()).toEqual(['About time!', 'Good news for the boats.', 'Thanks for reading.']);
      expect(data.comment[0]).toMatchObject({ '@type': 'Comment', author: { '@type': 'Person' }, url: expect.stringMatching(/^https:\/\/news\.example\/articles\/lock-gates-reopen\/comments\//) });
      // A second anonymous read comes from the cache: the same bytes, tag and policy.
      const again = await html('/articles/lock-gates-reopen');
      expect(again.body).toBe(body);
      expect(again.headers.etag).toBe(res.headers.etag);
      expect(again.headers['content-security-policy']).toBe(csp);
    });

    it('compresses text for readers who accept it', async () => {
      const plain = await html('/articles/lock-gates-reopen');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toContain('accept-encoding');
      const brotli = await html('/articles/lock-gates-reopen', { 'accept-encoding': 'gzip, deflate, br' });
      expect(brotli.headers['content-encoding']).toBe('br');
      const text = brotliDecompressSync(brotli.rawPayload).toString('utf8');
      expect(text).toContain('<h1 class="headline">Lock gates reopen</h1>');
      expect(brotli.rawPayload.length).toBeLessThan(text.length / 2);
      const feed = await t.request({ method: 'GET', url: '/feed.atom', headers: { 'accept-encoding': 'gzip' } });
      expect(feed.headers['content-encoding']).toBe('gzip');
      expect(parseFeed(gunzipSync(feed.rawPayload).toString('utf8')).items.length).toBeGreaterThan(0);
      const image = await t.request({ method: 'GET', url: '/robots.txt', headers: { 'accept-encoding': 'br' } });
      expect(image.headers['content-encoding']).toBeUndefined(); // too small to be worth it
    });

    it('shows the most discussed articles and the sections on the front page', async () => {
      const body = (await html('/')).body;
      expect(body).toMatch(/Most discussed now<\/h2><ol class="headline-list headline-list--ranked"><li><a href="\/articles\/lock-gates-reopen">Lock gates reopen<\/a> <span class="headline-meta">3 new comments in two days/);
      expect(body).toContain('<a href="/sections/council">Council</a>');
      expect(body).toContain('<link rel="alternate" type="application/atom+xml" title="The Test Gazette (Atom)" href="/feed.atom"/>');
      expect(body).toContain('"@type":"WebSite"');
    });
  });
});
