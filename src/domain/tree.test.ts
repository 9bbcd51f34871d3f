import { describe, expect, it } from 'vitest';
import { buildForest, countNodes, type TreeInput, type TreeNode } from './tree.js';

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * Builds tree rows from `[id, parentId]` pairs listed in depth-first order, deriving `depth` and
 * `path` from the parent the way the store does (path = ancestors from the root, dot-separated).
 */
function rows(edges: ReadonlyArray<readonly [string, string | null]>): TreeInput[] {
  const byId = new Map<string, TreeInput>();
  return edges.map(([id, parentId]) => {
    const parent = parentId === null ? undefined : byId.get(parentId);
    if (parentId !== null && !parent) throw new Error(`test data: ${id} lists ${parentId} before it exists`);
    const row: TreeInput = { id, parentId, depth: parent ? parent.depth + 1 : 0, path: parent ? `${parent.path}.${id}` : id };
    byId.set(id, row);
    return row;
  });
}

/**
 * Renders a forest one line per node: two spaces per displayed level, then the id, then
 * ` ^p` when the node carries `replyingTo: p`. `level` is the displayed level of the top nodes
 * (0 in a whole thread, 1 on a continuation page shown under its root).
 */
function render(forest: readonly TreeNode<TreeInput>[], level = 0): string[] {
  return forest.flatMap((n) => [
    `${'  '.repeat(level)}${n.item.id}${n.replyingTo === null ? '' : ` ^${n.replyingTo}`}`,
    ...render(n.children, level + 1),
  ]);
}

function preorder<T>(forest: readonly TreeNode<T>[]): T[] {
  return forest.flatMap((n) => [n.item, ...preorder(n.children)]);
}

/** r > a > b > c > d > e: one straight chain five replies deep. */
const CHAIN = rows([
  ['r', null],
  ['a', 'r'],
  ['b', 'a'],
  ['c', 'b'],
  ['d', 'c'],
  ['e', 'd'],
]);

// ---------------------------------------------------------------------------------------------

describe('buildForest: a whole thread (anchor = null)', () => {
  it('returns an empty forest for no items, and a lone root as itself', () => {
    expect(buildForest([], 4, null)).toEqual([]);
    expect(buildForest(rows([['r', null]]), 4, null)).toEqual([{ item: expect.objectContaining({ id: 'r' }), children: [], replyingTo: null }]);
  });

  it('nests replies under their real parent while they are within the cap', () => {
    const items = rows([
      ['r', null],
      ['a', 'r'],
      ['b', 'a'],
      ['c', 'b'], // depth 3 = the last level for a cap of 4
      ['d', 'a'],
      ['e', 'r'],
      ['s', null],
      ['t', 's'],
    ]);
    expect(render(buildForest(items, 4, null))).toEqual([
      'r',
      '  a',
      '    b',
      '      c',
      '    d',
      '  e',
      's',
      '  t',
    ]);
  });

  it('keeps the item objects themselves (no copies)', () => {
    const items = rows([
      ['r', null],
      ['a', 'r'],
    ]);
    const forest = buildForest(items, 4, null);
    expect(forest[0]!.item).toBe(items[0]);
    expect(forest[0]!.children[0]!.item).toBe(items[1]);
  });

  it('shows replies deeper than the cap at the last level, under their ancestor there, naming the real parent', () => {
    // Cap 4: levels 0..3. d (depth 4) and e (depth 5) are shown beside c, under b (the ancestor
    // at level 2), each with replyingTo = its real parent.
    expect(render(buildForest(CHAIN, 4, null))).toEqual([
      'r',
      '  a',
      '    b',
      '      c',
      '      d ^c',
      '      e ^d',
    ]);
  });

  it('flattens each deep branch under its own ancestor, not under whichever came last', () => {
    const items = rows([
      ['r', null],
      ['a', 'r'],
      ['b1', 'a'],
      ['c1', 'b1'],
      ['d1', 'c1'],
      ['b2', 'a'],
      ['c2', 'b2'],
      ['d2', 'c2'],
      ['e2', 'd2'],
    ]);
    const forest = buildForest(items, 4, null);
    expect(render(forest)).toEqual([
      'r',
      '  a',
      '    b1',
      '      c1',
      '      d1 ^c1',
      '    b2',
      '      c2',
      '      d2 ^c2',
      '      e2 ^d2',
    ]);
  });

  it.each([
    {
      cap: 4,
      expected: ['r', '  a', '    b', '      c', '      d ^c', '      e ^d'],
    },
    {
      cap: 3,
      expected: ['r', '  a', '    b', '    c ^b', '    d ^c', '    e ^d'],
    },
    {
      cap: 2,
      expected: ['r', '  a', '  b ^a', '  c ^b', '  d ^c', '  e ^d'],
    },
    {
      // A cap of 1 is floored to one level of replies (buildForest uses max(1, cap - 1) as the
      // last level): replies are never lifted beside their root, so it displays like a cap of 2.
      cap: 1,
      expected: ['r', '  a', '  b ^a', '  c ^b', '  d ^c', '  e ^d'],
    },
  ])('a five-deep chain with a cap of $cap', ({ cap, expected }) => {
    expect(render(buildForest(CHAIN, cap, null))).toEqual(expected);
  });

  it('a reply whose parent is missing from the list starts a new top-level node that names it', () => {
    const items = rows([
      ['r', null],
      ['a', 'r'],
      ['b', 'a'],
    ]).filter((row) => row.id !== 'a');
    expect(render(buildForest(items, 4, null))).toEqual(['r', 'b ^a']);
  });
});

describe('buildForest: continuation pages (anchor = a root id)', () => {
  // r > a > b > c, r > a > d, r > e > f; depth-first replies: a b c d e f.
  const BUSHY = rows([
    ['r', null],
    ['a', 'r'],
    ['b', 'a'],
    ['c', 'b'],
    ['d', 'a'],
    ['e', 'r'],
    ['f', 'e'],
  ]);
  const replies = (from: number, to?: number) => BUSHY.slice(1).slice(from, to);

  it('a first page of replies nests under the anchor without naming it', () => {
    // Top nodes are shown at level 1, under the root.
    expect(render(buildForest(replies(0), 4, 'r'), 1)).toEqual([
      '  a',
      '    b',
      '      c',
      '    d',
      '  e',
      '    f',
    ]);
  });

  it('items whose parents were on an earlier page become top-level and name the parent', () => {
    // Earlier page showed a and b; this page starts mid-branch at c.
    expect(render(buildForest(replies(2), 4, 'r'), 1)).toEqual([
      '  c ^b',
      '  d ^a',
      '  e', // its parent is the anchor: directly under it, nothing to name
      '    f',
    ]);
  });

  it('a page ending mid-branch keeps what it has', () => {
    expect(render(buildForest(replies(1, 3), 4, 'r'), 1)).toEqual(['  b ^a', '    c']);
  });

  it('deep replies whose display ancestor was on an earlier page become top-level too', () => {
    // Chain r > a > b > c > d > e with a cap of 4: d and e display under b, which is not here.
    const page = CHAIN.slice(4); // d, e
    expect(render(buildForest(page, 4, 'r'), 1)).toEqual(['  d ^c', '  e ^d']);
  });

  it('deep replies go under their display ancestor when it is on the page', () => {
    const page = CHAIN.slice(2); // b, c, d, e
    expect(render(buildForest(page, 4, 'r'), 1)).toEqual([
      '  b ^a',
      '    c',
      '    d ^c',
      '    e ^d',
    ]);
  });

  it('with a cap of 2 every reply on a continuation page sits directly under the root', () => {
    expect(render(buildForest(replies(2), 2, 'r'), 1)).toEqual(['  c ^b', '  d ^a', '  e', '  f ^e']);
  });
});

describe('buildForest: order', () => {
  const items = rows([
    ['r', null],
    ['a', 'r'],
    ['b', 'a'],
    ['c', 'b'],
    ['d', 'c'],
    ['e', 'd'],
    ['f', 'c'],
    ['g', 'b'],
    ['h', 'a'],
    ['i', 'r'],
    ['s', null],
    ['t', 's'],
    ['u', 't'],
  ]);

  it.each([1, 2, 3, 4, 10])('a pre-order walk of the forest gives back the depth-first input order (cap %i)', (cap) => {
    expect(preorder(buildForest(items, cap, null)).map((x) => x.id)).toEqual(items.map((x) => x.id));
    const page = items.slice(3, 9); // c..h, a continuation of branch r
    expect(preorder(buildForest(page, cap, 'r')).map((x) => x.id)).toEqual(page.map((x) => x.id));
  });

  it('siblings keep their input order', () => {
    const fan = rows([
      ['r', null],
      ['z', 'r'],
      ['m', 'r'],
      ['a', 'r'],
    ]);
    expect(buildForest(fan, 4, null)[0]!.children.map((n) => n.item.id)).toEqual(['z', 'm', 'a']);
  });
});

describe('countNodes', () => {
  it('counts every node of a forest at every level', () => {
    expect(countNodes([])).toBe(0);
    expect(countNodes(buildForest(CHAIN, 4, null))).toBe(6);
    expect(countNodes(buildForest(CHAIN.slice(2), 4, 'r'))).toBe(4);
  });
});

describe('buildForest: inputs whose path starts below the anchor', () => {
  // Regression: the display ancestor is counted from the end of the path, so subtrees whose
  // paths start below the root (a permalink page) keep within the cap too.
  it('keeps a permalink page (relative depth, path after the linked comment) within the cap', () => {
    // Linked comment C; replies C > D1 > D2 > D3 > D4 > D5, rebased as presentPermalink does.
    const ids = ['D1', 'D2', 'D3', 'D4', 'D5'];
    const rebased: TreeInput[] = ids.map((id, i) => ({
      id,
      parentId: i === 0 ? 'C' : ids[i - 1]!,
      depth: i + 1,
      path: ids.slice(0, i + 1).join('.'),
    }));
    // C is level 0, so with a cap of 4 replies use levels 1..3, exactly as under a root.
    expect(render(buildForest(rebased, 4, 'C'), 1)).toEqual([
      '  D1',
      '    D2',
      '      D3',
      '      D4 ^D3',
      '      D5 ^D4',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property test over random trees.

/** mulberry32: a small seeded PRNG, enough to make the random trees reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random forest as rows in depth-first order; long chains are common so the cap matters. */
function randomThread(rand: () => number): TreeInput[] {
  const size = 1 + Math.floor(rand() * 80);
  const children = new Map<string | null, string[]>();
  const created: string[] = [];
  for (let i = 0; i < size; i++) {
    const id = `n${String(i).padStart(3, '0')}`;
    const roll = rand();
    const parent =
      created.length === 0 || roll < 0.12
        ? null
        : roll < 0.6
          ? created[created.length - 1]! // continue the latest exchange: builds deep chains
          : created[Math.floor(rand() * created.length)]!;
    children.set(parent, [...(children.get(parent) ?? []), id]);
    created.push(id);
  }
  const parentOf = new Map<string, string | null>();
  for (const [p, kids] of children) for (const k of kids) parentOf.set(k, p);
  const edges: [string, string | null][] = [];
  const visit = (id: string) => {
    edges.push([id, parentOf.get(id) ?? null]);
    for (const kid of children.get(id) ?? []) visit(kid);
  };
  for (const root of children.get(null) ?? []) visit(root);
  return rows(edges);
}

interface Placement {
  item: TreeInput;
  /** Id of the node it is displayed under; the anchor (possibly null) for top-level nodes. */
  displayParent: string | null;
  level: number;
  replyingTo: string | null;
}

function placements(forest: readonly TreeNode<TreeInput>[], anchor: string | null): Placement[] {
  const out: Placement[] = [];
  const walk = (nodes: readonly TreeNode<TreeInput>[], parent: string | null, level: number) => {
    for (const n of nodes) {
      out.push({ item: n.item, displayParent: parent, level, replyingTo: n.replyingTo });
      walk(n.children, n.item.id, level + 1);
    }
  };
  walk(forest, anchor, anchor === null ? 0 : 1);
  return out;
}

function checkInvariants(items: readonly TreeInput[], cap: number, anchor: string | null, label: string): void {
  const forest = buildForest(items, cap, anchor);
  const placed = placements(forest, anchor);
  // Every input exactly once, in the input (depth-first) order.
  expect(
    placed.map((p) => p.item.id),
    `${label}: each item once, in order`,
  ).toEqual(items.map((i) => i.id));
  const deepest = Math.max(1, cap - 1);
  for (const p of placed) {
    const ancestors = p.item.path.split('.').slice(0, -1);
    expect(p.level, `${label}: ${p.item.id} level within cap ${cap}`).toBeLessThanOrEqual(deepest);
    if (p.displayParent !== null) {
      expect(ancestors, `${label}: ${p.item.id} displayed under an ancestor`).toContain(p.displayParent);
    }
    const moved = p.displayParent !== p.item.parentId;
    expect(p.replyingTo, `${label}: ${p.item.id} replyingTo iff moved`).toBe(moved ? p.item.parentId : null);
  }
}

describe('buildForest: properties over random trees', () => {
  it('every item once, depth within the cap, shown under an ancestor, replyingTo iff not under its parent', () => {
    const rand = prng(0x5eed);
    let checkedPages = 0;
    for (let trial = 0; trial < 300; trial++) {
      const thread = randomThread(rand);
      const cap = 1 + Math.floor(rand() * 6);
      checkInvariants(thread, cap, null, `trial ${trial} whole thread`);

      // A continuation page of each branch: a contiguous slice of its depth-first replies.
      for (const root of thread.filter((r) => r.depth === 0)) {
        const replies = thread.filter((r) => r.depth > 0 && r.path.startsWith(`${root.id}.`));
        if (replies.length === 0) continue;
        const from = Math.floor(rand() * replies.length);
        const to = from + 1 + Math.floor(rand() * (replies.length - from));
        checkInvariants(replies.slice(from, to), cap, root.id, `trial ${trial} branch ${root.id} [${from}, ${to})`);
        checkedPages++;
      }
    }
    expect(checkedPages).toBeGreaterThan(100); // the generator really produced branches to page
  });

  it('a whole thread shows replies within the cap directly under their real parent', () => {
    const rand = prng(42);
    for (let trial = 0; trial < 200; trial++) {
      const thread = randomThread(rand);
      const cap = 2 + Math.floor(rand() * 5);
      for (const p of placements(buildForest(thread, cap, null), null)) {
        if (p.item.depth <= cap - 1) {
          expect(p.displayParent).toBe(p.item.parentId);
          expect(p.level).toBe(p.item.depth);
        } else {
          // Too deep: at the last level, under the ancestor one level above it.
          expect(p.level).toBe(cap - 1);
          expect(p.displayParent).toBe(p.item.path.split('.')[cap - 2]);
        }
      }
    }
  });
});
