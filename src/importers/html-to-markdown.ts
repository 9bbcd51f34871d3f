// Old comments arrive as HTML (Disqus, WordPress, Remark42). Parley stores Markdown as the source
// of every comment and renders it once, so the HTML is converted to the Markdown subset readers
// can write (docs/markdown.md): paragraphs, line breaks, emphasis, strikethrough, links, quotes,
// lists, inline and block code, rules. Everything else keeps its text: headings become bold
// lines, table rows become lines, images become links to the image. Script, style, frames,
// forms and embedded objects are dropped with their content.
//
// Safety does not rest on this file: the Markdown is rendered by renderCommentMarkdown (raw HTML
// off, links checked) and sanitized after that. This file only has to make sure the text reads
// the same: entities are decoded exactly once (by htmlparser2 here; characters that Markdown
// would treat as syntax or as an entity are escaped), and text in any script and direction is
// passed through untouched.
//
// Most bodies are only paragraphs of text with line breaks, a few bold or italic words and plain
// links. simpleHtmlToMarkdown reads that narrow shape in one pass and writes the same Markdown
// the full conversion would, byte for byte; for anything else it answers null and the HTML is
// parsed and rendered the full way (html-to-markdown-fast.test.ts compares the two).
import { Parser } from 'htmlparser2';

export interface HtmlToMarkdownOptions {
  /**
   * WordPress stores comments with raw newlines that its display turns into line breaks (one
   * newline) and paragraphs (a blank line). With this set, text newlines mean that too.
   */
  newlinesAreBreaks?: boolean;
}

type Node = TextNode | ElementNode | BreakNode;
interface TextNode {
  type: 'text';
  text: string;
}
/** A line break (`br`) or paragraph break (WordPress blank line) found in text. */
type BreakNode = { type: 'br' } | { type: 'par' };
interface ElementNode {
  type: 'element';
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  /** Whether a block element is somewhere below. */
  hasBlock: boolean;
}

// Dropped together with everything inside them.
const DROPPED = new Set([
  'script', 'style', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math',
  'head', 'title', 'textarea', 'select', 'option', 'optgroup', 'button', 'canvas', 'audio', 'video', 'map', 'noembed',
  'noframes', 'xmp', 'plaintext', 'datalist', 'dialog', 'portal', 'input', 'link', 'meta', 'base', 'param', 'source', 'track',
]);

const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'figure', 'figcaption', 'h1', 'h2', 'h3', 'h4',
  'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'pre', 'hr', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption',
  'dl', 'dt', 'dd', 'address', 'center', 'details', 'summary', 'fieldset', 'legend', 'form', 'body', 'html', 'menu', 'hgroup',
]);

const VOID = new Set(['br', 'hr', 'img', 'wbr', 'area', 'col', 'input', 'link', 'meta', 'base', 'param', 'source', 'track', 'embed']);

/** Nesting beyond this many elements is flattened to its text, so hostile input stays bounded. */
const MAX_DEPTH = 40;
/** Block quotes and lists nest at most this deep in the output (markdown-it stops at 20). */
const MAX_BLOCK_NESTING = 8;

const SAFE_URL = /^(?:https?:\/\/[^\s/?#\\]|mailto:[^\s])/i;

function parseTree(html: string, opts: HtmlToMarkdownOptions): ElementNode {
  const root: ElementNode = { type: 'element', name: '#root', attrs: {}, children: [], hasBlock: false };
  const stack: ElementNode[] = [root];
  let dropDepth = 0;
  let overflow = 0;
  const pushText = (text: string) => {
    const parent = stack[stack.length - 1]!;
    if (!opts.newlinesAreBreaks || !/[\r\n]/.test(text) || insidePre(stack)) {
      const last = parent.children[parent.children.length - 1];
      if (last && last.type === 'text') last.text += text;
      else parent.children.push({ type: 'text', text });
      return;
    }
    // WordPress: a blank line is a paragraph, a single newline a line break.
    const parts = text.replace(/\r\n?/g, '\n').split(/(\n[ \t]*\n\s*|\n)/);
    for (const part of parts) {
      if (part === '') continue;
      if (part.startsWith('\n')) parent.children.push({ type: part === '\n' ? 'br' : 'par' });
      else parent.children.push({ type: 'text', text: part });
    }
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (dropDepth > 0 || DROPPED.has(name)) {
          if (!VOID.has(name)) dropDepth++;
          return;
        }
        if (stack.length > MAX_DEPTH) {
          if (!VOID.has(name)) overflow++;
          return;
        }
        const parent = stack[stack.length - 1]!;
        if (name === 'br' || name === 'wbr') {
          if (name === 'br') parent.children.push({ type: 'br' });
          return;
        }
        const node: ElementNode = { type: 'element', name, attrs, children: [], hasBlock: false };
        parent.children.push(node);
        if (BLOCKS.has(name)) for (const open of stack) open.hasBlock = true;
        if (!VOID.has(name)) stack.push(node);
      },
      onclosetag(name) {
        if (dropDepth > 0) {
          if (!VOID.has(name)) dropDepth--;
          return;
        }
        if (VOID.has(name)) return;
        if (overflow > 0) {
          overflow--;
          return;
        }
        if (stack.length > 1 && stack[stack.length - 1]!.name === name) stack.pop();
        else {
          // htmlparser2 reports implied closes in order; an unmatched close is ignored.
          const at = stack.map((n) => n.name).lastIndexOf(name);
          if (at > 0) stack.length = at;
        }
      },
      ontext(text) {
        if (dropDepth === 0) pushText(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return root;
}

function insidePre(stack: readonly ElementNode[]): boolean {
  for (const n of stack) if (n.name === 'pre') return true;
  return false;
}

// --- Escaping ------------------------------------------------------------------------------

const ALNUM = /[\p{L}\p{N}]/u;
const MAY_NEED_ESCAPE = /[\\`*[\]<~_&]/;
/** Whitespace that collapses to one space in inline text: any but a lone space. */
const COLLAPSIBLE = /[\t\n\r\f]| {2}/;

/** Escapes text so that Markdown shows it literally (only where it could be read as syntax). */
export function escapeMarkdownText(text: string): string {
  // Most text has none of these (a quick test, then the same loop as before).
  if (!MAY_NEED_ESCAPE.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '[':
      case ']':
      case '<':
      case '~':
        out += `\\${c}`;
        break;
      case '_': {
        // Inside a word `_` cannot start or end emphasis; elsewhere it might.
        const before = text[i - 1];
        const after = text[i + 1];
        out += before !== undefined && after !== undefined && ALNUM.test(before) && ALNUM.test(after) ? c : '\\_';
        break;
      }
      case '&':
        // Would be read as an entity reference.
        out += /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/.test(text.slice(i, i + 40)) ? '\\&' : c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

/** Escapes what would start a block at the beginning of a line (quote, list, rule). */
function escapeLineStart(line: string): string {
  if (/^[>+-](?:\s|$)/.test(line) || /^-{3,}\s*$/.test(line) || /^>/.test(line)) return `\\${line}`;
  const ordered = /^(\d{1,9})([.)])(\s|$)/.exec(line);
  if (ordered) return `${ordered[1]}\\${line.slice(ordered[1]!.length)}`;
  if (/^=+\s*$/.test(line)) return `\\${line}`;
  return line;
}

function codeSpan(text: string): string {
  const collapsed = text.replace(/[\t\n\r\f ]+/g, ' ');
  if (collapsed.trim() === '') return collapsed;
  let longest = 0;
  for (const run of collapsed.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = collapsed.startsWith('`') || collapsed.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${collapsed}${pad}${fence}`;
}

function linkDestination(href: string): string {
  return href.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

// --- Rendering -----------------------------------------------------------------------------

interface InlineState {
  strong: boolean;
  em: boolean;
  strike: boolean;
  link: boolean;
  code: boolean;
}

const INLINE0: InlineState = { strong: false, em: false, strike: false, link: false, code: false };

function textOf(node: Node): string {
  if (node.type === 'text') return node.text;
  if (node.type === 'br') return '\n';
  if (node.type === 'par') return '\n\n';
  if (node.name === 'img') return node.attrs.alt ?? '';
  return node.children.map(textOf).join('');
}

/** Wraps inline content in a delimiter, keeping outer whitespace outside it. */
function wrap(content: string, delimiter: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(content)!;
  if (m[2] === '') return content;
  return `${m[1]}${delimiter}${m[2]}${delimiter}${m[3]}`;
}

function renderInline(nodes: readonly Node[], state: InlineState): string {
  let out = '';
  for (const node of nodes) out += renderInlineNode(node, state);
  return out;
}

function renderInlineNode(node: Node, state: InlineState): string {
  if (node.type === 'text') return escapeMarkdownText(COLLAPSIBLE.test(node.text) ? node.text.replace(/[\t\n\r\f ]+/g, ' ') : node.text);
  if (node.type === 'br') return '\n';
  if (node.type === 'par') return '\n\n';
  const children = node.children;
  switch (node.name) {
    case 'strong':
    case 'b':
      return state.strong ? renderInline(children, state) : wrap(renderInline(children, { ...state, strong: true }), '**');
    case 'em':
    case 'i':
    case 'cite':
    case 'dfn':
    case 'var':
      return state.em ? renderInline(children, state) : wrap(renderInline(children, { ...state, em: true }), '*');
    case 's':
    case 'strike':
    case 'del':
      return state.strike ? renderInline(children, state) : wrap(renderInline(children, { ...state, strike: true }), '~~');
    case 'code':
    case 'tt':
    case 'kbd':
    case 'samp':
      return codeSpan(textOf(node));
    case 'q':
      return `"${renderInline(children, state)}"`;
    case 'a': {
      const href = (node.attrs.href ?? '').trim();
      const inner = renderInline(children, { ...state, link: true });
      if (state.link || !SAFE_URL.test(href)) return inner;
      const text = textOf(node).replace(/\s+/g, ' ').trim();
      if (text === '' || text === href) return /[\s<>]/.test(href) ? `[${escapeMarkdownText(href)}](${linkDestination(href)})` : `<${href}>`;
      return `[${inner.trim()}](${linkDestination(href)})`;
    }
    case 'img': {
      const src = (node.attrs.src ?? '').trim();
      const alt = (node.attrs.alt ?? '').replace(/\s+/g, ' ').trim();
      if (state.link || !SAFE_URL.test(src)) return escapeMarkdownText(alt);
      return `[${escapeMarkdownText(alt || 'image')}](${linkDestination(src)})`;
    }
    default:
      // span, font, u, ins, mark, small, big, sub, sup, abbr, time, label and unknown tags:
      // their text, without formatting Parley does not have.
      return renderInline(children, state);
  }
}

/** Tidies one paragraph of inline Markdown: spaces around line breaks, leading block syntax. */
function finishParagraph(inline: string): string {
  // One line (the usual case): what the general steps below do with it.
  if (!inline.includes('\n')) return escapeLineStart(inline.replace(/ {2,}/g, ' ').trim());
  return inline
    .split('\n')
    .map((line) => escapeLineStart(line.replace(/ {2,}/g, ' ').trim()))
    .filter((line, i, lines) => line !== '' || (i > 0 && i < lines.length - 1 && lines[i - 1] !== ''))
    .join('\n')
    .trim();
}

function renderBlocks(nodes: readonly Node[], nesting: number): string[] {
  const blocks: string[] = [];
  let inline = '';
  const flush = () => {
    for (const para of inline.includes('\n\n') ? inline.split(/\n{2,}/) : [inline]) {
      const text = finishParagraph(para);
      if (text) blocks.push(text);
    }
    inline = '';
  };
  for (const node of nodes) {
    if (node.type === 'par') {
      flush();
      continue;
    }
    if (node.type !== 'element' || (!BLOCKS.has(node.name) && !node.hasBlock)) {
      inline += renderInlineNode(node, INLINE0);
      continue;
    }
    flush();
    blocks.push(...renderBlockElement(node, nesting));
  }
  flush();
  return blocks;
}

function prefixLines(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 ? first : line === '' ? rest.trimEnd() : rest) + line)
    .join('\n');
}

function renderBlockElement(node: ElementNode, nesting: number): string[] {
  const deeper = Math.min(nesting + 1, MAX_BLOCK_NESTING + 1);
  switch (node.name) {
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
    case 'dt':
    case 'summary':
    case 'legend':
    case 'caption': {
      const text = finishParagraph(renderInline(node.children, { ...INLINE0, strong: true }));
      return text ? [`**${text}**`] : [];
    }
    case 'hr':
      return ['---'];
    case 'pre': {
      const code = textOf(node).replace(/\r\n?/g, '\n').replace(/^\n/, '').replace(/\s+$/, '');
      if (code === '') return [];
      let longest = 2;
      for (const run of code.match(/^ {0,3}`+/gm) ?? []) longest = Math.max(longest, run.trim().length);
      const fence = '`'.repeat(longest + 1);
      return [`${fence}\n${code}\n${fence}`];
    }
    case 'blockquote': {
      if (nesting >= MAX_BLOCK_NESTING) return renderBlocks(node.children, nesting);
      const inner = renderBlocks(node.children, deeper).join('\n\n');
      return inner ? [prefixLines(inner, '> ', '> ')] : [];
    }
    case 'ul':
    case 'ol':
    case 'menu': {
      const items = node.children.filter((c): c is ElementNode => c.type === 'element' && c.name === 'li');
      const loose = node.children.filter((c) => c.type !== 'element' || c.name !== 'li');
      const out: string[] = [];
      let n = node.name === 'ol' ? Number.parseInt(node.attrs.start ?? '1', 10) : 0;
      if (!Number.isFinite(n) || n < 0 || n > 999_999_999) n = 1;
      const lines: string[] = [];
      for (const li of items) {
        const marker = node.name === 'ol' ? `${n++}. ` : '- ';
        const content = nesting >= MAX_BLOCK_NESTING ? renderBlocks(li.children, nesting) : renderBlocks(li.children, deeper);
        const text = content.join('\n');
        lines.push(prefixLines(text || '', marker, ' '.repeat(marker.length)));
      }
      if (lines.length) out.push(lines.join('\n'));
      // Text directly inside a list (invalid HTML, but seen) is kept after it.
      if (loose.length) out.push(...renderBlocks(loose, nesting));
      return out;
    }
    case 'tr': {
      const cells = node.children
        .filter((c): c is ElementNode => c.type === 'element' && (c.name === 'td' || c.name === 'th'))
        .map((c) => finishParagraph(renderBlocks(c.children, nesting).join(' ').replace(/\n+/g, ' ')))
        .filter((c) => c !== '');
      return cells.length ? [cells.join(' | ')] : [];
    }
    case 'table':
    case 'thead':
    case 'tbody':
    case 'tfoot': {
      // Rows become lines of one paragraph.
      const rows: string[] = [];
      const others: Node[] = [];
      const collect = (n: ElementNode) => {
        for (const c of n.children) {
          if (c.type === 'element' && c.name === 'tr') rows.push(...renderBlockElement(c, nesting));
          else if (c.type === 'element' && (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot')) collect(c);
          else others.push(c);
        }
      };
      collect(node);
      const before = renderBlocks(others, nesting);
      return rows.length ? [...before, rows.join('\n')] : before;
    }
    default:
      // p, div, section, li content, figure, dd, ... and inline elements holding blocks.
      return renderBlocks(node.children, nesting);
  }
}

/** The text of an HTML fragment (tags dropped, entities decoded once, whitespace collapsed). */
export function htmlText(html: string): string {
  let out = '';
  const parser = new Parser({ ontext: (t) => (out += t) }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return out.replace(/\s+/g, ' ').trim();
}

/** The full conversion: parse into a tree, then render. htmlToMarkdown tries the shortcut first. */
export function htmlToMarkdownFull(html: string, opts: HtmlToMarkdownOptions = {}): string {
  const tree = parseTree(String(html), opts);
  return renderBlocks(tree.children, 0).join('\n\n').trim();
}

/** Converts comment HTML to Parley's Markdown subset. Never throws; returns '' for no text. */
export function htmlToMarkdown(html: string, opts: HtmlToMarkdownOptions = {}): string {
  const text = String(html);
  return simpleHtmlToMarkdown(text, !!opts.newlinesAreBreaks) ?? htmlToMarkdownFull(text, opts);
}

// --- Shortcut ------------------------------------------------------------------------------
//
// What the full conversion does with the shape accepted below, step by step, is simple enough to
// do while reading the HTML once:
// - A text node is its text with runs of white space made one space, and escaped; the shortcut
//   only takes text that escapeMarkdownText leaves as it is.
// - In a line (text between breaks), runs of spaces become one and the ends are trimmed, and
//   wrap() moves the white space at the edges of bold or italic text outside the delimiters. So
//   white space is "pending": it becomes one space before the next content on the same line,
//   and nothing at the start or end of a line. An element with no text writes nothing.
// - A link writes `[text](href)` with the white space at the edges of its text dropped (not
//   moved), or `<href>` when the text is empty or the href itself.
// - Empty lines never reach the output: between two lines with content, any number of empty
//   lines, paragraph ends and blank lines become one blank line; at the start or end, nothing.
// - escapeLineStart only matters for a line that starts with text; the shortcut declines a line
//   starting with anything that could be block syntax (and with `#`, to be safe).
// With newlinesAreBreaks, a newline in text is a line break (a blank line is a line break after
// an empty line, which comes to the same); without it, newlines are white space.

// Characters that no step of the full conversion changes, wherever they are in a line (a line
// start is checked separately): in ASCII, letters, digits and punctuation other than
// `\ ` * [ ] < > ~ _ &`; beyond it, anything but C1 controls and what `\s` and trim() take for
// white space (U+00A0, U+1680, U+180E, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000,
// U+FEFF). Lone surrogates pass through both conversions alike.
const PLAIN =
  '[A-Za-z0-9!"#$%\'()+,\\-./:;=?@^{|}\\u00a1-\\u167f\\u1681-\\u180d\\u180f-\\u1fff\\u200b-\\u2027\\u202a-\\u202e\\u2030-\\u205e\\u2060-\\u2fff\\u3001-\\ufefe\\uff00-\\uffff]';
/** Plain characters with single spaces between them (sticky: set lastIndex first). */
const PLAIN_RUN = new RegExp(`${PLAIN}+(?: ${PLAIN}+)*`, 'y');

// The character references the shortcut decodes itself, each to what htmlparser2 makes of it.
// Anything else starting with `&` (other names, numbers, `&amp` without its `;`) is declined.
const ENTITIES: readonly (readonly [string, string])[] = [
  ['&amp;', '&'],
  ['&quot;', '"'],
  ['&#39;', "'"],
  ['&#039;', "'"],
  ['&apos;', "'"],
];
// `&` before a space is text to htmlparser2 too.
const LONE_AMP = ['&', '&'] as const;

/**
 * The reference (or lone `&`) at `at` as [source, text], or null. A resulting `&` must not be
 * followed by what escapeMarkdownText would take for the rest of a reference (`#`, a letter, or
 * another `&` that could decode to one).
 */
function entityAt(html: string, at: number): readonly [string, string] | null {
  if (html.charCodeAt(at + 1) === 32) return LONE_AMP;
  for (const entity of ENTITIES) {
    if (!html.startsWith(entity[0], at)) continue;
    if (entity[1] === '&') {
      const next = html.charCodeAt(at + entity[0].length);
      if (next === 38 || next === 35 || (next >= 65 && next <= 90) || (next >= 97 && next <= 122)) return null;
    }
    return entity;
  }
  return null;
}

/** Whether a line whose first content is the text at `at` stays as it is in escapeLineStart. */
function plainLineStart(html: string, at: number): boolean {
  const c = html.charCodeAt(at);
  // `#`, `+`, `-`, `=` (and `>`, never plain anyway).
  if (c === 35 || c === 43 || c === 45 || c === 61) return false;
  if (c < 48 || c > 57) return true;
  // Digits: not followed by `.` or `)`, nor by a tag or reference that could turn into one.
  let j = at + 1;
  while (j < html.length && html.charCodeAt(j) >= 48 && html.charCodeAt(j) <= 57) j++;
  const next = html.charCodeAt(j);
  return next !== 46 && next !== 41 && next !== 60 && next !== 38;
}

// A link the shortcut writes: absolute http(s), plain ASCII that linkDestination leaves alone
// (no white space, parentheses or angle brackets) and no `&`, so it needs no decoding.
const PLAIN_HREF = /^https?:\/\/[A-Za-z0-9][A-Za-z0-9.-]*(?::[0-9]{1,5})?(?:[/?#][A-Za-z0-9\-._~/?#=+,%:@]*)?$/;

/**
 * The Markdown for the link whose start tag begins at `start` (`<a `), or null. Attributes are
 * ` name="value"` each, one of them href; the text up to `</a>` is plain text and references.
 */
function simpleLink(html: string, start: number, newlinesAreBreaks: boolean): string | null {
  let j = start + 2;
  let href: string | null = null;
  while (html.charCodeAt(j) !== 62) {
    if (html.charCodeAt(j) !== 32) return null;
    const nameStart = ++j;
    // A name of lowercase letters, digits and `-` (so never a second spelling of href).
    let c = html.charCodeAt(j);
    while ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45) c = html.charCodeAt(++j);
    if (j === nameStart || html.charCodeAt(j) !== 61 || html.charCodeAt(j + 1) !== 34) return null;
    const valueEnd = html.indexOf('"', j + 2);
    if (valueEnd < 0) return null;
    const value = html.slice(j + 2, valueEnd);
    if (j - nameStart === 4 && html.startsWith('href', nameStart)) {
      // htmlparser2 keeps the first of two; simpler to leave that to it.
      if (href !== null || !PLAIN_HREF.test(value)) return null;
      href = value;
    } else if (value.includes('>') || value.includes('<')) return null;
    j = valueEnd + 1;
  }
  if (href === null) return null;
  const end = html.indexOf('</a>', ++j);
  if (end < 0) return null;
  // The text, white space made one space and trimmed (what both inner.trim() and the comparison
  // with the href see).
  let text = '';
  let space = false;
  while (j < end) {
    const c = html.charCodeAt(j);
    if (c === 32 || c === 9 || c === 12 || c === 10 || c === 13) {
      if (newlinesAreBreaks && (c === 10 || c === 13)) return null;
      space = text !== '';
      j++;
      continue;
    }
    if (space) text += ' ';
    space = false;
    if (c === 38) {
      const entity = entityAt(html, j);
      if (entity === null) return null;
      text += entity[1];
      j += entity[0].length;
      continue;
    }
    PLAIN_RUN.lastIndex = j;
    if (!PLAIN_RUN.test(html)) return null;
    text += html.slice(j, PLAIN_RUN.lastIndex);
    j = PLAIN_RUN.lastIndex;
  }
  return text === '' || text === href ? `<${href}>` : `[${text}](${href})`;
}

/**
 * The Markdown htmlToMarkdownFull would return for `html`, when the HTML has the narrow shape
 * described above; otherwise null. The shape: text, `<p>` and `</p>` (not nested, no attributes),
 * `<br>`, `<br/>`, `<br />`, `<b>`, `<strong>`, `<i>`, `<em>` holding only text and not nested,
 * and simple links (simpleLink); lowercase tags only.
 */
export function simpleHtmlToMarkdown(html: string, newlinesAreBreaks: boolean): string | null {
  const n = html.length;
  let out = '';
  // What goes before the next content when the current line has none yet: nothing at the very
  // start, then a line break or a blank line.
  let brk = '';
  let lineEmpty = true;
  // White space since the last content on this line.
  let space = false;
  let inP = false;
  // Inside b, strong, i or em: its delimiter and end tag, and whether the delimiter is written.
  let delim = '';
  let endTag = '';
  let opened = false;
  let i = 0;
  while (i < n) {
    let c = html.charCodeAt(i);
    if (c === 60) {
      if (delim !== '') {
        // Inside emphasis, only its own end tag.
        if (!html.startsWith(endTag, i)) return null;
        if (opened) out += delim;
        delim = '';
        i += endTag.length;
        continue;
      }
      const t = html.charCodeAt(i + 1);
      let len = 0;
      if (t === 98 && html.startsWith('<br', i)) {
        len = html.startsWith('>', i + 3) ? 4 : html.startsWith('/>', i + 3) ? 5 : html.startsWith(' />', i + 3) ? 6 : 0;
        if (len !== 0) {
          if (!lineEmpty) {
            brk = '\n';
            lineEmpty = true;
          } else if (out !== '') brk = '\n\n';
          space = false;
          i += len;
          continue;
        }
      }
      if (t === 112 && html.startsWith('<p>', i)) {
        if (inP) return null;
        inP = true;
        len = 3;
      } else if (t === 47 && html.startsWith('</p>', i)) {
        if (!inP) return null;
        inP = false;
        len = 4;
      }
      if (len !== 0) {
        if (out !== '') brk = '\n\n';
        lineEmpty = true;
        space = false;
        i += len;
        continue;
      }
      if (t === 97 && html.startsWith('<a ', i)) {
        const link = simpleLink(html, i, newlinesAreBreaks);
        if (link === null) return null;
        if (lineEmpty) {
          out += brk;
          lineEmpty = false;
        } else if (space) out += ' ';
        space = false;
        out += link;
        i = html.indexOf('</a>', i) + 4;
        continue;
      }
      // b, strong, i, em: the end tag is the start tag with a `/`.
      if (html.startsWith('<b>', i)) endTag = '</b>';
      else if (html.startsWith('<strong>', i)) endTag = '</strong>';
      else if (html.startsWith('<i>', i)) endTag = '</i>';
      else if (html.startsWith('<em>', i)) endTag = '</em>';
      else return null;
      delim = t === 98 || t === 115 ? '**' : '*';
      opened = false;
      i += endTag.length - 1;
      continue;
    }
    if (c === 32 || c === 9 || c === 12 || c === 10 || c === 13) {
      if (newlinesAreBreaks && (c === 10 || c === 13)) {
        // A line break; `\r` (and a newline inside emphasis) is left to the full conversion.
        if (c === 13 || delim !== '') return null;
        if (!lineEmpty) {
          brk = '\n';
          lineEmpty = true;
        } else if (out !== '') brk = '\n\n';
        space = false;
      } else space = true;
      i++;
      continue;
    }
    // Content: what comes before it, then a run of text.
    if (lineEmpty) {
      if (delim === '' && !plainLineStart(html, i)) return null;
      out += brk;
      lineEmpty = false;
    } else if (space) out += ' ';
    space = false;
    if (delim !== '' && !opened) {
      out += delim;
      opened = true;
    }
    // Plain characters, references and single spaces between them (white space after a
    // reference is left to the branch above).
    let from = i;
    for (;;) {
      PLAIN_RUN.lastIndex = i;
      if (PLAIN_RUN.test(html)) i = PLAIN_RUN.lastIndex;
      if (i >= n) break;
      c = html.charCodeAt(i);
      if (c !== 38) break;
      const entity = entityAt(html, i);
      if (entity === null) return null;
      out += html.slice(from, i) + entity[1];
      i += entity[0].length;
      from = i;
    }
    out += html.slice(from, i);
    // What ended the run must be a tag, white space or the end.
    if (i < n && c !== 60 && c !== 32 && c !== 9 && c !== 12 && c !== 10 && c !== 13) return null;
  }
  if (inP || delim !== '') return null;
  return out;
}
