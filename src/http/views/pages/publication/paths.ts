// URLs of the publication's pages and feeds, in one place for the routes and the views.
export type ListKind = 'section' | 'tag' | 'author';
export type FeedFormat = 'rss' | 'atom' | 'json';

const seg = encodeURIComponent;
const PREFIX: Record<ListKind, string> = { section: '/sections/', tag: '/tags/', author: '/authors/' };
export const FEED_FILES: Record<FeedFormat, string> = { rss: 'feed.xml', atom: 'feed.atom', json: 'feed.json' };
export const FEED_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};
export const FEED_LABELS: Record<FeedFormat, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };

export function listPath(kind: ListKind, key: string): string {
  return `${PREFIX[kind]}${seg(key)}`;
}

/** A feed of the whole site (no list) or of one section or tag. */
export function feedPath(format: FeedFormat, list?: { kind: 'section' | 'tag'; key: string }): string {
  return list ? `${listPath(list.kind, list.key)}/${FEED_FILES[format]}` : `/${FEED_FILES[format]}`;
}

export function commentsFeedPath(slug: string): string {
  return `/articles/${seg(slug)}/comments.atom`;
}

export function searchPath(query?: string, page = 1): string {
  if (!query) return '/search';
  return `/search?q=${seg(query)}${page > 1 ? `&page=${page}` : ''}`;
}

export function withCursor(path: string, cursor: string): string {
  return `${path}?before=${seg(cursor)}`;
}

export const EDITOR_PATH = '/editor';
export const editorArticlePath = (id: string) => `/editor/articles/${seg(id)}`;
export const editorNewPath = '/editor/articles/new';
export const editorAuthorsPath = '/editor/authors';
