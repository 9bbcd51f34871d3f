// Serving the embed's files (issue 7): embed.js and count.js at stable URLs (host pages link
// them; cached five minutes), the frame's hashed files for a year; gzip when accepted. Any
// origin may load them (Cross-Origin-Resource-Policy: cross-origin).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EMBED_DIR } from './build.js';

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
const SAFE = /^[A-Za-z0-9._-]+$/;

async function send(req: FastifyRequest, reply: FastifyReply, file: string, cacheControl: string): Promise<FastifyReply> {
  const type = TYPES[path.extname(file)];
  if (!type) {
    reply.callNotFound();
    return reply;
  }
  const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  try {
    const body = await readFile(path.join(EMBED_DIR, gzip ? `${file}.gz` : file));
    reply.header('cache-control', cacheControl).header('vary', 'accept-encoding').header('cross-origin-resource-policy', 'cross-origin').type(type);
    if (gzip) reply.header('content-encoding', 'gzip');
    return reply.send(body);
  } catch {
    reply.callNotFound();
    return reply;
  }
}

export function registerEmbedAssets(app: FastifyInstance): void {
  app.get('/embed.js', (req, reply) => send(req, reply, 'embed.js', 'public, max-age=300'));
  app.get('/count.js', (req, reply) => send(req, reply, 'count.js', 'public, max-age=300'));
  app.get('/embed/assets/:file', (req, reply) => {
    const { file } = req.params as { file: string };
    if (!SAFE.test(file) || file.startsWith('.')) {
      reply.callNotFound();
      return reply;
    }
    return send(req, reply, `assets/${file}`, 'public, max-age=31536000, immutable');
  });
}
