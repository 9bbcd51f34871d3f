// Query plans of the thread-reading queries, as the store really issues them: the store runs
// over a Kysely instance that logs each compiled query, and each one is then explained
// (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL) and timed.
import SQLite from 'better-sqlite3';
import { type CompiledQuery, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../../src/config.js';
import { KyselyStore } from '../../src/store/kysely-store.js';
import type { Database } from '../../src/store/schema.js';

export interface QueryPlan {
  name: string;
  sql: string;
  plan: string[];
  /** Mean execution time of the query alone, microseconds. */
  timeUs: number;
  warnings: string[];
}

type Probe = (store: KyselyStore) => Promise<unknown>;

function warningsFor(dialect: 'sqlite' | 'postgres', plan: string[]): string[] {
  const out: string[] = [];
  for (const line of plan) {
    if (dialect === 'sqlite') {
      if (/\bSCAN comments\b(?! USING)/.test(line)) out.push(`full scan: ${line.trim()}`);
      if (/TEMP B-TREE/.test(line)) out.push(`sort without an index: ${line.trim()}`);
    } else {
      if (/Seq Scan on comments/.test(line)) out.push(`full scan: ${line.trim()}`);
      const sorted = /^\s*(->\s*)?Sort\s+\(.*actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/.exec(line);
      if (sorted && Number(sorted[2]) > 100) out.push(`sort of ${sorted[2]} rows without an index: ${line.trim()}`);
    }
  }
  return out;
}

async function capture(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', log: CompiledQuery[], probe: Probe): Promise<CompiledQuery> {
  log.length = 0;
  await probe(new KyselyStore(db, dialect));
  const query = log[log.length - 1];
  if (!query) throw new Error('the probe ran no query');
  return query;
}

export async function explainQueries(database: Config['database'], probes: Record<string, Probe>): Promise<QueryPlan[]> {
  const log: CompiledQuery[] = [];
  const out: QueryPlan[] = [];
  if (database.kind === 'sqlite') {
    const raw = new SQLite(database.file, { readonly: true });
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }), log: (e) => void (e.level === 'query' && log.push(e.query)) });
    try {
      for (const [name, probe] of Object.entries(probes)) {
        const q = await capture(db, 'sqlite', log, probe);
        const params = q.parameters as unknown[];
        const rows = raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...params) as { id: number; parent: number; detail: string }[];
        const parents = new Map(rows.map((r) => [r.id, r.parent]));
        const depth = (id: number): number => {
          const p = parents.get(id) ?? 0;
          return p === 0 ? 0 : depth(p) + 1;
        };
        const plan = rows.map((r) => `${'  '.repeat(depth(r.id))}${r.detail}`);
        const stmt = raw.prepare(q.sql);
        const runs = 200;
        const t0 = performance.now();
        for (let i = 0; i < runs; i++) stmt.all(...params);
        out.push({ name, sql: q.sql, plan, timeUs: ((performance.now() - t0) * 1000) / runs, warnings: warningsFor('sqlite', plan) });
      }
    } finally {
      await db.destroy();
    }
    return out;
  }
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: (e) => void (e.level === 'query' && log.push(e.query)) });
  try {
    for (const [name, probe] of Object.entries(probes)) {
      const q = await capture(db, 'postgres', log, probe);
      const params = q.parameters as unknown[];
      await pool.query(q.sql, params); // warm
      const res = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, params);
      const plan = res.rows.map((r) => r['QUERY PLAN']);
      const exec = plan.map((l) => /Execution Time: ([\d.]+) ms/.exec(l)).find(Boolean);
      out.push({ name, sql: q.sql, plan, timeUs: exec ? Number(exec[1]) * 1000 : NaN, warnings: warningsFor('postgres', plan) });
    }
  } finally {
    await db.destroy();
  }
  return out;
}
