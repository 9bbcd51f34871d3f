// What an article page tells machines about itself: its canonical URL, Open Graph and Twitter
// card tags, the feed of its comments, and NewsArticle JSON-LD carrying the discussion shown on
// the page as Comment items.
import type { ArticleView, CommentPage, ThreadNode } from '../api-types.js';
import { JsonLd, SocialMeta, type SocialCard } from '../views/pages/publication/meta.js';
import { commentsFeedPath, listPath } from '../views/pages/publication/paths.js';
import { termKey } from '../../services/articles/terms.js';
import { parseUploadedImageUrl, variantFile, variantWidths, IMAGE_URL_PREFIX } from '../../services/images/naming.js';
import { absolute, htmlToText } from './base.js';

/** A JPEG/PNG of about 1280 px for social cards (they take neither AVIF nor, everywhere, WebP). */
export function socialImage(base: string, image: NonNullable<ArticleView['leadImage']>): NonNullable<SocialCard['image']> {
  const ref = parseUploadedImageUrl(image.src);
  if (!ref) return { url: absolute(base, image.src), alt: image.alt, width: image.width, height: image.height };
  const width = variantWidths(ref.width).find((w) => w >= 1200) ?? ref.width;
  return {
    url: absolute(base, `${IMAGE_URL_PREFIX}${variantFile(ref.hash, width, ref.fallback)}`),
    alt: image.alt,
    width,
    height: Math.round((image.height * width) / image.width),
  };
}

function commentLd(base: string, node: ThreadNode, depth: number): Record<string, unknown> | null {
  const c = node.comment;
  if (c.tombstone || !c.author) return null;
  const replies = depth < 3 ? node.replies.map((r) => commentLd(base, r, depth + 1)).filter(Boolean) : [];
  return {
    '@type': 'Comment',
    '@id': absolute(base, c.permalink),
    url: absolute(base, c.permalink),
    text: htmlToText(c.html).slice(0, 2000),
    dateCreated: c.createdAt,
    ...(c.editedAt ? { dateModified: c.editedAt } : {}),
    author: { '@type': 'Person', name: c.author.displayName, alternateName: `@${c.author.username}` },
    upvoteCount: c.reactions.like,
    downvoteCount: c.reactions.dislike,
    ...(replies.length ? { comment: replies } : {}),
  };
}

export function articleStructuredData(input: { base: string; siteName: string; article: ArticleView; page: CommentPage | null }): Record<string, unknown> {
  const { base, article } = input;
  const url = absolute(base, article.url);
  const image = article.leadImage ? socialImage(base, article.leadImage) : null;
  const comments = (input.page?.items ?? []).map((n) => commentLd(base, n, 0)).filter(Boolean);
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    '@id': `${url}#article`,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    headline: article.title.length > 110 ? `${article.title.slice(0, 109)}…` : article.title,
    ...(article.dek ? { description: article.dek } : {}),
    ...(image ? { image: [{ '@type': 'ImageObject', url: image.url, width: image.width, height: image.height, caption: article.leadImage?.caption || undefined }] } : {}),
    ...(article.publishedAt ? { datePublished: article.publishedAt } : {}),
    dateModified: article.updatedAt,
    author: article.authors.map((name) => ({ '@type': 'Person', name, url: absolute(base, listPath('author', termKey(name))) })),
    publisher: { '@type': 'Organization', name: input.siteName, url: `${base}/`, logo: { '@type': 'ImageObject', url: absolute(base, '/favicon.svg') } },
    ...(article.section ? { articleSection: article.section } : {}),
    ...(article.tags.length ? { keywords: article.tags.join(', ') } : {}),
    isAccessibleForFree: true,
    inLanguage: 'en',
    commentCount: input.page?.total ?? article.commentCount,
    discussionUrl: `${url}#comments`,
    ...(comments.length ? { comment: comments } : {}),
  };
}

export function ArticleHead({ base, siteName, article, page, nonce }: { base: string; siteName: string; article: ArticleView; page: CommentPage | null; nonce: string }) {
  const card: SocialCard = {
    type: 'article',
    title: article.title,
    description: article.dek,
    url: absolute(base, article.url),
    siteName,
    image: article.leadImage ? socialImage(base, article.leadImage) : null,
    publishedTime: article.publishedAt,
    modifiedTime: article.updatedAt,
    section: article.section,
    tags: article.tags,
    authors: article.authors.map((name) => absolute(base, listPath('author', termKey(name)))),
  };
  return (
    <>
      <SocialMeta card={card} />
      <link rel="alternate" type="application/atom+xml" title={`Comments on “${article.title}”`} href={commentsFeedPath(article.slug)} />
      <JsonLd data={articleStructuredData({ base, siteName, article, page })} nonce={nonce} />
    </>
  );
}
