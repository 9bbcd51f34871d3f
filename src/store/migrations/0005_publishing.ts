// The publication (issue 3): authors with bios, uploaded images and their variants, the terms
// (sections, tags, authors) articles are listed under, a full-text index over articles, and
// scheduling.
//
// Terms and the search index are kept by database triggers on `articles`, so every writer of an
// article — the publish command, the editor, the CMS API, the demo seed, importers — keeps them
// current without knowing they exist. The triggers fire only when a column they read is in the
// UPDATE's SET list, so comment counters (updated on every post) never touch them.
//
// A term's key is its name with ASCII letters lower-cased and spaces turned into hyphens
// ("Foreign policy" → "foreign-policy"); both databases compute it the same way (SQLite's lower()
// and the translate() used on PostgreSQL only fold ASCII), and termKey() in
// src/services/articles/terms.ts is the same rule in TypeScript.
//
// Search: SQLite gets an FTS5 table (porter stemming, diacritics folded) whose rowids come from
// article_docs, since the implicit rowid of `articles` may change on VACUUM; PostgreSQL gets a
// weighted tsvector per article with a GIN index.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

const isPostgres = (db: Kysely<any>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('authors')
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('authors_pk', ['site_id', 'key'])
    .execute();

  await db.schema
    .createTable('images')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('src', 'text', (c) => c.notNull())
    .addColumn('original_name', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('images_site_hash', ['site_id', 'hash'])
    .execute();

  await db.schema
    .createTable('image_variants')
    .addColumn('image_id', 'text', (c) => c.notNull().references('images.id').onDelete('cascade'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('image_variants_pk', ['image_id', 'format', 'width'])
    .execute();

  // Scheduling: a draft with scheduled_for set goes live at that time. source_hash fingerprints
  // the last saved input, so `parley publish` can tell an unchanged file from an edited one.
  await db.schema.alterTable('articles').addColumn('scheduled_for', 'text').execute();
  await db.schema.alterTable('articles').addColumn('source_hash', 'text').execute();
  await db.schema.createIndex('articles_scheduled').on('articles').columns(['status', 'scheduled_for']).execute();
  await db.schema.createIndex('articles_site_external_unique').on('articles').columns(['site_id', 'external_id']).unique().execute();
  await db.schema.dropIndex('articles_site_external').execute();
  // An article's newest comments at any depth (the comments feed).
  await db.schema.createIndex('comments_article_recent').on('comments').columns(['article_id', 'visible', 'created_at']).execute();

  await db.schema
    .createTable('article_terms')
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_terms_pk', ['article_id', 'kind', 'key'])
    .execute();
  await db.schema.createIndex('article_terms_lookup').on('article_terms').columns(['site_id', 'kind', 'key', 'article_id']).execute();

  if (isPostgres(db)) await upPostgres(db);
  else await upSqlite(db);

  // Fill terms and the index for the articles that exist already (the triggers do the work).
  await sql`update articles set title = title, tags = tags`.execute(db);
}

async function upSqlite(db: Kysely<any>): Promise<void> {
  const key = (v: string) => `lower(replace(trim(${v}), ' ', '-'))`;
  // CASE is evaluated lazily, so json_type never sees text that is not JSON.
  const jsonList = (col: string) =>
    `json_each(case when json_valid(new.${col}) then (case when json_type(new.${col}) = 'array' then new.${col} else '[]' end) else '[]' end)`;
  const insertTerms = `
    insert or ignore into article_terms(site_id, article_id, kind, key, name)
      select new.site_id, new.id, 'tag', ${key('value')}, trim(value) from ${jsonList('tags')} where type = 'text' and trim(value) <> '';
    insert or ignore into article_terms(site_id, article_id, kind, key, name)
      select new.site_id, new.id, 'author', ${key('value')}, trim(value) from ${jsonList('authors')} where type = 'text' and trim(value) <> '';
    insert or ignore into article_terms(site_id, article_id, kind, key, name)
      select new.site_id, new.id, 'section', ${key('new.section')}, trim(new.section) where new.section is not null and trim(new.section) <> '';`;
  await sql.raw(`create trigger articles_terms_ai after insert on articles begin ${insertTerms} end`).execute(db);
  await sql
    .raw(`create trigger articles_terms_au after update of tags, authors, section on articles begin
      delete from article_terms where article_id = old.id; ${insertTerms} end`)
    .execute(db);
  await sql.raw(`create trigger articles_terms_ad after delete on articles begin delete from article_terms where article_id = old.id; end`).execute(db);

  await sql`create table article_docs (doc integer primary key, article_id text not null unique)`.execute(db);
  await sql
    .raw(
      `create virtual table article_search using fts5(site_id unindexed, title, dek, body, tags, authors, section, tokenize = 'porter unicode61 remove_diacritics 2')`,
    )
    .execute(db);
  const doc = `(select doc from article_docs where article_id = new.id)`;
  const insertDoc = `
    insert or ignore into article_docs(article_id) values (new.id);
    delete from article_search where rowid = ${doc};
    insert into article_search(rowid, site_id, title, dek, body, tags, authors, section)
      values (${doc}, new.site_id, new.title, new.dek, new.body_md, new.tags, new.authors, coalesce(new.section, ''));`;
  await sql.raw(`create trigger articles_search_ai after insert on articles begin ${insertDoc} end`).execute(db);
  await sql.raw(`create trigger articles_search_au after update of title, dek, body_md, tags, authors, section on articles begin ${insertDoc} end`).execute(db);
  await sql
    .raw(`create trigger articles_search_ad after delete on articles begin
      delete from article_search where rowid = (select doc from article_docs where article_id = old.id);
      delete from article_docs where article_id = old.id; end`)
    .execute(db);
}

async function upPostgres(db: Kysely<any>): Promise<void> {
  await sql`create or replace function parley_term_key(v text) returns text language sql immutable as $$
    select translate(replace(btrim(v), ' ', '-'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') $$`.execute(db);
  await sql`create or replace function parley_json_list(v text) returns setof text language sql immutable as $$
    select btrim(e) from jsonb_array_elements_text(case when jsonb_typeof(v::jsonb) = 'array' then v::jsonb else '[]'::jsonb end) e
    where btrim(e) <> '' $$`.execute(db);
  await sql`create or replace function parley_article_terms() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then delete from article_terms where article_id = old.id; end if;
      insert into article_terms(site_id, article_id, kind, key, name)
        select new.site_id, new.id, 'tag', parley_term_key(t), t from parley_json_list(new.tags) t
        union all select new.site_id, new.id, 'author', parley_term_key(a), a from parley_json_list(new.authors) a
        union all select new.site_id, new.id, 'section', parley_term_key(new.section), btrim(new.section)
          where new.section is not null and btrim(new.section) <> ''
        on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql`create trigger articles_terms after insert or update of tags, authors, section on articles
    for each row execute function parley_article_terms()`.execute(db);

  await sql`create table article_search (
    article_id text primary key references articles(id) on delete cascade,
    site_id text not null,
    document tsvector not null)`.execute(db);
  await sql`create index article_search_document on article_search using gin (document)`.execute(db);
  await sql`create or replace function parley_article_search() returns trigger language plpgsql as $$
    begin
      insert into article_search(article_id, site_id, document) values (new.id, new.site_id,
          setweight(to_tsvector('english', coalesce(new.title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(new.dek, '')), 'B')
        || setweight(to_tsvector('english', coalesce(new.tags, '') || ' ' || coalesce(new.authors, '') || ' ' || coalesce(new.section, '')), 'B')
        || setweight(to_tsvector('english', coalesce(new.body_md, '')), 'D'))
      on conflict (article_id) do update set document = excluded.document, site_id = excluded.site_id;
      return null;
    end $$`.execute(db);
  await sql`create trigger articles_search after insert or update of title, dek, body_md, tags, authors, section on articles
    for each row execute function parley_article_search()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger if exists articles_search on articles`.execute(db);
    await sql`drop trigger if exists articles_terms on articles`.execute(db);
    await sql`drop table if exists article_search`.execute(db);
    await sql`drop function if exists parley_article_search()`.execute(db);
    await sql`drop function if exists parley_article_terms()`.execute(db);
    await sql`drop function if exists parley_json_list(text)`.execute(db);
    await sql`drop function if exists parley_term_key(text)`.execute(db);
  } else {
    for (const t of ['articles_search_ai', 'articles_search_au', 'articles_search_ad', 'articles_terms_ai', 'articles_terms_au', 'articles_terms_ad']) {
      await sql.raw(`drop trigger if exists ${t}`).execute(db);
    }
    await sql`drop table if exists article_search`.execute(db);
    await sql`drop table if exists article_docs`.execute(db);
  }
  await db.schema.dropTable('article_terms').ifExists().execute();
  await db.schema.dropIndex('comments_article_recent').ifExists().execute();
  await db.schema.dropIndex('articles_site_external_unique').ifExists().execute();
  await db.schema.dropIndex('articles_scheduled').ifExists().execute();
  await db.schema.createIndex('articles_site_external').on('articles').columns(['site_id', 'external_id']).execute();
  await db.schema.alterTable('articles').dropColumn('source_hash').execute();
  await db.schema.alterTable('articles').dropColumn('scheduled_for').execute();
  await db.schema.dropTable('image_variants').ifExists().execute();
  await db.schema.dropTable('images').ifExists().execute();
  await db.schema.dropTable('authors').ifExists().execute();
}
