// What the look-alike guard of matching knows about words (data/lexicon.json, data/places.json,
// data/proper-nouns.json), behind three questions: is this keyword a name, is this form a word of
// its own, how often is a form printed. Loaded on first use.
//
// Written for this project rather than taken from a morphological analyser: the guard needs only
// these facts, and the analysers on npm either stem to roots (وزارة → زور) or are far larger than
// the data they would replace.
import { createRequire } from 'node:module';
import { normalize, stripClitics } from './normalize.js';

interface LexiconFile {
  /** Dictionary words ending in ة, as matching keys (ة folded to ه). */
  words: string[];
  /** «\nkey\tcount» per word: how often the collection prints a word with that key (any clitics). */
  forms: string;
}

interface Lexicon {
  /** Keys (normalize + article stripped) of places and names. */
  names: Set<string>;
  /** Keys of the names whose nisba news uses (countries, regions, movements): اليمني، الحوثيين. */
  nisba: Set<string>;
  /** A noun's key → the keys of its singular and broken plurals (هجوم ↔ هجمات، هجمه). */
  related: Map<string, string[]>;
  words: Set<string>;
  forms: string;
}

let loaded: Lexicon | null = null;

function lexicon(): Lexicon {
  if (loaded) return loaded;
  // Through require, as JSON (scripts/bundle.js bundles what createRequire(import.meta.url) loads).
  // data/lexicon.json is stored in matching keys (scripts/lexicon.js): loading it is one JSON parse.
  const places = (createRequire(import.meta.url)('../../data/places.json') as { places: string[] }).places;
  const { names, nisba, common_words } = createRequire(import.meta.url)('../../data/proper-nouns.json') as {
    names: string[];
    nisba: string[];
    common_words: string[];
  };
  const file = createRequire(import.meta.url)('../../data/lexicon.json') as LexiconFile;
  const { nouns } = createRequire(import.meta.url)('../../data/broken-plurals.json') as { nouns: string[][] };
  const keyOf = (text: string): string => stripClitics(normalize(text));
  const related = new Map<string, string[]>();
  for (const forms of nouns) {
    const keys = forms.map(keyOf);
    for (const key of keys) related.set(key, [...(related.get(key) ?? []), ...keys.filter((other) => other !== key)]);
  }
  loaded = {
    // Only single words: a keyword token is one word, and «حزب الله» is no name by its parts.
    names: new Set(
      [...places, ...names, ...nisba]
        .filter((name) => !/\s/.test(name.trim()) && !common_words.includes(name))
        .map(keyOf),
    ),
    nisba: new Set(nisba.map(keyOf)),
    related,
    words: new Set(file.words),
    forms: file.forms,
  };
  return loaded;
}

/** Whether a keyword token (its key) names a place, group or person. */
export function isName(key: string): boolean {
  return lexicon().names.has(key);
}

/** Whether a name (its key) takes the nisba in news: countries, regions, movements, not cities. */
export function takesNisba(key: string): boolean {
  return lexicon().nisba.has(key);
}

/** The keys of a noun's singular and broken plurals, other than itself (data/broken-plurals.json). */
export function relatedForms(key: string): readonly string[] {
  return lexicon().related.get(key) ?? [];
}

/** Whether a key is a dictionary word ending in ة (the key has it as ه): تعزيه, مساعده. */
export function isFeminineWord(key: string): boolean {
  return lexicon().words.has(key);
}

/** How often the lexicon's collection prints a word with this matching key (any clitics). */
function keyFrequency(key: string): number {
  let count = frequencies.get(key);
  if (count === undefined) {
    const { forms } = lexicon();
    const at = forms.indexOf(`\n${key}\t`);
    const start = at + key.length + 2;
    count = at < 0 ? 0 : Number(forms.slice(start, forms.indexOf('\n', start)));
    frequencies.set(key, count);
  }
  return count;
}

/** Answers so far: the same few names are asked about for every word that inflects them. */
const frequencies = new Map<string, number>();

/** Below this a form is not attested: a few occurrences in a million words can be typos or names. */
const ATTESTED = 5;

/**
 * Whether the collection uses the nisba of a name, judged by its masculine form (اليمني, الأمريكي),
 * which no other word is likely to spell: the feminine in ـية can be another word (تعزية).
 */
export function hasAttestedNisba(nameKey: string): boolean {
  return keyFrequency(`${nameKey}ي`) >= ATTESTED;
}
