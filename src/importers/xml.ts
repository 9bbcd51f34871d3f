// Streams an XML export as a sequence of small element trees, one per record element (a Disqus
// <post>, a WordPress <item>), so memory holds one record at a time whatever the file's size.
//
// Names are matched without their namespace prefix: export tools disagree about namespace URIs
// (WXR 1.0/1.1/1.2, http or https, Disqus files with or without a default namespace) and some
// files use a prefix they never declare.
//
// Well-formedness: an error inside a record skips that record (reported with its position); an
// error outside any record stops the import with the position; anything after the root element
// has closed is ignored with a notice. Whitespace and stray characters before the first tag are
// skipped with a notice (some exporters write them).
import { SaxesParser } from 'saxes';
import { ImportFileError, type Position } from './types.js';
import { readXmlRecordsFast, XmlFallback, xmlText } from './xml-fast.js';

export interface XmlElement {
  name: string;
  /** Where the element's start tag begins. */
  position?: Position;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Text and CDATA directly inside, concatenated. */
  text: string;
}

export interface XmlRecord extends XmlElement {
  position: Position;
  /** The first well-formedness error inside the record, with its position. */
  error?: string;
}

export type XmlEvent = { type: 'record'; record: XmlRecord } | { type: 'notice'; message: string; position?: Position } | { type: 'root'; name: string; attrs: Record<string, string> };

export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

function localAttrs(attrs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  // (for…in: most elements have no attribute, and this runs for every element of the file)
  for (const k in attrs) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    out[localName(k)] = attrs[k]!;
  }
  return out;
}

/** The trimmed text of the first child with this local name, or null when absent. */
export function childText(el: XmlElement, name: string): string | null {
  for (const c of el.children) if (c.name === name) return c.text.trim();
  return null;
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) if (c.name === name) return c;
  return undefined;
}

export interface XmlReadOptions {
  file: string;
  /** Whether an element (by local name and depth, root = 0) is a record. */
  isRecord: (name: string, depth: number) => boolean;
  onBytes?: (bytes: number) => void;
  /** Records per yielded batch (a batch is also yielded at the end of each chunk read). */
  chunkSize?: number;
}

/**
 * Reads the file and yields its records (and notices) in batches: with the fast reader of
 * xml-fast.ts while the file stays within what it reads, else with saxes from where it stopped
 * (saxes reads the file again from the start, and what the fast reader already gave is skipped).
 */
export async function* readXmlRecords(opts: XmlReadOptions): AsyncGenerator<XmlEvent[]> {
  let given = 0;
  try {
    for await (const batch of readXmlRecordsFast(opts)) {
      given += batch.length;
      yield batch;
    }
    return;
  } catch (err) {
    if (!(err instanceof XmlFallback)) throw err;
  }
  for await (const batch of readXmlRecordsSaxes(opts)) {
    if (given >= batch.length) {
      given -= batch.length;
      continue;
    }
    yield given > 0 ? batch.slice(given) : batch;
    given = 0;
  }
}

/** readXmlRecords with saxes alone: any XML, and the messages for what is not well-formed. */
export async function* readXmlRecordsSaxes(opts: XmlReadOptions): AsyncGenerator<XmlEvent[]> {
  const parser = new SaxesParser({ position: true });
  const stack: string[] = [];
  const recordStack: XmlElement[] = [];
  let record: XmlRecord | null = null;
  let recordDepth = -1;
  let rootClosed = false;
  let fatal: ImportFileError | null = null;
  // Events before the fatal error (saxes reads on after one): given before it is thrown, so
  // that a reader handing over to this one mid-file lines up with it.
  let beforeFatal = 0;
  let out: XmlEvent[] = [];
  let tagStart: Position = { line: 1, column: 0 };
  const where = (): Position => ({ line: parser.line, column: parser.column + 1 });

  parser.on('opentagstart', () => {
    tagStart = where();
  });
  parser.on('opentag', (tag) => {
    const attributes = tag.attributes as Record<string, string>;
    const name = localName(tag.name);
    const depth = stack.length;
    stack.push(tag.name);
    if (depth === 0) out.push({ type: 'root', name, attrs: localAttrs(attributes) });
    if (record) {
      const el: XmlElement = { name, position: tagStart, attrs: localAttrs(attributes), children: [], text: '' };
      recordStack[recordStack.length - 1]!.children.push(el);
      recordStack.push(el);
      if (opts.isRecord(name, depth) && record.error) {
        beforeFatal = out.length;
        fatal = new ImportFileError(`a <${name}> starts inside the malformed <${record.name}> that began at line ${record.position.line}: the file is too damaged to read on`, tagStart);
      }
      return;
    }
    if (opts.isRecord(name, depth)) {
      record = { name, attrs: localAttrs(attributes), children: [], text: '', position: tagStart };
      recordDepth = depth;
      recordStack.length = 0;
      recordStack.push(record);
    }
  });
  parser.on('closetag', () => {
    // saxes closes what it opened, in order (self-closing tags too).
    stack.pop();
    if (stack.length === 0) rootClosed = true;
    if (!record) return;
    recordStack.pop();
    if (stack.length === recordDepth) {
      out.push({ type: 'record', record });
      record = null;
      recordDepth = -1;
    }
  });
  const onText = (text: string) => {
    if (record) recordStack[recordStack.length - 1]!.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('error', (err) => {
    const message = err.message.replace(/^[^:]*?:?\d+:\d+: /, '');
    const position = where();
    if (record) {
      record.error ??= `malformed XML at line ${position.line}, column ${position.column}: ${message}`;
    } else if (rootClosed) {
      out.push({ type: 'notice', message: `ignored malformed content after the end of the document: ${message}`, position });
    } else if (!fatal) {
      beforeFatal = out.length;
      fatal = new ImportFileError(`malformed XML: ${message}`, position);
    }
  });

  let started = false;
  for await (const { text, bytes } of xmlText(opts.file, (e) => out.push(e))) {
    started = true;
    parser.write(text);
    if (fatal) break;
    opts.onBytes?.(bytes);
    if (out.length) {
      const batch = out;
      out = [];
      yield batch;
    }
  }
  if (!started && !fatal) throw new ImportFileError('the file is empty', { line: 1, column: 1 });
  if (!fatal) parser.close();
  if (fatal) {
    if (beforeFatal > 0) yield out.slice(0, beforeFatal);
    throw fatal;
  }
  if (record) {
    const open = record as XmlRecord;
    throw new ImportFileError(`the file ends inside the <${open.name}> that began at line ${open.position.line}`, where());
  }
  if (!rootClosed) throw new ImportFileError('the file ends before its root element is closed (truncated?)', where());
  if (out.length) yield out;
}
