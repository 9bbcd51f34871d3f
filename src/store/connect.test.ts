// Opening a SQLite database that another process is writing in a rollback journal (an import
// with --bulk): the connection waits for its busy timeout, then says what is going on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { connect } from './connect.js';

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-connect-'));
  file = path.join(dir, 'db.sqlite');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

it('waits for a writer holding the file, and names the problem when it does not let go', { timeout: 20_000 }, async () => {
  const writer = new SQLite(file);
  writer.exec('create table note (id integer primary key)');
  writer.exec('begin exclusive');
  writer.exec('insert into note default values');
  try {
    expect(() => connect({ kind: 'sqlite', file })).toThrow(/is locked by another process \(an import with --bulk, say\); try again when it has finished/);
  } finally {
    writer.exec('commit');
    writer.close();
  }
  const c = connect({ kind: 'sqlite', file });
  try {
    const { rows } = await sql<{ n: number }>`select count(*) as n from note`.execute(c.db);
    expect(rows[0]?.n).toBe(1);
  } finally {
    await c.close();
  }
});
