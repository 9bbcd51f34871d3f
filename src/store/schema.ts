import type { Generated } from 'kysely';

// Row types of every table, as Kysely sees them. Booleans are 0/1 integers and times are
// ISO-8601 UTC strings (fixed width, so they sort as text) on both databases; JSON is text.

export interface SitesTable {
  id: string;
  slug: string;
  name: string;
  public_url: string | null;
  allowed_origins: string; // JSON array
  settings: string; // JSON object
  created_at: string;
}

export interface ArticlesTable {
  id: string;
  site_id: string;
  slug: string;
  external_id: string | null;
  external_url: string | null;
  title: string;
  dek: string;
  body_md: string;
  body_html: string;
  lead_image: string | null; // JSON
  authors: string; // JSON array
  tags: string; // JSON array
  section: string | null;
  status: string;
  published_at: string | null;
  updated_at: string;
  comments_mode: string;
  close_at: string | null;
  comment_count: number;
  created_at: string;
  /** A draft with this set goes live at that time. */
  scheduled_for: string | null;
  /** Fingerprint of the last saved input (publish command, editor, CMS API). */
  source_hash: string | null;
}

export interface UsersTable {
  id: string;
  email: string | null;
  email_verified: number;
  username: string;
  /** Lower-cased, NFKC-folded username: the uniqueness key. */
  username_key: string;
  display_name: string;
  is_operator: number;
  status: string;
  created_at: string;
  bio: Generated<string>;
  /** Set while a deletion request waits out its grace period. */
  deletion_due_at: string | null;
  /** Set once the account has been deleted (the row stays, scrubbed, for its comments). */
  deleted_at: string | null;
}

export interface IdentitiesTable {
  id: string;
  user_id: string;
  provider: string;
  subject: string;
  secret: string | null;
  created_at: string;
}

export interface MembershipsTable {
  site_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the token; the token itself is never stored. */
  id: string;
  user_id: string;
  kind: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
  method: string | null;
}

export interface CommentsTable {
  id: string;
  site_id: string;
  article_id: string;
  parent_id: string | null;
  root_id: string;
  depth: number;
  path: string;
  author_id: string;
  body_md: string;
  body_html: string;
  renderer_version: number;
  status: string;
  visible: number;
  like_count: number;
  dislike_count: number;
  report_count: number;
  reply_count: number;
  descendant_count: number;
  score: number;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
}

export interface CommentRevisionsTable {
  id: string;
  site_id: string;
  comment_id: string;
  body_md: string;
  body_html: string;
  renderer_version: number;
  created_at: string;
}

export interface ReactionsTable {
  site_id: string;
  comment_id: string;
  user_id: string;
  kind: string;
  created_at: string;
}

export interface ReportsTable {
  id: string;
  site_id: string;
  comment_id: string;
  reporter_id: string;
  reason: string;
  note: string | null;
  status: string;
  created_at: string;
}

export interface ModerationActionsTable {
  id: string;
  site_id: string;
  comment_id: string | null;
  target_user_id: string | null;
  /** Null when the system decided. */
  actor_id: string | null;
  action: string;
  phase: string | null;
  reason_codes: string; // JSON array
  scores: string | null; // JSON object
  statement: string | null;
  created_at: string;
}

export interface KeyValueTable {
  key: string;
  value: string;
}

export interface Database {
  sites: SitesTable;
  articles: ArticlesTable;
  users: UsersTable;
  identities: IdentitiesTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  comments: CommentsTable;
  comment_revisions: CommentRevisionsTable;
  reactions: ReactionsTable;
  reports: ReportsTable;
  moderation_actions: ModerationActionsTable;
  settings_kv: KeyValueTable;
  account_tokens: AccountTokensTable;
  mail_outbox: MailOutboxTable;
  auth_throttle: AuthThrottleTable;
  site_accounts: SiteAccountsTable;
  oidc_providers: OidcProvidersTable;
  sso_replay: SsoReplayTable;
  audit_log: AuditLogTable;
  authors: AuthorsTable;
  images: ImagesTable;
  image_variants: ImageVariantsTable;
  article_terms: ArticleTermsTable;
}

export interface AccountTokensTable {
  /** SHA-256 of the emailed token. */
  id: string;
  purpose: string;
  user_id: string | null;
  email: string | null;
  site_id: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface MailOutboxTable {
  id: string;
  kind: string;
  to_address: string;
  subject: string;
  /** Cleared once sent: links in it carry tokens. */
  text_body: string | null;
  html_body: string | null;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface AuthThrottleTable {
  key: string;
  failures: number;
  blocked_until: string | null;
  window_start: string;
  updated_at: string;
}

export interface SiteAccountsTable {
  site_id: string;
  settings: string; // JSON object, holds secrets
  updated_at: string;
}

export interface OidcProvidersTable {
  id: string;
  site_id: string;
  slug: string;
  name: string;
  issuer: string;
  client_id: string;
  client_secret: string | null;
  scopes: string;
  created_at: string;
}

export interface SsoReplayTable {
  site_id: string;
  jti: string;
  expires_at: string;
}

export interface AuditLogTable {
  id: string;
  site_id: string | null;
  actor_id: string | null;
  action: string;
  target_user_id: string | null;
  details: string; // JSON object
  ip: string | null;
  created_at: string;
}

// article_terms is filled by triggers on articles; article_search (FTS5 on SQLite, tsvector on
// PostgreSQL) and article_docs are queried with raw SQL only (see 0005_publishing.ts).
export interface AuthorsTable {
  site_id: string;
  /** termKey(name): the URL segment of the author page. */
  key: string;
  name: string;
  bio: string;
  created_at: string;
  updated_at: string;
}

export interface ImagesTable {
  id: string;
  site_id: string;
  /** Hex SHA-256 prefix of the uploaded bytes: names every file of this image. */
  hash: string;
  /** jpeg | png | webp | avif: the format of the fallback files. */
  format: string;
  width: number;
  height: number;
  bytes: number;
  /** URL of the full-size fallback file. */
  src: string;
  original_name: string | null;
  created_by: string | null;
  created_at: string;
}

export interface ImageVariantsTable {
  image_id: string;
  format: string;
  width: number;
  height: number;
  file: string;
  bytes: number;
}

export interface ArticleTermsTable {
  site_id: string;
  article_id: string;
  /** section | tag | author */
  kind: string;
  key: string;
  name: string;
}

// The moderation tables (migration 0003) join the Database type by declaration merging, and
// comments gain the reason code a removed comment's tombstone may show.
type ModerationTables = import('./moderation/schema.js').ModerationTables;
export interface Database extends ModerationTables {}
export interface CommentsTable {
  removal_reason?: string | null;
}

// The import tables (migration 0002) join the Database type by declaration merging.
type ImportTables = import('./imports/schema.js').ImportTables;
export interface Database extends ImportTables {}

export interface EmbedSettingsTable {
  site_id: string;
  settings: string; // JSON object (see EmbedSettings in store.ts)
  updated_at: string;
}

export interface EmbedThreadsTable {
  site_id: string;
  /** `id:<data-parley-id>` or `url:<normalized canonical URL>`. */
  thread_key: string;
  article_id: string;
  url: string;
  created_at: string;
}

export interface EmbedHandoffsTable {
  /** The S256 challenge the embed sent with the sign-in popup. */
  id: string;
  site_id: string;
  user_id: string;
  code_hash: string;
  created_at: string;
  expires_at: string;
}

interface EmbedTables {
  embed_settings: EmbedSettingsTable;
  embed_threads: EmbedThreadsTable;
  embed_handoffs: EmbedHandoffsTable;
}
export interface Database extends EmbedTables {}
