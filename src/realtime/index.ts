// Chooses the event bus for a configuration: Redis pub/sub when REDIS_URL is set (several
// processes), in-process otherwise.
import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import { createMemoryBus, type EventBus } from './bus.js';
import { createRedisBus, type SharedEventBus } from './redis-bus.js';

interface Logger {
  error(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
}

/**
 * The channel is named after the database, so processes sharing a database share events and
 * several installations (or test runs) can share one Redis without hearing each other.
 */
export function channelFor(database: Config['database']): string {
  const identity = database.kind === 'postgres' ? database.url : `sqlite:${database.file}`;
  return `parley:events:${createHash('sha256').update(identity).digest('hex').slice(0, 16)}`;
}

export function createEventBus(config: Pick<Config, 'REDIS_URL' | 'database'>, log: Logger): EventBus {
  const onError = (err: unknown) => log.error({ err }, 'event listener failed');
  if (!config.REDIS_URL) return createMemoryBus(onError);
  return createRedisBus({ url: config.REDIS_URL, channel: channelFor(config.database), onError, log });
}

export function isSharedBus(bus: EventBus): bus is SharedEventBus {
  return (bus as Partial<SharedEventBus>).kind === 'redis';
}
