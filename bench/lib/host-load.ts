// How busy the rest of the machine was during a run. Other processes (a test suite, a build)
// take CPU from the server and the load generator and make figures noisy; reading the
// machine's busy time from /proc/stat and subtracting what the benchmark's own processes used
// says how much. Linux only; elsewhere the figure is left out.
import fs from 'node:fs';

export interface BusySample {
  /** Busy CPU time of the whole machine, seconds (all cores). */
  busySeconds: number;
  at: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every mainstream Linux build

export function sampleMachine(): BusySample | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …: busy = all but idle and iowait.
    const busy = f.reduce((s, v, i) => (i === 3 || i === 4 || i > 7 ? s : s + v), 0);
    return { busySeconds: busy / TICKS_PER_SECOND, at: performance.now() };
  } catch {
    return null;
  }
}

/** Average number of cores kept busy by processes other than the ones whose CPU is given. */
export function otherCores(before: BusySample | null, after: BusySample | null, ownCpuSeconds: number): number | null {
  if (!before || !after) return null;
  const wall = (after.at - before.at) / 1000;
  if (wall <= 0) return null;
  return Math.max(0, (after.busySeconds - before.busySeconds - ownCpuSeconds) / wall);
}
