// The 404 and 500 pages help the reader on: a missing page offers a search for the words of its
// address, a failure offers to try again. Pure rendering: no database involved.
import { describe, expect, it } from 'vitest';
import { renderErrorPage, searchWordsFor } from '../../src/http/views/pages/error.js';
import type { PageContext } from '../../src/http/views/index.js';

const ctx: PageContext = { siteName: 'The Test Gazette', me: null, csrf: 'tok', nonce: 'n0nce', assets: { css: ['/assets/a.css'], js: ['/assets/a.js'] }, notice: null };

describe('error pages', () => {
  it('turn a missing address into search words', () => {
    expect(searchWordsFor('/articles/harbour-cranes-return')).toBe('harbour cranes return');
    expect(searchWordsFor('/2019/08/%C3%A9t%C3%A9-en-ville.html')).toBe('été en ville');
    expect(searchWordsFor('/articles/x/comments/01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe('');
    expect(searchWordsFor('/harbour%E0%A4%A-news')).toBe('harbour news'); // broken escapes are dropped
    expect(searchWordsFor(undefined)).toBe('');
  });

  it('offer a search on a 404, and no retry', () => {
    const html = renderErrorPage(ctx, { status: 404, title: 'Not found', detail: 'Nothing at /articles/harbour-cranes-return.', path: '/articles/harbour-cranes-return' });
    expect(html).toContain('<form method="get" action="/search" role="search" class="search-form">');
    expect(html).toContain('value="harbour cranes return"');
    expect(html).toContain('<meta name="robots" content="noindex"/>');
    expect(html).not.toContain('Try again');
  });

  it('offer to try again on a 500, and no search', () => {
    const html = renderErrorPage(ctx, { status: 500, title: 'Something went wrong on our side', detail: '', path: '/articles/x' });
    expect(html).toContain('<a href="/articles/x">Try again</a>');
    expect(html).not.toContain('role="search"');
    expect(html).toContain('<a href="/">Go to the front page</a>');
  });
});
