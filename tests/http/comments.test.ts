// The comments API through the real app, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentPage, CommentView, PermalinkView, RepliesPage, ThreadNode } from '../../src/http/api-types.js';
import { MAX_STORED_DEPTH } from '../../src/domain/tree.js';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/app.js';

const kinds = await databaseKinds();

function flatten(nodes: ThreadNode[]): CommentView[] {
  return nodes.flatMap((n) => [n.comment, ...flatten(n.replies)]);
}

describe.each(kinds)('comments API on $kind', ({ create }) => {
  let t: TestApp;
  let ana: TestUser;
  let ben: TestUser;
  let cy: TestUser;
  let mod: TestUser;

  beforeAll(async () => {
    t = await startTestApp(await create(), { settings: { maxDisplayDepth: 3, repliesPerBranch: 3, pageSize: 5, editWindowSeconds: 600 } });
    [ana, ben, cy, mod] = await Promise.all([t.signUp('ana'), t.signUp('ben'), t.signUp('cyd'), t.signUp('moe', 'moderator')]);
  });
  afterAll(async () => t?.close());

  const post = async (as: TestUser, body: string, parentId?: string) => {
    const res = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as, payload: { body, ...(parentId ? { parentId } : {}) } });
    expect(res.statusCode, res.body).toBe(201);
    t.clock.advance(1000);
    return (res.json() as { comment: CommentView }).comment;
  };
  const page = async (query = '', as?: TestUser) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/articles/${t.articleId}/comments${query}`, ...(as ? { as } : {}) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as CommentPage;
  };

  it('posts comments and replies at any depth, rendering Markdown once', async () => {
    const top = await post(ana, 'Hello *world* <script>alert(1)</script> [x](javascript:alert(1))');
    expect(top.html).toContain('<em>world</em>');
    expect(top.html).not.toContain('<script');
    expect(top.html).not.toMatch(/href="\s*javascript/i);
    expect(top.html).toContain('&lt;script&gt;'); // shown as text, never as markup
    expect(top.author).toMatchObject({ username: 'ana', badge: null });
    expect(top.abilities).toEqual({ reply: true, edit: true, delete: true, react: false, report: false });
    let parent = top;
    const chain = [top];
    for (let i = 1; i <= 5; i++) {
      parent = await post(i % 2 ? ben : ana, `reply level ${i}`, parent.id);
      chain.push(parent);
    }
    expect(chain.map((c) => c.depth)).toEqual([0, 1, 2, 3, 4, 5]);

    const first = await page('?sort=oldest');
    const node = first.items.find((n) => n.comment.id === top.id)!;
    // Display cap 3: levels 0,1,2; deeper replies are flattened at level 2 and name their parent.
    expect(node.replies[0]!.comment.id).toBe(chain[1]!.id);
    const level2 = node.replies[0]!.replies;
    // repliesPerBranch = 3: the branch shows three replies and offers the rest behind a cursor.
    expect(level2.map((n) => n.comment.id)).toEqual([chain[2]!.id, chain[3]!.id]);
    expect(level2[1]!.comment.replyingTo).toEqual({ id: chain[2]!.id, username: 'ana' });
    expect(node.moreReplies).toMatchObject({ count: 2 });

    const more = await t.request({ method: 'GET', url: `/api/v1/comments/${top.id}/replies?cursor=${node.moreReplies!.cursor}` });
    const rest = more.json() as RepliesPage;
    expect(flatten(rest.items).map((c) => c.id)).toEqual([chain[4]!.id, chain[5]!.id]);
    expect(rest.items[0]!.comment.replyingTo).toEqual({ id: chain[3]!.id, username: 'ben' });
    expect(rest.moreReplies).toBeNull();
  });

  it('serves a permalink with the ancestors of a comment', async () => {
    const root = await post(cy, 'permalink root');
    const mid = await post(ana, 'permalink middle', root.id);
    const leaf = await post(ben, 'permalink leaf', mid.id);
    const under = await post(cy, 'under the leaf', leaf.id);
    const res = await t.request({ method: 'GET', url: `/api/v1/comments/${leaf.id}` });
    const view = res.json() as PermalinkView;
    expect(view.ancestors.map((c) => c.id)).toEqual([root.id, mid.id]);
    expect(view.comment.id).toBe(leaf.id);
    expect(flatten(view.replies).map((c) => c.id)).toEqual([under.id]);
    expect(view.comment.permalink).toBe(`/articles/${t.articleSlug}/comments/${leaf.id}`);
  });

  it('pages through top-level comments with cursors in every order', async () => {
    for (let i = 0; i < 7; i++) await post(i % 2 ? ana : cy, `page filler ${i}`);
    for (const sort of ['newest', 'oldest', 'best'] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const p: CommentPage = await page(`?sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...p.items.map((n) => n.comment.id));
        cursor = p.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      const all = await page(`?sort=${sort}&limit=100`);
      expect(seen).toEqual(all.items.map((n) => n.comment.id));
    }
    const newest = await page('?sort=newest&limit=100');
    const times = newest.items.map((n) => n.comment.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('rejects a cursor from another order with a field error', async () => {
    const p = await page('?sort=newest');
    const res = await t.request({ method: 'GET', url: `/api/v1/articles/${t.articleId}/comments?sort=best&cursor=${p.nextCursor}` });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'bad_cursor', errors: [{ field: 'cursor' }] });
  });

  it('keeps one reaction per reader, toggled, and ranks by it', async () => {
    const liked = await post(ana, 'worth liking');
    const react = (as: TestUser, kind: 'like' | 'dislike' | null) =>
      t.request({ method: 'PUT', url: `/api/v1/comments/${liked.id}/reaction`, as, payload: { kind } });
    expect((await react(ben, 'like')).json()).toEqual({ reactions: { like: 1, dislike: 0 }, myReaction: 'like' });
    expect((await react(ben, 'like')).json()).toEqual({ reactions: { like: 1, dislike: 0 }, myReaction: 'like' });
    expect((await react(ben, 'dislike')).json()).toEqual({ reactions: { like: 0, dislike: 1 }, myReaction: 'dislike' });
    expect((await react(cy, 'like')).json()).toEqual({ reactions: { like: 1, dislike: 1 }, myReaction: 'like' });
    expect((await react(ben, null)).json()).toEqual({ reactions: { like: 1, dislike: 0 }, myReaction: null });
    const own = await react(ana, 'like');
    expect(own.statusCode).toBe(403);
    expect((await page('?sort=best&limit=100', cy)).items.find((n) => n.comment.id === liked.id)!.comment.myReaction).toBe('like');
    // With likes, an older comment outranks newer unvoted ones within the documented window.
    expect((await page('?sort=best')).items[0]!.comment.id).toBe(liked.id);
  });

  it('edits within the window keeping revisions, then refuses', async () => {
    const c = await post(ben, 'first draft');
    const edit = (body: string) => t.request({ method: 'PATCH', url: `/api/v1/comments/${c.id}`, as: ben, payload: { body } });
    const ok = await edit('second **draft**');
    expect(ok.statusCode).toBe(200);
    expect((ok.json() as { comment: CommentView }).comment).toMatchObject({ source: 'second **draft**' });
    expect((ok.json() as { comment: CommentView }).comment.html.trim()).toBe('<p>second <strong>draft</strong></p>');
    expect((ok.json() as { comment: CommentView }).comment.editedAt).not.toBeNull();
    const revisions = await t.parley.deps.store.listRevisions({ siteId: t.site.id, commentId: c.id });
    expect(revisions.map((r) => r.bodyMarkdown)).toEqual(['first draft']);
    expect((await t.request({ method: 'PATCH', url: `/api/v1/comments/${c.id}`, as: ana, payload: { body: 'not mine' } })).statusCode).toBe(403);
    t.clock.advance(601_000);
    const late = await edit('too late');
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'edit_window_closed' });
  });

  it('leaves a tombstone when a deleted comment has replies, and removes it otherwise', async () => {
    const parent = await post(cy, 'to be deleted');
    const child = await post(ana, 'a reply that stays', parent.id);
    const lonely = await post(cy, 'deleted without replies');
    const before = (await page('?sort=newest&limit=100')).total;

    const del = await t.request({ method: 'DELETE', url: `/api/v1/comments/${parent.id}`, as: cy });
    expect(del.statusCode).toBe(200);
    expect((del.json() as { comment: CommentView }).comment).toMatchObject({ tombstone: true, html: '', author: null });
    const gone = await t.request({ method: 'DELETE', url: `/api/v1/comments/${lonely.id}`, as: cy });
    expect(gone.json()).toEqual({ comment: null });

    const after = await page('?sort=newest&limit=100');
    expect(after.total).toBe(before - 2);
    const tomb = after.items.find((n) => n.comment.id === parent.id)!;
    expect(tomb.comment).toMatchObject({ tombstone: true, author: null, abilities: { reply: false, edit: false, delete: false, react: false, report: false } });
    expect(tomb.replies.map((n) => n.comment.id)).toEqual([child.id]);
    expect(after.items.find((n) => n.comment.id === lonely.id)).toBeUndefined();

    // When the last reply goes, the tombstone goes with it.
    await t.request({ method: 'DELETE', url: `/api/v1/comments/${child.id}`, as: ana });
    expect((await page('?sort=newest&limit=100')).items.find((n) => n.comment.id === parent.id)).toBeUndefined();
    const again = await t.request({ method: 'DELETE', url: `/api/v1/comments/${parent.id}`, as: cy });
    expect(again.json()).toMatchObject({ code: 'comment_deleted' });
  });

  it('lets moderators delete any comment and records who did it', async () => {
    const c = await post(ben, 'moderate me');
    expect((await t.request({ method: 'DELETE', url: `/api/v1/comments/${c.id}`, as: ana })).statusCode).toBe(403);
    expect((await t.request({ method: 'DELETE', url: `/api/v1/comments/${c.id}`, as: mod })).statusCode).toBe(200);
    const actions = await t.parley.deps.store.listModerationActions({ siteId: t.site.id, commentId: c.id });
    expect(actions.map((a) => [a.action, a.actorId])).toEqual([
      ['approved', null],
      ['delete', mod.id],
    ]);
  });

  it('accepts reports once and validates their reason', async () => {
    const c = await post(ben, 'report me');
    const report = (payload: Record<string, unknown>) => t.request({ method: 'POST', url: `/api/v1/comments/${c.id}/reports`, as: ana, payload });
    expect((await report({ reason: 'spam' })).statusCode).toBe(201);
    expect((await report({ reason: 'spam' })).statusCode).toBe(201);
    expect((await t.parley.deps.store.getComment({ siteId: t.site.id, id: c.id }))!.reportCount).toBe(1);
    const bad = await report({ reason: 'boring' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'reason' }] });
    const noNote = await t.request({ method: 'POST', url: `/api/v1/comments/${c.id}/reports`, as: cy, payload: { reason: 'illegal' } });
    expect(noNote.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'note' }] });
  });

  it('refuses anonymous writes, empty and oversize bodies, and unknown parents', async () => {
    const anon = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, payload: { body: 'hi' } });
    expect(anon.statusCode).toBe(401);
    expect(anon.json()).toMatchObject({ code: 'unauthenticated' });
    const empty = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as: ana, payload: { body: '   ' } });
    expect(empty.json()).toMatchObject({ code: 'comment_empty', errors: [{ field: 'body' }] });
    const long = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as: ana, payload: { body: 'x'.repeat(10_001) } });
    expect(long.statusCode).toBe(422);
    expect(long.json()).toMatchObject({ code: 'comment_too_long', errors: [{ field: 'body' }] });
    const orphan = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as: ana, payload: { body: 'hi', parentId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' } });
    expect(orphan.json()).toMatchObject({ code: 'parent_not_found', errors: [{ field: 'parentId' }] });
    const noArticle = await t.request({ method: 'POST', url: '/api/v1/articles/01ARZ3NDEKTSV4RRFFQ69G5FAV/comments', as: ana, payload: { body: 'hi' } });
    expect(noArticle.statusCode).toBe(404);
  });

  it('files replies beyond the deepest stored level beside their parent, still answering it', async () => {
    let parent = await post(ana, 'the start of a very long exchange');
    const root = parent;
    for (let i = 1; i <= MAX_STORED_DEPTH + 2; i++) parent = await post(i % 2 ? ben : ana, `turn ${i}`, parent.id);
    const stored = (await t.parley.deps.store.getComment({ siteId: t.site.id, id: parent.id }))!;
    expect(stored.depth).toBe(MAX_STORED_DEPTH);
    expect(stored.parentId).not.toBe(root.id);
    // The whole branch can be read through its cursors, and the last turn names whom it answers.
    const ids: string[] = [];
    let cursor: string | null = null;
    let last: CommentView | undefined;
    do {
      const res = await t.request({ method: 'GET', url: `/api/v1/comments/${root.id}/replies?limit=20${cursor ? `&cursor=${cursor}` : ''}` });
      expect(res.statusCode, res.body).toBe(200);
      const p = res.json() as RepliesPage;
      const flat = flatten(p.items);
      ids.push(...flat.map((c) => c.id));
      last = flat[flat.length - 1] ?? last;
      cursor = p.moreReplies?.cursor ?? null;
    } while (cursor);
    expect(ids).toHaveLength(MAX_STORED_DEPTH + 2);
    expect(last!.id).toBe(parent.id);
    expect(last!.replyingTo).toEqual({ id: stored.parentId, username: 'ben' }); // turn 52 answers turn 51
  });

  it('gives staff a badge', async () => {
    const staff = await t.signUp('reporter', 'staff');
    const c = await post(staff, 'From the newsroom');
    expect(c.author!.badge).toBe('staff');
  });
});

describe.each(kinds)('moderation modes on $kind', ({ create }) => {
  it('holds comments on a premoderated story and shows them only to their author', async () => {
    const t = await startTestApp(await create(), { commentsMode: 'premoderated' });
    try {
      const [ana, ben] = await Promise.all([t.signUp('ana'), t.signUp('ben')]);
      const res = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as: ana, payload: { body: 'held' } });
      expect(res.statusCode).toBe(201);
      const held = (res.json() as { comment: CommentView }).comment;
      expect(held.status).toBe('pending');
      const list = (as?: TestUser) => t.request({ method: 'GET', url: `/api/v1/articles/${t.articleId}/comments`, ...(as ? { as } : {}) });
      expect((await list()).json()).toMatchObject({ total: 0, items: [] });
      expect((await t.request({ method: 'GET', url: `/api/v1/comments/${held.id}`, as: ben })).statusCode).toBe(404);
      expect((await t.request({ method: 'GET', url: `/api/v1/comments/${held.id}`, as: ana })).statusCode).toBe(200);
      const actions = await t.parley.deps.store.listModerationActions({ siteId: t.site.id, commentId: held.id });
      expect(actions[0]).toMatchObject({ action: 'pending', phase: 'story_mode', reasonCodes: ['story_premoderated'], actorId: null });
    } finally {
      await t.close();
    }
  });

  it('refuses comments on a closed story', async () => {
    const t = await startTestApp(await create(), { commentsMode: 'closed' });
    try {
      const ana = await t.signUp('ana');
      const res = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as: ana, payload: { body: 'late' } });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'comments_closed' });
    } finally {
      await t.close();
    }
  });
});
