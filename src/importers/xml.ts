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

/**
 * Builds the element trees of records from a reader's open, close and text events. The saxes
 * reader and the fast one (xml-fast.ts) both use it, so they give the same records.
 */
export class RecordBuilder {
  /** Names of the open elements as written, outermost first. */
  readonly stack: string[] = [];
  /** The record being read, if any. */
  record: XmlRecord | null = null;
  rootClosed = false;
  /** Events not handed out yet (see take). */
  out: XmlEvent[] = [];
  private elements: XmlElement[] = [];
  private recordDepth = -1;

  constructor(private readonly isRecord: XmlReadOptions['isRecord']) {}

  /** An element opens; its position is asked for only when it is kept (in or as a record). */
  open(raw: string, name: string, attrs: Record<string, string>, position: () => Position): void {
    const depth = this.stack.length;
    if (depth === 0) this.out.push({ type: 'root', name, attrs: { ...attrs } });
    if (this.record) {
      const el: XmlElement = { name, position: position(), attrs, children: [], text: '' };
      this.elements[this.elements.length - 1]!.children.push(el);
      this.elements.push(el);
    } else if (this.isRecord(name, depth)) {
      this.record = { name, attrs, children: [], text: '', position: position() };
      this.recordDepth = depth;
      this.elements = [this.record];
    }
    this.stack.push(raw);
  }

  /** The innermost open element closes. */
  close(): void {
    this.stack.pop();
    if (this.stack.length === 0) this.rootClosed = true;
    if (!this.record) return;
    this.elements.pop();
    if (this.stack.length === this.recordDepth) {
      this.out.push({ type: 'record', record: this.record });
      this.record = null;
      this.recordDepth = -1;
    }
  }

  /** Text inside a record, for its innermost open element (call only while `record` is set). */
  text(text: string): void {
    this.elements[this.elements.length - 1]!.text += text;
  }

  /** The events so far, handed out once. */
  take(): XmlEvent[] {
    const batch = this.out;
    this.out = [];
    return batch;
  }
}

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
  const b = new RecordBuilder(opts.isRecord);
  let fatal: ImportFileError | null = null;
  // Events before the fatal error (saxes reads on after one): given before it is thrown, so
  // that a reader handing over to this one mid-file lines up with it.
  let beforeFatal = 0;
  let tagStart: Position = { line: 1, column: 0 };
  const where = (): Position => ({ line: parser.line, column: parser.column + 1 });

  parser.on('opentagstart', () => {
    tagStart = where();
  });
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    const depth = b.stack.length;
    const inside = b.record;
    b.open(tag.name, name, localAttrs(tag.attributes as Record<string, string>), () => tagStart);
    if (inside && opts.isRecord(name, depth) && inside.error) {
      beforeFatal = b.out.length;
      fatal = new ImportFileError(`a <${name}> starts inside the malformed <${inside.name}> that began at line ${inside.position.line}: the file is too damaged to read on`, tagStart);
    }
  });
  // saxes closes what it opened, in order (self-closing tags too).
  parser.on('closetag', () => b.close());
  const onText = (text: string) => {
    if (b.record) b.text(text);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('error', (err) => {
    const message = err.message.replace(/^[^:]*?:?\d+:\d+: /, '');
    const position = where();
    const record = b.record;
    if (record) {
      record.error ??= `malformed XML at line ${position.line}, column ${position.column}: ${message}`;
    } else if (b.rootClosed) {
      b.out.push({ type: 'notice', message: `ignored malformed content after the end of the document: ${message}`, position });
    } else if (!fatal) {
      beforeFatal = b.out.length;
      fatal = new ImportFileError(`malformed XML: ${message}`, position);
    }
  });

  let started = false;
  for await (const { text, bytes } of xmlText(opts.file, (e) => b.out.push(e))) {
    started = true;
    parser.write(text);
    if (fatal) break;
    opts.onBytes?.(bytes);
    if (b.out.length) yield b.take();
  }
  if (!started && !fatal) throw new ImportFileError('the file is empty', { line: 1, column: 1 });
  if (!fatal) parser.close();
  if (fatal) {
    if (beforeFatal > 0) yield b.out.slice(0, beforeFatal);
    throw fatal;
  }
  if (b.record) throw new ImportFileError(`the file ends inside the <${b.record.name}> that began at line ${b.record.position.line}`, where());
  if (!b.rootClosed) throw new ImportFileError('the file ends before its root element is closed (truncated?)', where());
  if (b.out.length) yield b.out;
}
