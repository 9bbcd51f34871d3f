// Compresses text responses for clients that accept it (Brotli, else gzip): pages, styles,
// scripts, feeds, sitemaps, JSON. Immutable responses (the content-hashed client assets) are
// compressed once at a high level and kept; other responses are compressed per request at a fast
// level on the thread pool, off the event loop. Responses that already carry a Content-Encoding
// (the discussion cache's compressed copies), streams (images), and small bodies pass untouched,
// and a string body is never copied into bytes just to be measured.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const br = promisify(brotliCompress);
const gz = promisify(gzip);
const COMPRESSIBLE = /^(?:text\/|application\/(?:json|problem\+json|feed\+json|xml|rss\+xml|atom\+xml|javascript)|image\/svg\+xml)/;
const MIN_BYTES = 1024;
const KEPT_LIMIT = 200;

function addVary(current: unknown, value: string): string {
  if (current === undefined || current === '') return value;
  const list = String(current)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!list.some((v) => v.toLowerCase() === value)) list.push(value);
  return list.join(', ');
}

/** Whether a body is at least `min` bytes long, without encoding a string to find out. */
function atLeast(payload: string | Buffer, min: number): boolean {
  if (Buffer.isBuffer(payload)) return payload.length >= min;
  // A UTF-16 unit is one to three bytes in UTF-8: a long string is long enough as it is.
  return payload.length >= min || Buffer.byteLength(payload) >= min;
}

export function registerCompression(app: FastifyInstance): void {
  const kept = new Map<string, Buffer>();
  app.addHook('onSend', async (req, reply, payload) => {
    // Checked first, and cheapest first: most responses leave here untouched.
    if (req.method === 'HEAD' || reply.statusCode === 204 || reply.statusCode === 304 || reply.hasHeader('content-encoding')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (!atLeast(payload, MIN_BYTES)) return payload;
    if (!COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))) return payload;
    reply.header('vary', addVary(reply.getHeader('vary'), 'accept-encoding'));
    const accept = req.headers['accept-encoding'];
    const encoding = !accept ? null : /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : null;
    if (!encoding) return payload;
    const immutable = String(reply.getHeader('cache-control') ?? '').includes('immutable');
    const key = immutable ? `${encoding} ${req.url}` : null;
    let out = key ? kept.get(key) : undefined;
    if (!out) {
      // zlib takes strings as they are (UTF-8), no copy into a Buffer first.
      out =
        encoding === 'br'
          ? await br(payload, { params: { [constants.BROTLI_PARAM_QUALITY]: immutable ? 10 : 4, [constants.BROTLI_PARAM_SIZE_HINT]: payload.length } })
          : await gz(payload, { level: immutable ? 9 : 5 });
      if (key) {
        if (kept.size >= KEPT_LIMIT) kept.clear();
        kept.set(key, out);
      }
    }
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return out;
  });
}
