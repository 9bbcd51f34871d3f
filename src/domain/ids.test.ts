import { afterEach, describe, expect, it, vi } from 'vitest';
import { ULID_PATTERN, createUlidGenerator, systemClock, ulidTime } from './ids.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // no I, L, O, U
const T = Date.UTC(2025, 2, 14, 9, 26, 53, 589);

afterEach(() => {
  vi.useRealTimers();
});

describe('createUlidGenerator', () => {
  it('makes 26-character ids in the Crockford base32 alphabet', () => {
    const gen = createUlidGenerator(() => T);
    for (let i = 0; i < 200; i++) {
      const id = gen(T + i * 7919);
      expect(id).toHaveLength(26);
      expect(id).toMatch(ULID_PATTERN);
      expect([...id].filter((ch) => !CROCKFORD.includes(ch)), id).toEqual([]);
    }
  });

  it('ULID_PATTERN accepts exactly 26 Crockford characters', () => {
    expect(ULID_PATTERN.test('01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe(true);
    expect(ULID_PATTERN.test('01ARZ3NDEKTSV4RRFFQ69G5FA')).toBe(false); // 25
    expect(ULID_PATTERN.test('01ARZ3NDEKTSV4RRFFQ69G5FAVX')).toBe(false); // 27
    for (const bad of ['I', 'L', 'O', 'U', 'a', '-']) {
      expect(ULID_PATTERN.test(`01ARZ3NDEKTSV4RRFFQ69G5FA${bad}`), bad).toBe(false);
    }
  });

  it('encodes the time like the ULID specification example', () => {
    // The spec's example id 01ARYZ6S41TSV4RRFFQ69G5FAV has the timestamp 1469918176385.
    const id = createUlidGenerator()(1_469_918_176_385);
    expect(id.slice(0, 10)).toBe('01ARYZ6S41');
    expect(ulidTime('01ARYZ6S41TSV4RRFFQ69G5FAV')).toBe(1_469_918_176_385);
  });

  it('stays strictly increasing for 10,000 ids made in one millisecond', () => {
    const now = vi.fn(() => T);
    const gen = createUlidGenerator(now);
    const ids = Array.from({ length: 10_000 }, () => gen());
    expect(now).toHaveBeenCalledTimes(10_000);
    for (let i = 1; i < ids.length; i++) {
      if (!(ids[i - 1]! < ids[i]!)) expect.fail(`id ${i} (${ids[i]}) does not sort after id ${i - 1} (${ids[i - 1]})`);
    }
    expect(new Set(ids.map((id) => id.slice(0, 10)))).toEqual(new Set([ids[0]!.slice(0, 10)]));
    expect(new Set(ids).size).toBe(10_000);
  });

  it('stays increasing for ids given the same explicit millisecond', () => {
    const gen = createUlidGenerator(() => 0);
    const ids = Array.from({ length: 1_000 }, () => gen(T));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('ulidTime decodes the time part back', () => {
    const gen = createUlidGenerator();
    for (const ms of [0, 1, 31, 32, 1_023, 1_024, T, 2 ** 48 - 1]) {
      expect(ulidTime(gen(ms)), String(ms)).toBe(ms);
    }
    expect(gen(2 ** 48 - 1).slice(0, 10)).toBe('7ZZZZZZZZZ');
    expect(gen(0).slice(0, 10)).toBe('0000000000');
  });

  it('honours an explicit atMs instead of the clock', () => {
    const now = vi.fn(() => T);
    const gen = createUlidGenerator(now);
    const imported = Date.UTC(2009, 5, 1, 12, 0, 0, 0);
    expect(ulidTime(gen(imported))).toBe(imported);
    expect(now).not.toHaveBeenCalled();
    expect(ulidTime(gen())).toBe(T);
  });

  it('uses Date.now by default', () => {
    vi.useFakeTimers();
    vi.setSystemTime(T);
    const gen = createUlidGenerator();
    expect(ulidTime(gen())).toBe(T);
    vi.setSystemTime(T + 5_000);
    expect(ulidTime(gen())).toBe(T + 5_000);
  });

  it('sorts lexically in time order across milliseconds', () => {
    const gen = createUlidGenerator();
    // Neighbouring milliseconds, base32 digit roll-overs, and far-apart times, made out of order.
    const times = [T, T + 1, T - 1, 31, 32, 1_023, 1_024, 0, T + 86_400_000, Date.UTC(2001, 0, 1), 2 ** 40, 2 ** 40 - 1];
    const made = times.map((ms) => ({ ms, id: gen(ms) }));
    const byId = [...made].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((x) => x.ms);
    const byTime = [...times].sort((a, b) => a - b);
    expect(byId).toEqual(byTime);
  });

  it('an id from a later millisecond sorts after every id of an earlier one', () => {
    let clock = T;
    const gen = createUlidGenerator(() => clock);
    const first = Array.from({ length: 500 }, () => gen());
    clock = T + 1;
    const next = gen();
    for (const id of first) expect(id < next).toBe(true);
  });

  // Regression: an id made for an older time (an import running beside live posting) must not
  // reset the state that keeps ids of the current millisecond increasing.
  it('stays increasing within a millisecond when an id for an older time is made in between', () => {
    // Each trial passes with probability 1/2 under the bug; 64 trials make a pass ~5e-20 likely.
    for (let trial = 0; trial < 64; trial++) {
      const gen = createUlidGenerator(() => T);
      const first = gen();
      gen(Date.UTC(2010, 0, 1)); // an imported comment
      const second = gen();
      expect(second > first, `trial ${trial}: ${second} after ${first}`).toBe(true);
    }
  });
});

describe('systemClock', () => {
  it('reads the current time', () => {
    vi.useFakeTimers();
    vi.setSystemTime(T);
    expect(systemClock().getTime()).toBe(T);
  });
});
