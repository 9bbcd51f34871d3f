// Parley in a child process of the benchmark: the real composition root over the seeded
// database, listening on a loopback port. Configured through the environment (DATABASE_URL,
// DATA_DIR, PARLEY_RATE_LIMITS=off, LOG_LEVEL=silent, PARLEY_SEED_DEMO=0) like `parley serve`.
import type { AddressInfo } from 'node:net';
import { createParley } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ensureClientBuild } from '../src/http/assets.js';
import { answerParent, send } from './lib/child-ipc.js';

try {
  // As `parley serve` does: a clean clone has no browser bundle until the first build.
  await ensureClientBuild({ log: () => {} });
  const parley = await createParley(loadConfig(process.env));
  await parley.app.listen({ port: 0, host: '127.0.0.1' });
  answerParent(() => parley.close());
  send({ type: 'ready', port: (parley.app.server.address() as AddressInfo).port });
} catch (err) {
  send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
}
