// Isso keeps its comments in a SQLite database (no export format): the importer reads that file
// directly, read-only. Tables used (Isso's schema, `PRAGMA user_version` 3 to 5):
//
//   threads(id, uri, title)
//   comments(tid → threads.id, id, parent, created (Unix seconds, float), modified, mode
//            (1 visible, 2 waiting for moderation, 4 deleted), text (Markdown), author, email,
//            website, likes, dislikes, …)
//
// A thread's URI is the page path as Isso saw it (e.g. /blog/post/); --map-url can turn it into
// a full URL. Rows are read in id order, one batch at a time.
import Database from 'better-sqlite3';
import { parseEpochSeconds, toIso } from './dates.js';
import { type ImportRecord, type ImporterInput, ImportFileError, type ImportedStatus } from './types.js';

function open(file: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.prepare('select count(*) from sqlite_master').get();
  } catch (err) {
    throw new ImportFileError(`this is not an Isso database: ${(err as Error).message}`);
  }
  const tables = new Set((db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name));
  for (const t of ['threads', 'comments']) {
    if (!tables.has(t)) {
      db.close();
      throw new ImportFileError(`this is not an Isso database: it has no "${t}" table`);
    }
  }
  const cols = new Set((db.prepare('select name from pragma_table_info(?)').all('comments') as { name: string }[]).map((c) => c.name));
  for (const c of ['tid', 'id', 'parent', 'created', 'mode', 'text', 'author']) {
    if (!cols.has(c)) {
      db.close();
      throw new ImportFileError(`this is not an Isso database: its comments table has no "${c}" column`);
    }
  }
  return db;
}

function status(mode: unknown): ImportedStatus {
  switch (Number(mode)) {
    case 1:
      return 'approved';
    case 4:
      return 'deleted';
    default:
      return 'pending';
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

export async function* importIsso(input: ImporterInput): AsyncGenerator<ImportRecord[]> {
  const db = open(input.file);
  try {
    const threads = db.prepare('select id, uri, title from threads where id > ? order by id limit 500');
    let after = -Infinity;
    let index = 0;
    for (;;) {
      const rows = threads.all(after === -Infinity ? -1e18 : after) as { id: number; uri: string | null; title: string | null }[];
      if (rows.length === 0) break;
      const out: ImportRecord[] = [];
      for (const t of rows) {
        after = t.id;
        out.push({ kind: 'thread', key: `tid:${t.id}`, url: str(t.uri), identifier: null, title: str(t.title), createdAt: null, closed: false, deleted: false, position: { index: index++, list: 'rows of table threads' } });
      }
      yield out;
    }
    const cols = new Set((db.prepare('select name from pragma_table_info(?)').all('comments') as { name: string }[]).map((c) => c.name));
    const pick = (c: string) => (cols.has(c) ? c : `null as ${c}`);
    const comments = db.prepare(
      `select tid, id, parent, created, ${pick('modified')}, mode, text, author, ${pick('email')}, ${pick('website')}, ${pick('likes')}, ${pick('dislikes')} from comments where id > ? order by id limit 1000`,
    );
    after = -Infinity;
    index = 0;
    for (;;) {
      const rows = comments.all(after === -Infinity ? -1e18 : after) as Record<string, unknown>[];
      if (rows.length === 0) break;
      const out: ImportRecord[] = [];
      for (const c of rows) {
        after = Number(c.id);
        const position = { index: index++, list: 'rows of table comments' };
        const key = `id:${c.id}`;
        const created = parseEpochSeconds(c.created);
        if (created === undefined) {
          out.push({ kind: 'skip', what: 'comment', key, reason: `invalid created ${JSON.stringify(c.created)}`, position });
          continue;
        }
        out.push({
          kind: 'comment',
          key,
          threadKey: `tid:${c.tid}`,
          parentKey: c.parent === null || c.parent === undefined ? null : `id:${c.parent}`,
          author: { name: str(c.author), email: str(c.email), username: null, url: str(c.website) },
          createdAt: toIso(created),
          status: status(c.mode),
          body: { kind: 'markdown', text: typeof c.text === 'string' ? c.text : '' },
          likes: Math.max(0, Number(c.likes ?? 0) || 0),
          dislikes: Math.max(0, Number(c.dislikes ?? 0) || 0),
          position,
        });
      }
      yield out;
    }
  } finally {
    db.close();
  }
}
