// Caches the anonymous reads that dominate traffic: the first pages of a discussion, as JSON
// and as HTML. Comments are rendered at write time, so filling an entry is cheap; entries are
// dropped by article when an event says that article's discussion changed, so a read right after
// a write costs one bounded page query, not a rebuild of the thread.
//
// - Concurrent misses for one entry share one build (`fill`), so a burst of readers right after
//   a write renders the page once.
// - A build that was overtaken by a write to its article (the article was invalidated while it
//   ran) answers the requests that were waiting for it but is not kept: the next read rebuilds.
// - Compressed copies (Brotli, gzip) are made on the thread pool the first time a client asks for
//   them, once per entry, and kept with it.
// - Article pages are looked up by site and slug (an alias of the article id), so a hit needs no
//   database query; aliases go with the article's entries.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const br = promisify(brotliCompress);
const gz = promisify(gzip);
/** Smaller bodies are sent as they are: compressing them saves nothing worth the work. */
const MIN_COMPRESS_BYTES = 1024;

export type Encoding = 'br' | 'gzip';

export interface CachedResponse {
  body: Buffer;
  contentType: string;
  etag: string;
  /** Compressed copies, made on first demand. */
  encoded: Partial<Record<Encoding, Promise<Buffer>>>;
  /** The same copies once made, so that a hit sends them without waiting on a promise. */
  ready: Partial<Record<Encoding, Buffer>>;
}

export interface Built {
  articleId: string;
  body: string;
  contentType: string;
}

export class ResponseCache {
  private readonly byArticle = new Map<string, Map<string, CachedResponse>>();
  private readonly pending = new Map<string, Map<string, Promise<CachedResponse>>>();
  private readonly aliases = new Map<string, string>();
  private readonly aliasesOf = new Map<string, Set<string>>();
  /** Counts invalidations; a build remembers the count it started at. */
  private epoch = 0;
  /** When each article was last invalidated, kept only while some build is running. */
  private readonly invalidatedAt = new Map<string, number>();
  private clearedAt = 0;
  private building = 0;
  private size = 0;

  constructor(private readonly maxEntries = 5000) {}

  get(articleId: string, key: string): CachedResponse | undefined {
    return this.byArticle.get(articleId)?.get(key);
  }

  /** The entry of an article known by an alias (e.g. site and slug), without asking the store. */
  lookup(alias: string, key: string): CachedResponse | undefined {
    const articleId = this.aliases.get(alias);
    return articleId === undefined ? undefined : this.get(articleId, key);
  }

  set(articleId: string, key: string, body: string, contentType: string): CachedResponse {
    const entry = makeEntry(body, contentType);
    this.keep(articleId, key, entry);
    return entry;
  }

  /**
   * The entry for `key` of an article, built once however many requests ask at the same time.
   * `build` reads what it needs itself, after the call starts: what it read is then at least as
   * new as the last invalidation this cache saw. With `alias`, later `lookup(alias, key)` finds it.
   */
  fill(articleId: string, key: string, build: () => Promise<Built>, alias?: string): Promise<CachedResponse> {
    const hit = this.get(articleId, key);
    if (hit) return Promise.resolve(hit);
    let waiting = this.pending.get(articleId);
    const running = waiting?.get(key);
    if (running) return running;
    const startedAt = this.epoch;
    this.building++;
    const done = (async () => {
      try {
        const built = await build();
        const entry = makeEntry(built.body, built.contentType);
        if (built.articleId === articleId && !this.invalidatedSince(articleId, startedAt)) {
          this.keep(articleId, key, entry);
          if (alias !== undefined) this.addAlias(alias, articleId);
        }
        return entry;
      } finally {
        if (--this.building === 0) this.invalidatedAt.clear();
      }
    })();
    if (!waiting) this.pending.set(articleId, (waiting = new Map()));
    waiting.set(key, done);
    const forget = () => {
      const current = this.pending.get(articleId);
      if (current?.get(key) !== done) return;
      current.delete(key);
      if (current.size === 0) this.pending.delete(articleId);
    };
    done.then(forget, forget);
    return done;
  }

  invalidate(articleId: string): void {
    this.epoch++;
    if (this.building > 0) this.invalidatedAt.set(articleId, this.epoch);
    // Requests arriving from now on must not join a build that may have read the old state.
    this.pending.delete(articleId);
    const names = this.aliasesOf.get(articleId);
    if (names) {
      for (const name of names) if (this.aliases.get(name) === articleId) this.aliases.delete(name);
      this.aliasesOf.delete(articleId);
    }
    const entries = this.byArticle.get(articleId);
    if (!entries) return;
    this.size -= entries.size;
    this.byArticle.delete(articleId);
  }

  clear(): void {
    this.epoch++;
    this.clearedAt = this.epoch;
    this.invalidatedAt.clear();
    this.pending.clear();
    this.aliases.clear();
    this.aliasesOf.clear();
    this.byArticle.clear();
    this.size = 0;
  }

  private invalidatedSince(articleId: string, epoch: number): boolean {
    return this.clearedAt > epoch || (this.invalidatedAt.get(articleId) ?? 0) > epoch;
  }

  private keep(articleId: string, key: string, entry: CachedResponse): void {
    if (this.size >= this.maxEntries) this.dropEntries();
    let entries = this.byArticle.get(articleId);
    if (!entries) this.byArticle.set(articleId, (entries = new Map()));
    if (!entries.has(key)) this.size++;
    entries.set(key, entry);
  }

  /** Makes room: drops every entry, but not what tells builds in flight that they are stale. */
  private dropEntries(): void {
    this.byArticle.clear();
    this.aliases.clear();
    this.aliasesOf.clear();
    this.size = 0;
  }

  private addAlias(alias: string, articleId: string): void {
    const previous = this.aliases.get(alias);
    if (previous !== undefined && previous !== articleId) this.aliasesOf.get(previous)?.delete(alias);
    this.aliases.set(alias, articleId);
    let names = this.aliasesOf.get(articleId);
    if (!names) this.aliasesOf.set(articleId, (names = new Set()));
    names.add(alias);
  }
}

function makeEntry(body: string, contentType: string): CachedResponse {
  const buffer = Buffer.from(body, 'utf8');
  // Weak: the same entry goes out in several encodings. A digest of the bytes, so that processes
  // serving the same discussion agree and a restarted one does not reuse an old tag.
  const etag = `W/"${buffer.length.toString(36)}-${createHash('sha1').update(buffer).digest('base64url').slice(0, 16)}"`;
  return { body: buffer, contentType, etag, encoded: {}, ready: {} };
}

/** The best encoding of the ones the client accepts that is worth using for this body. */
export function chooseEncoding(acceptEncoding: string | undefined, bytes: number): Encoding | null {
  if (!acceptEncoding || bytes < MIN_COMPRESS_BYTES) return null;
  if (/\bbr\b/.test(acceptEncoding)) return 'br';
  if (/\bgzip\b/.test(acceptEncoding)) return 'gzip';
  return null;
}

/** The entry's body in an encoding, compressed on the thread pool the first time it is asked for. */
export function encodedBody(entry: CachedResponse, encoding: Encoding): Promise<Buffer> {
  let out = entry.encoded[encoding];
  if (!out) {
    out =
      encoding === 'br'
        ? br(entry.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: entry.body.length } })
        : gz(entry.body, { level: 6 });
    entry.encoded[encoding] = out;
    const made = out;
    made.then(
      (bytes) => void (entry.ready[encoding] = bytes),
      // A failure is not kept: the next request tries again.
      () => {
        if (entry.encoded[encoding] === made) delete entry.encoded[encoding];
      },
    );
  }
  return out;
}

/**
 * Sends a cached entry: its ETag (a matching If-None-Match gets 304), `Vary: Accept-Encoding`,
 * and the compressed copy the client prefers. Anything else the response needs (a CSP, a
 * different Cache-Control) is set by the caller before.
 */
export function sendCached(req: FastifyRequest, reply: FastifyReply, entry: CachedResponse): FastifyReply | Promise<FastifyReply> {
  const vary = reply.getHeader('vary');
  reply.header('etag', entry.etag).header('vary', vary ? `${String(vary)}, accept-encoding` : 'accept-encoding').type(entry.contentType);
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache');
  if (req.headers['if-none-match'] === entry.etag) return reply.code(304).send();
  const encoding = chooseEncoding(req.headers['accept-encoding'], entry.body.length);
  if (!encoding) return reply.send(entry.body);
  reply.header('content-encoding', encoding);
  const ready = entry.ready[encoding];
  return ready ? reply.send(ready) : encodedBody(entry, encoding).then((bytes) => reply.send(bytes));
}
