import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import {
  ARTICLE_RENDERER_VERSION,
  inspectArticleFigures,
  isAllowedImageSrc,
  renderArticleMarkdown,
  type ResolvedImage,
} from './article-markdown.js';

const here = path.dirname(fileURLToPath(import.meta.url));

const ARTICLE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  p: [], br: [], em: [], strong: [], s: [], blockquote: [], ul: [], li: [], code: [], pre: [],
  hr: [], h2: [], h3: [], h4: [], figcaption: [],
  a: ['href', 'rel'],
  ol: ['start'],
  img: ['src', 'alt', 'loading', 'decoding', 'width', 'height'],
  figure: ['class'],
  span: ['class'],
};

/** Everything wrong with a piece of article HTML; empty when it is fine. */
function articleHtmlProblems(html: string): string[] {
  const problems: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const allowed = ARTICLE_ATTRIBUTES[name];
        if (!allowed) problems.push(`element <${name}>`);
        for (const attr of Object.keys(attribs)) {
          if (!allowed?.includes(attr)) problems.push(`attribute ${attr} on <${name}>`);
        }
        if (name === 'a') {
          const href = (attribs.href ?? '').replace(/[\t\n\r]/g, '').trim();
          if (!/^(?:https?:\/\/|mailto:|\/(?![/\\])|#|\?)/i.test(href)) problems.push(`href ${JSON.stringify(attribs.href)}`);
          if (attribs.rel !== undefined && attribs.rel !== 'noopener') problems.push(`rel ${attribs.rel}`);
        }
        if (name === 'img' && !isAllowedImageSrc(attribs.src ?? '')) problems.push(`img src ${JSON.stringify(attribs.src)}`);
        if (name === 'img' && !attribs.alt) problems.push('img without alt');
        if (name === 'figure' && attribs.class !== 'article-figure') problems.push(`figure class ${attribs.class}`);
        if (name === 'span' && attribs.class !== 'caption' && attribs.class !== 'credit') {
          problems.push(`span class ${attribs.class}`);
        }
      },
      oncomment() {
        problems.push('HTML comment');
      },
      onprocessinginstruction(name) {
        problems.push(`processing instruction ${name}`);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return problems;
}

const knownImages: Record<string, ResolvedImage> = {
  '/media/demo/port.svg': { src: '/media/demo/port.svg', width: 1200, height: 800 },
  '/media/demo/map.png': { src: 'https://cdn.example.org/demo/map.png' },
};
const resolveImage = (src: string): ResolvedImage | null => knownImages[src] ?? null;

const DEMO_FIGURE = [
  '::: figure /media/demo/port.svg',
  'alt: Text alternative describing the image',
  'caption: The caption shown under the image.',
  'credit: Illustration: Parley demo',
  ':::',
].join('\n');

describe('renderArticleMarkdown: figures', () => {
  it('has a positive integer renderer version', () => {
    expect(Number.isInteger(ARTICLE_RENDERER_VERSION) && ARTICLE_RENDERER_VERSION >= 1).toBe(true);
  });

  it('renders the documented figure block with size from the resolver', () => {
    expect(renderArticleMarkdown(DEMO_FIGURE, { resolveImage })).toBe(
      '<figure class="article-figure">' +
        '<img src="/media/demo/port.svg" alt="Text alternative describing the image" loading="lazy" decoding="async" width="1200" height="800" />' +
        '<figcaption><span class="caption">The caption shown under the image.</span> <span class="credit">Illustration: Parley demo</span></figcaption>' +
        '</figure>\n',
    );
  });

  it('uses the source as written, without size, when there is no resolver', () => {
    const html = renderArticleMarkdown(DEMO_FIGURE, {});
    expect(html).toContain('<img src="/media/demo/port.svg" alt="Text alternative describing the image" loading="lazy" decoding="async" />');
  });

  it('serves the resolved URL', () => {
    const html = renderArticleMarkdown('::: figure /media/demo/map.png\nalt: A map\n:::', { resolveImage });
    expect(html).toBe(
      '<figure class="article-figure"><img src="https://cdn.example.org/demo/map.png" alt="A map" loading="lazy" decoding="async" /></figure>\n',
    );
  });

  it('accepts https sources', () => {
    const html = renderArticleMarkdown('::: figure https://images.example.org/a.jpg\nalt: A\n:::', {});
    expect(html).toContain('<img src="https://images.example.org/a.jpg" alt="A"');
  });

  it('renders inline markdown in captions and credits, and escapes everything else', () => {
    const html = renderArticleMarkdown(
      [
        '::: figure /media/demo/port.svg',
        'alt: Quotes " and <tags> & such',
        'caption: The *new* port, see [the plan](https://example.org/plan). <img src=x onerror=alert(1)>',
        'credit: Photo: [Agency](javascript:alert(1))',
        ':::',
      ].join('\n'),
      { resolveImage },
    );
    expect(html).toContain('alt="Quotes &quot; and &lt;tags&gt; &amp; such"');
    expect(html).toContain('<span class="caption">The <em>new</em> port, see <a href="https://example.org/plan" rel="noopener">the plan</a>. &lt;img src=x onerror=alert(1)&gt;</span>');
    expect(html).toContain('<span class="credit">Photo: [Agency](javascript:alert(1))</span>');
    expect(articleHtmlProblems(html)).toEqual([]);
  });

  it('joins continuation lines and ignores unknown keys', () => {
    const html = renderArticleMarkdown(
      '::: figure /media/demo/port.svg\nalt: A harbour\ncaption: First half\n  Note: second half.\nlicense: CC0\n:::',
      { resolveImage },
    );
    expect(html).toContain('<span class="caption">First half Note: second half.</span>');
    expect(html).not.toContain('CC0');
  });

  it('checks media paths quickly, however long', () => {
    const started = performance.now();
    expect(isAllowedImageSrc(`/media/${'a/'.repeat(20_000)}a b`)).toBe(false);
    expect(isAllowedImageSrc(`/media/${'a'.repeat(50_000)}!\u0000`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(isAllowedImageSrc('/media/2024/05/port.svg')).toBe(true);
    expect(isAllowedImageSrc('/media/')).toBe(false);
    expect(isAllowedImageSrc('/media/a/')).toBe(false);
  });

  it('allows blank lines inside a figure in a list item', () => {
    const html = renderArticleMarkdown('- item\n\n  ::: figure /media/a.png\n  alt: x\n\n  caption: y\n  :::', {});
    expect(html).toContain('<figure class="article-figure"><img src="/media/a.png" alt="x"');
    expect(html).toContain('<span class="caption">y</span>');
  });

  it('omits the figcaption when there is neither caption nor credit', () => {
    const html = renderArticleMarkdown('::: figure /media/demo/port.svg\nalt: A harbour\n:::', { resolveImage });
    expect(html).not.toContain('figcaption');
  });

  it('works inside a list and right after a paragraph line', () => {
    const html = renderArticleMarkdown(`Intro line\n${DEMO_FIGURE}\n\n- item\n\n  ${DEMO_FIGURE.replace(/\n/g, '\n  ')}`, {
      resolveImage,
    });
    expect(html.match(/<figure /g)?.length).toBe(2);
    expect(html).toContain('<p>Intro line</p>');
  });

  it('renders nothing for a figure without alt, and does not throw', () => {
    const source = 'Before\n\n::: figure /media/demo/port.svg\ncaption: No alt here\n:::\n\nAfter';
    expect(renderArticleMarkdown(source, { resolveImage })).toBe('<p>Before</p>\n<p>After</p>\n');
  });

  it('renders nothing for sources outside /media/ or https, or unknown to the resolver', () => {
    const sources = [
      'javascript:alert(1)',
      'data:image/svg+xml,<svg/onload=alert(1)>',
      'http://example.org/a.png',
      '//evil.example/a.png',
      '/uploads/a.png',
      '/media/../admin',
      '/media/%2e%2e/admin',
      '/media//evil.example/a.png',
      '/media\\..\\a.png',
      'https://user:pass@example.org/a.png',
      'media/a.png',
    ];
    for (const src of sources) {
      expect(renderArticleMarkdown(`::: figure ${src}\nalt: x\n:::`, {}), src).toBe('');
    }
    expect(renderArticleMarkdown('::: figure /media/unknown.png\nalt: x\n:::', { resolveImage })).toBe('');
  });

  it('drops a figure whose resolver throws or answers with a disallowed URL', () => {
    const figure = '::: figure /media/a.png\nalt: x\n:::';
    expect(
      renderArticleMarkdown(figure, {
        resolveImage: () => {
          throw new Error('storage down');
        },
      }),
    ).toBe('');
    expect(renderArticleMarkdown(figure, { resolveImage: () => ({ src: 'javascript:alert(1)' }) })).toBe('');
  });

  it('ignores sizes that are not positive integers', () => {
    const html = renderArticleMarkdown('::: figure /media/a.png\nalt: x\n:::', {
      resolveImage: (src) => ({ src, width: -5, height: 1.5 }),
    });
    expect(html).not.toContain('width=');
    expect(html).not.toContain('height=');
  });

  it('leaves an unterminated block as visible text', () => {
    const html = renderArticleMarkdown('::: figure /media/a.png\nalt: x', {});
    expect(html).not.toContain('<figure');
    expect(html).toContain('::: figure /media/a.png');
  });

  it('looks for the closing line only within 50 lines', () => {
    const long = (n: number) => `::: figure /media/a.png\nalt: x\n${'caption: c\n'.repeat(n)}:::`;
    expect(renderArticleMarkdown(long(48), {})).toContain('<figure');
    expect(renderArticleMarkdown(long(60), {})).not.toContain('<figure');
  });

  it('does not treat a figure inside a code block as a figure', () => {
    const html = renderArticleMarkdown('```\n::: figure /media/a.png\nalt: x\n:::\n```', {});
    expect(html).not.toContain('<figure');
    expect(html).toContain('<pre><code>::: figure /media/a.png');
  });

  it('does not render inline markdown images', () => {
    expect(renderArticleMarkdown('![alt](https://example.org/a.png)', {})).not.toContain('<img');
  });
});

describe('inspectArticleFigures', () => {
  it('reports every figure with why it would not render', () => {
    const source = [
      DEMO_FIGURE,
      '',
      '::: figure /media/demo/port.svg',
      'caption: no alt',
      ':::',
      '',
      '::: figure http://example.org/a.png',
      'alt: x',
      ':::',
      '',
      '::: figure /media/missing.png',
      'alt: x',
      ':::',
      '',
      '::: figure',
      'alt: x',
      ':::',
      '',
      '::: figure /media/demo/port.svg',
      'alt: never closed',
    ].join('\n');
    const problems = inspectArticleFigures(source, { resolveImage }).map((f) => [f.line, f.problem]);
    expect(problems).toEqual([
      [1, null],
      [7, 'missing-alt'],
      [11, 'bad-src'],
      [15, 'unresolved-image'],
      [19, 'missing-src'],
      [23, 'unterminated'],
    ]);
  });
});

describe('renderArticleMarkdown: text', () => {
  it('demotes # to h2 and keeps headings within h2–h4', () => {
    const html = renderArticleMarkdown('# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six\n\nSetext\n======', {});
    expect(html).toBe(
      '<h2>One</h2>\n<h2>Two</h2>\n<h3>Three</h3>\n<h4>Four</h4>\n<h4>Five</h4>\n<h4>Six</h4>\n<h2>Setext</h2>\n',
    );
  });

  it('gives external links noopener and no nofollow; site links get no rel', () => {
    const html = renderArticleMarkdown(
      '[out](https://example.org) [home](/articles/1) [top](#top) [mail](mailto:desk@example.org)',
      {},
    );
    expect(html).toBe(
      '<p><a href="https://example.org" rel="noopener">out</a> <a href="/articles/1">home</a> <a href="#top">top</a> <a href="mailto:desk@example.org">mail</a></p>\n',
    );
    expect(html).not.toContain('nofollow');
  });

  it('uses typographic quotes and dashes', () => {
    expect(renderArticleMarkdown('"Yes," she said -- and left...', {})).toBe('<p>“Yes,” she said – and left…</p>\n');
  });

  it('still sanitizes: raw HTML is text, dangerous links stay text', () => {
    const html = renderArticleMarkdown(
      '<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](//evil.example) <iframe src=x>',
      {},
    );
    expect(html).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>[x](javascript:alert(1)) [y](//evil.example) &lt;iframe src=x&gt;</p>\n',
    );
  });

  it('keeps the comment features: lists, quotes, code, rules', () => {
    const html = renderArticleMarkdown('> q\n\n1. a\n2. b\n\n`x<y`\n\n---\n\n~~old~~ **new**', {});
    expect(html).toBe(
      '<blockquote>\n<p>q</p>\n</blockquote>\n<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n<p><code>x&lt;y</code></p>\n<hr />\n<p><s>old</s> <strong>new</strong></p>\n',
    );
  });

  it('never throws, whatever the string', () => {
    for (const source of ['', '\uD800', '\u0000', '::: figure', ':::', '::: figure /media/a.png\n:::', '>'.repeat(10_000), '::: figure /media/a.png\n'.repeat(5_000)]) {
      const html = renderArticleMarkdown(source, { resolveImage });
      expect(articleHtmlProblems(html)).toEqual([]);
    }
  });
});

// The HTML attack collections, rendered as article bodies. See markdown.test.ts for the full
// conformance suite on comments.
const fixturesDir = path.resolve(here, '../..', '../shared/fixtures');
const haveFixtures = existsSync(fixturesDir);
if (!haveFixtures) console.warn(`fixtures not found at ${fixturesDir}: conformance suite skipped`);

(haveFixtures ? describe : describe.skip)('article conformance with published vectors', () => {
  if (!haveFixtures) it(`needs ${fixturesDir}`, () => {});
  it('keeps the invariants on the OWASP and DOMPurify payloads, also inside figure captions', () => {
    const payloads = [
      ...(JSON.parse(readFileSync(path.join(fixturesDir, 'owasp__xss_filter_evasion_payloads.json'), 'utf8')) as { payload: string }[]),
      ...(JSON.parse(readFileSync(path.join(fixturesDir, 'dompurify__expect.json'), 'utf8')) as { payload: string }[]),
    ].map((p) => p.payload);
    expect(payloads.length).toBeGreaterThanOrEqual(333);
    for (const payload of payloads) {
      const oneLine = payload.replace(/\s+/g, ' ');
      for (const source of [
        payload,
        `::: figure /media/demo/port.svg\nalt: ${oneLine}\ncaption: ${oneLine}\ncredit: ${oneLine}\n:::`,
        `::: figure ${oneLine.split(' ')[0]}\nalt: x\n:::`,
      ]) {
        expect(articleHtmlProblems(renderArticleMarkdown(source, { resolveImage })), source).toEqual([]);
      }
    }
  });
});
