// Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the site, of each section and each tag (built with
// the `feed` package), and an Atom feed of each article's comments. URLs in them are absolute.
import { Feed, type Item } from 'feed';
import type { Article, Comment, Site, User } from '../../domain/types.js';
import { articleUrl } from '../presenters.js';
import { FEED_TYPES, feedPath, listPath, type FeedFormat } from '../views/pages/publication/paths.js';
import { termKey } from '../../services/articles/terms.js';
import { absolute, htmlToText } from './base.js';
import { socialImage } from './seo.js';

export const FEED_SIZE = 30;
export const COMMENTS_FEED_SIZE = 50;

/** Article HTML as feed readers take it: no <picture> or srcset, every URL absolute. */
export function feedHtml(base: string, html: string): string {
  return html
    .replace(/<\/?picture>|<source [^>]*>/g, '')
    .replace(/ (?:srcset|sizes)="[^"]*"/g, '')
    .replace(/ (src|href)="\/(?!\/)/g, (_, attr: string) => ` ${attr}="${base}/`);
}

export interface FeedSpec {
  base: string;
  site: Site;
  title: string;
  description: string;
  /** Path of the HTML page the feed follows. */
  pagePath: string;
  list?: { kind: 'section' | 'tag'; key: string };
  articles: Article[];
}

export function buildArticleFeed(spec: FeedSpec, format: FeedFormat): string {
  const { base } = spec;
  const updated = spec.articles.reduce((max, a) => (a.updatedAt > max ? a.updatedAt : max), spec.site.createdAt);
  const feed = new Feed({
    id: absolute(base, spec.pagePath),
    title: spec.title,
    description: spec.description,
    link: absolute(base, spec.pagePath),
    language: 'en',
    updated: new Date(updated),
    generator: 'Parley',
    favicon: absolute(base, '/favicon.svg'),
    copyright: `© ${spec.site.name}`,
    feedLinks: {
      rss: absolute(base, feedPath('rss', spec.list)),
      atom: absolute(base, feedPath('atom', spec.list)),
      json: absolute(base, feedPath('json', spec.list)),
    },
  });
  for (const a of spec.articles) {
    const url = absolute(base, articleUrl(a));
    const item: Item = {
      title: a.title,
      id: url,
      link: url,
      date: new Date(a.updatedAt),
      published: new Date(a.publishedAt ?? a.updatedAt),
      description: a.dek || htmlToText(a.bodyHtml).slice(0, 300),
      content: feedHtml(base, a.bodyHtml),
      // (feed 6 fails on an empty author list in JSON Feed, so none is given rather than [].)
      ...(a.authors.length ? { author: a.authors.map((name) => ({ name, link: absolute(base, listPath('author', termKey(name))) })) } : {}),
      category: [
        ...(a.section ? [{ name: a.section, domain: absolute(base, listPath('section', termKey(a.section))) }] : []),
        ...a.tags.map((t) => ({ name: t, domain: absolute(base, listPath('tag', termKey(t))) })),
      ],
    };
    if (a.leadImage) {
      const img = socialImage(base, a.leadImage);
      item.image = { url: img.url, type: /\.png$/i.test(img.url) ? 'image/png' : /\.svg$/i.test(img.url) ? 'image/svg+xml' : 'image/jpeg', length: 0 };
    }
    feed.addItem(item);
  }
  if (format === 'rss') return feed.rss2();
  if (format === 'atom') return feed.atom1();
  return feed.json1();
}

export function feedContentType(format: FeedFormat): string {
  return `${FEED_TYPES[format]}; charset=utf-8`;
}

export function buildCommentsFeed(input: { base: string; site: Site; article: Article; comments: Comment[]; users: Map<string, User> }): string {
  const { base, article } = input;
  const page = absolute(base, articleUrl(article));
  const updated = input.comments.reduce((max, c) => ((c.editedAt ?? c.createdAt) > max ? (c.editedAt ?? c.createdAt) : max), article.updatedAt);
  const feed = new Feed({
    id: `${page}#comments`,
    title: `Comments on “${article.title}” · ${input.site.name}`,
    description: `The newest comments on “${article.title}”.`,
    link: `${page}#comments`,
    language: 'en',
    updated: new Date(updated),
    generator: 'Parley',
    copyright: `Comments © their authors`,
    feedLinks: { atom: absolute(base, `/articles/${encodeURIComponent(article.slug)}/comments.atom`) },
  });
  for (const c of input.comments) {
    const user = input.users.get(c.authorId);
    const name = user?.displayName ?? 'A reader';
    const url = absolute(base, `${articleUrl(article)}/comments/${c.id}`);
    feed.addItem({
      title: `${c.parentId ? 'Reply' : 'Comment'} by ${name}`,
      id: url,
      link: url,
      date: new Date(c.editedAt ?? c.createdAt),
      published: new Date(c.createdAt),
      description: htmlToText(c.bodyHtml).slice(0, 280),
      content: feedHtml(base, c.bodyHtml),
      author: [{ name }],
    });
  }
  return feed.atom1();
}
