// The benchmark's report: each figure next to its budget from DESIGN.md ("Budgets"), as a
// markdown table on stdout and as JSON in bench/results/.
import os from 'node:os';
import type { LoadRun } from './load.js';
import type { ReadAfterWrite } from './posting.js';

/** The budgets of DESIGN.md that this benchmark measures (2-core machine). */
export const BUDGETS = {
  jsonRps: 10_000,
  jsonP99: 25,
  htmlRps: 3_000,
  htmlP99: 40,
  postRps: 1_000,
  postP99: 50,
  largeThreadFactor: 1.5,
} as const;

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  memoryGb: number;
  platform: string;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export interface Verdict {
  text: string;
  ok: boolean | null;
}

export interface Row {
  id: string;
  title: string;
  rps: number | null;
  p50: number;
  p99: number;
  cpuUs: number | null;
  bodyBytes: number | null;
  gzipBytes: number | null;
  verdict: Verdict;
  /** Cores other processes kept busy during the run (noise indicator). */
  otherCores: number | null;
  note?: string;
}

const nf = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number) => (n < 10 ? nf(n, 2) : n < 100 ? nf(n, 1) : nf(n));
const mark = (v: Verdict) => (v.ok === null ? '' : v.ok ? ' ✓' : ' ✗');

export function throughputVerdict(run: LoadRun, minRps: number, maxP99: number): Verdict {
  return { text: `≥ ${nf(minRps)}/s, p99 ≤ ${maxP99} ms`, ok: run.rps >= minRps && run.p99 <= maxP99 && run.non2xx === 0 && run.errors === 0 };
}

/** The 50k thread against the 500 one: by throughput and by server CPU per request. */
export function factorVerdict(small: LoadRun, large: LoadRun): Verdict {
  const byRate = large.rps > 0 ? small.rps / large.rps : Infinity;
  const byCpu = small.cpuUsPerRequest > 0 ? large.cpuUsPerRequest / small.cpuUsPerRequest : Infinity;
  const limit = BUDGETS.largeThreadFactor;
  return {
    text: `within ${limit}× of the 500 thread (now ${nf(byRate, 2)}× by req/s, ${nf(byCpu, 2)}× by CPU/req)`,
    ok: byRate <= limit && byCpu <= limit && large.non2xx === 0,
  };
}

export function loadRow(id: string, title: string, run: LoadRun, verdict: Verdict, bytes: { body: number; gzip: number | null } | null, note?: string): Row {
  return {
    id,
    title,
    rps: run.rps,
    p50: run.p50,
    p99: run.p99,
    cpuUs: run.cpuUsPerRequest,
    bodyBytes: bytes?.body ?? null,
    gzipBytes: bytes?.gzip ?? null,
    verdict,
    otherCores: run.otherCores,
    ...(note ? { note } : {}),
  };
}

export function rawRow(id: string, title: string, r: ReadAfterWrite): Row {
  return {
    id,
    title,
    rps: null,
    p50: r.readP50,
    p99: r.readP99,
    cpuUs: r.readCpuUsP50,
    bodyBytes: r.bytes,
    gzipBytes: null,
    verdict: { text: '— (no budget; DESIGN: "cheap even right after a write")', ok: null },
    otherCores: null,
    note: `${r.commentsShown === null ? '' : `${r.commentsShown} comments on the page; `}${r.changed}/${r.iterations} reads showed a changed page; posts ${JSON.stringify(r.statuses)}; CPU p99 ${nf(r.readCpuUsP99)} µs; post p50 ${ms(r.postP50)} ms`,
  };
}

export function markdownTable(rows: Row[]): string {
  const head = '| run | req/s | p50 ms | p99 ms | server CPU µs/req | CPU-bound req/s per core | body bytes | gzip bytes | other procs (cores) | budget (DESIGN.md) |';
  const sep = '|---|--:|--:|--:|--:|--:|--:|--:|--:|---|';
  const lines = rows.map(
    (r) =>
      `| ${r.id}. ${r.title} | ${r.rps === null ? '—' : nf(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.cpuUs === null ? '—' : nf(r.cpuUs)} | ${r.cpuUs ? nf(1e6 / r.cpuUs) : '—'} | ` +
      `${r.bodyBytes === null ? '—' : nf(r.bodyBytes)} | ${r.gzipBytes === null ? '—' : nf(r.gzipBytes)} | ${r.otherCores === null ? '—' : nf(r.otherCores, 2)} | ` +
      `${r.verdict.text}${mark(r.verdict)} |`,
  );
  return [head, sep, ...lines].join('\n');
}

export function machineLine(m: Machine, db: string): string {
  const load = os.loadavg().map((n) => n.toFixed(2)).join(' ');
  return `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, Node ${m.node}, ${m.platform}; load average now ${load}; database: ${db}`;
}
