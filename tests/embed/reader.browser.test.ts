// Everything a reader does under an article, done in the embed on a host page of another
// origin, in Chromium with third-party cookies blocked: reading, sorting, paging, more replies,
// posting, replying, editing, reacting, reporting, deleting, permalinks (loading the branch),
// live updates behind "Show N new comments", theming, another language, comment counts for
// article lists, accessibility; and the budgets: what the browser fetches for the embed, and
// how many API requests the first render needs.
import { gzipSync } from 'node:zlib';
import { AxeBuilder } from '@axe-core/playwright';
import type { Frame, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteDatabase } from '../support/databases.js';
import type { TestUser } from '../support/app.js';
import { chromiumAvailable, launch, type Browser } from './support/browser.js';
import { embedFrame, startEmbedApp, type EmbedApp } from './support/embed-app.js';
import { startHost, type HostServer } from './support/host.js';

const BUDGET = 12 * 1024;

describe.skipIf(!chromiumAvailable)('a reader in the embed (Chromium, SQLite)', () => {
  let t: EmbedApp;
  let host: HostServer;
  let browser: Browser;
  let ana: TestUser;
  let ben: TestUser;
  let cy: TestUser;
  let articleId: string;
  let oldestId: string;
  let branchRootId: string;
  let page: Page;
  let frame: Frame;
  const hostOpts: Record<string, { lang?: string; head?: string; attrs?: string }> = {
    '/story/de': { lang: 'de' },
    '/story/themed': { head: '<style>#parley { --parley-accent: rgb(200, 0, 0); }</style>', attrs: 'data-parley-theme="dark"' },
  };

  const post = async (as: TestUser, body: string, parentId?: string) => {
    const res = await t.request({ method: 'POST', url: `/api/v1/articles/${articleId}/comments`, as, payload: { body, ...(parentId ? { parentId } : {}) } });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { comment: { id: string } }).comment.id;
  };
  const topLevelIds = () => frame.locator('#comments > ol.thread > li > article').evaluateAll((els) => els.map((e) => e.id.slice(8)));
  const liveRegion = () => frame.locator('#comments [role="status"]').textContent();
  const activeCommentId = () => frame.evaluate(() => document.activeElement?.closest('article')?.id.slice(8) ?? document.activeElement?.id ?? null);
  const until = async (check: () => Promise<boolean>, what: string) => {
    for (const end = Date.now() + 10_000; !(await check()); ) {
      if (Date.now() > end) throw new Error(`${what} never happened`);
      await page.waitForTimeout(50);
    }
  };

  beforeAll(async () => {
    t = await startEmbedApp(await createSqliteDatabase());
    host = await startHost((path) => ({ parley: t.parleyUrl, site: t.site.slug, ...hostOpts[path] }));
    await t.allow(host.origin);
    [ana, ben, cy] = await Promise.all([t.signUp('ana'), t.signUp('ben'), t.signUp('cyd')]);
    browser = await launch({ blockThirdPartyCookies: true });
    // The first load of the page creates its thread; then readers fill it.
    page = await browser.context.newPage();
    await page.goto(`${host.origin}/story/one`);
    frame = await embedFrame(page);
    articleId = await frame.evaluate(() => JSON.parse(document.getElementById('parley-embed')!.textContent!).article as string);
    await page.close();
    oldestId = await post(ben, 'The oldest comment, on the second page');
    branchRootId = await post(cy, 'A comment with a long branch');
    for (let i = 1; i <= 7; i++) await post(i % 2 ? ben : cy, `Reply number ${i}`, branchRootId);
    for (let i = 0; i < 20; i++) await post(i % 2 ? ben : cy, `Comment ${i}`);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await t?.close();
  });

  it('loads within budget: a third of its 12 KB of code, and no API request for the first render', async () => {
    // A fresh profile, so every file really comes over the network.
    const fresh = await launch({ blockThirdPartyCookies: true });
    const budgetPage = await fresh.context.newPage();
    const code: Response[] = [];
    const apiCalls: string[] = [];
    budgetPage.on('response', (r) => {
      const type = r.request().resourceType();
      if (r.url().startsWith(t.parleyUrl) && (type === 'script' || type === 'stylesheet')) code.push(r);
    });
    budgetPage.on('request', (r) => {
      if (r.url().startsWith(t.parleyUrl) && ['fetch', 'xhr'].includes(r.resourceType())) apiCalls.push(r.url());
    });
    await budgetPage.goto(`${host.origin}/story/one`);
    const budgetFrame = await embedFrame(budgetPage);
    await budgetFrame.locator('#comments').waitFor();
    let transferred = 0;
    let gzipped = 0;
    for (const r of code) {
      expect(r.headers()['content-encoding']).toBe('gzip');
      transferred += Number(r.headers()['content-length']);
      gzipped += gzipSync(await r.body(), { level: 9 }).length;
    }
    console.log(`[embed] Chromium fetched ${code.length} files of code: ${transferred} B on the wire (${gzipped} B gzip -9): ${code.map((r) => new URL(r.url()).pathname).join(', ')}`);
    const paths = code.map((r) => new URL(r.url()).pathname);
    expect(paths).toHaveLength(3);
    expect(paths).toEqual(expect.arrayContaining(['/embed.js', expect.stringMatching(/^\/embed\/assets\/frame-.*\.css$/), expect.stringMatching(/^\/embed\/assets\/frame-.*\.js$/)]));
    expect(transferred).toBeLessThanOrEqual(BUDGET);
    expect(gzipped).toBeLessThanOrEqual(BUDGET);
    expect(apiCalls).toEqual([]);
    // The frame is as tall as its content.
    const height = await budgetPage.evaluate(() => (document.querySelector('#parley iframe') as HTMLIFrameElement).getBoundingClientRect().height);
    expect(height).toBeGreaterThan(1000);
    expect(fresh.problems).toEqual([]);
    await fresh.close();

    page = await browser.context.newPage();
    await page.goto(`${host.origin}/story/one`);
    frame = await embedFrame(page);
  });

  it('reads, sorts, pages and opens more replies in place', async () => {
    expect(await frame.locator('#comments-heading').textContent()).toBe('29 comments');
    await frame.locator('.sort a', { hasText: 'Oldest' }).click();
    await until(async () => (await topLevelIds())[0] === oldestId, 'sorting by oldest');
    expect(await frame.locator('.sort a[aria-current="true"]').textContent()).toBe('Oldest');
    expect(await liveRegion()).toBe('Comments sorted by oldest.');
    expect(await topLevelIds()).toHaveLength(20);
    await frame.locator('.more-comments a').click();
    await until(async () => (await topLevelIds()).length === 22, 'the second page');
    expect(await frame.locator('.more-comments').count()).toBe(0);
    expect(await liveRegion()).toBe('2 more comments loaded.');

    const branch = frame.locator(`li.thread-item:has(> #comment-${branchRootId}) > ol.replies > li`);
    expect(await branch.count()).toBe(5);
    await frame.locator(`li.thread-item:has(> #comment-${branchRootId}) > .more-replies a`).click();
    await until(async () => (await branch.count()) === 7, 'more replies');
    expect(await liveRegion()).toBe('2 more replies loaded.');
    expect(await frame.locator(`time[title]`).count()).toBeGreaterThan(20);
    expect(await frame.locator('time').first().textContent()).toMatch(/ago|now|second|minute/);
  });

  it('signs in, then posts, replies, edits, reacts, reports and deletes, moving focus and speaking', async () => {
    const [popup] = await Promise.all([browser.context.waitForEvent('page'), frame.locator('#comments a[href^="/signin"]').click()]);
    await popup.fill('#field-login', 'ana@example.test');
    await popup.fill('#field-password', ana.password);
    const closed = popup.waitForEvent('close');
    await popup.click('button[type="submit"]', { noWaitAfter: true });
    await closed;
    await frame.locator('#compose-body').waitFor();
    expect(await liveRegion()).toBe('You are signed in.');

    // Post with the keyboard only.
    await frame.locator('#compose-body').focus();
    await page.keyboard.type('My first comment');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const mine = frame.locator('#comments article.comment', { hasText: 'My first comment' });
    await mine.waitFor();
    const myId = (await mine.getAttribute('id'))!.slice(8);
    expect(await activeCommentId(), await frame.evaluate(() => document.activeElement?.outerHTML.slice(0, 300))).toBe(myId);
    expect(await liveRegion()).toBe('Your comment was posted.');
    expect(await frame.locator('#comments-heading').textContent()).toBe('30 comments');

    // Reply to ben's oldest comment.
    const oldest = frame.locator(`#comment-${oldestId}`);
    await oldest.locator('details.action summary', { hasText: 'Reply' }).click();
    await oldest.locator('textarea[name="body"]').fill('A reply from ana');
    await oldest.locator('button[type="submit"]', { hasText: 'Post reply' }).click();
    const reply = frame.locator(`li.thread-item:has(> #comment-${oldestId}) > ol.replies article`, { hasText: 'A reply from ana' });
    await reply.waitFor();
    expect(await liveRegion()).toBe('Your reply was posted.');
    const replyId = (await reply.getAttribute('id'))!.slice(8);

    // Edit her comment.
    await mine.locator('details.action summary', { hasText: 'Edit' }).click();
    await mine.locator('form[action$="/edit"] textarea').fill('My *edited* comment');
    await mine.locator('button', { hasText: 'Save changes' }).click();
    await frame.locator(`#comment-${myId} em`, { hasText: 'edited' }).waitFor();
    expect(await frame.locator(`#comment-${myId} .comment-edited`).count()).toBe(1);
    expect(await activeCommentId()).toBe(myId);

    // React to the oldest, then take it back.
    const like = frame.locator(`#comment-${oldestId} .reaction-form button`, { hasText: 'Like' }).first();
    await like.click();
    await until(async () => (await like.getAttribute('aria-pressed')) === 'true', 'the like');
    expect(await like.locator('.reaction-count').textContent()).toBe('1');
    expect((await t.request({ method: 'GET', url: `/api/v1/comments/${oldestId}` })).json()).toMatchObject({ comment: { reactions: { like: 1 } } });

    // Report a comment: an error first (reason required by the server for "other" without a
    // note? no: choose a reason), then thanks.
    const target = frame.locator(`#comment-${branchRootId}`);
    await target.locator('details.action summary', { hasText: 'Report' }).click();
    await target.locator('select[name="reason"]').selectOption('spam');
    await target.locator('button', { hasText: 'Send report' }).click();
    await frame.locator(`#report-${branchRootId}-done`).waitFor();
    expect(await frame.evaluate(() => document.activeElement?.id)).toBe(`report-${branchRootId}-done`);

    // Delete her reply.
    const replyCard = frame.locator(`#comment-${replyId}`);
    await replyCard.locator('details.action summary', { hasText: 'Delete' }).click();
    await replyCard.locator('button', { hasText: 'Yes, delete it' }).click();
    await until(async () => (await frame.locator(`#comment-${replyId}`).count()) === 0, 'the deletion');
    expect(await frame.evaluate(() => document.activeElement?.id)).toBe('comments-heading');
    expect(await liveRegion()).toBe('Your comment was deleted.');

    // An edit refused by the server shows its error by the field.
    const again = frame.locator(`#comment-${myId}`);
    await again.locator('details.action summary', { hasText: 'Edit' }).click();
    await again.locator('form[action$="/edit"] textarea').fill('   ');
    await again.locator('button', { hasText: 'Save changes' }).click();
    await again.locator('form[action$="/edit"] .form-error[role="alert"]').waitFor();
    expect(await again.locator('form[action$="/edit"] textarea').getAttribute('aria-invalid')).toBe('true');
    // The browser logs the refused request; that one was on purpose.
    await until(async () => browser.problems.some((p) => p.includes('status of 422')), 'the logged 422');
    browser.problems.splice(0, browser.problems.length, ...browser.problems.filter((p) => !p.includes('status of 422')));
  });

  it('shows new comments from others behind a button, and edits in place', async () => {
    const before = await topLevelIds();
    const id = await post(ben, 'Fresh from ben');
    await frame.locator('.live-new button', { hasText: 'Show 1 new comment' }).waitFor();
    expect(await topLevelIds()).toEqual(before); // the reader's place does not jump
    await until(async () => (await frame.locator('#comments-heading').textContent()) === '31 comments', 'the live count');
    await frame.locator('.live-new button').click();
    await frame.locator(`#comment-${id}`).waitFor();
    expect(await activeCommentId()).toBe(id);
    expect(await frame.locator('.live-new').count()).toBe(0);
    // Signed in, the new comment comes with the reader's actions on it.
    expect(await frame.locator(`#comment-${id} .reaction-form`).count()).toBe(2);

    await t.request({ method: 'PATCH', url: `/api/v1/comments/${id}`, as: ben, payload: { body: 'Fresh from ben, corrected' } });
    await frame.locator(`#comment-${id} .comment-body`, { hasText: 'corrected' }).waitFor();
    await t.request({ method: 'PUT', url: `/api/v1/comments/${id}/reaction`, as: cy, payload: { kind: 'dislike' } });
    await until(async () => (await frame.locator(`#comment-${id} .reaction-count`).nth(1).textContent()) === '1', 'the live reaction count');
  });

  it('opens a permalink of the host page on the comment, loading its branch', async () => {
    const deep = await post(cy, 'Deep in the branch', branchRootId);
    const other = await browser.context.newPage();
    await other.goto(`${host.origin}/story/one#comment-${deep}`);
    const f = await embedFrame(other);
    await f.locator(`#comment-${deep}.comment--target`).waitFor();
    // The host page scrolls smoothly to the comment: wait until it has stopped (the same position
    // two frames running), or the click below can land where the link was a moment before.
    await other.waitForFunction(
      () => {
        const w = window as unknown as { lastScrollY?: number };
        const settled = w.lastScrollY === window.scrollY && window.scrollY > 200;
        w.lastScrollY = window.scrollY;
        return settled;
      },
      undefined,
      { polling: 'raf' },
    );
    // Clicking a comment's time makes it the host page's permalink.
    await f.locator(`#comment-${branchRootId} .comment-time`).click();
    await other.waitForFunction((id) => location.hash === `#comment-${id}`, branchRootId);
    expect(await f.locator(`#comment-${branchRootId}`).getAttribute('class')).toContain('comment--target');
    expect(await f.locator('.comment--target').count()).toBe(1);
    await other.close();
  });

  it('follows a permalink the host page sets before the frame listens', async () => {
    const deep = await post(cy, 'Pointed at early', branchRootId);
    const other = await browser.context.newPage();
    // The frame's script is held back, so the host page's permalink comes before the frame
    // listens for messages (as on a slow network).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await other.route(/\/embed\/assets\/frame-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    // (Not waiting for the load event: that waits for the held script.)
    await other.goto(`${host.origin}/story/one`, { waitUntil: 'domcontentloaded' });
    await other.locator('#parley iframe').waitFor();
    await other.evaluate((id) => (location.hash = `#comment-${id}`), deep);
    release();
    const f = await embedFrame(other);
    await f.locator(`#comment-${deep}.comment--target`).waitFor({ timeout: 10_000 });
    await other.close();
  });

  it('speaks the host page’s language, takes its colours and follows its dark mode', async () => {
    const de = await browser.context.newPage();
    await de.goto(`${host.origin}/story/de`);
    const fd = await embedFrame(de);
    expect(await fd.locator('html').getAttribute('lang')).toBe('de');
    expect(await fd.locator('#comments-heading').textContent()).toBe('0 Kommentare');
    expect(await fd.locator('.sort a', { hasText: 'Neueste' }).count()).toBe(1);
    await de.close();

    const themed = await browser.context.newPage();
    await themed.goto(`${host.origin}/story/themed`);
    const ft = await embedFrame(themed);
    // The host's --parley-accent, set on its container, colours the frame's links.
    await ft.waitForFunction(() => getComputedStyle(document.querySelector('.sort a:not([aria-current])')!).color === 'rgb(200, 0, 0)');
    expect(await ft.locator('html').getAttribute('data-scheme')).toBe('dark');
    expect(await ft.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(18, 19, 20)');
    await themed.close();
  });

  it('counts comments for article lists', async () => {
    const list = await browser.context.newPage();
    await list.goto(`${host.origin}/list`);
    await list.waitForFunction(() => document.querySelector('a[data-parley-count]')?.textContent?.endsWith('comments'));
    expect(await list.locator('a[data-parley-count]').textContent()).toMatch(/^3\d comments$/);
    expect(await list.locator('span[data-parley-count]').textContent()).toBe('0 comments');
    await list.close();
  });

  it('has no serious accessibility violations, and nothing went wrong on the way', async () => {
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    expect(browser.problems).toEqual([]);
  });
});
