// A large import on SQLite writes in one transaction with the scattered indexes of `comments`
// taken off and built again (runImport's bulkFrom). Forced here on the small fixtures, it must
// leave exactly what the thread-group path leaves, with every index back as it was; on
// PostgreSQL the option changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDisqusBenchExport } from '../../bench/import-data.js';
import { databaseKinds, tempDir } from '../support/databases.js';
import { fixture, openImportEnv, rowsOf, type ImportTestEnv } from './support.js';

const kinds = await databaseKinds();
const MAP = [{ from: 'https://old.gazette.example/', to: 'https://www.gazette.example/' }];

/** Comments with every id replaced by its source key, so two runs' rows compare. */
async function commentsByKey(env: ImportTestEnv): Promise<Record<string, unknown>[]> {
  const keys = await rowsOf(env.db, 'import_keys', { kind: 'comment' }, 'source_id');
  const keyOf = new Map(keys.map((k) => [k.target_id, k.source_id]));
  const swap = (id: unknown) => (typeof id === 'string' ? (keyOf.get(id) ?? id) : id);
  const rows = await rowsOf(env.db, 'comments', { site_id: env.site.id });
  return rows
    .map((c) => ({ ...c, id: swap(c.id), parent_id: swap(c.parent_id), root_id: swap(c.root_id), path: String(c.path).split('.').map(swap).join('.'), site_id: null, article_id: null, author_id: null }))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

/** Whether the connection checks foreign keys (SQLite). */
async function foreignKeys(env: ImportTestEnv): Promise<number | undefined> {
  return (await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(env.db)).rows[0]?.foreign_keys;
}

async function indexes(env: ImportTestEnv): Promise<unknown[]> {
  if (env.store.dialect !== 'sqlite') return [];
  return (await sql<{ name: string; sql: string | null }>`select name, sql from sqlite_master where type = 'index' order by name`.execute(env.db)).rows;
}

describe.each(kinds)('bulk import on $kind', ({ kind, create }) => {
  let grouped: ImportTestEnv;
  let bulk: ImportTestEnv;

  beforeAll(async () => {
    grouped = await openImportEnv(await create());
    bulk = await openImportEnv(await create());
  });
  afterAll(async () => {
    await grouped.close();
    await bulk.close();
  });

  it('writes what the thread groups write, also when a newer export joins existing branches', async () => {
    const before = await indexes(bulk);
    for (const file of ['disqus-gazette.xml', 'disqus-gazette-newer.xml']) {
      const a = await grouped.import('disqus', fixture(file), { urlRules: MAP });
      const b = await bulk.import('disqus', fixture(file), { urlRules: MAP, bulk: true, bulkFrom: 1 });
      expect({ ...b, importId: null, seconds: 0, commentsPerSecond: 0 }).toEqual({ ...a, importId: null, seconds: 0, commentsPerSecond: 0 });
      expect(await commentsByKey(bulk)).toEqual(await commentsByKey(grouped));
    }
    expect(await indexes(bulk)).toEqual(before);
  });

  it.runIf(kind === 'sqlite')('leaves nothing written when it fails, with the indexes as they were, and resumes', { timeout: 60_000 }, async () => {
    const file = path.join(tempDir(), 'bench.xml');
    await writeDisqusBenchExport({ file, comments: 3000, perThread: 50, seed: 3 });
    const before = { comments: (await rowsOf(bulk.db, 'comments')).length, articles: (await rowsOf(bulk.db, 'articles')).length, indexes: await indexes(bulk) };
    // The 55th new article (in the second group of threads) fails to be written: nothing of the run may stay.
    await sql.raw(`create trigger fail_import before insert on articles when (select count(*) from articles) >= ${before.articles + 54} begin select raise(abort, 'disk full'); end`).execute(bulk.db);
    await expect(bulk.import('disqus', file, { bulk: true, bulkFrom: 1 })).rejects.toThrow('disk full');
    expect((await rowsOf(bulk.db, 'comments')).length).toBe(before.comments);
    expect(await indexes(bulk)).toEqual(before.indexes);
    expect(await foreignKeys(bulk)).toBe(1);
    await sql.raw('drop trigger fail_import').execute(bulk.db);
    const report = await bulk.import('disqus', file, { bulk: true, bulkFrom: 1 });
    expect(report.resumed).toBe(true);
    expect(report.comments.imported).toBe(3000);
    expect((await rowsOf(bulk.db, 'comments')).length).toBe(before.comments + 3000);
    expect(await indexes(bulk)).toEqual(before.indexes);
  });

  it.runIf(kind === 'sqlite')('writes without the write-ahead log when nobody else is using the database, and leaves it in WAL mode', { timeout: 60_000 }, async () => {
    const file = path.join(tempDir(), 'bench.xml');
    await writeDisqusBenchExport({ file, comments: 3000, perThread: 50, seed: 5 });
    const sizes = (f: string) => ({ db: fs.statSync(f).size, wal: fs.existsSync(`${f}-wal`) ? fs.statSync(`${f}-wal`).size : 0 });
    const journal = async (env: ImportTestEnv) => (await sql<{ journal_mode: string }>`pragma journal_mode`.execute(env.db)).rows[0]?.journal_mode;

    // Alone: the new pages go to the database file, and the -wal file only gets what follows.
    const alone = await create();
    const a = await openImportEnv(alone);
    const dbFile = (alone.config as { file: string }).file;
    const before = sizes(dbFile);
    expect((await a.import('disqus', file, { bulk: true, bulkFrom: 1 })).comments.imported).toBe(3000);
    const after = sizes(dbFile);
    expect(await journal(a)).toBe('wal');
    expect(after.db - before.db).toBeGreaterThan(1_000_000);
    expect(after.wal).toBeLessThan((after.db - before.db) / 10);

    // With another connection open (a running server, say), it stays in WAL mode: that reader
    // reads on meanwhile, and the pages go through the -wal file as usual.
    const shared = await create();
    const b = await openImportEnv(shared);
    const otherFile = (shared.config as { file: string }).file;
    const reader = new Database(otherFile, { fileMustExist: true });
    try {
      const count = () => (reader.prepare('select count(*) as n from comments').get() as { n: number }).n;
      expect(count()).toBe(0);
      const sharedBefore = sizes(otherFile);
      expect((await b.import('disqus', file, { bulk: true, bulkFrom: 1 })).comments.imported).toBe(3000);
      expect(reader.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(count()).toBe(3000);
      expect(sizes(otherFile).wal).toBeGreaterThan((after.db - before.db) / 2);
      expect(sharedBefore.wal).toBeLessThan(sizes(otherFile).wal);
    } finally {
      reader.close();
      await a.close();
      await b.close();
    }
  });

  it.runIf(kind === 'sqlite')('writes without checking foreign keys, leaves every reference in place and the checks on', { timeout: 60_000 }, async () => {
    const file = path.join(tempDir(), 'bench.xml');
    await writeDisqusBenchExport({ file, comments: 3000, perThread: 50, seed: 7 });
    const env = await openImportEnv(await create());
    try {
      // What the connection's setting is while the import writes (each new article logs it).
      await sql.raw('create table fk_seen (on_ integer)').execute(env.db);
      await sql.raw('create trigger fk_seen after insert on articles begin insert into fk_seen select foreign_keys from pragma_foreign_keys; end').execute(env.db);
      expect(await foreignKeys(env)).toBe(1);
      expect((await env.import('disqus', file, { bulk: true, bulkFrom: 1 })).comments.imported).toBe(3000);
      const seen = await rowsOf(env.db, 'fk_seen', {}, 'on_');
      expect(seen.length).toBe(60);
      expect(new Set(seen.map((r) => r.on_))).toEqual(new Set([0]));
      expect(await foreignKeys(env)).toBe(1);
      expect((await sql`pragma foreign_key_check`.execute(env.db)).rows).toEqual([]);
    } finally {
      await env.close();
    }
  });
});
