import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DEMO_MEDIA_PREFIX,
  demoArticle,
  demoComments,
  demoSite,
  demoUsers,
  moreArticles,
  type DemoArticle,
  type DemoComment,
} from './demo-content.js';

const assetsDir = fileURLToPath(new URL('./assets/', import.meta.url));
const allArticles: DemoArticle[] = [demoArticle, ...moreArticles];

interface FigureBlock {
  src: string;
  fields: Record<string, string>;
}

function parseFigures(markdown: string): FigureBlock[] {
  const out: FigureBlock[] = [];
  const re = /^::: figure (\S+)\n([\s\S]*?)^:::$/gm;
  for (const m of markdown.matchAll(re)) {
    const fields: Record<string, string> = {};
    for (const line of (m[2] ?? '').split('\n')) {
      const f = /^(\w+):\s*(.+)$/.exec(line);
      if (f?.[1] && f[2]) fields[f[1]] = f[2].trim();
    }
    out.push({ src: m[1] ?? '', fields });
  }
  return out;
}

function stripFigures(markdown: string): string {
  return markdown.replace(/^::: figure [\s\S]*?^:::$/gm, '');
}

function wordCount(markdown: string): number {
  return stripFigures(markdown)
    .replace(/^#+\s*/gm, '')
    .replace(/[*_`>\[\]()]/g, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Structural XML check: balanced tags, a single <svg> root, nothing outside it. */
function checkSvg(src: string): { root: string | null; error: string | null; viewBox: string | null } {
  const body = src
    .replace(/^\uFEFF/, '')
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trim();
  const stack: string[] = [];
  let root: string | null = null;
  let viewBox: string | null = null;
  let last = 0;
  const tagRe = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  for (const m of body.matchAll(tagRe)) {
    const between = body.slice(last, m.index);
    if (between.includes('<')) return { root, viewBox, error: `unparseable markup near ${between.slice(0, 40)}` };
    if (stack.length === 0 && between.trim() !== '') return { root, viewBox, error: 'text outside root' };
    last = (m.index ?? 0) + m[0].length;
    const [, closing, name = '', attrs = '', selfClosing] = m;
    if (closing) {
      if (stack.pop() !== name) return { root, viewBox, error: `mismatched </${name}>` };
      continue;
    }
    if (stack.length === 0) {
      if (root !== null) return { root, viewBox, error: 'more than one root element' };
      root = name;
      viewBox = /\sviewBox="([^"]*)"/.exec(attrs)?.[1] ?? null;
    }
    if (!selfClosing) stack.push(name);
  }
  if (body.slice(last).trim() !== '') return { root, viewBox, error: 'trailing content' };
  if (stack.length) return { root, viewBox, error: `unclosed <${stack.join('>, <')}>` };
  return { root, viewBox, error: null };
}

function referencedImages(): { file: string; width?: number; height?: number }[] {
  const refs: { file: string; width?: number; height?: number }[] = [];
  for (const a of allArticles) {
    refs.push({ file: a.leadImage.file, width: a.leadImage.width, height: a.leadImage.height });
    for (const fig of parseFigures(a.bodyMarkdown)) {
      refs.push({ file: fig.src.slice(DEMO_MEDIA_PREFIX.length) });
    }
  }
  return refs;
}

function depthOf(c: DemoComment, byKey: Map<string, DemoComment>): number {
  let depth = 0;
  let cur = c;
  while (cur.replyTo) {
    const parent = byKey.get(cur.replyTo);
    if (!parent || depth > demoComments.length) return Number.POSITIVE_INFINITY;
    cur = parent;
    depth++;
  }
  return depth;
}

describe('demo site', () => {
  it('has the fixed slug and a name', () => {
    expect(demoSite.slug).toBe('demo');
    expect(demoSite.name.length).toBeGreaterThan(0);
  });
});

describe('demo articles', () => {
  it('have unique slugs and valid, ordered timestamps', () => {
    const slugs = allArticles.map((a) => a.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const a of allArticles) {
      expect(a.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      for (const t of [a.publishedAt, a.updatedAt]) {
        expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/);
        expect(Number.isNaN(Date.parse(t))).toBe(false);
      }
      expect(Date.parse(a.updatedAt)).toBeGreaterThanOrEqual(Date.parse(a.publishedAt));
      expect(a.authors.length).toBeGreaterThan(0);
      expect(a.dek.length).toBeGreaterThan(0);
      expect(a.leadImage.alt.length).toBeGreaterThan(20);
      expect(a.leadImage.caption.length).toBeGreaterThan(0);
      expect(a.leadImage.credit.length).toBeGreaterThan(0);
    }
  });

  it('main article is 700-900 words and the extras are short', () => {
    const main = wordCount(demoArticle.bodyMarkdown);
    expect(main).toBeGreaterThanOrEqual(700);
    expect(main).toBeLessThanOrEqual(900);
    expect(moreArticles).toHaveLength(2);
    for (const a of moreArticles) {
      const n = wordCount(a.bodyMarkdown);
      expect(n).toBeGreaterThanOrEqual(150);
      expect(n).toBeLessThanOrEqual(250);
    }
    expect(new Set(allArticles.map((a) => a.section)).size).toBe(allArticles.length);
  });

  it('main article has exactly one figure block with alt, caption and credit', () => {
    const figures = parseFigures(demoArticle.bodyMarkdown);
    expect(figures).toHaveLength(1);
    const fig = figures[0]!;
    expect(fig.src.startsWith(DEMO_MEDIA_PREFIX)).toBe(true);
    expect(fig.src).toMatch(/\.svg$/);
    expect(fig.fields.alt?.length ?? 0).toBeGreaterThan(20);
    expect(fig.fields.caption?.length ?? 0).toBeGreaterThan(0);
    expect(fig.fields.credit?.length ?? 0).toBeGreaterThan(0);
    // every ::: opener is a figure and every block is closed
    const openers = demoArticle.bodyMarkdown.match(/^:::/gm) ?? [];
    expect(openers.length).toBe(2);
  });
});

describe('demo SVG assets', () => {
  const refs = referencedImages();

  it('references at least the lead images and the figure', () => {
    expect(refs.length).toBeGreaterThanOrEqual(allArticles.length + 1);
  });

  for (const ref of refs) {
    describe(ref.file, () => {
      const path = assetsDir + ref.file;

      it('exists and is a plain file name', () => {
        expect(ref.file).toMatch(/^[a-z0-9-]+\.svg$/);
        expect(existsSync(path)).toBe(true);
      });

      it('is well-formed XML with an <svg> root and a matching viewBox', () => {
        const src = readFileSync(path, 'utf8');
        const result = checkSvg(src);
        expect(result.error).toBeNull();
        expect(result.root).toBe('svg');
        expect(src).toContain('xmlns="http://www.w3.org/2000/svg"');
        if (ref.width !== undefined && ref.height !== undefined) {
          expect(result.viewBox).toBe(`0 0 ${ref.width} ${ref.height}`);
        }
      });

      it('has no scripts, links or external references and stays small', () => {
        const src = readFileSync(path, 'utf8');
        expect(src).not.toMatch(/<script/i);
        expect(src).not.toMatch(/href\s*=/i);
        expect(src).not.toMatch(/\son[a-z]+\s*=/i);
        expect(src).not.toMatch(/url\(\s*['"]?(?!#)/i);
        expect(src).not.toMatch(/<(?:image|foreignObject|use)\b/i);
        expect(src.length).toBeLessThan(16_000);
      });
    });
  }
});

describe('demo users', () => {
  it('usernames match the pattern and are unique', () => {
    for (const u of demoUsers) {
      expect(u.username).toMatch(/^[a-z0-9_]{3,24}$/);
      expect(u.displayName.length).toBeGreaterThan(0);
    }
    const names = demoUsers.map((u) => u.username);
    expect(new Set(names).size).toBe(names.length);
  });

  it('includes a staff member', () => {
    expect(demoUsers.some((u) => u.role === 'staff')).toBe(true);
  });
});

describe('demo comments', () => {
  const byKey = new Map(demoComments.map((c) => [c.key, c]));

  it('has at least 15 comments with unique keys', () => {
    expect(demoComments.length).toBeGreaterThanOrEqual(15);
    expect(byKey.size).toBe(demoComments.length);
  });

  it('every replyTo references an earlier key', () => {
    const seen = new Set<string>();
    for (const c of demoComments) {
      if (c.replyTo !== undefined) expect(seen.has(c.replyTo), `${c.key} -> ${c.replyTo}`).toBe(true);
      seen.add(c.key);
    }
  });

  it('is in posting order', () => {
    for (let i = 1; i < demoComments.length; i++) {
      expect(demoComments[i]!.minutesAfterPublish).toBeGreaterThanOrEqual(demoComments[i - 1]!.minutesAfterPublish);
    }
    for (const c of demoComments) {
      if (c.replyTo) expect(c.minutesAfterPublish).toBeGreaterThan(byKey.get(c.replyTo)!.minutesAfterPublish);
    }
  });

  it('contains a reply chain at least three deep and several threads', () => {
    const maxDepth = Math.max(...demoComments.map((c) => depthOf(c, byKey)));
    expect(maxDepth).toBeGreaterThanOrEqual(3);
    expect(Number.isFinite(maxDepth)).toBe(true);
    expect(demoComments.filter((c) => !c.replyTo).length).toBeGreaterThanOrEqual(4);
  });

  it('is written by known users, with non-empty bodies and sane votes', () => {
    const usernames = new Set(demoUsers.map((u) => u.username));
    for (const c of demoComments) {
      expect(usernames.has(c.author), c.author).toBe(true);
      expect(c.body.trim().length).toBeGreaterThan(0);
      for (const v of [c.likes, c.dislikes]) {
        if (v !== undefined) expect(Number.isInteger(v) && v >= 0).toBe(true);
      }
    }
  });

  it('includes one essay-length comment and several one-liners', () => {
    const words = demoComments.map((c) => c.body.split(/\s+/).filter(Boolean).length);
    expect(words.some((n) => n >= 400 && n <= 600)).toBe(true);
    expect(words.filter((n) => n <= 15).length).toBeGreaterThanOrEqual(3);
  });
});
