// Live updates applied to a displayed thread (issue 7): known comments change in place and keep
// the reader's own view of them; new ones wait in `fresh` until shown; removals and the count.
import { describe, expect, it } from 'vitest';
import type { CommentView, ThreadNode } from '../../api-types.js';
import { reduceThread, type ThreadState } from './tree.js';

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
const leaf = (comment: CommentView): ThreadNode => ({ comment, replies: [], moreReplies: null });
const state = (): ThreadState => ({
  sort: 'best',
  total: 2,
  nextCursor: null,
  pending: [],
  nodes: [leaf(c('mine', { abilities: { reply: true, edit: true, delete: true, react: false, report: false }, myReaction: null, source: 'mine' })), leaf(c('theirs', { myReaction: 'like', reactions: { like: 1, dislike: 0 } }))],
});

describe('live updates in the thread state', () => {
  it('changes a known comment in place, keeping the reader’s abilities, reaction and source', () => {
    const edited = c('mine', { html: '<p>edited</p>', editedAt: '2025-01-02T00:00:00.000Z' });
    const s = reduceThread(state(), { type: 'live', data: { id: 'mine', total: 2, comment: edited } });
    expect(s.nodes[0]!.comment).toMatchObject({ html: '<p>edited</p>', source: 'mine', abilities: { edit: true, delete: true } });
    const liked = reduceThread(s, { type: 'live', data: { id: 'theirs', total: 2, comment: c('theirs', { reactions: { like: 2, dislike: 0 } }) } });
    expect(liked.nodes[1]!.comment).toMatchObject({ myReaction: 'like', reactions: { like: 2, dislike: 0 } });
    expect(liked.fresh ?? []).toEqual([]);
  });

  it('keeps new comments aside until shown, then puts them on top with the server’s count', () => {
    let s = reduceThread(state(), { type: 'live', data: { id: 'n1', total: 3, comment: c('n1') } });
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
    let s = reduceThread(state(), { type: 'live', data: { id: 'n1', total: 3, comment: c('n1') } });
    s = reduceThread(s, { type: 'live', data: { id: 'n1', total: 2 } });
    s = reduceThread(s, { type: 'live', data: { id: 'theirs', total: 1 } });
    expect(s.fresh).toEqual([]);
    expect(s.nodes.map((n) => n.comment.id)).toEqual(['mine']);
    expect(s.total).toBe(1);
    const tomb = c('mine', { tombstone: true, author: null, html: '', status: 'deleted', abilities: { reply: false, edit: false, delete: false, react: false, report: false } });
    s = reduceThread(s, { type: 'live', data: { id: 'mine', total: 0, comment: tomb } });
    expect(s.nodes[0]!.comment).toMatchObject({ tombstone: true, abilities: { edit: false } });
  });
});
