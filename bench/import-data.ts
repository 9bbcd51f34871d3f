// Generates a large Disqus export for the import benchmark (and the import tests), streamed to a
// file so that generating a million comments needs no more memory than generating ten. Text is
// made from a small vocabulary written for this project; the shape follows real exports: HTML
// messages with paragraphs, line breaks, links, emphasis and entities; replies whose parent may
// come later in the file; some deleted, spam and anonymous posts; threads declared first.
import fs from 'node:fs';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const WORDS = (
  'harbour council tide ferry bridge market bus route night lamp river gauge flood season budget school ' +
  'library park rain wind street corner shop baker vote mayor plan map station ticket fare summer winter ' +
  'question answer reader letter story report photo source evidence meeting agenda minutes road repair'
).split(' ');

/** A small deterministic generator (mulberry32), so runs are comparable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(r: () => number): string {
  const n = 6 + Math.floor(r() * 12);
  const words: string[] = [];
  for (let i = 0; i < n; i++) {
    let w = WORDS[Math.floor(r() * WORDS.length)]!;
    const roll = r();
    if (roll < 0.03) w = `<b>${w}</b>`;
    else if (roll < 0.05) w = `<i>${w}</i>`;
    else if (roll < 0.06) w = `${w} &amp;`;
    words.push(w);
  }
  const s = words.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

function message(r: () => number, i: number): string {
  const paragraphs = 1 + Math.floor(r() * 3);
  let html = '';
  for (let p = 0; p < paragraphs; p++) {
    let text = sentence(r);
    if (r() < 0.5) text += ` ${sentence(r)}`;
    if (r() < 0.2) text += `<br>${sentence(r)}`;
    if (r() < 0.1) text += ` See <a href="https://example.org/ref/${i}" rel="nofollow noopener">the ${WORDS[i % WORDS.length]} page</a>.`;
    html += `<p>${text}</p>`;
  }
  return html;
}

export interface GeneratedExport {
  file: string;
  comments: number;
  threads: number;
  bytes: number;
}

/** Writes a Disqus export with `comments` posts over `comments / perThread` threads. */
export async function writeDisqusBenchExport(opts: { file: string; comments: number; perThread?: number; authors?: number; seed?: number; interleave?: number }): Promise<GeneratedExport> {
  const r = rng(opts.seed ?? 42);
  const perThread = opts.perThread ?? 200;
  const threads = Math.max(1, Math.ceil(opts.comments / perThread));
  const authors = opts.authors ?? Math.max(10, Math.floor(opts.comments / 20));
  const out = fs.createWriteStream(opts.file, { encoding: 'utf8' });
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const base = Date.parse('2015-01-01T00:00:00Z');
  await write('<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n');
  await write('  <category dsq:id="1"><forum>bench</forum><title>General</title><isDefault>true</isDefault></category>\n');
  let chunk = '';
  for (let t = 0; t < threads; t++) {
    chunk += `  <thread dsq:id="${1_000_000 + t}">\n    <id>story-${t}</id>\n    <forum>bench</forum>\n    <category dsq:id="1"/>\n    <link>https://old.bench.example/${2015 + (t % 8)}/story-${t}.html</link>\n    <title>Story number ${t}</title>\n    <message/>\n    <createdAt>${new Date(base + t * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z')}</createdAt>\n    <isClosed>${t % 10 === 0 ? 'true' : 'false'}</isClosed>\n    <isDeleted>false</isDeleted>\n  </thread>\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  // Posts thread by thread, but within a thread in shuffled blocks, so some replies come before
  // the comment they answer. With `interleave`, that many threads are open at once and each post
  // comes from one of them at random, as in an export sorted by time, where a thread's posts are
  // spread over the file.
  function* threadPosts(t: number): Generator<string> {
    const first = t * perThread;
    const n = Math.min(perThread, opts.comments - first);
    const order = Array.from({ length: n }, (_, k) => k);
    for (let k = 0; k + 1 < n; k += 2) if (r() < 0.2) [order[k], order[k + 1]] = [order[k + 1]!, order[k]!];
    for (const k of order) {
      const pid = first + k;
      const parent = k > 0 && r() < 0.6 ? first + Math.floor(r() * k) : -1;
      const a = Math.floor(r() * authors);
      const anonymous = a % 10 === 0;
      const roll = r();
      const created = new Date(base + t * 3_600_000 + k * 37_000 + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      yield `  <post dsq:id="${pid + 10_000_000}">\n    <id/>\n    <message><![CDATA[${message(r, pid)}]]></message>\n    <createdAt>${created}</createdAt>\n` +
        `    <isDeleted>${roll < 0.02 ? 'true' : 'false'}</isDeleted>\n    <isSpam>${roll > 0.99 ? 'true' : 'false'}</isSpam>\n` +
        (anonymous
          ? `    <author><name>Guest ${a % 97}</name><isAnonymous>true</isAnonymous></author>\n`
          : `    <author><email>reader${a}@example.org</email><name>Reader ${a}</name><isAnonymous>false</isAnonymous><username>reader_${a}</username></author>\n`) +
        `    <ipAddress>127.0.0.1</ipAddress>\n    <thread dsq:id="${1_000_000 + t}"/>\n` +
        (parent >= 0 ? `    <parent dsq:id="${parent + 10_000_000}"/>\n` : '') +
        '  </post>\n';
    }
  }
  const pick = rng((opts.seed ?? 42) + 1);
  const open: Generator<string>[] = [];
  let nextThread = 0;
  const width = Math.max(1, opts.interleave ?? 1);
  for (;;) {
    while (open.length < width && nextThread < threads) open.push(threadPosts(nextThread++));
    if (open.length === 0) break;
    const i = width === 1 ? 0 : Math.floor(pick() * open.length);
    const post = open[i]!.next();
    if (post.done) {
      open.splice(i, 1);
      continue;
    }
    chunk += post.value;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(`${chunk}</disqus>\n`);
  out.end();
  await once(out, 'finish');
  return { file: opts.file, comments: opts.comments, threads, bytes: fs.statSync(opts.file).size };
}

// Run on its own (`tsx bench/import-data.ts --file F --comments N`), as bench/import.ts does so
// that generating the file does not count in the import's memory: prints the result as JSON.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { file: { type: 'string' }, comments: { type: 'string', default: '1000000' }, interleave: { type: 'string', default: '1' } } });
  if (!values.file) throw new Error('--file is required');
  const result = await writeDisqusBenchExport({ file: values.file, comments: Number(values.comments), interleave: Number(values.interleave) });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
