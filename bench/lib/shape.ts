// The shape of a seeded discussion, built in memory before anything is written: who replies to
// whom, when, with what votes. The counters the app keeps (reply_count, descendant_count,
// comment_count) are derived here from the finished tree, so they are right by construction.
//
// Shape: about 40 % top-level comments. Each top-level comment gets a heavy-tailed
// "popularity" (Pareto), and replies pick their branch in proportion to it, so most branches
// stay small while a few grow to hundreds of replies. Inside a branch a reply answers the root
// or one of the latest comments, down to depth 5. Comments arrive with a decaying rate after
// publication (over one day); about 1 % are left pending (invisible, never replied to).
import type { Random } from './random.js';

export const MAX_DEPTH = 5;

export interface ShapeComment {
  index: number;
  parent: number | null;
  root: number;
  depth: number;
  atMs: number;
  author: number;
  template: number;
  likes: number;
  dislikes: number;
  approved: boolean;
  replyCount: number;
  descendantCount: number;
}

export interface ShapeOptions {
  comments: number;
  authors: number;
  templates: number;
  startMs: number;
  spanMs: number;
  topLevelShare?: number;
  pendingShare?: number;
}

export interface ShapeStats {
  total: number;
  approved: number;
  topLevel: number;
  byDepth: number[];
  largestBranches: number[];
}

/** Sums over a growing array of weights with weighted sampling in O(log n). */
class Fenwick {
  private readonly tree: Float64Array;
  private total = 0;

  constructor(size: number) {
    this.tree = new Float64Array(size + 1);
  }

  add(i: number, w: number): void {
    this.total += w;
    for (let j = i + 1; j < this.tree.length; j += j & -j) this.tree[j]! += w;
  }

  get sum(): number {
    return this.total;
  }

  /** The index whose cumulative weight range holds `target` (0 <= target < sum). */
  find(target: number): number {
    let pos = 0;
    let rest = target;
    for (let step = 1 << Math.floor(Math.log2(this.tree.length)); step > 0; step >>= 1) {
      const next = pos + step;
      if (next < this.tree.length && this.tree[next]! <= rest) {
        pos = next;
        rest -= this.tree[next]!;
      }
    }
    return pos;
  }
}

function arrivalTimes(rng: Random, n: number, startMs: number, spanMs: number): number[] {
  // Truncated exponential: busy right after publication, tailing off over the span.
  const k = 2.5;
  const times = Array.from({ length: n }, () => {
    const u = rng.next();
    return startMs + Math.floor((-Math.log(1 - u * (1 - Math.exp(-k))) / k) * spanMs);
  });
  return times.sort((a, b) => a - b);
}

function votes(rng: Random, popularity: number, exposure: number): { likes: number; dislikes: number } {
  const likes = Math.max(0, Math.floor(rng.logNormal(0.9, 1.1) * Math.sqrt(popularity) * exposure) - 1);
  const controversy = rng.chance(0.1) ? rng.next() : rng.next() * 0.25;
  const dislikes = Math.floor(likes * controversy) + (rng.chance(0.08) ? rng.int(1, 6) : 0);
  return { likes: Math.min(likes, 5000), dislikes };
}

function pickAuthor(rng: Random, authors: number): number {
  // Skewed: a few regulars write much of the discussion.
  return Math.min(authors - 1, Math.floor(authors * Math.pow(rng.next(), 2.2)));
}

export function buildShape(rng: Random, opts: ShapeOptions): ShapeComment[] {
  const topShare = opts.topLevelShare ?? 0.4;
  const pendingShare = opts.pendingShare ?? 0.01;
  const times = arrivalTimes(rng, opts.comments, opts.startMs, opts.spanMs);
  const comments: ShapeComment[] = [];
  const roots: number[] = [];
  const weights = new Fenwick(opts.comments);
  /** Per root (by root slot): comments that may still receive replies. */
  const open = new Map<number, number[]>();
  const popularities: number[] = [];

  for (let i = 0; i < opts.comments; i++) {
    const approved = !rng.chance(pendingShare);
    let parent: number | null = null;
    let root = i;
    let depth = 0;
    const popularity = rng.pareto(1.1);
    popularities.push(popularity);
    if (weights.sum > 0 && !rng.chance(topShare)) {
      const slot = weights.find(rng.next() * weights.sum);
      root = roots[slot]!;
      const candidates = open.get(slot)!;
      parent = rng.chance(0.45) ? root : candidates[Math.max(0, candidates.length - 1 - Math.floor(rng.next() * Math.min(40, candidates.length)))]!;
      depth = comments[parent]!.depth + 1;
      if (approved && depth < MAX_DEPTH) candidates.push(i);
    } else if (approved) {
      open.set(roots.length, [i]);
      weights.add(roots.length, Math.min(popularity, 2000));
      roots.push(i);
    }
    comments.push({
      index: i,
      parent,
      root,
      depth,
      atMs: times[i]!,
      author: pickAuthor(rng, opts.authors),
      template: rng.int(0, opts.templates - 1),
      likes: 0,
      dislikes: 0,
      approved,
      replyCount: 0,
      descendantCount: 0,
    });
  }
  // Votes come from readers who see a comment: popular branches and early comments get more.
  for (const c of comments) {
    const exposure = 1 - c.index / opts.comments;
    const p = popularities[c.index]!;
    const draw = votes(rng, c.depth === 0 ? p : 1 + p / 4, exposure);
    c.likes = draw.likes;
    c.dislikes = draw.dislikes;
  }
  for (const c of comments) {
    if (!c.approved || c.parent === null) continue;
    comments[c.parent]!.replyCount++;
    comments[c.root]!.descendantCount++;
  }
  return comments;
}

export function shapeStats(comments: readonly ShapeComment[]): ShapeStats {
  const byDepth = Array.from({ length: MAX_DEPTH + 1 }, () => 0);
  const sizes: number[] = [];
  let approved = 0;
  for (const c of comments) {
    byDepth[c.depth]!++;
    if (c.approved) approved++;
    if (c.depth === 0 && c.approved) sizes.push(c.descendantCount);
  }
  sizes.sort((a, b) => b - a);
  return { total: comments.length, approved, topLevel: byDepth[0]!, byDepth, largestBranches: sizes.slice(0, 5) };
}
