// Live-update delay (issue 7): how long from sending a post until each reader's open stream has
// the new comment, with 1,000 and 5,000 readers subscribed (SSE, the article page's JSON
// stream), on one Parley process (SQLite, in-process bus) and across two processes (PostgreSQL
// + Redis pub/sub: readers split between both, posts through one).
//
//   npx tsx bench/live.ts            both set-ups, 1,000 and 5,000 readers
//   LIVE_READERS=1000,5000 LIVE_POSTS=30 LIVE_SETUPS=one,two npx tsx bench/live.ts
//
// Readers, posts and Parley share one machine: the delay includes the readers' own parsing.
// Needs PostgreSQL (BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres) and
// Redis (REDIS_URL or redis://127.0.0.1:6379) for the two-process set-up; skipped without.
// Results: printed, and bench/results/live.json.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function child(): Promise<void> {
  const { createParley } = await import('../src/app.js');
  const { loadConfig } = await import('../src/config.js');
  const { isSharedBus } = await import('../src/realtime/index.js');
  const parley = await createParley(loadConfig());
  if (isSharedBus(parley.deps.events)) await parley.deps.events.ready();
  await parley.app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ port: (parley.app.server.address() as AddressInfo).port })}\n`);
  const quit = () => void parley.close().then(() => process.exit(0));
  process.on('SIGTERM', quit);
  // The benchmark holds our stdin: when it goes away, so do we.
  process.stdin.on('end', quit).resume();
}

interface Server {
  url: string;
  child: ChildProcess;
}

function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', PARLEY_SEED_DEMO: '0', PARLEY_RATE_LIMITS: 'off', SESSION_SECRET: 'live-bench-secret-live-bench-secret-0123', ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ url: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`, child });
    });
    child.once('exit', (code) => reject(new Error(`Parley exited (${code}) before it was ready`)));
  });
}

const stop = (s: Server) => new Promise<void>((r) => (s.child.exitCode !== null ? r() : (s.child.once('exit', () => r()), s.child.kill('SIGTERM'))));

async function setUp(database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string }) {
  const { connect, migrateToLatest } = await import('../src/store/connect.js');
  const { KyselyStore } = await import('../src/store/kysely-store.js');
  const { DEFAULT_SITE_SETTINGS } = await import('../src/domain/types.js');
  const connection = connect(database);
  await migrateToLatest(connection.db);
  const store = new KyselyStore(connection.db, connection.dialect);
  const now = new Date().toISOString();
  await store.createSite({ id: '01KLIVEBENCHSITE0000000000', slug: 'live', name: 'Live bench', publicUrl: null, settings: DEFAULT_SITE_SETTINGS, createdAt: now });
  await store.createArticle({ id: '01KLIVEBENCHARTICLE0000000', siteId: '01KLIVEBENCHSITE0000000000', slug: 'live', title: 'Live', dek: '', bodyMarkdown: '', bodyHtml: '', leadImage: null, authors: [], tags: [], section: null, status: 'published', publishedAt: now, updatedAt: now, commentsMode: 'open', closeAt: null, createdAt: now });
  await connection.close();
  return '01KLIVEBENCHARTICLE0000000';
}

interface Reader {
  arrivals: Map<string, number>;
  ready: Promise<void>;
  close(): void;
}

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/** One SSE reader: records when each comment id first shows up in its stream. */
function reader(url: string, ids: string[]): Reader {
  const arrivals = new Map<string, number>();
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((r) => (resolveReady = r));
  let tail = '';
  const req = http.get(url, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      const at = performance.now();
      if (chunk.includes('id: ')) resolveReady();
      const text = tail + chunk;
      for (const id of ids) if (!arrivals.has(id) && text.includes(id)) arrivals.set(id, at);
      tail = text.slice(-40);
    });
  });
  req.on('error', () => {});
  return { arrivals, ready, close: () => req.destroy() };
}

async function signUp(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/signup?site=live`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `w${randomBytes(4).toString('hex')}@bench.test`, username: `w${randomBytes(4).toString('hex')}`, password: 'writer-password-0123456789', session: 'token' }),
  });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

const pct = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! : NaN);

async function measure(label: string, servers: Server[], articleId: string, readers: number, posts: number) {
  const token = await signUp(servers[0]!.url);
  const writer = servers[servers.length - 1]!;
  // Ids are unknown before posting: readers look for a marker each post carries in its body.
  const markers = Array.from({ length: posts }, (_, i) => `m${randomBytes(6).toString('hex')}x${i}`);
  const open: Reader[] = [];
  for (let i = 0; i < readers; i += 250) {
    const batch = Array.from({ length: Math.min(250, readers - i) }, (_, j) => reader(`${servers[(i + j) % servers.length]!.url}/api/v1/articles/${articleId}/events?site=live`, markers));
    open.push(...batch);
    await Promise.all(batch.map((r) => r.ready));
  }
  const delays: number[] = [];
  const lastDelivery: number[] = [];
  const postTimes: number[] = [];
  for (let i = 0; i < posts; i++) {
    const marker = markers[i]!;
    const sent = performance.now();
    const res = await fetch(`${writer.url}/api/v1/articles/${articleId}/comments?site=live`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: `Live update ${marker}` }),
    });
    if (res.status !== 201) throw new Error(`post failed: ${res.status} ${await res.text()}`);
    postTimes.push(performance.now() - sent);
    const deadline = sent + 30_000;
    while (open.some((r) => !r.arrivals.has(marker)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const got = open.map((r) => r.arrivals.get(marker)).filter((t): t is number => t !== undefined);
    if (got.length < open.length) console.warn(`  ${label}: post ${i}: ${open.length - got.length} readers never got it`);
    for (const t of got) delays.push(t - sent);
    lastDelivery.push(Math.max(...got) - sent);
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const r of open) r.close();
  delays.sort((a, b) => a - b);
  lastDelivery.sort((a, b) => a - b);
  postTimes.sort((a, b) => a - b);
  const row = { setup: label, readers, posts, deliveries: delays.length, p50: +pct(delays, 0.5).toFixed(1), p99: +pct(delays, 0.99).toFixed(1), max: +pct(delays, 1).toFixed(1), lastReaderP50: +pct(lastDelivery, 0.5).toFixed(1), postResponseP50: +pct(postTimes, 0.5).toFixed(1) };
  console.log(`  ${label}, ${readers} readers: p50 ${row.p50} ms, p99 ${row.p99} ms, max ${row.max} ms (last reader of a post: p50 ${row.lastReaderP50} ms; the post's own response: p50 ${row.postResponseP50} ms) over ${delays.length} deliveries`);
  return row;
}

async function main(): Promise<void> {
  const readerCounts = (process.env.LIVE_READERS ?? '1000,5000').split(',').map(Number);
  const posts = Number(process.env.LIVE_POSTS ?? 30);
  const setups = (process.env.LIVE_SETUPS ?? 'one,two').split(',');
  const rows: unknown[] = [];
  console.log(`Live-update delay, post → each reader's stream (${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(2)}; readers, writer and Parley share this machine)`);

  if (setups.includes('one')) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-live-'));
    const database = { kind: 'sqlite' as const, file: path.join(dir, 'live.db') };
    const articleId = await setUp(database);
    const server = await startServer({ DATA_DIR: dir, DATABASE_URL: `sqlite:${database.file}` });
    try {
      for (const n of readerCounts) rows.push(await measure('one process (SQLite, in-process bus)', [server], articleId, n, posts));
    } finally {
      await stop(server);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  if (setups.includes('two')) {
    const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const name = `parley_live_${randomBytes(5).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin });
    try {
      await client.connect();
      await client.query(`create database ${name}`);
    } catch (err) {
      console.warn(`  two processes: skipped, PostgreSQL not reachable (${(err as Error).message})`);
      await client.end().catch(() => {});
      return finish(rows);
    }
    const url = new URL(admin);
    url.pathname = `/${name}`;
    const articleId = await setUp({ kind: 'postgres', url: url.toString() });
    const env = { DATABASE_URL: url.toString(), REDIS_URL: redis, DATA_DIR: os.tmpdir() };
    // One after the other: the first start creates the admin account (two at once would race).
    const servers = [await startServer(env), await startServer(env)];
    try {
      for (const n of readerCounts) rows.push(await measure('two processes (PostgreSQL + Redis)', servers, articleId, n, posts));
    } finally {
      await Promise.all(servers.map(stop));
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    }
  }
  finish(rows);
}

function finish(rows: unknown[]): void {
  const out = path.join(ROOT, 'bench/results/live.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), cpus: os.cpus().length, load: os.loadavg(), rows }, null, 2)}\n`);
  console.log(`Wrote ${path.relative(ROOT, out)}`);
  agent.destroy();
}

if (process.argv.includes('--child')) await child();
else await main();
