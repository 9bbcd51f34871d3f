// Row types of the import tables (migration 0002), merged into the store's Database type.

export interface ImportsTable {
  id: string;
  site_id: string;
  source: string;
  file_name: string;
  file_size: number;
  fingerprint: string;
  status: string;
  scratch_path: string | null;
  options: string; // JSON
  checkpoint: string; // JSON
  report: string | null; // JSON
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface ImportKeysTable {
  site_id: string;
  source: string;
  kind: string;
  source_id: string;
  target_id: string;
  import_id: string;
  created_at: string;
}

export interface ImportProfilesTable {
  user_id: string;
  site_id: string;
  source: string;
  email: string | null;
  claimed_by: string | null;
  claimed_at: string | null;
  created_at: string;
}

export interface ImportTables {
  imports: ImportsTable;
  import_keys: ImportKeysTable;
  import_profiles: ImportProfilesTable;
}
