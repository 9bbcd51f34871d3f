// The Parley export format (documented in docs/import-export.md).
//
// JSON Lines, UTF-8: one JSON object per line. The first line is the header; every other line is
// one row of one table, exactly as the database holds it (column → value; booleans 0/1, times
// ISO-8601 UTC strings, JSON columns as strings):
//
//   {"format":"parley-export","version":1,"exportedAt":"…","site":{…sites row…},"tables":["users",…]}
//   {"table":"users","row":{…}}
//   {"table":"articles","row":{…}}
//   {"table":"comments","row":{…}}
//   …
//
// Tables come in the order of EXPORT_TABLES, so a row never refers to one that comes later —
// except comments, which may refer to a parent further down (the importer links them once the
// whole file is read).

export const EXPORT_FORMAT = 'parley-export';
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  /** The sites row (its id, slug, name, public URL, settings). */
  site: Record<string, unknown>;
  /** Tables in the file, in order. */
  tables: string[];
}

export interface ExportLine {
  table: string;
  row: Record<string, unknown>;
}

/** What a column refers to, so ids can be mapped when a row lands on a different id. */
export type RefKind = 'user' | 'comment' | 'article';

export interface ExportTable {
  name: string;
  /** Columns that order the rows (a unique key), for paging through the table. */
  orderBy: string[];
  /** Columns whose match with an existing row means "already there". */
  conflict: string[];
  /** Columns referring to users, comments or articles. */
  refs: Record<string, RefKind>;
  /** Only when the table exists (tables of optional parts). */
  optional?: boolean;
}

/**
 * Every table of a site's data, in dependency order. users, articles and comments are restored
 * by the import pipeline (ids kept, threads relinked, counters recomputed); the others row by row.
 * Left out on purpose: identities and sessions (credentials), per-site sign-in settings and OIDC
 * client secrets, mail outbox and throttles, the audit log of account administration.
 */
export const EXPORT_TABLES: ExportTable[] = [
  { name: 'users', orderBy: ['id'], conflict: ['id'], refs: {} },
  { name: 'memberships', orderBy: ['user_id'], conflict: ['site_id', 'user_id'], refs: { user_id: 'user' } },
  { name: 'articles', orderBy: ['id'], conflict: ['id'], refs: {} },
  { name: 'comments', orderBy: ['id'], conflict: ['id'], refs: {} },
  { name: 'comment_revisions', orderBy: ['id'], conflict: ['id'], refs: { comment_id: 'comment' } },
  { name: 'reactions', orderBy: ['comment_id', 'user_id'], conflict: ['comment_id', 'user_id'], refs: { comment_id: 'comment', user_id: 'user' } },
  { name: 'reports', orderBy: ['id'], conflict: ['id'], refs: { comment_id: 'comment', reporter_id: 'user' } },
  { name: 'moderation_actions', orderBy: ['id'], conflict: ['id'], refs: { comment_id: 'comment', target_user_id: 'user', actor_id: 'user' } },
  { name: 'import_profiles', orderBy: ['user_id'], conflict: ['user_id'], refs: { user_id: 'user', claimed_by: 'user' } },
  { name: 'moderation_settings', orderBy: ['site_id'], conflict: ['site_id'], refs: {}, optional: true },
  {
    name: 'comment_moderation',
    orderBy: ['comment_id'],
    conflict: ['comment_id'],
    refs: { comment_id: 'comment', article_id: 'article', author_id: 'user', reviewed_by: 'user' },
    optional: true,
  },
  { name: 'user_restrictions', orderBy: ['id'], conflict: ['id'], refs: { user_id: 'user', actor_id: 'user', lifted_by: 'user' }, optional: true },
  { name: 'moderation_statements', orderBy: ['id'], conflict: ['id'], refs: { user_id: 'user', comment_id: 'comment' }, optional: true },
  {
    name: 'moderation_appeals',
    orderBy: ['id'],
    conflict: ['id'],
    refs: { user_id: 'user', comment_id: 'comment', original_actor_id: 'user', decided_by: 'user' },
    optional: true,
  },
  { name: 'authors', orderBy: ['key'], conflict: ['site_id', 'key'], refs: {}, optional: true },
];

/** Tables restored by the pipeline rather than row by row. */
export const PIPELINE_TABLES = new Set(['users', 'articles', 'comments']);
