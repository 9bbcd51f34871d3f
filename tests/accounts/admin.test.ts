// The admin users area on SQLite and PostgreSQL: search and filters, roles, sessions, the audit
// log, each site's admins confined to their own members, and the same through the pages.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS, type Site } from '../../src/domain/types.js';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/app.js';

const kinds = await databaseKinds();

interface AdminUser {
  id: string;
  username: string;
  email: string | null;
  role: string | null;
  status: string;
  abilities: Record<string, boolean>;
}

describe.each(kinds)('admin users area on $kind', ({ create }) => {
  let t: TestApp;
  let siteB: Site;
  let admin: TestUser;
  let operator: TestUser;
  let adminB: TestUser;
  beforeAll(async () => {
    t = await startTestApp(await create());
    admin = await t.signUp('chief_a', 'admin');
    operator = await t.signUp('root_person');
    await t.parley.deps.store.setOperator({ userId: operator.id, isOperator: true });
    siteB = await t.parley.deps.store.createSite({ id: t.parley.deps.newId(), slug: 'paper-b', name: 'Paper B', publicUrl: null, settings: DEFAULT_SITE_SETTINGS, createdAt: t.clock.now.toISOString() });
    adminB = await t.signUp('chief_b');
    await t.parley.deps.store.setRole({ siteId: siteB.id, userId: adminB.id, role: 'admin', createdAt: t.clock.now.toISOString() });
  });
  afterAll(async () => t?.close());

  const api = (as: TestUser, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object, site = t.site.slug) =>
    t.request({ method, url, as, headers: { 'x-parley-site': site }, ...(payload ? { payload } : {}) });
  const users = async (as: TestUser, query: string, site?: string) => {
    const res = await api(as, 'GET', `/api/v1/admin/users?${query}`, undefined, site);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: AdminUser[]; nextCursor: string | null };
  };

  it('searches members by name, username or address, filters by role and status, and pages', async () => {
    const people = [];
    for (const n of ['harbour_ann', 'harbour_ben', 'harbour_cat', 'inland_dee']) people.push(await t.signUp(n));
    await api(admin, 'PUT', `/api/v1/admin/users/${people[1]!.id}/role`, { role: 'moderator' });
    const found = await users(admin, 'q=HARBOUR');
    expect(found.items.map((u) => u.username)).toEqual(['harbour_cat', 'harbour_ben', 'harbour_ann']);
    expect((await users(admin, 'q=inland_dee@example')).items.map((u) => u.username)).toEqual(['inland_dee']);
    expect((await users(admin, 'role=moderator')).items.map((u) => u.username)).toEqual(['harbour_ben']);
    expect((await users(admin, 'q=harbour&status=unverified')).items).toHaveLength(3);
    // A percent sign is a character, not a wildcard.
    expect((await users(admin, 'q=%25')).items).toEqual([]);
    const first = await users(admin, 'q=harbour&limit=2');
    const second = await users(admin, `q=harbour&limit=2&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((u) => u.username)).toEqual(['harbour_cat', 'harbour_ben', 'harbour_ann']);
    expect(second.nextCursor).toBeNull();
  });

  it('confines a site admin to their members; operators see everyone', async () => {
    const outsider = await t.signUp('only_on_a');
    // The admin of site B does not see site A's members, not even by id.
    expect((await users(adminB, 'q=only_on_a', siteB.slug)).items).toEqual([]);
    expect((await api(adminB, 'GET', `/api/v1/admin/users/${outsider.id}`, undefined, siteB.slug)).statusCode).toBe(404);
    expect((await api(adminB, 'PUT', `/api/v1/admin/users/${outsider.id}/role`, { role: 'moderator' }, siteB.slug)).statusCode).toBe(404);
    // ...and acting on site A, they are nobody there.
    expect((await api(adminB, 'GET', '/api/v1/admin/users')).statusCode).toBe(403);
    expect((await api(admin, 'GET', '/api/v1/admin/users?scope=all')).statusCode).toBe(403);
    const everyone = await users(operator, 'scope=all&q=only_on_a', siteB.slug);
    expect(everyone.items).toEqual([expect.objectContaining({ username: 'only_on_a', role: null, email: 'only_on_a@example.test' })]);
  });

  it('changes roles with an audit entry, but not one’s own and not an operator’s', async () => {
    const target = await t.signUp('promotable');
    const res = await api(admin, 'PUT', `/api/v1/admin/users/${target.id}/role`, { role: 'staff' });
    expect(res.json()).toMatchObject({ role: 'staff' });
    // The badge shows on their comments at once.
    const posted = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as: target, payload: { body: 'From the desk.' } });
    expect(posted.json()).toMatchObject({ comment: { author: { badge: 'staff' } } });
    const audit = (await api(admin, 'GET', `/api/v1/admin/audit?userId=${target.id}`)).json() as { items: { action: string; actor: { username: string }; details: unknown; site: string }[] };
    expect(audit.items[0]).toMatchObject({ action: 'role.changed', actor: { username: 'chief_a' }, details: { from: 'commenter', to: 'staff' }, site: t.site.slug });
    expect((await api(admin, 'PUT', `/api/v1/admin/users/${target.id}/role`, { role: null })).json()).toMatchObject({ role: null });

    const self = await api(admin, 'PUT', `/api/v1/admin/users/${admin.id}/role`, { role: 'commenter' });
    expect(self.statusCode).toBe(403);
    expect(self.json()).toMatchObject({ detail: expect.stringContaining('your own role') });
    const onOperator = await api(admin, 'PUT', `/api/v1/admin/users/${operator.id}/role`, { role: 'commenter' });
    expect(onOperator.statusCode).toBe(403);
    const member = await t.signUp('would_be_root');
    expect((await api(admin, 'PUT', `/api/v1/admin/users/${member.id}/operator`, { isOperator: true })).statusCode).toBe(403);
    expect((await api(operator, 'PUT', `/api/v1/admin/users/${target.id}/operator`, { isOperator: true })).json()).toMatchObject({ isOperator: true });
    const log = (await api(operator, 'GET', '/api/v1/admin/audit')).json() as { items: { action: string }[] };
    expect(log.items[0]).toMatchObject({ action: 'operator.changed' });
  });

  it('shows a person’s sessions to admins, and lets operators end them', async () => {
    const target = await t.signUp('session_holder');
    const detail = (await api(admin, 'GET', `/api/v1/admin/users/${target.id}`)).json() as { sessions: { method: string }[]; identities: { providerName: string }[]; user: AdminUser };
    expect(detail.sessions).toEqual([expect.objectContaining({ method: 'sign_up' })]);
    expect(detail.identities).toEqual([expect.objectContaining({ providerName: 'Password' })]);
    expect(detail.user.abilities).toMatchObject({ viewPrivate: true, changeRole: true, revokeSessions: false });
    expect((await api(admin, 'POST', `/api/v1/admin/users/${target.id}/sessions/revoke`)).statusCode).toBe(403);
    expect((await api(operator, 'POST', `/api/v1/admin/users/${target.id}/sessions/revoke`)).json()).toEqual({ ok: true, ended: 1 });
    expect((await t.request({ method: 'GET', url: '/api/v1/me', as: target })).statusCode).toBe(401);
    const entry = ((await api(admin, 'GET', `/api/v1/admin/audit?userId=${target.id}`)).json() as { items: { action: string; actor: { username: string } }[] }).items[0];
    expect(entry).toMatchObject({ action: 'sessions.revoked', actor: { username: 'root_person' } });
  });

  it('works as pages with plain forms', async () => {
    const signIn = await t.request({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: admin.email, password: admin.password, session: 'cookie' } });
    const cookie = `parley_session=${signIn.cookies.find((c) => c.name === 'parley_session')!.value}`;
    const page = (url: string) => t.request({ method: 'GET', url, headers: { cookie, accept: 'text/html' } });
    const list = await page('/admin/users?q=promotable');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('promotable');
    const target = await t.signUp('form_target');
    const detail = await page(`/admin/users/${target.id}`);
    expect(detail.body).toContain('Role on this site');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(detail.body)![1]!;
    const post: LightMyRequestResponse = await t.request({
      method: 'POST',
      url: `/admin/users/${target.id}/role`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(csrf)}&role=moderator`,
    });
    expect(post.statusCode).toBe(303);
    expect((await t.parley.deps.store.getMembership({ siteId: t.site.id, userId: target.id }))?.role).toBe('moderator');
    expect((await page('/admin/audit')).body).toContain('role.changed');
    expect((await page('/admin/sign-in')).body).toContain('OpenID Connect providers');
    // Without the token the form is refused.
    const forged = await t.request({ method: 'POST', url: `/admin/users/${target.id}/role`, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'role=admin' });
    expect(forged.statusCode).toBe(403);
    // A commenter gets "forbidden", not the page.
    const reader = await t.signUp('curious_reader');
    const readerCookie = `parley_session=${(await t.request({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: reader.email, password: reader.password, session: 'cookie' } })).cookies.find((c) => c.name === 'parley_session')!.value}`;
    expect((await t.request({ method: 'GET', url: '/admin/users', headers: { cookie: readerCookie, accept: 'text/html' } })).statusCode).toBe(403);
  });
});
