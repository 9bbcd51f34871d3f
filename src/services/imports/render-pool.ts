// Converting old HTML to Markdown and rendering it (markdown-it, then sanitize-html) is most of
// an import's CPU time. This pool spreads batches of bodies over worker threads while the main
// thread goes on parsing and staging; with no workers it converts in the calling thread.
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { convertBody, EMPTY_BODY, type ConvertedBody } from '../../importers/bodies.js';
import type { SourceBody } from '../../importers/types.js';

export interface BodyConverter {
  /** Converts the bodies (null: nothing to convert, e.g. a deleted comment) in order. */
  convert(bodies: readonly (SourceBody | null)[]): Promise<ConvertedBody[]>;
  readonly workers: number;
  close(): Promise<void>;
}

export function inlineConverter(): BodyConverter {
  return {
    workers: 0,
    async convert(bodies) {
      return bodies.map((b) => (b ? convertBody(b) : EMPTY_BODY));
    },
    async close() {},
  };
}

/** Workers to use by default: one per core beyond the main thread's, at most three. */
export function defaultWorkerCount(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(0, Math.min(3, cores - 1));
}

/** A worker thread running render-worker.ts: converts bodies, or reads a file (see reader.ts). */
export function spawnImportWorker(opts: { youngGenerationMb?: number } = {}): Worker {
  // The sources are TypeScript run through tsx: the worker registers tsx before loading them,
  // as CommonJS (tsx's entry resolved from here, so it works from any working directory). Through
  // its ESM hooks, which Node 20 runs on a separate thread, a worker that loads everything cost
  // about 46 MB of RSS; this way, 37 MB.
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const target = fileURLToPath(new URL('./render-worker.ts', import.meta.url));
  const boot = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(target)});`;
  // A small young generation keeps each worker's memory low; bodies are converted in batches
  // that never need much. (A reading worker allocates much more, and briefly: it asks for more.)
  return new Worker(boot, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: opts.youngGenerationMb ?? 8, maxOldGenerationSizeMb: 256 } });
}

export function createRenderPool(size: number): BodyConverter {
  if (size <= 0) return inlineConverter();
  const workers: Worker[] = [];
  const pending = new Map<number, { resolve: (v: ConvertedBody[]) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  let next = 0;
  let seq = 0;
  for (let i = 0; i < size; i++) {
    const w = spawnImportWorker();
    w.on('message', (msg: { id: number; out: ConvertedBody[] }) => {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      p?.resolve(msg.out);
    });
    w.on('error', (err) => {
      failure = err;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
    workers.push(w);
  }
  return {
    workers: size,
    convert(bodies) {
      if (failure) return Promise.reject(failure);
      if (bodies.length === 0) return Promise.resolve([]);
      const id = ++seq;
      const w = workers[next++ % workers.length]!;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, bodies });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
