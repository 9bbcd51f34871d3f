// The editors' picks as readers meet them, through the real app on SQLite and PostgreSQL: pinned
// comments head the first page of every order (once: keyset pages never repeat them), featured
// ones are marked, and the "Featured" tab lists only the picks, pinned first, a page at a time —
// in the JSON API, on the server-rendered page (JavaScript off) and in the embed's fragments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentPage, CommentView, ThreadNode } from '../../src/http/api-types.js';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/app.js';

const kinds = await databaseKinds();

describe.each(kinds)('featured and pinned comments on $kind', ({ create }) => {
  let t: TestApp;
  let ana: TestUser;
  let ben: TestUser;
  let mod: TestUser;
  /** Top-level comments, oldest first. */
  const tops: CommentView[] = [];
  let reply: CommentView;

  const post = async (as: TestUser, body: string, parentId?: string) => {
    const res = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as, payload: { body, ...(parentId ? { parentId } : {}) } });
    expect(res.statusCode, res.body).toBe(201);
    t.clock.advance(1000);
    return (res.json() as { comment: CommentView }).comment;
  };
  const act = async (id: string, action: string) => {
    const res = await t.request({ method: 'POST', url: `/api/v1/moderation/comments/${id}/actions`, as: mod, payload: { action } });
    expect(res.statusCode, res.body).toBe(200);
    t.clock.advance(1000);
  };
  const list = async (query: string) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/articles/${t.articleId}/comments?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as CommentPage;
  };
  /** Every page of an order, following the cursors. */
  const allPages = async (sort: string, limit: number) => {
    const pages: CommentPage[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor && pages.length < 20);
    return pages;
  };
  const walk = (nodes: ThreadNode[]): CommentView[] => nodes.flatMap((n) => [n.comment, ...walk(n.replies)]);
  const page = (url: string) => t.request({ method: 'GET', url, headers: { accept: 'text/html' } });

  beforeAll(async () => {
    t = await startTestApp(await create(), { settings: { pageSize: 3 } });
    [ana, ben, mod] = await Promise.all([t.signUp('ana'), t.signUp('ben'), t.signUp('moe', 'moderator')]);
    for (let i = 0; i < 7; i++) tops.push(await post(i % 2 ? ben : ana, `Top-level comment number ${i} about the harbour.`));
    reply = await post(ben, 'A reply that the editors liked.', tops[1]!.id);
  });
  afterAll(async () => t?.close());

  it('offers the Featured tab and says so when nothing is featured yet', async () => {
    const empty = await list('sort=featured');
    expect(empty).toMatchObject({ sort: 'featured', items: [], nextCursor: null, total: 8 });
    const html = (await page(`/articles/${t.articleSlug}?sort=featured`)).body;
    expect(html).toContain('No featured comments yet.');
    expect(html).toMatch(/<a href="\/articles\/harbour-story\?sort=featured#comments" aria-current="true">Featured<\/a>/);
  });

  it('pins to the top of every order once, marks the picks, and pages through everything else exactly once', async () => {
    // Warm the anonymous cache first: featuring must drop it.
    expect((await list('sort=newest')).items[0]!.comment.id).toBe(tops[6]!.id);
    await act(tops[1]!.id, 'pin');
    await act(tops[4]!.id, 'feature');
    await act(reply.id, 'feature');

    const expectedTops = tops.map((c) => c.id);
    for (const sort of ['best', 'newest', 'oldest']) {
      const pages = await allPages(sort, 2);
      const first = pages[0]!;
      expect(first.items[0]!.comment, sort).toMatchObject({ id: tops[1]!.id, pinned: true, featured: true });
      // The pinned comment comes with its replies, and the featured reply is marked.
      expect(first.items[0]!.replies.map((n) => [n.comment.id, n.comment.featured])).toEqual([[reply.id, true]]);
      expect(first.items).toHaveLength(3); // the pin, then a full page of two
      const roots = pages.flatMap((p) => p.items.map((n) => n.comment.id));
      expect(new Set(roots).size, `${sort}: no comment twice`).toBe(roots.length);
      expect([...roots].sort(), `${sort}: every comment once`).toEqual([...expectedTops].sort());
      const marked = pages.flatMap((p) => walk(p.items)).filter((c) => c.featured);
      expect(marked.map((c) => c.id).sort(), sort).toEqual([tops[1]!.id, tops[4]!.id, reply.id].sort());
      expect(marked.find((c) => c.id === tops[4]!.id)!.pinned, sort).toBeUndefined();
    }
    // Pins lead only the first page; later pages keep their own order.
    const newest = (await allPages('newest', 2)).flatMap((p) => p.items.map((n) => n.comment.id));
    expect(newest).toEqual([tops[1]!.id, ...expectedTops.filter((id) => id !== tops[1]!.id).reverse()]);
  });

  it('lists only the picks under sort=featured, pinned first, then newest pick first, one page at a time', async () => {
    const pages = await allPages('featured', 1);
    expect(pages.map((p) => p.items.map((n) => n.comment.id))).toEqual([[tops[1]!.id], [reply.id], [tops[4]!.id]]);
    for (const p of pages) {
      expect(p.sort).toBe('featured');
      expect(p.items[0]!.replies).toEqual([]);
    }
    expect(pages[0]!.items[0]!.comment).toMatchObject({ pinned: true, featured: true });
    // Cursors belong to their order.
    const cursor = (await list('sort=featured&limit=1')).nextCursor!;
    const wrong = await t.request({ method: 'GET', url: `/api/v1/articles/${t.articleId}/comments?sort=newest&cursor=${cursor}` });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.json()).toMatchObject({ code: 'bad_cursor' });
    const forged = await t.request({ method: 'GET', url: `/api/v1/articles/${t.articleId}/comments?sort=featured&cursor=${(await list('sort=newest&limit=1')).nextCursor}` });
    expect(forged.json()).toMatchObject({ code: 'bad_cursor' });
  });

  it('unpinning and unfeaturing take effect for readers at once', async () => {
    await act(tops[1]!.id, 'unpin');
    const first = await list('sort=newest');
    expect(first.items[0]!.comment.id).toBe(tops[6]!.id);
    expect(walk(first.items).every((c) => !c.pinned)).toBe(true);
    expect((await list('sort=featured')).items.map((n) => n.comment.id)).toEqual([reply.id, tops[4]!.id, tops[1]!.id]);
    await act(reply.id, 'unfeature');
    expect((await list('sort=featured')).items.map((n) => n.comment.id)).toEqual([tops[4]!.id, tops[1]!.id]);
    await act(tops[1]!.id, 'pin');
  });

  it('works without JavaScript: a tab link, the marks, and paging the featured list by links', async () => {
    const article = await page(`/articles/${t.articleSlug}`);
    expect(article.statusCode).toBe(200);
    const nav = /<nav class="sort"[\s\S]*?<\/nav>/.exec(article.body)![0];
    expect(nav).toContain('<a href="/articles/harbour-story?sort=featured#comments">Featured</a>');
    const firstCard = article.body.indexOf('<article id="comment-');
    expect(article.body.indexOf(`<article id="comment-${tops[1]!.id}"`)).toBe(firstCard);
    expect(article.body).toContain('<span class="flag flag--pinned">Pinned</span>');
    expect(article.body).toContain('<span class="flag flag--featured">Featured</span>');

    // pageSize is 3: the pin, the feature, then a link to the rest.
    await act(tops[0]!.id, 'feature');
    const tab = await page(`/articles/${t.articleSlug}?sort=featured`);
    expect(tab.statusCode).toBe(200);
    expect(tab.body).toMatch(/<a href="\/articles\/harbour-story\?sort=featured#comments" aria-current="true">Featured<\/a>/);
    const shown = [...tab.body.matchAll(/<article id="comment-([^"]+)"/g)].map((m) => m[1]);
    expect(shown).toEqual([tops[1]!.id, tops[0]!.id, tops[4]!.id]);
    expect(tab.body).not.toContain(tops[2]!.id);
    // One more pick makes a second page, reached by a plain link.
    await act(tops[3]!.id, 'feature');
    const again = await page(`/articles/${t.articleSlug}?sort=featured`);
    const more = /<p class="more-comments"><a class="button button--quiet" href="([^"]+)"/.exec(again.body)![1]!.replace(/&amp;/g, '&');
    expect(more).toMatch(/^\/articles\/harbour-story\?sort=featured&after=[A-Za-z0-9_-]+#comments$/);
    const rest = await page(more.split('#')[0]!);
    expect([...rest.body.matchAll(/<article id="comment-([^"]+)"/g)].map((m) => m[1])).toEqual([tops[4]!.id]);
  });

  it('is in the embed too, in the frame’s language', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/embed/threads/${t.articleId}?sort=featured&lang=de` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { html: string; announce: string };
    expect(body.announce).toBe('Empfohlene Kommentare werden angezeigt.');
    expect(body.html).toContain('aria-current="true">Empfohlen</a>');
    expect(body.html).toContain('<span class="flag flag--pinned">Angeheftet</span>');
    expect(body.html).not.toContain(`comment-${tops[2]!.id}`);
  });

  it('documents the featured order on the listing operation', async () => {
    const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string; description?: string; schema: { $ref?: string; enum?: string[] } }[] }>>;
      components: { schemas: Record<string, { enum?: string[] }> };
    };
    const op = doc.paths['/api/v1/articles/{articleId}/comments']!.get!;
    expect(op.operationId).toBe('listComments');
    const sort = op.parameters!.find((p) => p.name === 'sort' && p.in === 'query')!;
    const schema = sort.schema.$ref ? doc.components.schemas[sort.schema.$ref.replace('#/components/schemas/', '')]! : sort.schema;
    expect(schema.enum).toEqual(['best', 'newest', 'oldest', 'featured']);
    expect(sort.description).toMatch(/featured: only the comments the editors featured, pinned first/);
  });
});
