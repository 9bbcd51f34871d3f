// Uploaded images, on SQLite and PostgreSQL: the type comes from the bytes, limits hold, every
// variant is written (AVIF, WebP, fallback, each width), orientation is applied and metadata is
// stripped, the same bytes are stored once, and the files are served as immutable.
import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/domain/errors.js';
import { IMAGE_LIMITS, imageDirFor, ingestImage, inspectUpload } from '../../src/services/images/ingestImage.js';
import { responsiveSources, variantWidths } from '../../src/services/images/naming.js';
import { sniffImageType } from '../../src/services/images/sniff.js';
import { databaseKinds } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/app.js';

const kinds = await databaseKinds();

const solid = (width: number, height: number, opts: { alpha?: boolean } = {}) =>
  sharp({ create: { width, height, channels: opts.alpha ? 4 : 3, background: { r: 20, g: 90, b: 160, alpha: opts.alpha ? 0.5 : 1 } } });

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A PNG whose header claims width × height, with hardly any picture behind it. */
function pngHeaderClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}

async function rejection(bytes: Buffer): Promise<{ code: string; detail: string }> {
  try {
    await inspectUpload(bytes);
  } catch (err) {
    if (isAppError(err)) return { code: err.code, detail: err.detail ?? '' };
    throw err;
  }
  throw new Error('expected the upload to be refused');
}

describe('checking uploads', () => {
  it('tells the type from the bytes', async () => {
    expect(sniffImageType(await solid(80, 80).jpeg().toBuffer())).toBe('jpeg');
    expect(sniffImageType(await solid(80, 80).png().toBuffer())).toBe('png');
    expect(sniffImageType(await solid(80, 80).webp().toBuffer())).toBe('webp');
    expect(sniffImageType(await solid(80, 80).avif().toBuffer())).toBe('avif');
    expect(sniffImageType(await solid(80, 80).gif().toBuffer())).toBe('gif');
    expect(sniffImageType(Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('svg');
    expect(sniffImageType(Buffer.from('GIF'))).toBe('unknown');
  });

  it('refuses what is not a usable photo, saying why', async () => {
    expect(await rejection(Buffer.alloc(0))).toMatchObject({ code: 'image_rejected', detail: 'The file is empty.' });
    expect((await rejection(Buffer.from('just some text, renamed to photo.jpg'))).detail).toMatch(/not a JPEG, PNG, WebP or AVIF/);
    expect((await rejection(await solid(200, 200).gif().toBuffer())).detail).toMatch(/GIF files are not accepted/);
    expect((await rejection(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).detail).toMatch(/SVG/);
    const jpeg = await solid(400, 300).jpeg().toBuffer();
    expect((await rejection(Buffer.concat([jpeg.subarray(0, 40), Buffer.alloc(200, 7)]))).detail).toMatch(/could not be read/);
    expect((await rejection(await solid(40, 400).png().toBuffer())).detail).toMatch(/at least 64/);
    expect(await rejection(pngHeaderClaiming(20_000, 20_000))).toMatchObject({ code: 'image_too_large' });
    const huge = Buffer.concat([jpeg, Buffer.alloc(IMAGE_LIMITS.maxBytes)]);
    expect(await rejection(huge)).toMatchObject({ code: 'image_too_large' });
  });

  it('offers every width below the image’s own, capped', () => {
    expect(variantWidths(700)).toEqual([320, 640, 700]);
    expect(variantWidths(5000)).toEqual([320, 640, 960, 1280, 1920]);
    expect(variantWidths(100)).toEqual([100]);
    expect(responsiveSources('/media/demo/lead.svg')).toBeNull();
    expect(responsiveSources('/media/i/0123456789abcdef0123-700.png')).toEqual({
      avif: '/media/i/0123456789abcdef0123-320.avif 320w, /media/i/0123456789abcdef0123-640.avif 640w, /media/i/0123456789abcdef0123-700.avif 700w',
      webp: '/media/i/0123456789abcdef0123-320.webp 320w, /media/i/0123456789abcdef0123-640.webp 640w, /media/i/0123456789abcdef0123-700.webp 700w',
      fallback: '/media/i/0123456789abcdef0123-320.png 320w, /media/i/0123456789abcdef0123-640.png 640w, /media/i/0123456789abcdef0123-700.png 700w',
    });
  });
});

describe.each(kinds)('storing images on $kind', ({ create }) => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await startTestApp(await create());
    dir = imageDirFor(t.parley.deps.config.dataDir);
  });
  afterAll(async () => t?.close());
  const deps = () => ({ ...t.parley.deps, imageDir: dir });

  it('writes AVIF, WebP and JPEG in every width, turned upright, without metadata', async () => {
    // A 1000×700 photo stored sideways: EXIF orientation 6 shows it as 700×1000.
    const bytes = await solid(1000, 700)
      .jpeg()
      .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'Secret camera owner', Artist: 'GPS 51.5N' } } })
      .toBuffer();
    const image = await ingestImage(deps(), { siteId: t.site.id, bytes, originalName: 'quay.jpg' });
    expect(image).toMatchObject({ width: 700, height: 1000, format: 'jpeg', originalName: 'quay.jpg' });
    expect(image.src).toMatch(/^\/media\/i\/[0-9a-f]{20}-700\.jpg$/);
    expect(image.variants.map((v) => `${v.format}@${v.width}`).sort()).toEqual(
      ['avif@320', 'avif@640', 'avif@700', 'jpeg@320', 'jpeg@640', 'jpeg@700', 'webp@320', 'webp@640', 'webp@700'].sort(),
    );
    for (const v of image.variants) {
      const meta = await sharp(path.join(dir, v.file)).metadata();
      expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: v.format === 'avif' ? 'heif' : v.format, width: v.width, height: v.height });
      expect(meta.exif).toBeUndefined();
      expect(fs.statSync(path.join(dir, v.file)).size).toBe(v.bytes);
    }
  });

  it('keeps transparency in a PNG fallback and caps the largest size', async () => {
    const bytes = await solid(2200, 1100, { alpha: true }).png().toBuffer();
    const image = await ingestImage(deps(), { siteId: t.site.id, bytes });
    expect(image).toMatchObject({ width: 1920, height: 960, format: 'png' });
    expect(image.src).toMatch(/-1920\.png$/);
    expect((await sharp(path.join(dir, path.basename(image.src))).metadata()).hasAlpha).toBe(true);
  });

  it('stores the same bytes once', async () => {
    const bytes = await solid(300, 200).webp().toBuffer();
    const first = await ingestImage(deps(), { siteId: t.site.id, bytes });
    const second = await ingestImage(deps(), { siteId: t.site.id, bytes, originalName: 'again.webp' });
    expect(second.id).toBe(first.id);
    expect(await t.parley.deps.store.getImagesByHashes({ siteId: t.site.id, hashes: [first.hash] })).toHaveLength(1);
  });

  it('serves the files as immutable, and nothing else from that folder', async () => {
    const image = await ingestImage(deps(), { siteId: t.site.id, bytes: await solid(500, 300).jpeg().toBuffer() });
    const avif = image.variants.find((v) => v.format === 'avif')!;
    const res = await t.request({ method: 'GET', url: `/media/i/${avif.file}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/avif');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.rawPayload.length).toBe(avif.bytes);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'private');
    for (const url of ['/media/i/notes.txt', '/media/i/..%2F..%2Fparley.db', `/media/i/${avif.file.replace('.avif', '.gif')}`, '/media/i/ffffffffffffffffffff-320.avif']) {
      expect((await t.request({ method: 'GET', url })).statusCode, url).toBe(404);
    }
  });
});
