// The command line, as an operator runs it: `node bin/parley.js import|export …` in a child
// process against SQLite and PostgreSQL. Exit codes, messages with positions (never a stack
// trace), plain progress lines when not on a terminal, and an import killed half-way that
// resumes when run again and ends exactly as an uninterrupted one.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { writeDisqusBenchExport } from '../../bench/import-data.js';
import { connect } from '../../src/store/connect.js';
import { databaseKinds, tempDir, type TestDatabase } from '../support/databases.js';
import { fixture, openImportEnv, rowsOf } from './support.js';

const kinds = await databaseKinds();
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function databaseUrl(db: TestDatabase): string {
  return db.config.kind === 'sqlite' ? `sqlite:${db.config.file}` : db.config.url;
}

function start(args: string[], env: Record<string, string>): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/parley.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', PARLEY_SEED_DEMO: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The invariants the comment services keep, checked over the whole site. */
async function checkCounters(db: Kysely<any>, siteId: string): Promise<void> {
  const comments = await rowsOf(db, 'comments', { site_id: siteId });
  const byId = new Map(comments.map((c) => [c.id, c]));
  const replies = new Map<unknown, number>();
  const below = new Map<unknown, number>();
  for (const c of comments) {
    if (c.visible !== 1) continue;
    if (c.parent_id) replies.set(c.parent_id, (replies.get(c.parent_id) ?? 0) + 1);
    if (c.root_id !== c.id) below.set(c.root_id, (below.get(c.root_id) ?? 0) + 1);
  }
  for (const c of comments) {
    expect(c.reply_count, String(c.id)).toBe(replies.get(c.id) ?? 0);
    if (c.root_id === c.id) expect(c.descendant_count).toBe(below.get(c.id) ?? 0);
    if (c.parent_id) expect(byId.get(c.parent_id)).toBeDefined();
  }
  for (const a of await rowsOf(db, 'articles', { site_id: siteId })) {
    expect(a.comment_count).toBe(comments.filter((c) => c.article_id === a.id && c.status === 'approved').length);
  }
}

describe.each(kinds)('parley import/export commands on $kind', ({ create }) => {
  let database: TestDatabase;
  let siteId: string;
  let env: Record<string, string>;
  let db: Kysely<any>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    database = await create();
    const setup = await openImportEnv({ ...database, drop: async () => {} });
    siteId = setup.site.id;
    await setup.close();
    env = { DATABASE_URL: databaseUrl(database), DATA_DIR: tempDir('parley-cli-data-') };
    const c = connect(database.config);
    db = c.db as Kysely<any>;
    close = () => c.close();
  });
  afterAll(async () => {
    await close?.();
    await database?.drop();
  });

  it('answers usage errors with exit code 2 and lists the command in --help', { timeout: 240_000 }, async () => {
    const help = await start(['--help'], env).done;
    expect(help.stdout).toMatch(/import FORMAT FILE/);
    expect(help.stdout).toMatch(/export --site SLUG FILE/);
    const bad = await start(['import', 'livefyre', 'x.xml'], env).done;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown format "livefyre" \(one of disqus, wordpress, isso, remark42, commento, parley\)/);
    const rule = await start(['import', 'disqus', fixture('disqus-gazette.xml'), '--map-url', 'nonsense'], env).done;
    expect(rule.code).toBe(2);
    expect(rule.stderr).toMatch(/--map-url expects OLD=NEW/);
    const missing = await start(['import', 'disqus', '/nonexistent/file.xml'], env).done;
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such file/);
  });

  it('names the position of malformed input, exits 1, and prints no stack trace', { timeout: 240_000 }, async () => {
    const file = path.join(tempDir(), 'bad.xml');
    fs.writeFileSync(file, '<?xml version="1.0"?>\n<disqus>\n  <thread dsq:id="1"><link>http://x.example/</link></thread>\n  <post dsq:id="2"><message>a</message></post\n</disqus>\n');
    const r = await start(['import', 'disqus', file, '--site', 'gazette'], env).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/parley: import disqus: bad\.xml: .*line \d+, column \d+/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const wrong = await start(['import', 'wordpress', fixture('disqus-gazette.xml')], env).done;
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/not a WordPress export.*use `parley import disqus`/);
  });

  it('dry-runs with a full report and plain progress lines, then imports and exports', { timeout: 240_000 }, async () => {
    const dry = await start(['import', 'disqus', fixture('disqus-gazette.xml'), '--dry-run', '--map-url', 'https://old.gazette.example/=https://www.gazette.example/'], env).done;
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^Dry run \(nothing was written\)/);
    expect(dry.stdout).toMatch(/comments: 12 to import/);
    expect(dry.stdout).toMatch(/dsq:1010 \(line \d+, column \d+\): invalid date/);
    // Not a terminal: whole lines, no carriage returns.
    expect(dry.stderr).toMatch(/^reading \(dry run\): .*\n/m);
    expect(dry.stderr).not.toMatch(/\r/);
    expect(await rowsOf(db, 'comments', { site_id: siteId })).toEqual([]);

    const real = await start(['import', 'disqus', fixture('disqus-gazette.xml')], env).done;
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toMatch(/Import finished: disqus file disqus-gazette\.xml into site gazette \(import [0-9A-Z]{26}\)/);
    expect(await rowsOf(db, 'comments', { site_id: siteId })).toHaveLength(12);

    const out = path.join(tempDir(), 'export.jsonl');
    const exp = await start(['export', '--site', 'gazette', out], env).done;
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stdout).toMatch(/12 comments/);
    expect(JSON.parse(fs.readFileSync(out, 'utf8').split('\n')[0]!)).toMatchObject({ format: 'parley-export', version: 1 });
    const xml = path.join(tempDir(), 'export.xml');
    expect((await start(['export', '--site', 'gazette', xml, '--format', 'disqus'], env).done).code).toBe(0);
    expect(fs.readFileSync(xml, 'utf8')).toMatch(/^<\?xml[\s\S]*<post dsq:id=[\s\S]*<\/disqus>\n$/);
    const noSite = await start(['export', '--site', 'nope', xml], env).done;
    expect(noSite.code).toBe(1);
    expect(noSite.stderr).toMatch(/no site "nope"/);
  });

  it('resumes an import killed while reading and again while writing, ending as one clean run', { timeout: 600_000 }, async () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.xml');
    const generated = await writeDisqusBenchExport({ file, comments: 12_000, perThread: 100, seed: 7 });
    const args = ['import', 'disqus', file, '--workers', '0'];

    // 1. Killed while reading: the scratch file holds a checkpoint.
    const first = start(args, env);
    const staged = await waitFor('a staging checkpoint', async () => {
      const [run] = await rowsOf(db, 'imports', { source: 'disqus', status: 'staging' });
      const scratch = run?.scratch_path as string | undefined;
      if (!scratch || !fs.existsSync(scratch)) return undefined;
      try {
        const s = new Database(scratch, { readonly: true, fileMustExist: true });
        try {
          const r = s.prepare("select value from meta where key = 'staged_records'").get() as { value: string } | undefined;
          return r && Number(r.value) > 0 ? Number(r.value) : undefined;
        } finally {
          s.close();
        }
      } catch {
        return undefined;
      }
    });
    expect(staged).toBeGreaterThan(0);
    first.child.kill('SIGKILL');
    await first.done;
    expect(await rowsOf(db, 'comments', { site_id: siteId })).toHaveLength(12);

    // 2. Resumed, then killed after some threads were written.
    const second = start(args, env);
    const partial = await waitFor('a written group', async () => {
      const [run] = await rowsOf(db, 'imports', { source: 'disqus', status: 'applying' });
      const cp = run ? (JSON.parse(String(run.checkpoint)) as { appliedThreadSeq?: number }) : {};
      return cp.appliedThreadSeq ? run : undefined;
    });
    second.child.kill('SIGKILL');
    await second.done;
    const written = (await rowsOf(db, 'comments', { site_id: siteId })).length - 12;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(generated.comments);

    // 3. Run again: it resumes and finishes.
    const third = await start(args, env).done;
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toMatch(new RegExp(`import ${String(partial.id)}\\), resumed`));
    const keys = await rowsOf(db, 'import_keys', { kind: 'comment', source: 'disqus' }, 'source_id');
    expect(keys).toHaveLength(12 + generated.comments);
    expect(new Set(keys.map((k) => k.target_id)).size).toBe(keys.length);
    expect(await rowsOf(db, 'comments', { site_id: siteId })).toHaveLength(12 + generated.comments);
    await checkCounters(db, siteId);
    const [run] = await rowsOf(db, 'imports', { id: partial.id });
    expect(run).toMatchObject({ status: 'done', error: null });
    expect(fs.existsSync(String(run!.scratch_path))).toBe(false);

    // 4. And once more: nothing changes.
    const fourth = await start(args, env).done;
    expect(fourth.stdout).toMatch(new RegExp(`comments: 0 imported, ${generated.comments} already present`));
  });
});
