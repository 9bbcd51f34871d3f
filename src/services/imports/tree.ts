// Linking imported comments into threads and counting them, in memory, one thread at a time.
//
// Parents may come after their replies in the file, may be missing, may have been imported by an
// earlier run, and a broken file can even make a comment its own ancestor. linkComments() gives
// every new comment its root, depth and materialized path exactly as createComment would (a
// reply below MAX_STORED_DEPTH is filed beside its parent); a reply whose parent is missing or in
// a cycle becomes a top-level comment and is reported. countBranches() then derives what the
// comment services keep up to date on every write (see services/comments/visibility.ts):
// visibility (tombstones stay while they have visible replies), reply_count and
// descendant_count.
import { MAX_STORED_DEPTH } from '../../domain/tree.js';
import type { CommentStatus } from '../../domain/types.js';
import { shouldBeVisible } from '../comments/visibility.js';

export interface Placement {
  rootId: string;
  depth: number;
  path: string;
}

export interface NewLink {
  id: string;
  /** Parent id (Parley id), or null for top level. */
  parentId: string | null;
}

export interface LinkResult {
  placements: Map<string, Placement & { parentId: string | null }>;
  /** Comments whose parent chain loops back to them: attached to the top level. */
  cycles: string[];
}

/**
 * Places new comments. `known` holds the placement of existing comments new ones may reply to;
 * every parentId of a new comment must be a new comment or in `known` (callers resolve missing
 * parents to null beforehand).
 */
export function linkComments(news: readonly NewLink[], known: ReadonlyMap<string, Placement>): LinkResult {
  const byId = new Map(news.map((n) => [n.id, n]));
  const placements = new Map<string, Placement & { parentId: string | null }>();
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();

  for (const start of news) {
    if (state.get(start.id) === 'done') continue;
    // Walk up to the first placed (or top-level) ancestor, then place on the way back down.
    const chain: NewLink[] = [];
    let cur: NewLink | undefined = start;
    while (cur && state.get(cur.id) !== 'done') {
      if (state.get(cur.id) === 'visiting') {
        // A loop: the comment we came from (the last in the chain) is made top-level.
        const breaker = chain[chain.length - 1]!;
        cycles.push(breaker.id);
        chain[chain.length - 1] = { id: breaker.id, parentId: null };
        break;
      }
      state.set(cur.id, 'visiting');
      chain.push(cur);
      cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const node = chain[i]!;
      const parent = node.parentId === null ? undefined : (placements.get(node.parentId) ?? known.get(node.parentId));
      let placement: Placement;
      if (!parent) placement = { rootId: node.id, depth: 0, path: node.id };
      else if (parent.depth >= MAX_STORED_DEPTH) {
        placement = { rootId: parent.rootId, depth: parent.depth, path: `${parent.path.slice(0, parent.path.lastIndexOf('.'))}.${node.id}` };
      } else placement = { rootId: parent.rootId, depth: parent.depth + 1, path: `${parent.path}.${node.id}` };
      placements.set(node.id, { ...placement, parentId: parent ? node.parentId : null });
      state.set(node.id, 'done');
    }
  }
  return { placements, cycles };
}

export interface CountInput {
  id: string;
  parentId: string | null;
  rootId: string;
  status: CommentStatus | string;
}

export interface Counts {
  visible: boolean;
  replyCount: number;
  descendantCount: number;
}

/** Visibility and counters of every comment of complete branches (all members of each root). */
export function countBranches(nodes: readonly CountInput[]): Map<string, Counts> {
  const children = new Map<string, CountInput[]>();
  const ids = new Set(nodes.map((n) => n.id));
  const tops: CountInput[] = [];
  for (const n of nodes) {
    if (n.parentId !== null && ids.has(n.parentId) && n.parentId !== n.id) {
      const list = children.get(n.parentId);
      if (list) list.push(n);
      else children.set(n.parentId, [n]);
    } else tops.push(n);
  }
  const out = new Map<string, Counts>();
  // Post-order without recursion: replies are counted before the comment they answer.
  const stack: { node: CountInput; expanded: boolean }[] = tops.map((node) => ({ node, expanded: false }));
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const kids = children.get(top.node.id) ?? [];
    if (!top.expanded) {
      top.expanded = true;
      for (const k of kids) if (!out.has(k.id)) stack.push({ node: k, expanded: false });
      continue;
    }
    stack.pop();
    let replies = 0;
    for (const k of kids) if (out.get(k.id)?.visible) replies++;
    out.set(top.node.id, { visible: shouldBeVisible(top.node.status as CommentStatus, replies), replyCount: replies, descendantCount: 0 });
  }
  for (const n of nodes) {
    if (n.rootId !== n.id && out.get(n.id)?.visible) {
      const root = out.get(n.rootId);
      if (root) root.descendantCount++;
    }
  }
  return out;
}
