// A light accessibility pass in real Chromium with JavaScript on: posting with the keyboard alone,
// and an accessible name on every control of the article page as a signed-in reader sees it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumAvailable, describeBrowser, focusInfo, launchBrowser, liveRegion, waitForHydration, type BrowserHandle, type WatchedPage } from './support/browser.js';
import { ARTICLE_PATH, startServer, uniqueName, type E2EServer } from './support/server.js';

let server: E2EServer;

beforeAll(async () => {
  if (!chromiumAvailable) return; // the suites below are skipped: no server needed
  server = await startServer();
}, 60_000);

afterAll(async () => {
  await server?.close();
});

/** What has focus, described well enough for a failure message. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
  });

/** Presses `key` until the element matching `selector` has focus; returns how many presses it took. */
async function pressUntilFocused(page: Page, key: string, selector: string, max = 40): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(key);
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return i;
  }
  throw new Error(`${selector} never got focus after ${max} × ${key}; focus is on ${await focused(page)}`);
}

describeBrowser('accessibility with JavaScript on', () => {
  let browser: BrowserHandle;
  let watched: WatchedPage;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser({ js: true, baseURL: server.url });
    // Signed in through the context's own request client, so the browser holds the session cookie.
    const username = uniqueName('keys');
    const res = await browser.context.request.post('/api/v1/auth/signup', {
      data: { email: `${username}@example.test`, username, password: `pw-${username}-0123456789`, session: 'cookie' },
    });
    expect(res.status()).toBe(201);
    watched = await browser.newPage();
    page = watched.page;
  });

  afterAll(async () => {
    const problems = watched ? await watched.problems() : [];
    await browser?.close();
    expect(problems).toEqual([]);
  });

  it('posts with the keyboard alone: Tab to the composer, type, Enter or Space on the button', async () => {
    await page.goto(ARTICLE_PATH);
    await waitForHydration(page);

    // The first stop is the skip link, and the composer is a few stops after it: the header
    // (home, search, notices, sign out), the byline's section and comment-count links, then the
    // discussion's four tabs (best, newest, oldest, featured).
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a "Skip to content"');
    const presses = await pressUntilFocused(page, 'Tab', '#compose-body');
    expect(presses).toBeLessThanOrEqual(11);

    await page.keyboard.type('Typed and sent from the keyboard.');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button "Post comment"');
    await page.keyboard.press('Enter');

    await expect.poll(async () => (await focusInfo(page)).tag).toBe('article');
    const first = (await focusInfo(page)).commentId!;
    expect(((await page.locator(`#comment-${first} .comment-body`).textContent()) ?? '').trim()).toBe('Typed and sent from the keyboard.');
    await expect.poll(() => liveRegion(page).textContent()).toBe('Your comment was posted.');

    // Back up to the composer from the new comment, and send a second one with Space.
    await pressUntilFocused(page, 'Shift+Tab', '#compose-body');
    await page.keyboard.type('And a second one, sent with Space.');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button "Post comment"');
    await page.keyboard.press('Space');

    await expect.poll(async () => {
      const f = await focusInfo(page);
      return f.tag === 'article' && f.commentId !== first;
    }).toBe(true);
    const second = await focusInfo(page);
    expect(((await page.locator(`#comment-${second.commentId} .comment-body`).textContent()) ?? '').trim()).toBe(
      'And a second one, sent with Space.',
    );
  });

  it('gives every control on the article page an accessible name', async () => {
    await page.goto(ARTICLE_PATH);
    await waitForHydration(page);
    // Open every disclosure (reply, edit, delete, report) so the controls inside count too.
    await page.evaluate(() => {
      for (const d of document.querySelectorAll('details')) d.open = true;
    });

    // Chromium's own accessibility tree: the names a screen reader would announce.
    const cdp = await browser.context.newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[];
    };
    await cdp.detach();
    const CONTROLS = new Set(['textbox', 'searchbox', 'combobox', 'listbox', 'checkbox', 'radio', 'switch', 'slider', 'spinbutton', 'button', 'link', 'DisclosureTriangle']);
    const controls = nodes.filter((n) => !n.ignored && CONTROLS.has(n.role?.value ?? ''));
    const unnamed = controls.filter((n) => !(n.name?.value ?? '').trim()).map((n) => n.role?.value);
    expect(unnamed).toEqual([]);

    // The same through Playwright's role queries, one role at a time.
    const count = (role: string) => controls.filter((n) => n.role?.value === role).length;
    for (const role of ['textbox', 'combobox', 'button'] as const) {
      const found = page.getByRole(role);
      const n = await found.count();
      expect(n, `${role}s on the page`).toBeGreaterThan(0);
      expect(n, `${role}s Playwright and Chromium see`).toBe(count(role));
      const names = await found.evaluateAll((els) =>
        els.map((el) => {
          const labels = (el as HTMLInputElement).labels;
          const byLabel = labels && labels.length > 0 ? [...labels].map((l) => l.textContent ?? '').join(' ') : '';
          return (byLabel || el.getAttribute('aria-label') || el.textContent || '').trim();
        }),
      );
      expect(names.filter((name) => !name), `${role}s without a name`).toEqual([]);
    }
    // The main composer, a reply box and a report reason are named by their visible labels.
    expect(await page.getByRole('textbox', { name: 'Your comment', exact: true }).count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Your reply' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('combobox', { name: 'What is wrong with this comment?' }).count()).toBeGreaterThan(0);
  });
});
