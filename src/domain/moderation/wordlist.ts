// Word lists compiled once into a matcher that sees through disguises (see normalize.ts).
//
// An entry is a word ("idiot"), a prefix ("idiot*": idiots, idiotic) or a phrase of several
// words ("go away"). A token matches a word when, after folding and leet decoding, it is equal,
// or equal once repeated letters are collapsed and it is at least as long ("idiooot", never
// "as" for "ass"). A `*` inside a written token is a wildcard for one letter ("f*ck"). Words in
// the allow-list never match, whatever prefix would catch them.
import { collapse, collapsedReadings, foldText, normalizedText, type CollapsedReadings, type Token } from './normalize.js';

export interface WordMatch {
  /** The list entry that matched, as written in the list. */
  entry: string;
  /** What the author wrote, from the original text's folded form. */
  found: string;
}

interface Entry {
  source: string;
  words: string[];
  /** The words with repeated letters collapsed (precomputed: matching is the hot path). */
  collapsed: string[];
  prefix: boolean;
}

/** Built-in allow-list: real words and places containing, or looking like, list entries. */
export const BUILTIN_ALLOWED = [
  'scunthorpe', 'penistone', 'cockpit', 'cockpits', 'cocktail', 'cocktails', 'cockerel', 'cockle', 'cockles', 'cockroach', 'cockney', 'peacock', 'hancock', 'shuttlecock',
  'assassin', 'assassinate', 'assess', 'assessment', 'asset', 'assets', 'assist', 'assistant', 'associate', 'association', 'assume', 'assure', 'class', 'classic', 'bass', 'pass', 'passage', 'embassy', 'ambassador', 'harass',
  'shitake', 'shiitake', 'dickens', 'dickinson', 'dickson', 'middlesex', 'sussex', 'essex', 'analysis', 'analyst', 'therapist', 'grape', 'grapes', 'scrape', 'document',
  'hello', 'shell', 'shells', 'shellfish', 'hellenic', 'hellas', 'helsinki', 'michelle', 'dammit', 'amsterdam', 'rotterdam', 'damnation', 'niggle', 'niggling', 'snigger',
  'twitter', 'title', 'titles', 'titan', 'titanic', 'titmouse', 'constitution', 'competition', 'petition', 'bastion', 'spick', 'cumulative', 'cucumber', 'circumstance', 'scum', 'buttress', 'button', 'buttons',
];

function splitEntry(raw: string): Entry | null {
  const folded = foldText(raw.trim());
  const prefix = folded.endsWith('*') && !folded.endsWith('**');
  const body = prefix ? folded.slice(0, -1) : folded;
  const words = body.split(/\s+/).map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
  if (words.length === 0) return null;
  return { source: raw.trim(), words, collapsed: words.map(collapse), prefix };
}

/** A number for a string's first two UTF-16 units (its `slice(0, 2)`), so a lookup allocates nothing. */
function startKey(s: string): number {
  return s.length >= 2 ? s.charCodeAt(0) * 65536 + s.charCodeAt(1) : s.length === 1 ? -1 - s.charCodeAt(0) : -1e6;
}

function wildcardEquals(token: string, word: string): boolean {
  if (token.length !== word.length) return false;
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if (c !== '*' && c !== word[i]) return false;
  }
  return true;
}

/** Characters of a masked token that are not `*` (counted without a regex: a hot path). */
function visibleLetters(token: string): number {
  let n = 0;
  for (let i = 0; i < token.length; i++) if (token.charCodeAt(i) !== 42) n++;
  return n;
}

function tokenMatchesWord(tokenText: string, tokenCollapsed: string, word: string, wordCollapsed: string, prefix: boolean): boolean {
  if (tokenText === word) return true;
  if (tokenText.includes('*')) {
    // Masked letters: the visible letters must be there and at least one must be masked.
    const visible = visibleLetters(tokenText);
    return visible >= 1 && visible < word.length && (prefix ? wildcardEquals(tokenText.slice(0, word.length), word) : wildcardEquals(tokenText, word));
  }
  if (prefix) {
    if (tokenText.startsWith(word)) return true;
    return tokenCollapsed.startsWith(wordCollapsed) && tokenText.length >= word.length && /(.)\1\1/.test(tokenText);
  }
  return tokenText.length >= word.length && tokenCollapsed === wordCollapsed;
}

export interface WordList {
  readonly size: number;
  /** Every entry found in `text`, once each, in the order first found. */
  find(text: string): WordMatch[];
  /** Same, on text already normalized (several lists share one normalization). */
  findIn(normalized: { folded: string; tokens: Token[] }): WordMatch[];
  /**
   * Whether a single-word entry matches this one token (no allocation: for per-token scans).
   * `collapsed` is the token's collapsed readings when the caller has them (collapsedReadings).
   */
  matchesToken(token: Token, collapsed?: CollapsedReadings): boolean;
}

export function compileWordList(entries: readonly string[], allowed: readonly string[] = []): WordList {
  const compiled = entries.map(splitEntry).filter((e): e is Entry => e !== null);
  const allow = new Set([...BUILTIN_ALLOWED, ...allowed.map((a) => foldText(a).replace(/[^\p{L}\p{N}]/gu, ''))]);
  // Index entries by the collapsed form of their first word (exact entries) or its first two
  // letters (prefix entries, phrases starting with a prefix), so a token looks at a handful of
  // candidates instead of the whole list. Masked tokens ("f*ck") fall back to the whole list.
  const exact = new Map<string, Entry[]>();
  const byStart = new Map<number, Entry[]>();
  const add = <K>(map: Map<K, Entry[]>, key: K, e: Entry) => {
    const list = map.get(key);
    if (list) list.push(e);
    else map.set(key, [e]);
  };
  for (const e of compiled) {
    const first = e.collapsed[0]!;
    if (e.prefix && e.words.length === 1) add(byStart, startKey(first), e);
    else add(exact, first, e);
  }
  const NONE: Entry[] = [];

  const candidates = (t: string, c: string): Entry[] => {
    if (t.includes('*')) return compiled;
    const a = exact.get(c) ?? NONE;
    const b = byStart.get(startKey(c)) ?? NONE;
    return a.length === 0 ? b : b.length === 0 ? a : [...a, ...b];
  };

  function findIn({ folded, tokens }: { folded: string; tokens: Token[] }): WordMatch[] {
    if (compiled.length === 0) return [];
    const out: WordMatch[] = [];
    const seen = new Set<string>();
    const collapsedOf = collapsedReadings(tokens);
    tokens.forEach((token, i) => {
      // The allow-list is looked at only for a token some entry could match (most match none).
      let allowChecked = false;
      for (let r = 0; r < (token.alt === null ? 1 : 2); r++) {
        const reading = r === 0 ? token.text : token.alt!;
        const readingCollapsed = r === 0 ? collapsedOf[i]!.text : collapsedOf[i]!.alt!;
        const entries = candidates(reading, readingCollapsed);
        if (entries.length === 0) continue;
        if (!allowChecked) {
          if (allow.has(token.text) || (token.alt !== null && allow.has(token.alt))) return;
          allowChecked = true;
        }
        for (const e of entries) {
          if (seen.has(e.source)) continue;
          const last = e.words.length - 1;
          if (i + last >= tokens.length) continue;
          let ok = true;
          for (let k = 0; k <= last && ok; k++) {
            const tk = k === 0 ? reading : tokens[i + k]!.text;
            ok = tokenMatchesWord(tk, k === 0 ? readingCollapsed : collapsedOf[i + k]!.text, e.words[k]!, e.collapsed[k]!, e.prefix && k === last);
            if (ok && k > 0 && allow.has(tk)) ok = false;
          }
          if (!ok) continue;
          seen.add(e.source);
          out.push({ entry: e.source, found: folded.slice(token.start, tokens[i + last]!.end) });
        }
      }
    });
    return out;
  }

  function matchesToken(token: Token, collapsed?: CollapsedReadings): boolean {
    let allowChecked = false;
    for (let r = 0; r < (token.alt === null ? 1 : 2); r++) {
      const reading = r === 0 ? token.text : token.alt!;
      const c = collapsed ? (r === 0 ? collapsed.text : collapsed.alt!) : collapse(reading);
      const entries = candidates(reading, c);
      if (entries.length === 0) continue;
      if (!allowChecked) {
        if (allow.has(token.text) || (token.alt !== null && allow.has(token.alt))) return false;
        allowChecked = true;
      }
      for (const e of entries) {
        if (e.words.length === 1 && tokenMatchesWord(reading, c, e.words[0]!, e.collapsed[0]!, e.prefix)) return true;
      }
    }
    return false;
  }

  return {
    size: compiled.length,
    findIn,
    matchesToken,
    find: (text) => findIn(normalizedText(text)),
  };
}
