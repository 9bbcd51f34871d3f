// One Parley process for the multi-process tests: the app from the environment, listening on a
// free loopback port, which it reports on stdout as a JSON line once its event bus is ready.
import type { AddressInfo } from 'node:net';
import { createParley } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { isSharedBus } from '../../../src/realtime/index.js';

const parley = await createParley(loadConfig());
const bus = parley.deps.events;
if (isSharedBus(bus)) await bus.ready();
await parley.app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ port: (parley.app.server.address() as AddressInfo).port, shared: isSharedBus(bus) })}\n`);
const stop = async () => {
  await parley.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// The test holds our stdin: if it goes away without stopping us, we go too.
process.stdin.on('end', () => void stop()).resume();
