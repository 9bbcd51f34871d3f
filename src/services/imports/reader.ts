// Where staging gets its records: the importer reading the file. With worker threads, the
// first one reads the file (the importer runs there) and the main thread converts the bodies
// and stages them; with more workers, the others convert. Without workers, everything runs in
// the calling thread. (On two cores, converting everything in the reading worker left the main
// thread idle most of the time, and converting everything in the main thread left the reading
// worker idle half of it; so the reading worker converts bodies whenever staging is behind.)
//
// A reading worker runs ahead of staging by a few batches at most, so memory stays flat.
import { convertRecordBody } from '../../importers/bodies.js';
import { IMPORTERS } from '../../importers/index.js';
import { ImportFileError, type ImportFormat, type ImportRecord, type Position } from '../../importers/types.js';
import { createRenderPool, spawnImportWorker, type BodyConverter } from './render-pool.js';

export interface RecordReader {
  batches: AsyncIterable<ImportRecord[]>;
  /** Converts the bodies of the records. */
  converter: BodyConverter;
  close(): Promise<void>;
}

export interface ReaderOptions {
  format: ImportFormat;
  file: string;
  workers: number;
  onBytes?: (bytes: number) => void;
}

/** Batches a reading worker may send before staging has taken the first of them. */
export const READ_AHEAD = 2;

/** Message from a reading worker. */
export type ReaderMessage =
  | { type: 'batch'; records: ImportRecord[]; bytes: number }
  | { type: 'done'; bytes: number }
  | { type: 'error'; error: { name: string; message: string; reason?: string; position?: Position; stack?: string } };

/** Bodies a reading worker converts between two looks at whether staging has made room. */
const CONVERT_STEP = 8;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The reading loop of a worker (see render-worker.ts): reads, sends, waits for room. While it
 * waits (staging is behind), it converts the waiting batch's bodies itself, a few at a time, so
 * that the two threads share the converting by how busy each is.
 */
export async function readInWorker(
  req: { format: ImportFormat; file: string },
  io: { send(msg: ReaderMessage): void; hasRoom(): boolean; room(): Promise<void> },
): Promise<void> {
  let bytes = 0;
  try {
    for await (const records of IMPORTERS[req.format]({ file: req.file, onBytes: (b) => (bytes = b) })) {
      let i = 0;
      while (!io.hasRoom() && i < records.length) {
        for (const end = Math.min(records.length, i + CONVERT_STEP); i < end; i++) {
          const r = records[i]!;
          if (r.kind === 'comment') r.converted = convertRecordBody(r);
        }
        // Lets the message that makes room arrive.
        await nextTurn();
      }
      await io.room();
      io.send({ type: 'batch', records, bytes });
    }
    io.send({ type: 'done', bytes });
  } catch (err) {
    const e = err as Error;
    io.send({ type: 'error', error: { name: e.name, message: e.message, reason: err instanceof ImportFileError ? err.reason : undefined, position: err instanceof ImportFileError ? err.position : undefined, stack: e.stack } });
  }
}

function revive(e: { name: string; message: string; reason?: string; position?: Position; stack?: string }): Error {
  if (e.name === 'ImportFileError') return new ImportFileError(e.reason ?? e.message, e.position);
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}

export function createReader(opts: ReaderOptions): RecordReader {
  const converter = createRenderPool(Math.max(0, opts.workers - 1));
  if (opts.workers <= 0) {
    return { converter, batches: IMPORTERS[opts.format]({ file: opts.file, onBytes: opts.onBytes }), close: () => converter.close() };
  }
  // It allocates much more than a converting worker (and briefly): a larger young generation.
  // With 32 MB, about half of the 1,000,000-comment runs fell into a state where each of the
  // worker's scavenges (one every 15 ms or so) promoted a few megabytes, it ran some 380 full
  // collections, their helper threads took CPU from both threads, and reading took 19-22 s
  // instead of 14; with 48 MB too. With 64 MB, none of fourteen runs did (13.6-16.5 s), for
  // about 15 MB more at the peak (bench/README.md, "Import, 2026-11-29, late evening").
  const worker = spawnImportWorker({ youngGenerationMb: 64 });
  const queue: ReaderMessage[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  worker.on('message', (msg: ReaderMessage) => {
    queue.push(msg);
    wake?.();
  });
  worker.on('error', (err) => {
    failure = err;
    wake?.();
  });
  worker.postMessage({ type: 'read', format: opts.format, file: opts.file });
  async function* batches(): AsyncGenerator<ImportRecord[]> {
    for (;;) {
      while (queue.length === 0 && !failure) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      if (failure) throw failure;
      const msg = queue.shift()!;
      if (msg.type === 'error') throw revive(msg.error);
      opts.onBytes?.(msg.bytes);
      if (msg.type === 'done') return;
      worker.postMessage({ type: 'room' });
      yield msg.records;
    }
  }
  return {
    converter,
    batches: batches(),
    async close() {
      await Promise.all([worker.terminate(), converter.close()]);
    },
  };
}
