// Phase 1 of an import: read the file to the end, converting every comment body and writing
// every record to the scratch database, in batches. Each scratch transaction (a few batches)
// also records how many records have been staged, so an interrupted run resumes after the last
// one instead of converting everything again.
import type { IdGenerator } from '../../domain/ids.js';
import { ULID_PATTERN } from '../../domain/ids.js';
import { bodyToConvert, type ConvertedBody } from '../../importers/bodies.js';
import type { CommentRecord, ImportRecord } from '../../importers/types.js';
import { normalizeEmail } from '../accounts/usernames.js';
import { importIdGenerator } from './ids.js';
import type { BodyConverter } from './render-pool.js';
import type { Scratch } from './scratch.js';

export interface StageOptions {
  scratch: Scratch;
  newId: IdGenerator;
  converter: BodyConverter;
  /** Records already staged by an earlier attempt of this run (skipped without converting). */
  resumeFrom: number;
  onRecords?: (staged: number) => void;
}

const BODIES_PER_MESSAGE = 128;
/** Records per scratch transaction (whole batches, so a few more). */
const COMMIT_RECORDS = 2000;

/** An email worth keeping: something@something, trimmed and lower-cased. */
export function cleanEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const e = normalizeEmail(email);
  if (e === '' || e === 'undefined' || e === 'null' || !/^[^\s@]+@[^\s@]+$/.test(e) || e.length > 254) return null;
  return e;
}

function cleanText(v: string | null | undefined, max = 200): string | null {
  if (v === null || v === undefined) return null;
  const t = v.replace(/\s+/g, ' ').trim();
  if (t === '' || t === 'undefined' || t === 'null') return null;
  return t.slice(0, max);
}

/** The batch's bodies in order: those the reading worker converted, the others converted here. */
async function convertBatch(converter: BodyConverter, records: readonly ImportRecord[]): Promise<ConvertedBody[]> {
  const comments = records.filter((r): r is CommentRecord => r.kind === 'comment');
  const todo = comments.filter((c) => !c.converted);
  const parts: Promise<ConvertedBody[]>[] = [];
  for (let i = 0; i < todo.length; i += BODIES_PER_MESSAGE) parts.push(converter.convert(todo.slice(i, i + BODIES_PER_MESSAGE).map(bodyToConvert)));
  const converted = (await Promise.all(parts)).flat();
  let next = 0;
  return comments.map((c) => c.converted ?? converted[next++]!);
}

/** Stages every record of the stream; returns how many records the stream had. */
export async function stageRecords(options: StageOptions, batches: AsyncIterable<ImportRecord[]>): Promise<number> {
  const opts = { ...options, newId: importIdGenerator(options.newId) };
  const { scratch } = opts;
  let index = 0;
  const inFlight: { records: ImportRecord[]; end: number; converted: Promise<ConvertedBody[]> }[] = [];
  // Batches converting while one is written; converting in this thread, there is nothing to
  // overlap, and every batch held is memory the garbage collector only frees later.
  const depth = opts.converter.workers > 0 ? Math.max(2, opts.converter.workers * 2) : 1;

  // Batches share a scratch transaction until it holds COMMIT_RECORDS records. A batch is one
  // 64 KiB chunk of the file, about a hundred records, and a commit per batch cost 2.6 µs per
  // comment (200,000 comments: 0.53 s of COMMIT on the thread that stages).
  let committed = opts.resumeFrom;
  const write = async () => {
    const item = inFlight.shift()!;
    const converted = await item.converted;
    if (!scratch.db.inTransaction) scratch.db.exec('begin');
    let b = 0;
    for (const r of item.records) {
      if (r.kind === 'comment') writeComment(opts, r, converted[b++]!);
      else writeOther(opts, r);
    }
    scratch.setMeta('staged_records', String(item.end));
    if (item.end - committed >= COMMIT_RECORDS) {
      scratch.db.exec('commit');
      committed = item.end;
    }
    opts.onRecords?.(item.end);
  };

  try {
    for await (const batch of batches) {
      const start = index;
      index += batch.length;
      const fresh = start >= opts.resumeFrom ? batch : batch.slice(Math.max(0, opts.resumeFrom - start));
      if (fresh.length === 0) continue;
      inFlight.push({ records: fresh, end: index, converted: convertBatch(opts.converter, fresh) });
      if (inFlight.length >= depth) await write();
    }
    while (inFlight.length) await write();
    if (scratch.db.inTransaction) scratch.db.exec('commit');
  } finally {
    // After a failure (a fatal error in the file, say) what was committed stays, and a resumed
    // run goes on from there; the rest of the open transaction is undone with its count.
    if (scratch.db.inTransaction) scratch.db.exec('rollback');
  }
  return index;
}

function pos(r: { position: { line?: number; column?: number; index?: number } }) {
  return { line: r.position.line, col: r.position.column, idx: r.position.index };
}

function writeComment(opts: StageOptions, c: CommentRecord, body: ConvertedBody): void {
  const { scratch } = opts;
  const p = pos(c);
  const created = Date.parse(c.createdAt);
  const preserved = typeof c.row?.id === 'string' && ULID_PATTERN.test(c.row.id) ? c.row.id : null;
  let authorRef: number | null = null;
  let authorKey: string | null = null;
  if ('key' in c.author) {
    authorKey = c.author.key;
  } else {
    const a = c.author;
    const email = cleanEmail(a.email);
    const username = cleanText(a.username, 100);
    const name = cleanText(a.name);
    authorRef = scratch.resolveAuthor({ email, username, name: name ?? (email || username ? null : 'Anonymous'), url: cleanText(a.url, 500) });
  }
  const added = scratch.addComment({
    key: c.key,
    threadKey: c.threadKey,
    parentKey: c.parentKey,
    authorRef,
    authorKey,
    id: preserved ?? opts.newId(created),
    createdAt: c.createdAt,
    status: c.status,
    bodyMd: body.markdown,
    bodyHtml: body.html,
    rendererVersion: body.rendererVersion,
    likes: c.likes,
    dislikes: c.dislikes,
    row: c.row ?? null,
    ...p,
  });
  if (!added) {
    const first = scratch.findComment(c.key);
    const where = first?.line != null ? ` at line ${first.line}` : first?.idx != null ? ` (record #${first.idx + 1})` : '';
    scratch.addSkip({ what: 'comment', key: c.key, reason: `a second record with the same id (the first is${where})`, ...p, list: c.position.list });
    return;
  }
  for (const alias of c.aliases ?? []) scratch.addAlias('comment', alias, c.key);
}

function writeOther(opts: StageOptions, r: Exclude<ImportRecord, CommentRecord>): void {
  const { scratch } = opts;
  switch (r.kind) {
    case 'thread': {
      const added = scratch.addThread({ ...r, ...pos(r), row: r.row ?? null });
      // Its comments (keyed by thread) still join the first one: nothing is lost, so a notice.
      if (!added) scratch.addNotice(`thread ${r.key} appears again; the first one is used`, r.position.line, r.position.column);
      else for (const alias of r.aliases ?? []) scratch.addAlias('thread', alias, r.key);
      return;
    }
    case 'author':
      scratch.resolveAuthor({
        key: r.key,
        email: cleanEmail(r.email),
        username: cleanText(r.username, 100),
        name: cleanText(r.name),
        url: cleanText(r.url, 500),
        row: r.row ?? null,
      });
      return;
    case 'row':
      scratch.addRow(r.table, r.row, r.position.line ?? null, r.position.index ?? null);
      return;
    case 'skip':
      scratch.addSkip({ what: r.what, key: r.key, reason: r.reason, ...pos(r), list: r.position.list });
      return;
    case 'notice':
      scratch.addNotice(r.message, r.position?.line, r.position?.column);
      return;
  }
}
