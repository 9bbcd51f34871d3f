// Markdown for reader comments: untrusted input in, safe HTML out.
//
// Two independent gates, so that a mistake in one is caught by the other:
//   1. markdown-it, configured to produce only the small set of constructs a comment needs
//      (raw HTML off, images/headings/tables off, links checked by `validateLink`);
//   2. sanitize-html with an explicit allow-list of exactly the tags step 1 can emit.
//
// The output is stored with the comment (render once at write time, never per read), together
// with RENDERER_VERSION so stored bodies can be re-rendered when these rules change.
// What readers can type is documented in docs/markdown.md.

import createMarkdownIt, { type MarkdownIt } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/** Bump whenever a change here would render an existing comment differently. */
export const RENDERER_VERSION = 1;

/** Every tag a rendered comment may contain. */
export const COMMENT_TAGS: readonly string[] = [
  'p', 'br', 'em', 'strong', 's', 'a', 'blockquote', 'ul', 'ol', 'li', 'code', 'pre', 'hr',
];

/** The rel every link in a comment carries: not endorsed, user-generated, no opener handle. */
export const COMMENT_LINK_REL = 'nofollow ugc noopener';

/** Schemes a comment link may use. Relative and protocol-relative links are refused too. */
const COMMENT_SCHEMES = ['http', 'https', 'mailto'];

// An absolute http(s) URL with a non-empty authority, or a mailto: with an address part.
// Applied to markdown-it's normalized (percent-encoded) URL and again to the final href.
const SAFE_COMMENT_HREF = /^(?:https?:\/\/[^\s/?#\\]|mailto:[^\s])/i;

// Bounds how deep blockquotes, lists and inline markup may nest. markdown-it stops descending
// past this level (the deeper content is dropped), so hostile input cannot recurse without limit.
const MAX_NESTING = 20;

/**
 * Makes any JavaScript string safe to feed to the parsers and to store: lone surrogate halves
 * become U+FFFD, and control characters that HTML and XML (RSS/Atom feeds) do not accept in
 * text are removed. Tab, line feed, carriage return and form feed are kept.
 */
export function cleanMarkdownSource(source: string): string {
  return source
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[\u0000-\u0008\u000B\u000E-\u001F\u007F\uFFFE\uFFFF]/g, '');
}

function createCommentParser(): MarkdownIt {
  const md = createMarkdownIt({
    html: false,
    linkify: true,
    typographer: false,
    breaks: true,
    maxNesting: MAX_NESTING,
  });
  // Everything not on the comment feature list. `html_*` are inert with html:false already;
  // disabling them as well keeps the list of what runs explicit.
  md.block.ruler.disable(['table', 'heading', 'lheading', 'html_block']);
  md.inline.ruler.disable(['image', 'html_inline']);
  md.core.ruler.disable(['replacements', 'smartquotes']);
  // linkify-it 6 only links text with a scheme by default; readers also type bare
  // `www.example.com` and `example.com` and expect a link. IP addresses stay text.
  md.linkify.set({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: false });
  skipLinkifyWhenHopeless(md);
  md.validateLink = (url: string): boolean => SAFE_COMMENT_HREF.test(url);
  return md;
}

// linkify-it's fuzzy search runs a large Unicode regex at every position of every text run, and
// most comments contain no link at all. Every match it can find has a scheme colon, an `@` or a
// dot between two non-space characters (`label.tld`), so text with none of those is skipped.
// This only saves time: links are still checked by validateLink and the sanitizer.
const MAYBE_LINK = /[:@]|[^\s.]\.[^\s.]/;

/** Puts a cheap pre-check in front of linkify-it's `test`. Shared with the article renderer. */
export function skipLinkifyWhenHopeless(md: MarkdownIt): void {
  const fullTest = md.linkify.test.bind(md.linkify);
  md.linkify.test = (text: string): boolean => MAYBE_LINK.test(text) && fullTest(text);
}

const commentParser = createCommentParser();

function dropTag(): sanitizeHtml.Tag {
  // A tag name outside the allow-list: sanitize-html then removes the tag and keeps its text.
  return { tagName: 'parley-dropped', attribs: {} };
}

/** sanitize-html transform for <ol>: keeps `start` only when it is a plain number. */
export function keepNumericStart(_tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const start = attribs.start ?? '';
  const kept: sanitizeHtml.Attributes = {};
  if (/^\d{1,9}$/.test(start)) kept.start = start;
  return { tagName: 'ol', attribs: kept };
}

const COMMENT_SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...COMMENT_TAGS],
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
  allowedClasses: {},
  allowedStyles: {},
  allowedSchemes: COMMENT_SCHEMES,
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  allowVulnerableTags: false,
  parseStyleAttributes: false,
  disallowedTagsMode: 'discard',
  enforceHtmlBoundary: false,
  transformTags: {
    a(_tagName, attribs): sanitizeHtml.Tag {
      const href = (attribs.href ?? '').trim();
      if (!SAFE_COMMENT_HREF.test(href)) return dropTag();
      return { tagName: 'a', attribs: { href, rel: COMMENT_LINK_REL } };
    },
    ol: keepNumericStart,
    // Markdown never produces these, but imported HTML bodies do: keep their meaning.
    b: 'strong',
    i: 'em',
    del: 's',
    strike: 's',
    tt: 'code',
  },
};

/**
 * Sanitizes HTML to the comment allow-list. renderCommentMarkdown uses it as its last step;
 * importers use it directly for comment bodies that arrive as HTML (Disqus, WordPress…).
 */
export function sanitizeCommentHtml(html: string): string {
  return sanitizeHtml(cleanMarkdownSource(html), COMMENT_SANITIZE_OPTIONS);
}

/**
 * Renders a reader's comment to sanitized HTML. Never throws: should the parser ever fail on
 * some input, the source is returned as one escaped paragraph instead.
 */
export function renderCommentMarkdown(source: string): string {
  const clean = cleanMarkdownSource(String(source));
  let html: string;
  try {
    html = commentParser.render(clean);
  } catch {
    html = `<p>${commentParser.utils.escapeHtml(clean)}</p>`;
  }
  return sanitizeHtml(html, COMMENT_SANITIZE_OPTIONS);
}

// Closing tags of block elements and line-breaking void elements. A space is put in front of
// each, so "<p>a</p><p>b</p>" reads "a b" and not "ab". Only the tag's start is matched, which
// keeps the scan linear on any input.
const BLOCK_BOUNDARY = /<(?:\/(?:p|li|blockquote|pre|h[1-6]|figcaption|ul|ol|div|td|th|tr)|br|hr)\b/gi;

const PLAIN_TEXT_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  disallowedTagsMode: 'discard',
  parseStyleAttributes: false,
};

const BASIC_ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/**
 * The text of a rendered comment, for excerpts and notifications: tags removed (the contents
 * of script/style and the like dropped), entities decoded, whitespace collapsed to single
 * spaces. The result is plain text: escape it again before putting it into HTML.
 */
export function commentPlainText(html: string): string {
  const spaced = String(html).replace(BLOCK_BOUNDARY, ' $&');
  // sanitize-html decodes every entity while parsing and re-escapes only &, < and > on output.
  const stripped = sanitizeHtml(cleanMarkdownSource(spaced), PLAIN_TEXT_OPTIONS);
  return stripped
    .replace(/&(?:amp|lt|gt);/g, (entity) => BASIC_ENTITIES[entity] ?? entity)
    .replace(/\s+/g, ' ')
    .trim();
}
