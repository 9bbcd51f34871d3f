// Turns text into the tokens word lists are matched against, undoing the usual disguises:
//   confusables   Cyrillic/Greek look-alikes and full-width forms become Latin letters (NFKC and a
//                 small table), accents are dropped;
//   leetspeak     0→o 1→i/l 3→e 4→a 5→s 7→t 8→b 9→g @→a $→s ! and | →i, inside words only;
//   spacing       runs of single characters ("s h i t", "s.h.i.t") are joined;
//   punctuation   inside a word ("sh-it", "sh_it") is removed; `*` is kept as a wildcard;
//   repetition    runs of a letter are compared collapsed ("shiiiit"), see `collapse`.
// Matching is on whole tokens, so "Scunthorpe" never contains anything; lists may use `word*`
// for prefixes, and the allow-list protects words such a prefix would otherwise catch.

const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ɡ: 'g', һ: 'h', ӏ: 'l',
  // Greek
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w', ς: 's', σ: 's', μ: 'u',
  // Other look-alikes
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i', ſ: 's', ℓ: 'l',
};

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's', '!': 'i', '|': 'i', '€': 'e', '£': 'l' };
/** Characters whose leet reading is ambiguous: the second reading is tried too. */
const LEET_ALT: Record<string, string> = { '1': 'l', '!': 'l', '|': 'l' };

/** Any key of CONFUSABLES (each is a single character). */
const CONFUSABLE = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'u');

const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u034f\u180e]/g;
const COMBINING = /\p{M}+/gu;

/** NFKC, lower case, look-alikes to Latin, accents and invisible characters removed. */
export function foldText(text: string): string {
  const nfkc = text.normalize('NFKC').toLowerCase().replace(INVISIBLE, '');
  let out = nfkc;
  // Most text has no look-alike at all: only then is it rebuilt character by character.
  if (CONFUSABLE.test(nfkc)) {
    out = '';
    for (const ch of nfkc) out += CONFUSABLES[ch] ?? ch;
  }
  return out.normalize('NFD').replace(COMBINING, '');
}

/** Collapses runs of the same letter: "shiiit" → "shit", "hello" → "helo". */
export function collapse(word: string): string {
  let out = '';
  let prev = '';
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if (c !== prev) out += c;
    prev = c;
  }
  return out;
}

export interface Token {
  /** The token as matched: letters (and `*`), leet decoded. */
  text: string;
  /** Second reading when the token held an ambiguous leet character (1 as l instead of i). */
  alt: string | null;
  /** Offsets in the folded text this token covers. */
  start: number;
  end: number;
}

const LETTER = /\p{L}/u;

function decodeWord(raw: string, table: Record<string, string>): string {
  let out = '';
  for (const ch of raw) {
    const c = ch.charCodeAt(0);
    if ((c >= 97 && c <= 122) || LETTER.test(ch) || ch === '*') out += ch;
    else if (/\p{N}/u.test(ch) || ch in LEET) out += table[ch] ?? LEET[ch] ?? '';
    // any other punctuation inside a word is dropped ("sh-it", "sh.it")
  }
  return out;
}

function tokenOf(raw: string, start: number): Token | null {
  const hasLetter = LETTER.test(raw);
  // Pure numbers stay numbers ("2019" is a year, not a word).
  if (!hasLetter && !/[*@$]/.test(raw)) {
    const digits = raw.replace(/[^\p{N}]/gu, '');
    return digits ? { text: digits, alt: null, start, end: start + raw.length } : null;
  }
  const text = decodeWord(raw, LEET);
  if (!text) return null;
  const alt = /[1!|]/.test(raw) ? decodeWord(raw, LEET_ALT) : null;
  return { text, alt: alt && alt !== text ? alt : null, start, end: start + raw.length };
}

const PLAIN_WORD = /^[a-z]+$/;

/** Whether a string is one code point (one UTF-16 unit, or a surrogate pair). */
function isOneCharacter(s: string): boolean {
  return s.length === 1 || (s.length === 2 && s.codePointAt(0)! > 0xffff);
}

/** Splits folded text into word tokens, joining runs of single characters ("f u c k"). */
export function tokenize(folded: string): Token[] {
  const raw: Token[] = [];
  // A word is a run of letters, digits and in-word disguise characters; apostrophes split
  // contractions the way people read them ("you're" → "you", "re").
  const re = /[\p{L}\p{N}@$!|*€£_.\-]+/gu;
  for (const m of folded.matchAll(re)) {
    // Most words are plain lower-case ASCII letters: nothing to trim, split or decode.
    if (PLAIN_WORD.test(m[0])) {
      raw.push({ text: m[0], alt: null, start: m.index, end: m.index + m[0].length });
      continue;
    }
    // Trailing sentence punctuation is not part of the word.
    const word = m[0].replace(/[.!\-_|]+$/u, '').replace(/^[.\-_|]+/u, '');
    if (!word) continue;
    const offset = m.index + m[0].indexOf(word);
    // "s.h.i.t", "s-h-i-t" (and initialisms: "U.S."): single characters separated by punctuation
    // form one word.
    const parts = word.split(/[.\-_]/);
    if (parts.length >= 2 && parts.every((p) => [...p].length === 1)) {
      const t = tokenOf(parts.join(''), offset);
      if (t) raw.push({ ...t, end: offset + word.length });
      continue;
    }
    for (const part of word.split(/[._]+(?=\p{L})/u)) {
      const at = offset + word.indexOf(part);
      const t = tokenOf(part, at);
      if (t) raw.push(t);
    }
  }
  // Join runs of three or more one-letter tokens: "f u c k" → "fuck".
  const out: Token[] = [];
  for (let i = 0; i < raw.length; ) {
    let j = i;
    while (j < raw.length && isOneCharacter(raw[j]!.text) && /\p{L}|\*/u.test(raw[j]!.text)) j++;
    if (j - i >= 3) {
      const run = raw.slice(i, j);
      // "a w i b b l e": the run may start with a real one-letter word, so read it both ways.
      const first = run[0]!.text;
      const alt = (first === 'a' || first === 'i') && run.length >= 4 ? run.slice(1).map((t) => t.text).join('') : null;
      out.push({ text: run.map((t) => t.text).join(''), alt, start: run[0]!.start, end: run[run.length - 1]!.end });
      i = j;
    } else {
      out.push(raw[i]!);
      i++;
    }
  }
  return out;
}

/** A token's readings with repeated letters collapsed (see `collapse`). */
export interface CollapsedReadings {
  text: string;
  alt: string | null;
}

const collapsedCache = new WeakMap<readonly Token[], CollapsedReadings[]>();

/**
 * The collapsed readings of each token, computed once per token list: every word list and
 * signal run over one comment shares them. Token lists are not changed after tokenize().
 */
export function collapsedReadings(tokens: readonly Token[]): CollapsedReadings[] {
  let out = collapsedCache.get(tokens);
  if (!out) {
    out = tokens.map((t) => ({ text: collapse(t.text), alt: t.alt === null ? null : collapse(t.alt) }));
    collapsedCache.set(tokens, out);
  }
  return out;
}

/** Folded text as a single-spaced string of token texts: what phrase rules run on. */
export function normalizedText(text: string): { folded: string; tokens: Token[]; joined: string } {
  const folded = foldText(text);
  const tokens = tokenize(folded);
  return { folded, tokens, joined: tokens.map((t) => t.text).join(' ') };
}
