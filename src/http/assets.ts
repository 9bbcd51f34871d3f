// The browser bundle of the server-rendered pages: build it when its sources changed, and read
// the URLs of its files from the Vite manifest. The server serves dist/client/assets at /assets/.
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Manifest } from 'vite';
import { ensureEmbedBuild } from './embed/build.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT_DIR = path.join(ROOT, 'dist', 'client');
const MANIFEST = path.join(OUT_DIR, '.vite', 'manifest.json');
const ENTRY = 'src/client/article.tsx';
/** Anything whose change should rebuild the bundle (tests beside the views do not count). */
const SOURCES = ['src/client', 'src/http/views', 'src/http/api-types.ts', 'vite.config.ts', 'public'];

export interface ClientAssets {
  css: string[];
  js: string[];
}

export interface EnsureClientBuildOptions {
  /** Build even when the manifest looks current. */
  force?: boolean;
  log?: (line: string) => void;
}

function newestSourceTime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return /\.test\.tsx?$/.test(p) ? 0 : st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(p)) newest = Math.max(newest, newestSourceTime(path.join(p, name)));
  return newest;
}

/** True when the manifest is missing or older than any source of the bundle. */
export function clientBuildIsStale(): boolean {
  if (!existsSync(MANIFEST)) return true;
  const built = statSync(MANIFEST).mtimeMs;
  return SOURCES.some((s) => newestSourceTime(path.join(ROOT, s)) > built);
}

let building: Promise<void> | null = null;
let cached: ClientAssets | null = null;

async function build(options: EnsureClientBuildOptions): Promise<void> {
  if (!options.force && !clientBuildIsStale()) return;
  const log = options.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  // Build beside the live directory and swap it in, so a server (or a second process) never
  // reads a half-written dist/client.
  const tmp = path.join(ROOT, 'dist', `.client-${process.pid}-${started}`);
  try {
    const vite = await import('vite');
    await vite.build({
      configFile: path.join(ROOT, 'vite.config.ts'),
      root: ROOT,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: tmp, emptyOutDir: true },
    });
    rmSync(OUT_DIR, { recursive: true, force: true });
    try {
      renameSync(tmp, OUT_DIR);
    } catch (err) {
      // Another process swapped its build in first; theirs is as good as ours.
      if (!existsSync(MANIFEST)) throw err;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  cached = null;
  log(`[parley] client assets built in ${Date.now() - started} ms → ${path.relative(ROOT, OUT_DIR)}`);
}

/**
 * Builds dist/client when its manifest is missing or older than the sources. Concurrent calls in
 * one process share one build.
 */
export function ensureClientBuild(options: EnsureClientBuildOptions = {}): Promise<void> {
  building ??= build(options)
    // The embed's files (dist/embed) are built alongside
    .then(() => ensureEmbedBuild(options))
    .finally(() => {
      building = null;
    });
  return building;
}

/** Files the entry needs, as /assets/ URLs: its own JS and every stylesheet it and its imports pull in. */
export function loadAssets(): ClientAssets {
  if (cached) return cached;
  if (!existsSync(MANIFEST)) {
    throw new Error(`No client build at ${MANIFEST}: call ensureClientBuild() before rendering pages`);
  }
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
  const entry = manifest[ENTRY];
  if (!entry) throw new Error(`The client manifest has no entry for ${ENTRY}`);
  const url = (file: string) => `/assets/${path.posix.basename(file)}`;
  const css = new Set<string>();
  const seen = new Set<string>();
  const collect = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key)) return;
    seen.add(key);
    for (const file of chunk.css ?? []) css.add(url(file));
    for (const dep of chunk.imports ?? []) collect(dep);
  };
  collect(ENTRY);
  cached = { css: [...css], js: [url(entry.file)] };
  return cached;
}
