import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, encodedBody, ResponseCache, type Built } from './cache.js';

/** A build the test finishes by hand, counting how often it was started. */
function manualBuild(articleId: string) {
  let finish!: (body: string) => void;
  let starts = 0;
  const build = () => {
    starts++;
    return new Promise<Built>((resolve) => (finish = (body) => resolve({ articleId, body, contentType: 'text/plain' })));
  };
  return { build, finish: (body: string) => finish(body), starts: () => starts };
}

describe('ResponseCache', () => {
  it('builds an entry once for readers who miss it at the same time', async () => {
    const cache = new ResponseCache();
    const b = manualBuild('a1');
    const first = cache.fill('a1', 'k', b.build);
    const second = cache.fill('a1', 'k', b.build);
    b.finish('page');
    const [x, y] = await Promise.all([first, second]);
    expect(b.starts()).toBe(1);
    expect(x).toBe(y);
    expect(cache.get('a1', 'k')?.body.toString()).toBe('page');
  });

  it('does not keep a build overtaken by a write, and does not let new readers join it', async () => {
    const cache = new ResponseCache();
    const old = manualBuild('a1');
    const waiting = cache.fill('a1', 'k', old.build);
    cache.invalidate('a1');
    const fresh = manualBuild('a1');
    const later = cache.fill('a1', 'k', fresh.build);
    expect(fresh.starts()).toBe(1);
    old.finish('before the write');
    expect((await waiting).body.toString()).toBe('before the write');
    expect(cache.get('a1', 'k')).toBeUndefined();
    fresh.finish('after the write');
    await later;
    expect(cache.get('a1', 'k')?.body.toString()).toBe('after the write');
  });

  it('keeps builds of other articles when one article changes', async () => {
    const cache = new ResponseCache();
    const b = manualBuild('a2');
    const filling = cache.fill('a2', 'k', b.build);
    cache.invalidate('a1');
    b.finish('other article');
    await filling;
    expect(cache.get('a2', 'k')?.body.toString()).toBe('other article');
  });

  it('finds an entry by alias until its article changes', async () => {
    const cache = new ResponseCache();
    await cache.fill('a1', 'html', async () => ({ articleId: 'a1', body: 'story', contentType: 'text/html' }), 'site|slug');
    expect(cache.lookup('site|slug', 'html')?.body.toString()).toBe('story');
    cache.invalidate('a1');
    expect(cache.lookup('site|slug', 'html')).toBeUndefined();
    // A slug that now names another article is not kept under the article asked for.
    await cache.fill('a1', 'html', async () => ({ articleId: 'a9', body: 'other', contentType: 'text/html' }), 'site|slug');
    expect(cache.lookup('site|slug', 'html')).toBeUndefined();
  });

  it('lets a failed build be tried again', async () => {
    const cache = new ResponseCache();
    await expect(cache.fill('a1', 'k', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    const entry = await cache.fill('a1', 'k', async () => ({ articleId: 'a1', body: 'ok', contentType: 'text/plain' }));
    expect(entry.body.toString()).toBe('ok');
  });

  it('compresses an entry once per encoding, to bytes that decode to the body', async () => {
    const cache = new ResponseCache();
    const body = 'A comment worth reading. '.repeat(200);
    const entry = cache.set('a1', 'k', body, 'text/html');
    const br = await encodedBody(entry, 'br');
    expect(brotliDecompressSync(br).toString()).toBe(body);
    expect(gunzipSync(await encodedBody(entry, 'gzip')).toString()).toBe(body);
    expect(await encodedBody(entry, 'br')).toBe(br);
    expect(entry.etag).toBe(cache.set('a2', 'k', body, 'text/html').etag);
    expect(entry.etag).not.toBe(cache.set('a3', 'k', `${body}!`, 'text/html').etag);
  });

  it('picks Brotli, then gzip, and nothing for small bodies', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd', 5000)).toBe('br');
    expect(chooseEncoding('gzip', 5000)).toBe('gzip');
    expect(chooseEncoding('identity', 5000)).toBeNull();
    expect(chooseEncoding(undefined, 5000)).toBeNull();
    expect(chooseEncoding('br', 100)).toBeNull();
  });
});
