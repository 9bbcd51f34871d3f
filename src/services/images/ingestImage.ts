// Accepts an uploaded image: checks it (type from its bytes, size and pixel limits, a decodable
// picture), writes its variants under DATA_DIR/media/i (AVIF, WebP and a JPEG or PNG fallback in
// every width of the ladder), and records it. Uploading the same bytes again returns the image
// already recorded, so publishing a folder twice stores nothing twice.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { AppError } from '../../domain/errors.js';
import type { ImageRecord, ImageVariantRecord } from '../../store/store.js';
import type { ServiceDeps } from '../deps.js';
import { IMAGE_URL_PREFIX, variantFile, variantWidths, type FallbackFormat, type VariantFormat } from './naming.js';
import { sniffImageType } from './sniff.js';

export const IMAGE_LIMITS = {
  /** Bytes of the uploaded file. */
  maxBytes: 15 * 1024 * 1024,
  /** Width × height of the decoded picture (a 40-megapixel camera frame passes). */
  maxPixels: 40_000_000,
  /** Neither side may be shorter (an icon is not a news photo). */
  minSide: 64,
} as const;

export interface ImageDeps extends Pick<ServiceDeps, 'store' | 'clock' | 'newId'> {
  /** DATA_DIR/media/i: where the variant files are written. */
  imageDir: string;
}

export function imageDirFor(dataDir: string): string {
  return path.join(dataDir, 'media', 'i');
}

const ENCODE: Record<VariantFormat, (s: Sharp) => Sharp> = {
  avif: (s) => s.avif({ quality: 50, effort: 2 }),
  webp: (s) => s.webp({ quality: 72, effort: 4 }),
  jpeg: (s) => s.jpeg({ quality: 80, mozjpeg: true }),
  png: (s) => s.png({ compressionLevel: 9, adaptiveFiltering: true }),
};

function reject(detail: string, code: 'image_rejected' | 'image_too_large' = 'image_rejected'): AppError {
  return new AppError(code, { detail, fields: [{ field: 'image', code, message: detail }] });
}

async function writeOnce(file: string, data: Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, file);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** Checks an upload and returns its decoded size and the fallback format, or throws image_rejected. */
export async function inspectUpload(bytes: Buffer): Promise<{ width: number; height: number; fallback: FallbackFormat; type: string }> {
  if (bytes.length === 0) throw reject('The file is empty.');
  if (bytes.length > IMAGE_LIMITS.maxBytes) {
    throw reject(`The file is ${(bytes.length / 1048576).toFixed(1)} MB; the limit is ${IMAGE_LIMITS.maxBytes / 1048576} MB.`, 'image_too_large');
  }
  const type = sniffImageType(bytes);
  if (type === 'gif') throw reject('GIF files are not accepted; upload a JPEG, PNG, WebP or AVIF image.');
  if (type === 'heic') throw reject('HEIC photos are not accepted; export the photo as JPEG first.');
  if (type === 'svg') throw reject('SVG files are not accepted as uploads; upload a JPEG, PNG, WebP or AVIF image.');
  if (type === 'unknown') throw reject('The file is not a JPEG, PNG, WebP or AVIF image.');
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: IMAGE_LIMITS.maxPixels, failOn: 'error' }).metadata();
  } catch (err) {
    const message = (err as Error).message.replace(/\s+/g, ' ');
    if (/pixel limit/i.test(message)) throw reject(`The image has more than ${IMAGE_LIMITS.maxPixels / 1e6} megapixels.`, 'image_too_large');
    throw reject(`The image could not be read: ${message.slice(0, 200)}`);
  }
  const expected = type === 'jpeg' ? 'jpeg' : type === 'avif' ? 'heif' : type;
  if (meta.format !== expected) throw reject(`The file starts like ${type.toUpperCase()} but decodes as ${String(meta.format)}.`);
  if (!meta.width || !meta.height) throw reject('The image has no size.');
  if (meta.width * meta.height > IMAGE_LIMITS.maxPixels) {
    throw reject(`The image is ${meta.width}×${meta.height} pixels; the limit is ${IMAGE_LIMITS.maxPixels / 1e6} megapixels.`, 'image_too_large');
  }
  // EXIF orientations 5–8 turn the picture a quarter: the displayed size is swapped.
  const turned = (meta.orientation ?? 1) >= 5;
  const width = turned ? meta.height : meta.width;
  const height = turned ? meta.width : meta.height;
  if (width < IMAGE_LIMITS.minSide || height < IMAGE_LIMITS.minSide) {
    throw reject(`The image is ${width}×${height} pixels; each side must be at least ${IMAGE_LIMITS.minSide}.`);
  }
  const fallback: FallbackFormat = type === 'jpeg' ? 'jpeg' : type === 'png' ? 'png' : meta.hasAlpha ? 'png' : 'jpeg';
  return { width, height, fallback, type };
}

/**
 * Stores an image for a site and returns its record. Variants are decoded from the original
 * once per width, turned upright by their EXIF orientation, and stripped of metadata (camera
 * serials and GPS positions do not reach readers).
 */
export async function ingestImage(
  deps: ImageDeps,
  input: { siteId: string; bytes: Buffer; originalName?: string | null; createdBy?: string | null },
): Promise<ImageRecord> {
  const hash = createHash('sha256').update(input.bytes).digest('hex').slice(0, 20);
  const [known] = await deps.store.getImagesByHashes({ siteId: input.siteId, hashes: [hash] });
  if (known && (await exists(path.join(deps.imageDir, path.basename(known.src))))) return known;

  const info = await inspectUpload(input.bytes);
  await fs.mkdir(deps.imageDir, { recursive: true });
  const variants: ImageVariantRecord[] = [];
  const formats: VariantFormat[] = ['avif', 'webp', info.fallback];
  for (const width of variantWidths(info.width)) {
    const height = Math.max(1, Math.round((info.height * width) / info.width));
    const base = sharp(input.bytes, { limitInputPixels: IMAGE_LIMITS.maxPixels }).rotate().resize({ width, withoutEnlargement: true });
    // The three formats of one width are encoded at once from one decoded, resized picture.
    const written = await Promise.all(
      formats.map(async (format) => {
        const file = variantFile(hash, width, format);
        const target = path.join(deps.imageDir, file);
        if (await exists(target)) return { format, width, height, file, bytes: (await fs.stat(target)).size };
        const data = await ENCODE[format](base.clone()).toBuffer();
        await writeOnce(target, data);
        return { format, width, height, file, bytes: data.length };
      }),
    );
    variants.push(...written);
  }
  const top = variantWidths(info.width).at(-1)!;
  const record: ImageRecord = {
    id: known?.id ?? deps.newId(),
    siteId: input.siteId,
    hash,
    format: info.fallback,
    width: top,
    height: Math.max(1, Math.round((info.height * top) / info.width)),
    bytes: input.bytes.length,
    src: `${IMAGE_URL_PREFIX}${variantFile(hash, top, info.fallback)}`,
    originalName: input.originalName?.slice(0, 255) ?? null,
    createdBy: input.createdBy ?? null,
    createdAt: deps.clock().toISOString(),
    variants,
  };
  if (known) return known; // the files were missing and are back; the record stands
  try {
    await deps.store.insertImage(record);
  } catch (err) {
    // Two uploads of the same bytes at once: the other one recorded it.
    const [again] = await deps.store.getImagesByHashes({ siteId: input.siteId, hashes: [hash] });
    if (again) return again;
    throw err;
  }
  return record;
}
