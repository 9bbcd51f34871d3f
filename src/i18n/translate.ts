// Message lookup. The English text is the key (as with gettext): components carry their
// English and call t('…'); a language's catalogue (src/i18n/locales/<lang>.json) maps that
// English to its own words. Placeholders are {name}; plurals are looked up by the English "other"
// form. This module is what the browser bundle carries: English only, no catalogue. Other
// languages are rendered on the server (src/i18n/index.ts), which is how the embed shows them.

export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Catalog = Record<string, string | PluralForms>;
export type Vars = Record<string, unknown>;

export interface Translator {
  (text: string, vars?: Vars): string;
  /** A count with its English singular and plural; `{n}` is the count. */
  n(count: number, one: string, other: string, vars?: Vars): string;
}

/** Fills {name} placeholders; toLocaleString formats numbers for the language, leaves strings. */
export const fill = (text: string, vars: Vars = {}, lang = 'en') =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? (vars[k] as number).toLocaleString(lang) : m));

export const english: Translator = Object.assign((text: string, vars?: Vars) => fill(text, vars), {
  n: (count: number, one: string, other: string, vars?: Vars) => fill(count === 1 ? one : other, { ...vars, n: count }),
});
