// Disqus import end to end, on SQLite and PostgreSQL: the file is parsed, staged, written, and the
// database is then checked for exactly what a reader and a moderator would see.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulidTime } from '../../src/domain/ids.js';
import { bestScore } from '../../src/domain/ranking.js';
import { ImportFileError } from '../../src/importers/types.js';
import { databaseKinds, tempDir } from '../support/databases.js';
import { fixture, openImportEnv, rowsOf, type ImportTestEnv } from './support.js';

const kinds = await databaseKinds();
const MAP = [{ from: 'https://old.gazette.example/', to: 'https://www.gazette.example/' }];

describe.each(kinds)('Disqus import on $kind', ({ create }) => {
  let env: ImportTestEnv;
  let harbourId: string;
  let nightBusId: string;
  const byKey = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    env = await openImportEnv(await create());
    const { store, site, deps } = env;
    const createdAt = '2019-02-28T10:00:00.000Z';
    const base = {
      siteId: site.id, dek: '', bodyMarkdown: 'Body', bodyHtml: '<p>Body</p>', leadImage: null, authors: [], tags: [], section: null,
      status: 'published' as const, publishedAt: createdAt, updatedAt: createdAt, commentsMode: 'open' as const, closeAt: null, createdAt,
    };
    harbourId = deps.newId();
    await store.createArticle({ ...base, id: harbourId, slug: 'harbour-dredging', title: 'Harbour dredging' });
    await env.db.updateTable('articles').set({ external_url: 'https://www.gazette.example/2019/harbour-dredging.html' }).where('id', '=', harbourId).execute();
    nightBusId = deps.newId();
    await store.createArticle({ ...base, id: nightBusId, slug: 'night-bus', title: 'The night bus' });
  });
  afterAll(async () => {
    await env.close();
  });

  async function comments(): Promise<Record<string, unknown>[]> {
    return rowsOf(env.db, 'comments', { site_id: env.site.id });
  }

  it('a dry run reports everything and writes nothing', async () => {
    const before = await comments();
    const report = await env.import('disqus', fixture('disqus-gazette.xml'), { dryRun: true, urlRules: MAP });
    expect(report.dryRun).toBe(true);
    expect(report.comments.imported).toBe(12);
    expect(report.threads).toMatchObject({ total: 4, matched: 2, created: 1, deleted: 1 });
    expect(await comments()).toEqual(before);
    expect(await rowsOf(env.db, 'imports')).toEqual([]);
    expect(await rowsOf(env.db, 'users', { status: 'unclaimed' })).toEqual([]);
  });

  it('imports threads, replies, tombstones, hidden statuses and reports what it skipped', async () => {
    const report = await env.import('disqus', fixture('disqus-gazette.xml'), { urlRules: MAP });
    expect(report.comments.imported).toBe(12);
    expect(report.comments.byStatus).toEqual({ approved: 9, deleted: 2, spam: 1 });
    // 1010 (invalid date), 1011 (unknown thread), 4001 (deleted thread).
    expect(report.comments.skipped).toBe(3);
    const reasons = report.skipped.map((s) => `${s.key}: ${s.reason}`);
    expect(reasons).toContainEqual(expect.stringMatching(/^dsq:1010: invalid date "2019-02-30T14:00:00Z"/));
    expect(reasons).toContainEqual(expect.stringMatching(/^dsq:1011: its thread dsq:4040 is not in the file/));
    expect(reasons).toContainEqual(expect.stringMatching(/^dsq:400: deleted in the source: its 1 comment/));
    const bad = report.skipped.find((s) => s.key === 'dsq:1010')!;
    expect(bad.position?.line).toBeGreaterThan(100);
    expect(report.repaired.map((r) => r.key)).toEqual(['dsq:1008']);
    expect(report.repaired[0]!.reason).toMatch(/replies to dsq:999/);
    expect(report.threads).toMatchObject({ total: 4, matched: 2, created: 1, deleted: 1 });

    const keys = await rowsOf(env.db, 'import_keys', { kind: 'comment' }, 'source_id');
    const all = await comments();
    for (const k of keys) byKey.set(String(k.source_id), all.find((c) => c.id === k.target_id)!);
    expect(byKey.size).toBe(12);
  });

  it('links replies whose parents come later in the file, and by <id> text references', () => {
    const [p1, p2, p3, p13] = ['dsq:1001', 'dsq:1002', 'dsq:1003', 'dsq:1013'].map((k) => byKey.get(k)!);
    expect(p1).toMatchObject({ parent_id: null, depth: 0, article_id: harbourId });
    expect(p2).toMatchObject({ parent_id: p1!.id, root_id: p1!.id, depth: 1, path: `${p1!.id}.${p2!.id}` });
    expect(p3).toMatchObject({ parent_id: p2!.id, root_id: p1!.id, depth: 2, path: `${p1!.id}.${p2!.id}.${p3!.id}` });
    expect(p13).toMatchObject({ parent_id: p1!.id, depth: 1, article_id: harbourId });
    // A reply to a comment that is not in the file is at the top level.
    expect(byKey.get('dsq:1008')).toMatchObject({ parent_id: null, depth: 0 });
  });

  it('keeps the original times: ULID time part and created_at, time zones applied', () => {
    for (const c of byKey.values()) expect(ulidTime(String(c.id))).toBe(Date.parse(String(c.created_at)));
    expect(byKey.get('dsq:1001')!.created_at).toBe('2019-03-01T09:00:00.000Z');
    // 10:00 at +02:00
    expect(byKey.get('dsq:2001')!.created_at).toBe('2020-05-01T08:00:00.000Z');
  });

  it('keeps deleted comments with replies as tombstones and hides spam and lone deletions', () => {
    const tomb = byKey.get('dsq:1004')!;
    expect(tomb).toMatchObject({ status: 'deleted', visible: 1, reply_count: 1, body_md: '', body_html: '' });
    expect(byKey.get('dsq:1005')).toMatchObject({ parent_id: tomb.id, visible: 1 });
    expect(byKey.get('dsq:1006')).toMatchObject({ status: 'deleted', visible: 0, body_md: '' });
    expect(byKey.get('dsq:1007')).toMatchObject({ status: 'spam', visible: 0 });
    expect(String(byKey.get('dsq:1007')!.body_md)).toContain('Cheap watches');
  });

  it('computes counters and best scores as the comment services keep them', async () => {
    const p1 = byKey.get('dsq:1001')!;
    expect(p1).toMatchObject({ reply_count: 2, descendant_count: 3 });
    expect(byKey.get('dsq:1002')).toMatchObject({ reply_count: 1, descendant_count: 0 });
    expect(byKey.get('dsq:1004')).toMatchObject({ reply_count: 1, descendant_count: 1 });
    for (const c of byKey.values()) expect(Number(c.score)).toBeCloseTo(bestScore({ likes: 0, dislikes: 0, reports: 0, createdAt: String(c.created_at) }), 9);
    const [harbour] = await rowsOf(env.db, 'articles', { id: harbourId });
    // approved comments on the harbour article: 1001 1002 1003 1005 1008 1009 1013
    expect(harbour!.comment_count).toBe(7);
    const [moderation] = await rowsOf(env.db, 'moderation_actions', { comment_id: byKey.get('dsq:1007')!.id });
    expect(moderation).toMatchObject({ action: 'spam', phase: 'import', actor_id: null });
  });

  it('converts HTML to Markdown once, keeps every script, and drops script and javascript: links', () => {
    const p1 = byKey.get('dsq:1001')!;
    expect(p1.body_md).toBe(
      'The dredger worked nights for a week. Fish \\&amp; chips shop says [the noise](https://example.org/noise) kept customers away.\n\nВторой абзац: всё верно. مرحبا بالعالم 🚢',
    );
    expect(p1.body_html).toContain('Fish &amp;amp; chips');
    expect(p1.body_html).toContain('<a href="https://example.org/noise" rel="nofollow ugc noopener">the noise</a>');
    expect(p1.body_html).toContain('مرحبا بالعالم 🚢');
    expect(byKey.get('dsq:1002')!.body_md).toBe('Agreed — and the **tide tables** were wrong too.');
    const hostile = byKey.get('dsq:1009')!;
    expect(hostile.body_md).toBe('Click here for *details* \\<3');
    expect(String(hostile.body_html)).not.toMatch(/script|onclick|onerror|javascript:|<img/i);
    expect(byKey.get('dsq:1013')!.body_md).toBe('Plain text answer with \\*stars\\* and a_b_c');
    expect(byKey.get('dsq:3001')!.body_html).toBe('<blockquote>\n<p>quoted line</p>\n</blockquote>\n<ul>\n<li>first</li>\n<li>second</li>\n</ul>\n');
  });

  it('puts threads on articles by mapped URL, by the site URL, or on new external-URL articles (closed stays closed)', async () => {
    expect(byKey.get('dsq:3001')!.article_id).toBe(nightBusId);
    const bus = byKey.get('dsq:2001')!;
    const [created] = await rowsOf(env.db, 'articles', { id: bus.article_id });
    expect(created).toMatchObject({
      slug: 'bus-routes',
      external_url: 'http://old.gazette.example/2020/bus-routes/',
      title: 'New bus routes',
      comments_mode: 'closed',
      status: 'published',
      comment_count: 1,
      created_at: '2020-05-01T06:00:00.000Z',
    });
  });

  it('de-duplicates authors by email or username and keeps them as unclaimed profiles', async () => {
    const users = await rowsOf(env.db, 'users', { status: 'unclaimed' }, 'username');
    // harbour.watcher, mira (email + username), Quiet Reader, seller, Prankster, rider
    expect(users.map((u) => u.display_name).sort()).toEqual(['Best Deals', 'Daily Rider', 'Harbour Watcher', 'Mira O.', 'Prankster', 'Quiet Reader']);
    const watcher = users.find((u) => u.display_name === 'Harbour Watcher')!;
    expect(watcher).toMatchObject({ email: 'harbour.watcher@example.org', email_verified: 0, is_operator: 0, username: 'harbourwatch' });
    expect(byKey.get('dsq:1003')!.author_id).toBe(watcher.id);
    const mira = users.find((u) => u.display_name === 'Mira O.')!;
    for (const k of ['dsq:1002', 'dsq:1006', 'dsq:1008', 'dsq:1013']) expect(byKey.get(k)!.author_id).toBe(mira.id);
    expect(await rowsOf(env.db, 'identities', { user_id: watcher.id })).toEqual([]);
    const [profile] = await rowsOf(env.db, 'import_profiles', { user_id: watcher.id }, 'user_id');
    expect(profile).toMatchObject({ site_id: env.site.id, source: 'disqus', email: 'harbour.watcher@example.org', claimed_at: null });
  });

  it('changes nothing when the same import runs again', async () => {
    const before = { comments: await comments(), articles: await rowsOf(env.db, 'articles'), users: await rowsOf(env.db, 'users'), keys: await rowsOf(env.db, 'import_keys', {}, 'source_id') };
    const report = await env.import('disqus', fixture('disqus-gazette.xml'), { urlRules: MAP });
    expect(report.comments.imported).toBe(0);
    expect(report.comments.alreadyPresent).toBe(12);
    expect(report.authors.alreadyPresent).toBe(6);
    expect({ comments: await comments(), articles: await rowsOf(env.db, 'articles'), users: await rowsOf(env.db, 'users'), keys: await rowsOf(env.db, 'import_keys', {}, 'source_id') }).toEqual(before);
  });

  it('adds only what is new from a newer export, updating the branches it joins', async () => {
    const report = await env.import('disqus', fixture('disqus-gazette-newer.xml'), { urlRules: MAP });
    expect(report.comments.imported).toBe(3);
    expect(report.comments.alreadyPresent).toBe(12);
    expect(report.threads.created).toBe(1);
    const all = await comments();
    const keys = await rowsOf(env.db, 'import_keys', { kind: 'comment' }, 'source_id');
    const get = (k: string) => all.find((c) => c.id === keys.find((x) => x.source_id === k)!.target_id)!;
    const p3 = get('dsq:1003');
    expect(get('dsq:1015')).toMatchObject({ parent_id: p3.id, depth: 3, root_id: get('dsq:1001').id });
    expect(p3.reply_count).toBe(1);
    expect(get('dsq:1001').descendant_count).toBe(4);
    const [harbour] = await rowsOf(env.db, 'articles', { id: harbourId });
    expect(harbour!.comment_count).toBe(9);
    const newcomer = await rowsOf(env.db, 'users', { email: 'newcomer@example.org' });
    expect(newcomer).toHaveLength(1);
    expect(get('dsq:5001').author_id).toBe(newcomer[0]!.id);
  });

  it('stops on malformed XML with the position and writes nothing', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'broken.xml');
    const text = fs.readFileSync(fixture('disqus-gazette.xml'), 'utf8').replace('<thread dsq:id="300">', '<thread dsq:id="300"><oops>').replace('</disqus>', '');
    fs.writeFileSync(file, text);
    const before = await comments();
    const err = await env.import('disqus', file, { urlRules: MAP }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFileError);
    expect((err as ImportFileError).message).toMatch(/line \d+, column \d+/);
    expect(await comments()).toEqual(before);
    const runs = await rowsOf(env.db, 'imports', { status: 'failed' });
    expect(runs).toHaveLength(1);
    expect(runs[0]!.error).toMatch(/malformed XML|ends/);
  });

  it('refuses a file of another format with a clear message', async () => {
    const err = await env.import('disqus', fixture('wordpress-gazette.xml')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFileError);
    expect((err as Error).message).toMatch(/not a Disqus export.*WordPress/);
    const notXml = await env.import('disqus', fixture('commento-gazette.json')).catch((e: unknown) => e);
    expect((notXml as Error).message).toMatch(/not an XML file|malformed XML/);
  });
});
