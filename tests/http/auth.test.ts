// Accounts, sessions, CSRF and rate limits through the real app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

const kinds = await databaseKinds();

function cookieFrom(res: LightMyRequestResponse, name: string): string | undefined {
  const found = res.cookies.find((c) => c.name === name);
  return found?.value;
}

describe.each(kinds)('accounts and sessions on $kind', ({ create }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(await create());
  });
  afterAll(async () => t?.close());

  it('signs up, reports who you are, signs out and in with a bearer token', async () => {
    const up = await t.request({ method: 'POST', url: '/api/v1/auth/signup', payload: { email: 'Dana@Example.test', username: 'dana_r', password: 'correct horse battery', session: 'token' } });
    expect(up.statusCode).toBe(201);
    const { token, user } = up.json() as { token: string; user: { email: string; role: string } };
    expect(user).toMatchObject({ email: 'dana@example.test', role: 'commenter' });
    const me = await t.request({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ username: 'dana_r' });
    const out = await t.request({ method: 'POST', url: '/api/v1/auth/signout', headers: { authorization: `Bearer ${token}` } });
    expect(out.statusCode).toBe(200);
    const after = await t.request({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);

    const wrong = await t.request({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: 'dana@example.test', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'invalid_credentials' });
    const unknown = await t.request({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: 'ghost@example.test', password: 'nope' } });
    expect(unknown.json()).toMatchObject({ code: 'invalid_credentials' });
    const byName = await t.request({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: 'DANA_R', password: 'correct horse battery' } });
    expect(byName.statusCode).toBe(200);
    expect((byName.json() as { token: string }).token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('stores passwords as argon2id and session tokens only as hashes', async () => {
    const u = await t.signUp('hashcheck');
    const identity = await t.parley.deps.store.getIdentityForUser({ userId: u.id, provider: 'password' });
    expect(identity!.secret).toMatch(/^\$argon2id\$/);
    expect(await t.parley.deps.store.getSession({ id: u.token })).toBeUndefined();
  });

  it('refuses duplicate emails and usernames with field errors', async () => {
    await t.signUp('taken_name');
    const dupName = await t.request({ method: 'POST', url: '/api/v1/auth/signup', payload: { email: 'new@example.test', username: 'TAKEN_NAME', password: 'long enough password' } });
    expect(dupName.statusCode).toBe(409);
    expect(dupName.json()).toMatchObject({ errors: [{ field: 'username', code: 'username_taken' }] });
    const dupEmail = await t.request({ method: 'POST', url: '/api/v1/auth/signup', payload: { email: 'taken_name@example.test', username: 'fresh', password: 'long enough password' } });
    expect(dupEmail.json()).toMatchObject({ errors: [{ field: 'email', code: 'email_taken' }] });
    const weak = await t.request({ method: 'POST', url: '/api/v1/auth/signup', payload: { email: 'bad', username: 'x!', password: 'short' } });
    expect(weak.statusCode).toBe(400);
    const fields = new Set((weak.json() as { errors: { field: string }[] }).errors.map((e) => e.field));
    expect([...fields].sort()).toEqual(['email', 'password', 'username']);
  });

  describe('cookie sessions and CSRF', () => {
    let cookie: string;
    let csrf: string;
    beforeAll(async () => {
      const res = await t.request({ method: 'POST', url: '/api/v1/auth/signup', payload: { email: 'cookie@example.test', username: 'cookie_user', password: 'a long password here', session: 'cookie' } });
      expect(res.statusCode).toBe(201);
      expect(res.json()).not.toHaveProperty('token');
      const set = res.cookies.find((c) => c.name === 'parley_session')!;
      expect(set).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      cookie = `parley_session=${set.value}`;
      const page = await t.request({ method: 'GET', url: '/signin', headers: { cookie, accept: 'text/html' } });
      // Signed in: the sign-in page sends you on; take the token from a page that has forms.
      expect(page.statusCode).toBe(303);
      const article = await t.request({ method: 'GET', url: `/articles/${t.articleSlug}`, headers: { cookie } });
      csrf = /name="parley-csrf" content="([^"]+)"/.exec(article.body)![1]!;
      expect(csrf.length).toBeGreaterThan(20);
    });

    const postAs = (headers: Record<string, string>) =>
      t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, headers: { cookie, ...headers }, payload: { body: 'from a browser' } });

    it('accepts a cookie-authenticated write with the token', async () => {
      expect((await postAs({ 'x-csrf-token': csrf })).statusCode).toBe(201);
    });

    it('refuses one without the token, with a wrong one, or from another origin', async () => {
      for (const headers of [{} as Record<string, string>, { 'x-csrf-token': 'forged' }, { 'x-csrf-token': csrf, origin: 'https://evil.example' }, { 'x-csrf-token': csrf, origin: 'null' }]) {
        const res = await postAs(headers);
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ code: 'csrf_failed' });
      }
    });

    it('refuses a plain form post without the token', async () => {
      const res = await t.request({
        method: 'POST',
        url: `/articles/${t.articleSlug}/comments`,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'body=forged',
      });
      expect(res.statusCode).toBe(403);
    });

    it('signs out and forgets the session', async () => {
      const res = await t.request({ method: 'POST', url: '/api/v1/auth/signout', headers: { cookie, 'x-csrf-token': csrf } });
      expect(res.statusCode).toBe(200);
      expect(cookieFrom(res, 'parley_session')).toBe('');
      expect((await t.request({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
    });
  });

  it('answers a bad bearer token with 401, not as anonymous', async () => {
    const res = await t.request({ method: 'GET', url: `/api/v1/articles/${t.articleId}/comments`, headers: { authorization: 'Bearer nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'unauthenticated' });
  });
});

describe('rate limits', () => {
  it('limit sign-in attempts per account and per IP, and posting per user', async () => {
    const [sqlite] = await databaseKinds();
    const t = await startTestApp(await sqlite!.create(), { env: { PARLEY_RATE_LIMITS: 'on' } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 10; i++) {
        const res = await t.request({ method: 'POST', url: '/api/v1/auth/signin', payload: { email: 'victim@example.test', password: `guess-${i}` } });
        codes.push(res.statusCode);
        if (res.statusCode === 429) {
          expect(res.headers['retry-after']).toMatch(/^\d+$/);
          expect(res.json()).toMatchObject({ code: 'rate_limited' });
        }
      }
      expect(codes.filter((c) => c === 401)).toHaveLength(8);
      expect(codes.slice(8)).toEqual([429, 429]);

      const poster = await t.signUp('speedy');
      const statuses: number[] = [];
      for (let i = 0; i < 14; i++) {
        const res = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as: poster, payload: { body: `post ${i}` } });
        statuses.push(res.statusCode);
      }
      expect(statuses.filter((s) => s === 201)).toHaveLength(12);
      expect(statuses.slice(12)).toEqual([429, 429]);
    } finally {
      await t.close();
    }
  });
});
