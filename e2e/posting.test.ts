// What a reader does in the discussion, in real Chromium: sign up, post, reply, like, edit,
// delete, sign out. With JavaScript off every step is a plain form post and a redirect; with
// JavaScript on the same steps happen in place, with focus moved and the change announced.
import type { Locator, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  chromiumAvailable,
  commentCard,
  commentIdFromUrl,
  countDocumentLoads,
  describeBrowser,
  directReplies,
  expectSameDocument,
  focusInfo,
  launchBrowser,
  liveRegion,
  markDocument,
  topLevelIds,
  waitForHydration,
  type BrowserHandle,
  type WatchedPage,
} from './support/browser.js';
import { ARTICLE_PATH, demoDisplayName, startServer, uniqueName, type ApiUser, type E2EServer } from './support/server.js';

let server: E2EServer;
/** Another reader, who replies to our comments through the API. */
let other: ApiUser;
const browsers = new Map<boolean, BrowserHandle>();

beforeAll(async () => {
  if (!chromiumAvailable) return; // the suites below are skipped: no server needed
  server = await startServer();
  other = await server.signUp('other');
}, 60_000);

afterAll(async () => {
  for (const b of browsers.values()) await b.close();
  await server?.close();
});

/** One browser per mode for the whole file (cookies carry over between its describes). */
async function browserFor(js: boolean): Promise<BrowserHandle> {
  let b = browsers.get(js);
  if (!b) {
    b = await launchBrowser({ js, baseURL: server.url });
    browsers.set(js, b);
  }
  return b;
}

// ---- Steps a reader takes, shared by both modes --------------------------------------------

interface Reader {
  username: string;
  displayName: string;
}

/** From the article page, follows "Create an account" and fills in the sign-up form. */
async function signUpThroughForm(page: Page, prefix: string): Promise<Reader> {
  const username = uniqueName(prefix);
  const reader = { username, displayName: `Reader ${username}` };
  await page.goto(ARTICLE_PATH);
  await page.locator('#comments').getByRole('link', { name: 'Create an account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
  await page.getByLabel('Email').fill(`${username}@example.test`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Display name').fill(reader.displayName);
  await page.getByLabel('Password').fill(`pw-${username}-0123456789`);
  await page.getByRole('button', { name: 'Create account' }).click();
  // Back on the article, at the discussion, signed in.
  await page.waitForURL((u) => u.pathname === ARTICLE_PATH && u.searchParams.get('notice') === 'signed_up');
  expect(new URL(page.url()).hash).toBe('#comments');
  await page.getByRole('navigation', { name: 'Account' }).getByText(reader.displayName).waitFor();
  expect(await page.getByRole('status').filter({ hasText: 'Welcome! Your account is ready.' }).count()).toBe(1);
  return reader;
}

const composer = (page: Page): Locator => page.locator('#comments .composer');
const composerBox = (page: Page): Locator => composer(page).getByLabel('Your comment', { exact: true });

/** Opens the disclosure (Reply, Edit, Delete, Report) of a comment. */
async function openDisclosure(card: Locator, name: 'Reply' | 'Edit' | 'Delete'): Promise<Locator> {
  const details = card.locator('details.action').filter({ has: card.page().locator('summary', { hasText: new RegExp(`^${name}\\b`) }) });
  await details.locator('summary').click();
  await expect.poll(() => details.evaluate((d: HTMLDetailsElement) => d.open)).toBe(true);
  return details;
}

const likeButton = (card: Locator): Locator => card.getByRole('button', { name: /^Like\b/ });

async function likeState(card: Locator): Promise<{ count: number; pressed: string | null }> {
  const button = likeButton(card);
  return { count: Number(await button.locator('.reaction-count').textContent()), pressed: await button.getAttribute('aria-pressed') };
}

const bodyText = async (card: Locator): Promise<string> => ((await card.locator('.comment-body').textContent()) ?? '').trim();

/** How many comment lists (the thread and nested replies) hold this comment: 1 for top level. */
const nestingLevel = (page: Page, id: string): Promise<number> =>
  commentCard(page, id).evaluate((card) => {
    let n = 0;
    for (let ol = card.closest('ol'); ol; ol = ol.parentElement?.closest('ol') ?? null) n++;
    return n;
  });

const replyingToText = async (page: Page, id: string): Promise<string | null> => {
  const p = commentCard(page, id).locator('.replying-to');
  return (await p.count()) ? ((await p.textContent()) ?? '').replace(/\s+/g, ' ').trim() : null;
};

function isApi(method: string, path: RegExp) {
  return (r: Response) => r.request().method() === method && path.test(new URL(r.url()).pathname);
}

// ---- JavaScript off -------------------------------------------------------------------------

describeBrowser('posting with JavaScript off', () => {
  let watched: WatchedPage;
  let page: Page;
  let me: Reader;
  let mine = '';

  beforeAll(async () => {
    watched = await (await browserFor(false)).newPage();
    page = watched.page;
  });

  afterAll(async () => {
    await page?.close();
  });

  it('signs up through the form and lands back on the article', async () => {
    me = await signUpThroughForm(page, 'nojs');
    expect(await composerBox(page).isVisible()).toBe(true);
  });

  it('posts a top-level comment and sees it', async () => {
    const { total } = await server.page('best');
    await composerBox(page).fill('Posted with *JavaScript* off.');
    await composer(page).getByRole('button', { name: 'Post comment' }).click();
    await page.waitForURL((u) => u.searchParams.get('notice') === 'posted' && u.hash.startsWith('#comment-'));
    mine = commentIdFromUrl(page.url());
    const card = commentCard(page, mine);
    expect(await card.isVisible()).toBe(true);
    expect(await bodyText(card)).toBe('Posted with JavaScript off.');
    expect(await card.locator('.comment-body em').textContent()).toBe('JavaScript');
    expect(await card.locator('.comment-author').textContent()).toBe(me.displayName);
    expect(await page.getByRole('status').filter({ hasText: 'Your comment is published.' }).count()).toBe(1);
    expect(await page.locator('#comments-heading').textContent()).toBe(`${total + 1} comments`);
  });

  it('shows a server-side error next to the composer and keeps what was written', async () => {
    await composerBox(page).fill('   ');
    await composer(page).getByRole('button', { name: 'Post comment' }).click();
    const alert = composer(page).getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Write something before posting.');
    expect(await composerBox(page).getAttribute('aria-invalid')).toBe('true');
    expect(await composerBox(page).getAttribute('aria-describedby')).toContain(await alert.getAttribute('id'));
  });

  it("replies to someone else's comment through its Reply disclosure", async () => {
    await page.goto(ARTICLE_PATH);
    const parent = commentCard(page, server.demo.c09!);
    const details = await openDisclosure(parent, 'Reply');
    expect(await details.locator('summary').textContent()).toBe(`Reply to ${demoDisplayName('drydock_dan')}`);
    await details.getByLabel('Your reply').fill('A postcard is still a message, though.');
    await details.getByRole('button', { name: 'Post reply' }).click();
    await page.waitForURL((u) => u.searchParams.get('notice') === 'posted');
    const reply = commentIdFromUrl(page.url());
    expect(await directReplies(page, server.demo.c09!).evaluateAll((els) => els.map((e) => e.id))).toEqual([`comment-${reply}`]);
    expect(await bodyText(commentCard(page, reply))).toBe('A postcard is still a message, though.');
  });

  it('likes a comment, sees the count and the pressed state change, and takes the like back', async () => {
    const card = commentCard(page, server.demo.c01!);
    const before = await likeState(card);
    expect(before.pressed).toBe('false');

    await likeButton(card).click();
    await expect.poll(() => likeState(commentCard(page, server.demo.c01!))).toEqual({ count: before.count + 1, pressed: 'true' });
    expect(new URL(page.url()).hash).toBe(`#comment-${server.demo.c01}`);

    await likeButton(commentCard(page, server.demo.c01!)).click();
    await expect.poll(() => likeState(commentCard(page, server.demo.c01!))).toEqual({ count: before.count, pressed: 'false' });
  });

  it('edits the comment through its Edit disclosure, and again on the edit page', async () => {
    await page.goto(ARTICLE_PATH);
    const details = await openDisclosure(commentCard(page, mine), 'Edit');
    const box = details.getByLabel('Edit your comment');
    expect(await box.inputValue()).toBe('Posted with *JavaScript* off.');
    await box.fill('Edited with JavaScript off.');
    await details.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL((u) => u.searchParams.get('notice') === 'edited');
    expect(new URL(page.url()).hash).toBe(`#comment-${mine}`);
    expect(await bodyText(commentCard(page, mine))).toBe('Edited with JavaScript off.');
    expect(await commentCard(page, mine).locator('.comment-edited').textContent()).toContain('(edited)');

    await page.goto(`/comments/${mine}/edit`);
    await page.getByRole('heading', { level: 1, name: 'Edit your comment' }).waitFor();
    await page.getByLabel('Your comment', { exact: true }).fill('Edited twice, on the edit page.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL((u) => u.pathname === ARTICLE_PATH && u.searchParams.get('notice') === 'edited');
    expect(await bodyText(commentCard(page, mine))).toBe('Edited twice, on the edit page.');
  });

  it('deletes a comment that has a reply: a "[deleted]" tombstone stays and the reply is kept', async () => {
    const reply = await server.post(other, 'Replying before it goes.', mine);
    await page.goto(ARTICLE_PATH);
    const details = await openDisclosure(commentCard(page, mine), 'Delete');
    await details.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.waitForURL((u) => u.searchParams.get('notice') === 'deleted');

    const tomb = commentCard(page, mine);
    expect(await tomb.textContent()).toBe('[deleted]');
    expect(await tomb.getAttribute('class')).toContain('comment--deleted');
    expect(await directReplies(page, mine).evaluateAll((els) => els.map((e) => e.id))).toEqual([`comment-${reply.id}`]);
    expect(await bodyText(commentCard(page, reply.id))).toBe('Replying before it goes.');
    expect(await page.getByRole('status').filter({ hasText: 'Your comment was deleted.' }).count()).toBe(1);
  });

  it('signs out', async () => {
    await page.getByRole('navigation', { name: 'Account' }).getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.searchParams.get('notice') === 'signed_out');
    expect(await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    expect(await composerBox(page).count()).toBe(0);
    expect(await page.locator('#comments').getByRole('link', { name: 'Sign in' }).count()).toBe(1);
  });
});

// ---- JavaScript on ----------------------------------------------------------------------------

describeBrowser('posting with JavaScript on', () => {
  let watched: WatchedPage;
  let page: Page;
  let loads: { count(): number };
  let mine = '';
  /** The mark of the current document and the number of loads when it was set. */
  let mark = '';
  let loadsAtMark = 0;
  /** A reply posted in place to the flattened deep comment c17. */
  let deepReply = '';

  beforeAll(async () => {
    watched = await (await browserFor(true)).newPage();
    page = watched.page;
    loads = countDocumentLoads(page);
  });

  afterAll(async () => {
    const problems = watched ? await watched.problems() : [];
    await page?.close();
    expect(problems).toEqual([]);
  });

  async function remember(): Promise<void> {
    await waitForHydration(page);
    mark = await markDocument(page);
    loadsAtMark = loads.count();
  }

  async function expectNoReload(): Promise<void> {
    await expectSameDocument(page, mark);
    expect(loads.count(), 'the page loaded again').toBe(loadsAtMark);
  }

  it('signs up through the form and lands back on the hydrated article', async () => {
    await signUpThroughForm(page, 'js');
    await remember();
    expect(await composerBox(page).isVisible()).toBe(true);
  });

  it('posts a top-level comment in place: it appears, gets focus and is announced', async () => {
    await composerBox(page).fill('Posted with **JavaScript** on.');
    const [res] = await Promise.all([
      page.waitForResponse(isApi('POST', /^\/api\/v1\/articles\/[^/]+\/comments$/)),
      composer(page).getByRole('button', { name: 'Post comment' }).click(),
    ]);
    expect(res.status()).toBe(201);
    mine = ((await res.json()) as { comment: { id: string } }).comment.id;

    const card = commentCard(page, mine);
    await card.waitFor();
    expect(await bodyText(card)).toBe('Posted with JavaScript on.');
    expect(await card.locator('.comment-body strong').textContent()).toBe('JavaScript');
    await expect.poll(async () => (await focusInfo(page)).commentId).toBe(mine);
    await expect.poll(() => liveRegion(page).textContent()).toBe('Your comment was posted.');
    expect(await composerBox(page).inputValue()).toBe('');
    // (The comment count is checked below, with the live update and the response in a fixed order.)
    await expectNoReload();
  });

  it('refuses an empty comment: the browser blocks it, the server error shows next to the form', async () => {
    let posts = 0;
    const count = (r: Response) => {
      if (isApi('POST', /\/comments$/)(r)) posts++;
    };
    page.on('response', count);
    // Nothing written: the required field stops the submission before any request.
    await composerBox(page).fill('');
    await composer(page).getByRole('button', { name: 'Post comment' }).click();
    expect(await composerBox(page).evaluate((t: HTMLTextAreaElement) => t.validity.valueMissing)).toBe(true);

    // Only spaces: the API refuses it and the message appears inline, tied to the field.
    // (Chromium logs each refused request as a console error; those are expected.)
    watched.allowErrors(/status of 422 \(Unprocessable Entity\) \(http:\/\/[^)]+\/api\/v1\/articles\/[^/]+\/comments(\/preview)?\)$/);
    await composerBox(page).fill('   ');
    const [res] = await Promise.all([
      page.waitForResponse(isApi('POST', /\/comments$/)),
      composer(page).getByRole('button', { name: 'Post comment' }).click(),
    ]);
    page.off('response', count);
    expect(res.status()).toBe(422);
    expect(posts).toBe(1);
    const alert = composer(page).getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Write something before posting.');
    expect(await composerBox(page).getAttribute('aria-invalid')).toBe('true');
    expect(await composerBox(page).getAttribute('aria-describedby')).toContain(await alert.getAttribute('id'));
    await expectNoReload();
  });

  it("replies to someone else's comment in place", async () => {
    const parentId = server.demo.c13!;
    const details = await openDisclosure(commentCard(page, parentId), 'Reply');
    await details.getByLabel('Your reply').fill('The reply button is fine on mine.');
    const [res] = await Promise.all([
      page.waitForResponse(isApi('POST', /\/comments$/)),
      details.getByRole('button', { name: 'Post reply' }).click(),
    ]);
    expect(res.status()).toBe(201);
    const reply = ((await res.json()) as { comment: { id: string } }).comment.id;
    await commentCard(page, reply).waitFor();
    const shown = await directReplies(page, parentId).evaluateAll((els) => els.map((e) => e.id));
    expect(shown).toContain(`comment-${reply}`);
    expect(shown.at(-1)).toBe(`comment-${reply}`);
    await expect.poll(async () => (await focusInfo(page)).commentId).toBe(reply);
    await expect.poll(() => liveRegion(page).textContent()).toBe('Your reply was posted.');
    expect(await details.evaluate((d: HTMLDetailsElement) => d.open)).toBe(false);
    await expectNoReload();
  });

  it('likes a comment in place and takes the like back', async () => {
    const card = commentCard(page, server.demo.c01!);
    const before = await likeState(card);
    expect(before.pressed).toBe('false');
    await Promise.all([page.waitForResponse(isApi('PUT', /\/reaction$/)), likeButton(card).click()]);
    await expect.poll(() => likeState(card)).toEqual({ count: before.count + 1, pressed: 'true' });
    await Promise.all([page.waitForResponse(isApi('PUT', /\/reaction$/)), likeButton(card).click()]);
    await expect.poll(() => likeState(card)).toEqual({ count: before.count, pressed: 'false' });
    await expectNoReload();
  });

  it('edits the comment in place through its Edit disclosure', async () => {
    const card = commentCard(page, mine);
    const details = await openDisclosure(card, 'Edit');
    const box = details.getByLabel('Edit your comment');
    expect(await box.inputValue()).toBe('Posted with **JavaScript** on.');
    await box.fill('Edited with JavaScript on.');
    const [res] = await Promise.all([
      page.waitForResponse(isApi('PATCH', /^\/api\/v1\/comments\/[^/]+$/)),
      details.getByRole('button', { name: 'Save changes' }).click(),
    ]);
    expect(res.status()).toBe(200);
    await expect.poll(() => bodyText(card)).toBe('Edited with JavaScript on.');
    expect(await card.locator('.comment-edited').textContent()).toContain('(edited)');
    await expect.poll(async () => (await focusInfo(page)).commentId).toBe(mine);
    await expect.poll(() => liveRegion(page).textContent()).toBe('Your changes were saved.');
    await expectNoReload();
  });

  it('deletes a comment that has a reply in place: the tombstone stays with the reply', async () => {
    // Someone else answers; the reader reloads and sees it, then deletes their comment.
    const reply = await server.post(other, 'Answering the JavaScript comment.', mine);
    await page.reload();
    await remember();
    expect(await directReplies(page, mine).evaluateAll((els) => els.map((e) => e.id))).toEqual([`comment-${reply.id}`]);

    const details = await openDisclosure(commentCard(page, mine), 'Delete');
    const [res] = await Promise.all([
      page.waitForResponse(isApi('DELETE', /^\/api\/v1\/comments\/[^/]+$/)),
      details.getByRole('button', { name: 'Yes, delete it' }).click(),
    ]);
    expect(res.status()).toBe(200);
    const tomb = commentCard(page, mine);
    await expect.poll(() => tomb.textContent()).toBe('[deleted]');
    expect(await directReplies(page, mine).evaluateAll((els) => els.map((e) => e.id))).toEqual([`comment-${reply.id}`]);
    expect(await bodyText(commentCard(page, reply.id))).toBe('Answering the JavaScript comment.');
    await expect.poll(async () => (await focusInfo(page)).commentId).toBe(mine);
    await expect.poll(() => liveRegion(page).textContent()).toBe('Your comment was deleted.');
    await expectNoReload();
  });

  // The server stops counting a comment once it is a "[deleted]" tombstone. The DELETE response
  // carries no new total and DeleteForm's `update` action (src/http/views/discussion/forms.tsx,
  // tree.ts) keeps the old one, so the heading is right only once the live-update stream sends
  // the new total; without that stream it stays one too high until a reload.
  it('brings the comment count in step with the server after deleting in place', async () => {
    const { total } = await server.page('best');
    await expect.poll(() => page.locator('#comments-heading').textContent(), { timeout: 5_000 }).toBe(`${total} comments`);
    await expectNoReload();
  });

  it('replies in place to the deep comment shown at the display depth cap', async () => {
    await remember();
    const details = await openDisclosure(commentCard(page, server.demo.c17!), 'Reply');
    await details.getByLabel('Your reply').fill('Replying below the nesting cap.');
    const [res] = await Promise.all([
      page.waitForResponse(isApi('POST', /\/comments$/)),
      details.getByRole('button', { name: 'Post reply' }).click(),
    ]);
    expect(res.status()).toBe(201);
    deepReply = ((await res.json()) as { comment: { id: string } }).comment.id;
    await commentCard(page, deepReply).waitFor();
    await expect.poll(async () => (await focusInfo(page)).commentId).toBe(deepReply);
    await expectNoReload();
  });

  // Regression: the create response names whom a reply below the display cap answers, so the
  // browser places it beside its parent exactly as the server renders it after a reload.
  it('shows that reply flattened at the cap with "replying to @…", as the server does', async () => {
    expect(await nestingLevel(page, deepReply)).toBe(await nestingLevel(page, server.demo.c17!));
    expect(await replyingToText(page, deepReply)).toBe('replying to @rowan_mod');
  });

  it('after a reload, the server shows that reply at the cap with "replying to @rowan_mod"', async () => {
    await page.reload();
    await remember();
    expect(await nestingLevel(page, server.demo.c17!)).toBe(4);
    expect(await nestingLevel(page, deepReply)).toBe(4);
    expect(await replyingToText(page, deepReply)).toBe('replying to @rowan_mod');
  });

  // The live-update stream (src/http/views/discussion/live.ts) announces every new comment with
  // the new total, often before the poster's own POST response is back. Here that order is made
  // certain: the response is held until the stream has already counted the comment.
  let raced = '';
  let countBeforeRace = 0;

  it('posts while the live update arrives before the response', async () => {
    await remember();
    const heading = page.locator('#comments-heading');
    countBeforeRace = Number.parseInt((await heading.textContent()) ?? '', 10);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const create = /\/api\/v1\/articles\/[^/]+\/comments$/;
    await page.route(create, async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      const response = await route.fetch();
      await held;
      return route.fulfill({ response });
    });
    try {
      await composerBox(page).fill('Posted while the live stream is quicker.');
      const responded = page.waitForResponse(isApi('POST', create));
      await composer(page).getByRole('button', { name: 'Post comment' }).click();
      // The stream has counted the new comment while the response is still held.
      await expect.poll(() => heading.textContent(), { timeout: 5_000 }).toBe(`${countBeforeRace + 1} comments`);
      release();
      raced = ((await (await responded).json()) as { comment: { id: string } }).comment.id;
      await commentCard(page, raced).waitFor();
    } finally {
      release();
      await page.unroute(create);
    }
    await expectNoReload();
  });

  // The live event counted the comment before the response arrived; the response must not
  // count it again or offer it back as someone else's new comment.
  it('counts that comment once and does not offer it again as a new comment', async () => {
    const { total } = await server.page('best');
    expect(total).toBe(countBeforeRace + 1);
    expect(await page.locator('#comments-heading').textContent()).toBe(`${total} comments`);
    expect(await page.getByRole('button', { name: /^Show \d+ new comments?$/ }).count()).toBe(0);
    expect(await commentCard(page, raced).count()).toBe(1);
  });

  it('signs out (a plain form post, so the page loads again)', async () => {
    await page.getByRole('navigation', { name: 'Account' }).getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.searchParams.get('notice') === 'signed_out');
    await waitForHydration(page);
    expect(await composerBox(page).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Sign in' }).count()).toBe(1);
  });
});

// ---- JavaScript off, deeper in a long discussion ------------------------------------------------

describeBrowser('reacting on the second page of a long discussion with JavaScript off', () => {
  let page: Page;
  let target = '';

  beforeAll(async () => {
    // Enough top-level comments for a second page (the page size is 20).
    const { total } = await server.page('best');
    await server.addTopLevel(20, other);
    expect((await server.page('best')).total).toBe(total + 20);
    page = (await (await browserFor(false)).newPage()).page;
    await signUpThroughForm(page, 'pager');
  });

  afterAll(async () => {
    await page?.close();
  });

  it('reaches the second page through "More comments"', async () => {
    // Newest first keeps a comment's place when it is liked; in "best" order a like may rightly
    // lift it onto the first page.
    await page.getByRole('link', { name: /newest/i }).first().click();
    await page.waitForURL((u) => u.searchParams.get('sort') === 'newest');
    await page.getByRole('link', { name: 'More comments' }).click();
    await page.waitForURL((u) => u.searchParams.has('after'));
    expect((await topLevelIds(page)).length).toBeGreaterThan(0);
    // The first comment here that can be liked (a "[deleted]" tombstone cannot).
    const likeable = page.locator('#comments > ol.thread > li > article.comment').filter({ has: page.getByRole('button', { name: /^Like\b/ }) });
    target = ((await likeable.first().getAttribute('id')) ?? '').replace(/^comment-/, '');
    expect(target).not.toBe('');
    expect(await likeState(commentCard(page, target))).toMatchObject({ pressed: 'false' });
  });

  // Regression: form actions without a returnTo go back to the page they were posted from
  // (same-origin Referer), so a reader on the second page stays there.
  it('likes a comment there and stays on that page to see it', async () => {
    const card = commentCard(page, target);
    const before = await likeState(card);
    const loaded = page.waitForEvent('load');
    await likeButton(card).click();
    await loaded;
    expect(new URL(page.url()).searchParams.has('after'), `landed on ${page.url()}`).toBe(true);
    expect(await commentCard(page, target).count(), 'the liked comment is on the page the reader lands on').toBe(1);
    expect(await likeState(commentCard(page, target))).toEqual({ count: before.count + 1, pressed: 'true' });
  });
});
