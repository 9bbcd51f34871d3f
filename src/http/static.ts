// Static files: the client build (content-hashed, cached for a year), the demo images, uploaded
// media under DATA_DIR, and the favicon.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { HttpDeps } from './server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLIENT_ASSETS_DIR = path.join(ROOT, 'dist/client/assets');
export const DEMO_MEDIA_DIR = path.join(ROOT, 'src/seed/assets');
const PUBLIC_DIR = path.join(ROOT, 'public');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

const SAFE_NAME = /^[A-Za-z0-9._-]+$/;

async function sendFile(reply: FastifyReply, dir: string, name: string, cacheControl: string): Promise<FastifyReply> {
  const type = TYPES[path.extname(name).toLowerCase()];
  if (!SAFE_NAME.test(name) || name.startsWith('.') || !type) {
    reply.callNotFound();
    return reply;
  }
  try {
    const body = await fs.readFile(path.join(dir, name));
    reply.header('cache-control', cacheControl).type(type);
    // SVGs are images here, never documents that could run script.
    if (type === 'image/svg+xml') reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    return reply.send(body);
  } catch {
    reply.callNotFound();
    return reply;
  }
}

export function registerStaticRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const year = 'public, max-age=31536000, immutable';
  app.get('/assets/:file', async (req, reply) => sendFile(reply, CLIENT_ASSETS_DIR, (req.params as { file: string }).file, year));
  app.get('/media/demo/:file', async (req, reply) => sendFile(reply, DEMO_MEDIA_DIR, (req.params as { file: string }).file, 'public, max-age=86400'));
  app.get('/media/:file', async (req, reply) => sendFile(reply, path.join(deps.config.dataDir, 'media'), (req.params as { file: string }).file, 'public, max-age=86400'));
  app.get('/favicon.svg', async (_req, reply) => sendFile(reply, PUBLIC_DIR, 'favicon.svg', 'public, max-age=86400'));
  app.get('/favicon.ico', async (_req, reply) => reply.redirect('/favicon.svg', 301));
}
