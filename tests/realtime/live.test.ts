// Live updates over Server-Sent Events through the real app (in-process bus), on SQLite and
// PostgreSQL: what the streams carry, in JSON and in HTML, and resuming after a dropped
// connection with Last-Event-ID.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveCommentData } from '../../src/http/views/discussion/live.js';
import { embedRuntimeOf } from '../../src/http/embed/index.js';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/app.js';
import { eventually, openSse, type SseStream } from './support/sse.js';

const kinds = await databaseKinds();

describe.each(kinds)('live updates on $kind', ({ create }) => {
  let t: TestApp;
  let base: string;
  let ana: TestUser;
  let ben: TestUser;
  const open: SseStream[] = [];
  const stream = (query = '', headers: Record<string, string> = {}) => {
    const s = openSse(`${base}/api/v1/articles/${t.articleId}/events?site=${t.site.slug}${query}`, headers);
    open.push(s);
    return s;
  };
  const post = async (as: TestUser, body: string, parentId?: string) => {
    const res = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as, payload: { body, ...(parentId ? { parentId } : {}) } });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { comment: { id: string } }).comment.id;
  };
  const subscribers = () => embedRuntimeOf(t.parley.app)!.hub.size;
  const data = <T>(e: { data: string }) => JSON.parse(e.data) as T;

  beforeAll(async () => {
    t = await startTestApp(await create(), { settings: { editWindowSeconds: 600 } });
    await t.parley.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.parley.app.server.address() as AddressInfo).port}`;
    [ana, ben] = await Promise.all([t.signUp('ana'), t.signUp('ben')]);
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await t?.close();
  });

  it('sends new comments, edits, reactions and deletions as JSON, with the comment count', async () => {
    const anon = stream();
    const member = stream('&as=member');
    expect(await anon.status).toBe(200);
    await eventually(() => subscribers() >= 2, 5000, 'both streams subscribed');

    const id = await post(ana, 'Live *one*');
    const created = data<LiveCommentData>(await anon.waitFor((e) => e.event === 'comment' && data<LiveCommentData>(e).id === id));
    expect(created.comment).toMatchObject({ id, author: { username: 'ana' } });
    expect(created.comment!.html.trim()).toBe('<p>Live <em>one</em></p>');
    expect(created.comment!.abilities).toEqual({ reply: false, edit: false, delete: false, react: false, report: false });
    expect(created.total).toBe(1);
    const asMember = data<LiveCommentData>(await member.waitFor((e) => data<LiveCommentData>(e).id === id));
    expect(asMember.comment!.abilities).toEqual({ reply: true, edit: false, delete: false, react: true, report: true });

    await t.request({ method: 'PATCH', url: `/api/v1/comments/${id}`, as: ana, payload: { body: 'Live two' } });
    await anon.waitFor((e) => data<LiveCommentData>(e).comment?.html.trim() === '<p>Live two</p>');
    await t.request({ method: 'PUT', url: `/api/v1/comments/${id}/reaction`, as: ben, payload: { kind: 'like' } });
    await anon.waitFor((e) => data<LiveCommentData>(e).comment?.reactions.like === 1);

    const reply = await post(ben, 'A reply', id);
    await anon.waitFor((e) => data<LiveCommentData>(e).id === reply);
    await t.request({ method: 'DELETE', url: `/api/v1/comments/${id}`, as: ana });
    const tomb = data<LiveCommentData>(await anon.waitFor((e) => data<LiveCommentData>(e).comment?.tombstone === true));
    expect(tomb.comment).toMatchObject({ id, author: null, html: '' });
    await t.request({ method: 'DELETE', url: `/api/v1/comments/${reply}`, as: ben });
    // The reply goes, and with it the tombstone it kept.
    const gone = await anon.waitFor((e) => e.event === 'comment' && data<LiveCommentData>(e).id === reply && !data<LiveCommentData>(e).comment);
    expect(data<LiveCommentData>(gone).total).toBe(0);
    // Every event carries an id to resume from.
    expect(anon.events.every((e) => e.id)).toBe(true);
  });

  it('sends the embed its HTML, in its language, both as signed-out and as signed-in readers see it', async () => {
    const html = stream('&format=html&lang=de');
    await eventually(() => subscribers() >= 3, 5000, 'the html stream subscribed');
    const id = await post(ana, 'Hallo');
    const e = data<{ id: string; parentId: null; flat: boolean; heading: string; anon: string; member: string }>(await html.waitFor((x) => x.event === 'comment' && x.data.includes(id)));
    expect(e.heading).toMatch(/^\d+ Kommentare?$/);
    expect(e.anon).toContain(`<article id="comment-${id}"`);
    expect(e.anon).not.toContain('reaction-form');
    expect(e.member).toContain('reaction-form');
    expect(e.member).toContain('Gefällt mir');
    await t.request({ method: 'PUT', url: `/api/v1/comments/${id}/reaction`, as: ben, payload: { kind: 'dislike' } });
    const r = data<{ id: string; like: number; dislike: number; text: string }>(await html.waitFor((x) => x.event === 'reactions'));
    expect(r).toEqual({ id, like: 0, dislike: 1, text: '0 Zustimmungen · 1 Ablehnung' });
    await t.request({ method: 'DELETE', url: `/api/v1/comments/${id}`, as: ana });
    expect(data<{ id: string }>(await html.waitFor((x) => x.event === 'remove')).id).toBe(id);
  });

  it('replays what a dropped connection missed after Last-Event-ID, and says reset when it cannot', async () => {
    const first = stream();
    await first.status;
    await eventually(() => first.lastId !== null, 5000, 'the position id');
    const position = first.lastId!;
    first.close();
    await eventually(() => subscribers() < 4, 5000, 'the stream closed');

    const a = await post(ana, 'missed one');
    const b = await post(ben, 'missed two');
    const resumed = stream('', { 'last-event-id': position });
    // Both missed comments arrive (replayed; one may also come live if it was still on its way).
    const got = await resumed.waitFor((e) => data<LiveCommentData>(e).id === a);
    await resumed.waitFor((e) => data<LiveCommentData>(e).id === b);
    expect(got.id).toBeTruthy();

    // The query parameter works for the first connection (the embed uses the render position).
    const byQuery = stream(`&lastEventId=${encodeURIComponent(position)}`);
    await byQuery.waitFor((e) => data<LiveCommentData>(e).id === b);

    const ancient = stream('', { 'last-event-id': `${(Date.now() - 86_400_000).toString(36)}.0.0` });
    await ancient.waitFor((e) => e.event === 'reset');
    const nonsense = stream('', { 'last-event-id': 'nonsense' });
    await nonsense.waitFor((e) => e.event === 'reset');
  });

  it('marks the part of a replay from before the position as past, so readers are not offered it as new', async () => {
    const watcher = stream();
    await eventually(() => watcher.lastId !== null, 5000, 'the watcher subscribed');
    const before = await post(ana, 'from before the page');
    await watcher.waitFor((e) => e.event === 'comment' && data<LiveCommentData>(e).id === before);
    // A page read now: its position comes after that comment, which the page would show (or
    // not, on a later page), and before the next one.
    const next = stream();
    await eventually(() => next.lastId !== null, 5000, 'the position id');
    const position = next.lastId!;
    next.close();
    const after = await post(ben, 'after the page');
    const resumed = stream(`&lastEventId=${encodeURIComponent(position)}`);
    await resumed.waitFor((e) => e.event === 'present');
    await resumed.waitFor((e) => e.event === 'comment' && data<LiveCommentData>(e).id === after);
    const names = resumed.events.map((e) => (e.event === 'comment' ? data<LiveCommentData>(e).id : e.event));
    // Within the replay's overlap the earlier comment comes back (with the earlier tests'),
    // between `past` and `present`; the later one comes after (and may also come live first).
    const from = names.indexOf('past');
    const to = names.indexOf('present', from);
    expect(from).toBeGreaterThanOrEqual(0);
    expect(to).toBeGreaterThan(from);
    expect(names.slice(from, to)).toContain(before);
    expect(names.slice(from, to)).not.toContain(after);
    expect(names.filter((n, i) => n === after && (i < from || i > to)).length).toBeGreaterThan(0);
    watcher.close();
  });

  it('refuses streams of articles readers cannot see', async () => {
    const missing = openSse(`${base}/api/v1/articles/01ARZ3NDEKTSV4RRFFQ69G5FAV/events?site=${t.site.slug}`);
    open.push(missing);
    expect(await missing.status).toBe(404);
  });
});
