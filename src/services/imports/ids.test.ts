import { describe, expect, it } from 'vitest';
import { createUlidGenerator, ULID_PATTERN, ulidTime } from '../../domain/ids.js';
import { importIdGenerator } from './ids.js';

describe('importIdGenerator', () => {
  it('makes ULIDs at the given times, all different, also many in one millisecond and across draws', () => {
    const ids = importIdGenerator(createUlidGenerator(() => 1_700_000_000_000));
    const seen = new Set<string>();
    const at = Date.parse('2015-06-01T12:00:00Z');
    // Within one draw the counter tells them apart; ids of another draw (another generator
    // here) differ by their random part.
    for (let i = 0; i < 50_000; i++) {
      const id = ids(at + (i % 3));
      expect(ULID_PATTERN.test(id)).toBe(true);
      expect(ulidTime(id)).toBe(at + (i % 3));
      seen.add(id);
    }
    expect(seen.size).toBe(50_000);
    const other = importIdGenerator(createUlidGenerator());
    for (let i = 0; i < 1000; i++) seen.add(other(at));
    expect(seen.size).toBe(51_000);
  });

  it('sorts by time, and asks the given generator when no time is given or it makes no ULIDs', () => {
    const ids = importIdGenerator(createUlidGenerator());
    expect(ids(1000) < ids(2000)).toBe(true);
    let n = 0;
    const plain = importIdGenerator(() => `id-${++n}`);
    expect([plain(5), plain(6), plain()]).toEqual(['id-1', 'id-2', 'id-3']);
  });
});
