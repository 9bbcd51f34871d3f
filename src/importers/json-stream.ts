// Streams the elements of the top-level arrays of a large JSON object — e.g. the "comments" and
// "commenters" of a Commento export — one element at a time, with stream-json's tokenizer. The
// text is fed in small pieces so that a syntax error can be placed (near line L, column C) and
// attributed to the element being read.
import { once } from 'node:events';
import Parser from 'stream-json/Parser.js';
import { openText } from './lines.js';
import { ImportFileError, type Position } from './types.js';

export interface JsonElement {
  /** Key of the top-level array this element belongs to. */
  array: string;
  index: number;
  value: unknown;
  position: Position;
}

export type JsonEvent = { type: 'element'; element: JsonElement } | { type: 'top'; key: string; value: unknown };

interface Token {
  name: string;
  value?: string;
}

/** Builds values from tokens (stream-json packs keys, strings and numbers). */
class Builder {
  private stack: { container: Record<string, unknown> | unknown[]; key: string | null }[] = [];
  value: unknown = undefined;
  done = false;

  private add(v: unknown): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.value = v;
      this.done = true;
    } else if (Array.isArray(top.container)) top.container.push(v);
    else top.container[top.key!] = v;
  }

  consume(t: Token): void {
    switch (t.name) {
      case 'startObject':
      case 'startArray': {
        const container = t.name === 'startObject' ? Object.create(null) : [];
        this.add(container);
        this.done = false;
        this.stack.push({ container, key: null });
        break;
      }
      case 'endObject':
      case 'endArray': {
        const closed = this.stack.pop()!;
        if (this.stack.length === 0) {
          this.value = closed.container;
          this.done = true;
        }
        break;
      }
      case 'keyValue':
        this.stack[this.stack.length - 1]!.key = t.value!;
        break;
      case 'stringValue':
        this.add(t.value);
        break;
      case 'numberValue':
        this.add(Number(t.value));
        break;
      case 'nullValue':
        this.add(null);
        break;
      case 'trueValue':
        this.add(true);
        break;
      case 'falseValue':
        this.add(false);
        break;
    }
  }
}

const PIECE = 1024;

export async function* readJsonArrays(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<JsonEvent[]> {
  const { text, raw } = openText(file, onBytes);
  const parser = new Parser({ packValues: true, streamValues: false });
  let depth = 0;
  let topKey: string | null = null;
  let builder: Builder | null = null;
  let topBuilder: Builder | null = null;
  let elementStart: Position = { line: 1, column: 1 };
  const index = new Map<string, number>();
  let out: JsonEvent[] = [];
  let line = 1;
  let column = 1;
  let pieceStart: Position = { line: 1, column: 1 };
  let sawRoot = false;
  let structural: ImportFileError | null = null;

  parser.on('data', (t: Token) => {
    if (builder) {
      builder.consume(t);
      if (builder.done) {
        const i = index.get(topKey!) ?? 0;
        index.set(topKey!, i + 1);
        out.push({ type: 'element', element: { array: topKey!, index: i, value: builder.value, position: { ...elementStart, index: i, list: topKey! } } });
        builder = null;
      }
    } else if (topBuilder) {
      topBuilder.consume(t);
      if (topBuilder.done) {
        out.push({ type: 'top', key: topKey!, value: topBuilder.value });
        topBuilder = null;
      }
    } else if (depth === 0 && t.name !== 'startObject') {
      structural ??= new ImportFileError('expected a JSON object at the top of the file', pieceStart);
      return;
    } else if (depth === 1 && t.name === 'keyValue') {
      topKey = t.value!;
    } else if (depth === 1 && t.name !== 'startArray' && t.name !== 'endObject') {
      // A scalar or object member of the top object ("version": 1, …).
      topBuilder = new Builder();
      topBuilder.consume(t);
      if (topBuilder.done) {
        out.push({ type: 'top', key: topKey!, value: topBuilder.value });
        topBuilder = null;
      }
      return;
    } else if (depth === 2 && (t.name === 'startObject' || t.name === 'startArray')) {
      builder = new Builder();
      elementStart = pieceStart;
      builder.consume(t);
    }
    if (t.name === 'startObject' || t.name === 'startArray') {
      depth++;
      sawRoot = true;
    } else if (t.name === 'endObject' || t.name === 'endArray') depth--;
  });
  const failed = new Promise<never>((_, reject) => parser.once('error', reject));
  failed.catch(() => {});

  const write = async (piece: string) => {
    pieceStart = { line, column };
    for (let i = 0; i < piece.length; i++) {
      if (piece.charCodeAt(i) === 10) {
        line++;
        column = 1;
      } else column++;
    }
    const ok = await Promise.race([new Promise<boolean>((resolve, reject) => parser.write(piece, (err?: Error | null) => (err ? reject(err) : resolve(true)))), failed]);
    return ok;
  };

  try {
    for await (const chunk of text as AsyncIterable<string>) {
      // Pieces end at line ends (at most PIECE characters), so an error is placed on its line.
      for (let i = 0; i < chunk.length; ) {
        const nl = chunk.indexOf('\n', i);
        const end = nl >= 0 && nl < i + PIECE ? nl + 1 : Math.min(chunk.length, i + PIECE);
        const piece = chunk.slice(i, end);
        i = end;
        try {
          await write(piece);
          if (structural) throw structural;
        } catch (err) {
          if (err instanceof ImportFileError) throw err;
          const where = builder ? ` in ${topKey}[${index.get(topKey!) ?? 0}] (the element that starts near line ${elementStart.line})` : '';
          throw new ImportFileError(`malformed JSON${where}: ${(err as Error).message.replace(/^Parser cannot parse input: /, '')}`, pieceStart);
        }
      }
      if (out.length) {
        const batch = out;
        out = [];
        yield batch;
      }
    }
    parser.end();
    await Promise.race([once(parser, 'end'), failed]).catch((err: Error) => {
      throw new ImportFileError(`malformed JSON: ${err.message.replace(/^Parser cannot parse input: /, '')}`, { line, column });
    });
    if (structural) throw structural;
    if (!sawRoot) throw new ImportFileError('the file is empty', { line: 1, column: 1 });
    if (depth !== 0 || builder) throw new ImportFileError('the file ends inside the JSON (truncated?)', { line, column });
    if (out.length) yield out;
  } finally {
    text.destroy();
    raw.destroy();
  }
}
