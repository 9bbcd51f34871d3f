// A fast reader for the XML that export tools write: elements, attributes, text, CDATA,
// comments, the five predefined entities and character references, an XML declaration. It
// gives exactly the events of the general reader in xml.ts (saxes): the same element trees, the
// same texts, the same positions; a test compares the two over every fixture, generated exports
// and mutations of them.
//
// It never reports a problem itself. On anything outside that subset or not well-formed (a
// DOCTYPE, a processing instruction, an unknown entity, a mismatched tag, a disallowed
// character, text outside the root…) it throws XmlFallback, and readXmlRecords reads the file
// again with saxes, whose messages say what and where. So the subset only decides speed.
//
// Names are matched without their namespace prefix (see xml.ts).
import fs from 'node:fs';
import { ImportFileError, type Position } from './types.js';
import { localName, RecordBuilder, type XmlEvent, type XmlReadOptions } from './xml.js';

/** Thrown where this reader stops; the events it gave before that are right. */
export class XmlFallback extends Error {
  override name = 'XmlFallback';
}

const S = '[ \\t\\r\\n]';
const NAME = '[A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?';
const OPEN_TAG = new RegExp(`<(${NAME})((?:${S}+${NAME}${S}*=${S}*(?:"[^"<]*"|'[^'<]*'))*)${S}*(/?)>`, 'y');
const ATTRIBUTE = new RegExp(`(${NAME})${S}*=${S}*(?:"([^"<]*)"|'([^'<]*)')`, 'g');
const CLOSE_TAG = new RegExp(`</(${NAME})${S}*>`, 'y');
const XML_DECLARATION = new RegExp(`<\\?xml${S}+version${S}*=${S}*(["'])1\\.0\\1(?:${S}+encoding${S}*=${S}*(["'])[A-Za-z][A-Za-z0-9._-]*\\2)?(?:${S}+standalone${S}*=${S}*(["'])(?:yes|no)\\3)?${S}*\\?>`, 'y');
/** Characters XML 1.0 does not allow (a UTF-8 decoder never makes lone surrogates). */
const DISALLOWED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const NOT_WHITESPACE = /[^ \t\r\n]/;
const ATTRIBUTE_WHITESPACE = /[\t\r\n]/;
/** A tag longer than this that still does not parse is not waited for. */
const MAX_TAG = 64 * 1024;

const fallback = (what: string): XmlFallback => new XmlFallback(what);

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Decodes entity and character references; anything else after `&` is not for this reader. */
function decode(text: string): string {
  let at = text.indexOf('&');
  if (at < 0) return text;
  let out = '';
  let from = 0;
  while (at >= 0) {
    const semi = text.indexOf(';', at);
    if (semi < 0 || semi - at > 10) throw fallback('entity');
    const ref = text.slice(at + 1, semi);
    let ch: string;
    switch (ref) {
      case 'lt':
        ch = '<';
        break;
      case 'gt':
        ch = '>';
        break;
      case 'amp':
        ch = '&';
        break;
      case 'quot':
        ch = '"';
        break;
      case 'apos':
        ch = "'";
        break;
      default: {
        const cp = /^#[0-9]{1,7}$/.test(ref) ? Number(ref.slice(1)) : /^#x[0-9a-fA-F]{1,6}$/.test(ref) ? Number.parseInt(ref.slice(2), 16) : -1;
        if (!isXmlChar(cp)) throw fallback('entity');
        ch = String.fromCodePoint(cp);
      }
    }
    out += text.slice(from, at) + ch;
    from = semi + 1;
    at = text.indexOf('&', from);
  }
  return out + text.slice(from);
}

/** Attributes by local name, namespace declarations left out (as localAttrs in xml.ts). */
function readAttributes(source: string): Record<string, string> {
  const out: Record<string, string> = {};
  const seen: string[] = [];
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(source); m; m = ATTRIBUTE.exec(source)) {
    const raw = m[1]!;
    let value = m[2] ?? m[3]!;
    // Whitespace in values is normalized by XML's rules, and duplicates are errors: saxes says.
    if (seen.includes(raw) || ATTRIBUTE_WHITESPACE.test(value)) throw fallback('attribute');
    seen.push(raw);
    if (value.includes('&')) value = decode(value);
    if (raw === 'xmlns' || raw.startsWith('xmlns:')) continue;
    out[localName(raw)] = value;
  }
  return out;
}

/** Text as XML gives it: line ends normalized, references decoded. */
function textOf(raw: string): string {
  const t = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  return decode(t);
}

/**
 * Whitespace, a BOM or stray characters before the first tag: skipped, with a notice when not
 * blank. Returns the text from the first tag on, or null when the chunk has none yet.
 */
export function fromFirstTag(text: string, out: XmlEvent[]): string | null {
  const first = text.indexOf('<');
  if (first < 0) {
    if (text.trim() !== '' && !/^\uFEFF?\s*$/.test(text)) throw new ImportFileError('this is not an XML file: no tag found at the start', { line: 1, column: 1 });
    return null;
  }
  const junk = text.slice(0, first).replace(/^\uFEFF/, '');
  if (junk.trim() !== '') out.push({ type: 'notice', message: `ignored ${JSON.stringify(junk.trim().slice(0, 20))} before the first tag`, position: { line: 1, column: 1 } });
  return text.slice(first);
}

/**
 * The file's text in chunks of 64 KiB, from its first tag on (what comes before it goes to
 * `notice`, see fromFirstTag), with the bytes read so far. Ending the loop early closes the file.
 * (V8 puts a string over 128 KiB straight into the old generation, where only a full collection
 * frees it: with 256 KiB chunks, reading a 724 MB export took over a hundred of them and the
 * process's peak memory rose by about 60 MB.)
 */
export async function* xmlText(file: string, notice: (e: XmlEvent) => void): AsyncGenerator<{ text: string; bytes: number }> {
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  let bytes = 0;
  let started = false;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      bytes += Buffer.byteLength(chunk);
      let text: string | null = chunk;
      if (!started) {
        const skipped: XmlEvent[] = [];
        text = fromFirstTag(chunk, skipped);
        skipped.forEach(notice);
        if (text === null) continue;
        started = true;
      }
      yield { text, bytes };
    }
  } finally {
    stream.destroy();
  }
}

/** Reads the file and yields its records in batches, as readXmlRecords; throws XmlFallback where it cannot. */
export async function* readXmlRecordsFast(opts: XmlReadOptions): AsyncGenerator<XmlEvent[]> {
  let buf = '';
  let pos = 0;
  // Line and column (code points before it on its line) at index `cur` of buf; as saxes counts.
  let cur = 0;
  let line = 1;
  let col = 0;
  const b = new RecordBuilder(opts.isRecord);
  // Whether nothing has been parsed yet (where an XML declaration may be).
  let atStart = true;

  const advance = (to: number) => {
    for (let i = cur; i < to; i++) {
      const c = buf.charCodeAt(i);
      if (c === 10) {
        line++;
        col = 0;
      } else if (c === 13) {
        line++;
        col = 0;
        if (buf.charCodeAt(i + 1) === 10) i++;
      } else if (c < 0xdc00 || c > 0xdfff) col++;
    }
    cur = to;
  };
  // Where saxes says a start tag begins: once it has read `<`, the name and one character more.
  const tagPosition = (lt: number, name: string): Position => {
    advance(lt);
    const after = buf.charCodeAt(lt + 1 + name.length);
    return after === 10 || after === 13 ? { line: line + 1, column: 1 } : { line, column: col + name.length + 3 };
  };

  const open = (raw: string, attrSource: string, selfClosing: boolean, lt: number) => {
    if (b.rootClosed) throw fallback('second root');
    b.open(raw, localName(raw), attrSource === '' ? {} : readAttributes(attrSource), () => tagPosition(lt, raw));
    if (selfClosing) b.close();
  };
  const text = (from: number, to: number) => {
    const raw = buf.slice(from, to);
    if (b.stack.length === 0) {
      // Before the root or after it: only whitespace here.
      if (NOT_WHITESPACE.test(raw)) throw fallback('text outside the root');
      return;
    }
    if (raw.includes(']]>')) throw fallback(']]> in text');
    if (b.record) b.text(textOf(raw));
    else if (raw.includes('&')) decode(raw);
  };

  /** Parses what `buf` holds from `pos`; stops before a construct not complete yet (unless final). */
  const parse = (final: boolean) => {
    for (;;) {
      const lt = buf.indexOf('<', pos);
      if (lt < 0) {
        if (final) {
          text(pos, buf.length);
          pos = buf.length;
        }
        return;
      }
      if (lt > pos) text(pos, lt);
      pos = lt;
      const first = atStart && lt === 0;
      atStart = false;
      const next = buf.charCodeAt(lt + 1);
      if (next === 47) {
        // </name>
        CLOSE_TAG.lastIndex = lt;
        const m = CLOSE_TAG.exec(buf);
        if (!m) {
          if (!final && buf.length - lt < MAX_TAG) return;
          throw fallback('close tag');
        }
        if (b.stack[b.stack.length - 1] !== m[1]) throw fallback('mismatched close tag');
        b.close();
        pos = CLOSE_TAG.lastIndex;
      } else if (next === 33) {
        // <!-- comment --> or <![CDATA[ … ]]>
        if (buf.startsWith('<!--', lt)) {
          const end = buf.indexOf('-->', lt + 4);
          if (end < 0) {
            if (final) throw fallback('comment');
            return;
          }
          if (buf.slice(lt + 4, end).includes('--') || buf.charCodeAt(end - 1) === 45) throw fallback('-- in comment');
          pos = end + 3;
        } else if (buf.startsWith('<![CDATA[', lt)) {
          const end = buf.indexOf(']]>', lt + 9);
          if (end < 0) {
            if (final) throw fallback('CDATA');
            return;
          }
          if (b.stack.length === 0) throw fallback('CDATA outside the root');
          if (b.record) {
            const raw = buf.slice(lt + 9, end);
            b.text(raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw);
          }
          pos = end + 3;
        } else if (!final && buf.length - lt < 9) return;
        else throw fallback('declaration');
      } else if (next === 63) {
        // Only the XML declaration, first in the file.
        if (!first) throw fallback('processing instruction');
        XML_DECLARATION.lastIndex = 0;
        if (!XML_DECLARATION.exec(buf)) {
          if (!final && buf.length < MAX_TAG) {
            atStart = true;
            return;
          }
          throw fallback('XML declaration');
        }
        pos = XML_DECLARATION.lastIndex;
      } else {
        OPEN_TAG.lastIndex = lt;
        const m = OPEN_TAG.exec(buf);
        if (!m) {
          if (!final && buf.length - lt < MAX_TAG) return;
          throw fallback('start tag');
        }
        const end = OPEN_TAG.lastIndex;
        open(m[1]!, m[2]!, m[3] === '/', lt);
        pos = end;
      }
    }
  };

  let started = false;
  for await (const { text, bytes } of xmlText(opts.file, (e) => b.out.push(e))) {
    started = true;
    if (DISALLOWED.test(text)) throw fallback('disallowed character');
    // Keep only what is not parsed yet (positions move along with it).
    advance(pos);
    buf = pos < buf.length ? buf.slice(pos) + text : text;
    cur = 0;
    pos = 0;
    parse(false);
    opts.onBytes?.(bytes);
    if (b.out.length) yield b.take();
  }
  if (!started) throw new ImportFileError('the file is empty', { line: 1, column: 1 });
  parse(true);
  if (b.record || !b.rootClosed) throw fallback('the file ends early');
  if (b.out.length) yield b.out;
}
