// Moderation through the real app on SQLite and PostgreSQL: the pipeline on posting, queues and
// actions, statements of reasons, appeals, reports, restrictions, story modes, transparency,
// settings and models, and who may do any of it (including across sites).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentView } from '../../src/http/api-types.js';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/app.js';

const kinds = await databaseKinds();

interface QueueItem {
  id: string;
  status: string;
  reasons: { code: string }[];
  scores: Record<string, number>;
  author: { username: string; comments: number } | null;
}

describe.each(kinds)('moderation on $kind', ({ create }) => {
  let t: TestApp;
  let ana: TestUser;
  let ben: TestUser;
  let cyd: TestUser;
  let mod: TestUser;
  let mod2: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp(await create());
    [ana, ben, cyd, mod, mod2, admin] = await Promise.all([t.signUp('ana'), t.signUp('ben'), t.signUp('cyd'), t.signUp('moe', 'moderator'), t.signUp('max', 'moderator'), t.signUp('adi', 'admin')]);
  });
  afterAll(async () => t?.close());

  const post = async (as: TestUser, body: string, parentId?: string) => {
    const res = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as, payload: { body, ...(parentId ? { parentId } : {}) } });
    t.clock.advance(1000);
    return res;
  };
  const posted = async (as: TestUser, body: string, parentId?: string) => {
    const res = await post(as, body, parentId);
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { comment: CommentView }).comment;
  };
  const queue = async (name: string, as: TestUser = mod, query = '') => {
    const res = await t.request({ method: 'GET', url: `/api/v1/moderation/queues/${name}${query}`, as });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: QueueItem[] }).items;
  };
  const act = (id: string, body: Record<string, unknown>, as: TestUser = mod) => t.request({ method: 'POST', url: `/api/v1/moderation/comments/${id}/actions`, as, payload: body });
  const mine = async (as: TestUser) => (await t.request({ method: 'GET', url: '/api/v1/me/moderation', as })).json() as {
    notices: { id: string; kind: string; canAppeal: boolean; body: { reasonCode: string; automatedDecision: boolean; redress: string; rule: string }; appeal: { status: string } | null }[];
    warnings: { id: string }[];
  };
  const visibleIds = async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/articles/${t.articleId}/comments?sort=newest&limit=100` });
    const walk = (nodes: { comment: CommentView; replies: unknown[] }[]): CommentView[] => nodes.flatMap((n) => [n.comment, ...walk(n.replies as never)]);
    return walk((res.json() as { items: never[] }).items);
  };

  it('the pipeline holds a threat, flags an insult at a reader, notes mild profanity, and explains itself in the queue', async () => {
    const threat = await posted(ana, 'I know where you live, and you will regret this.');
    expect(threat.status).toBe('pending');
    const insult = await posted(ben, "Either you're naive or you're a shill.");
    expect(insult.status).toBe('approved');
    const mild = await posted(cyd, 'What the hell is going on with the buses?');
    expect(mild.status).toBe('approved');

    const pending = await queue('pending');
    const held = pending.find((i) => i.id === threat.id)!;
    expect(held.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['threat_phrase', 'toxic']));
    expect(held.scores.toxicity).toBeGreaterThanOrEqual(0.8);
    expect(held.author).toMatchObject({ username: 'ana' });

    const unmoderated = await queue('unmoderated', mod, '?reason=insult_you');
    expect(unmoderated.map((i) => i.id)).toEqual([insult.id]);
    const log = (await t.request({ method: 'GET', url: `/api/v1/moderation/comments/${threat.id}`, as: mod })).json() as { log: { action: string; actor: unknown; phase: string; reasons: string[] }[] };
    expect(log.log[0]).toMatchObject({ action: 'pending', actor: null, phase: 'toxicity' });
  });

  it('post held → moderator approves → visible to readers, counted, and reviewed', async () => {
    const held = await posted(ana, 'Kill yourself.');
    expect(held.status).toBe('pending');
    expect((await visibleIds()).map((c) => c.id)).not.toContain(held.id);
    const before = (await t.request({ method: 'GET', url: '/api/v1/moderation/counts', as: mod })).json() as Record<string, number>;
    const res = await act(held.id, { action: 'approve' });
    expect(res.json()).toEqual({ id: held.id, status: 'approved', visible: true });
    expect((await visibleIds()).map((c) => c.id)).toContain(held.id);
    const after = (await t.request({ method: 'GET', url: '/api/v1/moderation/counts', as: mod })).json() as Record<string, number>;
    expect(after.pending).toBe(before.pending! - 1);
    expect((await queue('unmoderated')).map((i) => i.id)).not.toContain(held.id);
  });

  it('reject leaves a tombstone with its reason, sends a statement of reasons; an appeal goes to another moderator who reverses it', async () => {
    const parent = await posted(ben, 'You absolute muppet, read the article.');
    const reply = await posted(cyd, 'That was uncalled for.', parent.id);
    const rejected = await act(parent.id, { action: 'reject', reason: 'abuse', message: 'Please argue with the point, not the person.' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', visible: true });
    const tomb = (await visibleIds()).find((c) => c.id === parent.id)!;
    expect(tomb).toMatchObject({ tombstone: true, html: '', author: null, removalReason: 'abuse' });
    expect((await visibleIds()).map((c) => c.id)).toContain(reply.id);

    const notices = await mine(ben);
    const statement = notices.notices.find((n) => n.kind === 'removal')!;
    expect(statement.body).toMatchObject({ reasonCode: 'abuse', automatedDecision: false });
    expect(statement.body.rule).toContain('Be civil');
    expect(statement.body.redress).toContain('appeal');
    expect(statement.canAppeal).toBe(true);

    const appeal = await t.request({ method: 'POST', url: `/api/v1/me/notices/${statement.id}/appeal`, as: ben, payload: { text: 'It was a joke between old friends, honestly.' } });
    expect(appeal.statusCode, appeal.body).toBe(201);
    const again = await t.request({ method: 'POST', url: `/api/v1/me/notices/${statement.id}/appeal`, as: ben, payload: { text: 'Trying a second time here.' } });
    expect(again.json()).toMatchObject({ code: 'appeal_not_allowed' });
    const { id } = appeal.json() as { id: string };

    const sameMod = await t.request({ method: 'POST', url: `/api/v1/moderation/appeals/${id}/decision`, as: mod, payload: { outcome: 'reversed' } });
    expect(sameMod.statusCode).toBe(409);
    expect(sameMod.json()).toMatchObject({ code: 'appeal_conflict' });
    const other = await t.request({ method: 'POST', url: `/api/v1/moderation/appeals/${id}/decision`, as: mod2, payload: { outcome: 'reversed', note: 'Fair enough.' } });
    expect(other.statusCode, other.body).toBe(200);
    expect(other.json()).toMatchObject({ status: 'reversed' });
    const restored = (await visibleIds()).find((c) => c.id === parent.id)!;
    expect(restored).toMatchObject({ tombstone: false, status: 'approved' });
    expect(restored.removalReason).toBeUndefined();
    const after = await mine(ben);
    expect(after.notices.find((n) => n.kind === 'appeal_decision')).toBeDefined();
    expect(after.notices.find((n) => n.id === statement.id)!.appeal).toMatchObject({ status: 'reversed' });
  });

  it('N reports hold a comment; an illegal-content report gets a decision notice', async () => {
    await t.request({ method: 'PATCH', url: '/api/v1/moderation/settings', as: admin, payload: { reportThreshold: 2 } });
    const c = await posted(ana, 'A perfectly ordinary remark about the ferry.');
    const r1 = await t.request({ method: 'POST', url: `/api/v1/comments/${c.id}/reports`, as: ben, payload: { reason: 'illegal', note: 'This defames a named person.' } });
    expect(r1.statusCode).toBe(201);
    expect((await visibleIds()).map((x) => x.id)).toContain(c.id);
    await t.request({ method: 'POST', url: `/api/v1/comments/${c.id}/reports`, as: cyd, payload: { reason: 'abuse' } });
    expect((await visibleIds()).map((x) => x.id)).not.toContain(c.id);
    expect((await queue('reported')).map((i) => i.id)).toContain(c.id);
    expect((await act(c.id, { action: 'approve' })).json()).toMatchObject({ status: 'approved' });
    const notice = (await mine(ben)).notices.find((n) => n.kind === 'report_decision');
    expect(notice).toBeDefined();
    expect((await mine(cyd)).notices.find((n) => n.kind === 'report_decision')).toBeUndefined(); // only illegal-content reports
    expect((await queue('reported')).map((i) => i.id)).not.toContain(c.id);
  });

  it('a warning must be acknowledged before posting again; suspensions end; premoderation holds; trust lets through', async () => {
    const warn = await t.request({ method: 'POST', url: `/api/v1/moderation/users/${cyd.id}/restrictions`, as: mod, payload: { kind: 'warning', reason: 'abuse', message: 'Keep it civil, please.' } });
    expect(warn.statusCode, warn.body).toBe(201);
    const refused = await post(cyd, 'Hello again everyone.');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'warning_unacknowledged' });
    const { warnings } = await mine(cyd);
    expect(warnings).toHaveLength(1);
    await t.request({ method: 'POST', url: `/api/v1/me/restrictions/${warnings[0]!.id}/acknowledge`, as: cyd });
    expect((await post(cyd, 'Hello again, everyone, calmly.')).statusCode).toBe(201);

    await t.request({ method: 'POST', url: `/api/v1/moderation/users/${cyd.id}/restrictions`, as: mod, payload: { kind: 'suspension', days: 1, reason: 'abuse', message: 'A day off.' } });
    expect((await post(cyd, 'Am I suspended?')).json()).toMatchObject({ code: 'account_suspended' });
    t.clock.advance(86_400_000 + 1000);
    expect((await post(cyd, 'Back after the suspension.')).statusCode).toBe(201);

    await t.request({ method: 'POST', url: `/api/v1/moderation/users/${cyd.id}/restrictions`, as: mod, payload: { kind: 'premoderate', reason: 'other' } });
    expect((await posted(cyd, 'Now every comment waits.')).status).toBe('pending');
    await t.request({ method: 'POST', url: `/api/v1/moderation/users/${cyd.id}/restrictions`, as: mod, payload: { kind: 'trusted', reason: 'other' } });
    expect((await posted(cyd, 'Trusted now, published at once.')).status).toBe('approved');

    const ban = await t.request({ method: 'POST', url: `/api/v1/moderation/users/${cyd.id}/restrictions`, as: mod, payload: { kind: 'ban', reason: 'abuse', message: 'Enough.' } });
    expect(ban.statusCode).toBe(201);
    expect((await post(cyd, 'Banned?')).json()).toMatchObject({ code: 'account_banned' });
    const everywhere = await t.request({ method: 'POST', url: `/api/v1/moderation/users/${cyd.id}/restrictions`, as: mod, payload: { kind: 'ban', reason: 'abuse', message: 'x', everywhere: true } });
    expect(everywhere.statusCode).toBe(403); // operators only
    const lift = await t.request({ method: 'DELETE', url: `/api/v1/moderation/restrictions/${(ban.json() as { restriction: { id: string } }).restriction.id}`, as: mod });
    expect(lift.statusCode).toBe(200);
    expect((await post(cyd, 'Unbanned and grateful.')).statusCode).toBe(201);
  });

  it('moderators cannot restrict each other or themselves; commenters cannot moderate at all', async () => {
    expect((await t.request({ method: 'POST', url: `/api/v1/moderation/users/${mod2.id}/restrictions`, as: mod, payload: { kind: 'ban', reason: 'abuse', message: 'no' } })).statusCode).toBe(403);
    expect((await t.request({ method: 'POST', url: `/api/v1/moderation/users/${mod.id}/restrictions`, as: mod, payload: { kind: 'ban', reason: 'abuse', message: 'no' } })).statusCode).toBe(403);
    const c = await posted(ana, 'A comment a commenter would love to remove.');
    expect((await act(c.id, { action: 'reject', reason: 'abuse' }, ben)).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/moderation/queues/pending', as: ben })).statusCode).toBe(403);
    expect((await t.request({ method: 'GET', url: '/api/v1/moderation/queues/pending' })).statusCode).toBe(401);
    expect((await t.request({ method: 'PATCH', url: '/api/v1/moderation/settings', as: mod, payload: { maxLinks: 1 } })).statusCode).toBe(403); // admins only
  });

  it('a moderator of one site cannot act on another site', async () => {
    const { store, newId } = t.parley.deps;
    const now = t.clock.now.toISOString();
    const other = await store.createSite({ id: newId(), slug: `other-${t.db.kind}`, name: 'Other Gazette', publicUrl: null, settings: t.site.settings, createdAt: now });
    const articleId = newId();
    await store.createArticle({ id: articleId, siteId: other.id, slug: 'elsewhere', title: 'Elsewhere', dek: '', bodyMarkdown: '', bodyHtml: '', leadImage: null, authors: [], tags: [], section: null, status: 'published', publishedAt: now, updatedAt: now, commentsMode: 'open', closeAt: null, createdAt: now });
    const onB = (opts: { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: unknown; as: TestUser }) => t.request({ ...opts, headers: { 'x-parley-site': other.slug } } as never);
    const commentOnB = await onB({ method: 'POST', url: `/api/v1/articles/${articleId}/comments`, payload: { body: 'On the other site.' }, as: ana });
    expect(commentOnB.statusCode, commentOnB.body).toBe(201);
    const idOnB = (commentOnB.json() as { comment: CommentView }).comment.id;
    // With site B named, the moderator of A is a commenter there.
    expect((await onB({ method: 'POST', url: `/api/v1/moderation/comments/${idOnB}/actions`, payload: { action: 'reject', reason: 'abuse' }, as: mod })).statusCode).toBe(403);
    expect((await onB({ method: 'GET', url: '/api/v1/moderation/queues/all', as: mod })).statusCode).toBe(403);
    expect((await onB({ method: 'PUT', url: `/api/v1/moderation/articles/${articleId}/mode`, payload: { mode: 'closed' }, as: mod })).statusCode).toBe(403);
    expect((await onB({ method: 'POST', url: `/api/v1/moderation/users/${ana.id}/restrictions`, payload: { kind: 'ban', reason: 'abuse', message: 'x' }, as: mod })).statusCode).toBe(403);
    // With site A named, B's comment and article are not there at all.
    expect((await act(idOnB, { action: 'reject', reason: 'abuse' })).statusCode).toBe(404);
    expect((await t.request({ method: 'PUT', url: `/api/v1/moderation/articles/${articleId}/mode`, as: mod, payload: { mode: 'closed' } })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/v1/moderation/queues/all?limit=100', as: mod })).json()).not.toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ id: idOnB })]) });
  });

  it('closes, reopens and premoderates a story', async () => {
    const close = await t.request({ method: 'PUT', url: `/api/v1/moderation/articles/${t.articleId}/mode`, as: mod, payload: { mode: 'closed' } });
    expect(close.json()).toMatchObject({ commentsMode: 'closed' });
    expect((await post(ana, 'Is it closed?')).statusCode).toBe(409);
    await t.request({ method: 'PUT', url: `/api/v1/moderation/articles/${t.articleId}/mode`, as: mod, payload: { mode: 'premoderated' } });
    expect((await posted(ana, 'Held because the story is premoderated.')).status).toBe('pending');
    await t.request({ method: 'PUT', url: `/api/v1/moderation/articles/${t.articleId}/mode`, as: mod, payload: { mode: 'open' } });
    expect((await posted(ana, 'Open again.')).status).toBe('approved');
  });

  it('banned words reject, suspect words hold, and the preview warns before posting when the site asks', async () => {
    const saved = await t.request({ method: 'PATCH', url: '/api/v1/moderation/settings', as: admin, payload: { bannedWords: ['frobnicat*'], suspectWords: ['wibble'] } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await posted(ana, 'You fr0bn1cating fool')).status).toBe('rejected');
    expect((await posted(ana, 'What a w i b b l e')).status).toBe('pending');
    const on = await t.request({ method: 'PATCH', url: '/api/v1/moderation/settings', as: admin, payload: { warnBeforeHold: true } });
    expect((on.json() as { suspectWords: string[] }).suspectWords).toEqual(['wibble']); // a patch keeps what it does not name
    // "This may break our rules — edit or post anyway": warned once, the same text again posts (held).
    const first = await post(ben, 'Such wibble from the council.');
    expect(first.statusCode).toBe(422);
    expect(first.json()).toMatchObject({ code: 'may_break_rules', errors: [{ field: 'body', code: 'may_break_rules' }] });
    expect((first.json() as { detail: string }).detail).toContain('suspect word');
    const anyway = await post(ben, 'Such wibble from the council.');
    expect(anyway.statusCode).toBe(201);
    expect((anyway.json() as { comment: CommentView }).comment.status).toBe('pending');
    expect((await post(ben, 'A harmless line, posted at once.')).statusCode).toBe(201);
    const preview = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments/preview`, as: ana, payload: { body: 'wibbble indeed' } });
    expect(preview.json()).toEqual({ status: 'pending', warn: true, reasons: [{ code: 'suspect_word', label: 'Suspect word' }] });
    const fine = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments/preview`, as: ana, payload: { body: 'A kind word about the ferry.' } });
    expect(fine.json()).toEqual({ status: 'approved', warn: false, reasons: [] });
    const bad = await t.request({ method: 'PATCH', url: '/api/v1/moderation/settings', as: admin, payload: { toxicityHoldAt: 7 } });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { errors: { field: string }[] }).errors[0]!.field).toBe('toxicityHoldAt');
    await t.request({ method: 'PATCH', url: '/api/v1/moderation/settings', as: admin, payload: { bannedWords: [], suspectWords: [], warnBeforeHold: false } });
  });

  it('keeps external scorers’ keys out of responses', async () => {
    const res = await t.request({ method: 'PATCH', url: '/api/v1/moderation/settings', as: admin, payload: { externalScorers: [{ kind: 'openai', url: 'http://127.0.0.1:9/', apiKey: 'sk-secret' }] } });
    expect(res.body).not.toContain('sk-secret');
    expect((res.json() as { externalScorers: { apiKey: string }[] }).externalScorers[0]!.apiKey).toBe('********');
    // An unreachable scorer never blocks posting: the comment goes through, noting the failure.
    const c = await posted(ana, 'A comment while the scorer is down.');
    expect(c.status).toBe('approved');
    const detail = (await t.request({ method: 'GET', url: `/api/v1/moderation/comments/${c.id}`, as: mod })).json() as { item: { reasons: { code: string }[] } };
    expect(detail.item.reasons.map((r) => r.code)).toContain('external_scorer_failed');
    await t.request({ method: 'PATCH', url: '/api/v1/moderation/settings', as: admin, payload: { externalScorers: [] } });
  });

  it('features and pins comments into the public Featured list', async () => {
    const a = await posted(ben, 'A thoughtful comment worth featuring.');
    const b = await posted(cyd, 'Another good one, pinned on top.');
    await act(a.id, { action: 'feature' });
    await act(b.id, { action: 'pin' });
    const list = (await t.request({ method: 'GET', url: `/api/v1/articles/${t.articleId}/featured` })).json() as { items: { id: string; pinned: boolean }[] };
    expect(list.items.map((i) => [i.id, i.pinned])).toEqual([
      [b.id, true],
      [a.id, false],
    ]);
    await act(a.id, { action: 'unfeature' });
    expect(((await t.request({ method: 'GET', url: `/api/v1/articles/${t.articleId}/featured` })).json() as { items: unknown[] }).items).toHaveLength(1);
  });

  it('bulk actions report per comment', async () => {
    const x = await posted(ana, 'Bulk one, you moron idiot fool.');
    const y = await posted(ana, 'Bulk two is harmless.');
    const res = await t.request({ method: 'POST', url: '/api/v1/moderation/comments/bulk', as: mod, payload: { ids: [x.id, y.id, '01ZZZZZZZZZZZZZZZZZZZZZZZZ'], action: 'spam' } });
    expect(res.json()).toEqual({
      results: [
        { id: x.id, ok: true, status: 'spam' },
        { id: y.id, ok: true, status: 'spam' },
        { id: '01ZZZZZZZZZZZZZZZZZZZZZZZZ', ok: false, code: 'comment_not_found' },
      ],
    });
  });

  it('trains the site’s models only with enough decisions, and reports held-out precision and recall', async () => {
    const early = await t.request({ method: 'POST', url: '/api/v1/moderation/models/spam/train', as: admin });
    expect(early.statusCode).toBe(400);
    expect(early.json()).toMatchObject({ code: 'validation_failed' });
    // Label 24 spam and 24 fine comments through moderators' decisions.
    for (let i = 0; i < 24; i++) {
      const s = await posted(ana, `Cheap pills ${i}, best price, order now at shop${i}.example`);
      await act(s.id, { action: 'spam' });
      const h = await posted(ben, `The ferry timetable change number ${i} is sensible for commuters.`);
      await act(h.id, { action: 'approve' });
    }
    const trained = await t.request({ method: 'POST', url: '/api/v1/moderation/models/spam/train', as: admin });
    expect(trained.statusCode, trained.body).toBe(200);
    const report = trained.json() as { heldOut: { atHalf: { n: number; precision: number; recall: number } } };
    expect(report.heldOut.atHalf.n).toBeGreaterThan(0);
    const models = (await t.request({ method: 'GET', url: '/api/v1/moderation/models', as: mod })).json() as { spamSource: string; spam: { trainedOn: string } };
    expect(models.spamSource).toBe('site');
    expect(models.spam.trainedOn).toContain('moderator decisions');
  });

  it('reports transparency by action, reason and automation, as JSON and CSV', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/moderation/transparency', as: mod });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as { totals: { automated: number; human: number }; byAction: { action: string }[]; byReason: { reason: string }[]; appeals: { received: number; reversed: number }; medianHoursToHumanDecision: number | null };
    expect(r.totals.automated).toBeGreaterThan(0);
    expect(r.totals.human).toBeGreaterThan(0);
    expect(r.byAction.map((a) => a.action)).toEqual(expect.arrayContaining(['pending', 'approved', 'rejected', 'spam', 'warning', 'ban']));
    expect(r.byReason.map((a) => a.reason)).toEqual(expect.arrayContaining(['abuse', 'threat_phrase']));
    expect(r.appeals).toMatchObject({ received: 1, reversed: 1 });
    expect(r.medianHoursToHumanDecision).not.toBeNull();
    const csv = await t.request({ method: 'GET', url: '/moderation/transparency.csv', as: mod });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('section,key,automated,human,total');
    expect(csv.body).toContain('appeals,reversed,,,1');
    const bad = await t.request({ method: 'GET', url: '/api/v1/moderation/transparency?from=2026-13-40', as: mod });
    expect(bad.statusCode).toBe(400);
    expect((await t.request({ method: 'GET', url: '/moderation/transparency.csv', as: ben })).statusCode).toBe(403);
  });

  it('documents the moderator API in the OpenAPI document', async () => {
    const doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { operationId: string }>> };
    const ops = Object.values(doc.paths).flatMap((m) => Object.values(m).map((o) => o.operationId));
    expect(ops).toEqual(expect.arrayContaining(['listModerationQueue', 'moderateComment', 'restrictUser', 'decideAppeal', 'getTransparencyReport', 'previewComment', 'appealDecision', 'listFeaturedComments']));
  });
});
