// The publishing part of the store on SQLite and PostgreSQL: terms and the search index kept by
// triggers whoever writes the article, term listings, search ranking and snippets, scheduling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUlidGenerator } from '../../src/domain/ids.js';
import { DEFAULT_SITE_SETTINGS, type Site } from '../../src/domain/types.js';
import { connect, migrateToLatest, type Connection } from '../../src/store/connect.js';
import { KyselyStore } from '../../src/store/kysely-store.js';
import type { NewArticle } from '../../src/store/store.js';
import { databaseKinds, type TestDatabase } from '../support/databases.js';

const kinds = await databaseKinds();
const newId = createUlidGenerator();

function article(site: Site, over: Partial<NewArticle> & { slug: string; title: string }): NewArticle {
  const at = over.publishedAt ?? '2026-02-01T10:00:00.000Z';
  return {
    id: newId(),
    siteId: site.id,
    dek: '',
    bodyMarkdown: '',
    bodyHtml: '',
    leadImage: null,
    authors: [],
    tags: [],
    section: null,
    status: 'published',
    publishedAt: at,
    updatedAt: at,
    commentsMode: 'open',
    closeAt: null,
    createdAt: at,
    ...over,
  };
}

describe.each(kinds)('publishing store on $kind', ({ create }) => {
  let db: TestDatabase;
  let conn: Connection;
  let store: KyselyStore;
  let site: Site;
  let other: Site;

  beforeAll(async () => {
    db = await create();
    conn = connect(db.config);
    await migrateToLatest(conn.db);
    store = new KyselyStore(conn.db, conn.dialect);
    const mk = (slug: string) => store.createSite({ id: newId(), slug, name: slug, publicUrl: null, settings: DEFAULT_SITE_SETTINGS, createdAt: '2026-01-01T00:00:00.000Z' });
    site = await mk('gazette');
    other = await mk('other');
    await store.createArticle(
      article(site, {
        slug: 'cranes',
        title: 'Harbour cranes return to the old quay',
        dek: 'Two gantry cranes come back after a decade away.',
        bodyMarkdown: 'The port authority said the **cranes** would lift containers again by spring.\n\nDockers welcomed the news.',
        authors: ['Ana Ruiz', 'Tom Okafor'],
        tags: ['Harbour', 'Jobs', 'harbour'],
        section: 'Local News',
        publishedAt: '2026-02-03T10:00:00.000Z',
      }),
    );
    await store.createArticle(
      article(site, {
        slug: 'buses',
        title: 'Night buses loop the river',
        bodyMarkdown: 'A pilot route crosses both bridges. The harbour is not on it.',
        authors: ['Ana Ruiz'],
        tags: ['Transport'],
        section: 'Local News',
        publishedAt: '2026-02-02T10:00:00.000Z',
      }),
    );
    await store.createArticle(article(site, { slug: 'draft', title: 'Harbour draft', bodyMarkdown: 'harbour harbour', status: 'draft', publishedAt: null, tags: ['Harbour'] }));
    await store.createArticle(article(other, { slug: 'elsewhere', title: 'Harbour elsewhere', tags: ['Harbour'], section: 'Local News' }));
  });
  afterAll(async () => {
    await conn?.close();
    await db?.drop();
  });

  it('files articles under their section, tags and authors, whoever wrote them', async () => {
    const local = await store.listPublishedArticles({ siteId: site.id, term: { kind: 'section', key: 'local-news' }, limit: 10 });
    expect(local.map((a) => a.slug)).toEqual(['cranes', 'buses']);
    const harbour = await store.listPublishedArticles({ siteId: site.id, term: { kind: 'tag', key: 'harbour' }, limit: 10 });
    expect(harbour.map((a) => a.slug)).toEqual(['cranes']); // not the draft, not the other site, once despite the repeated tag
    const ana = await store.listPublishedArticles({ siteId: site.id, term: { kind: 'author', key: 'ana-ruiz' }, limit: 10 });
    expect(ana.map((a) => a.slug)).toEqual(['cranes', 'buses']);
    expect(await store.getTerm({ siteId: site.id, kind: 'tag', key: 'harbour' })).toMatchObject({ name: 'Harbour', count: 1 });
    expect(await store.getTerm({ siteId: site.id, kind: 'tag', key: 'nothing' })).toBeUndefined();
    const sections = await store.listTerms({ siteId: site.id, kind: 'section', limit: 10 });
    expect(sections).toEqual([{ kind: 'section', key: 'local-news', name: 'Local News', count: 2, latestAt: '2026-02-03T10:00:00.000Z' }]);
  });

  it('pages through a listing with a cursor', async () => {
    const first = await store.listPublishedArticles({ siteId: site.id, limit: 1 });
    const next = await store.listPublishedArticles({ siteId: site.id, limit: 5, before: { publishedAt: first[0]!.publishedAt!, id: first[0]!.id } });
    expect([...first, ...next].map((a) => a.slug)).toEqual(['cranes', 'buses']);
  });

  it('re-files an article when its terms change, and not when its comment count does', async () => {
    const buses = (await store.getArticleBySlug({ siteId: site.id, slug: 'buses' }))!;
    await store.updateArticle({ siteId: site.id, id: buses.id, set: { tags: ['Transport', 'Harbour'], section: 'City' } });
    expect((await store.listPublishedArticles({ siteId: site.id, term: { kind: 'tag', key: 'harbour' }, limit: 10 })).map((a) => a.slug)).toEqual(['cranes', 'buses']);
    expect(await store.getTerm({ siteId: site.id, kind: 'section', key: 'city' })).toMatchObject({ count: 1 });
    expect(await store.getTerm({ siteId: site.id, kind: 'section', key: 'local-news' })).toMatchObject({ count: 1 });
    await store.adjustArticleCommentCount({ siteId: site.id, articleId: buses.id, delta: 3 });
    expect((await store.getArticle({ siteId: site.id, id: buses.id }))!.commentCount).toBe(3);
  });

  it('finds published articles by words, title hits first, with a marked snippet', async () => {
    const { total, hits } = await store.searchArticles({ siteId: site.id, query: 'harbour', limit: 10, offset: 0 });
    expect(total).toBe(2);
    expect(hits.map((h) => h.article.slug)).toEqual(['cranes', 'buses']);
    expect(hits[0]!.rank).toBeGreaterThan(hits[1]!.rank);
    expect(hits[1]!.snippet).toMatch(/\u0002harbour\u0003/i);
    // Stemming: "crane" finds "cranes".
    expect((await store.searchArticles({ siteId: site.id, query: 'crane', limit: 10, offset: 0 })).hits.map((h) => h.article.slug)).toEqual(['cranes']);
    // All words are required.
    expect((await store.searchArticles({ siteId: site.id, query: 'harbour dockers', limit: 10, offset: 0 })).total).toBe(1);
    // Authors and tags are searchable too.
    expect((await store.searchArticles({ siteId: site.id, query: 'Okafor', limit: 10, offset: 0 })).total).toBe(1);
  });

  it('never fails on search syntax', async () => {
    for (const q of ['"', 'AND OR NOT', 'harbour"', '*', '(((', 'NEAR(a b)', '-', 'col:value', "'; drop table articles; --", '\u0000']) {
      const r = await store.searchArticles({ siteId: site.id, query: q, limit: 5, offset: 0 });
      expect(r.total).toBeGreaterThanOrEqual(0);
    }
  });

  it('keeps the index current when an article is edited', async () => {
    const cranes = (await store.getArticleBySlug({ siteId: site.id, slug: 'cranes' }))!;
    await store.updateArticle({ siteId: site.id, id: cranes.id, set: { bodyMarkdown: 'Lighthouses, not cranes.', title: 'Lighthouse keepers' } });
    expect((await store.searchArticles({ siteId: site.id, query: 'dockers', limit: 5, offset: 0 })).total).toBe(0);
    expect((await store.searchArticles({ siteId: site.id, query: 'lighthouse', limit: 5, offset: 0 })).total).toBe(1);
  });

  it('promotes a scheduled draft once', async () => {
    const a = article(site, { slug: 'later', title: 'Later', status: 'draft', publishedAt: null });
    await store.createArticle(a);
    await store.updateArticle({ siteId: site.id, id: a.id, set: { scheduledFor: '2026-03-01T08:00:00.000Z' } });
    expect(await store.listDueScheduled({ now: '2026-03-01T07:59:59.999Z', limit: 10 })).toEqual([]);
    const due = await store.listDueScheduled({ now: '2026-03-01T08:00:00.000Z', limit: 10 });
    expect(due.map((d) => d.slug)).toEqual(['later']);
    const [first, second] = await Promise.all([
      store.promoteScheduled({ siteId: site.id, id: a.id, scheduledFor: '2026-03-01T08:00:00.000Z', now: '2026-03-01T08:00:01.000Z' }),
      store.promoteScheduled({ siteId: site.id, id: a.id, scheduledFor: '2026-03-01T08:00:00.000Z', now: '2026-03-01T08:00:01.000Z' }),
    ]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await store.getEditorArticle({ siteId: site.id, id: a.id })).toMatchObject({ status: 'published', publishedAt: '2026-03-01T08:00:00.000Z', scheduledFor: null });
  });

  it('refuses two articles with one external id on a site', async () => {
    await store.createArticle(article(site, { slug: 'ext-1', title: 'x', externalId: 'cms-1' }));
    await expect(store.createArticle(article(site, { slug: 'ext-2', title: 'y', externalId: 'cms-1' }))).rejects.toThrow();
    await store.createArticle(article(other, { slug: 'ext-1', title: 'x', externalId: 'cms-1' }));
    expect((await store.getArticleByExternalId({ siteId: site.id, externalId: 'cms-1' }))?.slug).toBe('ext-1');
  });

  it('stores images with their variants, and authors with bios', async () => {
    await store.insertImage({
      id: newId(),
      siteId: site.id,
      hash: 'abcdef0123456789abcd',
      format: 'jpeg',
      width: 640,
      height: 480,
      bytes: 1234,
      src: '/media/i/abcdef0123456789abcd-640.jpg',
      originalName: 'quay.jpg',
      createdBy: null,
      createdAt: '2026-01-02T00:00:00.000Z',
      variants: [
        { format: 'avif', width: 320, height: 240, file: 'abcdef0123456789abcd-320.avif', bytes: 100 },
        { format: 'jpeg', width: 640, height: 480, file: 'abcdef0123456789abcd-640.jpg', bytes: 300 },
      ],
    });
    const [img] = await store.getImagesByHashes({ siteId: site.id, hashes: ['abcdef0123456789abcd', 'ffffffffffffffffffff'] });
    expect(img).toMatchObject({ width: 640, height: 480, originalName: 'quay.jpg' });
    expect(img!.variants).toHaveLength(2);
    expect(await store.getImagesByHashes({ siteId: other.id, hashes: ['abcdef0123456789abcd'] })).toEqual([]);

    await store.upsertAuthor({ siteId: site.id, key: 'ana-ruiz', name: 'Ana Ruiz', bio: 'Covers the port.', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
    await store.upsertAuthor({ siteId: site.id, key: 'ana-ruiz', name: 'Ana Ruiz', bio: 'Covers the port and the river.', createdAt: '2026-01-05T00:00:00.000Z', updatedAt: '2026-01-05T00:00:00.000Z' });
    expect(await store.getAuthor({ siteId: site.id, key: 'ana-ruiz' })).toMatchObject({ bio: 'Covers the port and the river.', createdAt: '2026-01-01T00:00:00.000Z' });
    expect(await store.getAuthor({ siteId: other.id, key: 'ana-ruiz' })).toBeUndefined();
  });
});
