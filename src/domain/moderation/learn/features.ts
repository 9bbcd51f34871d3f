// Hashed n-gram features ("the hashing trick"): each word and each pair of adjacent words is
// hashed (FNV-1a, 32 bit) into one of 2^bits buckets. No vocabulary to store or grow; collisions
// are rare enough at 2^16 for the few thousand distinct n-grams a site's comments use, and
// logistic regression tolerates them. A few shape features (links, capitals, money, phone numbers) are added
// (not length: the spam seed learnt from emails would read every short comment as spam)
// under reserved names.
import { normalizedText } from '../normalize.js';

export const DEFAULT_BITS = 16;

export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Sparse binary feature vector: sorted, de-duplicated bucket indexes. */
export type Features = Uint32Array;

const URL_RE = /\bhttps?:\/\/[^\s)\]]+|\bwww\.[^\s)\]]+/gi;

function shapeFeatures(text: string): string[] {
  const out: string[] = [];
  const links = text.match(URL_RE)?.length ?? 0;
  out.push(`#links:${Math.min(links, 3)}`);
  const letters = text.replace(/[^A-Za-z]/g, '');
  if (letters.length >= 12) out.push(`#caps:${Math.round((letters.replace(/[^A-Z]/g, '').length / letters.length) * 4)}`);
  if (/[$€£]\s?\d/.test(text)) out.push('#money');
  if (/\b\d{3}[\s.-]?\d{3}[\s.-]?\d{4}\b/.test(text)) out.push('#phone');
  return out;
}

/** Text → features. `maxTokens` bounds the work on very long texts (first part only). */
export function extractFeatures(text: string, bits = DEFAULT_BITS, maxTokens = 400): Features {
  const mask = (1 << bits) - 1;
  const cleaned = text.replace(URL_RE, (u) => ` urltoken ${u.replace(/^https?:\/\/(www\.)?/i, '').split(/[/?#]/)[0]} `);
  const tokens = normalizedText(cleaned.slice(0, maxTokens * 12)).tokens.slice(0, maxTokens).map((t) => t.text);
  const set = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]!;
    set.add(fnv1a(`1:${w}`) & mask);
    if (i + 1 < tokens.length) set.add(fnv1a(`2:${w} ${tokens[i + 1]}`) & mask);
  }
  for (const s of shapeFeatures(text)) set.add(fnv1a(s) & mask);
  return Uint32Array.from([...set].sort((a, b) => a - b));
}
