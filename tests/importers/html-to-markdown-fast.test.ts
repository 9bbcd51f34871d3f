// The HTML to Markdown shortcut must give exactly what the full conversion gives, with and
// without newlinesAreBreaks, for everything it takes. Compared here over the bodies of a generated
// Disqus export (and mutations of them), every body in the project's fixtures and in the shared
// real-world samples, random strings of tags, references, punctuation and white space, and a
// table of hand-picked cases; and it must take the usual bodies, or it saves nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { rng, writeDisqusBenchExport } from '../../bench/import-data.js';
import { importDisqus } from '../../src/importers/disqus.js';
import { htmlToMarkdown, htmlToMarkdownFull, simpleHtmlToMarkdown } from '../../src/importers/html-to-markdown.js';

const OWN_FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));
// Real-world samples other projects wrote (../shared/fixtures beside the repository), when present.
const SHARED = fileURLToPath(new URL('../../../shared/fixtures', import.meta.url));
const sharedPresent = fs.existsSync(path.join(SHARED, 'PROVENANCE.md'));
if (!sharedPresent) console.warn(`[parley tests] ${SHARED} is absent: the shared samples are not compared`);

/** Checks one input in both modes; returns in how many of them the shortcut answered. */
function check(html: string): number {
  let taken = 0;
  for (const newlinesAreBreaks of [false, true]) {
    const fast = simpleHtmlToMarkdown(html, newlinesAreBreaks);
    if (fast === null) continue;
    expect(fast, `${JSON.stringify(html)} (newlinesAreBreaks: ${newlinesAreBreaks})`).toBe(htmlToMarkdownFull(html, { newlinesAreBreaks }));
    taken++;
  }
  return taken;
}

/** Checks 30,000 strings of 1 to `longest` random atoms; returns how many answers the shortcut gave. */
function fuzz(r: () => number, atoms: readonly string[], longest: number): number {
  let taken = 0;
  for (let k = 0; k < 30_000; k++) {
    let s = '';
    const n = 1 + Math.floor(r() * longest);
    for (let j = 0; j < n; j++) s += atoms[Math.floor(r() * atoms.length)]!;
    taken += check(s);
  }
  return taken;
}

function decodeXml(text: string): string {
  return text.replace(/&(?:lt|gt|amp|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g, (ref, dec?: string, hex?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
    return { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'" }[ref]!;
  });
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collectStrings(v, out);
}

/**
 * The bodies in an export file, found simply: CDATA sections, the text of the elements bodies
 * are kept in (XML-decoded), and every string of a JSON or JSON Lines file.
 */
function bodiesIn(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)) out.push(m[1]!);
  for (const m of text.matchAll(/<(message|wp:comment_content|content:encoded|text|content)>([^<]+)<\/\1>/g)) out.push(decodeXml(m[2]!));
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      collectStrings(JSON.parse(text), out);
    } catch {
      for (const line of text.split('\n')) {
        try {
          collectStrings(JSON.parse(line), out);
        } catch {
          // Not JSON.
        }
      }
    }
  }
  return out;
}

let benchBodies: string[] = [];

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-html-fast-'));
  try {
    const file = path.join(dir, 'disqus.xml');
    await writeDisqusBenchExport({ file, comments: 4000, seed: 11 });
    for await (const batch of importDisqus({ file })) {
      for (const r of batch) if (r.kind === 'comment' && r.body.kind === 'html') benchBodies.push(r.body.text);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('simpleHtmlToMarkdown', () => {
  it('matches the full conversion on every body of a generated Disqus export, and takes at least 90 % of them', () => {
    expect(benchBodies.length).toBe(4000);
    let taken = 0;
    let takenWithBreaks = 0;
    for (const html of benchBodies) {
      if (check(html) > 0) taken++;
      if (simpleHtmlToMarkdown(html, true) !== null) takenWithBreaks++;
      // And htmlToMarkdown, which tries the shortcut first, still gives the full answer.
      expect(htmlToMarkdown(html)).toBe(htmlToMarkdownFull(html));
    }
    expect(taken / benchBodies.length).toBeGreaterThanOrEqual(0.9);
    expect(takenWithBreaks / benchBodies.length).toBeGreaterThanOrEqual(0.9);
  });

  it('matches on bodies of the generated export with random changes', () => {
    const r = rng(99);
    const bits = [
      ' ', '  ', '\n', '\n\n', '\r\n', '\t', '<br>', '<br />', '</p>', '<p>', '<b>', '</b>', '<i>', '</em>', '</a>', '&amp;', '&amp',
      '&#39;', '&nbsp;', '&', '-', '1.', '#', '_', '*', '>', '<', 'x', '.', '"', '\u00a0',
    ];
    let taken = 0;
    for (let k = 0; k < 6000; k++) {
      let s = benchBodies[k % benchBodies.length]!;
      for (let edits = 1 + Math.floor(r() * 3); edits > 0; edits--) {
        const at = Math.floor(r() * (s.length + 1));
        const roll = r();
        if (roll < 0.6) s = s.slice(0, at) + bits[Math.floor(r() * bits.length)]! + s.slice(at);
        else if (roll < 0.8) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 6));
        else s = s.slice(at) + s.slice(0, at);
      }
      taken += check(s);
    }
    expect(taken).toBeGreaterThan(2000);
  });

  it('matches on every body in the project fixtures', () => {
    let bodies = 0;
    let taken = 0;
    for (const name of fs.readdirSync(OWN_FIXTURES)) {
      for (const body of bodiesIn(path.join(OWN_FIXTURES, name))) {
        bodies++;
        if (check(body) > 0) taken++;
        if (check(body.trim()) > 0) taken++;
      }
    }
    expect(bodies).toBeGreaterThan(50);
    expect(taken).toBeGreaterThan(20);
  });

  it.runIf(sharedPresent)('matches on every body and on pieces of every shared sample', () => {
    let taken = 0;
    for (const name of fs.readdirSync(SHARED)) {
      const file = path.join(SHARED, name);
      const text = fs.readFileSync(file, 'utf8');
      const pieces = [...bodiesIn(file), ...[...text.split(/\n{2,}/), ...text.split('\n')].slice(0, 4000)];
      for (const piece of pieces) {
        taken += check(piece);
        taken += check(piece.trim());
      }
    }
    expect(taken).toBeGreaterThan(100);
  });

  it('matches on random strings of tags, references, punctuation and white space', () => {
    const r = rng(2025);
    const atoms = [
      // Tags it takes, and near misses.
      '<p>', '</p>', '<br>', '<br/>', '<br />', '<b>', '</b>', '<strong>', '</strong>', '<i>', '</i>', '<em>', '</em>',
      '<a href="https://x.org/a">', '<a href="https://x.org/a" rel="nofollow noopener">', '<a rel="x" href="http://y.org/p?q=1#f">', '</a>',
      '<a href="javascript:alert(1)">', '<a href="https://x.org/(a)">', '<a href="https://x.org/?a=1&amp;b=2">', '<a href="https://x.org/a b">',
      '<a href="HTTPS://x.org/">', '<a HREF="https://x.org/">', '<a href=" https://x.org/a">', '<a href="https://x.org/a\n">', '<a>', '<a href=https://x.org/>', '<a href="https://x.org/" title="a>b">',
      '</br>', '<br >', '<P>', '</P>', '<B>', '<p class="x">', '<span>', '</span>', '<code>', '</code>', '<pre>', '</pre>', '<div>',
      '<blockquote>', '<script>', '</script>', '<!-- c -->', '<![CDATA[x]]>', '<!DOCTYPE html>', '<?x?>', '<', '>', '<3', '</',
      // References.
      '&amp;', '&amp', '&AMP;', '&Amp;', '&amp;amp;', '&lt;', '&gt;', '&quot;', '&#39;', '&#039;', '&apos;', '&#x27;', '&nbsp;',
      '&#35;', '&#42;', '&copy;', '&', '& ', '&;', '&#;',
      // Punctuation and line starts.
      '.', ',', ';', ':', '!', '?', '"', "'", '(', ')', '-', '+', '=', '#', '1.', '2)', '12', '1986', '---', '*', '**', '_', '\\',
      '`', '~', '[', ']', '|', '{', '/', '@', '%',
      // White space.
      ' ', ' ', ' ', ' ', '  ', '\n', '\n', '\n\n', '\n \n', '\r\n', '\r', '\t', '\f', '\v', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u0085',
      // Letters and links as text.
      'word', 'word', 'Word', 'x', 'Été', 'ŝ', 'Ελλάδα', '中文', '😀', '\ud800', 'https://x.org/a', 'https://y.org/', 'a_b', 'amp;',
    ];
    expect(fuzz(r, atoms, 14)).toBeGreaterThan(1500);
  });

  it('matches on random strings of the shape it takes', () => {
    // Mostly what it accepts, so that the accepted paths (white space, empty elements, links,
    // breaks between paragraphs) are compared in many combinations.
    const r = rng(7);
    const atoms = [
      '<p>', '</p>', '<br>', '<br/>', '<b>', '</b>', '<strong>', '</strong>', '<i>', '</i>', '<em>', '</em>',
      '<a href="https://x.org/a">', '<a href="https://x.org/a" rel="nofollow">', '</a>', '&amp;', '&quot;', '&#39;', '& ',
      '<b></b>', '<i> </i>', ' ', ' ', ' ', '  ', '\n', '\n\n', ' \n ', '\t', 'word', 'word', 'two words', 'x', 'Été', '.', '. ', ',', '-', '1', '1.', '#', '=', '(', ')',
      'https://x.org/a',
    ];
    expect(fuzz(r, atoms, 12)).toBeGreaterThan(5000);
  });

  // [HTML, whether the shortcut takes it without newlinesAreBreaks, and with it]
  const CASES: [string, boolean, boolean][] = [
    // Taken.
    ['Hello world', true, true],
    ['', true, true],
    ['<p>One <b>two</b> <i>three</i> &amp; four.<br>Five.</p><p>Six <strong>seven</strong> <em>eight</em>.</p>', true, true],
    ['<p>See <a href="https://example.org/ref/12" rel="nofollow noopener">the bridge page</a>.</p>', true, true],
    ['<a href="https://example.org/">https://example.org/</a>', true, true],
    ['<a href="https://example.org/"> </a> and <a title="t" href="http://example.org:8080/a/b_c?d=e#f"></a>', true, true],
    ['x<a href="https://x.org/"> the  text </a>y', true, true],
    ['a <b> x </b> b <i></i>c<em> </em>d', true, true],
    ['<p></p><p> a </p> <br> <br>b<br/><br />c<br> ', true, true],
    ['top <p>para</p> after', true, true],
    ['1986 was a year, 2 things', true, true],
    ['Tom & Jerry, &quot;hi&quot; it&#39;s &apos;x&#039; a &amp;1', true, true],
    ['Ünïcödé ✓ 😀 Ελληνικά עברית 中文', true, true],
    ['a\nb\n\nc', true, true],
    ['a\tb\fc', true, true],
    ['a\r\nb', true, false],
    ['<b>a\nb</b>', true, false],
    ['<a href="https://x.org/">a\nb</a>', true, false],
    // Declined.
    ['<b><i>x</i></b>', false, false],
    ['<i>x <strong>y</strong></i>', false, false],
    ['<p><b>x</p>', false, false],
    ['<b>x', false, false],
    ['x</b>', false, false],
    ['<p>a<p>b</p>', false, false],
    ['</p>a', false, false],
    ['<p>a', false, false],
    ['a &amp b', false, false],
    ['AT&amp;T', false, false],
    ['&amp;amp;', false, false],
    ['&amp;&#35;', false, false],
    ['&AMP; &Amp;', false, false],
    ['&lt;b&gt;', false, false],
    ['a&nbsp;b', false, false],
    ['a\u00a0b', false, false],
    ['a\u2003b', false, false],
    ['a\vb', false, false],
    ['a\u0000b', false, false],
    ['a&b', false, false],
    ['snake_case', false, false],
    ['5*3', false, false],
    ['`code`', false, false],
    ['[x]', false, false],
    ['a\\b', false, false],
    ['~x~', false, false],
    ['a > b', false, false],
    ['a < b', false, false],
    ['<3 you', false, false],
    ['- item', false, false],
    ['<p>x<br>+ item</p>', false, false],
    ['1. item', false, false],
    ['2) item', false, false],
    ['1986. A year', false, false],
    ['1<b></b>. A year', false, false],
    ['# title', false, false],
    ['= x', false, false],
    ['> quote', false, false],
    ['<script>alert(1)</script>', false, false],
    ['<p class="x">a</p>', false, false],
    ['<P>a</P>', false, false],
    ['a<BR>b', false, false],
    ['<B>x</B>', false, false],
    ['</br>', false, false],
    ['a<br >b', false, false],
    ['<span>x</span>', false, false],
    ['<!-- c -->x', false, false],
    ['<![CDATA[x]]>', false, false],
    ['<!DOCTYPE html>x', false, false],
    ['<a href="javascript:alert(1)">x</a>', false, false],
    ['<a href="https://x.org/a b">x</a>', false, false],
    ['<a href=" https://x.org/">x</a>', false, false],
    ['<a href="https://x.org/(a)">x</a>', false, false],
    ['<a href="https://x.org/?a=1&amp;b=2">x</a>', false, false],
    ['<a href=https://x.org/>x</a>', false, false],
    ['<a HREF="https://x.org/">x</a>', false, false],
    ['<a href="https://x.org/" href="https://y.org/">x</a>', false, false],
    ['<a rel="nofollow">x</a>', false, false],
    ['<a href="https://x.org/" title="a>b">x</a>', false, false],
    ['<a href="https://x.org/"><b>x</b></a>', false, false],
    ['<a href="https://x.org/">x', false, false],
    ['<a href="https://x.org/">a_b</a>', false, false],
  ];

  it.each(CASES)('%j: taken %s / %s with newlinesAreBreaks', (html, plain, breaks) => {
    for (const [newlinesAreBreaks, expected] of [[false, plain], [true, breaks]] as const) {
      const fast = simpleHtmlToMarkdown(html, newlinesAreBreaks);
      expect(fast !== null, `taken (newlinesAreBreaks: ${newlinesAreBreaks})`).toBe(expected);
      const full = htmlToMarkdownFull(html, { newlinesAreBreaks });
      if (fast !== null) expect(fast).toBe(full);
      expect(htmlToMarkdown(html, { newlinesAreBreaks })).toBe(full);
    }
  });

  it('writes what the full conversion writes for the usual shapes', () => {
    // Spelled out, so a change to both at once is seen too.
    expect(simpleHtmlToMarkdown('<p>One <b>two</b> <i>three</i> &amp; four.<br>Five.</p><p>See <a href="https://x.org/r/1" rel="nofollow">the page</a>.</p>', false)).toBe(
      'One **two** *three* & four.\nFive.\n\nSee [the page](https://x.org/r/1).',
    );
    expect(simpleHtmlToMarkdown('a <b> x </b>b<br> <br>\n<a href="https://x.org/">https://x.org/</a>', false)).toBe('a **x** b\n\n<https://x.org/>');
    expect(simpleHtmlToMarkdown('a\nb\n \nc', true)).toBe('a\nb\n\nc');
  });
});
