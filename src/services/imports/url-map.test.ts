import { describe, expect, it } from 'vitest';
import { mapUrl, parseUrlRule, urlVariants } from './url-map.js';

describe('--map-url rules', () => {
  it('splits OLD=NEW at the = that starts a URL', () => {
    expect(parseUrlRule('http://old.example/=https://www.example/')).toEqual({ from: 'http://old.example/', to: 'https://www.example/' });
    expect(parseUrlRule('http://old.example/?p=4=https://new.example/a')).toEqual({ from: 'http://old.example/?p=4', to: 'https://new.example/a' });
    expect(parseUrlRule('/=https://isso.example/')).toEqual({ from: '/', to: 'https://isso.example/' });
    expect(() => parseUrlRule('nothing')).toThrow(/OLD=NEW/);
  });
  it('rewrites by prefix, first match wins', () => {
    const rules = [parseUrlRule('http://old.example/blog/=https://www.example/news/'), parseUrlRule('http://old.example/=https://www.example/')];
    expect(mapUrl('http://old.example/blog/a.html', rules)).toBe('https://www.example/news/a.html');
    expect(mapUrl('http://old.example/b', rules)).toBe('https://www.example/b');
    expect(mapUrl('https://other.example/', rules)).toBe('https://other.example/');
    expect(mapUrl(null, rules)).toBeNull();
  });
  it('matches a page with or without its final slash', () => {
    expect(urlVariants('https://x.example/a/')).toEqual(['https://x.example/a/', 'https://x.example/a']);
    expect(urlVariants('https://x.example/a#c')).toEqual(['https://x.example/a#c', 'https://x.example/a', 'https://x.example/a/']);
    expect(urlVariants('https://x.example/')).toEqual(['https://x.example/']);
  });
});
