// Compresses text responses for clients that accept it (Brotli, else gzip): pages, styles,
// scripts, feeds, sitemaps, JSON. Immutable responses (the content-hashed client assets) are
// compressed once at a high level and kept; other responses are compressed per request at a fast
// level on the thread pool, off the event loop. Responses that already carry a Content-Encoding
// (the discussion cache's gzip copies), streams (images), and small bodies pass untouched.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const br = promisify(brotliCompress);
const gz = promisify(gzip);
const COMPRESSIBLE = /^(?:text\/|application\/(?:json|problem\+json|feed\+json|xml|rss\+xml|atom\+xml|javascript)|image\/svg\+xml)/;
const MIN_BYTES = 1024;
const KEPT_LIMIT = 200;

function addVary(current: unknown, value: string): string {
  const list = String(current ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!list.some((v) => v.toLowerCase() === value)) list.push(value);
  return list.join(', ');
}

export function registerCompression(app: FastifyInstance): void {
  const kept = new Map<string, Buffer>();
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.method === 'HEAD' || reply.statusCode === 204 || reply.statusCode === 304 || reply.hasHeader('content-encoding')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (!COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (body.length < MIN_BYTES) return payload;
    reply.header('vary', addVary(reply.getHeader('vary'), 'accept-encoding'));
    const accept = String(req.headers['accept-encoding'] ?? '');
    const encoding = /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : null;
    if (!encoding) return payload;
    const immutable = String(reply.getHeader('cache-control') ?? '').includes('immutable');
    const key = immutable ? `${encoding} ${req.url}` : null;
    let out = key ? kept.get(key) : undefined;
    if (!out) {
      out =
        encoding === 'br'
          ? await br(body, { params: { [constants.BROTLI_PARAM_QUALITY]: immutable ? 10 : 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
          : await gz(body, { level: immutable ? 9 : 5 });
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
