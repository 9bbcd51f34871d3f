// Reading in a worker thread (the importer runs there; bodies are converted in the main thread,
// in more workers, or by the reading worker while staging is behind) gives what reading in the
// main thread gives: the same records, the same converted bodies, the same errors with their
// positions; and an import with workers writes the same rows.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDisqusBenchExport } from '../../bench/import-data.js';
import { ImportFileError, type ImportRecord } from '../../src/importers/types.js';
import { bodyToConvert, convertBody, convertRecordBody, EMPTY_BODY, type ConvertedBody } from '../../src/importers/bodies.js';
import { createUlidGenerator } from '../../src/domain/ids.js';
import { Scratch } from '../../src/services/imports/scratch.js';
import { stageRecords } from '../../src/services/imports/stage.js';
import { createReader, readInWorker, type ReaderMessage } from '../../src/services/imports/reader.js';
import { createSqliteDatabase, tempDir } from '../support/databases.js';
import { fixture, openImportEnv, rowsOf, type ImportTestEnv } from './support.js';

/**
 * Every record and, for each comment, its stored body: the one the reading worker converted
 * while staging was behind, or converted as staging converts the others.
 */
async function readAll(file: string, workers: number): Promise<{ records: ImportRecord[]; bodies: ConvertedBody[]; convertedByReader: number }> {
  const reader = createReader({ format: 'disqus', file, workers });
  const records: ImportRecord[] = [];
  const bodies: ConvertedBody[] = [];
  let convertedByReader = 0;
  try {
    for await (const batch of reader.batches) {
      for (const r of batch) {
        if (r.kind !== 'comment') {
          records.push(r);
          continue;
        }
        const { converted, ...record } = r;
        records.push(record);
        if (converted) convertedByReader++;
        bodies.push(converted ?? (await reader.converter.convert([bodyToConvert(r)]))[0]!);
      }
    }
  } finally {
    await reader.close();
  }
  return { records, bodies, convertedByReader };
}

describe('reading in worker threads', () => {
  const dir = tempDir();
  const big = path.join(dir, 'big.xml');
  beforeAll(async () => {
    await writeDisqusBenchExport({ file: big, comments: 2500, perThread: 60, seed: 4 });
  });

  it('gives the records and bodies the main thread gives, with one worker or more', { timeout: 60_000 }, async () => {
    for (const file of [fixture('disqus-gazette.xml'), big]) {
      const { convertedByReader, ...inline } = await readAll(file, 0);
      expect(convertedByReader).toBe(0);
      for (const workers of [1, 2]) {
        const { convertedByReader: _, ...threaded } = await readAll(file, workers);
        expect(threaded).toEqual(inline);
      }
    }
  });

  it('converts bodies in the reading worker while staging has no room for its next batch, and only then', async () => {
    const file = fixture('disqus-gazette.xml');
    const read = async (hasRoom: boolean) => {
      const sent: ReaderMessage[] = [];
      await readInWorker({ format: 'disqus', file }, { send: (m) => sent.push(m), hasRoom: () => hasRoom, room: async () => {} });
      expect(sent.at(-1)?.type).toBe('done');
      return sent.flatMap((m) => (m.type === 'batch' ? m.records : [])).filter((r) => r.kind === 'comment');
    };
    const behind = await read(false);
    expect(behind.length).toBeGreaterThan(10);
    for (const c of behind) {
      expect(c.converted).toBeDefined();
      expect(c.converted).toEqual(convertRecordBody({ ...c, converted: undefined }));
    }
    expect((await read(true)).filter((c) => c.converted)).toEqual([]);
  });

  it('stages the bodies the reading worker converted without converting them again', async () => {
    const sent: ReaderMessage[] = [];
    await readInWorker({ format: 'disqus', file: fixture('disqus-gazette.xml') }, { send: (m) => sent.push(m), hasRoom: () => false, room: async () => {} });
    const batches = sent.flatMap((m) => (m.type === 'batch' ? [m.records] : []));
    // Marked, so that the stored body shows which conversion it came from.
    const comments = batches.flat().filter((r) => r.kind === 'comment');
    for (const c of comments) c.converted = { ...c.converted!, markdown: `${c.converted!.markdown} (worker)` };
    let convertedHere = 0;
    const scratch = new Scratch(path.join(tempDir(), 'scratch.sqlite'));
    try {
      await stageRecords(
        {
          scratch,
          newId: createUlidGenerator(),
          resumeFrom: 0,
          converter: {
            workers: 0,
            close: async () => {},
            convert: async (bodies) => {
              convertedHere += bodies.length;
              return bodies.map((b) => (b ? convertBody(b) : EMPTY_BODY));
            },
          },
        },
        (async function* () {
          yield* batches;
        })(),
      );
      expect(convertedHere).toBe(0);
      const stored = scratch.db.prepare('select key, body_md from comments order by seq').all() as { key: string; body_md: string }[];
      expect(stored.length).toBe(comments.length);
      for (const row of stored) expect(row.body_md.endsWith(' (worker)'), row.key).toBe(true);
    } finally {
      scratch.close();
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
