import fs from 'node:fs';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { COMMENT_TAGS, renderCommentMarkdown } from '../domain/markdown.js';
import { convertBody } from './bodies.js';
import { escapeMarkdownText, htmlText, htmlToMarkdown } from './html-to-markdown.js';

const render = (html: string) => renderCommentMarkdown(htmlToMarkdown(html));

/** What must hold for any rendered comment, whatever the input: parsed as a browser would. */
function assertSafe(html: string): void {
  const problems: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (!COMMENT_TAGS.includes(name)) problems.push(`tag <${name}>`);
        for (const [k, v] of Object.entries(attrs)) {
          if (!['href', 'rel', 'start'].includes(k)) problems.push(`attribute ${k} on <${name}>`);
          if (k === 'href' && !/^(?:https?:\/\/[^\s/?#\\]|mailto:[^\s])/i.test(v)) problems.push(`href ${JSON.stringify(v)}`);
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  expect(problems, html).toEqual([]);
}

describe('htmlToMarkdown', () => {
  it('keeps paragraphs, breaks, emphasis, links, quotes, lists and code', () => {
    expect(htmlToMarkdown('<p>One <b>two</b> <i>three</i> <del>four</del></p><p>Five<br>six</p>')).toBe('One **two** *three* ~~four~~\n\nFive\nsix');
    expect(htmlToMarkdown('<a href="https://example.org/a_(b)">the <em>site</em></a>')).toBe('[the *site*](https://example.org/a_%28b%29)');
    expect(htmlToMarkdown('<a href="https://example.org/">https://example.org/</a>')).toBe('<https://example.org/>');
    expect(htmlToMarkdown('<blockquote><p>a</p><blockquote>b</blockquote></blockquote>')).toBe('> a\n>\n> > b');
    expect(htmlToMarkdown('<ol start="3"><li>x</li><li>y<ul><li>z</li></ul></li></ol>')).toBe('3. x\n4. y\n   - z');
    expect(htmlToMarkdown('<p>use <code>a`b</code></p><pre>line 1\n  ```\nline 3</pre>')).toBe('use ``a`b``\n\n````\nline 1\n  ```\nline 3\n````');
    expect(htmlToMarkdown('<h2>Title</h2><hr><table><tr><td>a</td><td>b</td></tr></table>')).toBe('**Title**\n\n---\n\na | b');
  });

  it('decodes entities exactly once and escapes what Markdown would read as syntax', () => {
    expect(htmlToMarkdown('AT&amp;T &amp;amp; &lt;b&gt; &#169; &copy;')).toBe('AT&T \\&amp; \\<b> © ©');
    expect(render('AT&amp;T &amp;amp; &lt;b&gt;')).toBe('<p>AT&amp;T &amp;amp; &lt;b&gt;</p>\n');
    expect(htmlToMarkdown('1. not a list<br>- nor this<br>&gt; nor a quote<br># plain')).toBe('1\\. not a list\n\\- nor this\n\\> nor a quote\n# plain');
    expect(render('*stars* _under_ snake_case [link](x) `tick` ~tilde~ \\slash')).toBe('<p>*stars* _under_ snake_case [link](x) `tick` ~tilde~ \\slash</p>\n');
    expect(escapeMarkdownText('a_b _c_ 5*3')).toBe('a_b \\_c\\_ 5\\*3');
  });

  it('keeps text in any script and direction intact', () => {
    const text = 'Ελληνικά — עברית מימין לשמאל — العربية ‏(RLM) — 中文 — हिन्दी — 🇺🇦 — e\u0301';
    expect(htmlToMarkdown(`<p>${text}</p>`)).toBe(text);
    expect(render(`<p>${text}</p>`)).toBe(`<p>${text}</p>\n`);
  });

  it('turns WordPress newlines into line breaks and paragraphs, but not inside <pre>', () => {
    expect(htmlToMarkdown('a\nb\n\nc <pre>x\n\ny</pre>', { newlinesAreBreaks: true })).toBe('a\nb\n\nc\n\n```\nx\n\ny\n```');
    expect(htmlToMarkdown('a\nb', {})).toBe('a b');
  });

  it('drops dangerous elements with their content and unsafe links', () => {
    expect(htmlToMarkdown('<p>ok<script>alert(1)</script><style>p{}</style><iframe src="x">y</iframe></p>')).toBe('ok');
    expect(htmlToMarkdown('<a href="javascript:alert(1)">click</a> <a href="/relative">rel</a> <img src="data:x" alt="pic">')).toBe('click rel pic');
    expect(htmlToMarkdown('<img src="https://example.org/p.png" alt="A photo">')).toBe('[A photo](https://example.org/p.png)');
  });

  it('stays bounded on deep nesting', () => {
    const deep = `${'<blockquote>'.repeat(500)}deep${'</blockquote>'.repeat(500)}`;
    const md = htmlToMarkdown(deep);
    expect(md.endsWith('deep')).toBe(true);
    expect(md.split('\n')[0]!.match(/>/g)!.length).toBeLessThanOrEqual(8);
    assertSafe(renderCommentMarkdown(md));
  });

  it('htmlText gives plain text, decoded once', () => {
    expect(htmlText('Town Blog &laquo; Markets &#039;18 <b>x</b>')).toBe('Town Blog « Markets \'18 x');
  });
});

describe('imported bodies are safe whatever the HTML', () => {
  const own = [
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href=" data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<svg><script>alert(1)</script></svg><math><mtext><img src=x onerror=alert(1)>',
    '<p style="x" onmouseover="alert(1)">hover</p><form action="javascript:x"><button>b</button></form>',
    '<<script>script>alert(1)<</script>/script>',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '[x](javascript:alert(1)) <javascript:alert(1)>',
  ];
  it.each(own)('%s', (payload) => {
    for (const kind of ['html', 'wordpress', 'markdown'] as const) assertSafe(convertBody({ kind, text: payload }).html);
  });

  const SHARED = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../shared/fixtures');
  const have = fs.existsSync(path.join(SHARED, 'dompurify__expect.json'));
  if (!have) console.warn(`[parley tests] ${SHARED} is absent: the shared XSS vectors are skipped`);
  it.skipIf(!have)('the shared XSS corpora (DOMPurify, OWASP, H5SC, markdown-it) never survive conversion', () => {
    const payloads: string[] = [];
    const dom = JSON.parse(fs.readFileSync(path.join(SHARED, 'dompurify__expect.json'), 'utf8')) as { payload: string }[];
    payloads.push(...dom.map((d) => d.payload));
    const owasp = JSON.parse(fs.readFileSync(path.join(SHARED, 'owasp__xss_filter_evasion_payloads.json'), 'utf8')) as { payload: string }[];
    payloads.push(...owasp.map((o) => o.payload));
    payloads.push(...fs.readFileSync(path.join(SHARED, 'h5sc__vectors.txt'), 'utf8').split(/\n(?=<div id=")/));
    payloads.push(...fs.readFileSync(path.join(SHARED, 'markdown-it__xss.txt'), 'utf8').split(/\n\.\n/));
    expect(payloads.length).toBeGreaterThan(400);
    for (const p of payloads) {
      for (const kind of ['html', 'wordpress', 'markdown'] as const) assertSafe(convertBody({ kind, text: p }).html);
    }
  });
});
