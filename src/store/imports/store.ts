// The import part of the store (issue 6): import runs, the source-key map, imported profiles,
// and the bulk reads and writes the importer needs. Reached as `store.imports`; inside
// `store.transaction` it writes in the same transaction. Every content call names its site.

export type ImportRunStatus = 'staging' | 'applying' | 'done' | 'failed' | 'abandoned';

export interface ImportRun {
  id: string;
  siteId: string;
  source: string;
  fileName: string;
  fileSize: number;
  fingerprint: string;
  status: ImportRunStatus;
  scratchPath: string | null;
  options: Record<string, unknown>;
  checkpoint: Record<string, unknown>;
  report: Record<string, unknown> | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface ImportKey {
  targetId: string;
  importId: string;
}

export interface NewImportKey {
  siteId: string;
  source: string;
  kind: string;
  sourceId: string;
  targetId: string;
  importId: string;
  createdAt: string;
}

export interface ImportUserMatch {
  id: string;
  email: string | null;
  emailVerified: boolean;
  status: string;
}

export interface ImportArticleMatch {
  id: string;
  slug: string;
  externalId: string | null;
  externalUrl: string | null;
  commentsMode: string;
}

/** The tree-shaped part of a comment: what linking replies and counting them needs. */
export interface CommentNode {
  id: string;
  articleId: string;
  parentId: string | null;
  rootId: string;
  depth: number;
  path: string;
  status: string;
  visible: boolean;
  replyCount: number;
  descendantCount: number;
}

/** A secondary index taken off a table for a bulk write, with the SQL that makes it again. */
export interface SuspendedIndex {
  name: string;
  sql: string;
}

/** A raw row: column name → value, as the database holds it. */
export type Row = Record<string, unknown>;

export interface ImportsStore {
  createRun(run: ImportRun): Promise<void>;
  getRun(req: { id: string }): Promise<ImportRun | undefined>;
  /** The newest run of this source on this site that has not finished. */
  findOpenRun(req: { siteId: string; source: string }): Promise<ImportRun | undefined>;
  updateRun(req: { id: string; set: Partial<Pick<ImportRun, 'status' | 'scratchPath' | 'checkpoint' | 'report' | 'error' | 'updatedAt' | 'finishedAt'>> }): Promise<void>;
  listRuns(req: { siteId: string; limit: number }): Promise<ImportRun[]>;

  getKeys(req: { siteId: string; source: string; kind: string; sourceIds: readonly string[] }): Promise<Map<string, ImportKey>>;
  /** Whether any key of this kind was recorded for this source on this site. */
  hasKeys(req: { siteId: string; source: string; kind: string }): Promise<boolean>;
  /** Inserts keys; keys already present are left as they are. */
  insertKeys(rows: readonly NewImportKey[]): Promise<void>;

  findUsersByEmail(req: { emails: readonly string[] }): Promise<ImportUserMatch[]>;
  findUsersById(req: { ids: readonly string[] }): Promise<ImportUserMatch[]>;
  /** Unclaimed imported profiles with one of these emails. */
  findProfilesByEmail(req: { emails: readonly string[] }): Promise<{ userId: string; email: string }[]>;
  /** Which of these username keys are taken. */
  takenUsernameKeys(req: { keys: readonly string[] }): Promise<Set<string>>;
  insertUsers(rows: readonly Row[]): Promise<void>;
  insertProfiles(rows: readonly { userId: string; siteId: string; source: string; email: string | null; createdAt: string }[]): Promise<void>;
  /** Marks the unclaimed profiles with this email as claimed by `userId`; returns their ids. */
  claimProfiles(req: { email: string; userId: string; claimedAt: string }): Promise<string[]>;

  findArticles(req: { siteId: string; ids?: readonly string[]; slugs?: readonly string[]; externalIds?: readonly string[]; externalUrls?: readonly string[] }): Promise<ImportArticleMatch[]>;
  takenSlugs(req: { siteId: string; slugs: readonly string[] }): Promise<Set<string>>;
  insertArticle(row: Row): Promise<void>;
  setCommentsMode(req: { siteId: string; articleId: string; mode: string }): Promise<void>;

  getCommentNodes(req: { siteId: string; ids: readonly string[] }): Promise<CommentNode[]>;
  /** Every comment of these branches (roots and all below them). */
  listBranchNodes(req: { siteId: string; rootIds: readonly string[] }): Promise<CommentNode[]>;
  insertComments(rows: readonly Row[]): Promise<void>;
  updateCommentTree(req: { siteId: string; rows: readonly { id: string; visible: boolean; replyCount: number; descendantCount: number }[] }): Promise<void>;
  /** Adds to a comment's like/dislike/report counts and sets its score. */
  addCommentVotes(req: { siteId: string; id: string; likes: number; dislikes: number; reports: number }): Promise<{ likes: number; dislikes: number; reports: number; createdAt: string } | undefined>;
  setCommentScore(req: { siteId: string; id: string; score: number }): Promise<void>;

  /**
   * Inserts rows given as values in the order of `columns`, in multi-row statements whose SQL
   * repeats (so a statement cache keeps them prepared); with `conflict`, rows matching an
   * existing row on those columns are skipped.
   */
  insertValues(req: { table: string; columns: readonly string[]; rows: readonly (readonly unknown[])[]; conflict?: readonly string[] }): Promise<void>;
  /** Column names of a table, as the database has them now. */
  tableColumns(table: string): Promise<string[]>;
  /** Inserts rows, skipping those whose `conflict` columns match an existing row; returns the count inserted. */
  insertRows(req: { table: string; rows: readonly Row[]; conflict: readonly string[] }): Promise<number>;
  /** Rows in a table (all sites). */
  countRows(req: { table: string }): Promise<number>;
  /**
   * SQLite: drops the table's non-unique secondary indexes whose first column is not one of
   * `keepLeading`, and returns them for restoreIndexes; call both in one transaction, so that
   * no reader ever sees the table without them. Inserting many rows whose keys scatter over an
   * index costs far more than building that index again at the end. PostgreSQL: does nothing
   * (dropping an index there locks out readers) and returns [].
   */
  suspendIndexes(req: { table: string; keepLeading: readonly string[] }): Promise<SuspendedIndex[]>;
  restoreIndexes(req: { indexes: readonly SuspendedIndex[] }): Promise<void>;
  /**
   * SQLite in WAL mode, outside a transaction: switches the database to a rollback journal for
   * one large transaction, and answers whether it did. In WAL mode every page a transaction
   * writes goes to the -wal file and is copied into the database by a checkpoint later; with a
   * rollback journal, pages the database did not have before are written once, to the database
   * file. SQLite refuses the switch (and this answers false) while another connection is using
   * the database, so a running server is never affected. PostgreSQL: false.
   */
  useRollbackJournal(): Promise<boolean>;
  /**
   * Back to WAL mode after useRollbackJournal (waiting, as long as the busy timeout allows, for
   * readers; when they hold on, it stays as it is and the next connection switches it back).
   */
  useWriteAheadLog(): Promise<void>;
  /**
   * SQLite, outside a transaction: turns this connection's foreign-key checks off (false) or on
   * again (true). For an import's --bulk transaction, whose every reference is to a row that
   * import just wrote or looked up (at 1,000,000 comments the three lookups per comment cost
   * about 2 s). PostgreSQL: nothing (it has no such switch; --bulk is SQLite's).
   */
  foreignKeyChecks(on: boolean): Promise<void>;
  /** Which of these values of `column` exist in `table`. */
  existingValues(req: { table: string; column: string; values: readonly string[] }): Promise<Set<string>>;

  /** Users that rows of the site refer to (`refs`: table and column pairs), by id, one page. */
  exportUsers(req: { siteId: string; refs: readonly { table: string; column: string }[]; afterId?: string; limit: number }): Promise<Row[]>;
  /** One page of a table's rows for export, in key order, after `after` (values of `orderBy`). */
  exportPage(req: { table: string; where: { column: string; op: '=' | 'in'; value: unknown }[]; orderBy: readonly string[]; after?: readonly unknown[]; limit: number }): Promise<Row[]>;
}
