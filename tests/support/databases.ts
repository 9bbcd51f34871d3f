// The databases the shared suites run against. SQLite always; PostgreSQL when reachable. Each
// test file gets its own fresh database (a temp file, or a temp PostgreSQL database dropped
// afterwards). Without CI, an unreachable PostgreSQL skips those runs with a printed notice; with
// CI=true it is a failure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Config } from '../../src/config.js';

export const POSTGRES_ADMIN_URL = process.env.PARLEY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
  config: Config['database'];
  /** Removes the database. */
  drop(): Promise<void>;
}

let pgAvailable: Promise<boolean> | undefined;

export function postgresAvailable(): Promise<boolean> {
  pgAvailable ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch (err) {
      if (process.env.CI === 'true') throw new Error(`PostgreSQL is required in CI but not reachable at ${POSTGRES_ADMIN_URL}: ${(err as Error).message}`);
      console.warn(`[parley tests] PostgreSQL not reachable at ${POSTGRES_ADMIN_URL} (${(err as Error).message}): PostgreSQL runs skipped`);
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return pgAvailable;
}

export function tempDir(prefix = 'parley-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = tempDir();
  return {
    kind: 'sqlite',
    config: { kind: 'sqlite', file: path.join(dir, 'test.db') },
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `parley_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    config: { kind: 'postgres', url: url.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** The database kinds to run a shared suite on: `describe.each(await databaseKinds())`. */
export async function databaseKinds(): Promise<{ kind: 'sqlite' | 'postgres'; create: () => Promise<TestDatabase> }[]> {
  const kinds: { kind: 'sqlite' | 'postgres'; create: () => Promise<TestDatabase> }[] = [{ kind: 'sqlite', create: createSqliteDatabase }];
  if (await postgresAvailable()) kinds.push({ kind: 'postgres', create: createPostgresDatabase });
  return kinds;
}
