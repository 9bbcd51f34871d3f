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
}
