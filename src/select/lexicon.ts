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
  words: string[];
  forms: Record<string, number>;
}

interface Lexicon {
  /** Keys (normalize + article stripped) of places and names. */
  names: Set<string>;
  /** Keys of the names whose nisba news uses (countries, regions, movements): اليمني، الحوثيين. */
  nisba: Set<string>;
  /** Keys of dictionary words ending in ة (ة folded to ه like every key). */
  words: Set<string>;
  /** Forms as printed (marks removed) → count in the collection the lexicon was made from. */
  forms: Map<string, number>;
  /** A noun's key → the keys of its singular and broken plurals (هجوم ↔ هجمات، هجمه). */
  related: Map<string, string[]>;
  /** The same counts by matching key (normalize + article stripped), forms ending in ى left out:
   *  there ى is its own letter (اليمنى), not the ي a key folds it to. */
  keys: Map<string, number> | null;
}

let loaded: Lexicon | null = null;

function lexicon(): Lexicon {
  if (loaded) return loaded;
  // Through require, as JSON (scripts/bundle.js bundles what createRequire(import.meta.url) loads).
  const places = (createRequire(import.meta.url)('../../data/places.json') as { places: string[] }).places;
  const { names, nisba } = createRequire(import.meta.url)('../../data/proper-nouns.json') as { names: string[]; nisba: string[] };
  const file = createRequire(import.meta.url)('../../data/lexicon.json') as LexiconFile;
  const { nouns } = createRequire(import.meta.url)('../../data/broken-plurals.json') as { nouns: string[][] };
  const keyOf = (text: string): string => stripClitics(normalize(text));
  const related = new Map<string, string[]>();
  for (const forms of nouns) {
    const keys = forms.map(keyOf);
    for (const key of keys) related.set(key, [...(related.get(key) ?? []), ...keys.filter((other) => other !== key)]);
  }
  loaded = {
    related,
    // A multi-word name is a name by its last word too («حزب الله» → الله is not wanted, but
    // «جبهة النصرة» → النصرة is): only single words are kept, which is what a keyword token is.
    names: new Set([...places, ...names, ...nisba].filter((name) => !/\s/.test(name.trim())).map(keyOf)),
    nisba: new Set(nisba.map(keyOf)),
    words: new Set(file.words.map((word) => normalize(word))),
    forms: new Map(Object.entries(file.forms)),
    keys: null,
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

/** How often a form (as printed, marks removed) occurs in the lexicon's collection. */
export function frequency(form: string): number {
  return lexicon().forms.get(form) ?? 0;
}

/** How often the collection prints a word with this matching key (any clitics), ى-final forms aside. */
export function keyFrequency(key: string): number {
  const lexiconData = lexicon();
  // Built on first use: only doubtful matches ask, and most packs have none.
  lexiconData.keys ??= keysOf(lexiconData.forms);
  return lexiconData.keys.get(key) ?? 0;
}

function keysOf(forms: ReadonlyMap<string, number>): Map<string, number> {
  const keys = new Map<string, number>();
  for (const [form, count] of forms) {
    if (form.endsWith('ى')) continue;
    const key = stripClitics(normalize(form));
    keys.set(key, (keys.get(key) ?? 0) + count);
  }
  return keys;
}

/** Below this a form is not attested: a few occurrences in a million words can be typos or names. */
const ATTESTED = 5;

/**
 * Whether the collection uses the nisba of a name, judged by its masculine form (اليمني, الأمريكي),
 * which no other word is likely to spell: the feminine in ـية can be another word (تعزية).
 */
export function hasAttestedNisba(nameKey: string): boolean {
  return keyFrequency(`${nameKey}ي`) >= ATTESTED;
}
