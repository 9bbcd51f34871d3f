// A small cache for feeds and sitemaps: entries live at most `ttlMs` (so articles published by
// another process, e.g. `parley publish`, show up soon), and are dropped at once when an event
// of this process says articles changed.
import { createHash } from 'node:crypto';

export interface CachedDocument {
  body: string;
  contentType: string;
  etag: string;
  expires: number;
}

export class DocumentCache {
  private readonly entries = new Map<string, CachedDocument>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 2000,
  ) {}

  get(key: string): CachedDocument | undefined {
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now()) return hit;
    if (hit) this.entries.delete(key);
    return undefined;
  }

  set(key: string, body: string, contentType: string): CachedDocument {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    // Weak: the same document goes out compressed in different ways.
    const etag = `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
    const entry = { body, contentType, etag, expires: this.now() + this.ttlMs };
    this.entries.set(key, entry);
    return entry;
  }

  deleteWhere(test: (key: string) => boolean): void {
    for (const key of [...this.entries.keys()]) if (test(key)) this.entries.delete(key);
  }
}
