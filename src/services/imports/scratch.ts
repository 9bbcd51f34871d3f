// The staging area of one import run: a private SQLite file next to the data (or in a temp
// directory for a dry run). Staging writes every record here first, with source keys as they
// are in the file; applying then reads it thread by thread, when every parent, thread and
// author is known, whatever order the file had them in. Nothing reaches the real database until
// the whole file has been read without a fatal error.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export interface StagedThread {
  seq: number;
  key: string;
  url: string | null;
  identifier: string | null;
  title: string | null;
  createdAt: string | null;
  closed: boolean;
  deleted: boolean;
  row: Record<string, unknown> | null;
  line: number | null;
}

export interface StagedAuthor {
  ref: number;
  key: string | null;
  email: string | null;
  username: string | null;
  name: string | null;
  url: string | null;
  row: Record<string, unknown> | null;
}

/** A staged comment without its body: what linking the thread needs. */
export interface StagedCommentNode {
  seq: number;
  key: string;
  parentKey: string | null;
  id: string;
  createdAt: string;
  status: string;
  authorRef: number | null;
  likes: number;
  dislikes: number;
  row: Record<string, unknown> | null;
  line: number | null;
  column: number | null;
  index: number | null;
}

export interface StagedBody {
  seq: number;
  bodyMarkdown: string;
  bodyHtml: string;
  rendererVersion: number;
}

const SCHEMA = `
create table if not exists meta (key text primary key, value text not null);
create table if not exists threads (
  seq integer primary key, key text not null unique, url text, identifier text, title text, created_at text,
  closed integer not null, deleted integer not null, row text, line integer, col integer, idx integer);
create table if not exists aliases (kind text not null, alias text not null, key text not null, primary key (kind, alias));
create table if not exists authors (
  ref integer primary key, email text, username text, name text, url text, row text, used integer not null default 0);
create index if not exists authors_email on authors(email);
create index if not exists authors_username on authors(username);
create index if not exists authors_name on authors(name);
create table if not exists author_keys (key text primary key, ref integer not null);
create table if not exists comments (
  seq integer primary key, key text not null unique, thread_key text not null, parent_key text,
  author_ref integer, author_key text, id text not null, created_at text not null, status text not null,
  body_md text not null, body_html text not null, renderer_version integer not null,
  likes integer not null, dislikes integer not null, row text, line integer, col integer, idx integer);
create index if not exists comments_thread on comments(thread_key, seq);
create table if not exists rows (seq integer primary key, tbl text not null, row text not null, line integer, idx integer);
create table if not exists skips (seq integer primary key, what text not null, key text, reason text not null, line integer, col integer, idx integer, list text);
create table if not exists notices (seq integer primary key, message text not null, line integer, col integer);
`;

/** Bodies read by one statement. */
const BODIES_PER_QUERY = 200;

/** Authors remembered in memory while staging (a bound, so memory stays flat on any file). */
const AUTHOR_CACHE = 50_000;

/** What is known of a staged author found by email or by name alone. */
interface CachedAuthor {
  ref: number;
  hasUsername: boolean;
  hasUrl: boolean;
}

export class Scratch {
  readonly db: Database.Database;
  private readonly stmts: Record<string, Database.Statement>;
  // The answers of resolveAuthor for an email, and for a name without email or username. They
  // stay right while staging: a later author never gets a lower ref, and an email or a lone name
  // once staged always finds that same author first.
  private readonly byEmail = new Map<string, CachedAuthor>();
  private readonly byName = new Map<string, CachedAuthor>();

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    // A scratch file is rebuilt from the source if it is ever lost: speed over durability.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -8000');
    this.db.pragma('temp_store = FILE');
    this.db.exec(SCHEMA);
    const p = (s: string) => this.db.prepare(s);
    this.stmts = {
      getMeta: p('select value from meta where key = ?'),
      setMeta: p('insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value'),
      thread: p(`insert into threads (key, url, identifier, title, created_at, closed, deleted, row, line, col, idx)
                 values (@key, @url, @identifier, @title, @createdAt, @closed, @deleted, @row, @line, @col, @idx) on conflict (key) do nothing`),
      alias: p('insert into aliases (kind, alias, key) values (?, ?, ?) on conflict (kind, alias) do nothing'),
      authorByEmail: p('select ref, email, username, url from authors where email = ? order by ref limit 1'),
      authorByUsername: p('select ref, email, username from authors where username = ? order by ref limit 1'),
      authorByName: p('select ref, url from authors where email is null and username is null and name = ? order by ref limit 1'),
      authorInsert: p('insert into authors (email, username, name, url, row) values (?, ?, ?, ?, ?)'),
      authorFill: p('update authors set email = coalesce(email, ?), username = coalesce(username, ?), url = coalesce(url, ?) where ref = ?'),
      authorKey: p('insert into author_keys (key, ref) values (?, ?) on conflict (key) do nothing'),
      authorKeyGet: p('select ref from author_keys where key = ?'),
      comment: p(`insert into comments (key, thread_key, parent_key, author_ref, author_key, id, created_at, status, body_md, body_html,
                  renderer_version, likes, dislikes, row, line, col, idx)
                  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (key) do nothing`),
      commentExists: p('select line, idx from comments where key = ?'),
      row: p('insert into rows (tbl, row, line, idx) values (?, ?, ?, ?)'),
      skip: p('insert into skips (what, key, reason, line, col, idx, list) values (?, ?, ?, ?, ?, ?, ?)'),
      notice: p('insert into notices (message, line, col) values (?, ?, ?)'),
      threadsPage: p('select * from threads where seq > ? order by seq limit 500'),
      // Rows as arrays (raw): for the two queries the writing runs per comment, building an
      // object per row cost about as much as SQLite's own work (4.2 against 2.3 µs a row).
      threadComments: p('select seq, key, parent_key, id, created_at, status, author_ref, likes, dislikes, row, line, col, idx from comments where thread_key = ? order by seq').raw(true),
      countComments: p('select count(*) as n from comments where thread_key = ?'),
      bodies: p(`select seq, body_md, body_html, renderer_version from comments where seq in (${Array.from({ length: BODIES_PER_QUERY }, () => '?').join(',')})`).raw(true),
    };
  }

  private s(name: string): Database.Statement {
    return this.stmts[name]!;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getMeta(key: string): string | undefined {
    return (this.s('getMeta').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.s('setMeta').run(key, value);
  }

  addThread(t: { key: string; url: string | null; identifier: string | null; title: string | null; createdAt: string | null; closed: boolean; deleted: boolean; row: unknown; line?: number | undefined; col?: number | undefined; idx?: number | undefined }): boolean {
    const r = this.s('thread').run({
      key: t.key,
      url: t.url,
      identifier: t.identifier,
      title: t.title,
      createdAt: t.createdAt,
      closed: t.closed ? 1 : 0,
      deleted: t.deleted ? 1 : 0,
      row: t.row === undefined || t.row === null ? null : JSON.stringify(t.row),
      line: t.line ?? null,
      col: t.col ?? null,
      idx: t.idx ?? null,
    });
    return r.changes > 0;
  }

  addAlias(kind: 'thread' | 'comment', alias: string, key: string): void {
    if (alias !== key) this.s('alias').run(kind, alias, key);
  }

  /**
   * The author reference for these details: an author already staged with the same email, or
   * (when neither has a different email) the same username, or, for authors known only by
   * name, the same name. Otherwise a new one.
   */
  resolveAuthor(a: { email: string | null; username: string | null; name: string | null; url: string | null; row?: unknown; key?: string | null }): number {
    if (a.key) {
      const known = this.s('authorKeyGet').get(a.key) as { ref: number } | undefined;
      if (known) return known.ref;
    }
    const plain = !a.key && (a.row === undefined || a.row === null);
    if (plain) {
      // Known already: only details it lacks need writing.
      const cached = a.email ? this.byEmail.get(a.email) : !a.username && a.name ? this.byName.get(a.name) : undefined;
      if (cached) {
        if ((a.username && !cached.hasUsername) || (a.url && !cached.hasUrl)) {
          this.s('authorFill').run(a.email, a.username, a.url, cached.ref);
          cached.hasUsername ||= Boolean(a.username);
          cached.hasUrl ||= Boolean(a.url);
        }
        return cached.ref;
      }
    }
    let ref: number | undefined;
    let found: { ref: number; email?: string | null; username?: string | null; url: string | null } | undefined;
    if (a.email) {
      const hit = this.s('authorByEmail').get(a.email) as { ref: number; email: string; username: string | null; url: string | null } | undefined;
      if (hit) {
        ref = hit.ref;
        found = hit;
      }
    }
    if (ref === undefined && a.username) {
      const hit = this.s('authorByUsername').get(a.username) as { ref: number; email: string | null } | undefined;
      if (hit && (hit.email === null || a.email === null)) ref = hit.ref;
    }
    if (ref === undefined && !a.email && !a.username && a.name && !a.row) {
      const hit = this.s('authorByName').get(a.name) as { ref: number; url: string | null } | undefined;
      if (hit) {
        ref = hit.ref;
        found = hit;
      }
    }
    if (ref !== undefined) {
      this.s('authorFill').run(a.email, a.username, a.url, ref);
    } else {
      const r = this.s('authorInsert').run(a.email, a.username, a.name, a.url, a.row === undefined || a.row === null ? null : JSON.stringify(a.row));
      ref = Number(r.lastInsertRowid);
      found = { ref, username: a.username, url: a.url };
    }
    if (a.key) this.s('authorKey').run(a.key, ref);
    else if (plain && found) this.remember(a, { ref, hasUsername: Boolean(found.username ?? a.username), hasUrl: Boolean(found.url ?? a.url) });
    return ref;
  }

  private remember(a: { email: string | null; username: string | null; name: string | null }, author: CachedAuthor): void {
    const map = a.email ? this.byEmail : !a.username && a.name ? this.byName : null;
    if (!map) return;
    if (map.size >= AUTHOR_CACHE) map.clear();
    // A copy of the key: the one given may be a slice of a whole chunk of the file, which
    // keeping it would keep in memory too.
    map.set(Buffer.from((a.email ?? a.name)!, 'utf8').toString('utf8'), author);
  }

  /** Where a comment with this key was staged, when it already was. */
  findComment(key: string): { line: number | null; idx: number | null } | undefined {
    return this.s('commentExists').get(key) as { line: number | null; idx: number | null } | undefined;
  }

  addComment(c: {
    key: string;
    threadKey: string;
    parentKey: string | null;
    authorRef: number | null;
    authorKey: string | null;
    id: string;
    createdAt: string;
    status: string;
    bodyMd: string;
    bodyHtml: string;
    rendererVersion: number;
    likes: number;
    dislikes: number;
    row: unknown;
    line?: number | undefined;
    col?: number | undefined;
    idx?: number | undefined;
  }): boolean {
    const r = this.s('comment').run(
      c.key,
      c.threadKey,
      c.parentKey,
      c.authorRef,
      c.authorKey,
      c.id,
      c.createdAt,
      c.status,
      c.bodyMd,
      c.bodyHtml,
      c.rendererVersion,
      c.likes,
      c.dislikes,
      c.row === undefined || c.row === null ? null : JSON.stringify(c.row),
      c.line ?? null,
      c.col ?? null,
      c.idx ?? null,
    );
    return r.changes > 0;
  }

  addRow(table: string, row: unknown, line: number | null, idx: number | null): void {
    this.s('row').run(table, JSON.stringify(row), line, idx);
  }

  addSkip(s: { what: string; key: string | null; reason: string; line?: number | undefined; col?: number | undefined; idx?: number | undefined; list?: string | undefined }): void {
    this.s('skip').run(s.what, s.key, s.reason, s.line ?? null, s.col ?? null, s.idx ?? null, s.list ?? null);
  }

  addNotice(message: string, line?: number, col?: number): void {
    this.s('notice').run(message, line ?? null, col ?? null);
  }

  /**
   * Once the whole file is staged (and once only: it marks staging done in the same
   * transaction): resolves aliases (threads and parents named another way)
   * and author keys, and lists comments whose thread does not exist as skipped.
   */
  finishStaging(): void {
    this.transaction(() => {
      this.db.exec(`
        update comments set thread_key = (select key from aliases a where a.kind = 'thread' and a.alias = comments.thread_key)
          where thread_key not in (select key from threads) and thread_key in (select alias from aliases where kind = 'thread');
        update comments set parent_key = (select key from aliases a where a.kind = 'comment' and a.alias = comments.parent_key)
          where parent_key is not null and parent_key not in (select key from comments)
            and parent_key in (select alias from aliases where kind = 'comment');
        update comments set author_ref = (select ref from author_keys k where k.key = comments.author_key)
          where author_ref is null and author_key is not null;
      `);
      // Comments whose author is not in the file (or has no details at all) are by "Anonymous".
      if (this.count('select count(*) from comments where author_ref is null') > 0) {
        const anonymous = this.resolveAuthor({ email: null, username: null, name: 'Anonymous', url: null });
        this.db.prepare('update comments set author_ref = ? where author_ref is null').run(anonymous);
      }
      const orphans = this.db
        .prepare('select key, thread_key, line, col, idx from comments where thread_key not in (select key from threads) order by seq')
        .all() as { key: string; thread_key: string; line: number | null; col: number | null; idx: number | null }[];
      for (const o of orphans) {
        this.addSkip({ what: 'comment', key: o.key, reason: `its thread ${o.thread_key} is not in the file`, line: o.line ?? undefined, col: o.col ?? undefined, idx: o.idx ?? undefined });
      }
      // Authors with at least one comment in a thread that will be written (one pass).
      this.db.exec(`update authors set used = 1 where ref in
        (select distinct c.author_ref from comments c join threads t on t.key = c.thread_key where t.deleted = 0)`);
      this.setMeta('staging_done', 'yes');
    });
  }

  count(sqlText: string, ...params: unknown[]): number {
    const r = this.db.prepare(sqlText).get(...params) as Record<string, number>;
    return Number(Object.values(r)[0] ?? 0);
  }

  /** Threads after `afterSeq`, in file order (read a page at a time: no open cursor). */
  *threads(afterSeq: number): Generator<StagedThread> {
    let after = afterSeq;
    for (;;) {
      const rows = this.s('threadsPage').all(after) as Record<string, unknown>[];
      if (rows.length === 0) return;
      for (const r of rows) {
        after = Number(r.seq);
        yield {
          seq: Number(r.seq),
          key: String(r.key),
          url: (r.url as string | null) ?? null,
          identifier: (r.identifier as string | null) ?? null,
          title: (r.title as string | null) ?? null,
          createdAt: (r.created_at as string | null) ?? null,
          closed: Number(r.closed) === 1,
          deleted: Number(r.deleted) === 1,
          row: r.row ? (JSON.parse(String(r.row)) as Record<string, unknown>) : null,
          line: (r.line as number | null) ?? null,
        };
      }
    }
  }

  countAuthorsToApply(all: boolean): number {
    return this.count(all ? 'select count(*) from authors' : 'select count(*) from authors where used = 1');
  }

  countComments(threadKey: string): number {
    return Number((this.s('countComments').get(threadKey) as { n: number }).n);
  }

  threadComments(threadKey: string): StagedCommentNode[] {
    const rows = this.s('threadComments').all(threadKey) as unknown[][];
    return rows.map(([seq, key, parentKey, id, createdAt, status, authorRef, likes, dislikes, row, line, col, idx]) => ({
      seq: Number(seq),
      key: String(key),
      parentKey: (parentKey as string | null) ?? null,
      id: String(id),
      createdAt: String(createdAt),
      status: String(status),
      authorRef: authorRef === null ? null : Number(authorRef),
      likes: Number(likes),
      dislikes: Number(dislikes),
      row: row ? (JSON.parse(String(row)) as Record<string, unknown>) : null,
      line: (line as number | null) ?? null,
      column: (col as number | null) ?? null,
      index: (idx as number | null) ?? null,
    }));
  }

  bodies(seqs: readonly number[]): Map<number, StagedBody> {
    const out = new Map<number, StagedBody>();
    // (Statements prepared per call hold native memory until the garbage collector finalizes
    // them, which it does late: one is prepared once, and shorter lists are padded with -1, which
    // is no seq.)
    for (let i = 0; i < seqs.length; i += BODIES_PER_QUERY) {
      const part = seqs.slice(i, i + BODIES_PER_QUERY);
      while (part.length < BODIES_PER_QUERY) part.push(-1);
      const rows = this.s('bodies').all(...part) as unknown[][];
      for (const [seq, md, html, version] of rows) out.set(Number(seq), { seq: Number(seq), bodyMarkdown: String(md), bodyHtml: String(html), rendererVersion: Number(version) });
    }
    return out;
  }

  /** Authors referenced by comments of threads that will be applied (all of them for `all`). */
  *authorsToApply(all: boolean): Generator<StagedAuthor> {
    const filter = all ? '' : 'and used = 1';
    const stmt = this.db.prepare(`select a.*, (select min(key) from author_keys k where k.ref = a.ref) as akey from authors a where ref > ? ${filter} order by ref limit 500`);
    let after = 0;
    for (;;) {
      const rows = stmt.all(after) as Record<string, unknown>[];
      if (rows.length === 0) return;
      for (const r of rows) {
        after = Number(r.ref);
        yield {
          ref: Number(r.ref),
          key: (r.akey as string | null) ?? null,
          email: (r.email as string | null) ?? null,
          username: (r.username as string | null) ?? null,
          name: (r.name as string | null) ?? null,
          url: (r.url as string | null) ?? null,
          row: r.row ? (JSON.parse(String(r.row)) as Record<string, unknown>) : null,
        };
      }
    }
  }

  *rowsAfter(afterSeq: number): Generator<{ seq: number; table: string; row: Record<string, unknown>; line: number | null; idx: number | null }> {
    let after = afterSeq;
    for (;;) {
      const rows = this.db.prepare('select * from rows where seq > ? order by seq limit 1000').all(after) as Record<string, unknown>[];
      if (rows.length === 0) return;
      for (const r of rows) {
        after = Number(r.seq);
        yield { seq: Number(r.seq), table: String(r.tbl), row: JSON.parse(String(r.row)) as Record<string, unknown>, line: (r.line as number | null) ?? null, idx: (r.idx as number | null) ?? null };
      }
    }
  }

  skips(limit: number): { what: string; key: string | null; reason: string; line: number | null; col: number | null; idx: number | null; list: string | null }[] {
    return this.db.prepare('select what, key, reason, line, col, idx, list from skips order by seq limit ?').all(limit) as never;
  }

  notices(limit: number): { message: string; line: number | null; col: number | null }[] {
    return this.db.prepare('select message, line, col from notices order by seq limit ?').all(limit) as never;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Closes and deletes the file (with its WAL). */
  destroy(): void {
    this.close();
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(this.file + suffix, { force: true });
  }
}
