// Every language has every message the views use, with the same placeholders, and nothing else;
// and the translators behave (plurals, numbers, fallbacks, negotiation).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogFor, LOCALES_DIR, pickLanguage, resolveLanguage, supportedLanguages, translatorFor } from './index.js';
import { english, type Catalog } from './translate.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where translated texts are written: t('…'), t.n(n, '…', '…'), and tables marked /* t *\/ '…'. */
const SOURCES = ['src/http/views/discussion', 'src/http/views/pages/embed', 'src/http/embed'];

function files(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

const str = `'((?:[^'\\\\]|\\\\.)*)'`;
function messages(): { singles: Set<string>; plurals: Map<string, string> } {
  const singles = new Set<string>();
  const plurals = new Map<string, string>();
  for (const file of SOURCES.flatMap(files)) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of text.matchAll(new RegExp(`\\bt\\(${str}`, 'g'))) singles.add(m[1]!.replace(/\\'/g, "'"));
    for (const m of text.matchAll(new RegExp(`/\\* t \\*/ ${str}`, 'g'))) singles.add(m[1]!.replace(/\\'/g, "'"));
    for (const m of text.matchAll(new RegExp(`\\bt\\.n\\([^,]+, ${str}, ${str}`, 'g'))) plurals.set(m[2]!, m[1]!);
    for (const m of text.matchAll(new RegExp(`pluralForms\\([^,]+, ${str}, ${str}`, 'g'))) plurals.set(m[2]!, m[1]!);
  }
  return { singles, plurals };
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  const { singles, plurals } = messages();

  it('finds the messages of the discussion and the embed', () => {
    expect(singles.has('Post comment')).toBe(true);
    expect(singles.has('Spam or advertising')).toBe(true);
    expect(plurals.get('{n} comments')).toBe('{n} comment');
    expect(singles.size + plurals.size).toBeGreaterThan(80);
  });

  const languages = readdirSync(LOCALES_DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
  it('has English and at least one more language, each one file', () => {
    expect(languages).toContain('en');
    expect(languages.length).toBeGreaterThanOrEqual(2);
    expect(supportedLanguages().sort()).toEqual(languages.sort());
  });

  for (const lang of languages.filter((l) => l !== 'en')) {
    it(`${lang}: translates every message, keeps placeholders, has nothing stale`, () => {
      const catalog = JSON.parse(readFileSync(path.join(LOCALES_DIR, `${lang}.json`), 'utf8')) as Catalog;
      const missing = [...singles, ...plurals.keys()].filter((k) => !(k in catalog));
      expect(missing).toEqual([]);
      const stale = Object.keys(catalog).filter((k) => k !== '_language' && !singles.has(k) && !plurals.has(k));
      expect(stale).toEqual([]);
      const rules = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const [key, value] of Object.entries(catalog)) {
        if (key === '_language') continue;
        if (plurals.has(key)) {
          expect(typeof value, key).toBe('object');
          for (const cat of rules) expect(value, `${key} needs the "${cat}" form`).toHaveProperty(cat);
          for (const form of Object.values(value as Record<string, string>)) expect(placeholders(form), key).toEqual(placeholders(key));
        } else {
          expect(typeof value, key).toBe('string');
          expect(placeholders(value as string), key).toEqual(placeholders(key));
        }
      }
    });
  }
});

describe('translators', () => {
  it('speak English without a catalogue, plurals and numbers included', () => {
    expect(english('Comments sorted by {sort}.', { sort: 'newest' })).toBe('Comments sorted by newest.');
    expect(english.n(1, '{n} comment', '{n} comments')).toBe('1 comment');
    expect(english.n(12345, '{n} comment', '{n} comments')).toBe('12,345 comments');
    expect(english('Unknown {x}')).toBe('Unknown {x}');
  });

  it('translate with plural rules and number formats of the language, falling back to English', () => {
    const de = translatorFor('de');
    expect(de.n(1, '{n} comment', '{n} comments')).toBe('1 Kommentar');
    expect(de.n(1234, '{n} comment', '{n} comments')).toBe('1.234 Kommentare');
    expect(de('Post comment')).toBe('Kommentar senden');
    expect(de('A text nobody translated')).toBe('A text nobody translated');
    expect(catalogFor('xx')).toEqual({ _language: 'English' });
  });

  it('negotiate the language: explicit, then Accept-Language, then English', () => {
    expect(resolveLanguage('de-CH')).toBe('de');
    expect(pickLanguage('de', 'en')).toBe('de');
    expect(pickLanguage('en-GB', 'de')).toBe('en');
    expect(pickLanguage(undefined, 'fr-FR, de;q=0.7, en;q=0.5')).toBe('de');
    expect(pickLanguage('zz', 'zz')).toBe('en');
    expect(pickLanguage(undefined, undefined)).toBe('en');
  });
});
