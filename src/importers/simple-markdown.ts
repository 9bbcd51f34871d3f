// A shortcut for rendering the Markdown that most imported comments turn into: paragraphs of
// text with line breaks, **strong** and *emphasis* around whole words, [labelled](https://…)
// links and <https://…> links. For such text it writes exactly the HTML renderCommentMarkdown
// would (markdown-it, then sanitize-html), byte for byte, at a small part of the cost.
//
// It recognizes only a narrow shape and answers null for anything else, and the caller then
// renders the usual way. Being too strict costs time only; every rule below errs that way. The
// identity is checked by simple-markdown.test.ts over generated, fuzzed and real bodies.

const WORD_CHAR = /[\p{L}\p{N}]/u;
// What markdown-it's linkify could turn into a link (the same pre-check as src/domain/markdown.ts).
const MAYBE_LINK = /[:@]|[^\s.]\.[^\s.]/;
// A link destination: an absolute http(s) URL of plain ASCII that markdown-it keeps unchanged
// (no `;`, so no `&` in it can be read as an entity reference; no `%`, `(`, `)` or quotes).
const PLAIN_URL = /^https?:\/\/[a-z0-9][a-z0-9.-]*(?:\/[A-Za-z0-9\-._~/?#=&+,]*)?$/;
// Control characters and lone surrogates (which cleanMarkdownSource would change) and characters
// this renderer leaves to the full one.
// Control characters (which cleanMarkdownSource would remove) and characters this renderer
// leaves to the full one.
const UNSUPPORTED = /[\u0000-\u0009\u000B-\u001F\u007F\uFFFE\uFFFF`~_]/;
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// ASCII punctuation markdown-it lets a backslash escape.
const ESCAPABLE = /[!-/:-@[-`{-~]/;
// A line starting like this could be a block (list, quote, rule, heading, code…), or is a
// shape the inline scanner below does not start with.
const OPENS_BLOCK = /^(?:\d+[.)]|[^\p{L}\p{N}*\\[<]|\*[^\p{L}\p{N}*]|\*\*[^\p{L}\p{N}])/u;
const AFTER_CLOSER = /[ .,;?)]/;
const ENTITY_START = /[A-Za-z0-9#]/;

const LINK_ATTRS = '" rel="nofollow ugc noopener">';

/** Renders one line (no newlines in it) of inline content; null when it is not the simple shape. */
function renderLine(line: string): string | null {
  let out = '';
  // Start of the text not yet copied to `out`.
  let from = 0;
  let open = 0;
  // The line with link destinations cut out, for the linkify check (only when there are links).
  let linkFree: string | null = null;
  let linkFreeFrom = 0;
  const n = line.length;
  let i = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    switch (c) {
      case 92: {
        // `\`: an escaped punctuation character is that character as text.
        const next = line[i + 1];
        if (next === undefined || !ESCAPABLE.test(next)) return null;
        out += line.slice(from, i) + (next === '&' ? '&amp;' : next === '<' ? '&lt;' : next === '>' ? '&gt;' : next);
        i += 2;
        from = i;
        continue;
      }
      case 42: {
        // `*`: a run of one or two, opening or closing emphasis around words.
        let run = 1;
        while (line.charCodeAt(i + run) === 42) run++;
        if (run > 2) return null;
        const before = i > 0 ? line[i - 1]! : '';
        const after = i + run < n ? line[i + run]! : '';
        if (open === 0) {
          // An opener: at the start or after a space, before a letter or digit.
          if ((before !== '' && before !== ' ') || after === '' || !WORD_CHAR.test(after)) return null;
          out += line.slice(from, i) + (run === 2 ? '<strong>' : '<em>');
          open = run;
        } else {
          // The closer of the same length: after a letter or digit (not an escaped one), before
          // a space, the end or sentence punctuation.
          if (run !== open || !WORD_CHAR.test(before) || (after !== '' && !AFTER_CLOSER.test(after)) || (i >= 2 && line.charCodeAt(i - 2) === 92)) return null;
          out += line.slice(from, i) + (run === 2 ? '</strong>' : '</em>');
          open = 0;
        }
        i += run;
        from = i;
        continue;
      }
      case 91: {
        // `[label](https://…)`, with a label of plain text.
        if (open !== 0 || line.charCodeAt(i - 1) === 33) return null;
        const close = line.indexOf('](', i + 1);
        if (close < 0) return null;
        const label = line.slice(i + 1, close);
        if (label === '' || /[\\*[\]<>&]/.test(label) || label.trim() !== label || label.includes('  ')) return null;
        const end = line.indexOf(')', close + 2);
        if (end < 0) return null;
        const url = line.slice(close + 2, end);
        if (!PLAIN_URL.test(url)) return null;
        out += `${line.slice(from, i)}<a href="${url.replace(/&/g, '&amp;')}${LINK_ATTRS}${label}</a>`;
        linkFree = (linkFree ?? '') + line.slice(linkFreeFrom, close + 1) + ' ';
        i = end + 1;
        from = linkFreeFrom = i;
        continue;
      }
      case 60: {
        // `<https://…>`
        const end = line.indexOf('>', i + 1);
        if (end < 0 || open !== 0) return null;
        const url = line.slice(i + 1, end);
        if (!PLAIN_URL.test(url)) return null;
        const escaped = url.replace(/&/g, '&amp;');
        out += `${line.slice(from, i)}<a href="${escaped}${LINK_ATTRS}${escaped}</a>`;
        linkFree = `${linkFree ?? ''}${line.slice(linkFreeFrom, i)} `;
        i = end + 1;
        from = linkFreeFrom = i;
        continue;
      }
      case 93:
        // `]` outside a link.
        return null;
      case 38:
        // `&` that could start an entity reference is left to the full renderer.
        if (ENTITY_START.test(line[i + 1] ?? '')) return null;
        out += `${line.slice(from, i)}&amp;`;
        from = ++i;
        continue;
      case 62:
        out += `${line.slice(from, i)}&gt;`;
        from = ++i;
        continue;
      default:
        i++;
    }
  }
  if (open !== 0) return null;
  // linkify-it could find a link in the text: the full renderer decides. Tested on the source
  // line (markup characters in it only make a match likelier, never less likely).
  if (MAYBE_LINK.test(linkFree === null ? line : linkFree + line.slice(linkFreeFrom))) return null;
  return out + line.slice(from);
}

/**
 * The HTML renderCommentMarkdown(markdown) returns, when the Markdown has the simple shape
 * described above; otherwise null. `markdown` is non-empty and trimmed, as bodies.ts passes it.
 */
export function renderSimpleMarkdown(markdown: string): string | null {
  if (UNSUPPORTED.test(markdown) || (SURROGATE.test(markdown) && LONE_SURROGATE.test(markdown))) return null;
  // Blank lines only between paragraphs, one at a time; no spaces at either end of a line.
  if (markdown.includes('\n\n\n') || markdown.includes(' \n') || markdown.includes('\n ') || markdown.includes('![')) return null;
  const last = markdown.charCodeAt(markdown.length - 1);
  if (markdown.charCodeAt(0) === 32 || last === 32 || last === 10 || markdown.charCodeAt(0) === 10) return null;
  let html = '';
  for (const paragraph of markdown.split('\n\n')) {
    html += '<p>';
    const lines = paragraph.split('\n');
    for (let l = 0; l < lines.length; l++) {
      const line = lines[l]!;
      if (line === '' || OPENS_BLOCK.test(line)) return null;
      const rendered = renderLine(line);
      if (rendered === null) return null;
      html += l === 0 ? rendered : `<br />\n${rendered}`;
    }
    html += '</p>\n';
  }
  return html;
}
