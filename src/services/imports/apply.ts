// Phase 2 of an import: the staged threads become articles and their comments are written,
// thread by thread, in groups. Each group is one transaction that also moves the run's
// checkpoint, so the database holds whole threads only, and a run that stops resumes after the
// last group written. Comments already imported by an earlier run (same site, source and source
// id) are left as they are, so re-running an import changes nothing and a newer export adds only
// what is new.
import { bestScore } from '../../domain/ranking.js';
import type { Position } from '../../importers/types.js';
import type { Store } from '../../store/store.js';
import type { CommentNode, Row } from '../../store/imports/store.js';
import { resolveThreads } from './articles.js';
import { columnsOf, onlyColumns, type ApplyContext } from './context.js';
import { importIdGenerator } from './ids.js';
import { addEntry } from './report.js';
import type { StagedBody, StagedCommentNode, StagedThread } from './scratch.js';
import { countBranches, linkComments, type Placement } from './tree.js';

/** Comments per transaction (whole threads; a bigger thread is one transaction on its own). */
const GROUP_COMMENTS = 2000;
const GROUP_THREADS = 200;
/**
 * With --bulk the groups share one transaction, so nothing is saved by making them large, and
 * a smaller group's rows die before the garbage collector promotes them: at 300,000 comments
 * the heap peaked at about 45 MB instead of 105 (and 5 µs less CPU per comment).
 */
const BULK_GROUP_COMMENTS = 500;
const BULK_GROUP_THREADS = 50;
const BODY_CHUNK = 200;

export interface ApplyProgress {
  (applied: number): void;
}

function positionOf(c: StagedCommentNode): Position {
  return { ...(c.line !== null ? { line: c.line } : {}), ...(c.column !== null ? { column: c.column } : {}), ...(c.index !== null ? { index: c.index } : {}) };
}

/**
 * Indexes of `comments` an import fills in order, since it writes thread by thread: those led
 * by the article, or by the branch (and reading branches during the import needs that one).
 * The others (by author, by site and status) get their entries scattered all over them.
 */
const CLUSTERED_LEADING_COLUMNS = ['article_id', 'root_id'];

export interface ApplyOptions {
  afterSeq: number;
  checkpoint: (tx: Store, seq: number) => Promise<void>;
  onProgress?: ApplyProgress;
  /**
   * Everything in one transaction, with the scattered indexes of `comments` taken off while
   * writing and built again before the commit (SQLite; see ImportsStore.suspendIndexes). For
   * large imports: a run that stops writes nothing and starts the writing over when resumed,
   * and other writers wait until the commit. When no other connection is using the database,
   * that transaction also uses a rollback journal instead of the write-ahead log.
   */
  bulk?: boolean;
}

/** Applies every staged thread after `afterSeq`; calls `checkpoint` inside each group's transaction. */
export async function applyThreads(context: ApplyContext, opts: ApplyOptions): Promise<void> {
  if (!opts.bulk || context.dryRun) return applyInGroups(context, opts);
  // When nobody else is using the database, its new pages are written once, not logged and then
  // copied (300,000 comments: the writing took about 16 % less time).
  const rollbackJournal = await context.store.imports.useRollbackJournal();
  await context.store.imports.foreignKeyChecks(false);
  try {
    await context.store.transaction(async (tx) => {
      const suspended = await tx.imports.suspendIndexes({ table: 'comments', keepLeading: CLUSTERED_LEADING_COLUMNS });
      // Nothing of this source imported before, and nobody else writes until the commit: no
      // comment of this run can have a key yet (staging dropped repeated ones), so asking for
      // each thread's keys is skipped (about 0.7 s at 1,000,000 comments).
      const keysBefore = await tx.imports.hasKeys({ siteId: context.site.id, source: context.source, kind: 'comment' });
      // Groups run inside this transaction (a transaction within it is the same one).
      await applyInGroups({ ...context, store: tx }, opts, { keysBefore });
      await tx.imports.restoreIndexes({ indexes: suspended });
    });
  } finally {
    await context.store.imports.foreignKeyChecks(true);
    if (rollbackJournal) await context.store.imports.useWriteAheadLog();
  }
}

interface GroupOptions {
  /** False when no comment of this source has a key on this site yet (see applyThreads). */
  keysBefore: boolean;
}

async function applyInGroups(context: ApplyContext, opts: ApplyOptions, how: GroupOptions = { keysBefore: true }): Promise<void> {
  // Moderation records of imported comments get ids at their comments' times, made cheaply.
  const ctx = { ...context, newId: importIdGenerator(context.newId) };
  const planned = new Map<string, string>();
  const [maxComments, maxThreads] = opts.bulk ? [BULK_GROUP_COMMENTS, BULK_GROUP_THREADS] : [GROUP_COMMENTS, GROUP_THREADS];
  let group: { thread: StagedThread; comments: StagedCommentNode[] }[] = [];
  let groupSize = 0;
  let applied = 0;
  const flush = async () => {
    if (group.length === 0) return;
    const current = group;
    group = [];
    groupSize = 0;
    const lastSeq = current[current.length - 1]!.thread.seq;
    if (ctx.dryRun) await applyGroup(ctx, current, planned, how);
    else {
      await ctx.store.transaction(async (tx) => {
        await applyGroup({ ...ctx, store: tx }, current, planned, how);
        await opts.checkpoint(tx, lastSeq);
      });
    }
    applied += current.reduce((n, g) => n + g.comments.length, 0);
    opts.onProgress?.(applied);
  };
  for (const thread of ctx.scratch.threads(opts.afterSeq)) {
    ctx.report.threads.total++;
    if (thread.deleted) {
      const n = ctx.scratch.countComments(thread.key);
      ctx.report.threads.deleted++;
      if (n > 0) {
        ctx.report.comments.skipped += n;
        addEntry(ctx.report.skipped, { what: 'thread', key: thread.key, reason: `deleted in the source: its ${n} comment(s) were not imported`, ...(thread.line !== null ? { position: { line: thread.line } } : {}) });
      }
      continue;
    }
    const comments = ctx.scratch.threadComments(thread.key);
    if (comments.length === 0) {
      ctx.report.threads.empty++;
      continue;
    }
    group.push({ thread, comments });
    groupSize += comments.length;
    if (groupSize >= maxComments || group.length >= maxThreads) await flush();
  }
  await flush();
}

async function applyGroup(ctx: ApplyContext, group: { thread: StagedThread; comments: StagedCommentNode[] }[], planned: Map<string, string>, how: GroupOptions): Promise<void> {
  const firstComment = new Map(group.map((g) => [g.thread.key, g.comments.reduce((min, c) => (c.createdAt < min ? c.createdAt : min), g.comments[0]!.createdAt)]));
  const targets = await resolveThreads(
    ctx,
    group.map((g) => g.thread),
    firstComment,
    planned,
  );
  for (const g of group) await applyThreadComments(ctx, g.comments, targets.get(g.thread.key)!.articleId, how);
}

async function applyThreadComments(ctx: ApplyContext, staged: StagedCommentNode[], articleId: string, how: GroupOptions): Promise<void> {
  const { store, site, source, report } = ctx;
  const isParley = source === 'parley';
  ctx.report.comments.staged += staged.length;

  // 1. Which of these were imported before (by key; for a Parley export also by id).
  const keys = how.keysBefore ? await store.imports.getKeys({ siteId: site.id, source, kind: 'comment', sourceIds: staged.map((c) => c.key) }) : new Map<string, never>();
  const existingIds = isParley ? await store.imports.existingValues({ table: 'comments', column: 'id', values: staged.map((c) => c.id) }) : new Set<string>();
  const idOfKey = new Map<string, string>();
  const fresh: StagedCommentNode[] = [];
  const keysToAdd: { sourceId: string; targetId: string }[] = [];
  for (const c of staged) {
    const k = keys.get(c.key);
    if (k) idOfKey.set(c.key, k.targetId);
    else if (existingIds.has(c.id)) {
      idOfKey.set(c.key, c.id);
      keysToAdd.push({ sourceId: c.key, targetId: c.id });
    } else {
      idOfKey.set(c.key, c.id);
      fresh.push(c);
    }
  }
  report.comments.alreadyPresent += staged.length - fresh.length;

  if (fresh.length > 0) {
    // 2. Parents: in this thread, imported earlier (by key), or (Parley) present by id.
    const unknownParents = [...new Set(fresh.map((c) => c.parentKey).filter((p): p is string => p !== null && !idOfKey.has(p)))];
    if (unknownParents.length) {
      const earlier = await store.imports.getKeys({ siteId: site.id, source, kind: 'comment', sourceIds: unknownParents });
      for (const [k, v] of earlier) idOfKey.set(k, v.targetId);
      if (isParley) {
        const byId = await store.imports.existingValues({ table: 'comments', column: 'id', values: unknownParents.filter((p) => !idOfKey.has(p)) });
        for (const id of byId) idOfKey.set(id, id);
      }
    }
    const freshIds = new Set(fresh.map((c) => c.id));
    const existingParentIds = [...new Set(fresh.map((c) => (c.parentKey ? idOfKey.get(c.parentKey) : undefined)).filter((id): id is string => id !== undefined && !freshIds.has(id)))];
    const parentNodes = new Map<string, CommentNode>();
    for (const n of await store.imports.getCommentNodes({ siteId: site.id, ids: existingParentIds })) if (n.articleId === articleId) parentNodes.set(n.id, n);

    const links = fresh.map((c) => {
      let parentId: string | null = null;
      if (c.parentKey !== null) {
        const pid = idOfKey.get(c.parentKey);
        if (pid !== undefined && (freshIds.has(pid) || parentNodes.has(pid))) parentId = pid;
        else {
          report.comments.attachedToTop++;
          addEntry(report.repaired, { what: 'comment', key: c.key, reason: `replies to ${c.parentKey}, which is not in this thread; attached to the top level`, position: positionOf(c) });
        }
      }
      return { id: c.id, parentId };
    });
    const { placements, cycles } = linkComments(links, parentNodes as ReadonlyMap<string, Placement>);
    const keyOfId = new Map(fresh.map((c) => [c.id, c]));
    for (const id of cycles) {
      const c = keyOfId.get(id)!;
      report.comments.attachedToTop++;
      addEntry(report.repaired, { what: 'comment', key: c.key, reason: `its chain of parents loops back to it (${c.parentKey}); attached to the top level`, position: positionOf(c) });
    }

    // 3. Counters over whole branches: the new comments plus the branches they join.
    const joinedRoots = [...new Set([...placements.values()].map((p) => p.rootId).filter((r) => !freshIds.has(r)))];
    const existingMembers = joinedRoots.length ? await store.imports.listBranchNodes({ siteId: site.id, rootIds: joinedRoots }) : [];
    const counts = countBranches([
      ...existingMembers,
      ...fresh.map((c) => {
        const p = placements.get(c.id)!;
        return { id: c.id, parentId: p.parentId, rootId: p.rootId, status: c.status };
      }),
    ]);

    if (!ctx.dryRun) {
      await writeComments(ctx, fresh, placements, counts, articleId);
      const changed = existingMembers
        .map((n) => ({ n, c: counts.get(n.id)! }))
        .filter(({ n, c }) => c && (c.visible !== n.visible || c.replyCount !== n.replyCount || c.descendantCount !== n.descendantCount))
        .map(({ n, c }) => ({ id: n.id, visible: c.visible, replyCount: c.replyCount, descendantCount: c.descendantCount }));
      await store.imports.updateCommentTree({ siteId: site.id, rows: changed });
      const approved = fresh.filter((c) => c.status === 'approved').length;
      await store.adjustArticleCommentCount({ siteId: site.id, articleId, delta: approved });
    }
    for (const c of fresh) report.comments.byStatus[c.status] = (report.comments.byStatus[c.status] ?? 0) + 1;
    report.comments.imported += fresh.length;
    for (const c of fresh) keysToAdd.push({ sourceId: c.key, targetId: c.id });
  }
  if (!ctx.dryRun && keysToAdd.length) {
    const createdAt = ctx.now.toISOString();
    await store.imports.insertKeys(keysToAdd.map((k) => ({ siteId: site.id, source, kind: 'comment', sourceId: k.sourceId, targetId: k.targetId, importId: ctx.importId, createdAt })));
  }
}

const PRESERVED = new Set(['id', 'site_id', 'article_id', 'parent_id', 'root_id', 'depth', 'path', 'author_id', 'body_md', 'body_html', 'renderer_version', 'status', 'visible', 'reply_count', 'descendant_count']);

/** The columns a comment from another system fills, in the order `commentValues` gives them. */
const COMMENT_COLUMNS = [
  'id', 'site_id', 'article_id', 'parent_id', 'root_id', 'depth', 'path', 'author_id', 'body_md', 'body_html', 'renderer_version',
  'status', 'visible', 'like_count', 'dislike_count', 'report_count', 'reply_count', 'descendant_count', 'score', 'created_at',
  'edited_at', 'deleted_at',
] as const;

interface CommentFields {
  c: StagedCommentNode;
  p: Placement & { parentId: string | null };
  n: { visible: boolean; replyCount: number; descendantCount: number };
  body: StagedBody;
  authorId: string;
  articleId: string;
  siteId: string;
}

/** The row of a comment whose source kept no database row of its own, in COMMENT_COLUMNS order. */
function commentValues({ c, p, n, body, authorId, articleId, siteId }: CommentFields): unknown[] {
  return [
    c.id, siteId, articleId, p.parentId, p.rootId, p.depth, p.path, authorId, body.bodyMarkdown, body.bodyHtml, body.rendererVersion,
    c.status, n.visible ? 1 : 0, c.likes, c.dislikes, 0, n.replyCount, n.descendantCount,
    bestScore({ likes: c.likes, dislikes: c.dislikes, reports: 0, createdAt: c.createdAt }), c.createdAt,
    null, c.status === 'deleted' ? c.createdAt : null,
  ];
}

/** The row of a comment from a Parley export: its own columns, with what this database decides. */
function keptRow({ c, p, n, body, authorId, articleId, siteId }: CommentFields, cols: ReadonlySet<string>): Row {
  const kept: Row = {};
  for (const [k, v] of Object.entries(c.row!)) if (!PRESERVED.has(k)) kept[k] = v;
  const likes = Number(c.row!.like_count ?? 0);
  const dislikes = Number(c.row!.dislike_count ?? 0);
  const reports = Number(c.row!.report_count ?? 0);
  return onlyColumns(
    {
      like_count: likes,
      dislike_count: dislikes,
      report_count: reports,
      score: bestScore({ likes, dislikes, reports, createdAt: c.createdAt }),
      edited_at: null,
      deleted_at: c.status === 'deleted' ? c.createdAt : null,
      ...kept,
      id: c.id,
      site_id: siteId,
      article_id: articleId,
      parent_id: p.parentId,
      root_id: p.rootId,
      depth: p.depth,
      path: p.path,
      author_id: authorId,
      body_md: body.bodyMarkdown,
      body_html: body.bodyHtml,
      renderer_version: body.rendererVersion,
      status: c.status,
      visible: n.visible ? 1 : 0,
      reply_count: n.replyCount,
      descendant_count: n.descendantCount,
      created_at: c.createdAt,
    },
    cols,
  );
}

async function writeComments(
  ctx: ApplyContext,
  fresh: readonly StagedCommentNode[],
  placements: ReadonlyMap<string, Placement & { parentId: string | null }>,
  counts: ReadonlyMap<string, { visible: boolean; replyCount: number; descendantCount: number }>,
  articleId: string,
): Promise<void> {
  const { store, site, source } = ctx;
  const cols = await columnsOf(ctx, 'comments');
  for (const col of COMMENT_COLUMNS) if (!cols.has(col)) throw new Error(`internal: the comments table has no column ${col}`);
  const actions: Row[] = [];
  for (let i = 0; i < fresh.length; i += BODY_CHUNK) {
    const part = fresh.slice(i, i + BODY_CHUNK);
    const bodies = ctx.scratch.bodies(part.map((c) => c.seq));
    const values: unknown[][] = [];
    const rows: Row[] = [];
    for (const c of part) {
      const authorId = c.authorRef !== null ? ctx.authors.get(c.authorRef) : undefined;
      if (!authorId) throw new Error(`internal: no user for the author of ${c.key}`);
      const fields: CommentFields = { c, p: placements.get(c.id)!, n: counts.get(c.id)!, body: bodies.get(c.seq)!, authorId, articleId, siteId: site.id };
      if (c.row) rows.push(keptRow(fields, cols));
      else values.push(commentValues(fields));
      if (!c.row && c.status !== 'approved') {
        // The old system's decision, on record like any other (the approved majority is not).
        actions.push({
          id: ctx.newId(Date.parse(c.createdAt)),
          site_id: site.id,
          comment_id: c.id,
          target_user_id: authorId,
          actor_id: null,
          action: c.status,
          phase: 'import',
          reason_codes: JSON.stringify([`imported_${source}`]),
          scores: null,
          statement: null,
          created_at: c.createdAt,
        });
      }
    }
    if (values.length) await store.imports.insertValues({ table: 'comments', columns: COMMENT_COLUMNS, rows: values });
    if (rows.length) await store.imports.insertComments(rows);
  }
  if (actions.length) await store.imports.insertRows({ table: 'moderation_actions', rows: actions, conflict: ['id'] });
}
