// Profiles and privacy on SQLite and PostgreSQL: names and their rules, the generated avatar,
// the public profile with its paginated comment history, sessions, "download my data",
// deleting an account with a grace period (both site policies), and claiming an imported
// profile by mail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS } from '../../src/domain/types.js';
import { purgeDueAccounts } from '../../src/services/privacy/deleteAccount.js';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/app.js';
import { startMailCatcher, tokenIn, type MailCatcher } from './support/smtp.js';

const kinds = await databaseKinds();

describe.each(kinds)('profiles and privacy on $kind', ({ create }) => {
  let t: TestApp;
  let smtp: MailCatcher;
  beforeAll(async () => {
    smtp = await startMailCatcher();
    t = await startTestApp(await create(), { env: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, as?: TestUser, payload?: object) => t.request({ method, url, ...(as ? { as } : {}), ...(payload ? { payload } : {}) });
  const comment = async (as: TestUser, body: string, parentId?: string) => {
    const res = await api('POST', `/api/v1/articles/${t.articleId}/comments`, as, { body, ...(parentId ? { parentId } : {}) });
    expect(res.statusCode, res.body).toBe(201);
    t.clock.advance(1000);
    return (res.json() as { comment: { id: string } }).comment.id;
  };

  describe('names', () => {
    it('keeps usernames unique without regard to case, and display names free of look-alike tricks', async () => {
      const staff = await t.signUp('mara_q', 'staff');
      await api('PATCH', '/api/v1/me', staff, { displayName: 'Mara Quint' });
      const u = await t.signUp('plain_reader');
      const tries: [object, string, string][] = [
        [{ username: 'MARA_Q' }, 'username', 'username_taken'],
        [{ username: 'rnara_q' }, 'username', 'name_impersonation'], // rn reads as m
        [{ username: 'site_admin' }, 'username', 'name_impersonation'],
        [{ username: 'bad name!' }, 'username', 'username_invalid'],
        [{ displayName: 'Mara Quint' }, 'displayName', 'name_impersonation'],
        [{ displayName: 'Mаra Quint' }, 'displayName', 'display_name_mixed_scripts'], // Cyrillic а
        [{ displayName: 'M a r a  Q u i n t' }, 'displayName', 'name_impersonation'],
        [{ displayName: 'The Moderator' }, 'displayName', 'name_impersonation'],
        [{ displayName: 'Plain\u202Eredaer' }, 'displayName', 'display_name_invisible'],
        [{ displayName: 'Zero\u200Bwidth' }, 'displayName', 'display_name_invisible'],
      ];
      for (const [patch, field, code] of tries) {
        const res = await api('PATCH', '/api/v1/me', u, patch);
        expect(res.statusCode, JSON.stringify(patch)).toBeGreaterThanOrEqual(400);
        expect(res.json(), JSON.stringify(patch)).toMatchObject({ errors: [{ field, code }] });
      }
      const ok = await api('PATCH', '/api/v1/me', u, { displayName: '  Zoë   Ñúñez ', username: 'Zoe_N', bio: 'Reads the tide tables.' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ displayName: 'Zoë Ñúñez', username: 'Zoe_N', bio: 'Reads the tide tables.', profileUrl: '/users/Zoe_N' });
      // A staff member may keep their own name.
      expect((await api('PATCH', '/api/v1/me', staff, { displayName: 'Mara Quint', bio: 'Harbour desk' })).statusCode).toBe(200);
    });
  });

  describe('the avatar', () => {
    it('is an SVG made here, the same for the same person, cached with an ETag', async () => {
      const u = await t.signUp('avatar_owner');
      await api('PATCH', '/api/v1/me', u, { displayName: '<Émile & co>' });
      const res = await t.request({ method: 'GET', url: `/users/${u.id}/avatar.svg` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('image/svg+xml');
      expect(res.body).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(res.body).toContain('aria-label="&lt;Émile &amp; co&gt;"');
      expect(res.body).not.toContain('<script');
      expect(res.body).toContain('>&lt;</text>');
      const again = await t.request({ method: 'GET', url: `/users/${u.id}/avatar.svg` });
      expect(again.body).toBe(res.body);
      const other = await t.signUp('avatar_other');
      expect((await t.request({ method: 'GET', url: `/users/${other.id}/avatar.svg` })).body).not.toBe(res.body);
      const cached = await t.request({ method: 'GET', url: `/users/${u.id}/avatar.svg`, headers: { 'if-none-match': res.headers.etag as string } });
      expect(cached.statusCode).toBe(304);
    });
  });

  describe('the profile page', () => {
    it("shows the person's published comments on this site, newest first, a page at a time", async () => {
      const writer = await t.signUp('prolific');
      const ids: string[] = [];
      for (let i = 0; i < 23; i++) ids.push(await comment(writer, `Comment number ${i}.`));
      await api('DELETE', `/api/v1/comments/${ids[5]}`, writer);
      // Comments on another site do not show here.
      const { store, newId } = t.parley.deps;
      const at = t.clock.now.toISOString();
      const other = await store.createSite({ id: newId(), slug: 'elsewhere', name: 'Elsewhere', publicUrl: null, settings: DEFAULT_SITE_SETTINGS, createdAt: at });
      const otherArticle = newId();
      await store.createArticle({ id: otherArticle, siteId: other.id, slug: 'far-story', title: 'Far', dek: '', bodyMarkdown: '', bodyHtml: '', leadImage: null, authors: [], tags: [], section: null, status: 'published', publishedAt: at, updatedAt: at, commentsMode: 'open', closeAt: null, createdAt: at });
      const far = newId();
      await store.insertComment({ id: far, siteId: other.id, articleId: otherArticle, parentId: null, rootId: far, depth: 0, path: far, authorId: writer.id, bodyMarkdown: 'Elsewhere.', bodyHtml: '<p>Elsewhere.</p>', rendererVersion: 1, status: 'approved', visible: true, score: 0, createdAt: t.clock.now.toISOString() });

      const first = (await api('GET', '/api/v1/users/prolific/comments?limit=10')).json() as { items: { id: string; html: string; article: { url: string } }[]; nextCursor: string };
      expect(first.items.map((c) => c.id)).toEqual([...ids].reverse().filter((id) => id !== ids[5]).slice(0, 10));
      expect(first.items[0]).toMatchObject({ html: expect.stringContaining('<p>Comment number 22.</p>'), article: { url: `/articles/${t.articleSlug}` } });
      const second = (await api('GET', `/api/v1/users/prolific/comments?limit=10&cursor=${first.nextCursor}`)).json() as { items: { id: string }[]; nextCursor: string };
      const third = (await api('GET', `/api/v1/users/prolific/comments?limit=10&cursor=${second.nextCursor}`)).json() as { items: { id: string }[]; nextCursor: string | null };
      expect([...first.items, ...second.items, ...third.items].map((c) => c.id)).toEqual([...ids].reverse().filter((id) => id !== ids[5]));
      expect(third.nextCursor).toBeNull();
      expect((await api('GET', '/api/v1/users/prolific/comments?cursor=garbage')).json()).toMatchObject({ code: 'bad_cursor' });

      const page = await t.request({ method: 'GET', url: '/users/PROLIFIC', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<h1 class="page-title">prolific</h1>');
      expect(page.body).toContain(`/users/${writer.id}/avatar.svg`);
      expect(page.body).toContain('Comment number 22.');
      expect(page.body).toContain('Comment number 2.</p>');
      expect(page.body).not.toContain('Comment number 1.</p>');
      expect(page.body).not.toContain('Elsewhere.');
      const next = /href="(\/users\/prolific\?after=[^"]+)" rel="next"/.exec(page.body)![1]!.replaceAll('&amp;', '&');
      const older = await t.request({ method: 'GET', url: next, headers: { accept: 'text/html' } });
      expect(older.body).toContain('Comment number 1.</p>');
      expect(older.body).toContain('Comment number 0.</p>');
      expect(older.body).not.toContain('Comment number 2.</p>');
      expect((await t.request({ method: 'GET', url: '/users/nobody_at_all', headers: { accept: 'text/html' } })).statusCode).toBe(404);
    });
  });

  describe('sessions', () => {
    it('lists where you are signed in and ends one, all others, or all', async () => {
      const u = await t.signUp('many_devices');
      const other = ((await api('POST', '/api/v1/auth/signin', undefined, { email: u.email, password: u.password, session: 'token' })).json() as { token: string }).token;
      const third = ((await api('POST', '/api/v1/auth/signin', undefined, { email: u.email, password: u.password, session: 'token' })).json() as { token: string }).token;
      const list = (await api('GET', '/api/v1/me/sessions', u)).json() as { items: { id: string; current: boolean; method: string }[] };
      expect(list.items).toHaveLength(3);
      expect(list.items.filter((s) => s.current)).toHaveLength(1);
      expect(list.items.map((s) => s.method).sort()).toEqual(['password', 'password', 'sign_up']);
      const victim = list.items.find((s) => !s.current)!;
      expect((await api('DELETE', `/api/v1/me/sessions/${victim.id}`, u)).statusCode).toBe(200);
      expect((await api('DELETE', `/api/v1/me/sessions/${victim.id}`, u)).statusCode).toBe(404);
      const alive = await Promise.all([other, third].map(async (tok) => (await t.request({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${tok}` } })).statusCode));
      expect(alive.sort()).toEqual([200, 401]);
      // Another person's session id is not yours to end.
      const stranger = await t.signUp('stranger_x');
      const theirs = ((await api('GET', '/api/v1/me/sessions', stranger)).json() as { items: { id: string }[] }).items[0]!.id;
      expect((await api('DELETE', `/api/v1/me/sessions/${theirs}`, u)).statusCode).toBe(404);
      expect((await api('GET', '/api/v1/me', stranger)).statusCode).toBe(200);
      // Everywhere else, then everywhere.
      expect((await api('POST', '/api/v1/me/sessions/revoke', u, { keepCurrent: true })).json()).toEqual({ ok: true, ended: 1 });
      expect((await api('GET', '/api/v1/me', u)).statusCode).toBe(200);
      expect((await api('POST', '/api/v1/me/sessions/revoke', u, { keepCurrent: false })).json()).toEqual({ ok: true, ended: 1 });
      expect((await api('GET', '/api/v1/me', u)).statusCode).toBe(401);
    });
  });

  describe('download my data', () => {
    it('is one JSON document with everything about the person and no secrets', async () => {
      const u = await t.signUp('archivist');
      const other = await t.signUp('neighbour');
      const mine = await comment(u, 'First version.');
      await api('PATCH', `/api/v1/comments/${mine}`, u, { body: 'Second version.' });
      const theirs = await comment(other, 'Something to react to.');
      await api('PUT', `/api/v1/comments/${theirs}/reaction`, u, { kind: 'like' });
      await api('POST', `/api/v1/comments/${theirs}/reports`, u, { reason: 'off_topic' });
      const res = await api('GET', '/api/v1/me/export', u);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="parley-data-archivist-\d{4}-\d\d-\d\d\.json"$/);
      const archive = res.json() as Record<string, unknown> & { comments: { bodyMarkdown: string; earlierVersions: { bodyMarkdown: string }[] }[] };
      expect(archive).toMatchObject({
        format: 'parley-personal-data',
        version: 1,
        account: { username: 'archivist', email: u.email },
        signInMethods: [{ provider: 'password', hasPassword: true }],
        roles: [{ site: t.site.slug, role: 'commenter' }],
        reactions: [{ commentId: theirs, kind: 'like' }],
        reportsFiled: [{ commentId: theirs, reason: 'off_topic' }],
      });
      expect(archive.comments).toEqual([expect.objectContaining({ bodyMarkdown: 'Second version.', earlierVersions: [expect.objectContaining({ bodyMarkdown: 'First version.' })] })]);
      expect((archive.sessions as unknown[]).length).toBeGreaterThan(0);
      expect(res.body).not.toMatch(/argon2|\b[0-9a-f]{64}\b/);
      expect((await api('GET', '/api/v1/me/export')).statusCode).toBe(401);
    });
  });

  describe('deleting an account', () => {
    it('waits out the grace period, can be cancelled, then anonymizes comments by default', async () => {
      const u = await t.signUp('leaving_soon');
      const kept = await comment(u, 'Words that stay after I go.');
      expect((await api('POST', '/api/v1/me/deletion', u, { currentPassword: 'wrong password' })).statusCode).toBe(403);
      const req = await api('POST', '/api/v1/me/deletion', u, { currentPassword: u.password });
      expect(req.statusCode).toBe(202);
      expect(req.json()).toMatchObject({ dueAt: new Date(t.clock.now.getTime() + 14 * 86_400_000).toISOString() });
      expect((await api('GET', '/api/v1/me', u)).statusCode).toBe(401); // signed out everywhere
      // Signing in again and keeping the account cancels it.
      const back = ((await api('POST', '/api/v1/auth/signin', undefined, { email: u.email, password: u.password, session: 'token' })).json() as { token: string }).token;
      const me = { ...u, token: back };
      expect((await api('GET', '/api/v1/me/account', me)).json()).toMatchObject({ deletionDueAt: expect.any(String) });
      expect((await api('DELETE', '/api/v1/me/deletion', me)).statusCode).toBe(200);
      t.clock.advance(15 * 86_400_000);
      expect(await purgeDueAccounts(t.parley.deps)).toEqual([]);
      // For real this time.
      await api('POST', '/api/v1/me/deletion', me, { currentPassword: u.password });
      t.clock.advance(14 * 86_400_000 - 1);
      expect(await purgeDueAccounts(t.parley.deps)).toEqual([]);
      t.clock.advance(1);
      expect(await purgeDueAccounts(t.parley.deps)).toEqual([u.id]);

      const view = (await api('GET', `/api/v1/comments/${kept}`)).json() as { comment: { html: string; author: { displayName: string; username: string } } };
      expect(view.comment.html.trim()).toBe('<p>Words that stay after I go.</p>');
      expect(view.comment.author.displayName).toBe('Deleted account');
      expect(view.comment.author.username).not.toBe('leaving_soon');
      const account = await t.parley.deps.store.getAccount({ userId: u.id });
      expect(account).toMatchObject({ email: null, bio: '', status: 'deleted', deletedAt: expect.any(String) });
      expect(await t.parley.deps.store.listIdentities({ userId: u.id })).toEqual([]);
      expect((await api('POST', '/api/v1/auth/signin', undefined, { email: u.email, password: u.password })).statusCode).toBe(401);
      // The address and the username are free again.
      expect((await api('POST', '/api/v1/auth/signup', undefined, { email: u.email, username: 'leaving_soon', password: 'starting over again' })).statusCode).toBe(201);
      expect((await api('GET', '/api/v1/users/deleted_x')).statusCode).toBe(404);
    });

    it("removes comments when the site says so, keeping tombstones that hold replies", async () => {
      const admin = await t.signUp('policy_setter', 'admin');
      expect((await api('PATCH', '/api/v1/admin/sign-in', admin, { deletedAccountComments: 'remove' })).statusCode).toBe(200);
      const u = await t.signUp('remove_me');
      const replier = await t.signUp('replier');
      const withReply = await comment(u, 'This one has a reply.');
      await comment(replier, 'A reply to it.', withReply);
      const alone = await comment(u, 'This one stands alone.');
      const before = ((await api('GET', `/api/v1/articles/${t.articleId}`)).json() as { commentCount: number }).commentCount;
      await api('POST', '/api/v1/me/deletion', u, { currentPassword: u.password });
      t.clock.advance(14 * 86_400_000);
      expect(await purgeDueAccounts(t.parley.deps)).toEqual([u.id]);

      const tomb = (await api('GET', `/api/v1/comments/${withReply}`)).json() as { comment: { tombstone: boolean; html: string; author: unknown } };
      expect(tomb.comment).toMatchObject({ tombstone: true, html: '', author: null });
      expect((await api('GET', `/api/v1/comments/${alone}`)).statusCode).toBe(404);
      expect(((await api('GET', `/api/v1/articles/${t.articleId}`)).json() as { commentCount: number }).commentCount).toBe(before - 2);
      const stored = await t.parley.deps.store.getComment({ siteId: t.site.id, id: alone });
      expect(stored).toMatchObject({ status: 'deleted', bodyMarkdown: '', bodyHtml: '' });
      await api('PATCH', '/api/v1/admin/sign-in', admin, { deletedAccountComments: 'anonymize' });
    });
  });

  describe('claiming an imported profile', () => {
    it('sends a claim link instead of "address taken", and the link hands over the profile with its comments', async () => {
      const { store, newId, clock } = t.parley.deps;
      const id = newId();
      // The shape the importer (issue 6) gives an unclaimed profile.
      await store.imports.insertUsers([
        { id, email: 'old.timer@example.test', email_verified: 0, username: 'old_timer', username_key: 'old_timer', display_name: 'Old Timer', is_operator: 0, status: 'unclaimed', created_at: clock().toISOString() },
      ]);
      await store.imports.insertProfiles([{ userId: id, siteId: t.site.id, source: 'disqus', email: 'old.timer@example.test', createdAt: clock().toISOString() }]);
      await store.insertComment({
        id: newId(),
        siteId: t.site.id,
        articleId: t.articleId,
        parentId: null,
        rootId: id,
        depth: 0,
        path: id,
        authorId: id,
        bodyMarkdown: 'Written years ago.',
        bodyHtml: '<p>Written years ago.</p>',
        rendererVersion: 1,
        status: 'approved',
        visible: true,
        score: 0,
        createdAt: clock().toISOString(),
      });
      // Nobody can sign in to it, or reset its password directly.
      expect((await api('POST', '/api/v1/auth/signin', undefined, { email: 'old.timer@example.test', password: 'anything at all' })).statusCode).toBe(401);
      const signUp = await api('POST', '/api/v1/auth/signup', undefined, { email: 'Old.Timer@example.test', username: 'newer_me', password: 'my old comments back' });
      expect(signUp.statusCode).toBe(409);
      expect(signUp.json()).toMatchObject({ code: 'profile_claimable', errors: [{ field: 'email', code: 'profile_claimable' }] });
      const mail = await smtp.waitFor((m) => m.to.includes('old.timer@example.test') && /Claim your earlier comments/.test(m.subject));
      const token = tokenIn(mail, '/account/claim');
      const page = await t.request({ method: 'GET', url: `/account/claim?token=${token}`, headers: { accept: 'text/html' } });
      expect(page.body).toContain('Old Timer');

      const claimed = await api('POST', '/api/v1/auth/claim', undefined, { token, password: 'my old comments back', username: 'old_timer_2', session: 'token' });
      expect(claimed.statusCode).toBe(200);
      const body = claimed.json() as { user: { id: string; username: string }; token: string };
      expect(body.user).toMatchObject({ id, username: 'old_timer_2' });
      expect(await store.getAccount({ userId: id })).toMatchObject({ emailVerified: true, status: 'active' });
      const history = (await api('GET', '/api/v1/users/old_timer_2/comments')).json() as { items: { html: string }[] };
      expect(history.items.map((c) => c.html.trim())).toEqual(['<p>Written years ago.</p>']);
      expect((await api('POST', '/api/v1/auth/claim', undefined, { token, password: 'my old comments back', session: 'token' })).json()).toMatchObject({ code: 'token_invalid' });
      expect((await api('POST', '/api/v1/auth/signin', undefined, { email: 'old.timer@example.test', password: 'my old comments back' })).statusCode).toBe(200);
    });
  });

  describe('imported profiles under an address an account already had', () => {
    it('move their comments to the account once its owner confirms the address', async () => {
      const { store, newId, clock } = t.parley.deps;
      const owner = await t.signUp('late_confirmer');
      const profile = newId();
      // At import time the address belonged to an unconfirmed account, so it is only on import_profiles.
      await store.imports.insertUsers([{ id: profile, email: null, email_verified: 0, username: 'late_confirmer_old', username_key: 'late_confirmer_old', display_name: 'LC', is_operator: 0, status: 'unclaimed', created_at: clock().toISOString() }]);
      await store.imports.insertProfiles([{ userId: profile, siteId: t.site.id, source: 'wordpress', email: owner.email, createdAt: clock().toISOString() }]);
      const old = newId();
      await store.insertComment({ id: old, siteId: t.site.id, articleId: t.articleId, parentId: null, rootId: old, depth: 0, path: old, authorId: profile, bodyMarkdown: 'From the old blog.', bodyHtml: '<p>From the old blog.</p>', rendererVersion: 1, status: 'approved', visible: true, score: 0, createdAt: clock().toISOString() });
      expect((await api('GET', '/api/v1/users/late_confirmer/comments')).json()).toMatchObject({ items: [] });
      const mail = await smtp.waitFor((m) => m.to.includes(owner.email) && /Confirm your email/.test(m.subject));
      expect((await api('POST', '/api/v1/auth/verify-email', undefined, { token: tokenIn(mail, '/account/verify') })).statusCode).toBe(200);
      const history = (await api('GET', '/api/v1/users/late_confirmer/comments')).json() as { items: { id: string }[] };
      expect(history.items.map((c) => c.id)).toEqual([old]);
      expect(await store.imports.findProfilesByEmail({ emails: [owner.email] })).toEqual([]);
    });
  });

  describe('sign-in methods', () => {
    it('will not remove the last way to sign in', async () => {
      const u = await t.signUp('one_method');
      const account = (await api('GET', '/api/v1/me/account', u)).json() as { identities: { id: string }[] };
      const res = await api('DELETE', `/api/v1/me/identities/${account.identities[0]!.id}`, u);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'last_sign_in_method' });
    });
  });
});
