// The embed's server side through the real app, on SQLite and PostgreSQL: the frame (CSP,
// allow-list, threads by canonical URL or data-parley-id, creation on first load), comment
// counts with CORS, the fragment API, and the sign-in hand-off.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedSettings } from '../../src/store/store.js';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/app.js';

const kinds = await databaseKinds();
const HOST = 'https://news.example';

const b64url = (b: Buffer) => b.toString('base64url');
const challengeOf = (verifier: string) => b64url(createHash('sha256').update(verifier).digest());

describe.each(kinds)('embed over HTTP on $kind', ({ create }) => {
  let t: TestApp;
  let ana: TestUser;
  let ben: TestUser;
  const settings = (over: Partial<EmbedSettings> = {}): EmbedSettings => ({
    allowedOrigins: [HOST, 'http://localhost:8080'],
    autoCreate: true,
    url: { scheme: 'https', trailingSlash: 'strip', dropQuery: ['utm_*', 'ref'] },
    lang: null,
    ...over,
  });
  const put = (over: Partial<EmbedSettings> = {}) => t.parley.deps.store.putEmbedSettings({ siteId: t.site.id, settings: settings(over), updatedAt: t.clock.now.toISOString() });
  const frame = (params: Record<string, string>) =>
    t.request({ method: 'GET', url: `/embed/frame?${new URLSearchParams({ site: t.site.slug, origin: HOST, title: 'A page', ...params })}` });
  const stateOf = (html: string) => JSON.parse(/<script type="application\/json" id="parley-embed"[^>]*>(.*?)<\/script>/s.exec(html)![1]!) as { article: string | null; lang: string; origin: string };
  // The frame reads a site's settings through a cache of a few seconds of the app's clock: let
  // the clock run, a second at a time, until the frame shows them.
  const eventually = async (check: () => Promise<boolean>) => {
    for (const end = Date.now() + 15_000; !(await check()); ) {
      if (Date.now() > end) throw new Error('the change never showed');
      t.clock.advance(1000);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    t = await startTestApp(await create(), { settings: { maxDisplayDepth: 3, editWindowSeconds: 600 } });
    [ana, ben] = await Promise.all([t.signUp('ana'), t.signUp('ben')]);
    await put();
  });
  afterAll(async () => t?.close());

  it('frames only for an allowed origin, with frame-ancestors locked to it', async () => {
    const ok = await frame({ url: `${HOST}/politics/harbour-vote` });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers['content-security-policy']).toContain(`frame-ancestors ${HOST}`);
    expect(ok.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
    const nonce = /'nonce-([^']+)'/.exec(String(ok.headers['content-security-policy']))![1]!;
    for (const tag of ok.body.match(/<script\b[^>]*>/g)!) expect(tag).toContain(`nonce="${nonce}"`);
    expect(ok.body).toContain('id="comments"');

    const other = await frame({ origin: 'https://evil.example', url: `${HOST}/politics/harbour-vote` });
    expect(other.statusCode).toBe(403);
    expect(other.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(stateOf(other.body).article).toBeNull();

    // The page itself must be on an allowed origin too.
    const foreign = await frame({ url: 'https://elsewhere.example/story' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.body).not.toContain('id="comments"');

    const bad = await frame({ url: 'javascript:alert(1)' });
    expect(bad.statusCode).toBe(400);
  });

  it('keys threads by the normalized canonical URL, or by data-parley-id, and creates them once', async () => {
    const urls = [
      `${HOST}/culture/festival`,
      'http://news.example/culture/festival/',
      `${HOST}/culture/festival?utm_source=x&ref=home#comments`,
      'https://NEWS.example:443/culture/festival',
    ];
    const ids = new Set<string>();
    for (const url of await Promise.all(urls.map((u) => frame({ url: u, title: 'Festival  opens\n' })))) {
      expect(url.statusCode, url.body).toBe(200);
      ids.add(stateOf(url.body).article!);
    }
    expect(ids.size).toBe(1);
    const article = await t.parley.deps.store.getArticle({ siteId: t.site.id, id: [...ids][0]! });
    expect(article).toMatchObject({ title: 'Festival opens', status: 'published', commentsMode: 'open' });

    const kept = await frame({ url: `${HOST}/culture/festival?page=2` });
    expect(stateOf(kept.body).article).not.toBe([...ids][0]);

    const a = await frame({ url: `${HOST}/a`, id: 'cms-4711' });
    const b = await frame({ url: `${HOST}/b-moved-here`, id: 'cms-4711' });
    expect(stateOf(a.body).article).toBe(stateOf(b.body).article);
    expect((await frame({ url: `${HOST}/c`, id: 'bad id <x>' })).statusCode).toBe(400);
  });

  it('finds threads imported with their page URL or id, and creates none when the site says so', async () => {
    const { store, newId } = t.parley.deps;
    const at = t.clock.now.toISOString();
    const id = newId();
    await store.createArticle({ id, siteId: t.site.id, slug: 'imported-one', externalId: 'disqus-99', title: 'Imported', dek: '', bodyMarkdown: '', bodyHtml: '', leadImage: null, authors: [], tags: [], section: null, status: 'published', publishedAt: at, updatedAt: at, commentsMode: 'open', closeAt: null, createdAt: at });
    expect(stateOf((await frame({ url: `${HOST}/old/imported`, id: 'disqus-99' })).body).article).toBe(id);

    await put({ autoCreate: false });
    await eventually(async () => stateOf((await frame({ url: `${HOST}/probe-${Date.now()}` })).body).article === null);
    const none = await frame({ url: `${HOST}/never-seen-before` });
    expect(none.statusCode).toBe(200);
    expect(stateOf(none.body).article).toBeNull();
    expect(none.body).toContain('discussion-note');
    expect(stateOf((await frame({ url: `${HOST}/culture/festival` })).body).article).not.toBeNull();
    await put();
    await eventually(async () => stateOf((await frame({ url: `${HOST}/probe-again` })).body).article !== null);
  }, 40_000);

  it('speaks the page language, else the reader’s', async () => {
    const de = await frame({ url: `${HOST}/culture/festival`, lang: 'de-AT' });
    expect(stateOf(de.body).lang).toBe('de');
    expect(de.body).toContain('<html lang="de"');
    expect(de.body).toContain('Noch keine Kommentare.');
    const accept = await t.request({ method: 'GET', url: `/embed/frame?${new URLSearchParams({ site: t.site.slug, origin: HOST, url: `${HOST}/culture/festival` })}`, headers: { 'accept-language': 'fr, de;q=0.8' } });
    expect(stateOf(accept.body).lang).toBe('de');
    const en = await frame({ url: `${HOST}/culture/festival`, lang: 'xx' });
    expect(stateOf(en.body).lang).toBe('en');
    expect(en.body).toContain('No comments yet.');
  });

  it('posts, replies, edits and deletes through the fragment API, answering with server-rendered HTML', async () => {
    const articleId = stateOf((await frame({ url: `${HOST}/fragments` })).body).article!;
    const api = `/api/v1/embed`;
    const anon = await t.request({ method: 'POST', url: `${api}/threads/${articleId}/comments`, payload: { body: 'hi' } });
    expect(anon.statusCode).toBe(401);

    const top = await t.request({ method: 'POST', url: `${api}/threads/${articleId}/comments?lang=de`, as: ana, payload: { body: 'Erster *Kommentar*' } });
    expect(top.statusCode, top.body).toBe(201);
    const posted = top.json() as { id: string; html: string; heading: string; announce: string; flat: boolean; parentId: null };
    expect(posted.html).toMatch(new RegExp(`<li class="thread-item"><article id="comment-${posted.id}"`));
    expect(posted.html).toContain('<em>Kommentar</em>');
    expect(posted.heading).toBe('1 Kommentar');
    expect(posted.announce).toBe('Ihr Kommentar wurde veröffentlicht.');

    // Replies nest to the display cap (3 levels), then sit beside their parent.
    let parent = posted.id;
    const levels: { id: string; flat: boolean; html: string }[] = [];
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1000);
      const res = await t.request({ method: 'POST', url: `${api}/threads/${articleId}/comments`, as: i % 2 ? ana : ben, payload: { body: `level ${i + 1}`, parentId: parent } });
      expect(res.statusCode, res.body).toBe(201);
      levels.push(res.json());
      parent = levels[levels.length - 1]!.id;
    }
    expect(levels.map((l) => l.flat)).toEqual([false, false, true]);
    expect(levels[2]!.html).toContain('replying to');

    const edit = await t.request({ method: 'PATCH', url: `${api}/comments/${posted.id}`, as: ana, payload: { body: 'Edited' } });
    expect(edit.statusCode, edit.body).toBe(200);
    expect((edit.json() as { html: string }).html).toMatch(/^<article id="comment-[0-9A-Z]+" class="comment"/);
    expect((edit.json() as { html: string }).html).toContain('(edited)');
    expect((await t.request({ method: 'PATCH', url: `${api}/comments/${posted.id}`, as: ben, payload: { body: 'Not mine' } })).statusCode).toBe(403);

    const thread = await t.request({ method: 'GET', url: `${api}/threads/${articleId}?sort=newest`, as: ben });
    const view = thread.json() as { html: string; me: { displayName: string }; announce: string };
    expect(view.me.displayName).toBe('ben');
    expect(view.html).toContain('<section id="comments"');
    expect(view.html).toContain('class="comment-form"');
    expect(view.announce).toBe('Comments sorted by newest.');

    const tomb = await t.request({ method: 'DELETE', url: `${api}/comments/${posted.id}`, as: ana });
    expect(tomb.statusCode, tomb.body).toBe(200);
    expect((tomb.json() as { html: string }).html).toContain('comment--deleted');
    const leaf = await t.request({ method: 'DELETE', url: `${api}/comments/${levels[2]!.id}`, as: ben });
    expect((leaf.json() as { html: string }).html).toBe('');

    const branch = await t.request({ method: 'GET', url: `${api}/comments/${levels[1]!.id}/branch` });
    const b = branch.json() as { rootId: string; html: string };
    expect(b.rootId).toBe(posted.id);
    expect(b.html.indexOf(`comment-${posted.id}`)).toBeLessThan(b.html.indexOf(`comment-${levels[1]!.id}`));
  });

  it('pages top-level comments and branches as thread items', async () => {
    const articleId = stateOf((await frame({ url: `${HOST}/paging` })).body).article!;
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) {
      t.clock.advance(1000);
      const res = await t.request({ method: 'POST', url: `/api/v1/embed/threads/${articleId}/comments`, as: i % 2 ? ana : ben, payload: { body: `c${i}` } });
      ids.push((res.json() as { id: string }).id);
    }
    const first = await t.request({ method: 'GET', url: `/api/v1/embed/threads/${articleId}?sort=oldest` });
    const cursor = /after=([^"&#]+)/.exec((first.json() as { html: string }).html)![1]!;
    const next = await t.request({ method: 'GET', url: `/api/v1/embed/threads/${articleId}/page?sort=oldest&cursor=${cursor}` });
    expect(next.statusCode, next.body).toBe(200);
    const page = next.json() as { html: string; nextCursor: string | null; announce: string };
    expect(page.nextCursor).toBeNull();
    expect((page.html.match(/<li class="thread-item">/g) ?? []).length).toBe(3);
    expect(page.html).toContain(`comment-${ids[22]}`);
    expect(page.announce).toBe('3 more comments loaded.');
    expect((await t.request({ method: 'GET', url: `/api/v1/embed/threads/${articleId}/page?sort=oldest&cursor=nonsense` })).statusCode).toBe(400);
  });

  it('counts comments for article lists, readable only by allowed origins', async () => {
    const articleId = stateOf((await frame({ url: `${HOST}/counted` })).body).article!;
    await t.request({ method: 'POST', url: `/api/v1/embed/threads/${articleId}/comments`, as: ana, payload: { body: 'one' } });
    const keys = [`url:${HOST}/counted/?utm_medium=mail`, `url:${HOST}/not-a-thread`, 'id:cms-4711', 'url:not a url'];
    const q = `/api/v1/embed/counts?${new URLSearchParams([...keys.map((k) => ['key', k]), ['lang', 'de']])}`;
    const res = await t.request({ method: 'GET', url: q, headers: { origin: HOST } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(HOST);
    expect(res.headers.vary).toContain('origin');
    expect(res.json()).toEqual({
      counts: {
        [keys[0]!]: { count: 1, label: '1 Kommentar' },
        [keys[1]!]: { count: 0, label: '0 Kommentare' },
        [keys[2]!]: { count: 0, label: '0 Kommentare' },
      },
    });
    const evil = await t.request({ method: 'GET', url: q, headers: { origin: 'https://evil.example' } });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('hands a sign-in from the first-party popup to the frame once, for the right verifier', async () => {
    const verifier = b64url(Buffer.alloc(32, 7));
    const q = new URLSearchParams({ site: t.site.slug, challenge: challengeOf(verifier), state: 'state-12345', lang: 'de' });
    const popup = await t.request({ method: 'GET', url: `/embed/signin?${q}` });
    expect(popup.statusCode).toBe(200);
    expect(popup.headers['cross-origin-opener-policy']).toBe('unsafe-none');
    expect(popup.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(popup.body).toContain('Anmelden zum Kommentieren');
    const csrfCookie = String(popup.headers['set-cookie']).split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(popup.body)![1]!;

    // Not yet signed in: nothing to hand over.
    expect((await t.request({ method: 'POST', url: '/api/v1/embed/token', payload: { verifier } })).json()).toEqual({ pending: true });

    const wrong = await t.request({ method: 'POST', url: `/embed/signin?${q}`, headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, login: 'ana', password: 'not her password' }).toString() });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('role="alert"');

    const ok = await t.request({ method: 'POST', url: `/embed/signin?${q}`, headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, login: 'ana', password: ana.password }).toString() });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(String(ok.headers['set-cookie'])).toContain('HttpOnly');
    const message = JSON.parse(/id="parley-handoff"[^>]*>(.*?)<\/script>/s.exec(ok.body)![1]!) as { type: string; state: string; code: string };
    expect(message).toMatchObject({ type: 'parley:signed-in', state: 'state-12345' });
    expect(ok.body).toContain('window.opener.postMessage(m,location.origin)');

    expect((await t.request({ method: 'POST', url: '/api/v1/embed/token', payload: { verifier: b64url(Buffer.alloc(32, 8)), code: message.code } })).json()).toEqual({ pending: true });
    const token = await t.request({ method: 'POST', url: '/api/v1/embed/token', payload: { verifier, code: message.code } });
    expect(token.statusCode, token.body).toBe(200);
    const result = token.json() as { token: string; user: { username: string } };
    expect(result.user.username).toBe('ana');
    const again = await t.request({ method: 'POST', url: '/api/v1/embed/token', payload: { verifier, code: message.code } });
    expect(again.json()).toEqual({ pending: true });
    const me = await t.request({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${result.token}` } });
    expect(me.statusCode).toBe(200);

    // Already signed in here (cookie): the popup hands over at once; a wrong code is refused.
    const session = String(ok.headers['set-cookie']).match(/parley_session=[^;]+/)![0];
    const v2 = b64url(Buffer.alloc(32, 9));
    const q2 = new URLSearchParams({ site: t.site.slug, challenge: challengeOf(v2), state: 'state-67890' });
    const direct = await t.request({ method: 'GET', url: `/embed/signin?${q2}`, headers: { cookie: session } });
    expect(direct.body).toContain('parley-handoff');
    expect((await t.request({ method: 'POST', url: '/api/v1/embed/token', payload: { verifier: v2, code: 'x'.repeat(43) } })).statusCode).toBe(403);

    expect((await t.request({ method: 'GET', url: `/embed/signin?site=${t.site.slug}&challenge=short&state=x` })).statusCode).toBe(400);
  });

  it('serves embed.js, count.js and the frame files compressed, loadable from any origin', async () => {
    for (const url of ['/embed.js', '/count.js']) {
      const res = await t.request({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers['content-type']).toContain('javascript');
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    }
    const html = (await frame({ url: `${HOST}/fragments` })).body;
    for (const href of html.match(/\/embed\/assets\/frame-[\w-]+\.(js|css)/g)!) {
      const res = await t.request({ method: 'GET', url: href });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toContain('immutable');
    }
    expect((await t.request({ method: 'GET', url: '/embed/assets/..%2Fmanifest.json' })).statusCode).toBe(404);
  });

  it('documents its API in the OpenAPI document', async () => {
    const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { operationId: string }>> };
    const ids = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(ids).toEqual(expect.arrayContaining(['embedThread', 'embedThreadPage', 'embedReplies', 'embedBranch', 'embedCreateComment', 'embedUpdateComment', 'embedDeleteComment', 'embedCounts', 'embedToken', 'streamArticleEvents']));
  });
});
