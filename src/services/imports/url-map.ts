// `--map-url 'http://old.example/=https://www.example/'`: threads land on today's URLs. Each rule
// replaces a prefix; the first rule that matches wins.

export interface UrlRule {
  from: string;
  to: string;
}

/** Parses `OLD=NEW`. The split is at the first `=` followed by a URL (scheme or `/`). */
export function parseUrlRule(text: string): UrlRule {
  const m = /^(.+?)=((?:[a-z][a-z0-9+.-]*:|\/).*)$/i.exec(text.trim());
  if (!m) throw new Error(`--map-url expects OLD=NEW, e.g. 'http://old.example/=https://www.example/' (got ${JSON.stringify(text)})`);
  return { from: m[1]!, to: m[2]! };
}

export function mapUrl(url: string | null, rules: readonly UrlRule[]): string | null {
  if (url === null) return null;
  for (const r of rules) if (url.startsWith(r.from)) return r.to + url.slice(r.from.length);
  return url;
}

/** The forms of a URL that name the same page: as given, and with or without a final slash. */
export function urlVariants(url: string): string[] {
  const out = new Set([url]);
  const hash = url.indexOf('#');
  const base = hash >= 0 ? url.slice(0, hash) : url;
  out.add(base);
  if (!base.includes('?')) {
    if (base.endsWith('/') && !/^[a-z]+:\/\/[^/]+\/$/i.test(base)) out.add(base.slice(0, -1));
    else if (!base.endsWith('/')) out.add(`${base}/`);
  }
  return [...out];
}
