// Dates as the old systems wrote them, to Parley's ISO-8601 UTC strings. The instant is kept
// exactly (to the millisecond): an offset in the source is applied, and a time written without
// a zone is taken as UTC (Disqus and WordPress' *_gmt fields are UTC by definition).

const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The time in milliseconds, or undefined when the text is not a valid date. */
export function parseSourceDate(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  const s = text.trim();
  const m = ISO_LIKE.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 60) return undefined;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  let t = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(sec), ms);
  // Date.UTC rolls 31 February over into March; refuse it instead.
  if (new Date(t).getUTCDate() !== day && Number(sec) !== 60) return undefined;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
    if (Number(digits.slice(0, 2)) > 23 || Number(digits.slice(2, 4) || '0') > 59) return undefined;
    t -= sign * offset * 60_000;
  }
  return Number.isFinite(t) ? t : undefined;
}

/** Seconds since the epoch (Isso stores floats), as milliseconds; undefined when invalid. */
export function parseEpochSeconds(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || n > 253402300799) return undefined;
  return Math.round(n * 1000);
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
