// A file writer that respects backpressure, so exports stream with flat memory.
import fs from 'node:fs';
import { once } from 'node:events';

export interface LineWriter {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

export function openWriter(file: string): LineWriter {
  const stream = fs.createWriteStream(file, { encoding: 'utf8' });
  let failed: Error | null = null;
  stream.on('error', (err) => (failed = err));
  return {
    async write(text) {
      if (failed) throw failed;
      if (!stream.write(text)) await once(stream, 'drain');
    },
    async close() {
      if (failed) throw failed;
      stream.end();
      await once(stream, 'finish');
    },
  };
}
