import { describe, expect, it } from 'vitest';
import { foldText, normalizedText } from './normalize.js';
import { compileWordList } from './wordlist.js';

const list = compileWordList(['shit', 'idiot', 'cock*', 'cunt', 'ass', 'go die', 'penis*']);
const found = (text: string) => list.find(text).map((m) => m.entry);

describe('obfuscation-aware matching', () => {
  it.each([
    ['leetspeak', 'You 1d10t', ['idiot']],
    ['leetspeak with symbols', 'what a$$', ['ass']],
    ['spacing', 's h i t', ['shit']],
    ['dots and dashes', 's.h.i.t and sh-it', ['shit']],
    ['repeated letters', 'idiooooot', ['idiot']],
    ['masked letters', 'sh*t', ['shit']],
    ['Cyrillic look-alikes', 'іdіot', ['idiot']],
    ['full-width letters', 'ｉｄｉｏｔ', ['idiot']],
    ['accents', 'ídíót', ['idiot']],
    ['zero-width characters', 'id\u200biot', ['idiot']],
    ['capitals', 'IDIOT', ['idiot']],
    ['prefix entries', 'cocky', ['cock*']],
    ['phrases', 'just go die', ['go die']],
  ])('%s: %s', (_label, text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    ['Scunthorpe', 'We beat Scunthorpe 2-1'],
    ['Penistone', 'The Penistone line reopens'],
    ['cockpit', 'The cockpit voice recorder'],
    ['cocktail', 'a cocktail of chemicals'],
    ['"as" is not "ass"', 'as I said, pass the assessment'],
    ['hello is not hell', 'hello and shell'],
    ['a phrase split by another word', 'go and die'],
    ['numbers stay numbers', 'In 2019 there were 1337 of them'],
  ])('no false hit: %s', (_label, text) => {
    expect(found(text)).toEqual([]);
  });

  it('a site allow-list protects words a prefix would catch', () => {
    const strict = compileWordList(['ash*'], ['ashwell']);
    expect(strict.find('The Ashwell river')).toEqual([]);
    expect(strict.find('ashes to ashes').map((m) => m.entry)).toEqual(['ash*']);
  });

  it('reports each entry once, with what the author actually wrote', () => {
    expect(list.find('idiot, 1d10t, IDIOT')).toEqual([{ entry: 'idiot', found: 'idiot' }]);
    expect(list.find('You 1D10T')[0]!.found).toBe('1d10t');
  });
});

describe('normalization', () => {
  it('folds look-alikes, width and accents', () => {
    expect(foldText('Ｐаrléy')).toBe('parley');
  });

  it('joins initialisms and spaced letters but not ordinary words', () => {
    expect(normalizedText('The U.S. and f u c k and a b').joined).toBe('the us and fuck and a b');
  });
});
