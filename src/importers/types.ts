// The common record type every importer streams into. A source file becomes a sequence of
// threads (discussions, one per page), authors and comments, each carrying where it was found in
// the file so problems can be reported by position. References between records (a comment's
// thread, parent and author) are source keys: they may point forward in the file, and they are
// resolved only once the whole file has been read.

/** Where a record starts: line and column for text formats, an index for row-based sources. */
export interface Position {
  line?: number;
  column?: number;
  /** 0-based index of the record within its list (JSON arrays, database rows). */
  index?: number;
  /** What the index counts, e.g. "comments" or "rows of table comments". */
  list?: string;
}

export function formatPosition(p: Position | undefined): string {
  if (!p) return 'unknown position';
  const parts: string[] = [];
  if (p.line !== undefined) parts.push(p.column !== undefined ? `line ${p.line}, column ${p.column}` : `line ${p.line}`);
  if (p.index !== undefined) parts.push(`${p.list ?? 'record'} #${p.index + 1}`);
  return parts.length ? parts.join(', ') : 'unknown position';
}

/** A comment body as the source holds it; the write side converts it to Parley's Markdown. */
export type SourceBody =
  /** HTML (Disqus, Remark42): converted to Markdown. */
  | { kind: 'html'; text: string }
  /** WordPress comment HTML: raw newlines are line breaks, blank lines paragraphs. */
  | { kind: 'wordpress'; text: string }
  /** Markdown (Isso, Commento): kept as the source, rendered by Parley. */
  | { kind: 'markdown'; text: string }
  /** Parley's own Markdown and rendered HTML (a Parley export): kept exactly, HTML re-sanitized. */
  | { kind: 'parley'; markdown: string; html: string; rendererVersion: number };

export type ImportedStatus = 'approved' | 'pending' | 'spam' | 'deleted' | 'rejected';

export interface ThreadRecord {
  kind: 'thread';
  /** Unique within the file: how comments name their thread. */
  key: string;
  /** Other names comments may use for this thread (e.g. Disqus `<thread>identifier</thread>`). */
  aliases?: string[];
  url: string | null;
  /** The page identifier the old system used (Disqus `<id>`), kept as the article's external id. */
  identifier: string | null;
  title: string | null;
  createdAt: string | null;
  closed: boolean;
  /** A thread deleted in the source: its comments are skipped. */
  deleted: boolean;
  /** Parley export: the whole article row, restored as it was. */
  row?: Record<string, unknown>;
  position: Position;
}

export interface AuthorRecord {
  kind: 'author';
  key: string;
  email: string | null;
  username: string | null;
  name: string | null;
  url: string | null;
  /** Parley export: the whole user row. */
  row?: Record<string, unknown>;
  position: Position;
}

/** An author given inline with a comment (Disqus, WordPress): de-duplicated by the write side. */
export interface InlineAuthor {
  email: string | null;
  username: string | null;
  name: string | null;
  url: string | null;
}

export interface CommentRecord {
  kind: 'comment';
  key: string;
  /** Other names replies may use for this comment (Disqus `<parent>id</parent>`). */
  aliases?: string[];
  threadKey: string;
  parentKey: string | null;
  /** Either the key of an AuthorRecord or an inline author. */
  author: { key: string } | InlineAuthor;
  /** ISO-8601 UTC. */
  createdAt: string;
  status: ImportedStatus;
  body: SourceBody;
  /**
   * The body already converted (set by a reading worker that had time to spare while staging
   * caught up; see services/imports/reader.ts). Importers never set it.
   */
  converted?: { markdown: string; html: string; rendererVersion: number };
  likes: number;
  dislikes: number;
  /** Parley export: fields restored exactly (id, score, counters, edits, extra columns). */
  row?: Record<string, unknown>;
  position: Position;
}

/** Rows of secondary tables from a Parley export (reactions, reports, moderation history, ...). */
export interface RowRecord {
  kind: 'row';
  table: string;
  row: Record<string, unknown>;
  position: Position;
}

/** A record the importer could not use; listed in the report with its reason. */
export interface SkipRecord {
  kind: 'skip';
  what: string;
  key: string | null;
  reason: string;
  position: Position;
}

/** Something worth telling the operator that does not skip a record. */
export interface NoticeRecord {
  kind: 'notice';
  message: string;
  position?: Position;
}

export type ImportRecord = ThreadRecord | AuthorRecord | CommentRecord | RowRecord | SkipRecord | NoticeRecord;

/** An error that stops the import: malformed file, wrong format. Carries the position. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
  /** The message without the position (what the constructor was given). */
  readonly reason: string;
  constructor(
    message: string,
    readonly position?: Position,
  ) {
    super(position ? `${message} (at ${formatPosition(position)})` : message);
    this.reason = message;
  }
}

export interface ImporterInput {
  /** Path of the file (or database) to read. */
  file: string;
  /** Called with the number of bytes read so far, for progress. */
  onBytes?: (bytes: number) => void;
}

export type Importer = (input: ImporterInput) => AsyncIterable<ImportRecord[]>;

export const IMPORT_FORMATS = ['disqus', 'wordpress', 'isso', 'remark42', 'commento', 'parley'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
