// The languages Parley speaks: every src/i18n/locales/<lang>.json is one, found at start, so
// adding a language is adding a file (a test checks it has every English key and placeholder).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fill, type Catalog, type Translator, type Vars } from './translate.js';

export const LOCALES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales');
const LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

function load(): Map<string, Catalog> {
  const catalogs = new Map<string, Catalog>();
  for (const file of readdirSync(LOCALES_DIR)) {
    const lang = file.replace(/\.json$/, '');
    if (!file.endsWith('.json') || !LANG.test(lang)) continue;
    catalogs.set(lang, JSON.parse(readFileSync(path.join(LOCALES_DIR, file), 'utf8')) as Catalog);
  }
  return catalogs;
}

const CATALOGS = load();
const translators = new Map<string, Translator>();

export function supportedLanguages(): string[] {
  return [...CATALOGS.keys()];
}

/** The catalogue of a supported language (exact, or by its primary subtag), else English. */
export function resolveLanguage(lang: string | null | undefined): string {
  if (!lang) return 'en';
  const lower = lang.trim().toLowerCase();
  if (CATALOGS.has(lower)) return lower;
  const primary = lower.split('-')[0]!;
  return CATALOGS.has(primary) ? primary : 'en';
}

/** First supported language of an explicit choice, then of an Accept-Language header. */
export function pickLanguage(explicit: string | null | undefined, acceptLanguage?: string): string {
  if (explicit && resolveLanguage(explicit) !== 'en') return resolveLanguage(explicit);
  if (explicit && /^en\b/i.test(explicit)) return 'en';
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim();
    if (!tag || tag === '*') continue;
    const lang = resolveLanguage(tag);
    if (lang !== 'en' || /^en\b/i.test(tag)) return lang;
  }
  return 'en';
}

export function catalogFor(lang: string): Catalog {
  return CATALOGS.get(resolveLanguage(lang)) ?? {};
}

/** A translator for a catalogue; English text stands in for anything it lacks. */
export function createTranslator(lang: string, catalog: Catalog): Translator {
  const rules = new Intl.PluralRules(lang);
  const pick = (text: string, count = 0): string => {
    const entry = catalog[text] ?? text;
    return typeof entry === 'string' ? entry : (entry[rules.select(count)] ?? entry.other);
  };
  return Object.assign((text: string, vars?: Vars) => fill(pick(text), vars, lang), {
    n: (count: number, one: string, other: string, vars?: Vars) => fill(catalog[other] ? pick(other, count) : count === 1 ? one : other, { ...vars, n: count }, lang),
  });
}

export function translatorFor(lang: string): Translator {
  const key = resolveLanguage(lang);
  let t = translators.get(key);
  if (!t) translators.set(key, (t = createTranslator(key, catalogFor(key))));
  return t;
}

/** The plural forms of a message in a language, for code that picks the form itself (the embed). */
export function pluralForms(lang: string, one: string, other: string): Record<string, string> {
  const entry = catalogFor(lang)[other];
  return typeof entry === 'object' ? { ...entry } : typeof entry === 'string' ? { other: entry } : { one, other };
}
