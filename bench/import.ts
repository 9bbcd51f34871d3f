// Import benchmark: generates a Disqus export (1,000,000 comments by default) streamed to a temp
// file (in a child process), imports it into a fresh database in this process, and reports
// comments per second (per phase and overall), CPU time per comment (all threads of this
// process) and the process's peak RSS (worker threads included). Ends with one
// `BENCH_RESULT {json}` line per size for whoever collects the figures.
//
//   npx tsx bench/import.ts [--comments N[,N2…]] [--db sqlite|postgres] [--workers N] [--grouped] [--keep] [--interleave K]
//
// --interleave K: K threads open at once in the file, each post from one of them at random (an
// export sorted by time spreads a thread's posts over the file); by default thread by thread.
//
// Several sizes (--comments 100000,1000000) show whether memory stays flat as the file grows.
// PostgreSQL uses PARLEY_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres)
// to create and drop a scratch database.
//
// Figures (2026-11-29, AMD EPYC, 2 cores, 24 GB, Node 20.20, one worker; the machine was
// shared, so comments/s is noisy and CPU µs per comment is the steadier figure):
//
//   | run                                  | comments/s | CPU µs/comment | peak RSS | load (1 min) |
//   |--------------------------------------|-----------:|---------------:|---------:|-------------:|
//   | SQLite 100k, before issue 6 part 4   |      1,636 |            441 |   307 MB |          3–9 |
//   | SQLite 100k, part 4 first pass       |      4,133 |            256 |   289 MB |          3–9 |
//   | SQLite 1M, before (issue)            |        628 |            363 |   296 MB |          3–9 |
//   | SQLite 1M, part 4 first pass         |      2,939 |            277 |   316 MB |          3–9 |
//   | SQLite 100k, fa25352, same sitting   | 3,178–5,575|        194–211 |295–313 MB|          5–6 |
//   | SQLite 100k, import-speed, same      | 4,039–9,027|        155–178 |248–256 MB|          5–6 |
//   | SQLite 300k, import-speed            | 9,029–9,885|        139–153 |263–288 MB|      1.1–2.2 |
//   | SQLite 1M, import-speed              |      8,610 |            147 |   332 MB |      1.4–1.9 |
//   | SQLite 1M, import-speed, loaded      |      4,575 |            184 |   294 MB |          4–5 |
//   | PostgreSQL 100k, part 4 first pass   |      1,255 |            224 |   276 MB |       (busy) |
//   | PostgreSQL 100k, import-speed        |      3,757 |            162 |   251 MB |          1.9 |
//
// Later figures (same-sitting comparisons, phases, the 1M runs): bench/README.md, "Import".
//
// The 1M import-speed run: reading 44 s (77 µs CPU per comment over both threads), authors 4.5 s,
// writing 67 s (66 µs). The latest (2026-11-29, late evening, another machine of the same kind):
// 1M in 33.8-41.8 s, median 26,500 comments/s, peak RSS 260-278 MB, within the budget
// (>= 20,000/s, < 300 MB); see docs/import-export.md, "Performance".
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createUlidGenerator } from '../src/domain/ids.js';
import { DEFAULT_SITE_SETTINGS } from '../src/domain/types.js';
import { createMemoryBus } from '../src/realtime/bus.js';
import { defaultWorkerCount } from '../src/services/imports/render-pool.js';
import { runImport } from '../src/services/imports/runImport.js';
import type { ProgressSink } from '../src/services/imports/progress.js';
import { connect, migrateToLatest } from '../src/store/connect.js';
import { KyselyStore } from '../src/store/kysely-store.js';
import { createPostgresDatabase, createSqliteDatabase } from '../tests/support/databases.js';
import type { GeneratedExport } from './import-data.js';

const { values } = parseArgs({
  options: {
    comments: { type: 'string', default: '1000000' },
    db: { type: 'string', default: 'sqlite' },
    workers: { type: 'string' },
    grouped: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    interleave: { type: 'string', default: '1' },
  },
});

/** Peak RSS, sampled (maxRSS of the process is the high-water mark since it started). */
function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

interface PhaseTimes {
  [phase: string]: number;
}

function timingProgress(times: PhaseTimes, cpuTimes: PhaseTimes): ProgressSink {
  let phase = '';
  let start = 0;
  let cpuStart = process.cpuUsage();
  let lastLog = 0;
  return {
    start(p) {
      phase = p;
      start = performance.now();
      cpuStart = process.cpuUsage();
    },
    update(done, extra) {
      const now = performance.now();
      if (now - lastLog > 10_000) {
        lastLog = now;
        console.log(`  … ${phase}: ${Math.round(done).toLocaleString('en-US')}${extra ? ` (${extra})` : ''}, RSS now ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB (heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} of ${(process.memoryUsage().heapTotal / 1048576).toFixed(0)}, external ${(process.memoryUsage().external / 1048576).toFixed(0)})`);
      }
    },
    finish() {
      times[phase] = (times[phase] ?? 0) + (performance.now() - start) / 1000;
      const c = process.cpuUsage(cpuStart);
      cpuTimes[phase] = (cpuTimes[phase] ?? 0) + (c.user + c.system) / 1e6;
    },
  };
}

async function runOnce(comments: number): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-import-'));
  const file = path.join(dir, 'disqus.xml');
  const t0 = performance.now();
  // In a child process, so that this process's peak RSS is the import's alone.
  const gen = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', new URL('./import-data.ts', import.meta.url).pathname, '--file', file, '--comments', String(comments), '--interleave', values.interleave], { encoding: 'utf8' }),
  ) as GeneratedExport;
  const genSeconds = (performance.now() - t0) / 1000;
  console.log(`generated ${gen.comments.toLocaleString('en-US')} comments in ${gen.threads} threads: ${(gen.bytes / 1e6).toFixed(0)} MB in ${genSeconds.toFixed(1)} s`);

  const database = values.db === 'postgres' ? await createPostgresDatabase() : await createSqliteDatabase();
  const connection = connect(database.config);
  await migrateToLatest(connection.db);
  const store = new KyselyStore(connection.db, connection.dialect);
  const newId = createUlidGenerator();
  const deps = { store, clock: () => new Date(), newId, events: createMemoryBus() };
  await store.createSite({ id: newId(), slug: 'bench', name: 'Bench', publicUrl: 'https://www.bench.example', settings: DEFAULT_SITE_SETTINGS, createdAt: new Date().toISOString() });
  const times: PhaseTimes = {};
  const cpuTimes: PhaseTimes = {};
  const workers = values.workers === undefined ? defaultWorkerCount() : Number(values.workers);
  const rssBefore = peakRssMb();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const report = await runImport(deps, {
    format: 'disqus',
    file,
    site: 'bench',
    scratchDir: path.join(dir, 'scratch'),
    workers,
    // A first import into an empty site, as `parley import --bulk` does it (--grouped: without).
    bulk: !values.grouped,
    progress: timingProgress(times, cpuTimes),
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const result = {
    db: values.db,
    comments,
    fileMB: Math.round(gen.bytes / 1e6),
    workers,
    bulk: !values.grouped,
    cores: os.availableParallelism(),
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    imported: report.comments.imported,
    seconds: Number(seconds.toFixed(1)),
    commentsPerSecond: Math.round(comments / seconds),
    // CPU time of the whole process (all threads): less sensitive to other load on the machine.
    cpuSeconds: Number(cpuSeconds.toFixed(1)),
    cpuMicrosecondsPerComment: Math.round((cpuSeconds * 1e6) / comments),
    phases: Object.fromEntries(
      Object.entries(times).map(([k, v]) => [k, { seconds: Number(v.toFixed(1)), commentsPerSecond: Math.round(comments / v), cpuMicrosecondsPerComment: Math.round(((cpuTimes[k] ?? 0) * 1e6) / comments) }]),
    ),
    peakRssMB: Math.round(peakRssMb()),
    peakRssBeforeImportMB: Math.round(rssBefore),
  };
  await connection.close();
  if (!values.keep) {
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  } else console.log(`kept ${dir} and the database`);
  return result;
}

const sizes = values.comments.split(',').map((s) => Number(s.replace(/_/g, '')));
for (const n of sizes) {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--comments: not a count: ${n}`);
}
/** The machine, for the figures' record. */
function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

console.log(`machine: ${machine()}`);
console.log(`import benchmark on ${values.db}, ${os.availableParallelism()} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const results = [];
for (const n of sizes) {
  const r = await runOnce(n);
  results.push(r);
  console.log(JSON.stringify(r, null, 2));
  const target = r.commentsPerSecond as number;
  console.log(`→ ${target.toLocaleString('en-US')} comments/s (target ≥ 20,000 on SQLite), ${r.cpuMicrosecondsPerComment} µs CPU per comment, peak RSS ${r.peakRssMB} MB (target < 300 MB)`);
}
// Machine-readable, for whoever collects the figures: one BENCH_RESULT line per size run.
for (const r of results) {
  console.log(
    `BENCH_RESULT ${JSON.stringify({ comments: r.comments, seconds: r.seconds, commentsPerSecond: r.commentsPerSecond, cpuMicrosPerComment: r.cpuMicrosecondsPerComment, peakRssMb: r.peakRssMB, db: r.db, workers: r.workers, loadAverage: r.loadAverage })}`,
  );
}
