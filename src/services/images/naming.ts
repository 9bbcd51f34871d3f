// How uploaded images are named and offered in responsive sizes. Pure functions shared by the
// image service (which writes the files) and the views (which write srcset/sizes), so a page
// never needs a database read to list an image's variants.
//
// Every file of an image is named after the first 20 hex digits of the SHA-256 of the uploaded
// bytes: `<hash>-<width>.<ext>` under DATA_DIR/media/i, served at /media/i/. The name changes
// whenever the content does, so the files are served as immutable for a year.

export const IMAGE_URL_PREFIX = '/media/i/';
/** Widths generated for every image that is wider, plus the image's own (capped) width. */
export const WIDTH_LADDER = [320, 640, 960, 1280, 1920] as const;
/**
 * The largest width served; wider uploads are scaled down to it. The article column is 44rem
 * (704 CSS px), so this covers screens up to about 2.7 device pixels per CSS pixel.
 */
export const MAX_SERVED_WIDTH = 1920;

export type FallbackFormat = 'jpeg' | 'png';
export const FORMAT_EXT = { avif: 'avif', webp: 'webp', jpeg: 'jpg', png: 'png' } as const;
export type VariantFormat = keyof typeof FORMAT_EXT;

const FILE = /^([0-9a-f]{20})-([1-9]\d{0,4})\.(avif|webp|jpg|png)$/;
const URL_PATTERN = /^\/media\/i\/([0-9a-f]{20})-([1-9]\d{0,4})\.(jpg|png)$/;

/** The widths an image of this intrinsic width is offered in, ascending. */
export function variantWidths(width: number): number[] {
  const top = Math.min(width, MAX_SERVED_WIDTH);
  return [...WIDTH_LADDER.filter((w) => w < top), top];
}

export function variantFile(hash: string, width: number, format: VariantFormat): string {
  return `${hash}-${width}.${FORMAT_EXT[format]}`;
}

/** Whether `name` is a file name the image route may serve. */
export function isVariantFileName(name: string): boolean {
  return FILE.test(name);
}

export interface UploadedImageRef {
  hash: string;
  /** Width of the file the URL names (the full served width for an image's `src`). */
  width: number;
  fallback: FallbackFormat;
}

/** Parses the URL of an uploaded image's fallback file (`/media/i/<hash>-<w>.jpg|png`). */
export function parseUploadedImageUrl(src: string): UploadedImageRef | null {
  const m = URL_PATTERN.exec(src);
  if (!m) return null;
  return { hash: m[1]!, width: Number(m[2]), fallback: m[3] === 'png' ? 'png' : 'jpeg' };
}

export interface ResponsiveSources {
  avif: string;
  webp: string;
  /** srcset of the fallback format. */
  fallback: string;
}

/**
 * srcset lists for an uploaded image whose full-size fallback is `src` (intrinsic `width`), or
 * null for any other image (demo SVGs, external URLs), which is then served as it is.
 */
export function responsiveSources(src: string): ResponsiveSources | null {
  const ref = parseUploadedImageUrl(src);
  if (!ref) return null;
  const list = (format: VariantFormat) => variantWidths(ref.width).map((w) => `${IMAGE_URL_PREFIX}${variantFile(ref.hash, w, format)} ${w}w`).join(', ');
  return { avif: list('avif'), webp: list('webp'), fallback: list(ref.fallback) };
}

/** `sizes` for an image spanning the article column (44rem, less the page padding below it). */
export const ARTICLE_IMAGE_SIZES = '(min-width: 46rem) 44rem, calc(100vw - 2rem)';
/** `sizes` for a card thumbnail on the front and list pages. */
export const CARD_IMAGE_SIZES = '(min-width: 40em) 12rem, calc(100vw - 2rem)';
