// `parley import FORMAT FILE`: one import run, from file to database.
//
//   1. staging: the importer streams the file; bodies are converted and rendered (in worker
//      threads) and every record goes to a scratch SQLite file, batch by batch, with a
//      checkpoint. A fatal error (malformed or wrong file) stops here: nothing has reached the
//      database.
//   2. applying: authors, then threads in groups, each group one transaction with the run's
//      checkpoint (apply.ts); for a Parley export, then its other rows (rows.ts).
//
// A run that stopped (crash, Ctrl-C, database error) is resumed by running the same command
// again: staging skips what it already staged, applying continues after the last group. A dry
// run does all of it against a temporary scratch file and writes nothing to the database.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { AppError } from '../../domain/errors.js';
import type { Site } from '../../domain/types.js';
import { readParleyHeader } from '../../importers/parley.js';
import { ImportFileError, type ImportFormat } from '../../importers/types.js';
import type { ImportRun } from '../../store/imports/store.js';
import type { ServiceDeps } from '../deps.js';
import { applyAuthors } from './authors.js';
import { applyThreads } from './apply.js';
import type { ApplyContext } from './context.js';
import { createReader, type RecordReader } from './reader.js';
import { defaultWorkerCount } from './render-pool.js';
import { addEntry, emptyReport, type ImportReport } from './report.js';
import { applyRows } from './rows.js';
import { Scratch } from './scratch.js';
import { stageRecords } from './stage.js';
import { silentProgress, type ProgressSink } from './progress.js';
import { restoreSite } from './site.js';
import type { UrlRule } from './url-map.js';

export interface ImportOptions {
  format: ImportFormat;
  file: string;
  /** Site slug; optional when the database has exactly one site (or, for a Parley export, none). */
  site?: string;
  dryRun?: boolean;
  urlRules?: readonly UrlRule[];
  /** Where scratch files live (DATA_DIR/imports). */
  scratchDir: string;
  /** Worker threads (the first reads the file, others convert bodies); default: one per spare core (max 3). */
  workers?: number;
  /**
   * `parley import --bulk`: on SQLite, write in one transaction with the scattered indexes built
   * again at the end (see ApplyOptions.bulk). Several times faster, but a running server's
   * writes wait for that commit, so it is for a site not yet taking comments. Off by default.
   */
  bulk?: boolean;
  /** With `bulk`, only from this many comments on, and when they are at least a tenth of the comments already in the database. Default 50,000. */
  bulkFrom?: number;
  progress?: ProgressSink;
}

/** Comments from which an import writes in bulk (see ImportOptions.bulkFrom). */
const BULK_FROM = 50_000;

export class ImportError extends Error {
  override name = 'ImportError';
}

/** A cheap fingerprint: size, and hashes of the first and last megabyte. */
export function fingerprintFile(file: string): { size: number; fingerprint: string } {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r');
  try {
    const hash = createHash('sha256');
    hash.update(String(size));
    const n = Math.min(size, 1 << 20);
    const head = Buffer.alloc(n);
    fs.readSync(fd, head, 0, n, 0);
    hash.update(head);
    if (size > n) {
      const tail = Buffer.alloc(Math.min(size - n, 1 << 20));
      fs.readSync(fd, tail, 0, tail.length, size - tail.length);
      hash.update(tail);
    }
    return { size, fingerprint: hash.digest('hex').slice(0, 32) };
  } finally {
    fs.closeSync(fd);
  }
}

async function findSite(deps: ServiceDeps, opts: ImportOptions): Promise<Site> {
  if (opts.format === 'parley') {
    const header = await readParleyHeader(opts.file);
    return restoreSite(deps, { header, slug: opts.site, dryRun: opts.dryRun ?? false });
  }
  if (opts.site) {
    const site = await deps.store.getSiteBySlug({ slug: opts.site });
    if (!site) throw new ImportError(`no site "${opts.site}" (sites: ${(await deps.store.listSites()).map((s) => s.slug).join(', ') || 'none'})`);
    return site;
  }
  const sites = await deps.store.listSites();
  if (sites.length === 1) return sites[0]!;
  if (sites.length === 0) throw new ImportError('the database has no site yet: start the server once (it creates one) or import a Parley export first');
  throw new ImportError(`the database has several sites; choose one with --site (${sites.map((s) => s.slug).join(', ')})`);
}

/**
 * How far V8 lets the old generation grow past what survived its last full collection, while an
 * import writes (percent). Left to itself it picks a factor of up to 4 when a program allocates
 * fast, and the writing allocates every comment's row only to drop it: at 1,000,000 comments the
 * main thread's heap reached 177 MB with about 35 MB live, and the process 302 MB. At 50 % it
 * stayed under 100 MB, at no cost in speed that the runs could show (bench/README.md). The
 * setting is the process's, so it is put back afterwards; the reading keeps V8's own (its worker
 * collects more often with a tighter limit).
 */
const WRITING_HEAP_GROWING_PERCENT = 50;

/** Sets V8's heap growing percent (0: its own choice); a Node that refuses only costs memory. */
function heapGrowingPercent(percent: number): void {
  try {
    v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  } catch {
    // Nothing to do: the import works the same, with V8's own factor.
  }
}

/**
 * One full collection now, so that the limit V8 computes from it follows the setting above at
 * once, not only after the writing's first collection: until then the limit left by the reading
 * holds (V8 picks up to four times the live heap). In one of six runs the heap reached 119 MB in
 * the writing's first seconds; with this, at most 97 MB in three. Node offers `gc` to contexts
 * made after `--expose-gc` is set; where that fails, nothing happens.
 */
function collectGarbage(): void {
  try {
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)();
  } catch {
    // The first collection of the writing comes later, that is all.
  }
}

export async function runImport(deps: ServiceDeps, opts: ImportOptions): Promise<ImportReport> {
  try {
    return await importFile(deps, opts);
  } finally {
    heapGrowingPercent(0);
  }
}

async function importFile(deps: ServiceDeps, opts: ImportOptions): Promise<ImportReport> {
  const { store, clock, newId } = deps;
  const dryRun = opts.dryRun ?? false;
  const progress = opts.progress ?? silentProgress;
  if (!fs.existsSync(opts.file)) throw new ImportError(`no such file: ${opts.file}`);
  if (!fs.statSync(opts.file).isFile()) throw new ImportError(`not a file: ${opts.file}`);
  const site = await findSite(deps, opts);
  const { size, fingerprint } = fingerprintFile(opts.file);
  const started = clock();
  const report = emptyReport({ source: opts.format, file: path.basename(opts.file), site: site.slug, dryRun });

  // The run: resumed when the same file's run did not finish, else a new one.
  let run: ImportRun;
  const nowIso = () => clock().toISOString();
  if (dryRun) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-import-dry-'));
    run = newRun({ id: newId(), site, opts, size, fingerprint, scratchPath: path.join(dir, 'scratch.sqlite'), now: nowIso() });
  } else {
    const open = await store.imports.findOpenRun({ siteId: site.id, source: opts.format });
    if (open && open.fingerprint === fingerprint && open.scratchPath && fs.existsSync(open.scratchPath)) {
      run = open;
      report.resumed = true;
    } else {
      if (open) {
        // Another file's unfinished run: whatever it applied stays (keyed, so never duplicated).
        await store.imports.updateRun({ id: open.id, set: { status: 'abandoned', updatedAt: nowIso() } });
        if (open.scratchPath) removeScratch(open.scratchPath);
      }
      const id = newId();
      run = newRun({ id, site, opts, size, fingerprint, scratchPath: path.join(opts.scratchDir, `${id}.sqlite`), now: nowIso() });
      await store.imports.createRun(run);
    }
  }
  report.importId = dryRun ? null : run.id;
  const scratch = new Scratch(run.scratchPath!);
  // Workers pay off from a few megabytes on; starting one costs about a second.
  const workers = opts.workers ?? (size > 4_000_000 ? defaultWorkerCount() : 0);
  let reader: RecordReader | null = null;
  try {
    // --- 1. Staging ---------------------------------------------------------------------------
    if (scratch.getMeta('staging_done') !== 'yes') {
      const resumeFrom = Number(scratch.getMeta('staged_records') ?? '0');
      progress.start(dryRun ? 'reading (dry run)' : 'reading', 'bytes', size);
      let bytesRead = 0;
      let records = 0;
      try {
        reader = createReader({ format: opts.format, file: opts.file, workers, onBytes: (b) => (bytesRead = b) });
        const total = await stageRecords(
          {
            scratch,
            newId,
            converter: reader.converter,
            resumeFrom,
            onRecords: (n) => {
              records = n;
              progress.update(bytesRead, `${records.toLocaleString('en-US')} records`);
            },
          },
          reader.batches,
        );
        await reader.close();
        reader = null;
        scratch.setMeta('records', String(total));
        scratch.finishStaging();
        progress.update(size, `${total.toLocaleString('en-US')} records`);
        progress.finish();
      } catch (err) {
        progress.finish();
        await reader?.close();
        reader = null;
        if (!dryRun) await store.imports.updateRun({ id: run.id, set: { status: 'failed', error: errorText(err), updatedAt: nowIso() } });
        throw err;
      }
      if (!dryRun) await store.imports.updateRun({ id: run.id, set: { status: 'applying', checkpoint: { ...run.checkpoint, staged: true }, updatedAt: nowIso() } });
    }
    report.records = Number(scratch.getMeta('records') ?? '0');

    // --- 2. Applying --------------------------------------------------------------------------
    heapGrowingPercent(WRITING_HEAP_GROWING_PERCENT);
    collectGarbage();
    const ctx: ApplyContext = {
      store,
      scratch,
      site,
      source: opts.format,
      importId: run.id,
      dryRun,
      now: clock(),
      newId,
      urlRules: opts.urlRules ?? [],
      report,
      authors: new Map(),
      columns: new Map(),
    };
    const all = opts.format === 'parley';
    progress.start(dryRun ? 'authors (dry run)' : 'authors', 'authors', scratch.countAuthorsToApply(all));
    await applyAuthors(ctx, { all, onProgress: (n) => progress.update(n) });
    progress.finish();
    const totalComments = scratch.count('select count(*) from comments c join threads t on t.key = c.thread_key where t.deleted = 0');
    progress.start(dryRun ? 'checking (dry run)' : 'writing', 'comments', totalComments);
    const checkpoint = { ...run.checkpoint } as { appliedThreadSeq?: number; appliedRowSeq?: number };
    const bulk = opts.bulk === true && !dryRun && store.dialect === 'sqlite' && totalComments >= (opts.bulkFrom ?? BULK_FROM) && totalComments * 10 >= (await store.imports.countRows({ table: 'comments' }));
    await applyThreads(ctx, {
      bulk,
      afterSeq: checkpoint.appliedThreadSeq ?? 0,
      checkpoint: async (tx, seq) => {
        checkpoint.appliedThreadSeq = seq;
        await tx.imports.updateRun({ id: run.id, set: { checkpoint: { ...checkpoint, staged: true }, updatedAt: nowIso() } });
      },
      onProgress: (n) => progress.update(n),
    });
    progress.finish();
    if (opts.format === 'parley') {
      await applyRows(ctx, {
        afterSeq: checkpoint.appliedRowSeq ?? 0,
        checkpoint: async (tx, seq) => {
          checkpoint.appliedRowSeq = seq;
          await tx.imports.updateRun({ id: run.id, set: { checkpoint: { ...checkpoint, staged: true }, updatedAt: nowIso() } });
        },
      });
    }

    // --- Report -------------------------------------------------------------------------------
    const skips = scratch.skips(1000);
    report.comments.skipped += scratch.count("select count(*) from skips where what in ('comment', 'post')");
    report.rows.skipped += scratch.count("select count(*) from skips where what = 'row'");
    for (const s of skips) {
      const position = { ...(s.line !== null ? { line: s.line } : {}), ...(s.col !== null ? { column: s.col } : {}), ...(s.idx !== null ? { index: s.idx } : {}), ...(s.list ? { list: s.list } : {}) };
      addEntry(report.skipped, { what: s.what, key: s.key, reason: s.reason, position });
    }
    for (const n of scratch.notices(200)) report.notices.push(n.line !== null ? `line ${n.line}: ${n.message}` : n.message);
    const seconds = (clock().getTime() - started.getTime()) / 1000;
    report.seconds = seconds;
    report.commentsPerSecond = seconds > 0 ? report.comments.staged / seconds : 0;
    if (!dryRun) {
      await store.imports.updateRun({ id: run.id, set: { status: 'done', report: report as unknown as Record<string, unknown>, error: null, updatedAt: nowIso(), finishedAt: nowIso() } });
    }
    return report;
  } catch (err) {
    if (!dryRun && !(err instanceof ImportFileError)) {
      await store.imports.updateRun({ id: run.id, set: { error: errorText(err), updatedAt: nowIso() } }).catch(() => {});
    }
    throw err;
  } finally {
    await (reader as RecordReader | null)?.close();
    const done = dryRun || (await store.imports.getRun({ id: run.id }))?.status === 'done';
    if (done) {
      scratch.destroy();
      if (dryRun) fs.rmSync(path.dirname(run.scratchPath!), { recursive: true, force: true });
    } else scratch.close();
  }
}

function newRun(a: { id: string; site: Site; opts: ImportOptions; size: number; fingerprint: string; scratchPath: string; now: string }): ImportRun {
  return {
    id: a.id,
    siteId: a.site.id,
    source: a.opts.format,
    fileName: path.basename(a.opts.file),
    fileSize: a.size,
    fingerprint: a.fingerprint,
    status: 'staging',
    scratchPath: a.scratchPath,
    options: { urlRules: a.opts.urlRules ?? [] },
    checkpoint: {},
    report: null,
    error: null,
    createdAt: a.now,
    updatedAt: a.now,
    finishedAt: null,
  };
}

function removeScratch(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}

function errorText(err: unknown): string {
  if (err instanceof AppError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
