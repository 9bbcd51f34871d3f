import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

interface DB {
  parent: { id: number };
  child: { id: number; parent_id: number };
  note: { id: number; text: string };
}

describe('GroupCommit', () => {
  let raw: SQLite.Database;
  let db: Kysely<DB>;
  let group: GroupCommit<DB>;
  const statements: string[] = [];

  beforeEach(async () => {
    raw = new SQLite(':memory:');
    raw.pragma('foreign_keys = ON');
    statements.length = 0;
    db = new Kysely<DB>({
      dialect: new SqliteDialect({ database: raw }),
      log: (event) => {
        if (event.level === 'query') statements.push(event.query.sql);
      },
    });
    await sql`create table parent (id integer primary key)`.execute(db);
    // Checked at COMMIT, so a violation fails the commit rather than the statement.
    await sql`create table child (id integer primary key, parent_id integer not null references parent(id) deferrable initially deferred)`.execute(db);
    await sql`create table note (id integer primary key, text text not null)`.execute(db);
    group = new GroupCommit(db);
    statements.length = 0;
  });

  afterEach(async () => {
    await db.destroy();
  });

  const note = (id: number) => (conn: Kysely<DB>) => conn.insertInto('note').values({ id, text: `n${id}` }).execute().then(() => id);
  const notes = () => db.selectFrom('note').select('id').orderBy('id').execute().then((rows) => rows.map((r) => r.id));

  it('commits the transactions of one turn together, answering each with its own result', async () => {
    const results = await Promise.all([1, 2, 3].map((id) => group.transaction(note(id))));
    expect(results).toEqual([1, 2, 3]);
    expect(await notes()).toEqual([1, 2, 3]);
    expect(statements.filter((s) => /^(begin|commit)/i.test(s))).toEqual(['begin immediate', 'commit']);
  });

  it('runs a lone transaction as a plain one', async () => {
    expect(await group.transaction(note(7))).toBe(7);
    expect(statements.filter((s) => /savepoint/i.test(s))).toEqual([]);
    expect(await notes()).toEqual([7]);
  });

  it('rolls back only the transaction that failed', async () => {
    const results = await Promise.allSettled([
      group.transaction(note(1)),
      group.transaction(async (conn) => {
        await note(2)(conn);
        throw new Error('no');
      }),
      group.transaction(async (conn) => {
        // Sees the first transaction's row, not the failed one's.
        const seen = await conn.selectFrom('note').select('id').orderBy('id').execute();
        await note(3)(conn);
        return seen.map((r) => r.id);
      }),
    ]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: new Error('no') },
      { status: 'fulfilled', value: [1] },
    ]);
    expect(await notes()).toEqual([1, 3]);
  });

  it('rejects every transaction of a batch whose commit fails, and keeps none', async () => {
    const results = await Promise.allSettled([
      group.transaction(note(1)),
      group.transaction((conn) => conn.insertInto('child').values({ id: 1, parent_id: 99 }).execute()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(await notes()).toEqual([]);
    // The connection is usable afterwards.
    expect(await Promise.all([group.transaction(note(4)), group.transaction(note(5))])).toEqual([4, 5]);
    expect(await notes()).toEqual([4, 5]);
  });

  it('starts a new batch for transactions asked for while one is committing', async () => {
    const later: Promise<number>[] = [];
    const first = group.transaction(async (conn) => {
      later.push(group.transaction(note(2)));
      return note(1)(conn);
    });
    expect(await first).toBe(1);
    expect(await Promise.all(later)).toEqual([2]);
    expect(await notes()).toEqual([1, 2]);
  });

  it('caps a batch, committing the rest in further batches', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => i + 1);
    expect(await Promise.all(ids.map((id) => group.transaction(note(id))))).toEqual(ids);
    expect(statements.filter((s) => /^commit/i.test(s)).length).toBe(3);
    expect((await notes()).length).toBe(150);
  });
});
