// The editors' picks in real Chromium, with JavaScript off and on: a pinned comment heads the
// discussion marked "Pinned", and the "Featured" tab beside the sorts lists only the picks (a
// plain link without JavaScript, an in-place switch with it).
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  JS_MODES,
  chromiumAvailable,
  commentCard,
  describeBrowser,
  expectSameDocument,
  launchBrowser,
  liveRegion,
  markDocument,
  topLevelIds,
  waitForHydration,
  type BrowserHandle,
  type WatchedPage,
} from './support/browser.js';
import { ARTICLE_PATH, startServer, type E2EServer } from './support/server.js';

let server: E2EServer;
let pinned: string;
let featured: string;

beforeAll(async () => {
  if (!chromiumAvailable) return;
  server = await startServer();
  const mod = await server.signUp('editor');
  const { store } = server.parley.deps;
  const [site] = await store.listSites(); // the demo publication
  await store.setRole({ siteId: site!.id, userId: mod.id, role: 'moderator', createdAt: new Date().toISOString() });
  const tops = (await server.page('best')).items.map((n) => n.comment.id);
  // The last of the first page goes to the top; one in the middle is featured.
  pinned = tops[tops.length - 1]!;
  featured = tops[1]!;
  for (const [id, action] of [[featured, 'feature'], [pinned, 'pin']] as const) {
    const res = await fetch(`${server.url}/api/v1/moderation/comments/${id}/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${mod.token}` },
      body: JSON.stringify({ action }),
    });
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${await res.text()}`);
  }
}, 60_000);

const browsers: BrowserHandle[] = [];
afterAll(async () => {
  for (const b of browsers) await b.close();
  await server?.close();
});

describeBrowser.each(JS_MODES)('featured comments with $label', ({ js }) => {
  const opened: WatchedPage[] = [];
  afterEach(async () => {
    const problems: string[] = [];
    for (const w of opened.splice(0)) {
      if (js) problems.push(...(await w.problems()));
      await w.page.close();
    }
    expect(problems).toEqual([]);
  });

  it('heads the discussion with the pinned comment and switches to the Featured tab', async () => {
    const b = await launchBrowser({ js, baseURL: server.url });
    browsers.push(b);
    const watched = await b.newPage();
    opened.push(watched);
    const { page } = watched;
    await page.goto(ARTICLE_PATH);
    if (js) await waitForHydration(page);
    const mark = js ? await markDocument(page) : null;

    expect((await topLevelIds(page))[0]).toBe(pinned);
    expect(await commentCard(page, pinned).locator('.flag').textContent()).toBe('Pinned');
    expect(await commentCard(page, featured).locator('.flag').textContent()).toBe('Featured');

    const nav = page.getByRole('navigation', { name: 'Sort comments' });
    await nav.getByRole('link', { name: 'Featured' }).click();
    await expect.poll(() => topLevelIds(page)).toEqual([pinned, featured]);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('featured');
    expect(await nav.getByRole('link', { name: 'Featured' }).getAttribute('aria-current')).toBe('true');
    if (mark) {
      await expectSameDocument(page, mark);
      await expect.poll(() => liveRegion(page).textContent()).toBe('Showing featured comments.');
    }
  });
});
