// Markdown for article bodies, written by editors and journalists.
//
// Editors are trusted, but their text still goes through the same two gates as comments
// (markdown-it with raw HTML off, then a sanitize-html allow-list), so a pasted payload or a
// compromised editor account cannot put script on the public pages.
//
// On top of the comment features, articles have:
//   - headings: `#` and `##` render as <h2> (the <h1> is the page title), `###` as <h3>,
//     `####` and deeper as <h4>;
//   - typographic quotes and dashes (markdown-it's typographer);
//   - links without rel="nofollow"; absolute http(s) links get rel="noopener";
//     site-relative links (`/path`, `#anchor`, `?query`) are allowed;
//   - figures. Inline markdown images (`![alt](src)`) are NOT rendered; an image is placed
//     with a figure block instead:
//
//       ::: figure /media/demo/port.svg
//       alt: Text alternative describing the image
//       caption: The caption shown under the image.
//       credit: Illustration: Parley demo
//       :::
//
//     The opening line is `:::`, the word `figure` and the image source: a site path under
//     `/media/` or an `https://` URL. Each following line is `key: value` with the keys
//     `alt` (required), `caption` and `credit` (optional, inline markdown allowed). An
//     indented line, or a line with no `key:` at all, continues the value above it; lines
//     with other keys are ignored. A line holding only `:::` closes the block, within 50
//     lines; without it the lines are left as ordinary text.
//     Rendered as
//       <figure class="article-figure"><img src=".." alt=".." loading="lazy" decoding="async"
//       width=".." height=".."><figcaption><span class="caption">..</span>
//       <span class="credit">..</span></figcaption></figure>
//     with width/height when `resolveImage` supplies them. A figure without alt, with a
//     source outside the rules above, or whose image `resolveImage` does not know (returns
//     null) renders as nothing; inspectArticleFigures() reports why, for the publish check.
//
// docs/markdown.md has the same rules with examples.

import createMarkdownIt, { type MarkdownIt, type StateBlock, type StateCore } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import {
  COMMENT_TAGS,
  cleanMarkdownSource,
  keepNumericStart,
  skipLinkifyWhenHopeless,
} from './markdown.js';

/** Bump whenever a change here would render an existing article differently. */
export const ARTICLE_RENDERER_VERSION = 1;

export interface ResolvedImage {
  src: string;
  width?: number;
  height?: number;
}

export interface ArticleRenderOptions {
  /**
   * Maps a figure's source as written to the URL to serve, with its intrinsic size when
   * known. Returning null means the image is unknown: the figure is left out. Without a
   * resolver the source is used as written, without width and height.
   */
  resolveImage?: (src: string) => ResolvedImage | null;
}

export type FigureProblem =
  | 'missing-src'
  | 'bad-src'
  | 'missing-alt'
  | 'unresolved-image'
  | 'unterminated';

export interface ArticleFigureReport {
  /** 1-based line of the `::: figure` opener in the source. */
  line: number;
  src: string;
  alt: string;
  caption: string;
  credit: string;
  /** Why the figure will not render, or null when it will. */
  problem: FigureProblem | null;
}

// Type aliases rather than interfaces: markdown-it's `env` and `meta` want index-signature
// compatible object types.
type FigureSpec = {
  line: number;
  src: string;
  alt: string;
  caption: string;
  credit: string;
};

type ArticleEnv = {
  resolveImage?: ArticleRenderOptions['resolveImage'];
  figures?: FigureSpec[];
  unterminatedFigures?: Set<number>;
};

const FIGURE_OPENER = /^:::[ \t]*figure(?:[ \t]+(\S*))?[ \t]*$/i;
const FIGURE_CLOSER = /^:::[ \t]*$/;
const FIGURE_FIELD = /^(alt|caption|credit)[ \t]*:[ \t]?(.*)$/i;
const OTHER_FIELD = /^[A-Za-z][\w-]*[ \t]*:(?!\/\/)/;

type FieldName = 'alt' | 'caption' | 'credit';

// The closing `:::` must come within this many lines of the opener. Bounds the look-ahead, so
// a body of many unclosed openers costs linear rather than quadratic time.
const MAX_FIGURE_BODY_LINES = 50;

function lineText(state: StateBlock, line: number): string {
  const start = (state.bMarks[line] ?? 0) + (state.tShift[line] ?? 0);
  return state.src.slice(start, state.eMarks[line] ?? start);
}

interface BodyLine {
  text: string;
  indented: boolean;
}

function parseFigureFields(lines: readonly BodyLine[]): Record<FieldName, string> {
  const fields: Record<FieldName, string> = { alt: '', caption: '', credit: '' };
  let current: FieldName | null = null;
  const append = (name: FieldName, text: string): void => {
    fields[name] = fields[name] ? `${fields[name]} ${text}` : text;
  };
  for (const line of lines) {
    const text = line.text.trim();
    if (text === '') {
      current = null;
      continue;
    }
    // An indented line always continues the value above, even when it looks like `key: …`.
    if (line.indented && current) {
      append(current, text);
      continue;
    }
    const field = matchField(text);
    if (field) {
      current = field.name;
      fields[field.name] = field.value;
    } else if (OTHER_FIELD.test(text)) {
      current = null; // an unknown key: ignored, with whatever continues it
    } else if (current) {
      append(current, text);
    }
  }
  return fields;
}

function matchField(text: string): { name: FieldName; value: string } | null {
  const match = FIGURE_FIELD.exec(text);
  if (!match) return null;
  return { name: (match[1] ?? '').toLowerCase() as FieldName, value: (match[2] ?? '').trim() };
}

/** The markdown-it block rule for `::: figure` … `:::`. */
function figureRule(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if ((state.sCount[startLine] ?? 0) - state.blkIndent >= 4) return false; // indented code
  const opener = FIGURE_OPENER.exec(lineText(state, startLine));
  if (!opener) return false;

  let closeLine = -1;
  const lastLine = Math.min(endLine, startLine + 1 + MAX_FIGURE_BODY_LINES);
  for (let line = startLine + 1; line < lastLine; line++) {
    if (state.isEmpty(line)) continue;
    if ((state.sCount[line] ?? 0) < state.blkIndent) break; // the enclosing list item ended
    if (FIGURE_CLOSER.test(lineText(state, line))) {
      closeLine = line;
      break;
    }
  }
  const env = state.env as ArticleEnv;
  if (closeLine < 0) {
    // Also noted on silent calls (a paragraph asking whether this line interrupts it), so
    // an opener right under a paragraph line is reported too; the Set drops repeats.
    (env.unterminatedFigures ??= new Set()).add(startLine + 1);
    return false;
  }
  if (silent) return true;

  const body: BodyLine[] = [];
  for (let line = startLine + 1; line < closeLine; line++) {
    body.push({ text: lineText(state, line), indented: (state.sCount[line] ?? 0) > state.blkIndent });
  }
  const spec: FigureSpec = { line: startLine + 1, src: opener[1] ?? '', ...parseFigureFields(body) };
  (env.figures ??= []).push(spec);

  const token = state.push('article_figure', 'figure', 0);
  token.block = true;
  token.map = [startLine, closeLine + 1];
  token.meta = spec;
  state.line = closeLine + 1;
  return true;
}

// A site path under /media/ with no dot segments (also percent-encoded), no backslash and
// no empty segment, or an absolute https URL without credentials.
// Segments are separated by exactly one slash, which keeps the pattern free of backtracking.
const MEDIA_PATH = /^\/media(?:\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+$/;
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

/** Whether a figure image source is allowed: `/media/…` on this site, or an https URL. */
export function isAllowedImageSrc(src: string): boolean {
  if (src.startsWith('/')) return MEDIA_PATH.test(src) && !DOT_SEGMENT.test(src);
  if (!/^https:\/\//i.test(src)) return false;
  try {
    const url = new URL(src);
    return url.protocol === 'https:' && url.hostname !== '' && !url.username && !url.password;
  } catch {
    return false;
  }
}

function dimension(value: number | undefined): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 100_000
    ? value
    : null;
}

type FigureOutcome = { image: ResolvedImage; problem: null } | { image: null; problem: FigureProblem };

function judgeFigure(spec: FigureSpec, resolveImage: ArticleEnv['resolveImage']): FigureOutcome {
  if (!spec.src) return { image: null, problem: 'missing-src' };
  if (!isAllowedImageSrc(spec.src)) return { image: null, problem: 'bad-src' };
  if (!spec.alt) return { image: null, problem: 'missing-alt' };
  const image = resolveImage ? resolveImage(spec.src) : { src: spec.src };
  if (!image) return { image: null, problem: 'unresolved-image' };
  if (!isAllowedImageSrc(image.src)) return { image: null, problem: 'bad-src' };
  return { image, problem: null };
}

function createArticleParser(): MarkdownIt {
  const md = createMarkdownIt({
    html: false,
    linkify: true,
    typographer: true,
    breaks: false,
    maxNesting: 20,
  });
  md.block.ruler.disable(['table', 'html_block']);
  md.inline.ruler.disable(['image', 'html_inline']);
  skipLinkifyWhenHopeless(md);
  md.validateLink = (url: string): boolean => SAFE_ARTICLE_HREF.test(url);

  md.block.ruler.before('fence', 'article_figure', figureRule, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });
  md.core.ruler.push('article_heading_levels', clampHeadingLevels);

  const escape = md.utils.escapeHtml;
  md.renderer.rules.article_figure = (tokens, idx, _options, rawEnv) => {
    const env = (rawEnv ?? {}) as ArticleEnv;
    const spec = tokens[idx]?.meta as FigureSpec | undefined;
    if (!spec) return '';
    const { image } = judgeFigure(spec, env.resolveImage);
    if (!image) return '';
    const width = dimension(image.width);
    const height = dimension(image.height);
    let html =
      `<figure class="article-figure"><img src="${escape(image.src)}" alt="${escape(spec.alt)}"` +
      ' loading="lazy" decoding="async"' +
      (width ? ` width="${width}"` : '') +
      (height ? ` height="${height}"` : '') +
      '>';
    const parts: string[] = [];
    if (spec.caption) parts.push(`<span class="caption">${md.renderInline(spec.caption, env)}</span>`);
    if (spec.credit) parts.push(`<span class="credit">${md.renderInline(spec.credit, env)}</span>`);
    if (parts.length) html += `<figcaption>${parts.join(' ')}</figcaption>`;
    return `${html}</figure>\n`;
  };
  return md;
}

/** `#` becomes h2 (the page title is the h1); h5 and h6 become h4. */
function clampHeadingLevels(state: StateCore): void {
  for (const token of state.tokens) {
    if (token.type !== 'heading_open' && token.type !== 'heading_close') continue;
    const level = Number(token.tag.slice(1));
    token.tag = `h${Math.min(Math.max(level, 2), 4)}`;
  }
}

// Absolute http(s) with a host, mailto, or a site-relative path / anchor / query.
const SAFE_ARTICLE_HREF = /^(?:https?:\/\/[^\s/?#\\]|mailto:[^\s]|\/(?![/\\])|#|\?)/i;
const ABSOLUTE_WEB_HREF = /^https?:\/\//i;

const articleParser = createArticleParser();

const ARTICLE_SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...COMMENT_TAGS, 'h2', 'h3', 'h4', 'figure', 'figcaption', 'img', 'span'],
  allowedAttributes: {
    a: ['href', 'rel'],
    ol: ['start'],
    img: ['src', 'alt', 'loading', 'decoding', 'width', 'height'],
    figure: ['class'],
    span: ['class'],
  },
  allowedClasses: { figure: ['article-figure'], span: ['caption', 'credit'] },
  allowedStyles: {},
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  allowVulnerableTags: false,
  parseStyleAttributes: false,
  disallowedTagsMode: 'discard',
  enforceHtmlBoundary: false,
  transformTags: {
    a(_tagName, attribs): sanitizeHtml.Tag {
      const href = (attribs.href ?? '').trim();
      if (!SAFE_ARTICLE_HREF.test(href)) return { tagName: 'parley-dropped', attribs: {} };
      const kept: sanitizeHtml.Attributes = { href };
      if (ABSOLUTE_WEB_HREF.test(href)) kept.rel = 'noopener';
      return { tagName: 'a', attribs: kept };
    },
    img(_tagName, attribs): sanitizeHtml.Tag {
      const src = attribs.src ?? '';
      if (!isAllowedImageSrc(src) || !attribs.alt) return { tagName: 'parley-dropped', attribs: {} };
      const kept: sanitizeHtml.Attributes = { src, alt: attribs.alt, loading: 'lazy', decoding: 'async' };
      if (/^[1-9]\d{0,4}$/.test(attribs.width ?? '')) kept.width = attribs.width ?? '';
      if (/^[1-9]\d{0,4}$/.test(attribs.height ?? '')) kept.height = attribs.height ?? '';
      return { tagName: 'img', attribs: kept };
    },
    ol: keepNumericStart,
  },
};

/** Renders an article body to sanitized HTML. Never throws on any string. */
export function renderArticleMarkdown(source: string, opts: ArticleRenderOptions = {}): string {
  const clean = cleanMarkdownSource(String(source));
  const env: ArticleEnv = { resolveImage: safeResolver(opts.resolveImage) };
  let html: string;
  try {
    html = articleParser.render(clean, env);
  } catch {
    html = `<p>${articleParser.utils.escapeHtml(clean)}</p>`;
  }
  return sanitizeHtml(html, ARTICLE_SANITIZE_OPTIONS);
}

/**
 * Lists the figure blocks of an article with the reason each one would not render, so the
 * publish step can refuse an article whose figures would silently disappear.
 */
export function inspectArticleFigures(
  source: string,
  opts: ArticleRenderOptions = {},
): ArticleFigureReport[] {
  const env: ArticleEnv = {};
  try {
    articleParser.parse(cleanMarkdownSource(String(source)), env);
  } catch {
    return [];
  }
  const resolveImage = safeResolver(opts.resolveImage);
  const reports: ArticleFigureReport[] = (env.figures ?? []).map((spec) => ({
    ...spec,
    problem: judgeFigure(spec, resolveImage).problem,
  }));
  for (const line of env.unterminatedFigures ?? []) {
    reports.push({ line, src: '', alt: '', caption: '', credit: '', problem: 'unterminated' });
  }
  return reports.sort((a, b) => a.line - b.line);
}

/** A resolver that throws is treated as one that does not know the image. */
function safeResolver(resolve: ArticleRenderOptions['resolveImage']): ArticleEnv['resolveImage'] {
  if (!resolve) return undefined;
  return (src) => {
    try {
      return resolve(src);
    } catch {
      return null;
    }
  };
}
