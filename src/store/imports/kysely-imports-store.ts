// ImportsStore over Kysely, for SQLite and PostgreSQL alike. Bulk calls split their input into
// chunks that stay under both databases' limits on bound parameters.
import { CompiledQuery, type Kysely, type Selectable, type Transaction, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { ImportsTable } from './schema.js';
import type { CommentNode, ImportArticleMatch, ImportKey, ImportRun, ImportsStore, ImportUserMatch, NewImportKey, Row, SuspendedIndex } from './store.js';
import { parseJson } from '../rows.js';

/** Bound parameters per statement: SQLite allows 32,766 and PostgreSQL 65,535. */
const MAX_PARAMS = 30_000;
const IN_CHUNK = 500;

/** Rows per multi-row INSERT of insertValues, largest first; every statement text repeats. */
const VALUE_CHUNKS = [64, 8, 1];

/** The SQL texts of insertValues, by table, columns, conflict target and row count. */
const insertTexts = new Map<string, string>();

function insertText(dialect: 'sqlite' | 'postgres', table: string, columns: readonly string[], conflict: readonly string[] | undefined, rows: number): string {
  const key = `${dialect}|${table}|${columns.join(',')}|${conflict?.join(',') ?? ''}|${rows}`;
  let text = insertTexts.get(key);
  if (text === undefined) {
    const width = columns.length;
    const tuples: string[] = [];
    let n = 0;
    for (let r = 0; r < rows; r++) {
      const marks: string[] = [];
      for (let c = 0; c < width; c++) marks.push(dialect === 'postgres' ? `$${++n}` : '?');
      tuples.push(`(${marks.join(', ')})`);
    }
    const quoted = (names: readonly string[]) => names.map((c) => `"${checkName(c)}"`).join(', ');
    text = `insert into "${checkName(table)}" (${quoted(columns)}) values ${tuples.join(', ')}${conflict ? ` on conflict (${quoted(conflict)}) do nothing` : ''}`;
    if (insertTexts.size > 200) insertTexts.clear();
    insertTexts.set(key, text);
  }
  return text;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}


function toRun(r: Selectable<ImportsTable>): ImportRun {
  return {
    id: r.id,
    siteId: r.site_id,
    source: r.source,
    fileName: r.file_name,
    fileSize: Number(r.file_size),
    fingerprint: r.fingerprint,
    status: r.status as ImportRun['status'],
    scratchPath: r.scratch_path,
    options: parseJson(r.options, {}),
    checkpoint: parseJson(r.checkpoint, {}),
    report: parseJson(r.report, null),
    error: r.error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
  };
}

function toNode(r: Record<string, unknown>): CommentNode {
  return {
    id: String(r.id),
    articleId: String(r.article_id),
    parentId: (r.parent_id as string | null) ?? null,
    rootId: String(r.root_id),
    depth: Number(r.depth),
    path: String(r.path),
    status: String(r.status),
    visible: Number(r.visible) === 1,
    replyCount: Number(r.reply_count),
    descendantCount: Number(r.descendant_count),
  };
}

const NODE_COLUMNS = ['id', 'article_id', 'parent_id', 'root_id', 'depth', 'path', 'status', 'visible', 'reply_count', 'descendant_count'] as const;

/** Table and column names come from code, never from input; this guards that promise. */
function checkName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a table or column name: ${name}`);
  return name;
}

export class KyselyImportsStore implements ImportsStore {
  private readonly any: Kysely<any>;

  constructor(
    private readonly db: Kysely<Database> | Transaction<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {
    this.any = db as unknown as Kysely<any>;
  }

  // --- Runs ----------------------------------------------------------------------------------

  async createRun(run: ImportRun): Promise<void> {
    await this.db
      .insertInto('imports')
      .values({
        id: run.id,
        site_id: run.siteId,
        source: run.source,
        file_name: run.fileName,
        file_size: run.fileSize,
        fingerprint: run.fingerprint,
        status: run.status,
        scratch_path: run.scratchPath,
        options: JSON.stringify(run.options),
        checkpoint: JSON.stringify(run.checkpoint),
        report: run.report ? JSON.stringify(run.report) : null,
        error: run.error,
        created_at: run.createdAt,
        updated_at: run.updatedAt,
        finished_at: run.finishedAt,
      })
      .execute();
  }

  async getRun(req: { id: string }): Promise<ImportRun | undefined> {
    const r = await this.db.selectFrom('imports').selectAll().where('id', '=', req.id).executeTakeFirst();
    return r && toRun(r);
  }

  async findOpenRun(req: { siteId: string; source: string }): Promise<ImportRun | undefined> {
    const r = await this.db
      .selectFrom('imports')
      .selectAll()
      .where('site_id', '=', req.siteId)
      .where('source', '=', req.source)
      .where('status', 'in', ['staging', 'applying', 'failed'])
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return r && toRun(r);
  }

  async updateRun(req: { id: string; set: Partial<Pick<ImportRun, 'status' | 'scratchPath' | 'checkpoint' | 'report' | 'error' | 'updatedAt' | 'finishedAt'>> }): Promise<void> {
    const s = req.set;
    const values: Record<string, unknown> = {};
    if (s.status !== undefined) values.status = s.status;
    if (s.scratchPath !== undefined) values.scratch_path = s.scratchPath;
    if (s.checkpoint !== undefined) values.checkpoint = JSON.stringify(s.checkpoint);
    if (s.report !== undefined) values.report = s.report === null ? null : JSON.stringify(s.report);
    if (s.error !== undefined) values.error = s.error;
    if (s.updatedAt !== undefined) values.updated_at = s.updatedAt;
    if (s.finishedAt !== undefined) values.finished_at = s.finishedAt;
    if (Object.keys(values).length === 0) return;
    await this.db.updateTable('imports').set(values).where('id', '=', req.id).execute();
  }

  async listRuns(req: { siteId: string; limit: number }): Promise<ImportRun[]> {
    const rows = await this.db.selectFrom('imports').selectAll().where('site_id', '=', req.siteId).orderBy('id', 'desc').limit(req.limit).execute();
    return rows.map(toRun);
  }

  // --- Keys ----------------------------------------------------------------------------------

  async getKeys(req: { siteId: string; source: string; kind: string; sourceIds: readonly string[] }): Promise<Map<string, ImportKey>> {
    const out = new Map<string, ImportKey>();
    for (const part of chunks([...new Set(req.sourceIds)], IN_CHUNK)) {
      const rows = await this.db
        .selectFrom('import_keys')
        .select(['source_id', 'target_id', 'import_id'])
        .where('site_id', '=', req.siteId)
        .where('source', '=', req.source)
        .where('kind', '=', req.kind)
        .where('source_id', 'in', part)
        .execute();
      for (const r of rows) out.set(r.source_id, { targetId: r.target_id, importId: r.import_id });
    }
    return out;
  }

  async hasKeys(req: { siteId: string; source: string; kind: string }): Promise<boolean> {
    const row = await this.db
      .selectFrom('import_keys')
      .select('source_id')
      .where('site_id', '=', req.siteId)
      .where('source', '=', req.source)
      .where('kind', '=', req.kind)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async insertKeys(rows: readonly NewImportKey[]): Promise<void> {
    await this.insertValues({
      table: 'import_keys',
      columns: ['site_id', 'source', 'kind', 'source_id', 'target_id', 'import_id', 'created_at'],
      rows: rows.map((k) => [k.siteId, k.source, k.kind, k.sourceId, k.targetId, k.importId, k.createdAt]),
      conflict: ['site_id', 'source', 'kind', 'source_id'],
    });
  }

  async insertValues(req: { table: string; columns: readonly string[]; rows: readonly (readonly unknown[])[]; conflict?: readonly string[] }): Promise<void> {
    const width = req.columns.length;
    let at = 0;
    for (const size of VALUE_CHUNKS) {
      // A statement of `size` rows as long as that many are left (and the parameters fit).
      if (size * width > MAX_PARAMS) continue;
      while (req.rows.length - at >= size) {
        const params: unknown[] = new Array(size * width);
        let p = 0;
        for (let r = at; r < at + size; r++) {
          const row = req.rows[r]!;
          if (row.length !== width) throw new Error(`insertValues: a row of ${row.length} values for ${width} columns`);
          for (let c = 0; c < width; c++) params[p++] = row[c];
        }
        await this.db.executeQuery(CompiledQuery.raw(insertText(this.dialect, req.table, req.columns, req.conflict, size), params));
        at += size;
      }
    }
  }

  // --- Users ---------------------------------------------------------------------------------

  private async matchUsers(column: 'email' | 'id', values: readonly string[]): Promise<ImportUserMatch[]> {
    const out: ImportUserMatch[] = [];
    for (const part of chunks([...new Set(values)], IN_CHUNK)) {
      const rows = await this.db.selectFrom('users').select(['id', 'email', 'email_verified', 'status']).where(column, 'in', part).execute();
      for (const r of rows) out.push({ id: r.id, email: r.email, emailVerified: Number(r.email_verified) === 1, status: r.status });
    }
    return out;
  }

  findUsersByEmail(req: { emails: readonly string[] }): Promise<ImportUserMatch[]> {
    return this.matchUsers('email', req.emails);
  }

  findUsersById(req: { ids: readonly string[] }): Promise<ImportUserMatch[]> {
    return this.matchUsers('id', req.ids);
  }

  async findProfilesByEmail(req: { emails: readonly string[] }): Promise<{ userId: string; email: string }[]> {
    const out: { userId: string; email: string }[] = [];
    for (const part of chunks([...new Set(req.emails)], IN_CHUNK)) {
      const rows = await this.db
        .selectFrom('import_profiles')
        .innerJoin('users', 'users.id', 'import_profiles.user_id')
        .select(['import_profiles.user_id', 'import_profiles.email'])
        .where('import_profiles.email', 'in', part)
        .where('import_profiles.claimed_at', 'is', null)
        .where('users.status', '=', 'unclaimed')
        .orderBy('import_profiles.user_id')
        .execute();
      for (const r of rows) out.push({ userId: r.user_id, email: r.email! });
    }
    return out;
  }

  async takenUsernameKeys(req: { keys: readonly string[] }): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunks([...new Set(req.keys)], IN_CHUNK)) {
      const rows = await this.db.selectFrom('users').select('username_key').where('username_key', 'in', part).execute();
      for (const r of rows) out.add(r.username_key);
    }
    return out;
  }

  async insertUsers(rows: readonly Row[]): Promise<void> {
    await this.insertPlain('users', rows);
  }

  async insertProfiles(rows: readonly { userId: string; siteId: string; source: string; email: string | null; createdAt: string }[]): Promise<void> {
    await this.insertPlain(
      'import_profiles',
      rows.map((p) => ({ user_id: p.userId, site_id: p.siteId, source: p.source, email: p.email, claimed_by: null, claimed_at: null, created_at: p.createdAt })),
    );
  }

  async claimProfiles(req: { email: string; userId: string; claimedAt: string }): Promise<string[]> {
    const rows = await this.db
      .selectFrom('import_profiles')
      .select('user_id')
      .where('email', '=', req.email)
      .where('claimed_at', 'is', null)
      .where('user_id', '!=', req.userId)
      .execute();
    const ids = rows.map((r) => r.user_id);
    if (ids.length) {
      await this.db.updateTable('import_profiles').set({ claimed_by: req.userId, claimed_at: req.claimedAt }).where('user_id', 'in', ids).execute();
    }
    return ids;
  }

  // --- Articles ------------------------------------------------------------------------------

  async findArticles(req: { siteId: string; ids?: readonly string[]; slugs?: readonly string[]; externalIds?: readonly string[]; externalUrls?: readonly string[] }): Promise<ImportArticleMatch[]> {
    const out = new Map<string, ImportArticleMatch>();
    const by: [string, readonly string[] | undefined][] = [
      ['id', req.ids],
      ['slug', req.slugs],
      ['external_id', req.externalIds],
      ['external_url', req.externalUrls],
    ];
    for (const [column, values] of by) {
      if (!values || values.length === 0) continue;
      for (const part of chunks([...new Set(values)], IN_CHUNK)) {
        const rows = await this.any
          .selectFrom('articles')
          .select(['id', 'slug', 'external_id', 'external_url', 'comments_mode'])
          .where('site_id', '=', req.siteId)
          .where(column, 'in', part)
          .orderBy('id')
          .execute();
        for (const r of rows) out.set(r.id, { id: r.id, slug: r.slug, externalId: r.external_id, externalUrl: r.external_url, commentsMode: r.comments_mode });
      }
    }
    return [...out.values()];
  }

  async takenSlugs(req: { siteId: string; slugs: readonly string[] }): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunks([...new Set(req.slugs)], IN_CHUNK)) {
      const rows = await this.db.selectFrom('articles').select('slug').where('site_id', '=', req.siteId).where('slug', 'in', part).execute();
      for (const r of rows) out.add(r.slug);
    }
    return out;
  }

  async insertArticle(row: Row): Promise<void> {
    await this.insertPlain('articles', [row]);
  }

  async setCommentsMode(req: { siteId: string; articleId: string; mode: string }): Promise<void> {
    await this.db.updateTable('articles').set({ comments_mode: req.mode }).where('site_id', '=', req.siteId).where('id', '=', req.articleId).execute();
  }

  // --- Comments ------------------------------------------------------------------------------

  async getCommentNodes(req: { siteId: string; ids: readonly string[] }): Promise<CommentNode[]> {
    const out: CommentNode[] = [];
    for (const part of chunks([...new Set(req.ids)], IN_CHUNK)) {
      const rows = await this.any.selectFrom('comments').select([...NODE_COLUMNS]).where('site_id', '=', req.siteId).where('id', 'in', part).execute();
      for (const r of rows) out.push(toNode(r));
    }
    return out;
  }

  async listBranchNodes(req: { siteId: string; rootIds: readonly string[] }): Promise<CommentNode[]> {
    const out: CommentNode[] = [];
    for (const part of chunks([...new Set(req.rootIds)], IN_CHUNK)) {
      const rows = await this.any.selectFrom('comments').select([...NODE_COLUMNS]).where('root_id', 'in', part).where('site_id', '=', req.siteId).execute();
      for (const r of rows) out.push(toNode(r));
    }
    return out;
  }

  async insertComments(rows: readonly Row[]): Promise<void> {
    await this.insertPlain('comments', rows);
  }

  async updateCommentTree(req: { siteId: string; rows: readonly { id: string; visible: boolean; replyCount: number; descendantCount: number }[] }): Promise<void> {
    for (const r of req.rows) {
      await this.db
        .updateTable('comments')
        .set({ visible: r.visible ? 1 : 0, reply_count: r.replyCount, descendant_count: r.descendantCount })
        .where('site_id', '=', req.siteId)
        .where('id', '=', r.id)
        .execute();
    }
  }

  async addCommentVotes(req: { siteId: string; id: string; likes: number; dislikes: number; reports: number }): Promise<{ likes: number; dislikes: number; reports: number; createdAt: string } | undefined> {
    if (req.likes || req.dislikes || req.reports) {
      await this.db
        .updateTable('comments')
        .set({
          like_count: sql`like_count + ${req.likes}`,
          dislike_count: sql`dislike_count + ${req.dislikes}`,
          report_count: sql`report_count + ${req.reports}`,
        })
        .where('site_id', '=', req.siteId)
        .where('id', '=', req.id)
        .execute();
    }
    const r = await this.db
      .selectFrom('comments')
      .select(['like_count', 'dislike_count', 'report_count', 'created_at'])
      .where('site_id', '=', req.siteId)
      .where('id', '=', req.id)
      .executeTakeFirst();
    return r && { likes: Number(r.like_count), dislikes: Number(r.dislike_count), reports: Number(r.report_count), createdAt: r.created_at };
  }

  async setCommentScore(req: { siteId: string; id: string; score: number }): Promise<void> {
    await this.db.updateTable('comments').set({ score: req.score }).where('site_id', '=', req.siteId).where('id', '=', req.id).execute();
  }

  // --- Generic rows --------------------------------------------------------------------------

  async tableColumns(table: string): Promise<string[]> {
    checkName(table);
    if (this.dialect === 'sqlite') {
      const r = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(this.db);
      return r.rows.map((x) => x.name);
    }
    const r = await sql<{ column_name: string }>`select column_name from information_schema.columns where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(this.db);
    return r.rows.map((x) => x.column_name);
  }

  private async insertPlain(table: string, rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const width = Object.keys(rows[0]!).length || 1;
    for (const part of chunks(rows, Math.max(1, Math.floor(MAX_PARAMS / width)))) {
      await this.any.insertInto(checkName(table)).values(part as Row[]).execute();
    }
  }

  async insertRows(req: { table: string; rows: readonly Row[]; conflict: readonly string[] }): Promise<number> {
    if (req.rows.length === 0) return 0;
    let inserted = 0;
    // Rows of one table may carry different columns (exports from older versions): one
    // statement per shape.
    const byShape = new Map<string, Row[]>();
    for (const row of req.rows) {
      const shape = Object.keys(row).join(',');
      const list = byShape.get(shape);
      if (list) list.push(row);
      else byShape.set(shape, [row]);
    }
    for (const [shape, rows] of byShape) {
      const width = shape.split(',').length || 1;
      for (const part of chunks(rows, Math.max(1, Math.floor(MAX_PARAMS / width)))) {
        const result = await this.any
          .insertInto(checkName(req.table))
          .values(part)
          .onConflict((oc) => oc.columns(req.conflict.map(checkName)).doNothing())
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
    }
    return inserted;
  }

  async countRows(req: { table: string }): Promise<number> {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(checkName(req.table))}`.execute(this.db);
    return Number(r.rows[0]?.n ?? 0);
  }

  async suspendIndexes(req: { table: string; keepLeading: readonly string[] }): Promise<SuspendedIndex[]> {
    if (this.dialect !== 'sqlite') return [];
    // `sql is null`: the indexes SQLite makes for primary keys and unique constraints.
    const indexes = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'index' and tbl_name = ${checkName(req.table)} and sql is not null order by name`.execute(this.db);
    const out: SuspendedIndex[] = [];
    for (const ix of indexes.rows) {
      if (/^\s*create\s+unique\b/i.test(ix.sql)) continue;
      const first = await sql<{ name: string }>`select name from pragma_index_info(${ix.name}) order by seqno limit 1`.execute(this.db);
      if (req.keepLeading.includes(first.rows[0]?.name ?? '')) continue;
      await sql`drop index ${sql.id(ix.name)}`.execute(this.db);
      out.push({ name: ix.name, sql: ix.sql });
    }
    return out;
  }

  async restoreIndexes(req: { indexes: readonly SuspendedIndex[] }): Promise<void> {
    for (const ix of req.indexes) await sql.raw(ix.sql).execute(this.db);
  }

  async useRollbackJournal(): Promise<boolean> {
    if (this.dialect !== 'sqlite') return false;
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(this.db);
    if (mode.rows[0]?.journal_mode !== 'wal') return false;
    try {
      const r = await sql<{ journal_mode: string }>`pragma journal_mode = delete`.execute(this.db);
      return r.rows[0]?.journal_mode === 'delete';
    } catch (err) {
      // Another connection is using the database (SQLITE_BUSY): it stays in WAL mode.
      if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
      throw err;
    }
  }

  async useWriteAheadLog(): Promise<void> {
    if (this.dialect !== 'sqlite') return;
    try {
      await sql`pragma journal_mode = wal`.execute(this.db);
    } catch (err) {
      // Another connection came meanwhile and holds the file past the busy timeout: what was
      // written is committed, and the next connection made by connect() switches it back.
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    }
  }

  async foreignKeyChecks(on: boolean): Promise<void> {
    if (this.dialect !== 'sqlite') return;
    // A no-op inside a transaction (SQLite's rule), so a misplaced call would fail silently.
    if (this.db.isTransaction) throw new Error('internal: foreignKeyChecks inside a transaction');
    await sql.raw(`pragma foreign_keys = ${on ? 'on' : 'off'}`).execute(this.db);
  }

  async existingValues(req: { table: string; column: string; values: readonly string[] }): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunks([...new Set(req.values)], IN_CHUNK)) {
      const rows = await this.any.selectFrom(checkName(req.table)).select(checkName(req.column)).where(req.column, 'in', part).execute();
      for (const r of rows) out.add(String(r[req.column]));
    }
    return out;
  }

  async exportUsers(req: { siteId: string; refs: readonly { table: string; column: string }[]; afterId?: string; limit: number }): Promise<Row[]> {
    let q = this.any.selectFrom('users').selectAll();
    if (req.afterId !== undefined) q = q.where('id', '>', req.afterId);
    q = q.where((eb) =>
      eb.or(
        req.refs.map((r) =>
          eb(
            'id',
            'in',
            eb.selectFrom(checkName(r.table)).select(checkName(r.column)).where('site_id', '=', req.siteId).where(checkName(r.column), 'is not', null),
          ),
        ),
      ),
    );
    return (await q.orderBy('id').limit(req.limit).execute()) as Row[];
  }

  async exportPage(req: { table: string; where: { column: string; op: '=' | 'in'; value: unknown }[]; orderBy: readonly string[]; after?: readonly unknown[]; limit: number }): Promise<Row[]> {
    let q = this.any.selectFrom(checkName(req.table)).selectAll();
    for (const w of req.where) q = q.where(checkName(w.column), w.op, w.value as never);
    if (req.after) {
      const cols = req.orderBy.map(checkName);
      const after = req.after;
      // Row-value comparison (a, b) > (x, y), spelled out so both databases use the index.
      q = q.where((eb) => {
        const ors = cols.map((col, i) => eb.and([...cols.slice(0, i).map((c, j) => eb(c, '=', after[j] as never)), eb(col, '>', after[i] as never)]));
        return eb.or(ors);
      });
    }
    for (const c of req.orderBy) q = q.orderBy(checkName(c));
    return (await q.limit(req.limit).execute()) as Row[];
  }
}
