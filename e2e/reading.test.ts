// What a reader sees, in real Chromium with JavaScript off and on: the article, its discussion,
// sorting, permalinks, a narrow phone screen, and paging through a long discussion.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  JS_MODES,
  chromiumAvailable,
  commentCard,
  describeBrowser,
  directReplies,
  expectSameDocument,
  focusInfo,
  launchBrowser,
  liveRegion,
  markDocument,
  topLevelCards,
  topLevelHandles,
  topLevelIds,
  waitForHydration,
  type BrowserHandle,
  type WatchedPage,
} from './support/browser.js';
import { ARTICLE_PATH, demoArticle, demoComments, demoTopLevelAuthors, startServer, type E2EServer } from './support/server.js';

let server: E2EServer;
const browsers = new Map<boolean, BrowserHandle>();

beforeAll(async () => {
  if (!chromiumAvailable) return; // the suites below are skipped: no server needed
  server = await startServer();
}, 60_000);

afterAll(async () => {
  for (const b of browsers.values()) await b.close();
  await server?.close();
});

async function browser(js: boolean): Promise<BrowserHandle> {
  let b = browsers.get(js);
  if (!b) {
    b = await launchBrowser({ js, baseURL: server.url });
    browsers.set(js, b);
  }
  return b;
}

/** Opens a page and loads `path`; with JavaScript on, waits for the discussion to hydrate. */
async function open(js: boolean, path: string, opened: WatchedPage[]): Promise<Page> {
  const watched = await (await browser(js)).newPage();
  opened.push(watched);
  await watched.page.goto(path);
  if (js) await waitForHydration(watched.page);
  return watched.page;
}

describeBrowser.each(JS_MODES)('reading with $label', ({ js }) => {
  const opened: WatchedPage[] = [];
  // The article page as loaded once: the tests that only read it share it.
  let shared: WatchedPage | null = null;

  async function articlePage(): Promise<Page> {
    if (!shared) {
      shared = await (await browser(js)).newPage();
      await shared.page.goto(ARTICLE_PATH);
      if (js) await waitForHydration(shared.page);
    }
    return shared.page;
  }

  afterAll(async () => {
    if (!shared) return;
    const problems = js ? await shared.problems() : [];
    await shared.page.close();
    expect(problems).toEqual([]);
  });

  // With JavaScript on, every page a test opened must have stayed free of console errors, page
  // errors and CSP violations.
  afterEach(async () => {
    const pages = opened.splice(0);
    const problems: string[] = [];
    for (const w of pages) {
      if (js) problems.push(...(await w.problems()));
      await w.page.close();
    }
    expect(problems).toEqual([]);
  });

  it('shows the story: headline, dek, byline, lead figure with caption and credit, inline figure', async () => {
    const page = await articlePage();
    const story = page.locator('article.story');

    await expect.poll(() => page.title()).toContain(demoArticle.title);
    expect(await story.getByRole('heading', { level: 1 }).textContent()).toBe(demoArticle.title);
    expect(await story.locator('.dek').textContent()).toBe(demoArticle.dek);
    expect(await story.locator('.byline').textContent()).toBe('By Mara Quint');

    const lead = story.locator('figure.story-figure');
    const leadImg = lead.getByRole('img');
    expect(await leadImg.getAttribute('alt')).toBe(demoArticle.leadImage.alt);
    const caption = (await lead.locator('figcaption').textContent()) ?? '';
    expect(caption).toContain(demoArticle.leadImage.caption);
    expect(await lead.locator('figcaption .credit').textContent()).toContain(demoArticle.leadImage.credit);
    // The image really loaded (an SVG served from /media/demo/).
    await expect.poll(() => leadImg.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    const inline = story.locator('.story-body figure');
    expect(await inline.count()).toBe(1);
    expect(await inline.getByRole('img').getAttribute('alt')).toMatch(/^Simplified map of the Caribbean Sea/);
    expect(await inline.locator('figcaption').textContent()).toContain('La Guaira, the main port for Caracas');
    expect(await inline.locator('figcaption .credit').textContent()).toContain('Illustration: Parley demo desk');
  });

  it('shows the whole discussion: 18 comments, nested replies, a staff badge, a flattened deep reply', async () => {
    const page = await articlePage();
    const { demo } = server;

    await page.getByRole('heading', { level: 2, name: '18 comments' }).waitFor();
    expect(await page.locator('#comments article.comment').count()).toBe(18);
    expect(await topLevelCards(page).count()).toBe(demoTopLevelAuthors().length);
    // Every demo comment is on the page, each once.
    for (const c of demoComments) expect(await commentCard(page, demo[c.key]!).count(), c.key).toBe(1);

    // Replies sit in the nested list under their parent: c01 → c02 → c03 → c05.
    expect(await directReplies(page, demo.c01!).evaluateAll((els) => els.map((e) => e.id))).toEqual([`comment-${demo.c02}`]);
    expect(await directReplies(page, demo.c02!).evaluateAll((els) => els.map((e) => e.id))).toEqual([`comment-${demo.c03}`]);
    expect(await directReplies(page, demo.c03!).evaluateAll((els) => els.map((e) => e.id))).toEqual([`comment-${demo.c05}`]);
    await expect.poll(() => commentCard(page, demo.c02!).isVisible()).toBe(true);

    // The reporter's answer carries a Staff badge, the moderator's a Moderator badge.
    const staff = commentCard(page, demo.c10!);
    expect(await staff.locator('.comment-author').textContent()).toBe('Mara Quint');
    expect(await staff.locator('.badge').textContent()).toBe('Staff');
    expect(await commentCard(page, demo.c17!).locator('.badge').textContent()).toBe('Moderator');
    expect(await commentCard(page, demo.c01!).locator('.badge').count()).toBe(0);

    // c17 is the fifth level (c08 → c12 → c14 → c16 → c17): shown at the fourth, beside c16,
    // with "replying to @paz_in_madrid" linking to c16.
    const deep = commentCard(page, demo.c17!);
    const replyingTo = deep.locator('.replying-to');
    expect((await replyingTo.textContent())?.replace(/\s+/g, ' ').trim()).toBe('replying to @paz_in_madrid');
    expect(await replyingTo.getByRole('link').getAttribute('href')).toBe(`#comment-${demo.c16}`);
    expect(await directReplies(page, demo.c14!).evaluateAll((els) => els.map((e) => e.id))).toEqual([
      `comment-${demo.c16}`,
      `comment-${demo.c17}`,
    ]);
    expect(await directReplies(page, demo.c16!).count()).toBe(0);
    expect(await commentCard(page, demo.c16!).locator('.replying-to').count()).toBe(0);
  });

  it('reorders the comments when the reader picks newest or oldest first', async () => {
    const page = await open(js, ARTICLE_PATH, opened);
    const mark = js ? await markDocument(page) : null;
    const sortNav = page.getByRole('navigation', { name: 'Sort comments' });
    const oldestFirst = demoTopLevelAuthors();
    const newestFirst = [...oldestFirst].reverse();

    expect(await sortNav.getByRole('link', { name: 'Best' }).getAttribute('aria-current')).toBe('true');

    await sortNav.getByRole('link', { name: 'Newest' }).click();
    await expect.poll(() => topLevelHandles(page)).toEqual(newestFirst);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('newest');
    expect(await sortNav.getByRole('link', { name: 'Newest' }).getAttribute('aria-current')).toBe('true');
    expect(await sortNav.getByRole('link', { name: 'Best' }).getAttribute('aria-current')).toBeNull();

    await sortNav.getByRole('link', { name: 'Oldest' }).click();
    await expect.poll(() => topLevelHandles(page)).toEqual(oldestFirst);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('oldest');
    expect(await sortNav.getByRole('link', { name: 'Oldest' }).getAttribute('aria-current')).toBe('true');
    // Sorting keeps the replies with their parents.
    expect(await page.locator('#comments article.comment').count()).toBe(18);

    if (mark) {
      await expectSameDocument(page, mark);
      await expect.poll(() => liveRegion(page).textContent()).toBe('Comments sorted by oldest.');
    }
  });

  it('shows a deep comment on its permalink with all its ancestors', async () => {
    const { demo } = server;
    const page = await open(js, `${ARTICLE_PATH}/comments/${demo.c17}`, opened);

    await page.getByRole('heading', { level: 2, name: 'Comment thread' }).waitFor();
    const chain = [demo.c08!, demo.c12!, demo.c14!, demo.c16!, demo.c17!];
    expect(await page.locator('#comments article.comment').evaluateAll((els) => els.map((e) => e.id))).toEqual(
      chain.map((id) => `comment-${id}`),
    );
    for (const id of chain) expect(await commentCard(page, id).isVisible()).toBe(true);
    expect(await commentCard(page, demo.c17!).getAttribute('class')).toContain('comment--target');
    expect(await commentCard(page, demo.c16!).getAttribute('class')).not.toContain('comment--target');
    // Unrelated branches are not shown, and the way back to the whole discussion is.
    expect(await commentCard(page, demo.c01!).count()).toBe(0);
    expect(await page.getByRole('link', { name: `All comments on “${demoArticle.title}”` }).getAttribute('href')).toBe(`${ARTICLE_PATH}#comments`);
  });

  it('fits a 320 px wide screen without horizontal scrolling', async () => {
    const { demo } = server;
    for (const path of [ARTICLE_PATH, `${ARTICLE_PATH}/comments/${demo.c17}`]) {
      const watched = await (await browser(js)).newPage();
      opened.push(watched);
      const { page } = watched;
      await page.setViewportSize({ width: 320, height: 720 });
      await page.goto(path);
      if (js) await waitForHydration(page);
      const size = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      expect(size.innerWidth, path).toBe(320);
      expect(size.scrollWidth, `${path} is wider than the screen`).toBeLessThanOrEqual(size.innerWidth);
    }
  });

  it.runIf(js)('loads the article page, its styles, scripts and images without console errors or CSP violations', async () => {
    const page = await articlePage();
    // Bring each image into view so the lazy ones load too.
    const images = page.locator('img');
    for (let i = 0; i < (await images.count()); i++) await images.nth(i).scrollIntoViewIfNeeded();
    await page.locator('.site-footer').scrollIntoViewIfNeeded();
    await expect.poll(() => page.evaluate(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0))).toBe(true);
    // The bundle did run (relative times), so a silent failure cannot pass as "no errors".
    expect(await page.locator('#comments time[title]').count()).toBe(18);
    expect(await shared!.problems()).toEqual([]);
  });
});

describeBrowser('paging through a long discussion', () => {
  const PAGE_SIZE = 20;
  const ADDED = 16;
  let total = 0;
  const opened: WatchedPage[] = [];

  beforeAll(async () => {
    // 7 demo top-level comments + 16 new ones = 23, more than one page of 20.
    await server.addTopLevel(ADDED);
    const first = await server.page('best');
    total = first.total;
    expect(first.items.length).toBe(PAGE_SIZE);
    expect(first.nextCursor).not.toBeNull();
  });

  afterEach(async () => {
    for (const w of opened.splice(0)) await w.page.close();
  });

  it('with JavaScript off, the "More comments" link leads to the next page', async () => {
    const page = await open(false, ARTICLE_PATH, opened);
    await page.getByRole('heading', { level: 2, name: `${total} comments` }).waitFor();
    const firstPage = await topLevelIds(page);
    expect(firstPage.length).toBe(PAGE_SIZE);

    await page.getByRole('link', { name: 'More comments' }).click();
    await page.waitForURL((u) => u.searchParams.has('after'));
    const secondPage = await topLevelIds(page);
    expect(secondPage.length).toBe(demoTopLevelAuthors().length + ADDED - PAGE_SIZE);
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
    // The last page offers no further link.
    expect(await page.getByRole('link', { name: 'More comments' }).count()).toBe(0);
  });

  it('with JavaScript on, "More comments" appends the next page in place', async () => {
    const watched = await (await browser(true)).newPage();
    opened.push(watched);
    const { page } = watched;
    await page.goto(ARTICLE_PATH);
    await waitForHydration(page);
    const firstPage = await topLevelIds(page);
    expect(firstPage.length).toBe(PAGE_SIZE);
    const mark = await markDocument(page);
    const before = page.url();

    await page.getByRole('link', { name: 'More comments' }).click();
    await expect.poll(() => topLevelCards(page).count()).toBe(demoTopLevelAuthors().length + ADDED);
    const all = await topLevelIds(page);
    expect(all.slice(0, PAGE_SIZE)).toEqual(firstPage);
    expect(new Set(all).size).toBe(all.length);
    await expectSameDocument(page, mark);
    expect(page.url()).toBe(before);
    expect(await page.getByRole('link', { name: 'More comments' }).count()).toBe(0);
    // Focus moves to the first comment loaded, and the live region says how many came.
    await expect.poll(async () => (await focusInfo(page)).commentId).toBe(all[PAGE_SIZE]);
    await expect.poll(() => liveRegion(page).textContent()).toBe('3 more comments loaded.');
    expect(await watched.problems()).toEqual([]);
  });
});
