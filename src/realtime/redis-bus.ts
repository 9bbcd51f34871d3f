// The event bus across processes (issue 7). Every event is delivered to this process's
// listeners at once and published through Redis to the other processes, which deliver it to
// theirs (each skips its own). Publishing appends to a capped Redis stream and publishes on a
// pub/sub channel in one step (a small Lua script), so:
//   - processes that are connected get the event at once, over pub/sub;
//   - a process that was cut off from Redis catches up from the stream, after the last event it
//     saw, when it is back, so nothing published meanwhile by the others is lost;
//   - Redis is never on the write path: when it is unreachable, writes and local delivery go on
//     and events for the others wait, in order, in a bounded outbox until Redis returns.
import { Redis } from 'ioredis';
import type { EventBus, EventMeta, Listener, ParleyEvent } from './bus.js';
import { createEventIds } from './event-ids.js';

export interface RedisBusOptions {
  url: string;
  /** Pub/sub channel; processes sharing a database must share it (see createEventBus). */
  channel: string;
  onError?: (err: unknown) => void;
  log?: { warn(obj: unknown, msg?: string): void; info(obj: unknown, msg?: string): void };
  /** Events kept for the other processes while Redis is away (oldest dropped beyond this). */
  outboxLimit?: number;
  /** Events kept in the Redis stream for processes catching up (approximately). */
  logLength?: number;
}

/** An event bus that can say when it was cut off from the other processes and came back. */
export interface SharedEventBus extends EventBus {
  readonly kind: 'redis';
  /** Called each time this process is back in touch with the others after a disconnection. */
  onResync(fn: () => void): () => void;
  /** True while both connections to Redis are up. */
  connected(): boolean;
  /** Resolves once the subscription is established (for tests and start-up). */
  ready(): Promise<void>;
}

interface Wire {
  /** Origin process tag. */
  o: string;
  i: string;
  e: ParleyEvent;
}

// XADD to the stream (capped), then PUBLISH "<stream id> <payload>"; returns the stream id.
const PUBLISH = `local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'm', ARGV[1])
redis.call('PUBLISH', KEYS[2], id .. ' ' .. ARGV[1])
return id`;

const retryStrategy = (times: number) => Math.min(100 * times, 2000);

/** Stream ids are "<ms>-<seq>": a before b? */
function before(a: string, b: string): boolean {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am < bm || (am === bm && as < bs);
}

export function createRedisBus(opts: RedisBusOptions): SharedEventBus {
  const listeners = new Set<Listener>();
  const resyncs = new Set<() => void>();
  const nextId = createEventIds();
  const origin = nextId().split('.')[1]!;
  const onError = opts.onError ?? (() => {});
  const outboxLimit = opts.outboxLimit ?? 10_000;
  const logLength = String(opts.logLength ?? 10_000);
  const logKey = `${opts.channel}:log`;
  const outbox: string[] = [];
  let flushing = false;
  let closed = false;
  let dropped = 0;

  // Commands fail fast when disconnected (no hidden ioredis queue): the outbox is ours.
  const pub = new Redis(opts.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy });
  const sub = new Redis(opts.url, { retryStrategy, autoResubscribe: true, maxRetriesPerRequest: null });

  let warned = 0;
  const quiet = (what: string) => (err: Error) => {
    // One line per outage, not one per retry.
    if (Date.now() - warned > 10_000) opts.log?.warn({ err: err.message }, `redis ${what} connection: ${err.message}`);
    warned = Date.now();
  };
  pub.on('error', quiet('publish'));
  sub.on('error', quiet('subscribe'));

  const deliver = (event: ParleyEvent, meta: EventMeta) => {
    for (const listener of listeners) {
      try {
        listener(event, meta);
      } catch (err) {
        onError(err);
      }
    }
  };

  // ---- Publishing ------------------------------------------------------------------------

  async function flush(): Promise<void> {
    if (flushing || closed) return;
    flushing = true;
    try {
      while (outbox.length > 0 && pub.status === 'ready') {
        await pub.eval(PUBLISH, 2, logKey, opts.channel, outbox[0]!, logLength);
        outbox.shift();
      }
    } catch {
      // Still unreachable: the rest goes on the next 'ready'.
    } finally {
      flushing = false;
    }
    if (dropped > 0) {
      opts.log?.warn({ dropped }, 'redis event outbox overflowed while Redis was away; other processes missed these events');
      dropped = 0;
    }
  }
  let pubReady: () => void = () => {};
  let pubUp = new Promise<void>((r) => (pubReady = r));
  pub.on('ready', () => {
    pubReady();
    void flush();
  });
  pub.on('close', () => {
    pubUp = new Promise<void>((r) => (pubReady = r));
  });

  // ---- Receiving -------------------------------------------------------------------------

  /** Id of the last stream entry this process has seen (null until it knows where it is). */
  let lastSeen: string | null = null;
  let catchingUp = false;
  const held: string[] = [];

  function receive(raw: string): void {
    const space = raw.indexOf(' ');
    const streamId = raw.slice(0, space);
    if (lastSeen !== null && !before(lastSeen, streamId)) return; // seen already (catch-up overlap)
    lastSeen = streamId;
    let wire: Wire;
    try {
      wire = JSON.parse(raw.slice(space + 1)) as Wire;
    } catch (err) {
      onError(err);
      return;
    }
    if (wire.o === origin || !wire.e || typeof wire.i !== 'string') return;
    deliver(wire.e, { id: wire.i });
  }

  /** After a disconnection: what the others published meanwhile, from the stream, in order. */
  async function catchUp(): Promise<void> {
    try {
      await Promise.race([pubUp, new Promise((r) => setTimeout(r, 10_000))]);
      if (lastSeen === null) {
        const tail = (await pub.xrevrange(logKey, '+', '-', 'COUNT', 1)) as [string, string[]][];
        lastSeen = tail[0]?.[0] ?? '0-0';
      } else {
        for (;;) {
          const entries = (await pub.xrange(logKey, `(${lastSeen}`, '+', 'COUNT', 1000)) as [string, string[]][];
          for (const [id, fields] of entries) receive(`${id} ${fields[1] ?? ''}`);
          if (entries.length < 1000) break;
        }
      }
    } catch (err) {
      opts.log?.warn({ err: (err as Error).message }, 'redis event catch-up failed; some events of other processes may be missing');
    } finally {
      catchingUp = false;
      for (const raw of held.splice(0)) receive(raw);
    }
  }

  let subscribed = false;
  let wasUp = false;
  let resolveReady: () => void = () => {};
  const firstReady = new Promise<void>((resolve) => (resolveReady = resolve));
  sub.on('ready', () => {
    if (wasUp) return;
    wasUp = true;
    catchingUp = true;
    // autoResubscribe re-issues SUBSCRIBE by itself after a reconnect.
    const subscribing = subscribed ? Promise.resolve() : sub.subscribe(opts.channel).then(() => void (subscribed = true));
    const first = !subscribed;
    void subscribing
      .then(catchUp)
      .then(() => {
        if (first) {
          resolveReady();
          return;
        }
        opts.log?.info({}, 'redis event subscription restored');
        for (const fn of resyncs) {
          try {
            fn();
          } catch (err) {
            onError(err);
          }
        }
      })
      .catch(onError);
  });
  sub.on('close', () => {
    wasUp = false;
  });
  sub.on('message', (_channel: string, raw: string) => {
    if (catchingUp) held.push(raw);
    else receive(raw);
  });

  return {
    kind: 'redis',
    publish(event) {
      const meta = { id: nextId() };
      deliver(event, meta);
      if (closed) return;
      outbox.push(JSON.stringify({ o: origin, i: meta.id, e: event } satisfies Wire));
      if (outbox.length > outboxLimit) {
        outbox.shift();
        dropped++;
      }
      void flush();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onResync(fn) {
      resyncs.add(fn);
      return () => resyncs.delete(fn);
    },
    connected() {
      return pub.status === 'ready' && sub.status === 'ready';
    },
    ready() {
      return firstReady;
    },
    async close() {
      if (closed) return;
      // Give queued events a moment to leave when Redis is there.
      if (outbox.length > 0 && pub.status === 'ready') await flush();
      closed = true;
      listeners.clear();
      resyncs.clear();
      pub.disconnect();
      sub.disconnect();
    },
  };
}
