// One contract for the Store, run against SQLite and PostgreSQL alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUlidGenerator } from '../src/domain/ids.js';
import { DEFAULT_SITE_SETTINGS, type Comment } from '../src/domain/types.js';
import { connect, migrateToLatest, type Connection } from '../src/store/connect.js';
import { KyselyStore } from '../src/store/kysely-store.js';
import type { NewComment, Store } from '../src/store/store.js';
import { databaseKinds, type TestDatabase } from './support/databases.js';

const kinds = await databaseKinds();

describe.each(kinds)('Store contract on $kind', ({ create }) => {
  let db: TestDatabase;
  let connection: Connection;
  let store: Store;
  const newId = createUlidGenerator();
  const base = Date.parse('2026-01-10T08:00:00.000Z');
  const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
  let siteId: string;
  let otherSiteId: string;
  let articleId: string;
  let authorId: string;

  beforeAll(async () => {
    db = await create();
    connection = connect(db.config);
    await migrateToLatest(connection.db);
    store = new KyselyStore(connection.db, connection.dialect);
    siteId = (await store.createSite({ id: newId(), slug: 'a', name: 'A', publicUrl: null, settings: DEFAULT_SITE_SETTINGS, createdAt: at(0) })).id;
    otherSiteId = (await store.createSite({ id: newId(), slug: 'b', name: 'B', publicUrl: null, settings: DEFAULT_SITE_SETTINGS, createdAt: at(0) })).id;
    articleId = newId();
    await store.createArticle({
      id: articleId, siteId, slug: 'story', title: 'Story', dek: '', bodyMarkdown: '', bodyHtml: '', leadImage: null,
      authors: ['W'], tags: ['t'], section: null, status: 'published', publishedAt: at(0), updatedAt: at(0), commentsMode: 'open', closeAt: null, createdAt: at(0),
    });
    authorId = newId();
    await store.createUser({ id: authorId, email: 'w@example.test', emailVerified: false, username: 'Writer', usernameKey: 'writer', displayName: 'W', isOperator: false, createdAt: at(0) });
  });

  afterAll(async () => {
    await connection?.close();
    await db?.drop();
  });

  function newComment(over: Partial<NewComment> & { minutes: number }, parent?: Comment): NewComment {
    const id = newId(base + over.minutes * 60_000);
    const { minutes, ...rest } = over;
    return {
      id,
      siteId,
      articleId,
      parentId: parent?.id ?? null,
      rootId: parent?.rootId ?? id,
      depth: parent ? parent.depth + 1 : 0,
      path: parent ? `${parent.path}.${id}` : id,
      authorId,
      bodyMarkdown: 'x',
      bodyHtml: '<p>x</p>',
      rendererVersion: 1,
      status: 'approved',
      visible: true,
      score: 0,
      createdAt: at(minutes),
      ...rest,
    };
  }

  it('migrations are idempotent', async () => {
    const again = await migrateToLatest(connection.db);
    expect(again.applied).toEqual([]);
  });

  it('scopes articles and comments by site', async () => {
    expect(await store.getArticle({ siteId, id: articleId })).toMatchObject({ slug: 'story', tags: ['t'] });
    expect(await store.getArticle({ siteId: otherSiteId, id: articleId })).toBeUndefined();
    expect(await store.getArticleBySlug({ siteId: otherSiteId, slug: 'story' })).toBeUndefined();
    const c = await store.insertComment(newComment({ minutes: 1 }));
    expect(await store.getComment({ siteId: otherSiteId, id: c.id })).toBeUndefined();
    expect(await store.getComment({ siteId, id: c.id })).toMatchObject({ id: c.id, visible: true, likeCount: 0 });
  });

  it('enforces unique emails and usernames', async () => {
    const dup = { id: newId(), email: 'w@example.test', emailVerified: false, username: 'Other', usernameKey: 'other', displayName: 'O', isOperator: false, createdAt: at(0) };
    await expect(store.createUser(dup)).rejects.toThrow();
    await expect(store.createUser({ ...dup, id: newId(), email: 'o@example.test', usernameKey: 'writer' })).rejects.toThrow();
  });

  it('rolls back a failed transaction completely', async () => {
    const c = newComment({ minutes: 2 });
    await expect(
      store.transaction(async (tx) => {
        await tx.insertComment(c);
        await tx.insertComment(c); // duplicate primary key
      }),
    ).rejects.toThrow();
    expect(await store.getComment({ siteId, id: c.id })).toBeUndefined();
  });

  it('keeps concurrent transactions apart: each commits or rolls back alone, in order', async () => {
    // On SQLite these share one commit (group-commit.ts); on PostgreSQL they run side by side.
    const ok1 = newComment({ minutes: 3 });
    const bad = newComment({ minutes: 4 });
    const ok2 = newComment({ minutes: 5 });
    const seen: number[] = [];
    const results = await Promise.allSettled([
      store.transaction(async (tx) => {
        await tx.insertComment(ok1);
        seen.push(1);
        return 'first';
      }),
      store.transaction(async (tx) => {
        await tx.insertComment(bad);
        seen.push(2);
        throw new Error('refused after writing');
      }),
      store.transaction(async (tx) => {
        // Sees what the earlier transaction wrote, not what the failed one did.
        const before = await tx.getComment({ siteId, id: ok1.id });
        await tx.insertComment(ok2);
        seen.push(3);
        return before?.id;
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[0]).toMatchObject({ value: 'first' });
    expect(results[1]).toMatchObject({ reason: new Error('refused after writing') });
    if (connection.dialect === 'sqlite') {
      expect(seen).toEqual([1, 2, 3]);
      expect(results[2]).toMatchObject({ value: ok1.id });
    }
    expect(await store.getComment({ siteId, id: ok1.id })).toMatchObject({ id: ok1.id });
    expect(await store.getComment({ siteId, id: bad.id })).toBeUndefined();
    expect(await store.getComment({ siteId, id: ok2.id })).toMatchObject({ id: ok2.id });
  });

  describe('top-level pagination', () => {
    let articleB: string;
    let roots: Comment[];
    beforeAll(async () => {
      articleB = newId();
      await store.createArticle({
        id: articleB, siteId, slug: 'paged', title: 'Paged', dek: '', bodyMarkdown: '', bodyHtml: '', leadImage: null,
        authors: [], tags: [], section: null, status: 'published', publishedAt: at(0), updatedAt: at(0), commentsMode: 'open', closeAt: null, createdAt: at(0),
      });
      roots = [];
      for (let i = 0; i < 23; i++) {
        // Scores repeat (i % 5) so ties must be broken by id.
        roots.push(await store.insertComment({ ...newComment({ minutes: 10 + i, score: i % 5 }), articleId: articleB }));
      }
      // Hidden and reply rows never appear among top-level comments.
      await store.insertComment({ ...newComment({ minutes: 50, visible: false, status: 'pending' }), articleId: articleB });
      await store.insertComment({ ...newComment({ minutes: 51 }, roots[0]), articleId: articleB });
    });

    async function readAll(sort: 'best' | 'newest' | 'oldest', pageSize: number): Promise<string[]> {
      const ids: string[] = [];
      let after: { key: number | string; id: string } | undefined;
      for (let guard = 0; guard < 50; guard++) {
        const page = await store.listTopLevel({ siteId, articleId: articleB, sort, limit: pageSize, ...(after ? { after } : {}) });
        ids.push(...page.map((c) => c.id));
        const last = page[page.length - 1];
        if (page.length < pageSize || !last) break;
        after = { key: sort === 'best' ? last.score : last.createdAt, id: last.id };
      }
      return ids;
    }

    it.each([1, 4, 7, 23, 50])('visits every comment once in each order (page size %i)', async (size) => {
      const byNewest = [...roots].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)).map((c) => c.id);
      expect(await readAll('newest', size)).toEqual(byNewest);
      expect(await readAll('oldest', size)).toEqual([...byNewest].reverse());
      const byBest = [...roots].sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : -1)).map((c) => c.id);
      expect(await readAll('best', size)).toEqual(byBest);
    });
  });

  describe('branches', () => {
    let root: Comment;
    let other: Comment;
    const order: string[] = [];
    beforeAll(async () => {
      root = await store.insertComment(newComment({ minutes: 100 }));
      other = await store.insertComment(newComment({ minutes: 101 }));
      // root → a → a1 → a1x ; root → b ; a → a2 ; depth-first by path: a, a1, a1x, a2, b
      const a = await store.insertComment(newComment({ minutes: 102 }, root));
      const b = await store.insertComment(newComment({ minutes: 103 }, root));
      const a1 = await store.insertComment(newComment({ minutes: 104 }, a));
      const a2 = await store.insertComment(newComment({ minutes: 105 }, a));
      const a1x = await store.insertComment(newComment({ minutes: 106 }, a1));
      await store.insertComment(newComment({ minutes: 107, visible: false, status: 'pending' }, b));
      order.push(a.id, a1.id, a1x.id, a2.id, b.id);
      for (let i = 0; i < 3; i++) await store.insertComment(newComment({ minutes: 110 + i }, other));
    });

    it('reads each branch depth-first, bounded per branch, in one call', async () => {
      const rows = await store.listBranches({ siteId, rootIds: [root.id, other.id], limitPerBranch: 3 });
      const ofRoot = rows.filter((c) => c.rootId === root.id).map((c) => c.id);
      expect(ofRoot).toEqual(order.slice(0, 3));
      expect(rows.filter((c) => c.rootId === other.id)).toHaveLength(3);
    });

    it('continues a branch after a path and skips hidden replies', async () => {
      const firstTwo = await store.listBranch({ siteId, rootId: root.id, limit: 2 });
      const rest = await store.listBranch({ siteId, rootId: root.id, afterPath: firstTwo[1]!.path, limit: 10 });
      expect([...firstTwo, ...rest].map((c) => c.id)).toEqual(order);
    });

    it('reads the subtree of one comment', async () => {
      const a = (await store.getComment({ siteId, id: order[0]! }))!;
      const sub = await store.listSubtree({ siteId, rootId: root.id, path: a.path, limit: 10 });
      expect(sub.map((c) => c.id)).toEqual(order.slice(1, 4));
    });
  });

  it('adjusts counters atomically', async () => {
    const c = await store.insertComment(newComment({ minutes: 200 }));
    await Promise.all(Array.from({ length: 10 }, () => store.adjustCommentCounters({ siteId, id: c.id, delta: { likeCount: 1, replyCount: 2 } })));
    const after = await store.adjustCommentCounters({ siteId, id: c.id, delta: { dislikeCount: 1 } });
    expect(after).toMatchObject({ likeCount: 10, replyCount: 20, dislikeCount: 1 });
    await store.adjustArticleCommentCount({ siteId, articleId, delta: 3 });
    await store.adjustArticleCommentCount({ siteId: otherSiteId, articleId, delta: 100 });
    expect((await store.getArticle({ siteId, id: articleId }))!.commentCount).toBe(3);
  });

  it('keeps one reaction per user per comment', async () => {
    const c = await store.insertComment(newComment({ minutes: 300 }));
    await store.setReaction({ siteId, commentId: c.id, userId: authorId, kind: 'like', createdAt: at(301) });
    await store.setReaction({ siteId, commentId: c.id, userId: authorId, kind: 'dislike', createdAt: at(302) });
    expect(await store.getReaction({ siteId, commentId: c.id, userId: authorId })).toBe('dislike');
    expect([...(await store.listReactions({ siteId, userId: authorId, commentIds: [c.id] }))]).toEqual([[c.id, 'dislike']]);
    await store.deleteReaction({ siteId, commentId: c.id, userId: authorId });
    expect(await store.getReaction({ siteId, commentId: c.id, userId: authorId })).toBeUndefined();
  });

  it('accepts one report per reader per comment', async () => {
    const c = await store.insertComment(newComment({ minutes: 400 }));
    const report = { siteId, commentId: c.id, reporterId: authorId, reason: 'spam', note: null, createdAt: at(401) };
    expect(await store.insertReport({ id: newId(), ...report })).toBe(true);
    expect(await store.insertReport({ id: newId(), ...report })).toBe(false);
  });

  it('records moderation actions with reasons and scores', async () => {
    const c = await store.insertComment(newComment({ minutes: 500 }));
    await store.insertModerationAction({
      id: newId(), siteId, commentId: c.id, targetUserId: authorId, actorId: null, action: 'pending', phase: 'site_mode',
      reasonCodes: ['site_premoderated'], scores: { toxicity: 0.25 }, statement: null, createdAt: at(500),
    });
    const actions = await store.listModerationActions({ siteId, commentId: c.id });
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ actorId: null, phase: 'site_mode', reasonCodes: ['site_premoderated'], scores: { toxicity: 0.25 } });
    expect(await store.listModerationActions({ siteId: otherSiteId, commentId: c.id })).toEqual([]);
  });

  it('keeps revisions of a comment', async () => {
    const c = await store.insertComment(newComment({ minutes: 600 }));
    await store.insertRevision({ id: newId(), siteId, commentId: c.id, bodyMarkdown: 'first', bodyHtml: '<p>first</p>', rendererVersion: 1, createdAt: at(601) });
    expect((await store.listRevisions({ siteId, commentId: c.id })).map((r) => r.bodyMarkdown)).toEqual(['first']);
  });

  it('sets a setting only once', async () => {
    expect(await store.setSettingIfAbsent('k', 'one')).toBe('one');
    expect(await store.setSettingIfAbsent('k', 'two')).toBe('one');
  });

  it('stores sessions by hash and deletes them', async () => {
    await store.createSession({ id: 'h1', userId: authorId, kind: 'bearer', createdAt: at(0), expiresAt: at(60), lastSeenAt: at(0), ip: null, userAgent: null });
    expect(await store.getSession({ id: 'h1' })).toMatchObject({ userId: authorId, kind: 'bearer' });
    // With its user and role in the same read: the same records as reading them one by one.
    const session = await store.getSession({ id: 'h1' });
    const user = await store.getUser({ id: authorId });
    expect(await store.getSessionWithUser({ id: 'h1', siteId })).toEqual({ session, user, role: undefined });
    await store.setRole({ siteId, userId: authorId, role: 'moderator', createdAt: at(1) });
    expect(await store.getSessionWithUser({ id: 'h1', siteId })).toEqual({ session, user, role: 'moderator' });
    // A role on another site is not this site's.
    const other = await store.createSite({ id: newId(), slug: 'other', name: 'Other', publicUrl: null, settings: DEFAULT_SITE_SETTINGS, createdAt: at(0) });
    expect((await store.getSessionWithUser({ id: 'h1', siteId: other.id }))?.role).toBeUndefined();
    await store.deleteSession({ id: 'h1' });
    expect(await store.getSession({ id: 'h1' })).toBeUndefined();
    expect(await store.getSessionWithUser({ id: 'h1', siteId })).toBeUndefined();
  });
});
