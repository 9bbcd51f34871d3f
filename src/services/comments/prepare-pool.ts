// The pure CPU work of a new comment (rendering its Markdown, the local moderation analysis)
// done on worker threads, so the main thread, which runs every request and every SQLite
// statement, spends its time on those. About a quarter of a post's CPU moves off it; on a
// machine with a core to spare, posting goes that much faster, and reads wait less behind posts.
//
// Nothing depends on the workers being there. Until one has started (it loads in the
// background on first use), when PARLEY_WORKER_THREADS=0 or the machine has one core, and for
// a request a worker failed, the same functions run inline and give the same result.
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { renderCommentMarkdown } from '../../domain/markdown.js';
import { localAnalysis, type LocalAnalysis } from '../moderation/evaluate.js';
import type { SiteRuntime } from '../moderation/runtime.js';

export interface PreparedComment {
  html: string;
  local: LocalAnalysis;
}

export interface CommentPreparer {
  prepare(runtime: SiteRuntime, body: string): Promise<PreparedComment>;
  /** Workers running and ready (0 while starting, or when there are none). */
  readonly ready: number;
}

/** What a worker needs to rebuild a site's runtime: its lists and learned models. */
export interface RuntimeSpec {
  banned: readonly string[];
  suspect: readonly string[];
  allowed: readonly string[];
  models: SiteRuntime['models'];
}

export interface PrepareRequest {
  id: number;
  runtimeKey: number;
  /** Sent the first time a worker sees this runtime. */
  spec?: RuntimeSpec;
  body: string;
}

export type PrepareResponse = ({ ok: true } & PreparedComment & { id: number }) | { id: number; ok: false; error: string };

export function prepareInline(runtime: SiteRuntime, body: string): PreparedComment {
  return { html: renderCommentMarkdown(body), local: localAnalysis(runtime, body) };
}

export const inlinePreparer: CommentPreparer = {
  ready: 0,
  prepare: async (runtime, body) => prepareInline(runtime, body),
};

/** Threads to use when PARLEY_WORKER_THREADS is unset: one when there is a core to spare. */
export function defaultWorkerThreads(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores >= 2 ? 1 : 0;
}

/** A key per runtime object: a site's runtime is rebuilt when its settings or models change. */
const runtimeKeys = new WeakMap<SiteRuntime, number>();
let lastRuntimeKey = 0;
function keyOf(runtime: SiteRuntime): number {
  let key = runtimeKeys.get(runtime);
  if (key === undefined) runtimeKeys.set(runtime, (key = ++lastRuntimeKey));
  return key;
}

function bootSource(): string {
  // The sources are TypeScript run through tsx: the worker registers tsx before loading them.
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsx = pathToFileURL(path.join(path.dirname(pkg), 'dist/esm/api/index.mjs')).href;
  const target = new URL('./prepare-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
}

interface Pending {
  runtime: SiteRuntime;
  body: string;
  resolve: (value: PreparedComment) => void;
}

/** One worker thread; `alive` is false once it has failed, and its requests went inline. */
class PrepareThread {
  readonly worker: Worker;
  ready = false;
  alive = true;
  private readonly sent = new Set<number>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(onGone: () => void) {
    this.worker = new Worker(bootSource(), { eval: true, execArgv: [] });
    this.worker.on('message', (msg: PrepareResponse | { ready: true }) => {
      if ('ready' in msg) {
        this.ready = true;
        return;
      }
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (this.pending.size === 0) this.worker.unref();
      p.resolve(msg.ok ? { html: msg.html, local: msg.local } : prepareInline(p.runtime, p.body));
    });
    const gone = () => {
      if (!this.alive) return;
      this.alive = false;
      this.ready = false;
      for (const p of this.pending.values()) p.resolve(prepareInline(p.runtime, p.body));
      this.pending.clear();
      onGone();
    };
    this.worker.on('error', gone);
    this.worker.on('exit', gone);
    // Idle workers do not keep the process alive (after the listeners: attaching a 'message'
    // listener takes a reference again); one with requests in flight does.
    this.worker.unref();
  }

  get load(): number {
    return this.pending.size;
  }

  prepare(runtime: SiteRuntime, body: string): Promise<PreparedComment> {
    const runtimeKey = keyOf(runtime);
    const id = ++this.nextId;
    const req: PrepareRequest = { id, runtimeKey, body };
    if (!this.sent.has(runtimeKey)) {
      const s = runtime.settings;
      req.spec = { banned: s.bannedWords, suspect: s.suspectWords, allowed: s.allowedWords, models: runtime.models };
      this.sent.add(runtimeKey);
    }
    return new Promise((resolve) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { runtime, body, resolve });
      this.worker.postMessage(req);
    });
  }

  /** Ends the worker; requests in flight are answered inline (the 'exit' handler). */
  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/** A pool of `threads` workers, started on first use; a failed worker is replaced later. */
export function createPreparePool(threads: number): CommentPreparer & { close(): Promise<void> } {
  if (threads <= 0) return { ...inlinePreparer, close: async () => {} };
  const workers: (PrepareThread | null)[] = Array.from({ length: threads }, () => null);
  const retryAt: number[] = Array.from({ length: threads }, () => 0);
  let closed = false;
  const start = (i: number) => {
    if (closed || Date.now() < retryAt[i]!) return;
    workers[i] = new PrepareThread(() => {
      workers[i] = null;
      retryAt[i] = Date.now() + 10_000;
    });
  };
  return {
    get ready() {
      return workers.filter((w) => w?.ready).length;
    },
    prepare(runtime, body) {
      let best: PrepareThread | null = null;
      for (let i = 0; i < workers.length; i++) {
        const w = workers[i];
        if (!w) start(i);
        else if (w.ready && (!best || w.load < best.load)) best = w;
      }
      return best ? best.prepare(runtime, body) : Promise.resolve(prepareInline(runtime, body));
    },
    async close() {
      closed = true;
      await Promise.all(workers.map((w) => w?.terminate()));
    },
  };
}

const shared = new Map<number, CommentPreparer>();

/**
 * The process's pool for this many threads, shared by every app in the process (tests start
 * many); its workers do not keep the process alive.
 */
export function sharedPreparePool(threads: number): CommentPreparer {
  let pool = shared.get(threads);
  if (!pool) shared.set(threads, (pool = createPreparePool(threads)));
  return pool;
}
