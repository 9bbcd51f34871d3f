// Debian's Chromium driven by playwright-core, and the page helpers the browser tests share.
//
// Chromium is never downloaded: the tests use /usr/bin/chromium. When it is missing the suites
// are skipped with a printed notice, except with CI=true, where a missing browser is a failure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { describe, expect } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';

function chromiumPresent(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true') {
    throw new Error(`Chromium is required in CI but ${CHROMIUM_PATH} does not exist (install Debian's chromium package).`);
  }
  console.warn(`[parley e2e] ${CHROMIUM_PATH} not found: browser tests skipped (set CI=true to make this a failure).`);
  return false;
}

export const chromiumAvailable = chromiumPresent();

/** `describe` when Chromium is there, `describe.skip` otherwise. */
export const describeBrowser: typeof describe = chromiumAvailable ? describe : (describe.skip as typeof describe);

export const JS_MODES = [
  { js: false, label: 'JavaScript off' },
  { js: true, label: 'JavaScript on' },
] as const;

export interface BrowserHandle {
  context: BrowserContext;
  js: boolean;
  /** A new page, watched for console errors, page errors and CSP violations. */
  newPage(): Promise<WatchedPage>;
  close(): Promise<void>;
}

export interface WatchedPage {
  page: Page;
  /** Console errors, uncaught exceptions and CSP violations seen so far on this page. */
  problems(): Promise<string[]>;
  /**
   * From now on, console errors matching `pattern` are expected (say, Chromium logging a 422 that
   * the test provoked on purpose) and not counted as problems.
   */
  allowErrors(pattern: RegExp): void;
}

// Runs before any page script (with JavaScript on): keeps every CSP violation the page reports.
const CSP_RECORDER = `
  window.__parleyCsp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__parleyCsp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
  });
`;

export async function launchBrowser(opts: { js: boolean; viewport?: { width: number; height: number }; baseURL: string }): Promise<BrowserHandle> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      javaScriptEnabled: opts.js,
      viewport: opts.viewport ?? { width: 1280, height: 900 },
      baseURL: opts.baseURL,
    });
  } catch (err) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
  // Fail a stuck wait in seconds, well inside the test's own timeout, with a message that names it.
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  await context.addInitScript(CSP_RECORDER);
  // A persistent context opens with one blank page; tests open their own.
  for (const p of context.pages()) await p.close();

  return {
    context,
    js: opts.js,
    async newPage() {
      const page = await context.newPage();
      const seen: string[] = [];
      const allowed: RegExp[] = [];
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const text = `console error: ${msg.text()} (${msg.location().url})`;
        if (!allowed.some((re) => re.test(text))) seen.push(text);
      });
      page.on('pageerror', (err) => seen.push(`page error: ${err.message}`));
      return {
        page,
        async problems() {
          const csp = opts.js && !page.isClosed() ? await page.evaluate(() => (window as unknown as { __parleyCsp?: string[] }).__parleyCsp ?? []) : [];
          return [...seen, ...csp.map((v) => `CSP violation: ${v}`)];
        },
        allowErrors(pattern) {
          allowed.push(pattern);
        },
      };
    },
    async close() {
      try {
        await context.close();
      } finally {
        fs.rmSync(userDataDir, { recursive: true, force: true });
      }
    },
  };
}

// ---- The discussion as the views render it -------------------------------------------------

/** The card of one comment (`<article id="comment-…">`). */
export const commentCard = (page: Page, id: string): Locator => page.locator(`#comment-${id}`);

/** The cards of the top-level comments of the main list, in page order. */
export const topLevelCards = (page: Page): Locator => page.locator('#comments > ol.thread > li > article.comment');

/** Ids of the top-level comments on the page, in order. */
export async function topLevelIds(page: Page): Promise<string[]> {
  const ids = await topLevelCards(page).evaluateAll((els) => els.map((e) => e.id));
  return ids.map((id) => id.replace(/^comment-/, ''));
}

/** Usernames (without @) of the top-level comments on the page, in order. */
export async function topLevelHandles(page: Page): Promise<string[]> {
  const handles = await topLevelCards(page).locator('.comment-handle').allTextContents();
  return handles.map((h) => h.trim().replace(/^@/, ''));
}

/** The replies shown directly under a comment, in the nested list beside its card. */
export const directReplies = (page: Page, parentId: string): Locator =>
  page.locator(`li.thread-item:has(> #comment-${parentId}) > ol.replies > li > article.comment`);

/** The live region of the discussion. */
export const liveRegion = (page: Page): Locator => page.locator('#comments [role="status"][aria-live="polite"]');

/** The comment id in a URL's `#comment-…` fragment. */
export function commentIdFromUrl(url: string): string {
  const m = /#comment-([0-9A-Z]{26})$/.exec(url);
  if (!m) throw new Error(`no #comment-<id> fragment in ${url}`);
  return m[1]!;
}

/**
 * Brings the discussion into view and waits until the client bundle has hydrated it: once it
 * runs, every comment time gains a `title` with the absolute date (the server renders none).
 */
export async function waitForHydration(page: Page): Promise<void> {
  // The bundle hydrates once the discussion nears the viewport (src/client/article.tsx).
  await page.locator('#parley-discussion').scrollIntoViewIfNeeded();
  await page.locator('#parley-discussion time[title]').first().waitFor({ state: 'attached' });
}

/**
 * Marks the current document. `expectSameDocument` later proves that no navigation or reload
 * replaced it (a new document would not carry the mark).
 */
export async function markDocument(page: Page): Promise<string> {
  const mark = `m${Math.random().toString(36).slice(2)}`;
  await page.evaluate((m) => {
    (window as unknown as { __parleyMark?: string }).__parleyMark = m;
  }, mark);
  return mark;
}

export async function expectSameDocument(page: Page, mark: string): Promise<void> {
  const now = await page.evaluate(() => (window as unknown as { __parleyMark?: string }).__parleyMark ?? null);
  expect(now, 'the page was reloaded or navigated away').toBe(mark);
}

/** Counts full navigations of the main frame (same-document history changes are not counted). */
export function countDocumentLoads(page: Page): { count(): number } {
  let loads = 0;
  page.on('load', () => {
    loads += 1;
  });
  return { count: () => loads };
}

/** Id of the element that has focus, and of the comment card around it (if any). */
export async function focusInfo(page: Page): Promise<{ id: string; commentId: string | null; tag: string }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    const card = el?.closest('article.comment') ?? null;
    return { id: el?.id ?? '', tag: el?.tagName.toLowerCase() ?? '', commentId: card ? card.id.replace(/^comment-/, '') : null };
  });
}
