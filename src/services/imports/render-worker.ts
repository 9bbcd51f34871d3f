// Runs in a worker thread: converts and renders batches of comment bodies (see render-pool.ts),
// or reads a whole file with its importer (see reader.ts).
import { parentPort } from 'node:worker_threads';
import { convertBody, EMPTY_BODY } from '../../importers/bodies.js';
import type { ImportFormat, SourceBody } from '../../importers/types.js';
import { READ_AHEAD, readInWorker } from './reader.js';

type Request =
  | { type?: undefined; id: number; bodies: (SourceBody | null)[] }
  | { type: 'read'; format: ImportFormat; file: string }
  /** Staging took a batch: room for one more. */
  | { type: 'room' };

let sent = 0;
let taken = 0;
let waiting: (() => void) | null = null;

const hasRoom = () => sent - taken < READ_AHEAD;

parentPort?.on('message', (msg: Request) => {
  if (msg.type === 'read') {
    void readInWorker(msg, {
      send(m) {
        if (m.type === 'batch') sent++;
        parentPort!.postMessage(m);
      },
      hasRoom,
      room: () => (hasRoom() ? Promise.resolve() : new Promise<void>((resolve) => (waiting = resolve))),
    });
  } else if (msg.type === 'room') {
    taken++;
    const w = waiting;
    waiting = null;
    w?.();
  } else {
    const out = msg.bodies.map((b) => (b ? convertBody(b) : EMPTY_BODY));
    parentPort!.postMessage({ id: msg.id, out });
  }
});
