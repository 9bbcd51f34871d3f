// Pure state transitions of a displayed thread. The Discussion component runs them through
// useReducer; they never mutate their input.
import type { CommentPage, CommentView, RepliesPage, SortOrder, ThreadNode } from '../../api-types.js';
import type { DiscussionProps, ReactionResult } from './types.js';
import type { LiveCommentData } from './live.js';

export interface ThreadState {
  sort: SortOrder;
  total: number;
  nodes: ThreadNode[];
  nextCursor: string | null;
  pending: ThreadNode[];
  /** New comments from live updates, waiting for the reader to show them (issue 7). */
  fresh?: CommentView[];
}

export type ThreadAction =
  | { type: 'replacePage'; page: CommentPage }
  | { type: 'appendPage'; page: CommentPage }
  | { type: 'appendReplies'; parentId: string; page: RepliesPage }
  | { type: 'insert'; comment: CommentView }
  | { type: 'update'; comment: CommentView }
  | { type: 'remove'; id: string }
  | ({ type: 'reactions'; id: string } & ReactionResult)
  | { type: 'live'; data: LiveCommentData; past?: boolean }
  | { type: 'showFresh' };

export const leaf = (comment: CommentView): ThreadNode => ({ comment, replies: [], moreReplies: null });

export function initialThread(p: DiscussionProps): ThreadState {
  return {
    sort: p.sort,
    total: p.total,
    nodes: p.nodes,
    nextCursor: p.nextCursor,
    pending: p.pending.map(leaf),
  };
}

/** Rebuilds the tree bottom-up; `fn` may return a replacement node or null to drop it. */
export function mapTree(nodes: ThreadNode[], fn: (node: ThreadNode) => ThreadNode | null): ThreadNode[] {
  const out: ThreadNode[] = [];
  for (const node of nodes) {
    const replies = node.replies.length > 0 ? mapTree(node.replies, fn) : node.replies;
    const next = fn(replies === node.replies ? node : { ...node, replies });
    if (next) out.push(next);
  }
  return out;
}

function collectIds(nodes: ThreadNode[], into: Set<string>): Set<string> {
  for (const n of nodes) {
    into.add(n.comment.id);
    collectIds(n.replies, into);
  }
  return into;
}

/** Drops incoming nodes already shown anywhere in `existing` (say, a reply this reader just posted). */
function withoutKnown(existing: ThreadNode[], incoming: ThreadNode[]): ThreadNode[] {
  const seen = collectIds(existing, new Set());
  return incoming.filter((n) => !seen.has(n.comment.id));
}

/**
 * Places a reply: under its parent, or, when the server flattened it (`replyingTo` set, the parent
 * sits at the display depth cap), at the end of the list that holds the parent.
 */
function insertReply(nodes: ThreadNode[], comment: CommentView): ThreadNode[] | null {
  const i = nodes.findIndex((n) => n.comment.id === comment.parentId);
  if (i >= 0) {
    if (comment.replyingTo) return [...nodes, leaf(comment)];
    const parent = nodes[i]!;
    const copy = nodes.slice();
    copy[i] = { ...parent, replies: [...parent.replies, leaf(comment)] };
    return copy;
  }
  for (let j = 0; j < nodes.length; j++) {
    const node = nodes[j]!;
    const replies = insertReply(node.replies, comment);
    if (replies) {
      const copy = nodes.slice();
      copy[j] = { ...node, replies };
      return copy;
    }
  }
  return null;
}

const eachList = (s: ThreadState, fn: (nodes: ThreadNode[]) => ThreadNode[]): ThreadState => ({
  ...s,
  nodes: fn(s.nodes),
  pending: fn(s.pending),
});

export function reduceThread(s: ThreadState, a: ThreadAction): ThreadState {
  switch (a.type) {
    case 'replacePage':
      return { ...s, sort: a.page.sort, total: a.page.total, nodes: a.page.items, nextCursor: a.page.nextCursor };
    case 'appendPage':
      return {
        ...s,
        total: a.page.total,
        nodes: [...s.nodes, ...withoutKnown(s.nodes, a.page.items)],
        nextCursor: a.page.nextCursor,
      };
    case 'appendReplies':
      return eachList(s, (nodes) =>
        mapTree(nodes, (n) =>
          n.comment.id === a.parentId
            ? { ...n, replies: [...n.replies, ...withoutKnown(n.replies, a.page.items)], moreReplies: a.page.moreReplies }
            : n,
        ),
      );
    case 'insert': {
      const c = a.comment;
      const nodes = (c.parentId && insertReply(s.nodes, c)) || [leaf(c), ...s.nodes];
      // A live update may have announced this comment first: its total already counts it, and
      // it must not be offered again as someone else's news.
      const announced = s.fresh?.some((x) => x.id === c.id) ?? false;
      const fresh = announced ? s.fresh?.filter((x) => x.id !== c.id) : s.fresh;
      return { ...s, nodes, fresh, total: s.total + (c.status === 'approved' && !announced ? 1 : 0) };
    }
    case 'update': {
      // A comment that stops being approved (deleted into a tombstone, held) no longer counts.
      let delta = 0;
      const next = eachList(s, (nodes) =>
        mapTree(nodes, (n) => {
          if (n.comment.id !== a.comment.id) return n;
          delta = (a.comment.status === 'approved' ? 1 : 0) - (n.comment.status === 'approved' ? 1 : 0);
          return { ...n, comment: a.comment };
        }),
      );
      return { ...next, total: Math.max(0, s.total + delta) };
    }
    case 'remove': {
      let removed = 0;
      const next = eachList(s, (nodes) =>
        mapTree(nodes, (n) => {
          if (n.comment.id !== a.id) return n;
          if (n.comment.status === 'approved') removed++;
          return null;
        }),
      );
      return { ...next, total: Math.max(0, s.total - removed) };
    }
    case 'live': {
      // A known comment changes in place, keeping the reader's own view of it (abilities,
      // reaction, source, placement); an unknown one waits in `fresh`.
      const { id, comment: c, total } = a.data;
      let known = false;
      const next = eachList(s, (nodes) =>
        mapTree(nodes, (n) => {
          if (n.comment.id !== id) return n;
          known = true;
          return c ? { ...n, comment: c.tombstone ? c : { ...n.comment, html: c.html, editedAt: c.editedAt, status: c.status, reactions: c.reactions } } : null;
        }),
      );
      // The featured list takes no new comments: only the editors add to it. A replayed comment
      // from before the page was read (`past`) is not new, only not on this page.
      const offer = c && !known && !a.past && s.sort !== 'featured';
      return { ...next, total, fresh: [...(s.fresh ?? []).filter((x) => x.id !== id), ...(offer ? [c] : [])] };
    }
    case 'showFresh':
      // Oldest first, so the newest ends up on top; the count is already the server's.
      return { ...(s.fresh ?? []).reduce((t, comment) => reduceThread(t, { type: 'insert', comment }), s), total: s.total, fresh: [] };
    case 'reactions':
      return eachList(s, (nodes) =>
        mapTree(nodes, (n) =>
          n.comment.id === a.id
            ? { ...n, comment: { ...n.comment, reactions: a.reactions, myReaction: a.myReaction } }
            : n,
        ),
      );
  }
}
