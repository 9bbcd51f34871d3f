// A Parley app for the embed's browser tests, listening on `localhost` (a different site from
// the host page's 127.0.0.1), with the host's origin allowed to embed it.
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'playwright-core';
import type { TestDatabase } from '../../support/databases.js';
import { startTestApp, type TestApp } from '../../support/app.js';

export interface EmbedApp extends TestApp {
  /** http://localhost:<port> */
  parleyUrl: string;
  allow(origin: string, lang?: string | null): Promise<void>;
}

export async function startEmbedApp(db: TestDatabase, settings: Record<string, unknown> = {}): Promise<EmbedApp> {
  const t = await startTestApp(db, { settings: { editWindowSeconds: 3600, ...settings } });
  // A browser keeps cookies by the real date: the app's clock follows it here.
  Object.defineProperty(t.clock, 'now', { get: () => new Date(), configurable: true });
  await t.parley.app.listen({ port: 0, host: '127.0.0.1' });
  const parleyUrl = `http://localhost:${(t.parley.app.server.address() as AddressInfo).port}`;
  return Object.assign(t, {
    parleyUrl,
    async allow(origin: string, lang: string | null = null) {
      await t.parley.deps.store.putEmbedSettings({
        siteId: t.site.id,
        settings: { allowedOrigins: [origin], autoCreate: true, url: { scheme: 'https', trailingSlash: 'strip', dropQuery: ['utm_*'] }, lang },
        updatedAt: new Date().toISOString(),
      });
    },
  });
}

/** The embed's frame in a host page, once its script has run. */
export async function embedFrame(page: Page): Promise<Frame> {
  await page.locator('#parley iframe').waitFor();
  for (const end = Date.now() + 15_000; Date.now() < end; ) {
    const frame = page.frames().find((f) => f.url().includes('/embed/frame'));
    if (frame && (await frame.evaluate(() => document.readyState === 'complete').catch(() => false))) {
      await frame.waitForFunction(() => document.querySelector('time[title]') !== null || !document.querySelector('time'));
      return frame;
    }
    await page.waitForTimeout(50);
  }
  throw new Error('the embed frame did not load');
}
