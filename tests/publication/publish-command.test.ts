// `parley publish DIR` as an operator runs it: the real command in its own process, against the
// database a running server uses (SQLite and PostgreSQL). Every file gets its line; running it
// again changes nothing; problems come with file:line:col.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPublishCommand } from '../../src/publishing/cli.js';
import { formatReport, type FileReport } from '../../src/publishing/publishDir.js';
import { parseArticleFile } from '../../src/publishing/frontMatter.js';
import { databaseKinds, tempDir } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const kinds = await databaseKinds();

async function parley(t: TestApp, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const db = t.db.config;
  const env = {
    ...process.env,
    DATA_DIR: t.parley.deps.config.dataDir,
    DATABASE_URL: db.kind === 'sqlite' ? `sqlite:${db.file}` : db.url,
    LOG_LEVEL: 'silent',
  };
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/parley.js'), ...args], { env, cwd: ROOT, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const FILES: Record<string, string> = {
  'authors.yml': `- name: Ana Ruiz
  bio: Ana covers the port and the river for the Gazette.
- name: Tom Okafor
  bio: Tom writes about transport.
`,
  'harbour-cranes.md': `---
title: Harbour cranes return to the old quay
dek: Two gantry cranes come back after a decade away.
external_id: cms-1001
authors: [Ana Ruiz, Tom Okafor]
published: 2026-02-27T08:00:00Z
section: Local News
tags: Harbour, Jobs
comments: open
close_after_days: 14
lead_image:
  path: images/quay.jpg
  alt: Two blue gantry cranes over the quay
  caption: The cranes on their first morning back.
  credit: "Photo: Ana Ruiz"
---
The port authority said the cranes would lift containers again by spring.

::: figure images/map.png
alt: Map of the quay with the crane tracks marked
caption: Where the cranes run.
:::

Dockers welcomed the news.
`,
  'notes/night-buses.md': `---
title: Night buses loop the river
authors: Tom Okafor
section: Local News
---
A pilot route crosses both bridges.
`,
  'draft.md': `---
title: Budget leaks, a draft
status: draft
---
Not yet.
`,
  'future.md': `---
title: Regatta route announced
published: 2030-06-01T09:00:00Z
---
Boats will follow the east bank.
`,
  'broken.md': `---
title: Broken
tags: [one, two
---
Body.
`,
  'typo.md': `---
title: A typo
tittle: Another
---
Body.
`,
  'no-alt.md': `---
title: No alt text
lead_image:
  path: images/quay.jpg
---
Body.
`,
  'bad-figure.md': `---
title: Figure without alt
---
Intro.

::: figure https://images.example/map.png
caption: A map
:::
`,
  'missing-image.md': `---
title: Missing image
lead_image:
  path: images/nope.jpg
  alt: Nothing
---
Body.
`,
  'README.md': 'This folder holds the articles.\n',
  '_template.md': '---\ntitle: Template\n---\n',
};

async function writeFolder(): Promise<string> {
  const dir = tempDir('parley-publish-');
  for (const [name, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  fs.mkdirSync(path.join(dir, 'images'), { recursive: true });
  await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 30, g: 90, b: 160 } } }).jpeg().toFile(path.join(dir, 'images/quay.jpg'));
  await sharp({ create: { width: 800, height: 600, channels: 4, background: { r: 200, g: 200, b: 180, alpha: 1 } } }).png().toFile(path.join(dir, 'images/map.png'));
  return dir;
}

describe.each(kinds)('parley publish on $kind', ({ create }) => {
  let t: TestApp;
  let dir: string;
  let first: FileReport[];

  beforeAll(async () => {
    t = await startTestApp(await create());
    dir = await writeFolder();
    const out = await parley(t, ['publish', dir, '--site', t.site.slug, '--json']);
    expect(out.code, out.stderr).toBe(1); // some files are rejected
    first = JSON.parse(out.stdout).files;
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const byFile = (reports: FileReport[]) => Object.fromEntries(reports.map((r) => [r.file, r]));

  it('reports every file: created, scheduled, drafts, and rejections with positions', () => {
    const r = byFile(first);
    expect(Object.keys(r).sort()).toEqual(
      ['authors.yml', 'bad-figure.md', 'broken.md', 'draft.md', 'future.md', 'harbour-cranes.md', 'missing-image.md', 'no-alt.md', 'notes/night-buses.md', 'typo.md'].sort(),
    );
    expect(r['authors.yml']).toMatchObject({ outcome: 'created' });
    expect(r['harbour-cranes.md']).toMatchObject({ outcome: 'created', slug: 'harbour-cranes-return-to-the-old-quay', state: 'published' });
    expect(r['notes/night-buses.md']).toMatchObject({ outcome: 'created', slug: 'night-buses-loop-the-river', state: 'published' });
    expect(r['draft.md']).toMatchObject({ outcome: 'created', state: 'draft' });
    expect(r['future.md']).toMatchObject({ outcome: 'created', state: 'scheduled' });
    expect(r['broken.md']!.outcome).toBe('rejected');
    // yaml reports an unclosed list where its "]" was due: the end of the front matter.
    expect(r['broken.md']!.problems![0]).toMatchObject({ line: 4 });
    expect(r['broken.md']!.problems![0]!.message).toMatch(/^YAML: /);
    expect(r['typo.md']!.problems).toEqual([{ line: 3, col: 1, message: expect.stringContaining('unknown key "tittle" — did you mean "title"?') }]);
    expect(r['no-alt.md']!.problems).toEqual([{ line: 3, col: 1, message: expect.stringMatching(/alt text/) }]);
    expect(r['bad-figure.md']!.problems).toEqual([{ line: 6, col: 1, message: expect.stringMatching(/figure: the figure has no alt text/) }]);
    expect(r['missing-image.md']!.problems).toEqual([{ line: 4, col: 9, message: expect.stringMatching(/image "images\/nope\.jpg" not found/) }]);
  });

  it('publishes what a reader then sees: images in every size, the figure, the bio', async () => {
    const page = await t.request({ method: 'GET', url: '/articles/harbour-cranes-return-to-the-old-quay', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<picture><source type="image\/avif" srcset="\/media\/i\/[0-9a-f]{20}-320\.avif 320w, [^"]*-1200\.avif 1200w"/);
    expect(page.body).toMatch(/alt="Two blue gantry cranes over the quay"/);
    expect(page.body).toMatch(/<figure class="article-figure"><picture>.*alt="Map of the quay with the crane tracks marked"/s);
    expect(page.body).toContain('Where the cranes run.');
    const image = page.body.match(/\/media\/i\/[0-9a-f]{20}-640\.webp/)![0];
    expect((await t.request({ method: 'GET', url: image })).statusCode).toBe(200);
    const author = await t.request({ method: 'GET', url: '/authors/ana-ruiz', headers: { accept: 'text/html' } });
    expect(author.body).toContain('Ana covers the port and the river for the Gazette.');
    expect(author.body).toContain('Harbour cranes return to the old quay');
    const article = (await t.parley.deps.store.getArticleBySlug({ siteId: t.site.id, slug: 'harbour-cranes-return-to-the-old-quay' }))!;
    expect(article).toMatchObject({ publishedAt: '2026-02-27T08:00:00.000Z', closeAt: '2026-03-13T08:00:00.000Z', tags: ['Harbour', 'Jobs'], section: 'Local News' });
    expect(article.leadImage).toMatchObject({ width: 1200, height: 800, caption: 'The cranes on their first morning back.', credit: 'Photo: Ana Ruiz' });
  });

  // Each run is a new process (tsx starts, migrations are checked): slow on a busy machine.
  it('changes nothing when run again, and updates the one file that changed', { timeout: 240_000 }, async () => {
    const again = await parley(t, ['publish', dir, '--site', t.site.slug, '--json']);
    const r = byFile(JSON.parse(again.stdout).files);
    for (const f of ['authors.yml', 'harbour-cranes.md', 'notes/night-buses.md', 'draft.md', 'future.md']) expect(r[f]!.outcome, f).toBe('unchanged');
    fs.appendFileSync(path.join(dir, 'notes/night-buses.md'), '\nIt runs until March.\n');
    const third = await parley(t, ['publish', dir, '--site', t.site.slug]);
    expect(third.stdout).toMatch(/^updated\s+notes\/night-buses\.md → \/articles\/night-buses-loop-the-river$/m);
    expect(third.stdout).toMatch(/^unchanged\s+harbour-cranes\.md/m);
    expect(third.stdout).toMatch(/^rejected\s+typo\.md\n {2}typo\.md:3:1: unknown key "tittle"/m);
    expect(third.stdout).toMatch(/^0 created, 1 updated, 4 unchanged, 5 rejected$/m);
  });

  it('says how to use it', { timeout: 240_000 }, async () => {
    const said: string[] = [];
    const out = { log: (m: string) => void said.push(m), error: (m: string) => void said.push(m) };
    expect(await runPublishCommand([], out)).toBe(2);
    expect(await runPublishCommand([path.join(dir, 'nope')], out)).toBe(2);
    expect(await runPublishCommand([dir, '--colour'], out)).toBe(2);
    expect(said).toEqual([
      expect.stringMatching(/publish needs exactly one folder/),
      expect.stringMatching(/is not a folder/),
      expect.stringMatching(/Unknown option '--colour'/),
    ]);
    const [site, help] = await Promise.all([parley(t, ['publish', dir, '--site', 'no-such-site']), parley(t, ['--help'])]);
    expect(site).toMatchObject({ code: 2, stderr: expect.stringMatching(/no site "no-such-site"/) });
    expect(help.stdout).toMatch(/^ {2}publish DIR {11}Create or update articles/m);
  });
});

describe('front matter', () => {
  it('reads lists written either way and numbers as text where text is meant', () => {
    const r = parseArticleFile('---\ntitle: 1984\nauthors: Ana Ruiz\ntags: a, b ,c\nslug: x\n---\nBody\n');
    expect(r.ok && r.file.raw).toEqual({ title: '1984', authors: ['Ana Ruiz'], tags: ['a', 'b', 'c'], slug: 'x' });
    expect(r.ok && r.file).toMatchObject({ body: 'Body\n', bodyLine: 7 });
  });

  it('needs the front matter block', () => {
    expect(parseArticleFile('# Just markdown\n')).toEqual({ ok: false, problems: [{ line: 1, col: 1, message: expect.stringContaining('no front matter') }] });
    expect(parseArticleFile('---\ntitle: never closed\n').ok).toBe(false);
  });

  it('formats a report a person can read', () => {
    const text = formatReport([
      { file: 'a.md', outcome: 'created', slug: 'a', state: 'scheduled' },
      { file: 'b.md', outcome: 'rejected', problems: [{ line: 2, col: 5, message: 'title: Give the article a title' }] },
    ]);
    expect(text).toBe('created    a.md → /articles/a (scheduled)\nrejected   b.md\n  b.md:2:5: title: Give the article a title\n1 created, 0 updated, 0 unchanged, 1 rejected');
  });
});
