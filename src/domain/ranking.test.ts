import { describe, expect, it } from 'vitest';
import { BEST_WEIGHT_DAYS, REPORT_WEIGHT, bestScore, wilsonLowerBound, type ScoreInput } from './ranking.js';

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2025, 0, 1); // 2025-01-01T00:00:00Z

function score(likes: number, dislikes: number, reports: number, createdAtMs = T0): number {
  return bestScore({ likes, dislikes, reports, createdAt: new Date(createdAtMs) });
}

// Wilson lower bound, worked by hand with z = 1.281552:
//   z² = 1.281552² = 1.28² + 2·1.28·0.001552 + 0.001552² = 1.6384 + 0.00397312 + 0.000002408704
//      = 1.642375528704
//   bound(p̂, n) = (p̂ + z²/2n − z·√((p̂(1−p̂) + z²/4n) / n)) / (1 + z²/n)
//
// All positive (p̂ = 1): the root is √(z²/4n²) = z/2n, so the margin z·z/2n cancels z²/2n and the
// bound is 1 / (1 + z²/n) = n / (n + z²).
//   1 of 1:   1 / 2.642375528704             = 0.378447
//   10 of 10: 10 / 11.642375528704           = 0.858931
// None positive (p̂ = 0): centre z²/2n and margin z·√(z²/4n²) = z²/2n cancel → 0.
// 2 of 4 (p̂ = 0.5, n = 4):
//   z²/n = 0.410593882176;  centre = 0.5 + 0.205296941088 = 0.705296941088
//   root = √((0.25 + 0.102648470544) / 4) = √0.088162117636 = 0.29692106
//   margin = 1.281552 · 0.29692106 = 0.38051981
//   bound = (0.705296941 − 0.380519810) / 1.410593882 = 0.324777131 / 1.410593882 = 0.230241
// 36 of 40 (p̂ = 0.9, n = 40):
//   z²/n = 0.0410593882176;  centre = 0.9 + 0.0205296941088 = 0.9205296941088
//   root = √((0.09 + 0.0102648470544) / 40) = √0.00250662117636 = 0.05006617
//   margin = 1.281552 · 0.05006617 = 0.06416240
//   bound = (0.92052969 − 0.06416240) / 1.04105939 = 0.85636729 / 1.04105939 = 0.822592
describe('wilsonLowerBound', () => {
  it.each([
    { positive: 1, total: 1, expected: 0.378447 },
    { positive: 10, total: 10, expected: 0.858931 },
    { positive: 2, total: 4, expected: 0.230241 },
    { positive: 36, total: 40, expected: 0.822592 },
    { positive: 0, total: 5, expected: 0 },
  ])('$positive of $total → $expected (worked by hand above)', ({ positive, total, expected }) => {
    expect(wilsonLowerBound(positive, total)).toBeCloseTo(expected, 5);
  });

  it('is 0 with no votes at all (and for a non-positive total)', () => {
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(wilsonLowerBound(3, 0)).toBe(0);
    expect(wilsonLowerBound(0, -4)).toBe(0);
  });

  it('clamps the share to [0, 1]', () => {
    // More positives than votes counts as all positive: 5 / (5 + z²) = 5 / 6.642375528704 = 0.752742
    expect(wilsonLowerBound(9, 5)).toBeCloseTo(0.752742, 5);
    expect(wilsonLowerBound(-3, 5)).toBe(0);
  });

  it('stays in [0, 1) and approaches the observed share as votes grow', () => {
    for (const n of [1, 10, 100, 10_000, 1_000_000]) {
      const b = wilsonLowerBound(0.8 * n, n);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(0.8);
    }
    // A million votes: margin ≈ z · √(0.8 · 0.2 / 10⁶) = 1.281552 · 0.0004 = 0.000513 → ≈ 0.79949.
    expect(wilsonLowerBound(800_000, 1_000_000)).toBeCloseTo(0.79949, 4);
  });

  it('one early like scores below forty readers who liked it 90 % of the time', () => {
    expect(wilsonLowerBound(1, 1)).toBeLessThan(wilsonLowerBound(36, 40));
  });
});

describe('bestScore', () => {
  it('with zero votes is the creation time in days and nothing else', () => {
    // 2025-01-01 is 55 years after 1970-01-01: 55 · 365 + 14 leap days (1972…2024) = 20 089 days.
    expect(score(0, 0, 0)).toBe(20_089);
    expect(score(0, 0, 0, T0 + 6 * 3_600_000)).toBe(20_089.25); // six hours later
  });

  it('adds W times the Wilson bound of likes over likes + dislikes + R·reports', () => {
    // 10 likes, nothing else: 20 089 + 2 · 0.858931 = 20 090.717862
    expect(score(10, 0, 0)).toBeCloseTo(20_090.717862, 5);
    // 2 likes, 2 dislikes: 20 089 + 2 · 0.230241 = 20 089.460482
    expect(score(2, 2, 0)).toBeCloseTo(20_089.460482, 5);
    // 2 likes, 1 report counts as R = 2 negative votes: the same as 2 likes, 2 dislikes.
    expect(REPORT_WEIGHT).toBe(2);
    expect(score(2, 0, 1)).toBe(score(2, 2, 0));
    expect(BEST_WEIGHT_DAYS).toBe(2);
  });

  it('reads createdAt the same from a Date and from an ISO string', () => {
    const asString: ScoreInput = { likes: 7, dislikes: 3, reports: 1, createdAt: '2025-01-01T00:00:00.000Z' };
    expect(bestScore(asString)).toBe(score(7, 3, 1));
  });

  it('only goes up with more likes, down with more dislikes or reports', () => {
    for (let likes = 0; likes <= 25; likes++) {
      for (let dislikes = 0; dislikes <= 25; dislikes++) {
        for (let reports = 0; reports <= 4; reports++) {
          const here = score(likes, dislikes, reports);
          expect(score(likes + 1, dislikes, reports), `like added to ${likes}/${dislikes}/${reports}`).toBeGreaterThan(here);
          if (likes === 0) {
            // Nothing positive to lose: the bound is already 0.
            expect(score(likes, dislikes + 1, reports)).toBe(here);
            expect(score(likes, dislikes, reports + 1)).toBe(here);
          } else {
            expect(score(likes, dislikes + 1, reports), `dislike added to ${likes}/${dislikes}/${reports}`).toBeLessThan(here);
            expect(score(likes, dislikes, reports + 1), `report added to ${likes}/${dislikes}/${reports}`).toBeLessThan(here);
            // A report weighs more than a dislike.
            expect(score(likes, dislikes, reports + 1)).toBeLessThan(score(likes, dislikes + 1, reports));
          }
        }
      }
    }
  });

  it('with equal votes ranks the newer comment higher', () => {
    for (const [likes, dislikes, reports] of [
      [0, 0, 0],
      [5, 1, 0],
      [40, 40, 3],
    ] as const) {
      expect(score(likes, dislikes, reports, T0 + 60_000)).toBeGreaterThan(score(likes, dislikes, reports, T0));
      expect(score(likes, dislikes, reports, T0 + 3 * DAY_MS)).toBeGreaterThan(score(likes, dislikes, reports, T0 + 2 * DAY_MS));
    }
  });

  it('strong support outranks an unvoted comment posted less than ~W days later, but not one posted much later', () => {
    // 200 likes, no dislikes: bound = 200 / 201.642375528704 = 0.991855, worth 1.98371 days.
    const strong = score(200, 0, 0);
    expect(strong - score(0, 0, 0)).toBeCloseTo(1.98371, 4);
    for (const laterDays of [0, 0.25, 1, 1.5, 1.9]) {
      expect(strong, `unvoted ${laterDays} days later`).toBeGreaterThan(score(0, 0, 0, T0 + laterDays * DAY_MS));
    }
    for (const laterDays of [2, 2.5, 4, 30]) {
      expect(strong, `unvoted ${laterDays} days later`).toBeLessThan(score(0, 0, 0, T0 + laterDays * DAY_MS));
    }
  });

  it('no record, however perfect, is worth W days or more of freshness', () => {
    const perfect = score(1_000_000, 0, 0);
    expect(perfect - score(0, 0, 0)).toBeLessThan(BEST_WEIGHT_DAYS);
    expect(perfect - score(0, 0, 0)).toBeGreaterThan(BEST_WEIGHT_DAYS - 0.001);
    expect(score(0, 0, 0, T0 + BEST_WEIGHT_DAYS * DAY_MS)).toBeGreaterThan(perfect);
  });

  it('one early like cannot hold off forty readers who liked a comment 90 % of the time', () => {
    // Same time: 2 · 0.822592 = 1.645 > 2 · 0.378447 = 0.757 days.
    expect(score(36, 4, 0)).toBeGreaterThan(score(1, 0, 0));
    // Even when the single like came twelve hours later: 0.5 + 0.757 = 1.257 < 1.645.
    expect(score(36, 4, 0, T0)).toBeGreaterThan(score(1, 0, 0, T0 + DAY_MS / 2));
  });
});
