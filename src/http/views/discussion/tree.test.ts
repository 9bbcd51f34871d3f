// State transitions the browser applies to a displayed thread, live updates among them: known
// comments change in place and keep the reader's own view of them; new ones wait in `fresh`.
import { describe, expect, it } from 'vitest';
import type { CommentView, ThreadNode } from '../../api-types.js';
import { leaf, reduceThread, type ThreadState } from './tree.js';

function c(id: string, over: Partial<CommentView> = {}): CommentView {
  return {
    id,
    articleId: 'a',
    parentId: null,
    depth: 0,
    author: { id: `u-${id}`, username: id, displayName: id, badge: null },
    html: `<p>${id}</p>`,
    status: 'approved',
    tombstone: false,
    createdAt: '2025-01-01T00:00:00.000Z',
    editedAt: null,
    reactions: { like: 0, dislike: 0 },
    myReaction: null,
    replyCount: 0,
    abilities: { reply: true, edit: false, delete: false, react: true, report: true },
    replyingTo: null,
    permalink: `/x/${id}`,
    source: null,
    ...over,
  };
}

const n = (comment: CommentView, replies: ThreadNode[] = [], moreReplies: ThreadNode['moreReplies'] = null): ThreadNode => ({
  comment,
  replies,
  moreReplies,
});

/** Ids as nested arrays: ['r1', ['r1a', ['deep']]] … */
type Shape = (string | Shape)[];
function shape(nodes: ThreadNode[]): Shape {
  return nodes.flatMap((x) => (x.replies.length ? [x.comment.id, shape(x.replies)] : [x.comment.id]));
}

function state(): ThreadState {
  return {
    sort: 'best',
    total: 5,
    nextCursor: 'p2',
    pending: [leaf(c('mine', { status: 'pending', parentId: null }))],
    nodes: [
      n(c('r1'), [n(c('r1a', { parentId: 'r1', depth: 1 }), [n(c('deep', { parentId: 'r1a', depth: 2 }))])], { cursor: 'b1', count: 4 }),
      n(c('r2')),
    ],
  };
}

describe('reduceThread', () => {
  it('puts a new top-level comment first and counts it when approved', () => {
    const s = reduceThread(state(), { type: 'insert', comment: c('new') });
    expect(shape(s.nodes)).toEqual(['new', 'r1', ['r1a', ['deep']], 'r2']);
    expect(s.total).toBe(6);
  });

  it('appends a reply under its parent, at any depth, without counting a pending one', () => {
    const s = reduceThread(state(), { type: 'insert', comment: c('re', { parentId: 'r1a', status: 'pending' }) });
    expect(shape(s.nodes)).toEqual(['r1', ['r1a', ['deep', 're']], 'r2']);
    expect(s.total).toBe(5);
  });

  it('places a flattened reply beside its parent at the depth cap', () => {
    const s = reduceThread(state(), { type: 'insert', comment: c('flat', { parentId: 'deep', replyingTo: { id: 'deep', username: 'deep' } }) });
    expect(shape(s.nodes)).toEqual(['r1', ['r1a', ['deep', 'flat']], 'r2']);
  });

  it('falls back to the top when the parent is not on the page', () => {
    const s = reduceThread(state(), { type: 'insert', comment: c('orphan', { parentId: 'elsewhere' }) });
    expect(s.nodes[0]!.comment.id).toBe('orphan');
  });

  it('appends a branch continuation once, and takes its next cursor', () => {
    // "deep" stands for a reply the reader posted in place that the server now sends again.
    const page = { rootId: 'r1', items: [n(c('deep')), n(c('r1b', { parentId: 'r1', depth: 1 }))], moreReplies: null };
    const s = reduceThread(state(), { type: 'appendReplies', parentId: 'r1', page });
    expect(shape(s.nodes)).toEqual(['r1', ['r1a', ['deep'], 'r1b'], 'r2']);
    expect(s.nodes[0]!.moreReplies).toBeNull();
    const again = reduceThread(s, { type: 'appendReplies', parentId: 'r1', page });
    expect(shape(again.nodes)).toEqual(shape(s.nodes));
  });

  it('appends the next page of top-level comments without repeating ones already shown', () => {
    const s = reduceThread(state(), {
      type: 'appendPage',
      page: { articleId: 'a', sort: 'best', total: 9, items: [n(c('r2')), n(c('r3'))], nextCursor: null },
    });
    expect(shape(s.nodes)).toEqual(['r1', ['r1a', ['deep']], 'r2', 'r3']);
    expect(s).toMatchObject({ total: 9, nextCursor: null });
  });

  it('replaces the page on a new sort', () => {
    const s = reduceThread(state(), {
      type: 'replacePage',
      page: { articleId: 'a', sort: 'newest', total: 5, items: [n(c('r2'))], nextCursor: 'x' },
    });
    expect(s).toMatchObject({ sort: 'newest', nextCursor: 'x' });
    expect(shape(s.nodes)).toEqual(['r2']);
    expect(s.pending).toHaveLength(1);
  });

  it('updates a comment in place, keeping its replies, in the thread and the pending list', () => {
    const tomb = c('r1a', { parentId: 'r1', depth: 1, tombstone: true, author: null, html: '', status: 'deleted' });
    let s = reduceThread(state(), { type: 'update', comment: tomb });
    expect(s.nodes[0]!.replies[0]!.comment.tombstone).toBe(true);
    expect(shape(s.nodes)).toEqual(['r1', ['r1a', ['deep']], 'r2']);
    s = reduceThread(s, { type: 'update', comment: c('mine', { html: '<p>edited</p>', status: 'pending' }) });
    expect(s.pending[0]!.comment.html).toBe('<p>edited</p>');
  });

  it('removes a comment entirely and lowers the count', () => {
    const s = reduceThread(state(), { type: 'remove', id: 'deep' });
    expect(shape(s.nodes)).toEqual(['r1', ['r1a'], 'r2']);
    expect(s.total).toBe(4);
    expect(reduceThread(state(), { type: 'remove', id: 'mine' }).total).toBe(5);
  });

  it('records reactions', () => {
    const s = reduceThread(state(), { type: 'reactions', id: 'r2', reactions: { like: 3, dislike: 0 }, myReaction: 'like' });
    expect(s.nodes[1]!.comment).toMatchObject({ reactions: { like: 3, dislike: 0 }, myReaction: 'like' });
  });

  it('never mutates the previous state', () => {
    const before = state();
    const frozen = JSON.stringify(before);
    reduceThread(before, { type: 'insert', comment: c('x', { parentId: 'deep' }) });
    reduceThread(before, { type: 'remove', id: 'r1a' });
    reduceThread(before, { type: 'reactions', id: 'deep', reactions: { like: 1, dislike: 1 }, myReaction: null });
    expect(JSON.stringify(before)).toBe(frozen);
  });
});

/** A displayed page with the reader's own comment and someone else's, for the live updates. */
const liveState = (): ThreadState => ({
  sort: 'best',
  total: 2,
  nextCursor: null,
  pending: [],
  nodes: [leaf(c('mine', { abilities: { reply: true, edit: true, delete: true, react: false, report: false }, myReaction: null, source: 'mine' })), leaf(c('theirs', { myReaction: 'like', reactions: { like: 1, dislike: 0 } }))],
});

describe('live updates in the thread state', () => {
  it('changes a known comment in place, keeping the reader’s abilities, reaction and source', () => {
    const edited = c('mine', { html: '<p>edited</p>', editedAt: '2025-01-02T00:00:00.000Z' });
    const s = reduceThread(liveState(), { type: 'live', data: { id: 'mine', total: 2, comment: edited } });
    expect(s.nodes[0]!.comment).toMatchObject({ html: '<p>edited</p>', source: 'mine', abilities: { edit: true, delete: true } });
    const liked = reduceThread(s, { type: 'live', data: { id: 'theirs', total: 2, comment: c('theirs', { reactions: { like: 2, dislike: 0 } }) } });
    expect(liked.nodes[1]!.comment).toMatchObject({ myReaction: 'like', reactions: { like: 2, dislike: 0 } });
    expect(liked.fresh ?? []).toEqual([]);
  });

  it('keeps new comments aside until shown, then puts them on top with the server’s count', () => {
    let s = reduceThread(liveState(), { type: 'live', data: { id: 'n1', total: 3, comment: c('n1') } });
    s = reduceThread(s, { type: 'live', data: { id: 'n2', total: 4, comment: c('n2') } });
    expect(s.nodes.map((n) => n.comment.id)).toEqual(['mine', 'theirs']);
    expect(s.fresh!.map((x) => x.id)).toEqual(['n1', 'n2']);
    expect(s.total).toBe(4);
    // Edited before being shown: the newer version waits.
    s = reduceThread(s, { type: 'live', data: { id: 'n1', total: 4, comment: c('n1', { html: '<p>v2</p>' }) } });
    expect(s.fresh!.map((x) => x.id)).toEqual(['n2', 'n1']);
    s = reduceThread(s, { type: 'showFresh' });
    expect(s.nodes.map((n) => n.comment.id)).toEqual(['n1', 'n2', 'mine', 'theirs']);
    expect(s.nodes[0]!.comment.html).toBe('<p>v2</p>');
    expect(s.total).toBe(4);
    expect(s.fresh).toEqual([]);
  });

  it('removes comments readers no longer see, shown or waiting', () => {
    let s = reduceThread(liveState(), { type: 'live', data: { id: 'n1', total: 3, comment: c('n1') } });
    s = reduceThread(s, { type: 'live', data: { id: 'n1', total: 2 } });
    s = reduceThread(s, { type: 'live', data: { id: 'theirs', total: 1 } });
    expect(s.fresh).toEqual([]);
    expect(s.nodes.map((n) => n.comment.id)).toEqual(['mine']);
    expect(s.total).toBe(1);
    const tomb = c('mine', { tombstone: true, author: null, html: '', status: 'deleted', abilities: { reply: false, edit: false, delete: false, react: false, report: false } });
    s = reduceThread(s, { type: 'live', data: { id: 'mine', total: 0, comment: tomb } });
    expect(s.nodes[0]!.comment).toMatchObject({ tombstone: true, abilities: { edit: false } });
  });
  it('counts a reader’s own comment once when its live event beats the response to the post', () => {
    const mine = c('own');
    let s = reduceThread(liveState(), { type: 'live', data: { id: 'own', total: 3, comment: mine } });
    s = reduceThread(s, { type: 'insert', comment: mine });
    expect(s.total).toBe(3);
    expect(s.fresh).toEqual([]);
    expect(s.nodes.filter((x) => x.comment.id === 'own')).toHaveLength(1);
    // In the usual order the response counts it, and the event only confirms the count.
    let t = reduceThread(liveState(), { type: 'insert', comment: mine });
    t = reduceThread(t, { type: 'live', data: { id: 'own', total: 3, comment: mine } });
    expect(t.total).toBe(3);
    expect(t.fresh).toEqual([]);
  });
});
