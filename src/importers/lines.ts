// Reads a text file line by line with line numbers, streaming, for JSON Lines formats.
import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';

export interface Line {
  text: string;
  /** 1-based. */
  number: number;
}

/** Whether the file starts with the gzip magic bytes (Remark42 and Commento export gzipped). */
export function isGzip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(2);
    return fs.readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

/** The file as a text stream, gunzipped when it is gzip; `onBytes` counts bytes read from disk. */
export function openText(file: string, onBytes?: (bytes: number) => void): { text: Readable; raw: fs.ReadStream } {
  // 64 KiB: the decoded chunks stay below V8's large-object size (see xmlText in xml-fast.ts).
  const raw = fs.createReadStream(file, { highWaterMark: 64 * 1024 });
  let bytes = 0;
  raw.on('data', (chunk) => {
    bytes += (chunk as Buffer).length;
    onBytes?.(bytes);
  });
  const text = isGzip(file) ? raw.pipe(zlib.createGunzip()) : raw;
  text.setEncoding('utf8');
  return { text, raw };
}

export async function* readLines(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<Line[]> {
  const { text: stream, raw } = openText(file, onBytes);
  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  let batch: Line[] = [];
  try {
    for await (const text of rl) {
      n++;
      batch.push({ text: n === 1 ? text.replace(/^\uFEFF/, '') : text, number: n });
      if (batch.length >= 500) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  } finally {
    rl.close();
    stream.destroy();
    raw.destroy();
  }
}
