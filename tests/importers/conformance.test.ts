// Conformance: real export samples written by other projects (../shared/fixtures, described in
// PROVENANCE.md there) go through the importers. Each is dry-run (full report, no writes) with
// the counts a reader of that file would expect; a few are imported for real to check threading,
// idempotency and sanitizing against what the file says. Skipped with a notice when the folder is
// absent.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulidTime } from '../../src/domain/ids.js';
import type { ImportFormat } from '../../src/importers/types.js';
import { databaseKinds } from '../support/databases.js';
import { openImportEnv, rowsOf, type ImportTestEnv } from './support.js';

const SHARED = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../shared/fixtures');
const present = fs.existsSync(path.join(SHARED, 'PROVENANCE.md'));
if (!present) console.warn(`[parley tests] ${SHARED} is absent: the import conformance suite is skipped`);
const kinds = present ? await databaseKinds() : [];

interface Case {
  format: ImportFormat;
  file: string;
  imported: number;
  byStatus?: Record<string, number>;
  skipped?: number;
  attachedToTop?: number;
  threadsWithComments?: number;
}

// What each file holds, read from the file and PROVENANCE.md.
const CASES: Case[] = [
  { format: 'disqus', file: 'isso__disqus.xml', imported: 5, byStatus: { approved: 4, deleted: 1 }, skipped: 1, threadsWithComments: 2 },
  { format: 'disqus', file: 'disqus-docs__comments-export-example.xml', imported: 3, byStatus: { approved: 2, spam: 1 }, skipped: 0 },
  { format: 'disqus', file: 'remark42__disqus.xml', imported: 5, byStatus: { approved: 4, spam: 1 }, skipped: 1 },
  { format: 'disqus', file: 'remark42__disqus-deleted-post.xml', imported: 5, byStatus: { approved: 3, deleted: 1, spam: 1 }, skipped: 1 },
  { format: 'disqus', file: 'remark42__disqus-deleted-thread.xml', imported: 2, byStatus: { approved: 2 }, skipped: 4 },
  { format: 'disqus', file: 'talkyard__disqus-export.xml', imported: 7, byStatus: { approved: 5, deleted: 1, spam: 1 }, skipped: 0, threadsWithComments: 2 },
  { format: 'disqus', file: 'talkyard__disqus-export-2.xml', imported: 9, byStatus: { approved: 7, deleted: 1, spam: 1 }, skipped: 0, threadsWithComments: 3 },
  { format: 'disqus', file: 'pygameweb__test_comment.xml_example.xml', imported: 4, byStatus: { approved: 4 }, skipped: 0, threadsWithComments: 1 },
  { format: 'disqus', file: 'artransfer__Disqus.sample', imported: 4, byStatus: { approved: 4 }, skipped: 0, threadsWithComments: 1 },
  { format: 'wordpress', file: 'isso__wordpress.xml', imported: 8, byStatus: { approved: 8 }, skipped: 0, threadsWithComments: 2 },
  { format: 'wordpress', file: 'remark42__wordpress_test.xmlTestWP.xml', imported: 4, byStatus: { approved: 3, pending: 1 }, skipped: 0, threadsWithComments: 1 },
  // Two comments share comment_id 2 in one post: the second is reported.
  { format: 'wordpress', file: 'remark42__wordpress_test.xmlTestWPmd.xml', imported: 2, skipped: 1, threadsWithComments: 1 },
  { format: 'wordpress', file: 'wpimporter__theme-unit-test-data.xml', imported: 33, byStatus: { approved: 30, pending: 3 }, skipped: 0, threadsWithComments: 7 },
  { format: 'wordpress', file: 'wpimporter__valid-wxr-1.0.xml', imported: 1, skipped: 0 },
  { format: 'wordpress', file: 'wpimporter__slashes.xml', imported: 1, skipped: 0 },
  { format: 'wordpress', file: 'wpimporter__test-serialized-comment-meta.xml', imported: 1, skipped: 0 },
  { format: 'wordpress', file: 'artransfer__WordPress.sample', imported: 5, skipped: 0, threadsWithComments: 1 },
  { format: 'commento', file: 'commento__domain_import_commento_test.export.json', imported: 3, skipped: 0, threadsWithComments: 1 },
  { format: 'commento', file: 'remark42__commento.json', imported: 3, skipped: 0, threadsWithComments: 2 },
  { format: 'commento', file: 'remark42__api-commento.json', imported: 7, skipped: 0, threadsWithComments: 1 },
  { format: 'remark42', file: 'remark42__native_test.backup.jsonl', imported: 2, skipped: 0, attachedToTop: 1, threadsWithComments: 2 },
];

describe.each(kinds)('conformance with shared samples on $kind', ({ create }) => {
  let env: ImportTestEnv;
  beforeAll(async () => {
    env = await openImportEnv(await create(), { publicUrl: null });
  });
  afterAll(async () => {
    await env.close();
  });

  it.each(CASES)('$format $file (dry run)', async (c) => {
    const report = await env.import(c.format, path.join(SHARED, c.file), { dryRun: true });
    expect(report.comments.imported).toBe(c.imported);
    if (c.byStatus) expect(report.comments.byStatus).toEqual(c.byStatus);
    if (c.skipped !== undefined) expect(report.comments.skipped).toBe(c.skipped);
    expect(report.comments.attachedToTop).toBe(c.attachedToTop ?? 0);
    if (c.threadsWithComments !== undefined) expect(report.threads.total - report.threads.empty - report.threads.deleted).toBe(c.threadsWithComments);
    for (const s of report.skipped) expect(s.position?.line ?? s.position?.index).toBeDefined();
  });

  it('imports Talkyard\'s export, then its extended export adds only the new thread and posts', async () => {
    const first = await env.import('disqus', path.join(SHARED, 'talkyard__disqus-export.xml'));
    expect(first.comments.imported).toBe(7);
    const second = await env.import('disqus', path.join(SHARED, 'talkyard__disqus-export-2.xml'));
    expect(second.comments).toMatchObject({ imported: 2, alreadyPresent: 7 });
    expect(second.threads.created).toBe(1);
    const third = await env.import('disqus', path.join(SHARED, 'talkyard__disqus-export-2.xml'));
    expect(third.comments).toMatchObject({ imported: 0, alreadyPresent: 9 });
    const reply = (await rowsOf(env.db, 'import_keys', { source_id: 'dsq:100003' }, 'source_id'))[0]!;
    const [row] = await rowsOf(env.db, 'comments', { id: reply.target_id });
    const [parentKey] = await rowsOf(env.db, 'import_keys', { source_id: 'dsq:100002' }, 'source_id');
    expect(row!.parent_id).toBe(parentKey!.target_id);
  });

  it('keeps Artalk\'s expected reply structure and times for the real Disqus export', async () => {
    await env.import('disqus', path.join(SHARED, 'artransfer__Disqus.sample'));
    const expected = JSON.parse(fs.readFileSync(path.join(SHARED, 'artransfer__Disqus.artrans'), 'utf8')) as { id: string; rid: string; created_at: string; nick: string }[];
    for (const e of expected) {
      const [key] = await rowsOf(env.db, 'import_keys', { source: 'disqus', source_id: `dsq:${e.id}` }, 'source_id');
      const [c] = await rowsOf(env.db, 'comments', { id: key!.target_id });
      expect(c!.created_at).toBe(e.created_at);
      expect(ulidTime(String(c!.id))).toBe(Date.parse(e.created_at));
      if (e.rid) {
        const [parent] = await rowsOf(env.db, 'import_keys', { source: 'disqus', source_id: `dsq:${e.rid}` }, 'source_id');
        expect(c!.parent_id).toBe(parent!.target_id);
      } else expect(c!.parent_id).toBeNull();
      const [author] = await rowsOf(env.db, 'users', { id: c!.author_id });
      expect(author!.display_name).toBe(e.nick);
    }
  });

  it('imports the WordPress theme unit test: its 10-deep chain, and the HTML kitchen sink made safe', async () => {
    const report = await env.import('wordpress', path.join(SHARED, 'wpimporter__theme-unit-test-data.xml'));
    expect(report.comments.imported).toBe(33);
    const keys = await rowsOf(env.db, 'import_keys', { source: 'wordpress', kind: 'comment' }, 'source_id');
    const rows = await rowsOf(env.db, 'comments', { site_id: env.site.id });
    const mine = rows.filter((r) => keys.some((k) => k.target_id === r.id));
    expect(Math.max(...mine.map((r) => Number(r.depth)))).toBe(9);
    for (const r of mine) {
      expect(String(r.body_html)).not.toMatch(/<(?:script|img|table|h\d|iframe)|on\w+=|javascript:/i);
    }
    // Comment 881, the HTML kitchen sink: headings become bold lines, tables lines, and the rest
    // keeps its structure.
    const sink = mine.find((r) => String(r.body_md).startsWith('**Headings**'))!;
    expect(sink.body_md).toContain('\n\n**Header one**\n\n');
    expect(sink.body_html).toContain('<ol start="8">');
    expect(sink.body_html).toContain('<pre><code>Robert Frost\n\n\tTwo roads diverged');
    expect(sink.body_html).toContain('<s>strike out text</s>');
    expect(sink.body_html).toContain('<code>&lt;blockquote&gt;</code>');
    expect(sink.body_html).toContain('<a href="http://example.org/" rel="nofollow ugc noopener">John Saddington</a> | $1 |');
  });
});
