// Caches the anonymous reads that dominate traffic: the first pages of a discussion, as JSON
// and as HTML. Comments are rendered at write time, so filling an entry is cheap; entries are
// dropped by article when an event says that article's discussion changed, so a read right after
// a write costs one bounded page query, not a rebuild of the thread. A gzip copy is made once per
// entry for clients that accept it.
import { gzipSync } from 'node:zlib';

export interface CachedResponse {
  body: Buffer;
  gzip: Buffer | null;
  contentType: string;
  etag: string;
}

export class ResponseCache {
  private readonly byArticle = new Map<string, Map<string, CachedResponse>>();
  private size = 0;

  constructor(private readonly maxEntries = 5000) {}

  get(articleId: string, key: string): CachedResponse | undefined {
    return this.byArticle.get(articleId)?.get(key);
  }

  set(articleId: string, key: string, body: string, contentType: string): CachedResponse {
    if (this.size >= this.maxEntries) this.clear();
    const buffer = Buffer.from(body, 'utf8');
    const entry: CachedResponse = {
      body: buffer,
      gzip: buffer.length > 1024 ? gzipSync(buffer, { level: 6 }) : null,
      contentType,
      etag: `W/"${buffer.length.toString(36)}-${hash(buffer)}"`,
    };
    let entries = this.byArticle.get(articleId);
    if (!entries) this.byArticle.set(articleId, (entries = new Map()));
    if (!entries.has(key)) this.size++;
    entries.set(key, entry);
    return entry;
  }

  invalidate(articleId: string): void {
    const entries = this.byArticle.get(articleId);
    if (!entries) return;
    this.size -= entries.size;
    this.byArticle.delete(articleId);
  }

  clear(): void {
    this.byArticle.clear();
    this.size = 0;
  }
}

function hash(buffer: Buffer): string {
  // FNV-1a over the bytes: enough to tell versions of one entry apart.
  let h = 0x811c9dc5;
  for (let i = 0; i < buffer.length; i++) {
    h ^= buffer[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
