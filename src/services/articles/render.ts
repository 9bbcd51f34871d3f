// Renders an article body once, when it is saved: the article Markdown renderer with figure
// sources resolved against the site's uploaded images, then each uploaded figure turned into a
// <picture> offering AVIF and WebP in every width, with the JPEG/PNG fallback in the <img>.
import { inspectArticleFigures, renderArticleMarkdown, type ArticleFigureReport, type ResolvedImage } from '../../domain/article-markdown.js';
import type { ImageRecord, Store } from '../../store/store.js';
import { ARTICLE_IMAGE_SIZES, parseUploadedImageUrl, responsiveSources } from '../images/naming.js';

export interface RenderedBody {
  html: string;
  /** Figures that will not render, with why. */
  problems: ArticleFigureReport[];
}

/** Loads the uploaded images a set of sources refers to, keyed by their hash. */
export async function loadUploadedImages(store: Store, siteId: string, sources: readonly string[]): Promise<Map<string, ImageRecord>> {
  const hashes = sources.map((s) => parseUploadedImageUrl(s)?.hash).filter((h): h is string => Boolean(h));
  const images = await store.getImagesByHashes({ siteId, hashes });
  return new Map(images.map((i) => [i.hash, i]));
}

export function imageResolver(images: Map<string, ImageRecord>): (src: string) => ResolvedImage | null {
  return (src) => {
    if (!src.startsWith('/media/i/')) return { src };
    const ref = parseUploadedImageUrl(src);
    const image = ref ? images.get(ref.hash) : undefined;
    // Any width of a known image names it; the figure always shows the full-size fallback.
    return image ? { src: image.src, width: image.width, height: image.height } : null;
  };
}

const UPLOADED_IMG = /<img src="(\/media\/i\/[0-9a-f]{20}-[1-9]\d{0,4}\.(?:jpg|png))"([^>]*)>/g;

/** Wraps each uploaded image of sanitized article HTML in a <picture> with its variants. */
export function withResponsiveImages(html: string, sizes = ARTICLE_IMAGE_SIZES): string {
  return html.replace(UPLOADED_IMG, (whole, src: string, rest: string) => {
    const sources = responsiveSources(src);
    if (!sources) return whole;
    return (
      `<picture><source type="image/avif" srcset="${sources.avif}" sizes="${sizes}">` +
      `<source type="image/webp" srcset="${sources.webp}" sizes="${sizes}">` +
      `<img src="${src}" srcset="${sources.fallback}" sizes="${sizes}"${rest}></picture>`
    );
  });
}

export async function renderBody(store: Store, siteId: string, markdown: string): Promise<RenderedBody> {
  const sources = inspectArticleFigures(markdown).map((f) => f.src);
  const resolveImage = imageResolver(await loadUploadedImages(store, siteId, sources));
  const html = withResponsiveImages(renderArticleMarkdown(markdown, { resolveImage }));
  const problems = inspectArticleFigures(markdown, { resolveImage }).filter((f) => f.problem !== null);
  return { html, problems };
}

const PROBLEM_TEXT: Record<NonNullable<ArticleFigureReport['problem']>, string> = {
  'missing-src': 'the figure names no image',
  'bad-src': 'the image must be an upload (/media/…) or an https:// URL',
  'missing-alt': 'the figure has no alt text; describe the image for readers who cannot see it',
  'unresolved-image': 'no uploaded image has that address; upload it first',
  unterminated: 'the figure is never closed with a line holding only :::',
};

export function describeFigureProblem(report: ArticleFigureReport): string {
  return `line ${report.line}: ${PROBLEM_TEXT[report.problem ?? 'missing-src']}`;
}
