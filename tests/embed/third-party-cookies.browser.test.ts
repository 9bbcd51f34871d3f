// The embed in Chromium with third-party cookies blocked, on SQLite and PostgreSQL: a host page
// on one loopback name embeds Parley served on the other; the reader signs in through the
// first-party popup and posts, and the frame never needed a cookie.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentPage } from '../../src/http/api-types.js';
import { databaseKinds } from '../support/databases.js';
import type { TestUser } from '../support/app.js';
import { chromiumAvailable, launch, thirdPartyAccess, type Browser } from './support/browser.js';
import { embedFrame, startEmbedApp, type EmbedApp } from './support/embed-app.js';
import { startHost, type HostServer } from './support/host.js';

const kinds = chromiumAvailable ? await databaseKinds() : [];

describe.skipIf(!chromiumAvailable).each(kinds)('embed with third-party cookies blocked on $kind', ({ create }) => {
  let t: EmbedApp;
  let host: HostServer;
  let browser: Browser;
  let ana: TestUser;
  let ssoToken = '';

  beforeAll(async () => {
    t = await startEmbedApp(await create());
    host = await startHost((path) => ({ parley: t.parleyUrl, site: t.site.slug, ...(path === '/story/sso' ? { attrs: `data-parley-sso="${ssoToken}"` } : {}) }));
    await t.allow(host.origin);
    ana = await t.signUp('ana');
    browser = await launch({ blockThirdPartyCookies: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await t?.close();
  });

  it('signs in through the popup and posts, with the frame holding no cookie', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${host.origin}/story/one`);
    let frame = await embedFrame(page);
    // The browser really does block the frame's cookies and storage here.
    expect(await thirdPartyAccess(frame)).toEqual({ cookie: false, storage: false });
    expect(new URL(frame.url()).hostname).toBe('localhost');
    expect(new URL(page.url()).hostname).toBe('127.0.0.1');

    const exchanges: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/embed/token')) exchanges.push(r.postData() ?? '');
    });
    const [popup] = await Promise.all([browser.context.waitForEvent('page'), frame.locator('#comments a[href^="/signin"]').click()]);
    await popup.waitForLoadState();
    expect(new URL(popup.url()).pathname).toBe('/embed/signin');
    await popup.fill('#field-login', 'ana');
    await popup.fill('#field-password', ana.password);
    const closed = popup.waitForEvent('close', { timeout: 20_000 }).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${popup.url()}\n${(await popup.content().catch(() => '')).slice(0, 2000)}\n${browser.problems.join('\n')}`);
    });
    await popup.click('button[type="submit"]', { noWaitAfter: true });
    await closed;

    await frame.locator('.embed-account:not([hidden])').waitFor();
    expect(await frame.locator('.embed-name').textContent()).toBe('ana');
    // The popup's postMessage delivered the one-time code (not the polling fallback).
    expect(exchanges.some((body) => /"code":"[\w-]{20,}"/.test(body))).toBe(true);
    const composer = frame.locator('#compose-body');
    await composer.waitFor();
    expect(await frame.evaluate(() => document.activeElement?.id)).toBe('compose-body');
    await composer.fill('Written with **third-party cookies** blocked');
    await frame.locator('#comments .composer button[type="submit"]').click();
    const card = frame.locator('#comments article.comment', { hasText: 'third-party cookies' });
    await card.waitFor();
    expect(await card.locator('strong').textContent()).toBe('third-party cookies');
    expect(await frame.evaluate(() => document.activeElement?.closest('article')?.textContent ?? '')).toContain('blocked');

    const api = await t.request({ method: 'GET', url: `/api/v1/articles/${await frame.evaluate(() => JSON.parse(document.getElementById('parley-embed')!.textContent!).article)}/comments` });
    const saved = (api.json() as CommentPage).items.map((n) => n.comment);
    expect(saved).toEqual([expect.objectContaining({ author: expect.objectContaining({ username: 'ana' }) })]);
    expect(await frame.evaluate(() => document.cookie)).toBe('');

    // Storage is blocked, so a reload forgets the token; the first-party session in the popup
    // brings it back with one click, without typing anything.
    await page.reload();
    frame = await embedFrame(page);
    expect(await frame.locator('.embed-account').isHidden()).toBe(true);
    const [again] = await Promise.all([browser.context.waitForEvent('page'), frame.locator('#comments a[href^="/signin"]').click()]);
    // It may well have closed already: it had nothing to ask.
    if (!again.isClosed()) await again.waitForEvent('close', { timeout: 20_000 }).catch(async (err: Error) => {
      if (again.isClosed()) return;
      throw new Error(`${err.message}\n${again.url()}\n${(await again.content().catch(() => '')).slice(0, 3000)}\n${browser.problems.join('\n')}`);
    });
    await frame.locator('.embed-account:not([hidden])').waitFor();
    await frame.locator('#compose-body').waitFor();
    expect(browser.problems).toEqual([]);
  }, 60_000);

  it("signs a reader of the host site in with the host's SSO token, without a popup", async () => {
    const admin = await t.signUp('gazette_boss', 'admin');
    const secret = 'the-gazette-sso-secret-0123456789abcdef';
    const configured = await t.request({ method: 'PATCH', url: '/api/v1/admin/sign-in', as: admin, payload: { sso: { mode: 'hs256', secret, issuer: host.origin, audience: 'parley' } } });
    expect(configured.statusCode, configured.body).toBe(200);
    const now = Math.floor(Date.now() / 1000);
    ssoToken = await new SignJWT({ sub: 'host-reader-9', name: 'Hana Host', email: 'hana@host.test', email_verified: true, preferred_username: 'hana' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(host.origin)
      .setAudience('parley')
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .setJti(`jti-${now}-${Math.random()}`)
      .sign(new TextEncoder().encode(secret));
    const page = await browser.context.newPage();
    await page.goto(`${host.origin}/story/sso`);
    const frame = await embedFrame(page);
    await frame.locator('.embed-account:not([hidden])').waitFor();
    expect(await frame.locator('.embed-name').textContent()).toBe('Hana Host');
    await frame.locator('#compose-body').fill('Signed in by my newspaper');
    await frame.locator('#comments .composer button[type="submit"]').click();
    await frame.locator('#comments article.comment', { hasText: 'Signed in by my newspaper' }).waitFor();
    expect(browser.problems).toEqual([]);
    await page.close();
  }, 60_000);
});
