// Moderation end to end in Debian's Chromium, through the pages a reader and moderators use:
//   1. a comment is held → a moderator approves it in the queue → readers see it;
//   2. a comment is reported → it lands in the reported queue → a moderator rejects it with a
//      reason → the author reads the statement of reasons → appeals → another moderator
//      reverses the decision → the comment is back.
// Without JavaScript for the moderators (the queue is plain forms), with it for the reader.
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, type BrowserHandle } from '../../e2e/support/browser.js';
import { createSqliteDatabase } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/app.js';

let t: TestApp;
let base: string;
let jsOn: BrowserHandle;
let jsOff: BrowserHandle;
let ana: TestUser;
let ben: TestUser;
let mod: TestUser;
let mod2: TestUser;

describeBrowser('moderation in Chromium', () => {
  beforeAll(async () => {
    t = await startTestApp(await createSqliteDatabase(), { env: { PARLEY_RATE_LIMITS: 'off' } });
    // The pages need the real clock for sessions in the browser.
    t.clock.now = new Date();
    await t.parley.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.parley.app.server.address() as AddressInfo).port}`;
    [ana, ben, mod, mod2] = await Promise.all([t.signUp('ana'), t.signUp('ben'), t.signUp('moe', 'moderator'), t.signUp('max', 'moderator')]);
    jsOn = await launchBrowser({ js: true, baseURL: base });
    jsOff = await launchBrowser({ js: false, baseURL: base });
  }, 90_000);

  afterAll(async () => {
    await jsOn?.close();
    await jsOff?.close();
    await t?.close();
  });

  const tick = setInterval(() => {
    if (t) t.clock.now = new Date();
  }, 200);
  afterAll(() => clearInterval(tick));

  async function signedIn(browser: BrowserHandle, user: TestUser): Promise<Page> {
    await browser.context.clearCookies();
    const { page } = await browser.newPage();
    await page.goto(`/signin?returnTo=${encodeURIComponent('/')}`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.locator('form.auth-form button[type="submit"]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
    return page;
  }

  const articlePath = () => `/articles/${t.articleSlug}`;

  it('held comment → moderator approves → visible to readers', async () => {
    const reader = await signedIn(jsOn, ana);
    await reader.goto(articlePath());
    await reader.locator('#compose-body').fill('I know where you live, and you will regret this.');
    await reader.locator('.composer button[type="submit"]').click();
    // Shown to its author only, as awaiting review (in place with JavaScript).
    await expect.poll(async () => (await reader.locator('#comments').textContent()) ?? '').toContain('I know where you live');
    expect(await reader.locator('#comments').textContent()).toContain('awaiting review');
    await reader.close();

    const moderator = await signedIn(jsOff, mod);
    await moderator.goto('/moderation/pending');
    const item = moderator.locator('.mod-item', { hasText: 'I know where you live' });
    await expect.poll(() => item.locator('.mod-chips').textContent()).toContain('Threatening language');
    await item.getByRole('button', { name: 'Approve' }).click();
    await moderator.waitForURL(/done=approve/);
    expect(await moderator.locator('.mod-item', { hasText: 'I know where you live' }).count()).toBe(0);
    await moderator.close();

    await jsOff.context.clearCookies();
    const anon = (await jsOff.newPage()).page;
    await anon.goto(articlePath());
    expect(await anon.locator('.comment-body', { hasText: 'I know where you live' }).count()).toBe(1);
    await anon.close();
  }, 60_000);

  it('report → reported queue → reject with a reason → statement of reasons → appeal → another moderator reverses', async () => {
    await t.request({ method: 'PATCH', url: '/api/v1/moderation/settings', as: (await t.signUp('adi', 'admin')), payload: { reportThreshold: 1 } });
    const posted = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as: ben, payload: { body: 'The ferry plan is a scam dreamt up by crooks.' } });
    const commentId = (posted.json() as { comment: { id: string } }).comment.id;

    // A reader reports it through the form under the comment.
    const reporter = await signedIn(jsOff, ana);
    await reporter.goto(articlePath());
    const card = reporter.locator(`#comment-${commentId}`);
    await card.locator('summary', { hasText: 'Report' }).click();
    await card.locator('select[name="reason"]').selectOption('abuse');
    await card.locator('.report-form button[type="submit"]').click();
    await reporter.waitForURL(/notice=reported/);
    await reporter.close();

    // The first moderator rejects it from the reported queue, with a reason and a message.
    const moderator = await signedIn(jsOff, mod);
    await moderator.goto('/moderation/reported');
    const item = moderator.locator(`.mod-item[data-comment="${commentId}"]`);
    await expect.poll(() => item.locator('.mod-reports').textContent()).toContain('1 open report');
    await item.locator('.mod-reject select').selectOption('abuse');
    await item.locator('.mod-reject input[name="message"]').fill('Criticise the plan, not the people.');
    await item.getByRole('button', { name: 'Reject' }).click();
    await moderator.waitForURL(/done=reject/);
    await moderator.close();

    // The author reads the statement of reasons and appeals.
    const author = await signedIn(jsOff, ben);
    await author.goto('/notices');
    const notice = author.locator('.notice-card', { hasText: 'was removed' });
    expect(await notice.locator('h2').textContent()).toContain('Your comment on “Harbour story” was removed');
    const statement = await notice.locator('.statement').textContent();
    expect(statement).toContain('Criticise the plan, not the people.');
    expect(statement).toContain('abuse');
    expect(statement).toContain('A person took the decision.');
    expect(statement).toContain('appeal');
    await notice.locator('summary', { hasText: 'Appeal this decision' }).click();
    await notice.locator('textarea[name="text"]').fill('The word crooks refers to the consortium, which was convicted last year.');
    await notice.getByRole('button', { name: 'Send appeal' }).click();
    await author.waitForURL(/notice=appealed/);
    expect(await author.locator('.notice-card', { hasText: 'was removed' }).locator('.mod-note').textContent()).toContain('waiting for a moderator');
    await author.close();

    // The moderator who decided cannot decide the appeal; another one reverses it.
    const same = await signedIn(jsOff, mod);
    await same.goto('/moderation/appeals');
    expect(await same.locator('.mod-note').textContent()).toContain('another moderator must decide');
    await same.close();
    const other = await signedIn(jsOff, mod2);
    await other.goto('/moderation/appeals');
    await other.locator('textarea[name="note"]').fill('On reflection this is fair comment.');
    await other.getByRole('button', { name: 'Reverse the decision' }).click();
    await other.waitForURL(/done=reversed/);
    await other.close();

    const back = await signedIn(jsOff, ben);
    await back.goto(articlePath());
    expect(await back.locator(`#comment-${commentId} .comment-body`).textContent()).toContain('scam dreamt up by crooks');
    await back.goto('/notices');
    expect(await back.locator('.notice-card h2').first().textContent()).toContain('Your appeal succeeded');
    await back.close();
  }, 90_000);
});
