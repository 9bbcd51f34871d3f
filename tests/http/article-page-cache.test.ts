// The anonymous article page comes from the response cache as finished bytes: no nonce, a strict
// CSP, an ETag, compressed copies; a write drops it, and signed-in readers never get it.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/app.js';

const [sqlite] = await databaseKinds();

describe('cached article page', () => {
  let t: TestApp;
  let user: TestUser;
  let url: string;
  const page = (headers: Record<string, string> = {}, as?: TestUser) => t.request({ method: 'GET', url, headers: { accept: 'text/html', ...headers }, ...(as ? { as } : {}) });

  beforeAll(async () => {
    t = await startTestApp(await sqlite!.create());
    user = await t.signUp('poster');
    url = `/articles/${t.articleSlug}`;
    await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as: user, payload: { body: 'The first word on it.' } });
  });
  afterAll(async () => t?.close());

  it('is the same bytes for every anonymous reader, under a strict policy without a nonce', async () => {
    const first = await page();
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('The first word on it.');
    const csp = first.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/nonce|unsafe-inline/);
    expect(first.body).not.toContain('nonce=');
    expect(first.body).toMatch(/<script type="module" src="[^"]+"><\/script>/);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(String(first.headers.vary)).toMatch(/cookie/);
    expect(String(first.headers.vary)).toMatch(/accept-encoding/);
    const second = await page();
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect((await page({ 'if-none-match': first.headers.etag as string })).statusCode).toBe(304);
  });

  it('sends Brotli or gzip copies of the same page', async () => {
    const plain = await page();
    const br = await page({ 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
    const gz = await page({ 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(plain.body);
    expect(br.headers.etag).toBe(plain.headers.etag);
  });

  it('is dropped when a comment is posted', async () => {
    const before = await page();
    const posted = await t.request({ method: 'POST', url: `/api/v1/articles/${t.articleId}/comments`, as: await t.signUp('second'), payload: { body: 'A later thought.' } });
    expect(posted.statusCode).toBe(201);
    const after = await page({ 'if-none-match': before.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('A later thought.');
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('is never what a signed-in reader gets: theirs is rendered for them, with a nonce', async () => {
    await page();
    const mine = await page({}, user);
    expect(mine.statusCode).toBe(200);
    expect(mine.headers.etag).toBeUndefined();
    expect(mine.headers['cache-control']).toBe('no-store');
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(mine.headers['content-security-policy'] as string)![1]!;
    expect(mine.body).toContain(`nonce="${nonce}"`);
  });

  it('answers an unknown slug with 404', async () => {
    const res = await t.request({ method: 'GET', url: '/articles/no-such-story', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(404);
  });
});
