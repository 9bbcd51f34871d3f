import { describe, expect, it } from 'vitest';
import { MAX_STORED_DEPTH } from '../../domain/tree.js';
import { countBranches, linkComments } from './tree.js';

describe('linkComments', () => {
  it('places replies whatever the order, with paths from the root', () => {
    const { placements, cycles } = linkComments(
      [
        { id: 'C', parentId: 'B' },
        { id: 'B', parentId: 'A' },
        { id: 'A', parentId: null },
      ],
      new Map(),
    );
    expect(cycles).toEqual([]);
    expect(placements.get('C')).toEqual({ rootId: 'A', depth: 2, path: 'A.B.C', parentId: 'B' });
    expect(placements.get('A')).toEqual({ rootId: 'A', depth: 0, path: 'A', parentId: null });
  });

  it('hangs replies under existing comments', () => {
    const { placements } = linkComments([{ id: 'N', parentId: 'E' }], new Map([['E', { rootId: 'R', depth: 1, path: 'R.E' }]]));
    expect(placements.get('N')).toEqual({ rootId: 'R', depth: 2, path: 'R.E.N', parentId: 'E' });
  });

  it('breaks loops (and self-parents) by putting one comment at the top level', () => {
    const { placements, cycles } = linkComments(
      [
        { id: 'X', parentId: 'Y' },
        { id: 'Y', parentId: 'X' },
        { id: 'S', parentId: 'S' },
      ],
      new Map(),
    );
    expect(cycles.sort()).toEqual(['S', 'Y']);
    expect(placements.get('Y')).toMatchObject({ depth: 0, parentId: null });
    expect(placements.get('X')).toMatchObject({ depth: 1, parentId: 'Y', path: 'Y.X' });
    expect(placements.get('S')).toMatchObject({ depth: 0, parentId: null });
  });

  it('files replies below the deepest stored level beside their parent, as createComment does', () => {
    const chain = Array.from({ length: MAX_STORED_DEPTH + 3 }, (_, i) => ({ id: `c${String(i).padStart(3, '0')}`, parentId: i === 0 ? null : `c${String(i - 1).padStart(3, '0')}` }));
    const { placements } = linkComments(chain.slice().reverse(), new Map());
    const last = chain[chain.length - 1]!;
    const p = placements.get(last.id)!;
    expect(p.depth).toBe(MAX_STORED_DEPTH);
    expect(p.parentId).toBe(chain[chain.length - 2]!.id);
    expect(p.path.split('.')).toHaveLength(MAX_STORED_DEPTH + 1);
    expect(p.path.endsWith(`.${last.id}`)).toBe(true);
  });
});

describe('countBranches', () => {
  it('counts visible replies, keeps tombstones while they have visible replies, and cascades', () => {
    const counts = countBranches([
      { id: 'R', parentId: null, rootId: 'R', status: 'approved' },
      { id: 'D1', parentId: 'R', rootId: 'R', status: 'deleted' },
      { id: 'D2', parentId: 'D1', rootId: 'R', status: 'deleted' },
      { id: 'A', parentId: 'D2', rootId: 'R', status: 'approved' },
      { id: 'P', parentId: 'R', rootId: 'R', status: 'pending' },
      { id: 'Q', parentId: 'P', rootId: 'R', status: 'approved' },
      { id: 'L', parentId: 'R', rootId: 'R', status: 'deleted' },
      { id: 'S', parentId: null, rootId: 'S', status: 'spam' },
    ]);
    expect(counts.get('D2')).toEqual({ visible: true, replyCount: 1, descendantCount: 0 });
    expect(counts.get('D1')).toEqual({ visible: true, replyCount: 1, descendantCount: 0 });
    expect(counts.get('L')).toEqual({ visible: false, replyCount: 0, descendantCount: 0 });
    expect(counts.get('P')).toEqual({ visible: false, replyCount: 1, descendantCount: 0 });
    // R: visible replies D1 (tombstone); P is pending, L gone. Below R: D1 D2 A Q.
    expect(counts.get('R')).toEqual({ visible: true, replyCount: 1, descendantCount: 4 });
    expect(counts.get('S')).toEqual({ visible: false, replyCount: 0, descendantCount: 0 });
  });

  it('handles long chains without recursion', () => {
    const n = 20_000;
    const nodes = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, parentId: i ? `n${i - 1}` : null, rootId: 'n0', status: 'approved' }));
    const counts = countBranches(nodes);
    expect(counts.get('n0')).toEqual({ visible: true, replyCount: 1, descendantCount: n - 1 });
  });
});
