// Where staging gets its records: the importer reading the file, with every comment body
// converted and rendered. With worker threads, the first one reads the file (the importer runs
// there) and converts bodies too when it is the only one; with more, the others convert and
// the main thread hands them the bodies. The main thread is then left to stage. Without
// workers, everything runs in the calling thread.
//
// A reading worker runs ahead of staging by a few batches at most, so memory stays flat.
import { convertBody, EMPTY_BODY, type ConvertedBody } from '../../importers/bodies.js';
import { IMPORTERS } from '../../importers/index.js';
import { ImportFileError, type CommentRecord, type ImportFormat, type ImportRecord, type Position, type SourceBody } from '../../importers/types.js';
import { createRenderPool, spawnImportWorker, type BodyConverter } from './render-pool.js';

/** A batch of records and, when already converted, one body per comment record in order. */
export interface ReadBatch {
  records: ImportRecord[];
  bodies?: ConvertedBody[];
}

export interface RecordReader {
  batches: AsyncIterable<ReadBatch>;
  /** Converts the bodies of batches that come without them. */
  converter: BodyConverter;
  close(): Promise<void>;
}

export interface ReaderOptions {
  format: ImportFormat;
  file: string;
  workers: number;
  /** Records already staged by an earlier attempt: their bodies are not converted. */
  skip: number;
  onBytes?: (bytes: number) => void;
}

/** Batches a reading worker may send before staging has taken the first of them. */
const AHEAD = 4;

/** A deleted comment keeps no text (as when a reader deletes one in Parley). */
export function bodyToConvert(c: CommentRecord): SourceBody | null {
  if (c.status === 'deleted' && c.body.kind !== 'parley') return null;
  return c.body;
}

/** Message from a reading worker. */
export type ReaderMessage =
  | { type: 'batch'; records: ImportRecord[]; bodies?: ConvertedBody[]; bytes: number }
  | { type: 'done'; bytes: number }
  | { type: 'error'; error: { name: string; message: string; reason?: string; position?: Position; stack?: string } };

/** The reading loop of a worker (see render-worker.ts): reads, converts, sends, waits for room. */
export async function readInWorker(
  req: { format: ImportFormat; file: string; convert: boolean; skip: number },
  io: { send(msg: ReaderMessage): void; room(): Promise<void> },
): Promise<void> {
  let bytes = 0;
  let index = 0;
  try {
    for await (const records of IMPORTERS[req.format]({ file: req.file, onBytes: (b) => (bytes = b) })) {
      let bodies: ConvertedBody[] | undefined;
      if (req.convert) {
        bodies = [];
        for (let i = 0; i < records.length; i++) {
          const r = records[i]!;
          if (r.kind !== 'comment') continue;
          const body = index + i >= req.skip ? bodyToConvert(r) : null;
          bodies.push(body ? convertBody(body) : EMPTY_BODY);
          // Staging needs the converted body only.
          r.body = { kind: 'html', text: '' };
        }
      }
      index += records.length;
      await io.room();
      io.send({ type: 'batch', records, bodies, bytes });
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
  if (opts.workers <= 0) {
    const converter = createRenderPool(0);
    return {
      converter,
      batches: (async function* () {
        for await (const records of IMPORTERS[opts.format]({ file: opts.file, onBytes: opts.onBytes })) yield { records };
      })(),
      close: () => converter.close(),
    };
  }
  const converter = createRenderPool(opts.workers - 1);
  const worker = spawnImportWorker({ youngGenerationMb: 32 });
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
  worker.postMessage({ type: 'read', format: opts.format, file: opts.file, convert: opts.workers === 1, skip: opts.skip });
  async function* batches(): AsyncGenerator<ReadBatch> {
    for (;;) {
      while (queue.length === 0 && !failure) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      if (failure) throw failure;
      const msg = queue.shift()!;
      if (msg.type === 'error') throw revive(msg.error);
      opts.onBytes?.(msg.bytes);
      if (msg.type === 'done') return;
      worker.postMessage({ type: 'room' });
      yield msg.bodies ? { records: msg.records, bodies: msg.bodies } : { records: msg.records };
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

export { AHEAD as READ_AHEAD };
