// OpenID Connect sign-in end to end in Chromium, against a real OpenID provider (oidc-provider)
// started on loopback: a new reader signs in and gets an account; an existing account with a
// confirmed address is linked; an unconfirmed one is not; the flow uses PKCE (S256), a nonce
// and state, and a callback without the browser's flow cookie is refused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startIdp, type TestIdp } from './support/oidc.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) {
  if (process.env.CI === 'true') throw new Error(`Chromium is required in CI but missing at ${CHROMIUM}`);
  console.warn(`[parley tests] no Chromium at ${CHROMIUM}: OpenID Connect browser tests skipped`);
}
const kinds = await databaseKinds();

describe.skipIf(!haveChromium).each(kinds)('OpenID Connect sign-in in Chromium on $kind', ({ create }) => {
  let t: TestApp;
  let idp: TestIdp;
  let base: string;
  let context: BrowserContext;
  let profileDir: string;
  let providerId: string;

  beforeAll(async () => {
    idp = await startIdp({
      newcomer: { email: 'newcomer@idp.test', email_verified: true, name: 'Nora Newcomer', preferred_username: 'nora' },
      linker: { email: 'linker@example.test', email_verified: true, name: 'Lin Linked' },
      squatted: { email: 'squatted@example.test', email_verified: true, name: 'Real Owner' },
    });
    t = await startTestApp(await create());
    t.clock.now = new Date(); // cookies set by the browser must not be born expired
    base = await t.parley.app.listen({ port: 0, host: '127.0.0.1' });
    const admin = await t.signUp('site_boss', 'admin');
    const added = await t.request({
      method: 'POST',
      url: '/api/v1/admin/oidc-providers',
      as: admin,
      headers: { host: new URL(base).host },
      payload: { slug: 'harbour-id', name: 'Harbour ID', issuer: idp.issuer, clientId: 'parley-test', clientSecret: 'client-secret-of-the-test-0123' },
    });
    expect(added.statusCode, added.body).toBe(201);
    const provider = added.json() as { id: string; redirectUri: string };
    providerId = provider.id;
    expect(provider.redirectUri).toBe(`${base}/auth/oidc/${provider.id}/callback`);
    idp.setClient({ clientId: 'parley-test', clientSecret: 'client-secret-of-the-test-0123', redirectUri: provider.redirectUri });

    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-oidc-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await t?.close();
    await idp?.close();
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  });

  async function signInAtIdp(login: string): Promise<Page> {
    await context.clearCookies();
    const page = await context.newPage();
    // The provider's development screens pull a web font; there is no network here.
    await page.route((u) => !u.href.startsWith(base) && !u.href.startsWith(idp.issuer), (r) => r.abort());
    await page.goto(`${base}/signin?site=${t.site.slug}&returnTo=${encodeURIComponent(`/articles/${t.articleSlug}`)}`);
    await page.getByRole('link', { name: 'Harbour ID' }).click();
    await page.waitForURL((u) => u.origin === idp.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('anything');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((u) => u.origin === base);
    return page;
  }

  it('creates an account for a new reader and signs them in', async () => {
    const page = await signInAtIdp('newcomer');
    await page.waitForURL((u) => u.pathname === `/articles/${t.articleSlug}`);
    await expect.poll(() => page.locator('.signed-in').textContent()).toContain('Nora Newcomer');
    const user = await t.parley.deps.store.findUserByEmail({ email: 'newcomer@idp.test' });
    expect(user).toMatchObject({ username: 'nora', displayName: 'Nora Newcomer' });
    const account = await t.parley.deps.store.getAccount({ userId: user!.id });
    expect(account).toMatchObject({ emailVerified: true });
    expect((await t.parley.deps.store.listIdentities({ userId: user!.id })).map((i) => i.provider)).toEqual([`oidc:${providerId}`]);
    const sessions = await t.parley.deps.store.listSessionsForUser({ userId: user!.id });
    expect(sessions.map((s) => s.method)).toEqual(['oidc']);
    // Signing in again reuses the account.
    await page.close();
    const again = await signInAtIdp('newcomer');
    await expect.poll(() => again.locator('.signed-in').textContent()).toContain('Nora Newcomer');
    expect((await t.parley.deps.store.searchUsers({ siteId: t.site.id, membersOnly: false, q: 'newcomer@idp', limit: 10 })).length).toBe(1);
    await again.close();
  });

  it('links to an existing account whose address is confirmed', async () => {
    const local = await t.signUp('linker');
    await t.parley.deps.store.updateAccount({ userId: local.id, set: { emailVerified: true } });
    const page = await signInAtIdp('linker');
    await expect.poll(() => page.locator('.signed-in').textContent()).toContain('linker');
    const identities = await t.parley.deps.store.listIdentities({ userId: local.id });
    expect(identities.map((i) => i.provider).sort()).toEqual([`oidc:${providerId}`, 'password']);
    await page.close();
  });

  it('refuses to link an account whose address nobody confirmed', async () => {
    const squatter = await t.signUp('squatter');
    await t.parley.deps.store.updateAccount({ userId: squatter.id, set: { email: 'squatted@example.test' } });
    const page = await signInAtIdp('squatted');
    await expect.poll(() => page.locator('h1').textContent()).toContain('cannot be linked');
    expect(await page.locator('main').textContent()).toContain('has not been confirmed');
    expect(await page.locator('.signed-in').count()).toBe(0);
    expect((await t.parley.deps.store.listIdentities({ userId: squatter.id })).map((i) => i.provider)).toEqual(['password']);
    await page.close();
  });

  it('connects a provider to a signed-in account from the account page', async () => {
    const reader = await t.signUp('connector');
    await context.clearCookies();
    const page = await context.newPage();
    await page.route((u) => !u.href.startsWith(base) && !u.href.startsWith(idp.issuer), (r) => r.abort());
    await page.goto(`${base}/signin?site=${t.site.slug}&returnTo=%2Faccount`);
    await page.getByLabel('Email').fill(reader.email);
    await page.getByLabel('Password').fill(reader.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/account');
    await page.getByRole('link', { name: 'Connect Harbour ID' }).click();
    await page.waitForURL((u) => u.origin === idp.issuer);
    await page.locator('input[name="login"]').fill('newcomer-second-account');
    await page.locator('input[name="password"]').fill('anything');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((u) => u.origin === base && u.pathname === '/account');
    await expect.poll(() => page.locator('.notice').first().textContent()).toContain('The provider is connected');
    const providers = (await t.parley.deps.store.listIdentities({ userId: reader.id })).map((i) => i.provider).sort();
    expect(providers).toEqual([`oidc:${providerId}`, 'password']);
    expect(await page.locator('#methods').textContent()).toContain('Harbour ID');
    // A connect link made for someone else's session is refused.
    const forged = await fetch(`${base}/auth/oidc/harbour-id?link=${Date.now() + 60_000}.forged`, { redirect: 'manual', headers: { accept: 'application/json', cookie: (await context.cookies(base)).map((c) => `${c.name}=${c.value}`).join('; ') } });
    expect(forged.status).toBe(403);
    await page.close();
  });

  it('asks the provider with PKCE (S256), a nonce and state, and refuses a callback without the flow cookie', async () => {
    const start = await fetch(`${base}/auth/oidc/harbour-id?site=${t.site.slug}`, { redirect: 'manual' });
    expect(start.status).toBe(303);
    const to = new URL(start.headers.get('location')!);
    expect(to.origin).toBe(idp.issuer);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(to.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(to.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(to.searchParams.get('redirect_uri')).toBe(`${base}/auth/oidc/${providerId}/callback`);
    expect(start.headers.get('set-cookie')).toMatch(/parley_oidc=.+; Max-Age=600; Path=\/auth\/oidc; HttpOnly; SameSite=Lax/);

    const forged = await fetch(`${base}/auth/oidc/${providerId}/callback?code=stolen&state=${to.searchParams.get('state')}`, { redirect: 'manual', headers: { accept: 'application/json' } });
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ code: 'oidc_failed' });
    const unknown = await fetch(`${base}/auth/oidc/no-such-provider?site=${t.site.slug}`, { redirect: 'manual', headers: { accept: 'application/json' } });
    expect(unknown.status).toBe(404);
  });
});
