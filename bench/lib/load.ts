// One measured load run: autocannon against a child server, with a warm-up run first, the
// server's CPU read before and after the measured run, and latencies recorded at full
// precision (autocannon's own histogram has 1 ms resolution).
import autocannon, { type Options, type Result } from 'autocannon';
import type { ChildServer } from './children.js';
import { otherCores, sampleMachine } from './host-load.js';
import { percentile } from './stats.js';

export interface LoadRun {
  /** Concurrent connections (a closed loop: each sends its next request on an answer). */
  connections: number;
  /** 2xx responses of the measured run. */
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  seconds: number;
  /** 2xx responses per second. */
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Server CPU time per response, user + system, microseconds. */
  cpuUsPerRequest: number;
  /** Bytes on the wire per response (status line, headers and body). */
  wireBytesPerResponse: number;
  serverRssMb: number;
  /** Average share of a core the server used during the run (near 1 = the server is the limit). */
  serverCores: number;
  /** Cores kept busy by other processes on the machine meanwhile (noise); null off Linux. */
  otherCores: number | null;
}

export interface LoadOptions {
  server: ChildServer;
  path: string;
  connections: number;
  warmupSeconds: number;
  /** Warm up with exactly this many requests instead of for `warmupSeconds` (none left in flight). */
  warmupAmount?: number;
  /** Measured run length; ignored when `amount` is set. */
  seconds: number;
  /**
   * Stop after exactly this many responses instead (every request sent is then answered); a
   * function gets the warm-up's rate, to size the run to about `seconds`.
   */
  amount?: number | ((warmupRps: number) => number);
  /** Runs between the warm-up and the measured run (e.g. to count rows). */
  beforeMeasure?: () => Promise<void>;
  requests?: Options['requests'];
  headers?: Record<string, string>;
}

/**
 * One autocannon run, with its length measured here: from the start to the last response.
 * (autocannon notices that its `amount` of requests is done only at its next once-a-second
 * sample, and reports that as the finish: a 2.2 s run of posts read as 3 s.)
 */
function runOnce(opts: Options, onLatency?: (ms: number, status: number) => void): Promise<{ result: Result; seconds: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let last = started;
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve({ result, seconds: (last - started) / 1000 })));
    instance.on('response', (_client, status, _bytes, ms) => {
      last = performance.now();
      onLatency?.(ms, status);
    });
  });
}

export async function load(opts: LoadOptions): Promise<LoadRun> {
  const base: Options = {
    url: `http://127.0.0.1:${opts.server.port}${opts.path}`,
    connections: opts.connections,
    timeout: 30,
    ...(opts.requests ? { requests: opts.requests } : {}),
    ...(opts.headers ? { headers: opts.headers } : {}),
  };
  let warmupRps = 0;
  if (opts.warmupSeconds > 0 || opts.warmupAmount) {
    const warm = await runOnce(opts.warmupAmount ? { ...base, amount: opts.warmupAmount } : { ...base, duration: opts.warmupSeconds });
    warmupRps = warm.result['2xx'] / Math.max(0.001, warm.seconds);
  }
  await opts.beforeMeasure?.();
  const amount = typeof opts.amount === 'function' ? opts.amount(warmupRps) : opts.amount;

  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const record = (ms: number, status: number) => {
    if (status < 200 || status >= 300) return;
    if (count === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[count++] = ms;
  };
  const before = await opts.server.cpu();
  const selfBefore = process.cpuUsage();
  const machineBefore = sampleMachine();
  const { result, seconds } = await runOnce(amount ? { ...base, amount } : { ...base, duration: opts.seconds }, record);
  const machineAfter = sampleMachine();
  const self = process.cpuUsage(selfBefore);
  const after = await opts.server.cpu();
  const ownSeconds = (after.cpuUs - before.cpuUs + self.user + self.system) / 1e6;

  const sorted = latencies.subarray(0, count).sort();
  const ok = result['2xx'];
  const responses = ok + result.non2xx;
  return {
    connections: opts.connections,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
    seconds,
    rps: ok / seconds,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : 0,
    cpuUsPerRequest: responses ? (after.cpuUs - before.cpuUs) / responses : 0,
    wireBytesPerResponse: responses ? result.throughput.total / responses : 0,
    serverRssMb: after.rssBytes / 1048576,
    serverCores: (after.cpuUs - before.cpuUs) / 1e6 / Math.max(0.001, seconds),
    otherCores: otherCores(machineBefore, machineAfter, ownSeconds),
  };
}
