import { describe, expect, it } from 'vitest';
import {
  decodeBranchCursor,
  decodeTopLevelCursor,
  encodeBranchCursor,
  encodeTopLevelCursor,
  type BranchCursor,
  type TopLevelCursor, MAX_CURSOR_LENGTH } from './cursor.js';
import { SORT_ORDERS, type SortOrder } from './types.js';

const ID = '01HZX3K9V2M8Q7R6T5W4Y3Z2A1';
const ROOT = '01HZX3K9V2M8Q7R6T5W4Y3Z2B0';
const CHILD = '01HZX3K9V2M8Q7R6T5W4Y3Z2C9';

/** base64url of arbitrary JSON, to forge cursors the encoder would never produce. */
function forge(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

const SAMPLE_TOP: Record<SortOrder, TopLevelCursor> = {
  best: { sort: 'best', key: 19_876.543_210_9, id: ID },
  newest: { sort: 'newest', key: '2025-03-14T09:26:53.589Z', id: ID },
  oldest: { sort: 'oldest', key: '2024-12-31T23:59:59.999Z', id: ID },
};

describe('top-level cursors', () => {
  it.each(SORT_ORDERS)('round-trips a %s cursor', (sort) => {
    const cursor = SAMPLE_TOP[sort];
    const encoded = encodeTopLevelCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/); // safe in a query string as is
    expect(decodeTopLevelCursor(encoded, sort)).toEqual(cursor);
  });

  it.each([0, -1.5, 1e-9, 20_000.000_000_001, Number.MAX_SAFE_INTEGER])('round-trips the best score %d exactly', (score) => {
    expect(decodeTopLevelCursor(encodeTopLevelCursor({ sort: 'best', key: score, id: ID }), 'best')).toEqual({ sort: 'best', key: score, id: ID });
  });

  it('is opaque: neither the key nor the id shows in the clear', () => {
    const encoded = encodeTopLevelCursor(SAMPLE_TOP.newest);
    expect(encoded).not.toContain(ID);
    expect(encoded).not.toContain('2025');
  });

  it.each([
    ['best', 'newest'],
    ['best', 'oldest'],
    ['newest', 'oldest'],
    ['oldest', 'newest'],
    ['newest', 'best'],
  ] as const)('a %s cursor is refused for the %s order', (made, asked) => {
    expect(decodeTopLevelCursor(encodeTopLevelCursor(SAMPLE_TOP[made]), asked)).toBeUndefined();
  });

  it.each([
    ['best with a string key', forge(['t', 'best', '12.5', ID]), 'best'],
    ['best with a null key (what NaN/Infinity turn into)', forge(['t', 'best', null, ID]), 'best'],
    ['best with a boolean key', forge(['t', 'best', true, ID]), 'best'],
    ['newest with a number key', forge(['t', 'newest', 1_700_000_000_000, ID]), 'newest'],
    ['oldest with an object key', forge(['t', 'oldest', { $gt: '' }, ID]), 'oldest'],
    ['newest with a key longer than 40 characters', forge(['t', 'newest', 'x'.repeat(41), ID]), 'newest'],
    ['a numeric id', forge(['t', 'best', 1, 42]), 'best'],
    ['an id longer than 64 characters', forge(['t', 'best', 1, 'x'.repeat(65)]), 'best'],
    ['a missing id', forge(['t', 'best', 1]), 'best'],
    ['an extra element', forge(['t', 'best', 1, ID, 'more']), 'best'],
    ['the wrong tag', forge(['b', 'best', 1, ID]), 'best'],
    ['an object instead of a tuple', forge({ sort: 'best', key: 1, id: ID }), 'best'],
    ['JSON null', forge(null), 'best'],
    ['a bare number', forge(5), 'best'],
  ] as const)('refuses %s', (_label, cursor, sort) => {
    expect(decodeTopLevelCursor(cursor, sort)).toBeUndefined();
  });

  it('accepts the longest allowed key and id', () => {
    const c: TopLevelCursor = { sort: 'newest', key: 'k'.repeat(40), id: 'i'.repeat(64) };
    expect(decodeTopLevelCursor(encodeTopLevelCursor(c), 'newest')).toEqual(c);
  });

  it('refuses a branch cursor', () => {
    const branch = encodeBranchCursor({ rootId: ROOT, path: `${ROOT}.${CHILD}`, seen: 5 });
    for (const sort of SORT_ORDERS) expect(decodeTopLevelCursor(branch, sort)).toBeUndefined();
  });
});

describe('branch cursors', () => {
  const sample: BranchCursor = { rootId: ROOT, path: `${ROOT}.${CHILD}.${ID}`, seen: 5 };

  it('round-trips', () => {
    const encoded = encodeBranchCursor(sample);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeBranchCursor(encoded)).toEqual(sample);
  });

  it('round-trips seen = 0 and a direct child of the root', () => {
    const c: BranchCursor = { rootId: ROOT, path: `${ROOT}.${CHILD}`, seen: 0 };
    expect(decodeBranchCursor(encodeBranchCursor(c))).toEqual(c);
  });

  it.each([
    ['a path under another root', forge(['b', ROOT, `${CHILD}.${ID}`, 3])],
    ['the root itself as the path', forge(['b', ROOT, ROOT, 3])],
    ['a root id that is only a prefix of the first segment', forge(['b', ROOT.slice(0, 20), `${ROOT}.${CHILD}`, 3])],
    ['a path that contains the root but does not start with it', forge(['b', ROOT, `${CHILD}.${ROOT}.${ID}`, 3])],
    ['a negative seen', forge(['b', ROOT, `${ROOT}.${CHILD}`, -1])],
    ['a fractional seen', forge(['b', ROOT, `${ROOT}.${CHILD}`, 2.5])],
    ['seen as a string', forge(['b', ROOT, `${ROOT}.${CHILD}`, '5'])],
    ['seen as null', forge(['b', ROOT, `${ROOT}.${CHILD}`, null])],
    ['a numeric root id', forge(['b', 7, `7.${CHILD}`, 1])],
    ['a path that is not a string', forge(['b', ROOT, [ROOT, CHILD], 1])],
    ['a path over 4096 characters', forge(['b', 'r', `r.${'x'.repeat(4095)}`, 1])],
    ['the top-level tag', forge(['t', ROOT, `${ROOT}.${CHILD}`, 1])],
    ['three elements', forge(['b', ROOT, `${ROOT}.${CHILD}`])],
    ['an object', forge({ rootId: ROOT, path: `${ROOT}.${CHILD}`, seen: 1 })],
  ])('refuses %s', (_label, cursor) => {
    expect(decodeBranchCursor(cursor)).toBeUndefined();
  });

  it('refuses a top-level cursor', () => {
    for (const sort of SORT_ORDERS) expect(decodeBranchCursor(encodeTopLevelCursor(SAMPLE_TOP[sort]))).toBeUndefined();
  });

  // Regression: branch cursors carry the path of the last reply shown, so they must decode at
  // the deepest stored level (MAX_STORED_DEPTH) and beyond what an older 2048 limit allowed.
  it('round-trips the cursor of a reply 60 levels deep (a path of 61 ULIDs)', () => {
    const ulids = Array.from({ length: 61 }, (_, i) => `01HZX3K9V2M8Q7R6T5W4Y3${String(i).padStart(4, '0')}`);
    const c: BranchCursor = { rootId: ulids[0]!, path: ulids.join('.'), seen: 120 };
    expect(c.path.length).toBeLessThanOrEqual(4096); // within the path limit decodeBranchCursor states
    expect(decodeBranchCursor(encodeBranchCursor(c))).toEqual(c);
  });
});

describe('malformed input', () => {
  const valid = encodeTopLevelCursor(SAMPLE_TOP.best);

  it.each([
    ['the empty string', ''],
    ['plain words', 'not a cursor'],
    ['a URL-encoded blob', '%7B%22a%22%3A1%7D'],
    ['standard base64 with + and /', Buffer.from('["t","best",1,"a"]??>>').toString('base64')],
    ['padded base64', `${valid}==`],
    ['raw JSON', '["t","best",1,"x"]'],
    ['base64url of something that is not JSON', Buffer.from('hello, world').toString('base64url')],
    ['base64url of invalid UTF-8', Buffer.from([0xff, 0xfe, 0xfd, 0x5b]).toString('base64url')],
  ])('refuses %s', (_label, cursor) => {
    expect(decodeTopLevelCursor(cursor, 'best')).toBeUndefined();
    expect(decodeBranchCursor(cursor)).toBeUndefined();
  });

  it('refuses a cursor with a character flipped, dropped or appended', () => {
    // Each change below leaves base64url text that no longer decodes to the JSON tuple.
    const flipFirst = (valid[0] === 'W' ? 'X' : 'W') + valid.slice(1);
    const truncated = valid.slice(0, -3);
    const lengthened = `${valid}AAAA`;
    const middle = Math.floor(valid.length / 2);
    const spliced = valid.slice(0, middle) + valid.slice(middle + 1);
    for (const tampered of [flipFirst, truncated, lengthened, spliced]) {
      expect(tampered).not.toBe(valid);
      expect(decodeTopLevelCursor(tampered, 'best'), tampered).toBeUndefined();
    }
  });

  it('refuses oversized input before decoding it', () => {
    expect(decodeTopLevelCursor('A'.repeat(MAX_CURSOR_LENGTH + 1), 'best')).toBeUndefined();
    expect(decodeBranchCursor('A'.repeat(100_000))).toBeUndefined();
    // A well-formed cursor padded with JSON whitespace past the limit is refused too.
    const padded = Buffer.from(`${' '.repeat(MAX_CURSOR_LENGTH)}["t","best",1,"${ID}"]`).toString('base64url');
    expect(padded.length).toBeGreaterThan(MAX_CURSOR_LENGTH);
    expect(decodeTopLevelCursor(padded, 'best')).toBeUndefined();
    const same = Buffer.from(`${' '.repeat(10)}["t","best",1,"${ID}"]`).toString('base64url');
    expect(decodeTopLevelCursor(same, 'best')).toEqual({ sort: 'best', key: 1, id: ID });
  });
});

describe('featured cursors', () => {
  it('round-trips pinned and unpinned positions and refuses the other kinds', async () => {
    const { decodeFeaturedCursor, encodeFeaturedCursor } = await import('./cursor.js');
    for (const c of [{ pinned: true, at: '2026-03-01T12:00:00.000Z', id: ID }, { pinned: false, at: '2026-02-01T08:00:00.000Z', id: ROOT }]) {
      expect(decodeFeaturedCursor(encodeFeaturedCursor(c))).toEqual(c);
    }
    expect(decodeFeaturedCursor(encodeTopLevelCursor(SAMPLE_TOP.newest))).toBeUndefined();
    expect(decodeFeaturedCursor(forge(['f', 2, '2026-03-01T12:00:00.000Z', ID]))).toBeUndefined();
    expect(decodeTopLevelCursor(encodeFeaturedCursor({ pinned: true, at: 'x', id: ID }), 'newest')).toBeUndefined();
  });
});
