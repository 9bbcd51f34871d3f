// Remark42's backup format (`remark42 backup`, usually gzipped): JSON Lines. The first line is
// metadata — {"version":1,"users":[{"id","blocked":{"status","until"},"verified"}],
// "posts":[{"url","read_only"}]} — and every other line one comment:
//
//   {"id","pid" (parent, "" at top level),"text" (HTML),"user":{"id","name",…},
//    "locator":{"site","url"},"score","votes":{user:true|false},"time" (RFC 3339),"delete"?}
//
// A thread is a page URL (read_only posts are closed threads). Remark42 hides every comment of a
// blocked user: those are imported as rejected (hidden, kept as tombstones under replies).
import { parseSourceDate, toIso } from './dates.js';
import { readLines } from './lines.js';
import { type ImportRecord, type ImporterInput, ImportFileError } from './types.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

export async function* importRemark42(input: ImporterInput): AsyncGenerator<ImportRecord[]> {
  const readOnly = new Set<string>();
  const blocked = new Set<string>();
  const seenThreads = new Set<string>();
  let sawMeta = false;
  const now = Date.now();
  for await (const batch of readLines(input.file, input.onBytes)) {
    const out: ImportRecord[] = [];
    for (const line of batch) {
      const text = line.text.trim();
      if (text === '') continue;
      const position = { line: line.number };
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch (err) {
        if (!sawMeta) throw new ImportFileError(`this is not a Remark42 backup: the first line is not JSON (${(err as Error).message})`, position);
        out.push({ kind: 'skip', what: 'comment', key: null, reason: `malformed JSON: ${(err as Error).message}`, position });
        continue;
      }
      if (!sawMeta) {
        sawMeta = true;
        if (!isObject(v) || (!('version' in v) && !('posts' in v) && !('users' in v))) {
          throw new ImportFileError('this is not a Remark42 backup: its first line is not the backup metadata ({"version", "users", "posts"})', position);
        }
        for (const p of Array.isArray(v.posts) ? v.posts : []) if (isObject(p) && p.read_only === true && typeof p.url === 'string') readOnly.add(p.url);
        for (const u of Array.isArray(v.users) ? v.users : []) {
          if (!isObject(u) || typeof u.id !== 'string' || !isObject(u.blocked) || u.blocked.status !== true) continue;
          const until = parseSourceDate(typeof u.blocked.until === 'string' ? u.blocked.until : null);
          if (until === undefined || until > now) blocked.add(u.id);
        }
        continue;
      }
      if (!isObject(v)) {
        out.push({ kind: 'skip', what: 'comment', key: null, reason: 'the line is not a JSON object', position });
        continue;
      }
      const id = str(v.id);
      const locator = isObject(v.locator) ? v.locator : {};
      const url = str(locator.url);
      const user = isObject(v.user) ? v.user : {};
      if (!id) {
        out.push({ kind: 'skip', what: 'comment', key: null, reason: 'the comment has no id', position });
        continue;
      }
      if (!url) {
        out.push({ kind: 'skip', what: 'comment', key: id, reason: 'the comment has no locator.url', position });
        continue;
      }
      const created = parseSourceDate(str(v.time));
      if (created === undefined) {
        out.push({ kind: 'skip', what: 'comment', key: id, reason: `invalid time ${JSON.stringify(v.time ?? null)}`, position });
        continue;
      }
      if (!seenThreads.has(url)) {
        seenThreads.add(url);
        out.push({ kind: 'thread', key: url, url, identifier: null, title: str(isObject(v.post) ? v.post.title : null), createdAt: null, closed: readOnly.has(url), deleted: false, position });
      }
      let likes = 0;
      let dislikes = 0;
      if (isObject(v.votes)) for (const up of Object.values(v.votes)) up === true ? likes++ : up === false ? dislikes++ : 0;
      if (likes === 0 && dislikes === 0 && typeof v.score === 'number' && Number.isFinite(v.score)) {
        likes = Math.max(0, Math.trunc(v.score));
        dislikes = Math.max(0, -Math.trunc(v.score));
      }
      const userId = str(user.id);
      out.push({
        kind: 'comment',
        key: id,
        threadKey: url,
        parentKey: str(v.pid),
        author: { username: userId, name: str(user.name), email: null, url: null },
        createdAt: toIso(created),
        status: v.delete === true ? 'deleted' : userId && blocked.has(userId) ? 'rejected' : 'approved',
        body: { kind: 'html', text: typeof v.text === 'string' ? v.text : '' },
        likes,
        dislikes,
        position,
      });
    }
    if (out.length) yield out;
  }
  if (!sawMeta) throw new ImportFileError('the file is empty', { line: 1 });
}
