// Helpers for the import and export tests: a migrated store on a fresh database with one site,
// and a shorthand for running an import into it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { createUlidGenerator } from '../../src/domain/ids.js';
import { DEFAULT_SITE_SETTINGS, type Site } from '../../src/domain/types.js';
import type { ImportFormat } from '../../src/importers/types.js';
import { createMemoryBus } from '../../src/realtime/bus.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { runImport, type ImportOptions } from '../../src/services/imports/runImport.js';
import { connect, migrateToLatest } from '../../src/store/connect.js';
import { KyselyStore } from '../../src/store/kysely-store.js';
import type { Database } from '../../src/store/schema.js';
import { tempDir, type TestDatabase } from '../support/databases.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const fixture = (name: string) => path.join(FIXTURES, name);

export interface ImportTestEnv {
  deps: ServiceDeps;
  store: KyselyStore;
  db: Kysely<Database>;
  site: Site;
  scratchDir: string;
  import(format: ImportFormat, file: string, opts?: Partial<ImportOptions>): ReturnType<typeof runImport>;
  close(): Promise<void>;
}

export async function openImportEnv(database: TestDatabase, opts: { publicUrl?: string | null; withSite?: boolean; slug?: string } = {}): Promise<ImportTestEnv> {
  const connection = connect(database.config);
  await migrateToLatest(connection.db);
  const store = new KyselyStore(connection.db, connection.dialect);
  const clock = () => new Date('2026-03-01T12:00:00.000Z');
  const deps: ServiceDeps = { store, clock, newId: createUlidGenerator(() => clock().getTime()), events: createMemoryBus() };
  const site =
    opts.withSite === false
      ? (null as unknown as Site)
      : await store.createSite({
          id: deps.newId(),
          slug: opts.slug ?? 'gazette',
          name: 'The Test Gazette',
          publicUrl: opts.publicUrl === undefined ? 'https://www.gazette.example' : opts.publicUrl,
          settings: DEFAULT_SITE_SETTINGS,
          createdAt: clock().toISOString(),
        });
  const scratchDir = tempDir('parley-import-scratch-');
  return {
    deps,
    store,
    db: connection.db,
    site,
    scratchDir,
    import(format, file, o = {}) {
      return runImport(deps, { format, file, site: site?.slug, scratchDir, workers: 0, ...o });
    },
    async close() {
      await connection.close();
      await database.drop();
    },
  };
}

/** Rows of a table as plain objects with numbers normalized (PostgreSQL returns some as strings). */
export async function rowsOf(db: Kysely<Database> | Kysely<any>, table: string, where: Record<string, unknown> = {}, orderBy: string | string[] = 'id'): Promise<Record<string, unknown>[]> {
  let q = (db as unknown as Kysely<any>).selectFrom(table).selectAll();
  for (const [k, v] of Object.entries(where)) q = q.where(k, '=', v);
  for (const c of Array.isArray(orderBy) ? orderBy : [orderBy]) q = q.orderBy(c);
  const rows = (await q.execute()) as Record<string, unknown>[];
  return rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) out[k] = typeof v === 'bigint' ? Number(v) : v;
    return out;
  });
}
