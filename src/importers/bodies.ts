// A comment body as the old system had it → Parley's Markdown source and its rendered HTML,
// rendered by the same renderer (and sanitizer) as a comment posted today.
import { cleanMarkdownSource, renderCommentMarkdown, RENDERER_VERSION, sanitizeCommentHtml } from '../domain/markdown.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { renderSimpleMarkdown } from './simple-markdown.js';
import type { CommentRecord, SourceBody } from './types.js';

export interface ConvertedBody {
  markdown: string;
  html: string;
  rendererVersion: number;
}

export const EMPTY_BODY: ConvertedBody = { markdown: '', html: '', rendererVersion: RENDERER_VERSION };

export function convertBody(body: SourceBody): ConvertedBody {
  switch (body.kind) {
    case 'html':
      return render(htmlToMarkdown(body.text));
    case 'wordpress':
      return render(htmlToMarkdown(body.text, { newlinesAreBreaks: true }));
    case 'markdown':
      return render(cleanMarkdownSource(body.text.replace(/\r\n?/g, '\n')).trim());
    case 'parley':
      // Kept exactly; the HTML passes the sanitizer again, since the file is input like any other.
      return { markdown: cleanMarkdownSource(body.markdown), html: sanitizeCommentHtml(body.html), rendererVersion: body.rendererVersion };
  }
}

/** What of a comment record's body is converted: nothing for a deleted comment. */
export function bodyToConvert(c: CommentRecord): SourceBody | null {
  // A deleted comment keeps no text (as when a reader deletes one in Parley).
  if (c.status === 'deleted' && c.body.kind !== 'parley') return null;
  return c.body;
}

/** The body a comment record is stored with. */
export function convertRecordBody(c: CommentRecord): ConvertedBody {
  if (c.converted) return c.converted;
  const body = bodyToConvert(c);
  return body ? convertBody(body) : EMPTY_BODY;
}

function render(markdown: string): ConvertedBody {
  if (markdown === '') return EMPTY_BODY;
  // Most imported bodies are plain paragraphs: the shortcut writes the same HTML far faster.
  return { markdown, html: renderSimpleMarkdown(markdown) ?? renderCommentMarkdown(markdown), rendererVersion: RENDERER_VERSION };
}
