// Export and restore: a site with real activity (posted, edited, deleted, replied, reacted,
// reported, moderated, and imported from Disqus and WordPress) is exported in Parley's format and
// imported into an empty database — the same kind and across kinds — and the two databases are
// compared table by table. Then the same export again changes nothing, and exporting the
// restored site gives the same file. A Disqus-format export read back by the Disqus importer
// keeps the threads and states.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { EXPORT_TABLES } from '../../src/export/format.js';
import { exportSite } from '../../src/export/exportSite.js';
import { startTestApp, type TestApp, type TestUser } from '../support/app.js';
import { createPostgresDatabase, createSqliteDatabase, postgresAvailable, tempDir } from '../support/databases.js';
import { fixture, openImportEnv, rowsOf, type ImportTestEnv } from './support.js';

const pg = await postgresAvailable();
type Kind = 'sqlite' | 'postgres';
const factory = (k: Kind) => (k === 'sqlite' ? createSqliteDatabase : createPostgresDatabase);
const pairs: { from: Kind; to: Kind }[] = [{ from: 'sqlite', to: 'sqlite' }];
if (pg) pairs.push({ from: 'postgres', to: 'postgres' }, { from: 'sqlite', to: 'postgres' }, { from: 'postgres', to: 'sqlite' });

async function siteTables(db: Kysely<any>, siteId: string): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  out.sites = await rowsOf(db, 'sites', { id: siteId });
  for (const t of EXPORT_TABLES) {
    if (t.name === 'users') continue;
    const exists = await db
      .selectFrom(t.name)
      .selectAll()
      .limit(1)
      .execute()
      .then(() => true)
      .catch(() => false);
    if (!exists) continue;
    out[t.name] = await rowsOf(db, t.name, { site_id: siteId }, t.orderBy);
  }
  const ids = new Set<string>();
  for (const t of EXPORT_TABLES) for (const [col, kind] of Object.entries(t.refs)) if (kind === 'user') for (const r of out[t.name] ?? []) if (typeof r[col] === 'string') ids.add(r[col] as string);
  for (const c of out.comments ?? []) ids.add(String(c.author_id));
  out.users = (await rowsOf(db, 'users')).filter((u) => ids.has(String(u.id)));
  return out;
}

describe.each(pairs)('Parley export restored from $from to $to', ({ from, to }) => {
  let app: TestApp;
  let target: ImportTestEnv;
  let file: string;
  let people: Record<string, TestUser>;

  beforeAll(async () => {
    app = await startTestApp(await factory(from)(), { settings: { editWindowSeconds: 3600 } });
    const [ana, ben, cyd, moe] = await Promise.all([app.signUp('ana'), app.signUp('ben'), app.signUp('cyd'), app.signUp('moe', 'moderator')]);
    people = { ana: ana!, ben: ben!, cyd: cyd!, moe: moe! };
    const post = async (as: TestUser, body: string, parentId: string | null = null) => {
      app.clock.advance(60_000);
      const res = await app.request({ method: 'POST', url: `/api/v1/articles/${app.articleId}/comments`, payload: { body, parentId }, as });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { comment: { id: string } }).comment.id;
    };
    const c1 = await post(ana!, 'The harbour *matters*. See https://example.org/harbour');
    const r1 = await post(ben!, 'Agreed, ana.', c1);
    await post(cyd!, 'Not so sure — «quoted» text, עברית.', r1);
    const c2 = await post(ben!, 'Second thought');
    await post(cyd!, 'Reply to be orphaned', c2);
    const c3 = await post(cyd!, 'Something rude');
    app.clock.advance(60_000);
    expect((await app.request({ method: 'PATCH', url: `/api/v1/comments/${c1}`, payload: { body: 'The harbour **matters**.' }, as: ana! })).statusCode).toBe(200);
    expect((await app.request({ method: 'DELETE', url: `/api/v1/comments/${c2}`, as: ben! })).statusCode).toBe(200);
    expect((await app.request({ method: 'DELETE', url: `/api/v1/comments/${c3}`, as: moe! })).statusCode).toBe(200);
    for (const [who, kind] of [['ben', 'like'], ['cyd', 'dislike'], ['moe', 'like']] as const) {
      expect((await app.request({ method: 'PUT', url: `/api/v1/comments/${c1}/reaction`, payload: { kind }, as: people[who]! })).statusCode).toBe(200);
    }
    expect((await app.request({ method: 'POST', url: `/api/v1/comments/${r1}/reports`, payload: { reason: 'spam' }, as: cyd! })).statusCode).toBe(201);
    // History from other systems, with unclaimed profiles, hidden statuses, external articles.
    const deps = app.parley.deps;
    const scratchDir = tempDir();
    const { runImport } = await import('../../src/services/imports/runImport.js');
    await runImport(deps, { format: 'disqus', file: fixture('disqus-gazette.xml'), site: app.site.slug, scratchDir, workers: 0 });
    await runImport(deps, { format: 'wordpress', file: fixture('wordpress-gazette.xml'), site: app.site.slug, scratchDir, workers: 0 });

    file = path.join(tempDir(), 'site.jsonl');
    await exportSite(deps, { site: app.site, file, format: 'parley' });
    target = await openImportEnv(await factory(to)(), { withSite: false });
  });
  afterAll(async () => {
    await app?.close();
    await target?.close();
  });

  it('restores every table of the site exactly', async () => {
    const report = await target.import('parley', file, { site: undefined });
    expect(report.skipped).toEqual([]);
    expect(report.repaired).toEqual([]);
    const source = await siteTables(await sourceDb(app), app.site.id);
    const restored = await siteTables(target.db as Kysely<any>, app.site.id);
    expect(Object.keys(restored).sort()).toEqual(Object.keys(source).sort());
    expect(source.comments!.length).toBeGreaterThan(20);
    expect(source.reactions).toHaveLength(3);
    expect(source.reports).toHaveLength(1);
    expect(source.comment_revisions).toHaveLength(1);
    for (const table of Object.keys(source)) expect(restored[table], table).toEqual(source[table]);
  });

  it('changes nothing when the same export is imported again', async () => {
    const before = await siteTables(target.db as Kysely<any>, app.site.id);
    const report = await target.import('parley', file, { site: undefined });
    expect(report.comments.imported).toBe(0);
    expect(report.rows.imported).toBe(0);
    expect(await siteTables(target.db as Kysely<any>, app.site.id)).toEqual(before);
  });

  it('exports the restored site to the same file', async () => {
    const again = path.join(tempDir(), 'again.jsonl');
    const site = (await target.store.getSiteBySlug({ slug: app.site.slug }))!;
    await exportSite(target.deps, { site, file: again, format: 'parley' });
    const strip = (f: string) => fs.readFileSync(f, 'utf8').split('\n').slice(1);
    expect(strip(again)).toEqual(strip(file));
  });

  it('writes a Disqus export the Disqus importer reads back with its threads and states', async () => {
    const xml = path.join(tempDir(), 'site.xml');
    await exportSite(app.parley.deps, { site: app.site, file: xml, format: 'disqus' });
    const fresh = await openImportEnv(await factory(to)(), { slug: 'copy' });
    try {
      const report = await fresh.import('disqus', xml);
      const source = await siteTables(await sourceDb(app), app.site.id);
      const statuses: Record<string, number> = {};
      for (const c of source.comments!) {
        const s = c.status === 'rejected' ? 'deleted' : String(c.status);
        statuses[s] = (statuses[s] ?? 0) + 1;
      }
      expect(report.comments.byStatus).toEqual(statuses);
      expect(report.comments.skipped).toBe(0);
      const copied = await rowsOf(fresh.db, 'comments', { site_id: fresh.site.id });
      const depthsOf = (rows: Record<string, unknown>[]) => rows.map((r) => Number(r.depth)).sort();
      expect(depthsOf(copied)).toEqual(depthsOf(source.comments!));
      const visible = (rows: Record<string, unknown>[]) => rows.filter((r) => r.visible === 1).length;
      expect(visible(copied)).toBe(visible(source.comments!));
    } finally {
      await fresh.close();
    }
  });
});

const sourceDbs = new Map<TestApp, Kysely<any>>();
/** A second connection to the source database, for reading rows as they are stored. */
async function sourceDb(app: TestApp): Promise<Kysely<any>> {
  let db = sourceDbs.get(app);
  if (!db) {
    const { connect } = await import('../../src/store/connect.js');
    const c = connect(app.db.config);
    cleanup.push(() => c.close());
    db = c.db as Kysely<any>;
    sourceDbs.set(app, db);
  }
  return db;
}
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const f of cleanup) await f().catch(() => {});
});
