// `npm run bench`: seeds a site with a 500-comment and a 50,000-comment discussion, runs Parley
// in a child process over it, and measures the reads and writes that DESIGN.md budgets, next
// to a bare node:http server returning the same bytes. `--postgres` runs the same on a
// temporary PostgreSQL database (BENCH_DATABASE_URL). Durations: BENCH_DURATION (seconds per
// measured run, default 10), BENCH_WARMUP (default 2). Results: bench/results/latest.json.
// BENCH_CPU_PROF=DIR writes a V8 CPU profile of the Parley process there (open in DevTools).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, migrateToLatest } from '../src/store/connect.js';
import { startChild, startJanitor, type ChildServer } from './lib/children.js';
import { installCleanupHandlers, onCleanup, onExit, runCleanup } from './lib/cleanup.js';
import { checkCacheConsistency } from './lib/consistency.js';
import { planBenchDatabase } from './lib/database.js';
import { createClient } from './lib/http-client.js';
import { load, type LoadRun } from './lib/load.js';
import { explainQueries, type QueryPlan } from './lib/plans.js';
import { createPostFactory, postRequests, readAfterWrite, type ReadAfterWrite } from './lib/posting.js';
import { createRandom } from './lib/random.js';
import { BUDGETS, factorVerdict, loadRow, machine, machineLine, markdownTable, rawRow, throughputVerdict, type Row } from './lib/report.js';
import { seedBench, type SeededArticle } from './lib/seed.js';
import { checkCounters, countComments, replyTargets, statusCounts, type CounterCheck } from './lib/verify.js';

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, not "${raw}"`);
  return n;
}

const settings = {
  db: process.argv.includes('--postgres') ? ('postgres' as const) : ('sqlite' as const),
  seconds: envNumber('BENCH_DURATION', 10),
  warmup: envNumber('BENCH_WARMUP', 2),
  connections: envNumber('BENCH_CONNECTIONS', 50),
  rawIterations: envNumber('BENCH_RAW_ITERATIONS', 500),
  rawMaxSeconds: envNumber('BENCH_RAW_MAX_SECONDS', 30),
  smallThread: envNumber('BENCH_SMALL_THREAD', 500),
  largeThread: envNumber('BENCH_LARGE_THREAD', 50_000),
  users: envNumber('BENCH_USERS', 2_000),
  tokenUsers: envNumber('BENCH_TOKEN_USERS', 200),
  postConnections: envNumber('BENCH_POST_CONNECTIONS', 10),
  /** BENCH_POSTS_ONLY=1: only the posting run (e), for profiling the write path. */
  postsOnly: process.env.BENCH_POSTS_ONLY === '1',
};

const log = (line: string) => console.log(line);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** Folds the identical per-branch parts of a UNION ALL plan into one line with a count. */
function compactPlan(plan: string[]): string[] {
  const counts = new Map<string, number>();
  for (const line of plan) {
    const key = line.replace(/\bb\d+\b/g, 'b#').trimStart();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([line, n]) => (n > 1 ? `${line}  (×${n})` : line));
}

async function settledCount(count: () => Promise<number>): Promise<number> {
  let last = await count();
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const now = await count();
    if (now === last) return now;
    last = now;
  }
  throw new Error('the comment count did not settle after the warm-up');
}

function describeRun(name: string, r: LoadRun): void {
  const codes = Object.entries(r.statusCodes)
    .map(([c, n]) => `${c}×${n}`)
    .join(' ');
  log(
    `  ${name}: ${Math.round(r.rps)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(1)} ms, ` +
      `server CPU ${Math.round(r.cpuUsPerRequest)} µs/req (server busy ${r.serverCores.toFixed(2)} cores), ${Math.round(r.wireBytesPerResponse)} B/resp on the wire, [${codes}]` +
      `${r.errors ? `, ${r.errors} errors` : ''}${r.timeouts ? `, ${r.timeouts} timeouts` : ''}, server RSS ${Math.round(r.serverRssMb)} MB` +
      `${r.otherCores === null ? '' : `; other processes kept ${r.otherCores.toFixed(2)} cores busy`}`,
  );
}

function describeRaw(name: string, r: ReadAfterWrite): void {
  log(
    `  ${name}: read p50 ${r.readP50.toFixed(2)} ms, p90 ${r.readP90.toFixed(2)} ms, p99 ${r.readP99.toFixed(2)} ms, max ${r.readMax.toFixed(1)} ms; ` +
      `server CPU per read p50 ${Math.round(r.readCpuUsP50)} µs, p99 ${Math.round(r.readCpuUsP99)} µs; ` +
      `${r.commentsShown === null ? '' : `${r.commentsShown} comments on the page (${Math.round(r.readCpuUsP50 / Math.max(1, r.commentsShown))} µs CPU each); `}` +
      `${r.changed}/${r.iterations} pages changed; posts ${Object.entries(r.statuses).map(([k, n]) => `${k} ${n}`).join(', ')}; post p50 ${r.postP50.toFixed(2)} ms`,
  );
}

async function main(): Promise<void> {
  installCleanupHandlers();
  const started = performance.now();
  const host = machine();
  log(`Parley benchmark — ${settings.db}, ${settings.connections} connections, ${settings.warmup} s warm-up + ${settings.seconds} s per run`);
  log(machineLine(host, settings.db));
  const [load1] = os.loadavg();
  if ((load1 ?? 0) > host.cores / 2) log(`⚠ the machine is already busy (1-minute load ${load1!.toFixed(2)} on ${host.cores} cores): expect noisy, low figures`);

  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
  onExit(() => fs.rmSync(tmpDir, { recursive: true, force: true }));
  onCleanup(() => fs.rmSync(tmpDir, { recursive: true, force: true }));

  const plan = planBenchDatabase(settings.db, tmpDir);
  // Should this process be killed outright (a wrapper's SIGKILL), the janitor still cleans up.
  startJanitor({ tmpDir, ...plan.janitor });
  const bench = await plan.create();
  onCleanup(() => bench.drop());
  log(`database: ${bench.describe}`);

  // ---- 1. Seed ---------------------------------------------------------------------------
  const connection = connect(bench.database, { poolSize: 2 });
  onCleanup(() => connection.close());
  await migrateToLatest(connection.db);
  const seed = await seedBench(connection, {
    threads: [
      { label: `${settings.smallThread.toLocaleString('en-US')}-comment thread`, slug: 'small-thread', comments: settings.smallThread },
      { label: `${settings.largeThread.toLocaleString('en-US')}-comment thread`, slug: 'large-thread', comments: settings.largeThread },
    ],
    users: settings.users,
    tokenUsers: settings.tokenUsers,
    templates: 400,
    log,
  });
  const [small, large] = seed.articles as [SeededArticle, SeededArticle];
  log(
    `seed: ${Math.round(seed.timings.commentsPerSecond).toLocaleString('en-US')} comments/s written; ` +
      `whole seed ${(seed.timings.totalMs / 1000).toFixed(1)} s (of which users ${(seed.timings.usersMs / 1000).toFixed(1)} s, mostly argon2)`,
  );

  // ---- Query plans of the thread reads, on the 50k thread --------------------------------
  const largest = await connection.db
    .selectFrom('comments')
    .select(['id', 'descendant_count'])
    .where('article_id', '=', large.id)
    .where('depth', '=', 0)
    .orderBy('descendant_count', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const prolific = await connection.db
    .selectFrom('comments')
    .select((eb) => ['author_id', eb.fn.countAll().as('n')])
    .groupBy('author_id')
    .orderBy('n', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const siteId = seed.site.id;
  const plans: QueryPlan[] = await explainQueries(bench.database, {
    'top-level page, best (50k thread)': (s) => s.listTopLevel({ siteId, articleId: large.id, sort: 'best', limit: 21 }),
    'top-level page, newest (50k thread)': (s) => s.listTopLevel({ siteId, articleId: large.id, sort: 'newest', limit: 21 }),
    'first replies of the page roots (50k thread)': async (s) => {
      const roots = await s.listTopLevel({ siteId, articleId: large.id, sort: 'best', limit: 20 });
      return s.listBranches({ siteId, rootIds: roots.filter((r) => r.descendantCount > 0).map((r) => r.id), limitPerBranch: 6 });
    },
    [`more replies of the largest branch (${largest.descendant_count} replies)`]: (s) => s.listBranch({ siteId, rootId: largest.id, limit: 51 }),
    [`signed-in reader's pending comments (author of ${prolific.n} comments)`]: (s) =>
      s.listPendingByAuthor({ siteId, articleId: large.id, authorId: String(prolific.author_id), limit: 20 }),
  });
  log('\nQuery plans (50k thread):');
  for (const p of plans) {
    log(`  ${p.name} — ${p.timeUs.toFixed(0)} µs${p.warnings.length ? `  ⚠ ${p.warnings.join('; ')}` : ''}`);
    for (const line of compactPlan(p.plan)) log(`      ${line}`);
  }

  // ---- 2. Parley in a child process ------------------------------------------------------
  const server = await startChild('server.ts', 'parley', {
    DATABASE_URL: bench.url,
    DATA_DIR: tmpDir,
    PARLEY_SEED_DEMO: '0',
    PARLEY_RATE_LIMITS: 'off',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'silent',
    NODE_ENV: 'production',
  }, { profileDir: process.env.BENCH_CPU_PROF || undefined });
  onCleanup(() => server.stop());
  log(`\nparley: pid ${server.pid}, http://127.0.0.1:${server.port}`);
  const client = createClient(server.port);
  onCleanup(() => client.close());

  const health = await client.get('/healthz');
  if (health.status !== 200) throw new Error(`/healthz answered ${health.status}`);
  const jsonPath = (a: SeededArticle) => `/api/v1/articles/${a.id}/comments?sort=best`;
  const htmlPath = (a: SeededArticle) => `/articles/${a.slug}`;
  const probe = async (p: string) => {
    const plain = await client.get(p);
    if (plain.status !== 200) throw new Error(`GET ${p} answered ${plain.status}: ${plain.body.toString('utf8').slice(0, 300)}`);
    const gz = await client.get(p, { 'accept-encoding': 'gzip' });
    return { body: plain.body.length, gzip: gz.headers['content-encoding'] === 'gzip' ? gz.body.length : null, bytes: plain.body, type: String(plain.headers['content-type']) };
  };
  const pages = {
    jsonSmall: await probe(jsonPath(small)),
    jsonLarge: await probe(jsonPath(large)),
    htmlSmall: await probe(htmlPath(small)),
    htmlLarge: await probe(htmlPath(large)),
  };

  // Let the server's JIT and caches settle before the first measured run.
  for (let i = 0; i < 200; i++) {
    for (const p of [jsonPath(small), jsonPath(large), htmlPath(small), htmlPath(large)]) await client.get(p);
  }

  // ---- 3. Runs ---------------------------------------------------------------------------
  const common = { connections: settings.connections, warmupSeconds: settings.warmup, seconds: settings.seconds };
  const runs: Record<string, LoadRun> = {};
  const measure = async (key: string, name: string, target: ChildServer, p: string, headers?: Record<string, string>) => {
    if (settings.postsOnly) return;
    runs[key] = await load({ ...common, server: target, path: p, ...(headers ? { headers } : {}) });
    describeRun(name, runs[key]!);
  };
  log('\nRuns:');
  await measure('a', 'a. JSON first page, 500 thread', server, jsonPath(small));
  await measure('a2', "a'. JSON first page, 500 thread, Accept-Encoding: gzip (as browsers ask)", server, jsonPath(small), { 'accept-encoding': 'gzip' });
  await measure('b', 'b. JSON first page, 50k thread', server, jsonPath(large));
  await measure('c', 'c. HTML article page, 500 thread', server, htmlPath(small));
  await measure('c2', "c'. HTML article page, 500 thread, Accept-Encoding: br, gzip (as browsers ask)", server, htmlPath(small), { 'accept-encoding': 'br, gzip' });
  await measure('d', 'd. HTML article page, 50k thread', server, htmlPath(large));

  // g. The ceiling, serving the bytes of (a) as they were before any write.
  if (!settings.postsOnly) {
    const ceilingBody = path.join(tmpDir, 'ceiling-body');
    fs.writeFileSync(ceilingBody, pages.jsonSmall.bytes);
    const ceiling = await startChild('ceiling.ts', 'ceiling', { BENCH_CEILING_BODY: ceilingBody, BENCH_CEILING_TYPE: pages.jsonSmall.type });
    onCleanup(() => ceiling.stop());
    await measure('g', 'g. ceiling: bare node:http, bytes of (a)', ceiling, '/');
    await ceiling.stop();
  }

  // e. Posting, through the whole pipeline, with bearer tokens round-robin.
  const rng = createRandom(7);
  const tokens = seed.tokens.map((t) => t.token);
  const bodies = seed.templates.map((t) => t.markdown);
  const smallTargets = await replyTargets(connection.db, small.id, 100_000);
  const postPath = (a: SeededArticle) => `/api/v1/articles/${a.id}/comments`;
  // Posts at the read runs' 50 connections, then at BENCH_POST_CONNECTIONS (default 10): with a
  // closed loop, 50 writers at 1,000/s already wait 50 ms on average (Little's law), so the
  // p99 budget can only be read at a writer count a newsroom's comment rate resembles.
  const postRun = async (connections: number) => {
    let before = 0;
    let since = new Date().toISOString();
    const run = await load({
      ...common,
      connections,
      // Posts warm up by count, so that none is still in flight when the rows are counted.
      warmupAmount: settings.warmup > 0 ? Math.max(connections * 4, Math.round(settings.warmup * 200)) : 0,
      server,
      path: postPath(small),
      requests: postRequests(postPath(small), createPostFactory(rng, bodies, tokens, smallTargets)),
      // A fixed number of posts (sized from the warm-up to take about BENCH_DURATION), so that
      // every post sent is answered and the row count can be checked exactly.
      amount: (rps) => Math.max(connections * 4, Math.round(Math.max(rps, 50) * settings.seconds)),
      beforeMeasure: async () => {
        before = await settledCount(() => countComments(connection.db, small.id));
        since = new Date().toISOString();
      },
    });
    const grew = (await countComments(connection.db, small.id)) - before;
    return { run, grew, exact: grew === run.ok, statuses: await statusCounts(connection.db, small.id, since) };
  };
  const describePosts = (key: string, p: Awaited<ReturnType<typeof postRun>>) => {
    describeRun(`${key}. POST comment, 500 thread, ${p.run.connections} connections`, p.run);
    log(
      `  ${key}. database check: comments grew by ${p.grew}, 2xx responses ${p.run.ok} → ${p.exact ? 'exact ✓' : 'MISMATCH ✗'}; ` +
        `decisions: ${Object.entries(p.statuses).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    );
  };
  const posts50 = await postRun(settings.connections);
  describePosts('e', posts50);
  const postsFew = await postRun(settings.postConnections);
  describePosts("e'", postsFew);
  runs.e = posts50.run;
  runs.e2 = postsFew.run;
  const grew = posts50.grew + postsFew.grew;
  const postsExact = posts50.exact && postsFew.exact;
  const postStatuses = posts50.statuses;
  if (settings.postsOnly) {
    await server.stop();
    return;
  }

  // f. Read right after write: post, then read the first page (a cache miss), sequentially.
  const raw: Record<string, ReadAfterWrite> = {};
  const largeTargets = await replyTargets(connection.db, large.id, 100_000);
  const rawCases: [string, string, SeededArticle, string[], string][] = [
    ['f1', 'f1. read right after write: JSON, 500 thread', small, smallTargets, jsonPath(small)],
    ['f2', 'f2. read right after write: JSON, 50k thread', large, largeTargets, jsonPath(large)],
    ['f3', 'f3. read right after write: HTML, 500 thread', small, smallTargets, htmlPath(small)],
    ['f4', 'f4. read right after write: HTML, 50k thread', large, largeTargets, htmlPath(large)],
  ];
  for (const [key, name, article, targets, readPath] of rawCases) {
    if (settings.rawIterations === 0) break;
    raw[key] = await readAfterWrite({
      server,
      client,
      postPath: postPath(article),
      readPath,
      iterations: settings.rawIterations,
      maxSeconds: settings.rawMaxSeconds,
      next: createPostFactory(rng, bodies, tokens, targets),
    });
    describeRaw(name, raw[key]!);
  }

  // h. The response cache under concurrent reads and writes.
  const consistency = await checkCacheConsistency({
    server,
    client,
    readPath: jsonPath(small),
    postPath: postPath(small),
    next: createPostFactory(rng, bodies, tokens, smallTargets),
    readerToken: tokens[0]!,
    rounds: 10,
    seconds: 1.2,
    // A few readers: under heavy read load a later rebuild usually overwrites a stale one.
    connections: 3,
    settle: () => settledCount(() => countComments(connection.db, small.id)),
  });
  log(
    `  h. cache after concurrent reads + writes: ${consistency.staleRounds}/${consistency.rounds} rounds (readers busy, two posts mid-way) left a stale cached page` +
      `${consistency.examples.length ? `\n     e.g. ${consistency.examples[0]}` : ''}`,
  );

  const counters: Record<string, CounterCheck> = {
    [small.label]: await checkCounters(connection.db, small.id),
    [large.label]: await checkCounters(connection.db, large.id),
  };
  let countersOk = true;
  for (const [label, c] of Object.entries(counters)) {
    const ok = c.wrongReplyCounts === 0 && c.wrongDescendantCounts === 0 && c.articleCommentCount === c.approvedComments;
    countersOk &&= ok;
    log(
      `  counters, ${label}: ${c.comments} comments, comment_count ${c.articleCommentCount} vs ${c.approvedComments} approved, ` +
        `${c.wrongReplyCounts} wrong reply_count, ${c.wrongDescendantCounts} wrong descendant_count → ${ok ? '✓' : '✗'}`,
    );
  }
  await server.stop();

  // ---- 4. Report -------------------------------------------------------------------------
  const a = runs.a!;
  const b = runs.b!;
  const c = runs.c!;
  const d = runs.d!;
  const e = runs.e!;
  const g = runs.g!;
  const rows: Row[] = [
    loadRow('a', 'JSON first page, 500 thread', a, throughputVerdict(a, BUDGETS.jsonRps, BUDGETS.jsonP99), pages.jsonSmall),
    loadRow("a'", 'same, Accept-Encoding: gzip', runs.a2!, throughputVerdict(runs.a2!, BUDGETS.jsonRps, BUDGETS.jsonP99), pages.jsonSmall),
    loadRow('b', 'JSON first page, 50k thread', b, factorVerdict(a, b), pages.jsonLarge),
    loadRow('c', 'HTML page, 500 thread', c, throughputVerdict(c, BUDGETS.htmlRps, BUDGETS.htmlP99), pages.htmlSmall),
    loadRow("c'", 'same, Accept-Encoding: br, gzip', runs.c2!, throughputVerdict(runs.c2!, BUDGETS.htmlRps, BUDGETS.htmlP99), pages.htmlSmall),
    loadRow('d', 'HTML page, 50k thread', d, factorVerdict(c, d), pages.htmlLarge),
    loadRow(
      'e',
      `POST comment, ${e.connections} connections (${Math.round(e.ok)} posts, DB ${posts50.exact ? 'exact' : 'MISMATCH'})`,
      e,
      settings.db === 'sqlite'
        ? throughputVerdict(e, BUDGETS.postRps, BUDGETS.postP99)
        : { text: `— (budget ≥ ${BUDGETS.postRps}/s is for SQLite)`, ok: null },
      null,
    ),
    loadRow(
      "e'",
      `same, ${runs.e2!.connections} connections (${Math.round(runs.e2!.ok)} posts, DB ${postsFew.exact ? 'exact' : 'MISMATCH'})`,
      runs.e2!,
      settings.db === 'sqlite'
        ? throughputVerdict(runs.e2!, BUDGETS.postRps, BUDGETS.postP99)
        : { text: `— (budget ≥ ${BUDGETS.postRps}/s is for SQLite)`, ok: null },
      null,
    ),
    ...Object.entries(raw).map(([key, r]) => rawRow(key, rawCases.find((x) => x[0] === key)![1].replace(/^f\d\. /, ''), r)),
    loadRow('g', 'ceiling: node:http, bytes of (a)', g, { text: `— (Parley (a) is ${(a.rps / g.rps).toFixed(2)}× of this)`, ok: null }, { body: pages.jsonSmall.body, gzip: null }),
  ];

  const table = markdownTable(rows);
  log(`\n${machineLine(host, bench.kind === 'sqlite' ? 'SQLite (better-sqlite3, WAL)' : 'PostgreSQL')}`);
  log(`Seed: ${small.comments} + ${large.comments} comments by ${settings.users} users at ${Math.round(seed.timings.commentsPerSecond).toLocaleString('en-US')} comments/s; ${settings.connections} connections, ${settings.seconds} s runs after ${settings.warmup} s warm-up.\n`);
  log(table);
  log(
    `\n50k/500 ratios: JSON ${(a.rps / b.rps).toFixed(2)}× (req/s), HTML ${(c.rps / d.rps).toFixed(2)}×; ` +
      `Parley/ceiling for (a): ${(a.rps / g.rps).toFixed(2)} (${Math.round(a.rps)} vs ${Math.round(g.rps)} req/s); ` +
      `JSON page sizes ${kb(pages.jsonSmall.body)} / ${kb(pages.jsonLarge.body)}, HTML ${kb(pages.htmlSmall.body)} / ${kb(pages.htmlLarge.body)} (HTML ${pages.htmlSmall.gzip === null ? 'is served uncompressed' : `gzipped for clients that ask: ${kb(pages.htmlSmall.gzip)}`}).`,
  );
  if (g.rps < a.rps * 1.3) {
    log(
      `Note: the bare ceiling (g) is only ${(g.rps / a.rps).toFixed(2)}× Parley's (a): the load generator, sharing ${host.cores} cores with the server, ` +
        `is the limit for these response sizes, not Parley; read the CPU-bound column for what the server could do.`,
    );
  }
  const failed = rows.filter((r) => r.verdict.ok === false).map((r) => r.id);
  log(
    `Budgets: ${failed.length ? `missed by ${failed.join(', ')}` : 'all met'}; post count ${postsExact ? 'exact' : 'MISMATCH'}; ` +
      `counters ${countersOk ? 'consistent' : 'INCONSISTENT'}; cached page stale after ${consistency.staleRounds}/${consistency.rounds} rounds of posts under read load.`,
  );

  const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
  fs.mkdirSync(resultsDir, { recursive: true });
  const json = {
    at: new Date().toISOString(),
    machine: host,
    database: bench.kind,
    settings,
    seed: { timings: seed.timings, articles: seed.articles },
    plans,
    pages: Object.fromEntries(Object.entries(pages).map(([k, v]) => [k, { bodyBytes: v.body, gzipBytes: v.gzip, contentType: v.type }])),
    runs,
    readAfterWrite: raw,
    posts: { grew, ok: e.ok + runs.e2!.ok, exact: postsExact, statuses: postStatuses },
    counters,
    cacheConsistency: consistency,
    rows,
    table,
    durationSeconds: (performance.now() - started) / 1000,
  };
  const text = `${JSON.stringify(json, null, 2)}\n`;
  fs.writeFileSync(path.join(resultsDir, 'latest.json'), text);
  fs.writeFileSync(path.join(resultsDir, `latest-${bench.kind}.json`), text);
  log(`\nWrote bench/results/latest.json (and latest-${bench.kind}.json) in ${((performance.now() - started) / 1000).toFixed(0)} s total.`);
  if (!postsExact || !countersOk) process.exitCode = 1;
}

try {
  await main();
} catch (err) {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
} finally {
  await runCleanup();
}
