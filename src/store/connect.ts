// Opens the database chosen by the configuration and runs migrations.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { startCheckpointer } from './checkpointer.js';
import { FairSqliteDialect } from './fair-sqlite.js';
import pg from 'pg';
import type { Config } from '../config.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';
import { withStatementCache } from './statement-cache.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Connection {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface ConnectOptions {
  poolSize?: number;
  /**
   * SQLite's page cache in MiB (its default is 2). The server asks for more, so the index pages
   * a busy site touches on every post and page build stay in memory instead of being read again
   * through system calls. (On the 2-core bench machine its effect on posting was within that
   * machine's run-to-run spread.) Short-lived commands keep the default.
   */
  sqliteCacheMb?: number;
  /**
   * SQLite file: checkpoint the WAL on a worker thread once the database is busy (see
   * checkpointer.ts), instead of inside the commits of the thread that answers requests.
   */
  backgroundCheckpoints?: boolean;
}

export function connect(database: Config['database'], opts: ConnectOptions = {}): Connection {
  if (database.kind === 'sqlite') {
    if (database.file !== ':memory:') fs.mkdirSync(path.dirname(database.file), { recursive: true });
    const sqlite = new SQLite(database.file);
    // First, so that switching to WAL mode waits for a writer too (an import with --bulk writes
    // in a rollback journal while nobody else has the file open).
    sqlite.pragma('busy_timeout = 5000');
    try {
      sqlite.pragma('journal_mode = WAL');
    } catch (err) {
      sqlite.close();
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
      throw new Error(`${database.file} is locked by another process (an import with --bulk, say); try again when it has finished`, { cause: err });
    }
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    if (opts.sqliteCacheMb) sqlite.pragma(`cache_size = -${Math.round(opts.sqliteCacheMb * 1024)}`);
    const checkpointer = opts.backgroundCheckpoints && database.file !== ':memory:' ? startCheckpointer(sqlite, database.file) : null;
    const db = new Kysely<Database>({ dialect: new FairSqliteDialect({ database: withStatementCache(sqlite) }) });
    return {
      db,
      dialect: 'sqlite',
      close: async () => {
        await checkpointer?.close();
        await db.destroy();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: database.url, max: opts.poolSize ?? 10 });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

export interface MigrationReport {
  applied: string[];
}

/** Brings the schema up to date. Safe to run from several processes at once on PostgreSQL. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationReport> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'parley_migrations',
    migrationLockTableName: 'parley_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
