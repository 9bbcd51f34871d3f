import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTO_PAGES, startCheckpointer, type Checkpointer } from './checkpointer.js';

describe('background checkpoints', () => {
  let dir: string;
  let file: string;
  let db: SQLite.Database;
  let checkpointer: Checkpointer | null = null;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-ckpt-'));
    file = path.join(dir, 'db.sqlite');
    db = new SQLite(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('create table note (id integer primary key, text text not null)');
  });

  afterEach(async () => {
    await checkpointer?.close();
    checkpointer = null;
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const insert = (n: number) => {
    const stmt = db.prepare('insert into note (text) values (?)');
    for (let i = 0; i < n; i++) stmt.run(`note ${i} `.padEnd(900, 'x'));
  };
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  const rowsInFile = () => {
    const copy = path.join(dir, 'copy.sqlite');
    fs.copyFileSync(file, copy);
    const other = new SQLite(copy, { readonly: true });
    try {
      return (other.prepare('select count(*) as n from note').get() as { n: number }).n;
    } finally {
      other.close();
    }
  };
  const autoPages = () => db.pragma('wal_autocheckpoint', { simple: true }) as number;

  it('copies committed pages into the database file from another thread', async () => {
    checkpointer = startCheckpointer(db, file, { startAtWalBytes: 0, intervalMs: 5 });
    await checkpointer.started();
    expect(autoPages()).toBe(AUTO_PAGES);
    const before = size(file);
    insert(500); // about 500 pages: far below the connection's own threshold
    await expect.poll(() => size(file), { timeout: 10_000 }).toBeGreaterThan(before + 400 * 1024);
    // A fresh connection that ignores the -wal file reads all 500 rows from the database file.
    await expect.poll(() => rowsInFile(), { timeout: 10_000 }).toBe(500);
  });

  it('without it, those pages stay in the -wal file (the same writes)', () => {
    db.pragma(`wal_autocheckpoint = ${AUTO_PAGES}`);
    const before = size(file);
    insert(500);
    expect(size(file)).toBe(before);
    expect(size(`${file}-wal`)).toBeGreaterThan(400 * 1024);
  });

  it('keeps the -wal file bounded while commits keep coming', async () => {
    checkpointer = startCheckpointer(db, file, { startAtWalBytes: 0, intervalMs: 1, autoPages: 100 });
    await checkpointer.started();
    insert(3000); // one row per commit, with no pause for the worker: 17.7 MB of -wal file if never restarted
    // The connection's own checkpoint at 100 pages lets the file start again from the top
    // (how often depends on the two threads' timing, hence the loose bound).
    expect(size(`${file}-wal`)).toBeLessThan(4 * 1024 * 1024);
    expect((db.prepare('select count(*) as n from note').get() as { n: number }).n).toBe(3000);
  });

  it('starts only once the -wal file has grown', async () => {
    checkpointer = startCheckpointer(db, file, { startAtWalBytes: 256 * 1024, intervalMs: 5, watchMs: 10 });
    insert(10);
    // A negative can only be watched for a while: about fifteen looks at the file.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(checkpointer.running).toBe(false);
    expect(autoPages()).toBe(1000);
    insert(400);
    await checkpointer.started();
    expect(autoPages()).toBe(AUTO_PAGES);
  });

  it("goes back to SQLite's default threshold when the worker fails", async () => {
    db.pragma('wal_autocheckpoint = 7');
    checkpointer = startCheckpointer(db, path.join(dir, 'missing.sqlite'), { startAtWalBytes: 0 });
    await expect.poll(() => autoPages(), { timeout: 10_000 }).toBe(1000);
    expect(checkpointer.running).toBe(false);
  });
});
