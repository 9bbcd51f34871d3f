// Progress of a long import: a bar with counts, rate and ETA when writing to a terminal, plain
// lines (at most one every few seconds) otherwise, so logs stay readable.

export interface ProgressSink {
  /** A new phase begins; `total` is in the phase's unit (bytes, comments) when known. */
  start(phase: string, unit: string, total: number | null): void;
  update(done: number, extra?: string): void;
  finish(): void;
}

export const silentProgress: ProgressSink = { start() {}, update() {}, finish() {} };

function human(n: number, unit: string): string {
  if (unit === 'bytes') {
    if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
    if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
    if (n >= 1e3) return `${(n / 1e3).toFixed(0)} kB`;
    return `${n} B`;
  }
  return `${Math.round(n).toLocaleString('en-US')} ${unit}`;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function createProgress(stream: NodeJS.WriteStream, opts: { now?: () => number; intervalMs?: number } = {}): ProgressSink {
  const now = opts.now ?? Date.now;
  const tty = Boolean(stream.isTTY);
  const interval = opts.intervalMs ?? (tty ? 100 : 5000);
  let phase = '';
  let unit = '';
  let total: number | null = null;
  let started = 0;
  let last = 0;
  let lastLine = '';
  let done = 0;
  let extra = '';

  const line = (): string => {
    const elapsed = (now() - started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const rateText = unit === 'bytes' ? `${human(rate, unit)}/s` : `${Math.round(rate).toLocaleString('en-US')}/s`;
    const eta = total && rate > 0 ? duration((total - done) / rate) : '?';
    const pct = total ? Math.min(100, (done / total) * 100) : null;
    const counts = total ? `${human(done, unit)} / ${human(total, unit)}` : human(done, unit);
    if (tty) {
      const width = 24;
      const filled = pct === null ? 0 : Math.round((pct / 100) * width);
      const bar = pct === null ? '' : `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct.toFixed(0).padStart(3)}% `;
      return `${phase}: ${bar}${counts}, ${rateText}, ETA ${eta}${extra ? `, ${extra}` : ''}`;
    }
    return `${phase}: ${counts}${pct === null ? '' : ` (${pct.toFixed(0)}%)`}, ${rateText}, ETA ${eta}${extra ? `, ${extra}` : ''}`;
  };
  const draw = (force: boolean) => {
    const t = now();
    if (!force && t - last < interval) return;
    last = t;
    const text = line();
    if (tty) {
      stream.write(`\r${text.padEnd(lastLine.length)}`);
      lastLine = text;
    } else if (text !== lastLine) {
      stream.write(`${text}\n`);
      lastLine = text;
    }
  };
  return {
    start(p, u, t) {
      phase = p;
      unit = u;
      total = t;
      started = now();
      last = -Infinity;
      done = 0;
      extra = '';
      lastLine = tty ? lastLine : '';
    },
    update(d, e) {
      done = d;
      if (e !== undefined) extra = e;
      draw(false);
    },
    finish() {
      draw(true);
      if (tty) {
        stream.write('\n');
        lastLine = '';
      }
    },
  };
}
