// Moderation: per-site moderation settings and learned models, per-comment moderation state
// (scores, review, featured, pinned), restrictions on people (warnings, suspensions, bans,
// always-premoderate, trusted), statements of reasons, and appeals. Runs on SQLite and
// PostgreSQL alike (text times, 0/1 booleans, JSON as text).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('moderation_settings')
    .addColumn('site_id', 'text', (c) => c.primaryKey().references('sites.id'))
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // One row per comment: what the pipeline measured, whether a person has looked at it, and the
  // flags moderators set. Kept beside `comments` so the reading path does not change.
  await db.schema
    .createTable('comment_moderation')
    .addColumn('comment_id', 'text', (c) => c.primaryKey().references('comments.id'))
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('article_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('phase', 'text')
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('scores', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('toxicity', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('spam', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by', 'text')
    /** Label from the last human decision, used to train the site's models: ham|spam|civil|uncivil. */
    .addColumn('label', 'text')
    .addColumn('featured_at', 'text')
    .addColumn('pinned_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('commod_site_reviewed').on('comment_moderation').columns(['site_id', 'reviewed_at', 'created_at']).execute();
  await db.schema.createIndex('commod_article_featured').on('comment_moderation').columns(['article_id', 'featured_at']).execute();
  await db.schema.createIndex('commod_site_label').on('comment_moderation').columns(['site_id', 'label']).execute();
  await db.schema.createIndex('commod_author').on('comment_moderation').columns(['site_id', 'author_id', 'created_at']).execute();

  // Restrictions on a person. site_id null means everywhere (operators only).
  await db.schema
    .createTable('user_restrictions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason_code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('actor_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('lifted_at', 'text')
    .addColumn('lifted_by', 'text')
    .execute();
  await db.schema.createIndex('restrictions_user').on('user_restrictions').columns(['user_id', 'site_id', 'kind']).execute();

  // DSA Art. 17 statements of reasons, and other notices (decision notices to reporters,
  // appeal outcomes). Structured, so the author's page and any mail say the same thing.
  await db.schema
    .createTable('moderation_statements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text')
    .addColumn('comment_id', 'text')
    .addColumn('restriction_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('appealable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('statements_user').on('moderation_statements').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('moderation_appeals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('statement_id', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('comment_id', 'text')
    .addColumn('restriction_id', 'text')
    /** Who took the decision appealed against; null when it was automated. */
    .addColumn('original_actor_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('appeals_site_status').on('moderation_appeals').columns(['site_id', 'status', 'created_at']).execute();

  // Learned models, per site and kind (spam, incivility): weights and their measured quality.
  await db.schema
    .createTable('moderation_models')
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text', (c) => c.notNull())
    .addColumn('trained_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('moderation_models_pk', ['site_id', 'kind'])
    .execute();

  // The reason code a removed comment's public tombstone shows (when the site shows them).
  await db.schema.alterTable('comments').addColumn('removal_reason', 'text').execute();

  await db.schema.createIndex('reports_comment').on('reports').columns(['comment_id', 'status']).execute();
  await db.schema.createIndex('modactions_target').on('moderation_actions').columns(['site_id', 'target_user_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('modactions_target').ifExists().execute();
  await db.schema.dropIndex('reports_comment').ifExists().execute();
  await db.schema.alterTable('comments').dropColumn('removal_reason').execute();
  for (const t of ['moderation_models', 'moderation_appeals', 'moderation_statements', 'user_restrictions', 'comment_moderation', 'moderation_settings']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
