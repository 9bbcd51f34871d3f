// How a host page becomes a thread: its canonical URL, normalized by the site's rules so the
// same article is one thread however it was reached (http or https, trailing slash, tracking
// parameters), or the explicit id the page gives with data-parley-id. Pure functions.
import type { EmbedUrlRules } from '../../store/store.js';

const MAX_URL = 2000;
const ID = /^[\p{L}\p{N}._:/@+-]{1,200}$/u;

/** `https://news.example` from anything URL-like on http(s); null otherwise. */
export function normalizeOrigin(input: string): string | null {
  try {
    const u = new URL(input.trim());
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    if (u.username || u.password) return null;
    return u.origin;
  } catch {
    return null;
  }
}

function dropped(name: string, rules: EmbedUrlRules): boolean {
  return rules.dropQuery.some((p) => p === '*' || (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

/**
 * The page URL as a thread key sees it: http(s) only, no credentials or fragment, lower-case
 * host, default port dropped, scheme and trailing slash per the rules, dropped query parameters
 * removed and the rest sorted. Null when it is not a usable page URL.
 */
export function normalizePageUrl(raw: string, rules: EmbedUrlRules): string | null {
  if (!raw || raw.length > MAX_URL) return null;
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password) return null;
  u.hash = '';
  if (rules.scheme !== 'keep') {
    const port = u.port;
    u.protocol = `${rules.scheme}:`;
    // A port only the other scheme uses by default goes with it.
    if ((port === '80' && rules.scheme === 'https') || (port === '443' && rules.scheme === 'http')) u.port = '';
  }
  const params = [...u.searchParams].filter(([name]) => !dropped(name, rules));
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  u.search = params.length ? `?${new URLSearchParams(params)}` : '';
  if (rules.trailingSlash === 'strip' && u.pathname.length > 1 && u.pathname.endsWith('/')) u.pathname = u.pathname.replace(/\/+$/, '') || '/';
  return u.toString();
}

/** `id:<data-parley-id>` when the page names its thread, else `url:<normalized URL>`. */
export function threadKey(input: { id: string | null; url: string }): string {
  return input.id ? `id:${input.id}` : `url:${input.url}`;
}

export function validThreadId(id: string): boolean {
  return ID.test(id);
}

/** Whether the origin of `url` (or an Origin header) is on the list. */
export function originAllowed(urlOrOrigin: string | null | undefined, allowed: readonly string[]): boolean {
  if (!urlOrOrigin) return false;
  const origin = normalizeOrigin(urlOrOrigin);
  return origin !== null && allowed.includes(origin);
}
