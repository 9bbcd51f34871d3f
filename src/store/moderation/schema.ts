// Row types of the moderation tables (migration 0003), merged into the store's Database type.

export interface ModerationSettingsTable {
  site_id: string;
  settings: string; // JSON object
  updated_at: string;
}

export interface CommentModerationTable {
  comment_id: string;
  site_id: string;
  article_id: string;
  author_id: string;
  phase: string | null;
  reasons: string; // JSON array
  scores: string; // JSON object
  toxicity: number;
  spam: number;
  reviewed_at: string | null;
  reviewed_by: string | null;
  label: string | null;
  featured_at: string | null;
  pinned_at: string | null;
  created_at: string;
}

export interface UserRestrictionsTable {
  id: string;
  site_id: string | null;
  user_id: string;
  kind: string;
  reason_code: string;
  message: string;
  actor_id: string | null;
  created_at: string;
  expires_at: string | null;
  acknowledged_at: string | null;
  lifted_at: string | null;
  lifted_by: string | null;
}

export interface ModerationStatementsTable {
  id: string;
  site_id: string;
  user_id: string;
  kind: string;
  action_id: string | null;
  comment_id: string | null;
  restriction_id: string | null;
  body: string; // JSON
  appealable: number;
  created_at: string;
  read_at: string | null;
}

export interface ModerationAppealsTable {
  id: string;
  site_id: string;
  statement_id: string;
  user_id: string;
  comment_id: string | null;
  restriction_id: string | null;
  original_actor_id: string | null;
  text: string;
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  created_at: string;
}

export interface ModerationModelsTable {
  site_id: string;
  kind: string;
  model: string; // JSON
  metrics: string; // JSON
  trained_at: string;
}

export interface ModerationTables {
  moderation_settings: ModerationSettingsTable;
  comment_moderation: CommentModerationTable;
  user_restrictions: UserRestrictionsTable;
  moderation_statements: ModerationStatementsTable;
  moderation_appeals: ModerationAppealsTable;
  moderation_models: ModerationModelsTable;
}
