// The fast XML reader against saxes: on every XML fixture, on generated exports (also with
// CRLF line ends) and on thousands of mutations of them, whatever the fast reader gives before
// it hands over must be what saxes gives, and readXmlRecords as a whole (fast, then saxes from
// where it stopped) must give exactly saxes's events and errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rng, writeDisqusBenchExport } from '../../bench/import-data.js';
import { readXmlRecords, readXmlRecordsSaxes, type XmlEvent, type XmlReadOptions } from './xml.js';
import { readXmlRecordsFast, XmlFallback } from './xml-fast.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-xml-fast-'));
const sources = [path.join(HERE, '../../tests/importers/fixtures'), path.join(HERE, '../../../shared/fixtures')]
  .filter((d) => fs.existsSync(d))
  .flatMap((d) => fs.readdirSync(d).filter((f) => /\.(xml|sample)$/.test(f)).map((f) => path.join(d, f)));

const DISQUS = (name: string, depth: number) => depth === 1 && (name === 'thread' || name === 'post' || name === 'category');
const WORDPRESS = (name: string, depth: number) => name === 'item' && depth <= 2;

type Outcome = { events: XmlEvent[]; error: string | null; fellBack: boolean };

async function collect(read: (o: XmlReadOptions) => AsyncGenerator<XmlEvent[]>, file: string, isRecord: XmlReadOptions['isRecord']): Promise<Outcome> {
  const events: XmlEvent[] = [];
  try {
    for await (const batch of read({ file, isRecord })) events.push(...batch);
    return { events, error: null, fellBack: false };
  } catch (err) {
    if (err instanceof XmlFallback) return { events, error: null, fellBack: true };
    return { events, error: (err as Error).message, fellBack: false };
  }
}

async function compare(file: string, isRecord: XmlReadOptions['isRecord']): Promise<boolean> {
  const saxes = await collect(readXmlRecordsSaxes, file, isRecord);
  const fast = await collect(readXmlRecordsFast, file, isRecord);
  const both = await collect(readXmlRecords, file, isRecord);
  expect(fast.events, file).toEqual(saxes.events.slice(0, fast.events.length));
  if (!fast.fellBack) expect(fast, file).toEqual(saxes);
  expect(both, file).toEqual(saxes);
  return fast.fellBack;
}

const SNIPPETS = [
  '&amp;', '&#x1F600;', '&#128512;', '&#0;', '&bogus;', '&amp', '<![CDATA[x<y]]>', '<!-- c -->', '<!-- a -- b -->', '\r\n', '\r', '\n',
  '😀', 'é', '\t', '<x/>', "<y a='1' b=\"2 &lt; 3\"/>", '<z a="1" a="2"/>', '</oops>', '<?pi x?>', ']]>', '\u0001', '<p\n>', '<q\r\n/>',
  ' dsq:x="1"', '<!DOCTYPE x>', '&lt;', '>', '<', '"', "'", '<a b="c\nd"/>', '<n:m xmlns:n="urn:x" n:k="v">t</n:m>', '<post>', '</post>', '',
];

describe('fast XML reader', () => {
  it('gives what saxes gives on every XML fixture', async () => {
    expect(sources.length).toBeGreaterThan(3);
    for (const file of sources) {
      await compare(file, DISQUS);
      await compare(file, WORDPRESS);
    }
  });

  it('reads generated exports without handing over, also with CRLF line ends', async () => {
    const file = path.join(dir, 'bench.xml');
    await writeDisqusBenchExport({ file, comments: 1500, perThread: 40, seed: 11 });
    expect(await compare(file, DISQUS)).toBe(false);
    const crlf = path.join(dir, 'crlf.xml');
    fs.writeFileSync(crlf, fs.readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    expect(await compare(crlf, DISQUS)).toBe(false);
    // Handing over in a later chunk: saxes takes over from there, nothing given twice.
    const text = fs.readFileSync(file, 'utf8');
    const late = path.join(dir, 'late.xml');
    const at = text.indexOf('<post', Math.floor(text.length * 0.7));
    fs.writeFileSync(late, `${text.slice(0, at)}<?pi here?>${text.slice(at)}`);
    expect(await compare(late, DISQUS)).toBe(true);
    fs.writeFileSync(late, `${text.slice(0, at)}<post><oops></post>${text.slice(at)}`);
    expect(await compare(late, DISQUS)).toBe(true);
  });

  // XML_FAST_SEED and XML_FAST_MUTATIONS run other and more mutations (e.g. 1 and 2500).
  it('agrees with saxes on mutated files, well-formed or not', { timeout: 120_000 }, async () => {
    const r = rng(Number(process.env.XML_FAST_SEED ?? 5));
    const bases = [...sources.filter((f) => /disqus|wordpress/i.test(f)).map((f) => fs.readFileSync(f, 'utf8'))];
    let fellBack = 0;
    let runs = 0;
    for (let i = 0, n = Number(process.env.XML_FAST_MUTATIONS ?? 600); i < n; i++) {
      let text = bases[i % bases.length]!;
      for (let k = 0, n = 1 + Math.floor(r() * 3); k < n; k++) {
        const at = Math.floor(r() * text.length);
        const snippet = SNIPPETS[Math.floor(r() * SNIPPETS.length)]!;
        // Sometimes a deletion instead, to cut tags and references in half.
        text = r() < 0.2 ? text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 6)) : text.slice(0, at) + snippet + text.slice(at);
      }
      const file = path.join(dir, `m${i}.xml`);
      fs.writeFileSync(file, text);
      if (await compare(file, i % 2 ? WORDPRESS : DISQUS)) fellBack++;
      runs++;
      fs.rmSync(file);
    }
    // Most mutations make the fast reader hand over; some must not (it reads them itself).
    expect(fellBack).toBeGreaterThan(0);
    expect(fellBack).toBeLessThan(runs);
  });
});
