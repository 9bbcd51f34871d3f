// Where the browser lets the frame keep its token (third-party storage allowed), a signed-in
// reader's embed comes back signed in after a reload, with exactly one API request for the
// first render; signing out forgets the token and ends the session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteDatabase } from '../support/databases.js';
import type { TestUser } from '../support/app.js';
import { chromiumAvailable, launch, thirdPartyAccess, type Browser } from './support/browser.js';
import { embedFrame, startEmbedApp, type EmbedApp } from './support/embed-app.js';
import { startHost, type HostServer } from './support/host.js';

describe.skipIf(!chromiumAvailable)('a signed-in reader whose browser allows third-party storage', () => {
  let t: EmbedApp;
  let host: HostServer;
  let browser: Browser;
  let ana: TestUser;

  beforeAll(async () => {
    t = await startEmbedApp(await createSqliteDatabase());
    host = await startHost(() => ({ parley: t.parleyUrl, site: t.site.slug }));
    await t.allow(host.origin);
    ana = await t.signUp('ana');
    browser = await launch({ blockThirdPartyCookies: false });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await t?.close();
  });

  it('keeps the token in the frame’s storage and needs one API request after a reload', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${host.origin}/story/kept`);
    let frame = await embedFrame(page);
    expect((await thirdPartyAccess(frame)).storage).toBe(true);
    const [popup] = await Promise.all([browser.context.waitForEvent('page'), frame.locator('#comments a[href^="/signin"]').click()]);
    await popup.fill('#field-login', 'ana');
    await popup.fill('#field-password', ana.password);
    const closed = popup.waitForEvent('close');
    await popup.click('button[type="submit"]', { noWaitAfter: true });
    await closed;
    await frame.locator('#compose-body').waitFor();
    expect(await frame.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('parley:token:')).length)).toBe(1);

    const calls: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(t.parleyUrl) && ['fetch', 'xhr'].includes(r.resourceType())) calls.push(new URL(r.url()).pathname);
    });
    await page.reload();
    frame = await embedFrame(page);
    await frame.locator('#compose-body').waitFor();
    expect(await frame.locator('.embed-name').textContent()).toBe('ana');
    expect(calls).toEqual([expect.stringMatching(/^\/api\/v1\/embed\/threads\/[0-9A-Z]+$/)]);

    await frame.locator('.embed-signout').click();
    await frame.locator('#comments a[href^="/signin"]').waitFor();
    expect(await frame.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('parley:token:')).length)).toBe(0);
    expect(await frame.locator('#comments [role="status"]').textContent()).toBe('You are signed out.');
    expect(browser.problems).toEqual([]);
  }, 60_000);
});
