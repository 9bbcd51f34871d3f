// "Best" order: a confidence score over reactions and reports, plus a time term.
//
//   best = createdAt_days + W * wilsonLowerBound(likes, likes + dislikes + R * reports)
//
// wilsonLowerBound(p, n) is the lower edge of the Wilson score interval (z = 1.281552, an 80 %
// one-sided bound) for the share of positive votes: with few votes it stays low, so one early
// like cannot outrank a comment that forty readers liked 90 % of the time. Reports count as R
// negative votes each. The time term is the creation time measured in days, so newer comments
// float up and the score of a comment changes only when it is voted on or reported — which keeps
// it a plain indexed column rather than something recomputed on every read. W (days) is how much
// freshness full confidence is worth: with W = 2, a comment with a perfect record from many
// readers ranks with one posted two days later that nobody has voted on yet. A newsroom
// discussion lives for about that long, so W = 2 keeps strong early comments on top while giving
// late, well-received ones a way up.

export const BEST_WEIGHT_DAYS = 2;
export const REPORT_WEIGHT = 2;
const Z = 1.281552;

export function wilsonLowerBound(positive: number, total: number): number {
  if (total <= 0) return 0;
  const p = Math.min(1, Math.max(0, positive / total));
  const z2 = Z * Z;
  const centre = p + z2 / (2 * total);
  const margin = Z * Math.sqrt((p * (1 - p) + z2 / (4 * total)) / total);
  return Math.max(0, (centre - margin) / (1 + z2 / total));
}

export interface ScoreInput {
  likes: number;
  dislikes: number;
  reports: number;
  createdAt: Date | string;
}

export function bestScore(input: ScoreInput): number {
  const created = typeof input.createdAt === 'string' ? Date.parse(input.createdAt) : input.createdAt.getTime();
  const days = created / 86_400_000;
  const total = input.likes + input.dislikes + REPORT_WEIGHT * input.reports;
  return days + BEST_WEIGHT_DAYS * wilsonLowerBound(input.likes, total);
}
