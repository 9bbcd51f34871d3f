// Opaque pagination cursors: base64url of a small JSON tuple. They carry the sort key of the
// last item seen, so the next page is an indexed range scan, not an OFFSET.
import type { SortOrder } from './types.js';

export interface TopLevelCursor {
  sort: SortOrder;
  /** Sort key of the last item: score for best, createdAt for newest/oldest. */
  key: number | string;
  id: string;
}

export interface BranchCursor {
  rootId: string;
  /** Path of the last reply shown; the branch continues after it in depth-first order. */
  path: string;
  /** How many replies of this branch were shown before the cursor (to say how many remain). */
  seen: number;
}

/** Long enough for a branch cursor at the deepest stored level (see MAX_STORED_DEPTH). */
export const MAX_CURSOR_LENGTH = 4096;

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decode(cursor: string): unknown {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

export function encodeTopLevelCursor(c: TopLevelCursor): string {
  return encode(['t', c.sort, c.key, c.id]);
}

/** Returns undefined for anything that is not a well-formed cursor for this sort. */
export function decodeTopLevelCursor(cursor: string, sort: SortOrder): TopLevelCursor | undefined {
  const v = decode(cursor);
  if (!Array.isArray(v) || v.length !== 4 || v[0] !== 't' || v[1] !== sort) return undefined;
  const [, , key, id] = v as [string, SortOrder, unknown, unknown];
  if (typeof id !== 'string' || id.length > 64) return undefined;
  if (sort === 'best' ? typeof key !== 'number' || !Number.isFinite(key) : typeof key !== 'string' || key.length > 40) {
    return undefined;
  }
  return { sort, key: key as number | string, id };
}

export function encodeBranchCursor(c: BranchCursor): string {
  return encode(['b', c.rootId, c.path, c.seen]);
}

export function decodeBranchCursor(cursor: string): BranchCursor | undefined {
  const v = decode(cursor);
  if (!Array.isArray(v) || v.length !== 4 || v[0] !== 'b') return undefined;
  const [, rootId, path, seen] = v as [string, unknown, unknown, unknown];
  if (typeof rootId !== 'string' || typeof path !== 'string' || path.length > 4096) return undefined;
  if (!path.startsWith(rootId + '.')) return undefined;
  if (typeof seen !== 'number' || !Number.isInteger(seen) || seen < 0) return undefined;
  return { rootId, path, seen };
}

/** Position in the list of featured comments: pinned ones first, then by pin or feature time. */
export interface FeaturedCursor {
  pinned: boolean;
  /** When the last comment shown was pinned (or featured, for unpinned ones). */
  at: string;
  id: string;
}

export function encodeFeaturedCursor(c: FeaturedCursor): string {
  return encode(['f', c.pinned ? 1 : 0, c.at, c.id]);
}

export function decodeFeaturedCursor(cursor: string): FeaturedCursor | undefined {
  const v = decode(cursor);
  if (!Array.isArray(v) || v.length !== 4 || v[0] !== 'f') return undefined;
  const [, pinned, at, id] = v as [string, unknown, unknown, unknown];
  if ((pinned !== 0 && pinned !== 1) || typeof at !== 'string' || at.length > 40 || typeof id !== 'string' || id.length > 64) return undefined;
  return { pinned: pinned === 1, at, id };
}
