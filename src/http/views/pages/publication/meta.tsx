// <head> elements that tell search engines, feed readers and social networks what a page is:
// Open Graph and Twitter card tags, feed links, and JSON-LD (a data block, which CSP does not
// govern; it carries the page nonce when the page has one).
import { serializeState } from '../../layout.js';

export interface SocialCard {
  type: 'article' | 'website';
  title: string;
  description: string;
  url: string;
  siteName: string;
  image?: { url: string; alt: string; width?: number; height?: number } | null;
  publishedTime?: string | null;
  modifiedTime?: string | null;
  section?: string | null;
  tags?: string[];
  authors?: string[];
}

export function SocialMeta({ card }: { card: SocialCard }) {
  return (
    <>
      <meta property="og:type" content={card.type} />
      <meta property="og:site_name" content={card.siteName} />
      <meta property="og:title" content={card.title} />
      {card.description && <meta property="og:description" content={card.description} />}
      <meta property="og:url" content={card.url} />
      {card.image && <meta property="og:image" content={card.image.url} />}
      {card.image?.width && <meta property="og:image:width" content={String(card.image.width)} />}
      {card.image?.height && <meta property="og:image:height" content={String(card.image.height)} />}
      {card.image?.alt && <meta property="og:image:alt" content={card.image.alt} />}
      {card.publishedTime && <meta property="article:published_time" content={card.publishedTime} />}
      {card.modifiedTime && <meta property="article:modified_time" content={card.modifiedTime} />}
      {card.section && <meta property="article:section" content={card.section} />}
      {(card.tags ?? []).map((t) => (
        <meta key={`tag-${t}`} property="article:tag" content={t} />
      ))}
      {(card.authors ?? []).map((a) => (
        <meta key={`author-${a}`} property="article:author" content={a} />
      ))}
      <meta name="twitter:card" content={card.image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={card.title} />
      {card.description && <meta name="twitter:description" content={card.description} />}
      {card.image && <meta name="twitter:image" content={card.image.url} />}
      {card.image?.alt && <meta name="twitter:image:alt" content={card.image.alt} />}
    </>
  );
}

export function JsonLd({ data, nonce }: { data: unknown; nonce: string }) {
  return <script type="application/ld+json" nonce={nonce || undefined} dangerouslySetInnerHTML={{ __html: serializeState(data) }} />;
}
