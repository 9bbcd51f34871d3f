// Debian's Chromium for the embed's browser tests, optionally with third-party cookies blocked
// (the "Block third-party cookies" setting, written into the profile before launch). Skipped
// with a printed notice when Chromium is missing, a failure with CI=true.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const chromiumAvailable = (() => {
  if (fs.existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`Chromium is required in CI but ${CHROMIUM} does not exist`);
  console.warn(`[parley embed] ${CHROMIUM} not found: embed browser tests skipped`);
  return false;
})();

export interface Browser {
  context: BrowserContext;
  /** Console errors, page errors and CSP violations in any page or frame so far. */
  problems: string[];
  close(): Promise<void>;
}

const CSP_RECORDER = `document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + (e.blockedURI || 'inline')));`;

export async function launch(opts: { blockThirdPartyCookies: boolean }): Promise<Browser> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-embed-chromium-'));
  fs.mkdirSync(path.join(dir, 'Default'));
  fs.writeFileSync(
    path.join(dir, 'Default', 'Preferences'),
    JSON.stringify({ profile: { cookie_controls_mode: opts.blockThirdPartyCookies ? 1 : 0, block_third_party_cookies: opts.blockThirdPartyCookies } }),
  );
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 900 },
  });
  await context.addInitScript(CSP_RECORDER);
  // A step that never happens fails by itself, naming what it waited for, well inside the
  // 30 s a test may take (Playwright's own default is those same 30 s).
  context.setDefaultTimeout(12_000);
  for (const p of context.pages()) await p.close();
  const problems: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${m.text()} (${m.location().url})`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  };
  context.on('page', watch);
  return {
    context,
    problems,
    async close() {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Tries a cross-site cookie and storage from inside a frame: what the browser lets it keep. */
export async function thirdPartyAccess(frame: import('playwright-core').Frame): Promise<{ cookie: boolean; storage: boolean }> {
  return frame.evaluate(() => {
    document.cookie = 'parley_probe=1; SameSite=None; Secure; Path=/';
    let storage = true;
    try {
      localStorage.setItem('parley_probe', '1');
      localStorage.removeItem('parley_probe');
    } catch {
      storage = false;
    }
    const cookie = document.cookie.includes('parley_probe=1');
    document.cookie = 'parley_probe=; Max-Age=0; SameSite=None; Secure; Path=/';
    return { cookie, storage };
  });
}
