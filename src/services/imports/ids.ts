// Ids for the comments of an import. Each keeps its comment's own time (so imported comments
// sort where they were written); the random part is drawn from the run's id generator once per
// many ids and counted up from there, instead of asking the system for fresh random bytes for
// every one of a million comments. Ids stay unique: within one draw the counter differs, and
// two draws share their 60 random bits only by chance.
import type { IdGenerator } from '../../domain/ids.js';
import { ULID_PATTERN } from '../../domain/ids.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Ids per draw: the last four characters count from 0 to 32⁴ − 1. */
const PER_DRAW = 32 ** 4;

function timePart(ms: number): string {
  let out = '';
  let t = Math.max(0, Math.floor(ms));
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32]! + out;
    t = Math.floor(t / 32);
  }
  return out;
}

function counterPart(n: number): string {
  return ALPHABET[(n >>> 15) & 31]! + ALPHABET[(n >>> 10) & 31]! + ALPHABET[(n >>> 5) & 31]! + ALPHABET[n & 31]!;
}

/** An id generator for imported rows, seeded from `newId` (and equal to it when it does not make ULIDs). */
export function importIdGenerator(newId: IdGenerator): IdGenerator {
  let prefix = '';
  let used = PER_DRAW;
  return (atMs?: number) => {
    if (atMs === undefined) return newId();
    if (used >= PER_DRAW) {
      const seed = newId(atMs);
      if (!ULID_PATTERN.test(seed)) return seed;
      prefix = seed.slice(10, 22);
      used = 0;
    }
    return timePart(atMs) + prefix + counterPart(used++);
  };
}
