import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { stream: { isTTY, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream, out };
}

describe('import progress', () => {
  it('draws a bar with counts, rate and ETA in place on a terminal', () => {
    let now = 0;
    const { stream, out } = sink(true);
    const p = createProgress(stream, { now: () => now, intervalMs: 100 });
    p.start('writing', 'comments', 1000);
    now = 1000;
    p.update(250);
    p.finish();
    expect(out[0]).toBe('\rwriting: [######------------------]  25% 250 comments / 1,000 comments, 250/s, ETA 3s');
    expect(out.at(-1)).toBe('\n');
  });

  it('writes plain lines, at most one per interval, when not on a terminal', () => {
    let now = 0;
    const { stream, out } = sink(false);
    const p = createProgress(stream, { now: () => now, intervalMs: 5000 });
    p.start('reading', 'bytes', 4_000_000);
    now = 1000;
    p.update(1_000_000, '1,200 records');
    now = 2000;
    p.update(2_000_000);
    now = 7000;
    p.update(3_000_000);
    p.finish();
    expect(out).toEqual([
      'reading: 1.0 MB / 4.0 MB (25%), 1.0 MB/s, ETA 3s, 1,200 records\n',
      'reading: 3.0 MB / 4.0 MB (75%), 429 kB/s, ETA 2s, 1,200 records\n',
    ]);
  });
});
