// A Parley export (src/export/format.ts): users, articles and comments become the common records
// (carrying their whole rows, so they are restored exactly); every other table's rows pass
// through as row records.
import { EXPORT_FORMAT, EXPORT_TABLES, type ExportHeader } from '../export/format.js';
import { parseSourceDate, toIso } from './dates.js';
import { readLines } from './lines.js';
import { type ImportRecord, type ImporterInput, ImportFileError, type ImportedStatus } from './types.js';

const STATUSES = new Set<ImportedStatus>(['approved', 'pending', 'spam', 'deleted', 'rejected']);
const KNOWN_TABLES = new Set(EXPORT_TABLES.map((t) => t.name));

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseHeader(text: string): ExportHeader {
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    throw new ImportFileError('this is not a Parley export: its first line is not JSON', { line: 1 });
  }
  if (!isObject(header) || header.format !== EXPORT_FORMAT) throw new ImportFileError(`this is not a Parley export: the first line has no "format": "${EXPORT_FORMAT}"`, { line: 1 });
  if (typeof header.version !== 'number' || header.version > 1) throw new ImportFileError(`this export has version ${String(header.version)}; this Parley reads version 1`, { line: 1 });
  if (!isObject(header.site) || typeof header.site.slug !== 'string') throw new ImportFileError('the header has no site', { line: 1 });
  return header as unknown as ExportHeader;
}

/** The header line of a Parley export. */
export async function readParleyHeader(file: string): Promise<ExportHeader> {
  for await (const batch of readLines(file)) {
    const first = batch[0];
    if (first) return parseHeader(first.text);
  }
  throw new ImportFileError('the file is empty', { line: 1 });
}

export async function* importParley(input: ImporterInput): AsyncGenerator<ImportRecord[]> {
  for await (const batch of readLines(input.file, input.onBytes)) {
    const out: ImportRecord[] = [];
    for (const line of batch) {
      const position = { line: line.number };
      if (line.number === 1) {
        parseHeader(line.text);
        continue;
      }
      if (line.text.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line.text);
      } catch (err) {
        throw new ImportFileError(`malformed JSON: ${(err as Error).message}`, position);
      }
      if (!isObject(parsed) || typeof parsed.table !== 'string' || !isObject(parsed.row)) throw new ImportFileError('expected {"table": …, "row": {…}}', position);
      const { table, row } = parsed;
      if (!KNOWN_TABLES.has(table)) {
        out.push({ kind: 'skip', what: 'row', key: table, reason: `unknown table "${table}"`, position });
        continue;
      }
      if (typeof row.id !== 'string' && (table === 'users' || table === 'articles' || table === 'comments')) {
        out.push({ kind: 'skip', what: table.slice(0, -1), key: null, reason: 'the row has no id', position });
        continue;
      }
      if (table === 'users') {
        out.push({
          kind: 'author',
          key: String(row.id),
          email: typeof row.email === 'string' ? row.email : null,
          username: typeof row.username === 'string' ? row.username : null,
          name: typeof row.display_name === 'string' ? row.display_name : null,
          url: null,
          row,
          position,
        });
      } else if (table === 'articles') {
        out.push({
          kind: 'thread',
          key: String(row.id),
          url: typeof row.external_url === 'string' ? row.external_url : null,
          identifier: typeof row.external_id === 'string' ? row.external_id : null,
          title: typeof row.title === 'string' ? row.title : null,
          createdAt: typeof row.created_at === 'string' ? row.created_at : null,
          closed: row.comments_mode === 'closed',
          deleted: false,
          row,
          position,
        });
      } else if (table === 'comments') {
        const created = parseSourceDate(typeof row.created_at === 'string' ? row.created_at : null);
        const status = String(row.status) as ImportedStatus;
        if (created === undefined) out.push({ kind: 'skip', what: 'comment', key: String(row.id), reason: `invalid created_at ${JSON.stringify(row.created_at)}`, position });
        else if (!STATUSES.has(status)) out.push({ kind: 'skip', what: 'comment', key: String(row.id), reason: `unknown status ${JSON.stringify(row.status)}`, position });
        else if (typeof row.article_id !== 'string' || typeof row.author_id !== 'string') out.push({ kind: 'skip', what: 'comment', key: String(row.id), reason: 'the row has no article_id or author_id', position });
        else {
          out.push({
            kind: 'comment',
            key: String(row.id),
            threadKey: row.article_id,
            parentKey: typeof row.parent_id === 'string' ? row.parent_id : null,
            author: { key: row.author_id },
            createdAt: toIso(created) === row.created_at ? String(row.created_at) : toIso(created),
            status,
            body: { kind: 'parley', markdown: String(row.body_md ?? ''), html: String(row.body_html ?? ''), rendererVersion: Number(row.renderer_version ?? 1) },
            likes: Number(row.like_count ?? 0),
            dislikes: Number(row.dislike_count ?? 0),
            row,
            position,
          });
        }
      } else {
        out.push({ kind: 'row', table, row, position });
      }
    }
    if (out.length) yield out;
  }
}
