// The database a benchmark run works on: a fresh SQLite file in the run's temporary directory,
// or (with --postgres) a temporary PostgreSQL database created for the run and dropped after.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../../src/config.js';

export interface BenchDatabase {
  kind: 'sqlite' | 'postgres';
  database: Config['database'];
  /** DATABASE_URL for the server process. */
  url: string;
  /** Printable description (no credentials). */
  describe: string;
  drop(): Promise<void>;
}

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabasePlan {
  /** What the janitor needs to drop the database should this process die first. */
  janitor: { dbName?: string; adminUrl?: string };
  create(): Promise<BenchDatabase>;
}

/** Names the run's database before it exists, so the janitor can be told about it first. */
export function planBenchDatabase(kind: 'sqlite' | 'postgres', tmpDir: string): BenchDatabasePlan {
  if (kind === 'sqlite') return { janitor: {}, create: () => createBenchDatabase(kind, tmpDir, '') };
  const adminUrl = process.env.BENCH_DATABASE_URL || DEFAULT_POSTGRES_URL;
  const name = `parley_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  return { janitor: { dbName: name, adminUrl }, create: () => createBenchDatabase(kind, tmpDir, name) };
}

async function createBenchDatabase(kind: 'sqlite' | 'postgres', tmpDir: string, name: string): Promise<BenchDatabase> {
  if (kind === 'sqlite') {
    const file = path.join(tmpDir, 'parley.db');
    return { kind, database: { kind: 'sqlite', file }, url: `sqlite:${file}`, describe: `SQLite ${file}`, drop: async () => {} };
  }
  const adminUrl = process.env.BENCH_DATABASE_URL || DEFAULT_POSTGRES_URL;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    kind,
    database: { kind: 'postgres', url: url.toString() },
    url: url.toString(),
    describe: `PostgreSQL database ${name} on ${url.hostname}:${url.port || 5432}`,
    async drop() {
      if (dropped) return;
      dropped = true;
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
