// Live updates across processes: two Parley processes on one PostgreSQL database and one Redis.
// A reader's stream on one process receives what is posted through the other; when Redis goes
// away (a TCP proxy in front of the shared Redis is cut, not the server itself), pages and
// posting keep working, and live updates resume, including what was posted meanwhile, when it
// comes back.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelFor } from '../../src/realtime/index.js';
import { DEFAULT_SITE_SETTINGS } from '../../src/domain/types.js';
import { connect, migrateToLatest } from '../../src/store/connect.js';
import { KyselyStore } from '../../src/store/kysely-store.js';
import type { LiveCommentData } from '../../src/http/views/discussion/live.js';
import { createPostgresDatabase, postgresAvailable, type TestDatabase } from '../support/databases.js';
import { eventually, openSse, type SseStream } from './support/sse.js';
import { startParleyProcess, type ParleyProcess } from './support/processes.js';
import { redisAnswers, startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const pg = await postgresAvailable();
const redis = await redisAnswers();
if (!redis) {
  if (process.env.CI === 'true') throw new Error('Redis is required in CI but does not answer at 127.0.0.1:6379');
  console.warn('[parley tests] Redis not reachable at 127.0.0.1:6379: the multi-process live-update test is skipped');
}

describe.skipIf(!pg || !redis)('live updates across two processes over Redis', () => {
  let db: TestDatabase;
  // Each process reaches Redis through its own proxy, so each can be cut off on its own.
  let proxyA: TcpProxy;
  let proxyB: TcpProxy;
  let a: ParleyProcess;
  let b: ParleyProcess;
  let stream: SseStream;
  let token: string;
  let articleId: string;
  const SITE = 'fanout';

  const post = async (body: string) => {
    const res = await fetch(`${b.url}/api/v1/articles/${articleId}/comments?site=${SITE}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { comment: { id: string } }).comment.id;
  };
  const arrives = (id: string, timeoutMs?: number) => stream.waitFor((e) => e.event === 'comment' && (JSON.parse(e.data) as LiveCommentData).id === id, timeoutMs);

  beforeAll(async () => {
    db = await createPostgresDatabase();
    const connection = connect(db.config);
    await migrateToLatest(connection.db);
    const store = new KyselyStore(connection.db, connection.dialect);
    const now = new Date().toISOString();
    const site = await store.createSite({ id: '01KSITEFANOUT0000000000000', slug: SITE, name: 'Fan-out', publicUrl: null, settings: DEFAULT_SITE_SETTINGS, createdAt: now });
    articleId = '01KARTICLEFANOUT0000000000';
    await store.createArticle({ id: articleId, siteId: site.id, slug: 'fanout', title: 'Fan-out', dek: '', bodyMarkdown: 'Body', bodyHtml: '<p>Body</p>', leadImage: null, authors: [], tags: [], section: null, status: 'published', publishedAt: now, updatedAt: now, commentsMode: 'open', closeAt: null, createdAt: now });
    await connection.close();

    [proxyA, proxyB] = await Promise.all([startTcpProxy({ host: '127.0.0.1', port: 6379 }), startTcpProxy({ host: '127.0.0.1', port: 6379 })]);
    const env = { DATABASE_URL: (db.config as { url: string }).url, SESSION_SECRET: 'fanout-secret-fanout-secret-fanout-0123', DATA_DIR: '/tmp' };
    // One after the other: the first start creates the admin account (two at once would race).
    a = await startParleyProcess({ ...env, REDIS_URL: `redis://127.0.0.1:${proxyA.port}` });
    b = await startParleyProcess({ ...env, REDIS_URL: `redis://127.0.0.1:${proxyB.port}` });

    const signup = await fetch(`${b.url}/api/v1/auth/signup?site=${SITE}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'fan@example.test', username: 'fan', password: 'fan-password-0123456789', session: 'token' }),
    });
    expect(signup.status, await signup.clone().text()).toBe(201);
    token = ((await signup.json()) as { token: string }).token;

    stream = openSse(`${a.url}/api/v1/articles/${articleId}/events?site=${SITE}`);
    expect(await stream.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    stream?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await proxyA?.close();
    await proxyB?.close();
    await db?.drop();
  });

  it('delivers a comment posted through one process to a reader of the other', async () => {
    const started = Date.now();
    const id = await post('Across processes');
    const event = await arrives(id);
    expect(JSON.parse(event.data)).toMatchObject({ id, total: 1, comment: { id, author: { username: 'fan' } } });
    console.log(`[realtime] post through B → event on A: ${Date.now() - started} ms`);
  });

  it('keeps pages and posting working while Redis is away, and catches up when it returns', async () => {
    await Promise.all([proxyA.stop(), proxyB.stop()]);
    // Writes and reads go on without Redis, on both processes.
    const during = await post('Posted while Redis was away');
    for (const p of [a, b]) {
      const page = await fetch(`${p.url}/articles/fanout?site=${SITE}`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Posted while Redis was away');
    }
    const json = await fetch(`${a.url}/api/v1/articles/${articleId}/comments?site=${SITE}`);
    expect(((await json.json()) as { total: number }).total).toBe(2);
    // With both cut off there is no way for it to reach A.
    const seen = (id: string) => stream.events.some((e) => e.data.includes(id));
    expect(seen(during)).toBe(false);

    // B comes back first and sends what it kept; A, still cut off, misses the broadcast…
    await proxyB.start();
    const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
    try {
      await redis.connect();
      const log = `${channelFor(db.config)}:log`;
      await eventually(async () => ((await redis.xrange(log, '-', '+')) as [string, string[]][]).some(([, f]) => (f[1] ?? '').includes(during)), 30_000, "B's queued event in Redis");
    } finally {
      redis.disconnect();
    }
    expect(seen(during)).toBe(false);
    // …and catches up from the stream when it is back.
    await proxyA.start();
    await arrives(during, 30_000);
    const after = await post('After Redis came back');
    await arrives(after, 15_000);
    expect(a.stderr() + b.stderr()).not.toMatch(/unhandled|TypeError/i);
  }, 60_000);
});
