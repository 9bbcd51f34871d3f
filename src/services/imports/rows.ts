// The rest of a Parley export — memberships, revisions, reactions, reports, moderation history
// and the moderation tables — restored row by row after the comments, in batches (one
// transaction each, with the run's checkpoint). References to users, comments and articles are
// mapped to the rows they became; a row already present is left alone. A reaction or report on
// a comment that existed before this run also counts on that comment, as it would have live.
import { EXPORT_TABLES, type RefKind } from '../../export/format.js';
import { bestScore } from '../../domain/ranking.js';
import type { Store } from '../../store/store.js';
import type { ImportKey } from '../../store/imports/store.js';
import { columnsOf, onlyColumns, type ApplyContext } from './context.js';
import { addEntry } from './report.js';

const BATCH = 1000;
const SPECS = new Map(EXPORT_TABLES.map((t) => [t.name, t]));

type Staged = { seq: number; table: string; row: Record<string, unknown>; line: number | null; idx: number | null };

export async function applyRows(ctx: ApplyContext, opts: { afterSeq: number; checkpoint: (tx: Store, seq: number) => Promise<void> }): Promise<void> {
  let batch: Staged[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    if (ctx.dryRun) await applyBatch(ctx, current);
    else
      await ctx.store.transaction(async (tx) => {
        await applyBatch({ ...ctx, store: tx }, current);
        await opts.checkpoint(tx, current[current.length - 1]!.seq);
      });
  };
  for (const r of ctx.scratch.rowsAfter(opts.afterSeq)) {
    batch.push(r);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
}

async function refMaps(ctx: ApplyContext, rows: readonly Staged[]): Promise<Record<RefKind, Map<string, ImportKey>>> {
  const wanted: Record<RefKind, Set<string>> = { user: new Set(), comment: new Set(), article: new Set() };
  for (const r of rows) {
    const spec = SPECS.get(r.table);
    if (!spec) continue;
    for (const [col, kind] of Object.entries(spec.refs)) {
      const v = r.row[col];
      if (typeof v === 'string') wanted[kind].add(v);
    }
  }
  const { store, site } = ctx;
  const users = await store.imports.getKeys({ siteId: site.id, source: 'parley', kind: 'author', sourceIds: [...wanted.user].map((u) => `id:${u}`) });
  const user = new Map([...users].map(([k, v]) => [k.slice(3), v]));
  const comment = await store.imports.getKeys({ siteId: site.id, source: 'parley', kind: 'comment', sourceIds: [...wanted.comment] });
  const article = await store.imports.getKeys({ siteId: site.id, source: 'parley', kind: 'thread', sourceIds: [...wanted.article] });
  // Rows restored before keys existed, or the export of this same database: same ids.
  for (const id of await store.imports.existingValues({ table: 'users', column: 'id', values: [...wanted.user].filter((u) => !user.has(u)) })) user.set(id, { targetId: id, importId: '' });
  for (const id of await store.imports.existingValues({ table: 'comments', column: 'id', values: [...wanted.comment].filter((c) => !comment.has(c)) })) comment.set(id, { targetId: id, importId: '' });
  for (const id of await store.imports.existingValues({ table: 'articles', column: 'id', values: [...wanted.article].filter((a) => !article.has(a)) })) article.set(id, { targetId: id, importId: '' });
  return { user, comment, article };
}

async function applyBatch(ctx: ApplyContext, rows: readonly Staged[]): Promise<void> {
  const { store, site, report } = ctx;
  const maps = await refMaps(ctx, rows);
  const byTable = new Map<string, Record<string, unknown>[]>();
  const votes: { table: string; row: Record<string, unknown> }[] = [];
  for (const r of rows) {
    const spec = SPECS.get(r.table);
    const cols = await columnsOf(ctx, r.table);
    if (!spec || cols.size === 0) {
      report.rows.skipped++;
      addEntry(report.skipped, { what: 'row', key: r.table, reason: `this database has no table "${r.table}"`, ...(r.line !== null ? { position: { line: r.line } } : {}) });
      continue;
    }
    const row: Record<string, unknown> = { ...r.row };
    if ('site_id' in row || cols.has('site_id')) row.site_id = site.id;
    let missing: string | null = null;
    for (const [col, kind] of Object.entries(spec.refs)) {
      const v = row[col];
      if (typeof v !== 'string') continue;
      const mapped = maps[kind].get(v);
      if (mapped) row[col] = mapped.targetId;
      else missing ??= `${col} ${v} (no such ${kind})`;
    }
    if (missing) {
      report.rows.skipped++;
      addEntry(report.skipped, { what: 'row', key: `${r.table}`, reason: `refers to ${missing}`, ...(r.line !== null ? { position: { line: r.line } } : {}) });
      continue;
    }
    const clean = onlyColumns(row, cols);
    // A vote or report on a comment this run did not create also moves that comment's counts.
    const commentKey = typeof r.row.comment_id === 'string' ? maps.comment.get(r.row.comment_id) : undefined;
    if ((r.table === 'reactions' || r.table === 'reports') && commentKey && commentKey.importId !== ctx.importId) votes.push({ table: r.table, row: clean });
    else {
      const list = byTable.get(r.table);
      if (list) list.push(clean);
      else byTable.set(r.table, [clean]);
    }
  }
  for (const [table, list] of byTable) {
    const inserted = ctx.dryRun ? list.length : await store.imports.insertRows({ table, rows: list, conflict: SPECS.get(table)!.conflict });
    report.rows.imported += inserted;
    report.rows.alreadyPresent += list.length - inserted;
  }
  for (const v of votes) {
    const inserted = ctx.dryRun ? 1 : await store.imports.insertRows({ table: v.table, rows: [v.row], conflict: SPECS.get(v.table)!.conflict });
    if (inserted === 0) {
      report.rows.alreadyPresent++;
      continue;
    }
    report.rows.imported++;
    if (ctx.dryRun) continue;
    const commentId = String(v.row.comment_id);
    const delta = v.table === 'reports' ? { likes: 0, dislikes: 0, reports: 1 } : v.row.kind === 'like' ? { likes: 1, dislikes: 0, reports: 0 } : { likes: 0, dislikes: 1, reports: 0 };
    const now = await store.imports.addCommentVotes({ siteId: site.id, id: commentId, ...delta });
    if (now) await store.imports.setCommentScore({ siteId: site.id, id: commentId, score: bestScore({ ...now, createdAt: now.createdAt }) });
  }
}
