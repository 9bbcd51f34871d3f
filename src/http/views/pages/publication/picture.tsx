// An image as the pages show it: uploaded images as a <picture> offering AVIF and WebP in every
// width (the browser picks by format support and by `sizes`), with the JPEG/PNG fallback in the
// <img>; other images (the demo's SVGs, external URLs) as a plain <img>.
import type { ImageView } from '../../../api-types.js';
import { responsiveSources } from '../../../../services/images/naming.js';

export function Picture({
  image,
  sizes,
  alt = image.alt,
  lazy = false,
  priority = false,
}: {
  image: Pick<ImageView, 'src' | 'alt' | 'width' | 'height'>;
  sizes: string;
  alt?: string;
  lazy?: boolean;
  /** The page's main image: fetched first (it is usually the largest paint). */
  priority?: boolean;
}) {
  const sources = responsiveSources(image.src);
  const img = (
    <img
      src={image.src}
      srcset={sources?.fallback}
      sizes={sources ? sizes : undefined}
      alt={alt}
      width={image.width}
      height={image.height}
      loading={lazy ? 'lazy' : undefined}
      decoding="async"
      fetchpriority={priority ? 'high' : undefined}
    />
  );
  if (!sources) return img;
  return (
    <picture>
      <source type="image/avif" srcset={sources.avif} sizes={sizes} />
      <source type="image/webp" srcset={sources.webp} sizes={sizes} />
      {img}
    </picture>
  );
}
