// WordPress, Commento, Remark42 and Isso imports end to end, on SQLite and PostgreSQL, from
// files written for these tests (and an Isso-shaped SQLite database built here).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulidTime } from '../../src/domain/ids.js';
import { bestScore } from '../../src/domain/ranking.js';
import { ImportFileError } from '../../src/importers/types.js';
import { databaseKinds, tempDir } from '../support/databases.js';
import { fixture, openImportEnv, rowsOf, type ImportTestEnv } from './support.js';

const kinds = await databaseKinds();

async function keyed(env: ImportTestEnv, source: string): Promise<Map<string, Record<string, unknown>>> {
  const keys = await rowsOf(env.db, 'import_keys', { kind: 'comment', source }, 'source_id');
  const all = await rowsOf(env.db, 'comments', { site_id: env.site.id });
  return new Map(keys.map((k) => [String(k.source_id), all.find((c) => c.id === k.target_id)!]));
}

/** An Isso database, from the tables Isso documents (threads, comments). */
function buildIssoDb(file: string): void {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256));
    CREATE TABLE comments (tid REFERENCES threads(id), id INTEGER PRIMARY KEY, parent INTEGER, created FLOAT NOT NULL,
      modified FLOAT, mode INTEGER, remote_addr VARCHAR, text VARCHAR NOT NULL, author VARCHAR, email VARCHAR,
      website VARCHAR, likes INTEGER DEFAULT 0, dislikes INTEGER DEFAULT 0, voters BLOB NOT NULL, notification INTEGER DEFAULT 0);
    CREATE TABLE preferences (key VARCHAR PRIMARY KEY, value VARCHAR);
    PRAGMA user_version = 5;
  `);
  db.prepare('insert into threads (id, uri, title) values (?, ?, ?)').run(1, '/2020/lighthouse/', 'The lighthouse');
  db.prepare('insert into threads (id, uri, title) values (?, ?, ?)').run(2, '/2020/empty/', 'No comments here');
  const add = db.prepare('insert into comments (tid, id, parent, created, modified, mode, remote_addr, text, author, email, website, likes, dislikes, voters) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)');
  const t0 = Date.parse('2020-07-01T18:00:00Z') / 1000;
  add.run(1, 1, null, t0 + 0.25, null, 1, '127.0.0.0', 'Is the *lamp* still lit?', 'Keeper', 'keeper@example.org', 'https://keeper.example', 3, 1, Buffer.alloc(0));
  add.run(1, 2, 1, t0 + 60, null, 1, '127.0.0.0', 'Every night.\nSince 1890.', 'Lena', null, null, 0, 0, Buffer.alloc(0));
  add.run(1, 3, null, t0 + 120, null, 2, '127.0.0.0', 'Waiting for a moderator', 'Lena', null, null, 0, 0, Buffer.alloc(0));
  add.run(1, 4, null, t0 + 180, t0 + 200, 4, '127.0.0.0', '', null, null, null, 0, 0, Buffer.alloc(0));
  add.run(1, 5, 4, t0 + 240, null, 1, '127.0.0.0', 'Answer to a deleted one', 'keeper', 'KEEPER@example.org', null, 0, 0, Buffer.alloc(0));
  add.run(1, 6, null, -5, null, 1, '127.0.0.0', 'Bad time', 'Lena', null, null, 0, 0, Buffer.alloc(0));
  db.close();
}

describe.each(kinds)('other formats on $kind', ({ create }) => {
  let env: ImportTestEnv;
  beforeAll(async () => {
    env = await openImportEnv(await create());
  });
  afterAll(async () => {
    await env.close();
  });

  it('WordPress: posts, nested comments keyed per post, statuses, pingbacks, local dates, closed posts', async () => {
    const report = await env.import('wordpress', fixture('wordpress-gazette.xml'));
    expect(report.threads).toMatchObject({ total: 3, created: 2, empty: 1 });
    expect(report.comments.byStatus).toEqual({ approved: 4, pending: 1, spam: 1, deleted: 1 });
    expect(report.skipped.map((s) => s.key)).toEqual(['post:41#12']);
    expect(report.notices.join(' ')).toMatch(/1 comment\(s\) had no GMT date/);
    const c = await keyed(env, 'wordpress');
    const parent = c.get('post:41#5')!;
    expect(c.get('post:41#7')).toMatchObject({ parent_id: parent.id, depth: 1 });
    expect(c.get('post:43#7')).toMatchObject({ parent_id: null });
    expect(c.get('post:43#7')!.article_id).not.toBe(parent.article_id);
    expect(parent.created_at).toBe('2018-06-01T08:00:00.000Z');
    expect(c.get('post:41#8')).toMatchObject({ status: 'pending', visible: 0, created_at: '2018-06-02T10:00:00.000Z' });
    expect(parent.body_md).toBe('Saturday suits us.\nThe van arrives at six.\n\nSecond paragraph with **bold** and a \\\\backslash\\\\ ¯\\\\\\_(ツ)\\_/¯');
    expect(parent.body_html).toBe('<p>Saturday suits us.<br />\nThe van arrives at six.</p>\n<p>Second paragraph with <strong>bold</strong> and a \\backslash\\ ¯\\_(ツ)_/¯</p>\n');
    const pingback = c.get('post:41#11')!;
    expect(pingback.body_html).toBe('<p>[…] the market’s new day […]</p>\n');
    const [author] = await rowsOf(env.db, 'users', { id: pingback.author_id });
    expect(author!.display_name).toBe('Town Blog « Markets \'18');
    const articles = await rowsOf(env.db, 'articles', { site_id: env.site.id }, 'slug');
    expect(articles.map((a) => [a.slug, a.comments_mode, a.external_url])).toEqual([
      ['council-archive', 'closed', 'https://old.gazette.example/?p=43'],
      ['market-day-moves-to-saturday', 'open', 'https://old.gazette.example/?p=41'],
    ]);
    const again = await env.import('wordpress', fixture('wordpress-gazette.xml'));
    expect(again.comments).toMatchObject({ imported: 0, alreadyPresent: 7 });
  });

  it('Commento: commenters after comments, replies before parents, "undefined" fields, scores', async () => {
    const report = await env.import('commento', fixture('commento-gazette.json'));
    expect(report.comments.byStatus).toEqual({ approved: 2, pending: 1, spam: 1 });
    expect(report.skipped).toEqual([expect.objectContaining({ key: 'c5', reason: 'invalid creationDate "yesterday"', position: expect.objectContaining({ index: 4, list: 'comments' }) })]);
    const c = await keyed(env, 'commento');
    expect(c.get('c2')).toMatchObject({ parent_id: c.get('c1')!.id, like_count: 2, body_md: 'A reply, before its parent.' });
    expect(c.get('c2')!.created_at).toBe('2022-02-01T10:05:00.500Z');
    expect(Number(c.get('c2')!.score)).toBeCloseTo(bestScore({ likes: 2, dislikes: 0, reports: 0, createdAt: '2022-02-01T10:05:00.500Z' }), 9);
    expect(c.get('c1')).toMatchObject({ dislike_count: 1, body_html: '<p>Will the <strong>tram</strong> run on Sundays?</p>\n' });
    const users = await rowsOf(env.db, 'users', { id: c.get('c3')!.author_id });
    expect(users[0]).toMatchObject({ display_name: 'Quiet One', email: null, status: 'unclaimed', is_operator: 0 });
    const [fan] = await rowsOf(env.db, 'users', { id: c.get('c2')!.author_id });
    expect(fan).toMatchObject({ email: 'tram.fan@example.org', display_name: 'Tram Fan' });
    const [anon] = await rowsOf(env.db, 'users', { id: c.get('c1')!.author_id });
    expect(anon!.display_name).toBe('Anonymous');
  });

  it('Remark42: backup lines, votes, blocked users hidden, deleted tombstones, bad lines reported; gzip too', async () => {
    const report = await env.import('remark42', fixture('remark42-gazette.jsonl'));
    expect(report.comments.byStatus).toEqual({ approved: 5, deleted: 1, rejected: 1 });
    expect(report.skipped.map((s) => [s.position?.line, s.reason.slice(0, 40)])).toEqual([
      [9, expect.stringMatching(/^malformed JSON/)],
      [10, 'invalid time "2023-13-45T00:00:00Z"'],
    ]);
    expect(report.repaired.map((r) => r.key)).toEqual(['r-orphan']);
    const c = await keyed(env, 'remark42');
    expect(c.get('r-reply')).toMatchObject({ parent_id: c.get('r-root')!.id, like_count: 2, dislike_count: 1, created_at: '2023-04-01T09:10:00.000Z' });
    expect(c.get('r-reply')!.body_md).toBe('Reply first, parent below. `x < y`');
    expect(c.get('r-root')).toMatchObject({ like_count: 0, dislike_count: 2 });
    expect(c.get('r-gone')).toMatchObject({ status: 'deleted', visible: 1, reply_count: 1 });
    expect(c.get('r-troll')).toMatchObject({ status: 'rejected', visible: 0 });
    expect(c.get('r-sorry')).toMatchObject({ status: 'approved', visible: 1 });
    const [bridge] = await rowsOf(env.db, 'articles', { id: c.get('r-root')!.article_id });
    expect(bridge).toMatchObject({ comments_mode: 'closed', external_url: 'https://www.gazette.example/2023/bridge.html', comment_count: 3 });
    // The same backup, gzipped (as `remark42 backup` writes it), is the same import: nothing new.
    const gz = path.join(tempDir(), 'backup.gz');
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(fixture('remark42-gazette.jsonl'))));
    const again = await env.import('remark42', gz);
    expect(again.comments).toMatchObject({ imported: 0, alreadyPresent: 7 });
  });

  it('Isso: reads its SQLite database (modes, votes, Unix times) and refuses other files', async () => {
    const file = path.join(tempDir(), 'comments.db');
    buildIssoDb(file);
    const report = await env.import('isso', file, { urlRules: [{ from: '/', to: 'https://isso.gazette.example/' }] });
    expect(report.comments.byStatus).toEqual({ approved: 3, pending: 1, deleted: 1 });
    expect(report.skipped).toEqual([expect.objectContaining({ key: 'id:6', position: expect.objectContaining({ index: 5 }) })]);
    expect(report.threads).toMatchObject({ total: 2, empty: 1, created: 1 });
    const c = await keyed(env, 'isso');
    expect(c.get('id:1')).toMatchObject({ like_count: 3, dislike_count: 1, created_at: '2020-07-01T18:00:00.250Z', body_html: '<p>Is the <em>lamp</em> still lit?</p>\n' });
    expect(ulidTime(String(c.get('id:1')!.id))).toBe(Date.parse('2020-07-01T18:00:00.250Z'));
    expect(c.get('id:2')).toMatchObject({ parent_id: c.get('id:1')!.id, body_html: '<p>Every night.<br />\nSince 1890.</p>\n' });
    expect(c.get('id:4')).toMatchObject({ status: 'deleted', visible: 1, reply_count: 1 });
    // Same person by email (case differs): one profile.
    expect(c.get('id:5')!.author_id).toBe(c.get('id:1')!.author_id);
    const [article] = await rowsOf(env.db, 'articles', { id: c.get('id:1')!.article_id });
    expect(article).toMatchObject({ external_url: 'https://isso.gazette.example/2020/lighthouse/', title: 'The lighthouse', comment_count: 3 });

    const notSqlite = path.join(tempDir(), 'x.db');
    fs.writeFileSync(notSqlite, 'hello, not a database at all, just text that goes on for a while........');
    await expect(env.import('isso', notSqlite)).rejects.toThrow(/not an Isso database/);
    const otherDb = path.join(tempDir(), 'other.db');
    new Database(otherDb).exec('create table notes (id integer primary key)');
    await expect(env.import('isso', otherDb)).rejects.toThrow(/not an Isso database: it has no "threads" table/);
  });

  it('malformed JSON stops a Commento import with the element and position, writing nothing', async () => {
    const file = path.join(tempDir(), 'broken.json');
    fs.writeFileSync(file, fs.readFileSync(fixture('commento-gazette.json'), 'utf8').replace('"score": -1,', '"score": -1,,'));
    const before = await rowsOf(env.db, 'comments', { site_id: env.site.id });
    const err = await env.import('commento', file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFileError);
    expect((err as Error).message).toMatch(/malformed JSON in comments\[1\].*line 5/);
    expect(await rowsOf(env.db, 'comments', { site_id: env.site.id })).toEqual(before);
  });
});
