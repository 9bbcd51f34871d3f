// Runs in a worker thread: converts and renders batches of comment bodies (see render-pool.ts).
import { parentPort } from 'node:worker_threads';
import { convertBody, EMPTY_BODY } from '../../importers/bodies.js';
import type { SourceBody } from '../../importers/types.js';

parentPort?.on('message', (msg: { id: number; bodies: (SourceBody | null)[] }) => {
  const out = msg.bodies.map((b) => (b ? convertBody(b) : EMPTY_BODY));
  parentPort!.postMessage({ id: msg.id, out });
});
