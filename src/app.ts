// The composition root: builds the store, the event bus, the services' dependencies and the
// HTTP app from one config, and wires the side effects that hang off events.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Config } from './config.js';
import { createUlidGenerator, systemClock, type Clock, type IdGenerator } from './domain/ids.js';
import { ResponseCache } from './http/cache.js';
import { createLimits } from './http/rate-limits.js';
import { buildHttpApp, type HttpDeps } from './http/server.js';
import type { EventBus } from './realtime/bus.js';
import { createEventBus } from './realtime/index.js';
import { seedDemo } from './seed/seed.js';
import { ensureAdmin } from './services/accounts/ensureAdmin.js';
import type { ServiceDeps } from './services/deps.js';
import { defaultWorkerThreads, sharedPreparePool } from './services/comments/prepare-pool.js';
import { connect, migrateToLatest } from './store/connect.js';
import { KyselyStore } from './store/kysely-store.js';

export interface Parley {
  app: FastifyInstance;
  deps: HttpDeps;
  /** Set when the first start generated an admin password (printed once by `serve`). */
  bootstrap: { adminEmail: string; generatedPassword: string | null; seeded: boolean };
  close(): Promise<void>;
}

export interface ParleyOptions {
  clock?: Clock;
  newId?: IdGenerator;
  events?: EventBus;
}

export async function createParley(config: Config, opts: ParleyOptions = {}): Promise<Parley> {
  const logger = pino({ level: config.LOG_LEVEL });
  const connection = connect(config.database, { sqliteCacheMb: 64, backgroundCheckpoints: true });
  try {
    await migrateToLatest(connection.db);
    const store = new KyselyStore(connection.db, connection.dialect);
    const clock = opts.clock ?? systemClock;
    const newId = opts.newId ?? createUlidGenerator(() => clock().getTime());
    // Redis pub/sub when REDIS_URL is set
    const events = opts.events ?? createEventBus(config, logger);
    const prepare = sharedPreparePool(config.PARLEY_WORKER_THREADS ?? defaultWorkerThreads());
    const services: ServiceDeps = { store, clock, newId, events, prepare, publicUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}` };

    const secret = config.SESSION_SECRET ?? (await store.setSettingIfAbsent('csrf_secret', randomBytes(32).toString('base64url')));
    const cache = new ResponseCache();
    const unsubscribe = events.subscribe((event) => cache.invalidate(event.articleId));

    let seeded = false;
    if (config.PARLEY_SEED_DEMO && (await store.countSites()) === 0) {
      await seedDemo(services);
      seeded = true;
      logger.info('seeded the demo publication');
    }
    const admin = await ensureAdmin(services, { email: config.PARLEY_ADMIN_EMAIL, password: config.PARLEY_ADMIN_PASSWORD });

    const deps: HttpDeps = { ...services, config, secret, limits: createLimits(config.PARLEY_RATE_LIMITS), cache, log: logger };
    const app = await buildHttpApp(deps);
    return {
      app,
      deps,
      bootstrap: { adminEmail: admin.email, generatedPassword: admin.generatedPassword, seeded },
      async close() {
        unsubscribe();
        await app.close();
        await events.close();
        await connection.close();
      },
    };
  } catch (err) {
    await connection.close();
    throw err;
  }
}
