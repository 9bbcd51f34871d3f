// Builds the displayed reply tree from a flat, depth-first list of comments.
//
// Replies may nest to any depth in the data; the display caps nesting at `maxDepth` levels
// (level 0 = top-level comments), but always shows at least one level of replies, so a cap of 1
// displays like a cap of 2. A reply deeper than the cap is shown at the last level,
// under its ancestor there, and carries `replyingTo` (its real parent) so the reader can tell
// whom it answers.

/**
 * Replies are stored at most this many levels below a top-level comment: the materialized path
 * (27 characters a level) must fit an index entry on both databases. A reply to a comment at the
 * bottom level is filed beside it (same depth, the path of its siblings) while its parent_id
 * still names the comment it answers, so it is shown as "replying to" that comment.
 */
export const MAX_STORED_DEPTH = 50;

export interface TreeInput {
  id: string;
  parentId: string | null;
  depth: number;
  /** Dot-separated ancestor ids ending with this comment's id. */
  path: string;
}

export interface TreeNode<T> {
  item: T;
  children: TreeNode<T>[];
  /** The real parent's id when the node is not shown directly under it. */
  replyingTo: string | null;
}

/**
 * Arranges `items` (depth-first order, all inside the subtree of `anchorId`) into a forest whose
 * top level are the nodes shown directly under the anchor. A node whose display parent is not in
 * `items` (e.g. shown on an earlier page of the branch) starts a new top-level node, marked with
 * the parent it replies to.
 */
/** The deepest level shown nested for a display cap; deeper replies are shown at this level. */
export function lastDisplayLevel(maxDepth: number): number {
  return Math.max(1, maxDepth - 1);
}

export function buildForest<T extends TreeInput>(items: readonly T[], maxDepth: number, anchorId: string | null): TreeNode<T>[] {
  const lastLevel = lastDisplayLevel(maxDepth);
  const nodes = new Map<string, TreeNode<T>>();
  const forest: TreeNode<T>[] = [];
  for (const item of items) {
    const ancestors = item.path.split('.');
    // Ancestor shown as this item's parent: the real parent when within the cap, else the
    // ancestor at the level just above the last. Counted from the end of the path, so it also
    // holds for paths that start below the root (a permalink's subtree).
    const displayParentId = item.depth <= lastLevel ? item.parentId : (ancestors[ancestors.length - 1 - (item.depth - (lastLevel - 1))] ?? null);
    const displayParent = displayParentId === null ? undefined : nodes.get(displayParentId);
    const moved = displayParentId !== item.parentId || (!displayParent && item.parentId !== anchorId);
    const node: TreeNode<T> = { item, children: [], replyingTo: moved ? item.parentId : null };
    nodes.set(item.id, node);
    if (displayParent) displayParent.children.push(node);
    else forest.push(node);
  }
  return forest;
}

/** Counts the nodes of a forest. */
export function countNodes<T>(forest: readonly TreeNode<T>[]): number {
  let n = 0;
  for (const node of forest) n += 1 + countNodes(node.children);
  return n;
}
