// Lexicon and rule signals: each explains itself as a reason code with a weight, and a score is
// the chance that at least one signal is right, 1 − Π(1 − weight) over the distinct reasons.
// These are heuristics with hand-set weights, not a trained model; bench/moderation.ts and
// tests/moderation/scorers.test.ts measure how they do on labelled examples.
import { INSULTS, INSULTS_WHEN_AIMED, LINK_SHORTENERS, MILD_PROFANITY, PROFANITY, SECOND_PERSON, SLURS, SPAM_PHRASES, SUSPICIOUS_TLDS, THREAT_PATTERNS } from './lexicon.js';
import { collapsedReadings, normalizedText, type Token } from './normalize.js';
import { compileWordList, type WordList } from './wordlist.js';

export interface Signal {
  reason: string;
  weight: number;
  /** What was found, for the moderator ("idiot", "bit.ly"). */
  evidence: string[];
}

export interface SignalScore {
  score: number;
  signals: Signal[];
}

export const INCIVILITY_WEIGHTS = {
  mild_profanity: 0.1,
  profanity: 0.4,
  insult: 0.3,
  insult_you: 0.7,
  threat_phrase: 0.9,
  slur: 0.9,
  all_caps: 0.15,
} as const;

export const SPAM_WEIGHTS = {
  link: 0.05,
  many_links: 0.45,
  link_shortener: 0.5,
  suspicious_domain: 0.35,
  contact_details: 0.4,
  spam_phrase: 0.45,
  money_talk: 0.3,
} as const;

export function combine(signals: readonly Signal[]): number {
  let keep = 1;
  for (const s of signals) keep *= 1 - s.weight;
  return Math.round((1 - keep) * 1000) / 1000;
}

interface Lists {
  mild: WordList;
  profanity: WordList;
  insults: WordList;
  aimed: WordList;
  slurs: WordList;
  spam: WordList;
}

let lists: Lists | null = null;
function builtIn(): Lists {
  lists ??= {
    mild: compileWordList(MILD_PROFANITY),
    profanity: compileWordList(PROFANITY),
    insults: compileWordList(INSULTS),
    aimed: compileWordList(INSULTS_WHEN_AIMED),
    slurs: compileWordList(SLURS),
    spam: compileWordList(SPAM_PHRASES),
  };
  return lists;
}

/** Index of each token that a single-word entry of `list` matches. */
function matchedTokenIndexes(list: WordList, tokens: Token[]): number[] {
  const out: number[] = [];
  const collapsed = collapsedReadings(tokens);
  for (let i = 0; i < tokens.length; i++) if (list.matchesToken(tokens[i]!, collapsed[i])) out.push(i);
  return out;
}

export type Normalized = ReturnType<typeof normalizedText>;

/** Signals of incivility in a comment. `original` is the text as written (for capitals). */
const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;

/** Letters in a text and how many are upper case, in UTF-16 units (as `.length` counts them). */
function countLetters(text: string): { letters: number; upper: number } {
  let letters = 0;
  let upper = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (c >= 65 && c <= 90) {
        letters++;
        upper++;
      } else if (c >= 97 && c <= 122) letters++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    const ch = String.fromCodePoint(cp);
    if (LETTER.test(ch)) {
      letters += units;
      if (UPPER.test(ch)) upper += units;
    }
    i += units - 1;
  }
  return { letters, upper };
}

export function incivilitySignals(original: string, n: Normalized = normalizedText(original)): SignalScore {
  const L = builtIn();
  const signals: Signal[] = [];
  const add = (reason: keyof typeof INCIVILITY_WEIGHTS, evidence: string[]) => {
    if (evidence.length) signals.push({ reason, weight: INCIVILITY_WEIGHTS[reason], evidence });
  };
  const found = (list: WordList) => list.findIn(n).map((m) => m.found);

  const slurs = found(L.slurs);
  add('slur', slurs);

  // Threats: phrases over the normalized words, with repeated letters collapsed.
  const plain = collapsedReadings(n.tokens).map((c) => c.text).join(' ');
  const spaced = n.tokens.map((t) => t.text).join(' ');
  const threats = THREAT_PATTERNS.flatMap((re) => re.exec(spaced)?.[0] ?? re.exec(plain)?.[0] ?? []);
  add('threat_phrase', threats);

  // Insults aimed at the reader: a second-person word up to three words before the insult
  // ("you're naive", "you absolute muppet", "are you thick"), or right after it ("idiot, you").
  const aimedAt = matchedTokenIndexes(L.aimed, n.tokens);
  const you = n.tokens.map((t) => SECOND_PERSON.has(t.text));
  const aimed: string[] = [];
  for (const i of aimedAt) {
    const before = you.slice(Math.max(0, i - 3), i).some(Boolean);
    const after = you[i + 1] === true && !['are', 're', 'were'].includes(n.tokens[i + 2]?.text ?? '');
    // A vocative at the end of a sentence: "nobody cares, idiot." / "read it, dimwit".
    const token = n.tokens[i]!;
    const vocative = /,\s*$/.test(n.folded.slice(Math.max(0, token.start - 3), token.start)) && /^\s*([.!?]|$)/.test(n.folded.slice(token.end, token.end + 2));
    // A comment that is nothing but an insult ("Moron.", "Absolute imbecile.") answers someone.
    const bare = n.tokens.length <= 3 && L.insults.matchesToken(token, collapsedReadings(n.tokens)[i]);
    if (before || after || vocative || bare) aimed.push(n.folded.slice(token.start, token.end));
  }
  // Profanity aimed at someone: "f*** you", "screw you".
  const profIdx = [...matchedTokenIndexes(L.profanity, n.tokens), ...matchedTokenIndexes(L.mild, n.tokens)];
  for (const i of profIdx) {
    if (you[i + 1] && (n.tokens[i]!.text.startsWith('f') || n.tokens[i]!.text === 'screw')) aimed.push(`${n.tokens[i]!.text} ${n.tokens[i + 1]!.text}`);
  }
  add('insult_you', aimed);
  if (!aimed.length) add('insult', found(L.insults));

  add('profanity', found(L.profanity));
  add('mild_profanity', found(L.mild));

  const { letters, upper } = countLetters(original);
  if (letters >= 20 && upper / letters >= 0.7) add('all_caps', [original.slice(0, 40)]);

  return { score: combine(signals), signals };
}

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>()\]]+|\b(?:[a-z0-9-]+\.)+(?:com|net|org|info|biz|io|co|ru|xyz|top|click|loan|win|bid|icu|buzz|ly|gl|gd|at|cc|id|me|us|tk|ml|cf|ga|gq|sbs|cfd|shop|store|online|site)\/[^\s<>()\]]*/gi;

export function findLinks(text: string): { url: string; host: string }[] {
  return [...text.matchAll(URL_RE)].map((m) => {
    const url = m[0].replace(/[.,;:!?]+$/, '');
    const host = url
      .replace(/^https?:\/\//i, '')
      .replace(/^www\./i, '')
      .split(/[/?#:]/)[0]!
      .toLowerCase();
    return { url, host };
  });
}

/** Signals of spam in a comment. */
export function spamSignals(original: string, n: Normalized = normalizedText(original)): SignalScore {
  const L = builtIn();
  const signals: Signal[] = [];
  const add = (reason: keyof typeof SPAM_WEIGHTS, evidence: string[]) => {
    if (evidence.length) signals.push({ reason, weight: SPAM_WEIGHTS[reason], evidence: [...new Set(evidence)] });
  };
  const links = findLinks(original);
  if (links.length >= 3) add('many_links', links.map((l) => l.host));
  else add('link', links.map((l) => l.host));
  add('link_shortener', links.filter((l) => LINK_SHORTENERS.includes(l.host)).map((l) => l.host));
  add('suspicious_domain', links.filter((l) => SUSPICIOUS_TLDS.includes(l.host.split('.').pop() ?? '')).map((l) => l.host));
  const contacts = [
    ...(original.match(/(?:\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b/g) ?? []),
    ...(original.match(/\b[\w.+-]+@[\w-]+\.[\w.]+\b/g) ?? []),
  ];
  add('contact_details', contacts);
  add('spam_phrase', L.spam.findIn(n).map((m) => m.found));
  add('money_talk', original.match(/[$€£]\s?\d[\d,.]*\s?(?:k|m|usd|a day|per day|a week|per week|a month|per month)?|\b\d[\d,.]*\s?(?:usd|dollars|euros|btc)\b/gi) ?? []);
  // Two distinct sales phrases say more than one.
  const phrases = signals.find((s) => s.reason === 'spam_phrase');
  if (phrases && phrases.evidence.length >= 2) phrases.weight = 0.7;
  return { score: combine(signals), signals };
}
