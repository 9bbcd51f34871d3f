// The embed (issue 7): per-site embed settings (URL normalization, creating threads on first
// load, language), the threads found by a host page's canonical URL or data-parley-id, and the
// short-lived hand-offs of the sign-in popup. The allowed origins live in sites.allowed_origins.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('embed_settings')
    .addColumn('site_id', 'text', (c) => c.primaryKey().references('sites.id'))
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // thread_key is `id:<data-parley-id>` or `url:<normalized canonical URL>`.
  await db.schema
    .createTable('embed_threads')
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('thread_key', 'text', (c) => c.notNull())
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('embed_threads_pk', ['site_id', 'thread_key'])
    .execute();
  await db.schema.createIndex('embed_threads_article').on('embed_threads').columns(['site_id', 'article_id']).execute();
  // Threads imported from other systems carry their page URL; the embed finds them by it.
  await db.schema.createIndex('articles_site_external_url').on('articles').columns(['site_id', 'external_url']).execute();

  // id is the S256 challenge the embed sent with the popup; code_hash the SHA-256 of the code
  // the popup handed back. Each is taken once, within minutes.
  await db.schema
    .createTable('embed_handoffs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('embed_handoffs').execute();
  await db.schema.dropIndex('articles_site_external_url').execute();
  await db.schema.dropTable('embed_threads').execute();
  await db.schema.dropTable('embed_settings').execute();
}
