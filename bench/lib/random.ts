// A small seeded random source, so every run seeds the same discussion shape and bodies and
// figures stay comparable between runs and machines.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  int(minInclusive: number, maxInclusive: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Pareto-distributed value >= 1 with tail index `alpha` (smaller = heavier tail). */
  pareto(alpha: number): number;
  /** Log-normal value with the given mean and spread of its logarithm. */
  logNormal(mu: number, sigma: number): number;
}

export function createRandom(seed: number): Random {
  // mulberry32: tiny, fast, and good enough for shaping test data.
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    // Box–Muller; 1 - next() keeps the logarithm finite.
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    pareto: (alpha) => Math.pow(1 - next(), -1 / alpha),
    logNormal: (mu, sigma) => Math.exp(mu + sigma * normal()),
  };
}
