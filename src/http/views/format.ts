// Text formatting shared by the server render and the browser bundle. The server writes absolute
// dates (stable, cacheable, meaningful without JS); the browser swaps in relative ones.

const absoluteFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

function safeLocale(lang: string): string {
  try {
    return Intl.getCanonicalLocales(lang)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

function absoluteFormat(lang: string): Intl.DateTimeFormat {
  let f = absoluteFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(safeLocale(lang), {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'UTC',
      timeZoneName: 'short',
    });
    absoluteFormats.set(lang, f);
  }
  return f;
}

/** "12 March 2025 at 14:05 UTC" (in the page language); the input on unparseable dates. */
export function formatAbsolute(iso: string, lang: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : absoluteFormat(lang).format(t);
}

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "5 minutes ago", "yesterday", "in 2 hours" (clock skew) relative to `now` (ms). */
export function formatRelative(iso: string, now: number, lang: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  let rtf = relativeFormats.get(lang);
  if (!rtf) {
    rtf = new Intl.RelativeTimeFormat(safeLocale(lang), { numeric: 'auto' });
    relativeFormats.set(lang, rtf);
  }
  let value = (t - now) / 1000;
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return rtf.format(Math.round(value), unit);
    value /= size;
  }
  return formatAbsolute(iso, lang);
}

/** "1 comment", "12 comments". */
export function countLabel(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
