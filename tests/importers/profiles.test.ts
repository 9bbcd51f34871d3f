// Who imported comments belong to: a verified account with the author's email, an unclaimed
// profile from an earlier import (of another source, too), or a new unclaimed profile — never
// an account whose owner has not proved the address. And what the claim flow reads and marks.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, tempDir } from '../support/databases.js';
import { openImportEnv, rowsOf, type ImportTestEnv } from './support.js';

const kinds = await databaseKinds();

function disqusFile(posts: { id: number; email?: string; name: string; username?: string }[]): string {
  const file = path.join(tempDir(), 'authors.xml');
  const body = posts
    .map(
      (p) => `<post dsq:id="${p.id}"><message>Comment ${p.id}</message><createdAt>2020-01-0${(p.id % 9) + 1}T10:00:00Z</createdAt>
        <author>${p.email ? `<email>${p.email}</email>` : ''}<name>${p.name}</name>${p.username ? `<username>${p.username}</username>` : ''}</author>
        <thread dsq:id="1"/></post>`,
    )
    .join('\n');
  fs.writeFileSync(file, `<?xml version="1.0"?><disqus xmlns:dsq="x"><thread dsq:id="1"><link>https://x.example/a</link><title>A</title></thread>${body}</disqus>`);
  return file;
}

describe.each(kinds)('imported authors on $kind', ({ create }) => {
  let env: ImportTestEnv;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await openImportEnv(await create());
    const base = { emailVerified: false, isOperator: false, createdAt: '2026-01-01T00:00:00.000Z' };
    ids.verified = (await env.store.createUser({ ...base, id: env.deps.newId(), email: 'verified@example.org', emailVerified: true, username: 'verified', usernameKey: 'verified', displayName: 'Vera' })).id;
    ids.unverified = (await env.store.createUser({ ...base, id: env.deps.newId(), email: 'unverified@example.org', username: 'unverified', usernameKey: 'unverified', displayName: 'Ulla' })).id;
    // Taken usernames make the importer pick free ones.
    await env.store.createUser({ ...base, id: env.deps.newId(), email: null, username: 'Kim_Lee', usernameKey: 'kim_lee', displayName: 'Another Kim' });
  });
  afterAll(async () => {
    await env.close();
  });

  it('gives comments to verified owners only, and profiles to the rest', async () => {
    await env.import(
      'disqus',
      disqusFile([
        { id: 1, email: 'Verified@Example.org', name: 'V. from Disqus' },
        { id: 2, email: 'unverified@example.org', name: 'U. from Disqus' },
        { id: 3, email: 'kim@example.org', name: 'Kim Lee' },
        { id: 4, name: 'Kim Lee', username: 'Kim Lee' },
        { id: 5, name: 'Ζωή Παπαδοπούλου' },
      ]),
    );
    const keys = await rowsOf(env.db, 'import_keys', { kind: 'comment' }, 'source_id');
    const authorOf = async (k: string) => {
      const [c] = await rowsOf(env.db, 'comments', { id: keys.find((x) => x.source_id === k)!.target_id });
      return (await rowsOf(env.db, 'users', { id: c!.author_id }))[0]!;
    };
    expect((await authorOf('dsq:1')).id).toBe(ids.verified);
    const u = await authorOf('dsq:2');
    expect(u.id).not.toBe(ids.unverified);
    // The unverified account keeps its address; the profile holds it in import_profiles only.
    expect(u).toMatchObject({ status: 'unclaimed', email: null, display_name: 'U. from Disqus' });
    expect(await rowsOf(env.db, 'import_profiles', { user_id: u.id }, 'user_id')).toEqual([expect.objectContaining({ email: 'unverified@example.org' })]);
    const kim = await authorOf('dsq:3');
    expect(kim).toMatchObject({ status: 'unclaimed', email: 'kim@example.org', username: 'Kim_Lee_2', username_key: 'kim_lee_2', display_name: 'Kim Lee' });
    // Same display name but no email: another person as far as the import can tell.
    const kim2 = await authorOf('dsq:4');
    expect(kim2.id).not.toBe(kim.id);
    expect(kim2.username).toMatch(/^Kim_Lee_\d$/);
    const zoe = await authorOf('dsq:5');
    expect(zoe).toMatchObject({ display_name: 'Ζωή Παπαδοπούλου', username: 'reader' });
    expect(await rowsOf(env.db, 'identities', { user_id: kim.id })).toEqual([]);
  });

  it('finds the same people again from another source, by email', async () => {
    const file = path.join(tempDir(), 'wp.xml');
    fs.writeFileSync(
      file,
      `<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>B</title><link>https://x.example/b</link><wp:post_id>9</wp:post_id>
        <wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>Kim</wp:comment_author><wp:comment_author_email>KIM@example.org</wp:comment_author_email>
        <wp:comment_date_gmt>2020-02-01 10:00:00</wp:comment_date_gmt><wp:comment_content>From WordPress</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
        </item></channel></rss>`,
    );
    const report = await env.import('wordpress', file);
    expect(report.authors).toMatchObject({ total: 1, existingProfiles: 1, newProfiles: 0 });
    const profiles = await env.store.imports.findProfilesByEmail({ emails: ['kim@example.org'] });
    expect(profiles).toHaveLength(1);
  });

  it('lets the claim flow find and mark the profiles of a proven address', async () => {
    const [profile] = await env.store.imports.findProfilesByEmail({ emails: ['unverified@example.org'] });
    expect(profile).toBeDefined();
    const claimed = await env.store.imports.claimProfiles({ email: 'unverified@example.org', userId: ids.unverified!, claimedAt: '2026-03-02T00:00:00.000Z' });
    expect(claimed).toEqual([profile!.userId]);
    expect(await env.store.imports.findProfilesByEmail({ emails: ['unverified@example.org'] })).toEqual([]);
    const [row] = await rowsOf(env.db, 'import_profiles', { user_id: profile!.userId }, 'user_id');
    expect(row).toMatchObject({ claimed_by: ids.unverified, claimed_at: '2026-03-02T00:00:00.000Z' });
  });
});
