import { randomFillSync } from 'node:crypto';

// ULIDs: 48-bit millisecond time + 80 random bits, Crockford base32, 26 characters.
// They sort by creation time as plain strings, so an id doubles as a stable tie-breaker
// and as a path segment whose order is chronological. Importers pass the original
// timestamp so imported comments sort where they were written.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type IdGenerator = (atMs?: number) => string;

function encodeTime(ms: number): string {
  let out = '';
  let t = Math.max(0, Math.floor(ms));
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

// Random bytes are drawn 4 KiB at a time: one system call per 256 ids instead of one per id.
// (Ids are not secrets: nothing is lost by reading ahead.)
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function freshRandom(): number[] {
  if (poolAt + 16 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const random = new Array<number>(16);
  for (let i = 0; i < 16; i++) random[i] = pool[poolAt + i]! % 32;
  poolAt += 16;
  // Leave headroom so increments within one millisecond never overflow.
  random[0] = (random[0] ?? 0) & 0x0f;
  return random;
}

/** A monotonic ULID generator: ids made in the same millisecond still increase. */
export function createUlidGenerator(now: () => number = Date.now): IdGenerator {
  let lastTime = -1;
  let lastRandom: number[] = [];
  return (atMs?: number) => {
    const time = atMs ?? now();
    if (time < lastTime) return encodeTime(time) + freshRandom().map((d) => ALPHABET[d]).join('');
    let random: number[];
    if (time === lastTime) {
      random = lastRandom.slice();
      // Increment the 80-bit random part as a base-32 number.
      let i = random.length - 1;
      while (i >= 0 && random[i] === 31) random[i--] = 0;
      if (i >= 0) random[i] = (random[i] ?? 0) + 1;
    } else {
      random = freshRandom();
    }
    lastTime = time;
    lastRandom = random;
    return encodeTime(time) + random.map((d) => ALPHABET[d]).join('');
  };
}

export function ulidTime(id: string): number {
  let t = 0;
  for (let i = 0; i < 10; i++) t = t * 32 + ALPHABET.indexOf(id[i] ?? '0');
  return t;
}

export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
