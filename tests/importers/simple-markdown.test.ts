// The rendering shortcut for imported bodies must write exactly what the full renderer writes.
// Compared here over the bodies of a generated Disqus export, over every fixture file cut into
// pieces, and over many random strings made of the characters and constructs that matter to
// Markdown; and it must actually be taken for the usual shapes, or it saves nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rng, writeDisqusBenchExport } from '../../bench/import-data.js';
import { renderCommentMarkdown } from '../../src/domain/markdown.js';
import { importDisqus } from '../../src/importers/disqus.js';
import { htmlToMarkdown } from '../../src/importers/html-to-markdown.js';
import { renderSimpleMarkdown } from '../../src/importers/simple-markdown.js';

// Real-world samples other projects wrote (../shared/fixtures beside the repository), when present.
const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures', import.meta.url));
const fixturesPresent = fs.existsSync(path.join(FIXTURES, 'PROVENANCE.md'));
if (!fixturesPresent) console.warn(`[parley tests] ${FIXTURES} is absent: the fixture pieces are not compared`);

/** Checks one source; returns whether the shortcut took it. */
function check(markdown: string): boolean {
  if (markdown === '') return false;
  const fast = renderSimpleMarkdown(markdown);
  if (fast === null) return false;
  expect(fast, JSON.stringify(markdown)).toBe(renderCommentMarkdown(markdown));
  return true;
}

describe('renderSimpleMarkdown', () => {
  it('renders simple bodies exactly as renderCommentMarkdown does', () => {
    const cases = [
      'Hello world',
      'One **two** *three*.\nFour, five; six?\n\nSeven & eight > nine "ten" it\'s',
      'See [the bus page](https://example.org/ref/3?a=1&b=2).',
      '<https://example.org/a/b>',
      'Escapes \\* \\[ \\] \\< \\& \\\\ \\# \\-',
      '\\- not a list\n1986 was a year\n\\> not a quote',
      'Ünïcödé ✓ 😀 text, **größe** *ça*',
    ];
    for (const c of cases) expect(check(c), c).toBe(true);
  });

  it('declines what it does not handle', () => {
    for (const c of ['- item', '1. item', '> quote', '`code`', 'a_b_', '***x***', '**a *b* c**', 'www.example.com', 'mail a@b.org', 'http://x.org', '[x](javascript:alert(1))', '&amp;', 'a  \nb', '    code', '# heading', 'x ~~y~~', '![i](https://x.org/i.png)', 'a\n\n\nb', '**x**y', '(**x**)', '[a *b*](https://x.org)']) {
      expect(renderSimpleMarkdown(c), c).toBeNull();
    }
  });

  it('matches on every body of a generated Disqus export, and takes most of them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-simple-md-'));
    try {
      const file = path.join(dir, 'disqus.xml');
      await writeDisqusBenchExport({ file, comments: 3000, seed: 7 });
      let bodies = 0;
      let taken = 0;
      for await (const batch of importDisqus({ file })) {
        for (const r of batch) {
          if (r.kind !== 'comment' || r.body.kind !== 'html') continue;
          const md = htmlToMarkdown(r.body.text);
          bodies++;
          if (check(md)) taken++;
        }
      }
      expect(bodies).toBe(3000);
      expect(taken / bodies).toBeGreaterThan(0.9);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(fixturesPresent)('matches on pieces of every fixture file, as Markdown and as HTML converted to Markdown', () => {
    let taken = 0;
    for (const name of fs.readdirSync(FIXTURES)) {
      const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
      const pieces = [...text.split(/\n{2,}/), ...text.split('\n')].slice(0, 4000);
      for (const piece of pieces) {
        const trimmed = piece.trim();
        if (!trimmed) continue;
        if (check(trimmed)) taken++;
        if (check(htmlToMarkdown(trimmed))) taken++;
      }
    }
    expect(taken).toBeGreaterThan(100);
  });

  it('matches on random strings of Markdown-significant pieces', () => {
    const r = rng(2024);
    const atoms = [
      'word', 'Wörter', 'x', '1', '42', ' ', ' ', ' ', '  ', '\n', '\n\n', '*', '**', '***', '_', '\\', '\\*', '\\_', '\\&', '\\\\', '\\\n',
      '&', '&amp;', '&#1;', '<', '>', '"', "'", '.', ',', ';', '?', '!', ':', '@', '(', ')', '[', ']', '](', '-', '+', '#', '1.', '2)',
      '~', '`', '=', '|', '\t', '\r', '\u00a0', '😀', '\ud800', 'é', 'https://x.org/p?a=1&b=2', 'https://X.org/', 'http://ex.org/a%20b',
      'www.site.com', 'a.b', '[t](https://x.org/a)', '[t u](https://x.org/a_b)', '<https://x.org/>', '**w**', '*w*', '**w x**', '*w x*',
    ];
    let taken = 0;
    for (let k = 0; k < 40_000; k++) {
      let s = '';
      const n = 1 + Math.floor(r() * 12);
      for (let j = 0; j < n; j++) s += atoms[Math.floor(r() * atoms.length)]!;
      const t = s.trim();
      if (t && check(t)) taken++;
    }
    expect(taken).toBeGreaterThan(1000);
  });
});
