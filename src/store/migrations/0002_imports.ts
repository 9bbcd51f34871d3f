// Imports (issue 6): the record of each import run with its checkpoint, the map from source ids
// to Parley ids that makes re-running an import change nothing, and the imported author
// profiles a reader can later claim by verifying their email.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per run of `parley import`. The checkpoint (JSON) says how far staging and applying
  // got, so a run that stopped resumes where it was.
  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_size', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    /** staging | applying | done | failed | abandoned */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scratch_path', 'text')
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('checkpoint', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('report', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('imports_site_source').on('imports').columns(['site_id', 'source', 'status']).execute();

  // (site, source, kind, source id) → the Parley id made from it. Written in the same
  // transaction as the row it maps, so a key exists exactly when its row does.
  await db.schema
    .createTable('import_keys')
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    /** thread | comment | author | row:<table> */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_keys_pk', ['site_id', 'source', 'kind', 'source_id'])
    .execute();

  // Authors of imported comments who have no account: a users row with status 'unclaimed' and
  // no identity, plus this row. `email` is the address the old system had (normalized); the
  // reader who proves it owns that address may claim the profile (see docs/import-export.md).
  await db.schema
    .createTable('import_profiles')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_profiles_email').on('import_profiles').column('email').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['import_profiles', 'import_keys', 'imports']) await db.schema.dropTable(t).ifExists().execute();
}
