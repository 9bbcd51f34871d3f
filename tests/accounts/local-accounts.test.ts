// Local accounts end to end through the app, on SQLite and PostgreSQL, with mail going out
// through nodemailer to a real SMTP server on loopback that the tests read: confirmation,
// password reset, sign-in links, address and password changes, the common-password list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/app.js';
import { startMailCatcher, tokenIn, type MailCatcher } from './support/smtp.js';
import { mailWorkerOf } from '../../src/http/accounts/index.js';
import { createMailWorker, queueMail } from '../../src/services/mail/outbox.js';
import { verifyEmailMail } from '../../src/services/mail/templates.js';
import { createMailTransport } from '../../src/services/mail/transport.js';

const kinds = await databaseKinds();

describe.each(kinds)('local accounts on $kind', ({ create }) => {
  let t: TestApp;
  let smtp: MailCatcher;
  beforeAll(async () => {
    smtp = await startMailCatcher();
    t = await startTestApp(await create(), { env: { SMTP_URL: smtp.url, MAIL_FROM: 'Test Gazette <accounts@gazette.test>' } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const post = (url: string, payload: unknown, as?: TestUser) => t.request({ method: 'POST', url, payload: payload as object, ...(as ? { as } : {}) });
  const account = async (as: TestUser) => (await t.request({ method: 'GET', url: '/api/v1/me/account', as })).json() as { email: string; emailVerified: boolean; hasPassword: boolean };
  const signIn = (login: string, password: string) => post('/api/v1/auth/signin', { email: login, password, session: 'token' });

  it('sends a confirmation link at sign-up that confirms the address once', async () => {
    const u = await t.signUp('nadia_k');
    const mail = await smtp.waitFor((m) => m.to.includes(u.email) && /Confirm your email/.test(m.subject));
    expect(mail.from).toBe('accounts@gazette.test');
    expect(mail.html).toContain('Confirm my address');
    expect(await account(u)).toMatchObject({ emailVerified: false });

    const token = tokenIn(mail, '/account/verify');
    const ok = await post('/api/v1/auth/verify-email', { token });
    expect(ok.statusCode).toBe(200);
    expect(await account(u)).toMatchObject({ emailVerified: true });
    const again = await post('/api/v1/auth/verify-email', { token });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: 'token_invalid' });
    // The outbox kept no copy of the link once the mail went out.
    const sent = (await t.parley.deps.store.listOutbox({ limit: 50 })).filter((m) => m.to === u.email);
    expect(sent.length).toBeGreaterThan(0);
    for (const m of sent) expect(m).toMatchObject({ status: 'sent', text: null, html: null });
  });

  it('refuses common, short and personal passwords at sign-up, with a field error', async () => {
    const cases: [string, string][] = [
      ['password123', 'password_common'],
      ['Qwertyuiop', 'password_common'],
      ['Dragon2024!', 'password_common'],
      ['aaaaaaaaaaaa', 'password_common'],
      ['pw_owner_name!', 'password_personal'],
    ];
    for (const [password, code] of cases) {
      const res = await post('/api/v1/auth/signup', { email: 'owner@example.test', username: 'pw_owner_name', password });
      expect(res.statusCode, password).toBe(400);
      expect(res.json(), password).toMatchObject({ errors: [{ field: 'password', code }] });
    }
    const fine = await post('/api/v1/auth/signup', { email: 'owner@example.test', username: 'pw_owner_name', password: 'tidal gauge at low water' });
    expect(fine.statusCode).toBe(201);
  });

  it('resets a forgotten password by mail, signs out every session, and answers alike for unknown addresses', async () => {
    const u = await t.signUp('forgetful');
    const unknown = await post('/api/v1/auth/password-reset', { email: 'nobody-here@example.test' });
    const known = await post('/api/v1/auth/password-reset', { email: u.email });
    expect(unknown.statusCode).toBe(202);
    expect(known.statusCode).toBe(202);
    expect(unknown.json()).toEqual(known.json());
    const mail = await smtp.waitFor((m) => m.to.includes(u.email) && /new password/.test(m.subject));
    expect((await t.parley.deps.store.listOutbox({ limit: 200 })).some((m) => m.to === 'nobody-here@example.test')).toBe(false);

    const token = tokenIn(mail, '/account/reset');
    const page = await t.request({ method: 'GET', url: `/account/reset?token=${token}`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Choose a new password');

    const weak = await post('/api/v1/auth/password-reset/complete', { token, password: 'letmein123' });
    expect(weak.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'password', code: 'password_common' }] });
    const done = await post('/api/v1/auth/password-reset/complete', { token, password: 'a brand new passphrase' });
    expect(done.statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', as: u })).statusCode).toBe(401);
    expect((await signIn(u.email, u.password)).statusCode).toBe(401);
    expect((await signIn(u.email, 'a brand new passphrase')).statusCode).toBe(200);
    expect((await post('/api/v1/auth/password-reset/complete', { token, password: 'yet another passphrase' })).json()).toMatchObject({ code: 'token_invalid' });
  });

  it('lets a reset link expire after 30 minutes', async () => {
    const u = await t.signUp('slowpoke');
    await post('/api/v1/auth/password-reset', { email: u.email });
    const token = tokenIn(await smtp.waitFor((m) => m.to.includes(u.email) && /new password/.test(m.subject)), '/account/reset');
    t.clock.advance(31 * 60_000);
    expect((await post('/api/v1/auth/password-reset/complete', { token, password: 'a brand new passphrase' })).json()).toMatchObject({ code: 'token_invalid' });
  });

  it('signs in with an emailed link, once, through a confirmation page a mail scanner cannot use up', async () => {
    const u = await t.signUp('linker');
    const req = await post('/api/v1/auth/sign-in-link', { email: u.email, returnTo: '/articles/harbour-story' });
    expect(req.statusCode).toBe(202);
    const mail = await smtp.waitFor((m) => m.to.includes(u.email) && /sign-in link/.test(m.subject));
    const token = tokenIn(mail, '/signin/link');
    // Opening the link (as a scanner would) only shows a button.
    const page = await t.request({ method: 'GET', url: `/signin/link?token=${token}`, headers: { accept: 'text/html' } });
    expect(page.body).toContain('Sign me in');
    const first = await post('/api/v1/auth/sign-in-link/complete', { token, session: 'token' });
    expect(first.statusCode).toBe(200);
    const { token: bearer } = first.json() as { token: string };
    expect((await t.request({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${bearer}` } })).json()).toMatchObject({ username: 'linker' });
    expect((await post('/api/v1/auth/sign-in-link/complete', { token, session: 'token' })).json()).toMatchObject({ code: 'token_invalid' });
    // The link proved the address.
    expect(await account(u)).toMatchObject({ emailVerified: true });
    const sessions = (await t.request({ method: 'GET', url: '/api/v1/me/sessions', headers: { authorization: `Bearer ${bearer}` } })).json() as { items: { method: string; current: boolean }[] };
    expect(sessions.items.find((s) => s.current)).toMatchObject({ method: 'link' });
  });

  it('changes the address only when the new one confirms, and tells the old one', async () => {
    const u = await t.signUp('mover');
    const wrong = await post('/api/v1/me/email', { email: 'mover-new@example.test', currentPassword: 'not my password' }, u);
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'password_incorrect' });
    const taken = await post('/api/v1/me/email', { email: 'nadia_k@example.test', currentPassword: u.password }, u);
    expect(taken.statusCode).toBe(409);

    const ok = await post('/api/v1/me/email', { email: 'Mover-New@Example.test', currentPassword: u.password }, u);
    expect(ok.statusCode).toBe(202);
    expect(await account(u)).toMatchObject({ email: u.email });
    const mail = await smtp.waitFor((m) => m.to.includes('mover-new@example.test'));
    const confirm = await post('/api/v1/auth/email-change/confirm', { token: tokenIn(mail, '/account/email/confirm') });
    expect(confirm.statusCode).toBe(200);
    expect(await account(u)).toMatchObject({ email: 'mover-new@example.test', emailVerified: true });
    const notice = await smtp.waitFor((m) => m.to.includes(u.email) && /address of your/.test(m.subject));
    expect(notice.text).toContain('mover-new@example.test');
    // The old confirmation link (sent at sign-up to the old address) no longer works.
    const old = await smtp.waitFor((m) => m.to.includes(u.email) && /Confirm your email/.test(m.subject));
    expect((await post('/api/v1/auth/verify-email', { token: tokenIn(old, '/account/verify') })).json()).toMatchObject({ code: 'token_invalid' });
  });

  it('changes the password, keeping this session and ending the others', async () => {
    const u = await t.signUp('rotator');
    await post('/api/v1/auth/verify-email', { token: tokenIn(await smtp.waitFor((m) => m.to.includes(u.email)), '/account/verify') });
    const other = (await signIn(u.email, u.password)).json() as { token: string };
    const res = await post('/api/v1/me/password', { currentPassword: u.password, newPassword: 'the harbour light at dusk' }, u);
    expect(res.json()).toEqual({ ok: true, ended: 1 });
    expect((await t.request({ method: 'GET', url: '/api/v1/me', as: u })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${other.token}` } })).statusCode).toBe(401);
    const notice = await smtp.waitFor((m) => m.to.includes(u.email) && /password was changed/.test(m.subject));
    expect(notice.text).toContain('/account/forgot');
    expect((await post('/api/v1/me/password', { currentPassword: 'wrong one', newPassword: 'another fine passphrase' }, u)).statusCode).toBe(403);
  });

  it('runs the same flows as plain forms without JavaScript', async () => {
    const u = await t.signUp('formuser');
    // A visitor gets a CSRF cookie with the form page, then posts it.
    const page = await t.request({ method: 'GET', url: '/account/forgot', headers: { accept: 'text/html' } });
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const sent = await t.request({ method: 'POST', url: '/account/forgot', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrf)}&email=${encodeURIComponent(u.email)}` });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('Check your inbox');
    const token = tokenIn(await smtp.waitFor((m) => m.to.includes(u.email) && /new password/.test(m.subject)), '/account/reset');
    const done = await t.request({
      method: 'POST',
      url: '/account/reset',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(csrf)}&token=${token}&password=${encodeURIComponent('the tide tables of may')}`,
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/account?notice=password_reset');
    const session = done.cookies.find((c) => c.name === 'parley_session')!;
    const accountPage = await t.request({ method: 'GET', url: '/account?notice=password_reset', headers: { cookie: `parley_session=${session.value}`, accept: 'text/html' } });
    expect(accountPage.body).toContain('Your new password is saved');
    expect(accountPage.body).toContain('Where you are signed in');
  });

  it('writes mail in the transaction of its change, sends it after the commit, and retries when SMTP fails', async () => {
    const { store, clock, newId } = t.parley.deps;
    const mail = (to: string) => verifyEmailMail({ siteName: 'Gazette', name: to, url: 'https://gazette.test/x', hours: 1 });
    // A change that rolls back takes its mail with it.
    await expect(
      store.transaction(async (tx) => {
        await queueMail(tx, { clock, newId }, 'rolled-back@example.test', mail('rolled-back@example.test'));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await store.listOutbox({ limit: 500 })).some((m) => m.to === 'rolled-back@example.test')).toBe(false);

    // A relay that refuses connections: the mail stays queued with its error and a retry time.
    // (Queued an hour ahead, so the app's own worker, on the present clock, leaves it alone.)
    const later = () => new Date(clock().getTime() + 3600_000);
    const broken = createMailWorker({ store, clock: later, transport: createMailTransport({ smtpUrl: 'smtp://127.0.0.1:1', from: 'x@gazette.test', log: { info() {} } }), log: { error() {}, warn() {} }, pollMs: 3600_000 });
    await store.transaction(async (tx) => queueMail(tx, { clock: later, newId }, 'retry@example.test', mail('retry@example.test')));
    const worker = mailWorkerOf(t.parley.deps)!;
    await broken.drain();
    await broken.stop();
    const queued = (await store.listOutbox({ limit: 500 })).find((m) => m.to === 'retry@example.test')!;
    expect(queued).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.any(String) });
    expect(queued.text).toContain('https://gazette.test/x');
    // Not due yet; a minute later the app's worker delivers it, once.
    await worker.drain();
    expect(smtp.to('retry@example.test')).toEqual([]);
    t.clock.advance(3600_000 + 61_000);
    await worker.drain();
    await smtp.waitFor((m) => m.to.includes('retry@example.test'));
    await worker.drain();
    expect(smtp.to('retry@example.test')).toHaveLength(1);
    expect((await store.listOutbox({ limit: 500 })).find((m) => m.to === 'retry@example.test')).toMatchObject({ status: 'sent', text: null });
  });

  it('never answers bad input with a 500', async () => {
    for (const [url, payload] of [
      ['/api/v1/auth/password-reset', { email: 'not an address' }],
      ['/api/v1/auth/password-reset/complete', { token: 'x'.repeat(300), password: 'p' }],
      ['/api/v1/auth/sign-in-link/complete', { token: '../../etc', session: 'cookie' }],
      ['/api/v1/auth/verify-email', {}],
      ['/api/v1/auth/claim', { token: 'abc', password: 'long enough passphrase', username: 'no spaces allowed' }],
    ] as const) {
      const res = await post(url, payload);
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
