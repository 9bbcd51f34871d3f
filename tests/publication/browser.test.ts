// The publication in Debian's Chromium: publishing through the editor (live preview, lead image
// upload) and through `parley publish`, reading as a reader (with JavaScript on and off, at
// 320 px, in the dark theme), and axe-core finding no violations on the home, article, search,
// sign-in and editor pages. Runs on SQLite: the browser sees the same pages on both databases,
// which the HTTP suite covers.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParley, type Parley } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { tempDir } from '../support/databases.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const present = fs.existsSync(CHROMIUM);
if (!present) {
  if (process.env.CI === 'true') throw new Error(`Chromium is required in CI but ${CHROMIUM} does not exist.`);
  console.warn(`[parley tests] ${CHROMIUM} not found: publication browser tests skipped.`);
}
const describeBrowser = present ? describe : describe.skip;

const ADMIN = { email: 'desk@example.test', password: 'a-long-admin-password-1' };
const DEMO_ARTICLE = '/articles/russia-venezuela-warship-port-visits';

async function launch(js: boolean, opts: { width?: number; dark?: boolean } = {}): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    javaScriptEnabled: js,
    viewport: { width: opts.width ?? 1280, height: 900 },
    colorScheme: opts.dark ? 'dark' : 'light',
  });
  await context.addInitScript(() => {
    (window as unknown as { __csp: string[] }).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  for (const p of context.pages()) await p.close();
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A page that records console errors, page errors and (with JS) CSP violations. */
async function watched(context: BrowserContext): Promise<{ page: Page; problems(): Promise<string[]> }> {
  const page = await context.newPage();
  const seen: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') seen.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => seen.push(`page error: ${e.message}`));
  return {
    page,
    async problems() {
      const csp = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []).catch(() => []);
      return [...seen, ...csp.map((c) => `CSP: ${c}`)];
    },
  };
}

async function axe(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

async function signIn(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/signin?returnTo=/editor`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/editor/);
}

describeBrowser('the publication in Chromium', () => {
  let parley: Parley;
  let base: string;
  let dataDir: string;
  let dbFile: string;
  let folder: string;

  beforeAll(async () => {
    dataDir = tempDir('parley-browser-');
    dbFile = path.join(dataDir, 'parley.db');
    const config = loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      PARLEY_RATE_LIMITS: 'off',
      PARLEY_ADMIN_EMAIL: ADMIN.email,
      PARLEY_ADMIN_PASSWORD: ADMIN.password,
      SESSION_SECRET: 'browser-test-secret-browser-test-secret-0',
    });
    parley = await createParley(config);
    await parley.app.listen({ port: 0, host: '127.0.0.1' });
    const address = parley.app.server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
    folder = tempDir('parley-browser-folder-');
  }, 120_000);
  afterAll(async () => {
    await parley?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(folder, { recursive: true, force: true });
  });

  describe('with JavaScript on', () => {
    let browser: Awaited<ReturnType<typeof launch>>;
    beforeAll(async () => {
      browser = await launch(true);
    }, 60_000);
    afterAll(async () => browser?.close());

    it('publishes through the editor: live preview, lead image, publish', { timeout: 120_000 }, async () => {
      const { page, problems } = await watched(browser.context);
      await signIn(page, base);
      await page.getByRole('link', { name: 'New article' }).first().click();
      await page.getByLabel('Headline').fill('Pier lights switched back on');
      await page.getByLabel('Standfirst').fill('The promenade is lit again after two dark winters.');
      await page.getByLabel('Authors').fill('Iris Vale');
      await page.getByLabel('Section', { exact: true }).fill('City');
      await page.getByLabel('Tags').fill('Promenade, Energy');
      await page.getByLabel('Text', { exact: true }).fill('The council switched the **pier lights** back on at dusk.\n\n## What it costs\n\nLess than before, with new lamps.');
      // The preview follows the text as it is typed, rendered by the server.
      await expect.poll(() => page.locator('#preview-body h2').textContent(), { timeout: 15_000 }).toBe('What it costs');
      await expect.poll(() => page.locator('#preview-body strong').textContent()).toBe('pier lights');
      expect(await page.locator('#preview-title').textContent()).toBe('Pier lights switched back on');
      expect(await page.locator('[data-preview-button]').isHidden()).toBe(true);

      const image = path.join(folder, 'pier.jpg');
      await sharp({ create: { width: 1400, height: 900, channels: 3, background: { r: 250, g: 200, b: 60 } } }).jpeg().toFile(image);
      await page.getByLabel('Upload').setInputFiles(image);
      await page.getByLabel('Alt text').fill('Lamps along the pier at dusk');
      await page.getByLabel('Caption').fill('The pier after dark.');
      await page.getByRole('button', { name: 'Publish now' }).click();
      await page.waitForURL(/\/editor\/articles\/[0-9A-Z]{26}\?done=published$/);
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Published.');
      expect(await axe(page), 'axe on the editor form').toEqual([]);

      await page.getByRole('link', { name: 'View on the site' }).click();
      await page.waitForURL(/\/articles\/pier-lights-switched-back-on$/);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Pier lights switched back on');
      const lead = page.locator('.story-figure img');
      await expect.poll(() => lead.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
      // Chromium takes AVIF, and a width chosen from the srcset for a 1280 px window.
      expect(await lead.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/\/media\/i\/[0-9a-f]{20}-(640|960|1280|1400)\.avif$/);
      expect(await lead.getAttribute('alt')).toBe('Lamps along the pier at dusk');
      expect(await problems()).toEqual([]);
      await page.close();
    });

    it('publishes through `parley publish`, then a reader finds and reads it', { timeout: 240_000 }, async () => {
      fs.mkdirSync(path.join(folder, 'images'), { recursive: true });
      await sharp({ create: { width: 1600, height: 1000, channels: 3, background: { r: 20, g: 120, b: 90 } } }).jpeg().toFile(path.join(folder, 'images/marsh.jpg'));
      await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 220, g: 220, b: 200 } } }).png().toFile(path.join(folder, 'images/route.png'));
      fs.writeFileSync(path.join(folder, 'authors.yml'), '- name: Iris Vale\n  bio: Iris writes about the coast and its birds.\n');
      fs.writeFileSync(
        path.join(folder, 'salt-marsh.md'),
        `---
title: Salt marsh path reopens to walkers
dek: The boardwalk over the marsh has been rebuilt above the high-tide line.
external_id: folder-salt-marsh
authors: [Iris Vale]
section: City
tags: [Coast, Walking]
lead_image:
  path: images/marsh.jpg
  alt: A green marsh under a pale sky
  caption: The marsh at low tide.
  credit: "Photo: Iris Vale"
---
Walkers can again cross the marsh on the rebuilt boardwalk, which now stands half a metre higher.

::: figure images/route.png
alt: Map of the boardwalk route across the marsh
caption: The new route.
:::

Birdwatchers asked for two new hides, and got one.
`,
      );
      const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: `sqlite:${dbFile}`, LOG_LEVEL: 'silent' };
      const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/parley.js'), 'publish', folder], { env, cwd: ROOT, timeout: 200_000 });
      expect(stdout).toMatch(/^created\s+salt-marsh\.md → \/articles\/salt-marsh-path-reopens-to-walkers$/m);

      const { page, problems } = await watched(browser.context);
      await page.goto(`${base}/`);
      // The front page lists it; the search form finds it.
      await expect.poll(async () => page.getByRole('link', { name: 'Salt marsh path reopens to walkers' }).count(), { timeout: 90_000, interval: 1000 }).toBeGreaterThan(0);
      await page.getByRole('link', { name: 'Search' }).click();
      await page.getByLabel('Search articles').fill('boardwalk marsh');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/\/search\?q=boardwalk\+marsh/);
      expect(await page.locator('.search-hit mark').count()).toBeGreaterThan(0);
      expect(await axe(page), 'axe on search results').toEqual([]);
      await page.getByRole('link', { name: 'Salt marsh path reopens to walkers' }).click();

      await page.waitForURL(/\/articles\/salt-marsh-path-reopens-to-walkers$/);
      const figure = page.locator('.article-figure img');
      await figure.scrollIntoViewIfNeeded();
      await expect.poll(() => figure.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
      expect(await figure.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/\.avif$/);
      expect(await page.locator('.article-figure figcaption').textContent()).toContain('The new route.');
      expect(await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href')).toBe('/articles/salt-marsh-path-reopens-to-walkers/comments.atom');
      await page.getByRole('link', { name: 'City' }).first().click();
      await page.waitForURL(/\/sections\/city$/);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('City');
      await page.goto(`${base}/authors/iris-vale`);
      expect(await page.locator('.bio').textContent()).toContain('Iris writes about the coast and its birds.');
      expect(await problems()).toEqual([]);
      await page.close();
    });

    it('has no axe violations on the home, article, search and sign-in pages, light and dark', { timeout: 180_000 }, async () => {
      for (const dark of [false, true]) {
        const b = dark ? await launch(true, { dark: true }) : browser;
        try {
          const { page, problems } = await watched(b.context);
          for (const url of ['/', DEMO_ARTICLE, '/search', '/search?q=warships', '/signin']) {
            await page.goto(`${base}${url}`);
            expect(await axe(page), `axe on ${url}${dark ? ' (dark)' : ''}`).toEqual([]);
          }
          expect(await problems()).toEqual([]);
          await page.close();
        } finally {
          if (dark) await b.close();
        }
      }
    });

    it('has no axe violations on the editor list and authors pages', { timeout: 60_000 }, async () => {
      const { page } = await watched(browser.context);
      await page.goto(`${base}/editor`);
      if (page.url().includes('/signin')) await signIn(page, base);
      expect(await axe(page), 'axe on /editor').toEqual([]);
      await page.goto(`${base}/editor/authors`);
      expect(await axe(page), 'axe on /editor/authors').toEqual([]);
      await page.goto(`${base}/editor/articles/new`);
      await page.getByRole('button', { name: 'Publish now' }).click();
      await page.locator('.error-summary').waitFor();
      expect(await axe(page), 'axe on the editor form with errors').toEqual([]);
      await page.close();
    });
  });

  describe('as a reader on a 320 px screen with JavaScript off', () => {
    let browser: Awaited<ReturnType<typeof launch>>;
    beforeAll(async () => {
      browser = await launch(false, { width: 320 });
    }, 60_000);
    afterAll(async () => browser?.close());

    it('reads every page without sideways scrolling', { timeout: 180_000 }, async () => {
      const { page, problems } = await watched(browser.context);
      for (const url of ['/', DEMO_ARTICLE, '/search?q=warships', '/sections/world', '/authors/mara-quint', '/articles/nothing-here']) {
        const target = url === '/articles/nothing-here' ? (await watched(browser.context)).page : page; // its 404 is expected
        const res = await target.goto(`${base}${url}`);
        expect(res?.status(), url).toBe(target === page ? 200 : 404);
        // The stylesheet must have applied (a rebuild of dist/client by another process mid-run
        // deletes the file the server names); without it, this would measure an unstyled page.
        const styled = await target.evaluate(() => getComputedStyle(document.querySelector('.site-header')!).borderBottomStyle);
        expect(styled, `${url}: the stylesheet did not load`).toBe('solid');
        const overflow = await target.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${url} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
      }
      await page.goto(`${base}${DEMO_ARTICLE}`);
      expect(await page.locator('.story-body p').count()).toBeGreaterThan(3);
      expect(await page.locator('#comments .comment').count()).toBeGreaterThan(5);
      expect(await problems()).toEqual([]);
      await page.close();
    });
  });
});
