// Reading in a worker thread (the importer runs there; bodies are converted in the main thread
// or in more workers) gives what reading in the main thread gives: the same records, the same
// converted bodies, the same errors with their positions; and an import with workers writes the
// same rows.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDisqusBenchExport } from '../../bench/import-data.js';
import { ImportFileError, type ImportRecord } from '../../src/importers/types.js';
import type { ConvertedBody } from '../../src/importers/bodies.js';
import { createReader } from '../../src/services/imports/reader.js';
import { createSqliteDatabase, tempDir } from '../support/databases.js';
import { fixture, openImportEnv, rowsOf, type ImportTestEnv } from './support.js';

/** Every record and, for each comment, its converted body (converting when the reader did not). */
async function readAll(file: string, workers: number): Promise<{ records: ImportRecord[]; bodies: ConvertedBody[] }> {
  const reader = createReader({ format: 'disqus', file, workers });
  const records: ImportRecord[] = [];
  const bodies: ConvertedBody[] = [];
  try {
    for await (const batch of reader.batches) {
      records.push(...batch);
      bodies.push(...(await reader.converter.convert(batch.filter((r) => r.kind === 'comment').map((c) => c.body))));
    }
  } finally {
    await reader.close();
  }
  return { records, bodies };
}

describe('reading in worker threads', () => {
  const dir = tempDir();
  const big = path.join(dir, 'big.xml');
  beforeAll(async () => {
    await writeDisqusBenchExport({ file: big, comments: 2500, perThread: 60, seed: 4 });
  });

  it('gives the records and bodies the main thread gives, with one worker or more', { timeout: 60_000 }, async () => {
    for (const file of [fixture('disqus-gazette.xml'), big]) {
      const inline = await readAll(file, 0);
      expect(await readAll(file, 1)).toEqual(inline);
      expect(await readAll(file, 2)).toEqual(inline);
    }
  });

  it('reports a malformed file from the worker as from the main thread: same message, same position', { timeout: 60_000 }, async () => {
    const file = path.join(dir, 'broken.xml');
    fs.writeFileSync(file, fs.readFileSync(fixture('disqus-gazette.xml'), 'utf8').replace('<thread dsq:id="300">', '<thread dsq:id="300"><oops>').replace('</disqus>', ''));
    const errors = [];
    for (const workers of [0, 1]) errors.push(await readAll(file, workers).catch((e: unknown) => e));
    expect(errors[0]).toBeInstanceOf(ImportFileError);
    expect(errors[1]).toBeInstanceOf(ImportFileError);
    expect((errors[1] as ImportFileError).message).toBe((errors[0] as ImportFileError).message);
    expect((errors[1] as ImportFileError).position).toEqual((errors[0] as ImportFileError).position);
  });
});

describe('an import with workers', () => {
  let plain: ImportTestEnv;
  let threaded: ImportTestEnv;
  beforeAll(async () => {
    plain = await openImportEnv(await createSqliteDatabase());
    threaded = await openImportEnv(await createSqliteDatabase());
  });
  afterAll(async () => {
    await plain.close();
    await threaded.close();
  });

  it('writes the same comments as one without', { timeout: 60_000 }, async () => {
    const file = path.join(tempDir(), 'bench.xml');
    await writeDisqusBenchExport({ file, comments: 1500, perThread: 50, seed: 8 });
    const a = await plain.import('disqus', file);
    const b = await threaded.import('disqus', file, { workers: 1 });
    expect({ ...b, importId: null, seconds: 0, commentsPerSecond: 0 }).toEqual({ ...a, importId: null, seconds: 0, commentsPerSecond: 0 });
    const strip = (rows: Record<string, unknown>[]) => rows.map((r) => [r.body_md, r.body_html, r.status, r.visible, r.depth, r.reply_count, r.created_at]);
    expect(strip(await rowsOf(threaded.db, 'comments', {}, ['created_at', 'depth', 'body_md']))).toEqual(strip(await rowsOf(plain.db, 'comments', {}, ['created_at', 'depth', 'body_md'])));
  });
});
