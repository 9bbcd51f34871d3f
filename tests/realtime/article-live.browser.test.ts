// Live updates on the server-rendered article page (the hydrated Discussion), in Chromium:
// a comment posted by someone else waits behind "Show 1 new comment"; edits and the count
// change in place.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteDatabase } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/app.js';
import { chromiumAvailable, launch, type Browser } from '../embed/support/browser.js';

describe.skipIf(!chromiumAvailable)('live updates on the article page', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let ben: TestUser;

  beforeAll(async () => {
    t = await startTestApp(await createSqliteDatabase(), { settings: { editWindowSeconds: 3600 } });
    await t.parley.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.parley.app.server.address() as AddressInfo).port}`;
    ben = await t.signUp('ben');
    browser = await launch({ blockThirdPartyCookies: false });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('collects new comments behind a button and updates edits in place', async () => {
    const first = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as: ben, payload: { body: 'Already here' } });
    const firstId = (first.json() as { comment: { id: string } }).comment.id;
    const page = await browser.context.newPage();
    const stream = page.waitForRequest((r) => r.url().includes(`/api/v1/articles/${t.articleId}/events`));
    await page.goto(`${base}/articles/${t.articleSlug}`);
    await page.locator('#parley-discussion').scrollIntoViewIfNeeded(); // hydrates near the viewport
    await page.locator('#parley-discussion time[title]').first().waitFor({ state: 'attached' });
    await stream;
    expect(await page.locator('#comments-heading').textContent()).toBe('1 comment');

    // The stream is open; wait until the server counts it, then post as someone else.
    const { embedRuntimeOf } = await import('../../src/http/embed/index.js');
    for (const end = Date.now() + 10_000; embedRuntimeOf(t.parley.app)!.hub.size < 1; ) {
      if (Date.now() > end) throw new Error('the page never subscribed');
      await page.waitForTimeout(50);
    }
    const res = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as: ben, payload: { body: 'Arrived *live*' } });
    const id = (res.json() as { comment: { id: string } }).comment.id;
    const button = page.locator('.live-new button');
    await button.waitFor();
    expect(await button.textContent()).toBe('Show 1 new comment');
    await page.locator('#comments-heading', { hasText: '2 comments' }).waitFor();
    expect(await page.locator(`#comment-${id}`).count()).toBe(0);
    await button.click();
    await page.locator(`#comment-${id} em`, { hasText: 'live' }).waitFor();
    // Focus moves in an effect after the comments are drawn: wait for it, not for the drawing.
    await page.waitForFunction((target) => document.activeElement?.id === target, `comment-${id}`, { timeout: 5000 });
    expect(await page.locator('.live-new').count()).toBe(0);
    expect(await page.locator('#comments-heading').textContent()).toBe('2 comments');

    await t.request({ method: 'PATCH', url: `/api/v1/comments/${firstId}`, as: ben, payload: { body: 'Already here, and edited' } });
    await page.locator(`#comment-${firstId} .comment-body`, { hasText: 'and edited' }).waitFor();
    await t.request({ method: 'DELETE', url: `/api/v1/comments/${id}`, as: ben });
    await page.locator(`#comment-${id}`).waitFor({ state: 'detached' });
    await page.locator('#comments-heading', { hasText: '1 comment' }).waitFor();
    expect(browser.problems).toEqual([]);
  }, 60_000);
});
