// Live streams: subscribers by topic (an article), a replay buffer of recent events, and resume
// after a dropped connection (SSE Last-Event-ID). The hub knows nothing about HTTP or views:
// a renderer turns events into the text of SSE frames, once per variant (JSON for the article
// page, HTML in one language for the embed), however many subscribers share that variant.
import type { EventBus, ParleyEvent } from './bus.js';
import { eventIdTime } from './event-ids.js';

export interface BufferedEvent {
  id: string;
  /** When this process received it (ms). */
  arrivedAt: number;
  event: ParleyEvent;
}

export interface Sink {
  variant: string;
  /** Writes SSE text; false when the connection is backed up. */
  write(text: string): boolean;
  /** Bytes waiting to be sent. */
  backlog(): number;
  end(): void;
}

/** Renders events of one topic as SSE text per requested variant ('' when nothing to send). */
export type Renderer = (topic: string, events: BufferedEvent[], variants: ReadonlySet<string>) => Promise<Map<string, string>>;

export interface HubOptions {
  /** Events kept for resuming. */
  bufferSize?: number;
  /** Slack when comparing event times across processes (clock skew, delivery order). */
  overlapMs?: number;
  maxSubscribers?: number;
  /** A subscriber further behind than this many bytes is dropped (it will reconnect and resume). */
  maxBacklog?: number;
  heartbeatMs?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

export type Resume = { kind: 'replay'; events: BufferedEvent[] } | { kind: 'reset' };

/** The topic of an event, or null for events that live streams do not carry. */
export function topicOf(event: ParleyEvent): string | null {
  const e = event as Partial<{ articleId: string; commentId: string }>;
  return typeof e.articleId === 'string' && typeof e.commentId === 'string' ? e.articleId : null;
}

export class LiveHub {
  private readonly buffer: BufferedEvent[] = [];
  private head = 0;
  /** Arrival time of the newest event no longer in the buffer (or the start of this process). */
  private horizon: number;
  private readonly topics = new Map<string, Set<Sink>>();
  private readonly pending = new Map<string, BufferedEvent[]>();
  private readonly running = new Set<string>();
  private subscribers = 0;
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly opts: Required<Omit<HubOptions, 'onError'>> & { onError: (err: unknown) => void };

  constructor(bus: EventBus, private readonly render: Renderer, options: HubOptions = {}) {
    this.opts = {
      bufferSize: options.bufferSize ?? 10_000,
      overlapMs: options.overlapMs ?? 2_000,
      maxSubscribers: options.maxSubscribers ?? 50_000,
      maxBacklog: options.maxBacklog ?? 1 << 20,
      heartbeatMs: options.heartbeatMs ?? 25_000,
      now: options.now ?? Date.now,
      onError: options.onError ?? (() => {}),
    };
    this.horizon = this.opts.now();
    this.unsubscribe = bus.subscribe((event, meta) => this.receive(event, meta.id));
    // One timer for every stream: a comment line keeps proxies from closing idle connections.
    this.heartbeat = setInterval(() => this.broadcastAll(': keep-alive\n\n'), this.opts.heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.subscribers;
  }

  /** An id standing for "now", for a stream that has not received any event yet. */
  positionId(): string {
    return `${this.opts.now().toString(36)}.0.0`;
  }

  canAccept(): boolean {
    return this.subscribers < this.opts.maxSubscribers;
  }

  subscribe(topic: string, sink: Sink): () => void {
    let set = this.topics.get(topic);
    if (!set) this.topics.set(topic, (set = new Set()));
    set.add(sink);
    this.subscribers++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.subscribers--;
      set.delete(sink);
      if (set.size === 0 && this.topics.get(topic) === set) this.topics.delete(topic);
    };
  }

  /**
   * What a stream resuming after `lastId` missed on this topic: every buffered event that arrived
   * since that id's time, less an overlap for clock skew and delivery order between processes
   * (replays are idempotent), or a reset when the buffer does not reach back to that time
   * (evicted, or this process started later).
   */
  resume(topic: string, lastId: string): Resume {
    const t = eventIdTime(lastId);
    if (Number.isNaN(t) || t <= this.horizon) return { kind: 'reset' };
    const from = t - this.opts.overlapMs;
    const events: BufferedEvent[] = [];
    for (const e of this.ordered()) if (e.arrivedAt >= from && e.id !== lastId && topicOf(e.event) === topic) events.push(e);
    return { kind: 'replay', events };
  }

  /** Renders events for one subscriber (a replay). */
  async renderFor(topic: string, events: BufferedEvent[], variant: string): Promise<string> {
    if (events.length === 0) return '';
    return (await this.render(topic, events, new Set([variant]))).get(variant) ?? '';
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const set of this.topics.values()) for (const sink of set) sink.end();
    this.topics.clear();
    this.subscribers = 0;
  }

  private *ordered(): Iterable<BufferedEvent> {
    const n = this.buffer.length;
    for (let i = 0; i < n; i++) yield this.buffer[(this.head + i) % n]!;
  }

  private receive(event: ParleyEvent, id: string): void {
    const topic = topicOf(event);
    if (!topic) return;
    const entry: BufferedEvent = { id, arrivedAt: this.opts.now(), event };
    if (this.buffer.length < this.opts.bufferSize) this.buffer.push(entry);
    else {
      this.horizon = this.buffer[this.head]!.arrivedAt;
      this.buffer[this.head] = entry;
      this.head = (this.head + 1) % this.buffer.length;
    }
    if (!this.topics.has(topic)) return;
    const queue = this.pending.get(topic);
    if (queue) queue.push(entry);
    else this.pending.set(topic, [entry]);
    if (!this.running.has(topic)) void this.drain(topic);
  }

  /** Sends a topic's queued events; events arriving meanwhile go out together in the next round. */
  private async drain(topic: string): Promise<void> {
    this.running.add(topic);
    try {
      for (;;) {
        const batch = this.pending.get(topic);
        this.pending.delete(topic);
        const sinks = this.topics.get(topic);
        if (!batch || !sinks || sinks.size === 0) return;
        const variants = new Set<string>();
        for (const s of sinks) variants.add(s.variant);
        let frames: Map<string, string>;
        try {
          frames = await this.render(topic, batch, variants);
        } catch (err) {
          this.opts.onError(err);
          continue;
        }
        for (const sink of this.topics.get(topic) ?? []) {
          const text = frames.get(sink.variant);
          if (text) this.send(sink, text);
        }
      }
    } finally {
      this.running.delete(topic);
    }
  }

  private send(sink: Sink, text: string): void {
    if (sink.backlog() > this.opts.maxBacklog) {
      sink.end();
      return;
    }
    sink.write(text);
  }

  private broadcastAll(text: string): void {
    for (const set of this.topics.values()) for (const sink of set) this.send(sink, text);
  }
}
