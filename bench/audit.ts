// `npm run audit` (tsx bench/audit.ts): Lighthouse 12.2.3 in Debian's Chromium on the demo article
// with 200 comments. Seeds a fresh demo publication in a temporary DATA_DIR, brings its main
// discussion to 200 comments through the same comment service readers post through, starts the
// server in its own process, and audits the article page with Lighthouse's default (mobile,
// simulated slow 4G and 4× CPU slowdown) and desktop configurations. Prints the four category
// scores of each, the audits that lost points, and writes the whole summary to
// bench/results/audit-latest.json.
//
// Options: --runs N (default 1; the median performance score of N runs is reported),
//          --url PATH (another page of the same seeded site), --keep (leave the data directory).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import lighthouse, { desktopConfig, type Flags } from 'lighthouse';
import { createParley } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { User } from '../src/domain/types.js';
import { demoArticle, demoUsers } from '../src/seed/demo-content.js';
import { createComment } from '../src/services/comments/createComment.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const TARGET_COMMENTS = 200;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '1' }, url: { type: 'string' }, keep: { type: 'boolean', default: false } } });

// Words for the extra comments: written for this benchmark, varied so no two are the same.
const OPENERS = ['I read this twice', 'Good reporting', 'Thanks for the context', 'Interesting piece', 'Not sure I agree', 'Fair summary', 'Useful background', 'This matters more than it looks'];
const MIDDLES = [
  'the part about the port calls deserved more space',
  'a map of the routes would help readers follow it',
  'the timeline in the middle is the clearest explanation I have seen',
  'I would like to know what the shipping insurers think',
  'the ministers said very little that was new',
  'the numbers on fuel costs seem low to me',
  'the history section is what makes it worth reading',
  'it would be good to hear from people who live near the harbour',
];
const CLOSERS = ['Looking forward to the follow-up.', 'Will the paper keep tracking this?', 'Worth sharing.', 'Curious what others think.', '', 'More like this, please.'];

function commentText(i: number): string {
  const a = OPENERS[i % OPENERS.length]!;
  const b = MIDDLES[(i * 3) % MIDDLES.length]!;
  const c = CLOSERS[(i * 5) % CLOSERS.length]!;
  return `${a}: ${b}. ${c}`.trim() + (i % 7 === 0 ? `\n\nSecond thought, number ${i}: *context* is everything.` : '');
}

async function seed(dataDir: string): Promise<number> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PARLEY_RATE_LIMITS: 'off' });
  const parley = await createParley(config);
  try {
    const { store } = parley.deps;
    const site = (await store.listSites())[0]!;
    const article = (await store.getArticleBySlug({ siteId: site.id, slug: demoArticle.slug }))!;
    const people: { user: User; role: 'commenter' | 'staff' | 'moderator' }[] = [];
    for (const u of demoUsers) {
      const user = await store.findUserByUsernameKey({ usernameKey: u.username.toLowerCase() });
      if (user) people.push({ user, role: u.role ?? 'commenter' });
    }
    const posted: string[] = [];
    let i = 0;
    let count = article.commentCount;
    const start = Date.parse(demoArticle.publishedAt) + 3 * 86_400_000;
    while (count < TARGET_COMMENTS && i < TARGET_COMMENTS * 3) {
      const who = people[i % people.length]!;
      const parentId = i % 5 >= 3 && posted.length ? posted[(i * 7) % posted.length]! : null;
      const at = new Date(start + i * 11 * 60_000);
      const { comment } = await createComment({ ...parley.deps, clock: () => at }, { site, actor: who, articleId: article.id, parentId, body: commentText(i) });
      if (comment.parentId === null) posted.push(comment.id);
      i++;
      count = (await store.getArticle({ siteId: site.id, id: article.id }))!.commentCount;
    }
    return count;
  } finally {
    await parley.close();
  }
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`${url} did not answer within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function startServer(dataDir: string, port: number): ChildProcess {
  return spawn(process.execPath, [path.join(ROOT, 'bin/parley.js'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PARLEY_SEED_DEMO: '0', PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function startChromium(profile: string): Promise<{ port: number; proc: ChildProcess }> {
  const proc = spawn(
    CHROMIUM,
    ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${text}`)), 60_000);
    proc.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const m = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.on('exit', (code) => reject(new Error(`Chromium exited (${code}): ${text}`)));
  });
  return { port, proc };
}

interface Scores {
  performance: number;
  accessibility: number;
  'best-practices': number;
  seo: number;
}

async function audit(url: string, port: number, mode: 'mobile' | 'desktop') {
  const flags: Flags = { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] };
  const result = await lighthouse(url, flags, mode === 'desktop' ? desktopConfig : undefined);
  if (!result) throw new Error('Lighthouse returned nothing');
  const { lhr } = result;
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as unknown as Scores;
  const lost = Object.values(lhr.audits)
    .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
    .map((a) => `${a.id}: ${a.score} ${a.displayValue ?? ''}`.trim());
  const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'].map((id) => `${id} ${lhr.audits[id]?.displayValue ?? '?'}`);
  const details = (id: string) =>
    ((lhr.audits[id]?.details as { items?: Record<string, unknown>[] } | undefined)?.items ?? []).slice(0, 6).map((item) =>
      Object.entries(item)
        .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
        .map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v) : v}`)
        .join(' '),
    );
  const breakdown = { bootup: details('bootup-time'), mainThread: details('mainthread-work-breakdown'), compression: details('uses-text-compression'), consoleErrors: details('errors-in-console') };
  return { scores, lost, metrics, breakdown, benchmarkIndex: lhr.environment.benchmarkIndex, warnings: lhr.runWarnings };
}

async function main(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium package`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-audit-'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-audit-chromium-'));
  let server: ChildProcess | undefined;
  let chromium: ChildProcess | undefined;
  try {
    const comments = await seed(dataDir);
    console.log(`[audit] demo article seeded with ${comments} comments`);
    const port = await freePort();
    server = startServer(dataDir, port);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/healthz`, 120_000);
    const url = `${base}${args.url ?? `/articles/${demoArticle.slug}`}`;
    for (let i = 0; i < 3; i++) await fetch(url); // warm: first render, response cache
    const browser = await startChromium(profile);
    chromium = browser.proc;
    const runs = Math.max(1, Number(args.runs) || 1);
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    const summary: Record<string, unknown> = { url: args.url ?? `/articles/${demoArticle.slug}`, comments, lighthouse: '12.2.3', chromium: CHROMIUM, loadAverageBefore: load, cpus: os.cpus().length };
    for (const mode of ['mobile', 'desktop'] as const) {
      const results = [];
      for (let r = 0; r < runs; r++) results.push(await audit(url, browser.port, mode));
      results.sort((a, b) => a.scores.performance - b.scores.performance);
      const median = results[Math.floor(results.length / 2)]!;
      summary[mode] = { ...median, performanceRuns: results.map((r) => r.scores.performance) };
      console.log(`\n[audit] ${mode}: ${CATEGORIES.map((c) => `${c} ${median.scores[c]}`).join(' · ')}${runs > 1 ? ` (performance over ${runs} runs: ${results.map((r) => r.scores.performance).join(', ')})` : ''}`);
      console.log(`[audit] ${mode} metrics: ${median.metrics.join(' · ')} · benchmarkIndex ${median.benchmarkIndex}`);
      if (median.lost.length) console.log(`[audit] ${mode} audits below 0.9: ${median.lost.join('; ')}`);
      if (median.warnings.length) console.log(`[audit] ${mode} warnings: ${median.warnings.join(' | ')}`);
    }
    summary.loadAverageAfter = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench/results/audit-latest.json'), `${JSON.stringify(summary, null, 2)}\n`);
    console.log(`\n[audit] load average ${load} → ${summary.loadAverageAfter} on ${os.cpus().length} CPUs; summary in bench/results/audit-latest.json`);
  } finally {
    chromium?.kill();
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500)); // let Chromium finish writing its profile
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    if (!args.keep) fs.rmSync(dataDir, { recursive: true, force: true });
    else console.log(`[audit] data kept in ${dataDir}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
