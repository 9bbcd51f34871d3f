// Checkpoints of a busy SQLite database on a worker thread.
//
// In WAL mode every commit appends pages to the -wal file, and every so often those pages must
// be copied back into the database file (a checkpoint). By default SQLite does that inside the
// commit that crosses 1,000 pages, on the thread that committed: for the server, the one thread
// that answers requests. Measured on the posting benchmark, that was half of what commits cost
// (1.9 ms a commit with it, 0.95 ms without).
//
// Here a worker thread with its own connection runs passive checkpoints: they copy what is
// committed without taking the write lock, so requests go on meanwhile. The server's connection
// keeps a much higher automatic threshold (AUTO_PAGES) as a safety net. That one still matters:
// the -wal file only starts again from its beginning when a write begins after a checkpoint that
// copied everything, which a checkpoint on another thread rarely manages while commits keep
// coming. When the server's own checkpoint runs, the worker has already copied nearly all of it.
//
// The worker starts only once the -wal file has grown past START_BYTES, so the many short-lived
// apps of tests and commands never start one. If it fails or stops, the server's connection
// goes back to SQLite's default threshold.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** SQLite's own default for wal_autocheckpoint, in pages. */
const DEFAULT_AUTO_PAGES = 1000;
/** The server connection's threshold while the worker runs (40 MB of -wal file at 4 KiB pages). */
export const AUTO_PAGES = 10_000;
/** The -wal file size from which the worker is started. */
const START_BYTES = 2 * 1024 * 1024;
/** How often the server looks at the -wal file's size until it starts the worker. */
const WATCH_MS = 1000;

export interface CheckpointerOptions {
  /** Start the worker once the -wal file is this large (default 2 MiB; 0: at once). */
  startAtWalBytes?: number;
  /**
   * Pause between the worker's checkpoints while there is work (default 200 ms); idle, it waits
   * 20 times longer. Each checkpoint copies the newest version of every page written since the
   * last one and syncs both files, so checkpointing often copies the busy pages many times.
   */
  intervalMs?: number;
  /** How often to look at the -wal file's size until the worker starts (default 1 s). */
  watchMs?: number;
  /** The server connection's automatic threshold while the worker runs, in pages (default AUTO_PAGES). */
  autoPages?: number;
}

export interface Checkpointer {
  /** Whether the worker is running (for tests and diagnostics). */
  readonly running: boolean;
  /** Resolves once the worker runs (for tests). */
  started(): Promise<void>;
  close(): Promise<void>;
}

// Plain JavaScript, so the worker starts without a TypeScript loader. It checkpoints, and when
// nothing was left to copy it waits longer before looking again.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const busy = workerData.intervalMs;
const idle = busy * 20;
let timer = null;
let stopped = false;
function tick() {
  timer = null;
  if (stopped) return;
  let pause = idle;
  try {
    const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    if (r && r.log > 0 && (r.busy || r.checkpointed < r.log || r.log !== last)) pause = busy;
    last = r ? r.log : 0;
  } catch (err) {
    parentPort.postMessage({ type: 'error', message: String(err && err.message || err) });
    stopped = true;
    db.close();
    return;
  }
  timer = setTimeout(tick, pause);
}
let last = -1;
parentPort.on('message', (msg) => {
  if (msg !== 'stop') return;
  stopped = true;
  if (timer) clearTimeout(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage({ type: 'ready' });
tick();
`;

export function startCheckpointer(sqlite: SQLite.Database, file: string, opts: CheckpointerOptions = {}): Checkpointer {
  const startAt = opts.startAtWalBytes ?? START_BYTES;
  const intervalMs = opts.intervalMs ?? 200;
  const autoPages = opts.autoPages ?? AUTO_PAGES;
  let worker: Worker | null = null;
  let exited: Promise<void> = Promise.resolve();
  let running = false;
  let closed = false;
  let watch: NodeJS.Timeout | null = null;
  let onStarted: (() => void)[] = [];

  const setAuto = (pages: number) => {
    try {
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${pages}`);
    } catch {
      // The connection is busy iterating a query: SQLite's threshold stays as it was, and a
      // later start or stop sets it.
    }
  };

  const start = () => {
    if (closed || worker) return;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, intervalMs } });
    worker = w;
    exited = new Promise((resolve) => w.once('exit', () => resolve()));
    w.unref();
    w.on('message', (msg: { type: string; message?: string }) => {
      if (msg.type === 'ready' && !closed) {
        running = true;
        setAuto(autoPages);
        for (const f of onStarted) f();
        onStarted = [];
      } else if (msg.type === 'error') {
        running = false;
        setAuto(DEFAULT_AUTO_PAGES);
      }
    });
    const stopped = () => {
      running = false;
      if (!closed) setAuto(DEFAULT_AUTO_PAGES);
    };
    w.on('error', stopped);
    w.on('exit', stopped);
  };

  if (startAt <= 0) start();
  else {
    const look = () => {
      watch = null;
      fs.stat(`${file}-wal`, (err, st) => {
        if (closed || worker) return;
        if (!err && st.size >= startAt) start();
        else {
          watch = setTimeout(look, opts.watchMs ?? WATCH_MS);
          watch.unref();
        }
      });
    };
    look();
  }

  return {
    get running() {
      return running;
    },
    started() {
      return running ? Promise.resolve() : new Promise((resolve) => onStarted.push(resolve));
    },
    async close() {
      closed = true;
      if (watch) clearTimeout(watch);
      const w = worker;
      worker = null;
      running = false;
      if (!w) return;
      w.postMessage('stop');
      // A worker that does not stop promptly (stuck in a checkpoint's fsync) is terminated.
      const timer = setTimeout(() => void w.terminate(), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
