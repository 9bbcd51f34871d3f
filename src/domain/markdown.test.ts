import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import {
  COMMENT_LINK_REL,
  COMMENT_TAGS,
  RENDERER_VERSION,
  commentPlainText,
  renderCommentMarkdown,
  sanitizeCommentHtml,
} from './markdown.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

// ---------------------------------------------------------------------------------------------
// Invariants every rendered comment must satisfy, checked by parsing the output.

const ALLOWED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ['href', 'rel'],
  ol: ['start'],
};
const STRAY_ANGLE = new RegExp(`<(?!/?(?:${COMMENT_TAGS.join('|')})[\\s/>])`, 'i');

/** Everything wrong with a piece of comment HTML; empty when it is fine. */
function commentHtmlProblems(html: string): string[] {
  const problems: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (!COMMENT_TAGS.includes(name)) problems.push(`element <${name}>`);
        const allowed = ALLOWED_ATTRIBUTES[name] ?? [];
        for (const attr of Object.keys(attribs)) {
          if (/^on/i.test(attr)) problems.push(`event handler ${attr} on <${name}>`);
          else if (!allowed.includes(attr)) problems.push(`attribute ${attr} on <${name}>`);
        }
        if (name === 'a') {
          // What a browser would look at: tab/newline removed, leading controls and spaces too.
          const href = (attribs.href ?? '').replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
          if (!/^(?:https?:\/\/|mailto:)/i.test(href)) problems.push(`href ${JSON.stringify(attribs.href)}`);
          if (attribs.rel !== COMMENT_LINK_REL) problems.push(`rel ${JSON.stringify(attribs.rel)}`);
        }
        if (name === 'ol' && attribs.start !== undefined && !/^\d+$/.test(attribs.start)) {
          problems.push(`start ${JSON.stringify(attribs.start)}`);
        }
      },
      oncomment() {
        problems.push('HTML comment');
      },
      onprocessinginstruction(name) {
        problems.push(`processing instruction ${name}`);
      },
      oncdatastart() {
        problems.push('CDATA section');
      },
    },
    { decodeEntities: true, recognizeCDATA: true },
  );
  parser.write(html);
  parser.end();
  // Text is escaped, so every "<" left in the output must open or close an allowed tag.
  const stray = STRAY_ANGLE.exec(html);
  if (stray) problems.push(`stray "<" at ${stray.index}: ${JSON.stringify(html.slice(stray.index, stray.index + 40))}`);
  return problems;
}

/** Renders, checks the invariants and the stability properties; returns the HTML. */
function expectSafeRendering(source: string): string {
  const html = renderCommentMarkdown(source);
  expect(commentHtmlProblems(html)).toEqual([]);
  // Deterministic: the same input gives the same output.
  expect(renderCommentMarkdown(source)).toBe(html);
  // A fixed point of the sanitizer: nothing in the output is left for it to remove.
  expect(sanitizeCommentHtml(html)).toBe(html);
  expect(() => commentPlainText(html)).not.toThrow();
  return html;
}

function countLinks(html: string): number {
  return (html.match(/<a\s/g) ?? []).length;
}

// ---------------------------------------------------------------------------------------------

describe('renderCommentMarkdown: what readers can use', () => {
  it('has a positive integer renderer version', () => {
    expect(Number.isInteger(RENDERER_VERSION) && RENDERER_VERSION >= 1).toBe(true);
  });

  it('renders paragraphs, and single newlines as line breaks', () => {
    expect(renderCommentMarkdown('one\ntwo\n\nthree')).toBe('<p>one<br />\ntwo</p>\n<p>three</p>\n');
  });

  it('renders emphasis, strong and strikethrough', () => {
    expect(renderCommentMarkdown('*soft* _also_ **loud** ~~gone~~')).toBe(
      '<p><em>soft</em> <em>also</em> <strong>loud</strong> <s>gone</s></p>\n',
    );
  });

  it('renders inline links with the comment rel', () => {
    expect(renderCommentMarkdown('[the report](https://example.org/report)')).toBe(
      '<p><a href="https://example.org/report" rel="nofollow ugc noopener">the report</a></p>\n',
    );
  });

  it('renders reference-style links', () => {
    const html = renderCommentMarkdown('See [the minutes][m].\n\n[m]: https://example.org/minutes');
    expect(html).toBe(
      '<p>See <a href="https://example.org/minutes" rel="nofollow ugc noopener">the minutes</a>.</p>\n',
    );
  });

  it('renders autolinks and mailto links', () => {
    expect(renderCommentMarkdown('<https://example.org/a?b=1&c=2>')).toBe(
      '<p><a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">https://example.org/a?b=1&amp;c=2</a></p>\n',
    );
    expect(renderCommentMarkdown('[mail me](mailto:desk@example.org)')).toContain(
      '<a href="mailto:desk@example.org" rel="nofollow ugc noopener">mail me</a>',
    );
  });

  it('linkifies bare URLs, www. hosts, domains and e-mail addresses', () => {
    const html = renderCommentMarkdown(
      'Source: https://example.org/story. Also www.example.net, example.com and tips@example.org',
    );
    expect(html).toContain('<a href="https://example.org/story" rel="nofollow ugc noopener">https://example.org/story</a>.');
    expect(html).toContain('<a href="http://www.example.net" rel="nofollow ugc noopener">www.example.net</a>');
    expect(html).toContain('<a href="http://example.com" rel="nofollow ugc noopener">example.com</a>');
    expect(html).toContain('<a href="mailto:tips@example.org" rel="nofollow ugc noopener">tips@example.org</a>');
  });

  it('does not linkify URLs inside code', () => {
    expect(countLinks(renderCommentMarkdown('`https://example.org`'))).toBe(0);
  });

  it('renders blockquotes', () => {
    expect(renderCommentMarkdown('> quoted\n\nreply')).toBe(
      '<blockquote>\n<p>quoted</p>\n</blockquote>\n<p>reply</p>\n',
    );
  });

  it('renders unordered and ordered lists, keeping a numeric start', () => {
    expect(renderCommentMarkdown('- a\n- b')).toBe('<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n');
    expect(renderCommentMarkdown('3. c\n4. d')).toBe('<ol start="3">\n<li>c</li>\n<li>d</li>\n</ol>\n');
  });

  it('renders inline code, fenced and indented code blocks with markup escaped', () => {
    expect(renderCommentMarkdown('use `<b>` & `&amp;`')).toBe(
      '<p>use <code>&lt;b&gt;</code> &amp; <code>&amp;amp;</code></p>\n',
    );
    expect(renderCommentMarkdown('```html\n<script>alert(1)</script>\n```')).toBe(
      '<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n',
    );
    expect(renderCommentMarkdown('    <i>indented</i>')).toBe('<pre><code>&lt;i&gt;indented&lt;/i&gt;\n</code></pre>\n');
  });

  it('renders a horizontal rule', () => {
    expect(renderCommentMarkdown('a\n\n---\n\nb')).toBe('<p>a</p>\n<hr />\n<p>b</p>\n');
  });
});

describe('renderCommentMarkdown: what readers cannot use', () => {
  it('renders ATX and setext headings as ordinary text', () => {
    expect(renderCommentMarkdown('# Big news')).toBe('<p># Big news</p>\n');
    const setext = renderCommentMarkdown('Title\n=====');
    expect(setext).not.toMatch(/<h\d/);
    expect(setext).toContain('=====');
  });

  it('does not render images', () => {
    const html = renderCommentMarkdown('![a cat](https://example.org/cat.png)');
    expect(html).not.toContain('<img');
    // The link part is still a link to the picture, which is harmless.
    expect(html).toContain('<a href="https://example.org/cat.png"');
  });

  it('does not render tables', () => {
    expect(renderCommentMarkdown('| a | b |\n|---|---|\n| 1 | 2 |')).not.toContain('<table');
  });

  it('shows raw HTML as text', () => {
    expect(renderCommentMarkdown('<b>not bold</b> <span style="x">y</span>')).toBe(
      '<p>&lt;b&gt;not bold&lt;/b&gt; &lt;span style="x"&gt;y&lt;/span&gt;</p>\n',
    );
  });

  it('leaves quotes and dashes as typed (no typographer)', () => {
    expect(renderCommentMarkdown('"quoted" -- (c) ...')).toBe('<p>"quoted" -- (c) ...</p>\n');
  });

  it('drops the class of fenced code (no attributes besides href, rel and start)', () => {
    expect(renderCommentMarkdown('```js\nx\n```')).toBe('<pre><code>x\n</code></pre>\n');
  });

  it('refuses relative, protocol-relative and non-web links, leaving the text', () => {
    for (const source of ['[x](/path)', '[x](#top)', '[x](//evil.example)', '[x](ftp://example.org)', '[x](tel:123)']) {
      expect(renderCommentMarkdown(source), source).toBe(`<p>${source}</p>\n`);
    }
  });

  it('caps nesting so hostile input cannot recurse without limit', () => {
    const html = renderCommentMarkdown('>'.repeat(500) + ' deep');
    const depth = (html.match(/<blockquote>/g) ?? []).length;
    expect(depth).toBeGreaterThan(5);
    expect(depth).toBeLessThanOrEqual(20);
  });

  it('never throws, whatever the string', () => {
    const odd = [
      '',
      '\uD800',
      '\uDC00x\uD800',
      '\u0000\u0000',
      '\u202E\u2066\u2069',
      '\uFFFF\uFFFE',
      '🧨'.repeat(10_000),
      'مرحبا بالعالم',
      'x'.repeat(100_000),
      '\r\n\r\n\r',
    ];
    for (const source of odd) expect(() => expectSafeRendering(source)).not.toThrow();
  });

  it('replaces lone surrogates and removes control characters', () => {
    expect(renderCommentMarkdown('a\uD800b\u0007c\u0000d')).toBe('<p>a\uFFFDbcd</p>\n');
  });
});

describe('sanitizeCommentHtml', () => {
  it('forces the rel, drops target and every other attribute', () => {
    expect(
      sanitizeCommentHtml('<a href="https://example.org" target="_blank" rel="opener" class="x" onclick="y()">x</a>'),
    ).toBe('<a href="https://example.org" rel="nofollow ugc noopener">x</a>');
  });

  it('unwraps links it cannot allow, keeping their text', () => {
    expect(sanitizeCommentHtml('<a href="/local">here</a> <a href=" JaVa&#09;Script:alert(1)">there</a>')).toBe(
      'here there',
    );
  });

  it('removes elements outside the allow-list, and the content of script and style', () => {
    expect(sanitizeCommentHtml('<div><h1>Hi</h1><script>bad()</script><style>p{}</style><img src=x></div>')).toBe(
      'Hi',
    );
  });

  it('maps the presentational tags of imported HTML onto allowed ones', () => {
    expect(sanitizeCommentHtml('<b class="x">b</b> <i>i</i> <del>d</del> <strike>s</strike> <tt>t</tt>')).toBe(
      '<strong>b</strong> <em>i</em> <s>d</s> <s>s</s> <code>t</code>',
    );
  });

  it('keeps ol start only when numeric', () => {
    expect(sanitizeCommentHtml('<ol start="2"><li>a</li></ol><ol start="x"><li>b</li></ol>')).toBe(
      '<ol start="2"><li>a</li></ol><ol><li>b</li></ol>',
    );
  });
});

describe('commentPlainText', () => {
  it('strips tags, decodes entities and collapses whitespace', () => {
    expect(commentPlainText('<p>Fish &amp; chips<br />\n&lt;3 &quot;x&quot;</p>\n<ul><li>a</li><li>b</li></ul>')).toBe(
      'Fish & chips <3 "x" a b',
    );
  });

  it('separates blocks with a space', () => {
    expect(commentPlainText(renderCommentMarkdown('one\n\ntwo\n\n> three'))).toBe('one two three');
  });

  it('drops script and style contents from foreign HTML', () => {
    expect(commentPlainText('<p>hi<script>alert(1)</script><style>p{}</style>\u00a0there</p>')).toBe('hi there');
  });

  it('stays fast on hostile HTML', () => {
    const started = performance.now();
    commentPlainText('<br'.repeat(50_000) + '</p'.repeat(50_000));
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('decodes named and numeric entities', () => {
    expect(commentPlainText('caf&eacute; &#x1F600; &#169;')).toBe('café 😀 ©');
  });
});

// ---------------------------------------------------------------------------------------------
// The hostile corpus (src/domain/testdata/hostile-markdown.json).

interface HostileCase {
  name: string;
  input?: string;
  prefix?: string;
  repeat?: string;
  times?: number;
  suffix?: string;
  links?: number;
}

function caseInput(c: HostileCase): string {
  if (c.input !== undefined) return c.input;
  return (c.prefix ?? '') + (c.repeat ?? '').repeat(c.times ?? 0) + (c.suffix ?? '');
}

const hostile = JSON.parse(
  readFileSync(path.join(here, 'testdata/hostile-markdown.json'), 'utf8'),
) as { cases: HostileCase[] };

describe('hostile corpus', () => {
  it('has at least 60 cases', () => {
    expect(hostile.cases.length).toBeGreaterThanOrEqual(60);
  });

  for (const c of hostile.cases) {
    it(c.name, () => {
      const html = expectSafeRendering(caseInput(c));
      if (c.links !== undefined) expect(countLinks(html)).toBe(c.links);
    });
  }
});

describe('generated inputs (seeded)', () => {
  // Random strings built from the characters and fragments markdown and HTML care about.
  const pieces = [
    '*', '_', '~~', '`', '```', '[', ']', '(', ')', '<', '>', '\\', '&', '#', ';', ':', '/', '!', '"',
    "'", '=', '|', '-', '@', ' ', '  ', '\n', '\n\n', '> ', '- ', '1. ', '    ', 'javascript:',
    'JaVaScRiPt', 'data:', 'http://', 'https://example.org', 'mailto:', 'www.', '.com', '&#106;',
    '&#x3A;', '&colon;', '&#9;', 'onerror', 'script', 'img', 'a', 'é', '\u202E', '\uD800', '\u0000',
    '\u200B', '🙂',
  ];
  let seed = 0x5eed;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  const inputs = Array.from({ length: 400 }, () => {
    const length = 1 + (next() % 60);
    let s = '';
    for (let i = 0; i < length; i++) s += pieces[next() % pieces.length];
    return s;
  });

  it('keeps every invariant on 400 generated inputs', () => {
    for (const input of inputs) {
      const html = renderCommentMarkdown(input);
      const problems = commentHtmlProblems(html);
      expect(problems, JSON.stringify(input)).toEqual([]);
      expect(renderCommentMarkdown(input)).toBe(html);
      expect(sanitizeCommentHtml(html), JSON.stringify(input)).toBe(html);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Conformance: real-world attack vectors collected by other projects (see PROVENANCE.md in the
// fixtures folder). We do not compare with their expected output, only check our invariants.

const fixturesDir = path.resolve(repoRoot, '../shared/fixtures');
const haveFixtures = existsSync(fixturesDir);
if (!haveFixtures) console.warn(`fixtures not found at ${fixturesDir}: conformance suite skipped`);

function fixture(name: string): string {
  return readFileSync(path.join(fixturesDir, name), 'utf8');
}

/** markdown-it fixture files: blocks of `.` line, input, `.` line, expected output, `.` line. */
function markdownItInputs(text: string): string[] {
  const lines = text.split('\n');
  const inputs: string[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i] !== '.') {
      i++;
      continue;
    }
    const input: string[] = [];
    i++;
    while (i < lines.length && lines[i] !== '.') input.push(lines[i++] ?? '');
    i++;
    while (i < lines.length && lines[i] !== '.') i++; // expected output, not used
    i++;
    inputs.push(input.join('\n'));
  }
  return inputs;
}

/** CommonMark spec-format examples: a fence line ending in `example`, input, `.`, output. */
function specExampleInputs(text: string): string[] {
  const fence = '`'.repeat(32);
  const lines = text.split('\n');
  const inputs: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== `${fence} example`) continue;
    const input: string[] = [];
    i++;
    while (i < lines.length && lines[i] !== '.') input.push(lines[i++] ?? '');
    while (i < lines.length && lines[i] !== fence) i++;
    inputs.push(input.join('\n').replace(/→/g, '\t'));
  }
  return inputs;
}

/** html5sec.org vectors: each one wrapped in a numbered div with a fixed trailer. */
function h5scInputs(text: string): string[] {
  const wrapped = /<div id="(\d+)">([\s\S]*?)\/\/\["'`-->\]\]>\]<\/div>/g;
  return [...text.matchAll(wrapped)].map((m) => m[2] ?? '');
}

interface Vector {
  label: string;
  source: string;
  /** HTML payloads are also fed to sanitizeCommentHtml, as an importer would. */
  isHtml: boolean;
}

// `minimum` is the number of vectors PROVENANCE.md counts in each file, so a parsing slip that
// silently yields fewer vectors fails the suite.
function loadVectors(): Record<string, { vectors: Vector[]; minimum: number }> {
  const collect = (prefix: string, sources: string[], isHtml: boolean): Vector[] =>
    sources.map((source, i) => ({ label: `${prefix} #${i + 1}`, source, isHtml }));
  const json = <T>(name: string): T => JSON.parse(fixture(name)) as T;
  return {
    'markdown-it xss.txt': { vectors: collect('xss', markdownItInputs(fixture('markdown-it__xss.txt')), false), minimum: 13 },
    'markdown-it linkify.txt': { vectors: collect('linkify', markdownItInputs(fixture('markdown-it__linkify.txt')), false), minimum: 19 },
    'markdown-it proto.txt': { vectors: collect('proto', markdownItInputs(fixture('markdown-it__proto.txt')), false), minimum: 2 },
    'OWASP filter evasion': {
      vectors: collect('owasp', json<{ payload: string }[]>('owasp__xss_filter_evasion_payloads.json').map((p) => p.payload), true),
      minimum: 110,
    },
    'H5SC vectors': { vectors: collect('h5sc', h5scInputs(fixture('h5sc__vectors.txt')), true), minimum: 139 },
    'DOMPurify expect': {
      vectors: collect('dompurify', json<{ payload: string }[]>('dompurify__expect.json').map((p) => p.payload), true),
      minimum: 223,
    },
    'Commento markdown cases': {
      vectors: collect('commento', json<{ cases: { markdown: string }[] }>('commento__markdown_html_test.cases.json').cases.map((c) => c.markdown), false),
      minimum: 9,
    },
    'cmark-gfm extensions': { vectors: collect('gfm', specExampleInputs(fixture('cmark-gfm__extensions.txt')), false), minimum: 28 },
  };
}

(haveFixtures ? describe : describe.skip)('conformance with published vectors', () => {
  const suites = haveFixtures ? loadVectors() : {};
  if (!haveFixtures) it(`needs ${fixturesDir}`, () => {});
  for (const [name, { vectors, minimum }] of Object.entries(suites)) {
    describe(name, () => {
      it(`reads at least ${minimum} vectors`, () => {
        expect(vectors.length).toBeGreaterThanOrEqual(minimum);
      });
      for (const vector of vectors) {
        it(`${vector.label}: ${JSON.stringify(vector.source.slice(0, 60))}`, () => {
          expectSafeRendering(vector.source);
          if (vector.isHtml) {
            const cleaned = sanitizeCommentHtml(vector.source);
            expect(commentHtmlProblems(cleaned)).toEqual([]);
            expect(sanitizeCommentHtml(cleaned)).toBe(cleaned);
          }
        });
      }
    });
  }
});
