// Keyword matching: which words of a text are which configured terms.
//
// A term (keyword, phrase or exclusion) is a sequence of keyword tokens. A text word matches a
// keyword token when one of its readings (matchVariants: with or without a leading و/ف/ب/ل/ك)
// equals one of the token's BASES followed by at most two suffixes (SUFFIXES). A token's bases are
// the token itself plus the stems its own endings imply:
//   ايرانيه (الإيرانية) → ايران      so the adjective also finds إيران and الإيرانيين
//   انشقاقات (الانشقاقات) → انشقاق   a plural also finds its singular
//   دوله (الدولة) → دولت             ة becomes ت before a suffix: دولتها
//   امريكا (أمريكا) → امريك          so أمريكا finds الأمريكية
// Bare keywords therefore behave as prefixes with an inflectional tail (proper nouns: باكستان finds
// الباكستانية), and no keyword is ever cut to a shorter word of its own: طالبان is not stemmed to
// طالب (student), البحرين not to بحر (sea). Broken plurals (هجوم/هجمات) need their own keyword.
import { SUFFIXES, matchVariants, scanWords, tokenKey, tokens } from './normalize.js';

export interface CompiledTerm {
  /** As configured, for explanations. */
  term: string;
  /** Identity of the term with its forms: two themes listing the same term share its counts. */
  key: string;
  weight: number;
  /** Each way of writing the term (the term and its `also` forms) as keyword-token ids in order. */
  forms: number[][];
  /** Words (normalized keys) the term must never match (`not:`); empty for most terms. */
  not: ReadonlySet<string>;
}

/** How a configured term matches, beyond its spelling. */
export interface TermOptions {
  /** The word itself with clitics only, no endings (`exact: true`). */
  exact?: boolean;
  /** Words it must never match (`not:`). */
  not?: readonly string[];
}

export class Matcher {
  private readonly tokenIds = new Map<string, number>();
  /** base → keyword-token ids that accept it. */
  private readonly bases = new Map<string, number[]>();
  /** An exact token's key → its id: a word matches it only as the key itself (after clitics). */
  private readonly exactIds = new Map<string, number>();
  /** Ids of ordinary and exact tokens, from one count. */
  private nextId = 0;
  /** First three letters of every base: a word starting otherwise cannot be base + suffix, which
   *  settles most words of a text without trying its ~30 suffix splits. */
  private readonly basePrefixes = new Set<string>();
  /** text key → matched keyword-token ids (empty array for none); one entry per distinct word. */
  private readonly cache = new Map<string, readonly number[]>();
  /** Printed words seen so far, in an open-addressing table keyed by the scanner's hash: a word is
   *  found by comparing it in place in the text, so the hot path (a million words for a corpus)
   *  neither copies it out nor has V8 hash a fresh string. Slots hold entry index + 1. */
  private slots = new Int32Array(1 << 16);
  private readonly entries: WordEntry[] = [];
  /** key → a small integer, so later stages (duplicates) compare numbers, not strings. */
  private readonly wordIds = new Map<string, number>();
  private readonly keys: string[] = [];

  /** Compiles a configured term and its other spellings; null when none has letters or digits. */
  compile(term: string, weight: number, also: readonly string[] = [], options: TermOptions = {}): CompiledTerm | null {
    const id = (key: string): number => (options.exact ? this.exactTokenId(key) : this.tokenId(key));
    const forms = [term, ...also].map((form) => tokens(form).map(id)).filter((parts) => parts.length > 0);
    const not = new Set((options.not ?? []).flatMap((form) => tokens(form)));
    // Options are part of the term's identity: «عدن» exact and «عدن» are two terms.
    const key = [term, ...also].join('\u241F') + (options.exact ? '\u241Eexact' : '') + (not.size > 0 ? `\u241Enot:${[...not].join(',')}` : '');
    return forms.length > 0 ? { term, key, weight, forms, not } : null;
  }

  private exactTokenId(key: string): number {
    let id = this.exactIds.get(key);
    if (id !== undefined) return id;
    id = this.newTokenId();
    this.exactIds.set(key, id);
    return id;
  }

  private tokenId(key: string): number {
    let id = this.tokenIds.get(key);
    if (id !== undefined) return id;
    id = this.newTokenId();
    this.tokenIds.set(key, id);
    for (const base of basesOf(key)) {
      if (base.length >= 3) this.basePrefixes.add(base.slice(0, 3));
      const ids = this.bases.get(base);
      if (ids) ids.push(id);
      else this.bases.set(base, [id]);
    }
    return id;
  }

  /** A new keyword token changes what words match: what was worked out for words so far is dropped. */
  private newTokenId(): number {
    this.cache.clear();
    this.slots.fill(0);
    this.entries.length = 0;
    return this.nextId++;
  }

  /** The entry of the printed word text[start, end), whose scanner hash is `hash`. */
  entryAt(text: string, start: number, end: number, hash: number): WordEntry {
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const index = this.slots[slot]!;
      if (index === 0) break;
      const entry = this.entries[index - 1]!;
      if (entry.hash === hash && entry.surface.length === length && text.startsWith(entry.surface, start)) return entry;
    }
    return this.insert(text.slice(start, end), hash);
  }

  private insert(surface: string, hash: number): WordEntry {
    const key = tokenKey(surface);
    let word = this.wordIds.get(key);
    if (word === undefined) {
      word = this.wordIds.size;
      this.wordIds.set(key, word);
      this.keys.push(key);
    }
    const entry: WordEntry = { surface, hash, key, word, ids: this.idsFor(key) };
    this.entries.push(entry);
    if (this.entries.length * 2 > this.slots.length) this.rehash();
    else this.place(this.entries.length, hash);
    return entry;
  }

  private place(index: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = index;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.entries.forEach((entry, i) => this.place(i + 1, entry.hash));
  }

  /** The normalized key of a word id. */
  keyOf(word: number): string {
    return this.keys[word]!;
  }

  /** Keyword-token ids a text word (its normalized key) matches. */
  idsFor(key: string): readonly number[] {
    let ids = this.cache.get(key);
    if (ids === undefined) {
      ids = this.lookup(key);
      this.cache.set(key, ids);
    }
    return ids;
  }

  private lookup(key: string): readonly number[] {
    let found: number[] | undefined;
    const add = (base: string): void => {
      const ids = this.bases.get(base);
      if (!ids) return;
      found ??= [];
      for (const id of ids) if (!found.includes(id)) found.push(id);
    };
    matchVariants(key).forEach((variant, index) => {
      add(variant);
      const exact = this.exactIds.get(variant);
      if (exact !== undefined) {
        found ??= [];
        if (!found.includes(exact)) found.push(exact);
      }
      if (variant.length < 4 || !this.basePrefixes.has(variant.slice(0, 3))) return;
      // Peeling a proclitic AND a suffix off leaves a short core that is often a different word
      // (و+زار+ه is وزارة, the ministry, not «visited»): then the core must have 4 letters.
      const shortest = index === 0 ? 3 : 4;
      for (const first of SUFFIXES) {
        if (!variant.endsWith(first) || variant.length - first.length < shortest) continue;
        const once = variant.slice(0, -first.length);
        add(once);
        for (const second of SUFFIXES) {
          if (once.endsWith(second) && once.length - second.length >= shortest) add(once.slice(0, -second.length));
        }
      }
    });
    return found ?? NONE;
  }
}

const NONE: readonly number[] = Object.freeze([]);

interface WordEntry {
  surface: string;
  hash: number;
  key: string;
  word: number;
  ids: readonly number[];
}

/** The bases a keyword token accepts (see the header comment). Short tokens match only themselves. */
export function basesOf(key: string): string[] {
  const bases = [key];
  if (key.length < 3) return bases;
  const stem = (suffix: string, keep = 3): void => {
    if (key.endsWith(suffix) && key.length - suffix.length >= keep) bases.push(key.slice(0, -suffix.length));
  };
  if (key.endsWith('ه') && key.length >= 4) bases.push(`${key.slice(0, -1)}ت`);
  stem('يات');
  stem('يون');
  stem('يين');
  stem('يه');
  stem('ات');
  if (key.endsWith('ا') && key.length >= 5) bases.push(key.slice(0, -1)); // امريكا، روسيا، سوريا
  return bases;
}

/** A text prepared for matching: its words as printed and as keys, and the keyword tokens each matches. */
export interface MatchedText {
  surfaces: string[];
  /** Word ids (one per distinct key, from the Matcher): what duplicate detection compares. */
  words: number[];
  ids: (readonly number[])[];
  /** Indices of the words that match any keyword token: the only places a term can start. */
  hits: number[];
}

export function matchText(matcher: Matcher, text: string): MatchedText {
  const surfaces: string[] = [];
  const words: number[] = [];
  const ids: (readonly number[])[] = [];
  const hits: number[] = [];
  scanWords(text, (start, end, hash) => {
    const entry = matcher.entryAt(text, start, end, hash);
    if (entry.key.length === 0) return;
    if (entry.ids.length > 0) hits.push(ids.length);
    surfaces.push(entry.surface);
    words.push(entry.word);
    ids.push(entry.ids);
  });
  return { surfaces, words, ids, hits };
}

export interface Occurrence {
  /** Index of the first word. */
  at: number;
  /** Number of words. */
  length: number;
  /** The words as printed, e.g. «وبالولايات المتحدة». */
  surface: string;
}

/** Where a term (any of its forms) occurs in a text: its tokens matched by consecutive words. */
export function occurrences(text: MatchedText, term: CompiledTerm): Occurrence[] {
  const found: Occurrence[] = [];
  const { ids, surfaces } = text;
  for (const parts of term.forms) {
    const n = parts.length;
    outer: for (const i of text.hits) {
      if (i + n > ids.length) break;
      for (let j = 0; j < n; j++) {
        if (!ids[i + j]!.includes(parts[j]!)) continue outer;
        if (term.not.size > 0 && matchVariants(tokenKey(surfaces[i + j]!)).some((variant) => term.not.has(variant))) continue outer;
      }
      found.push({ at: i, length: n, surface: surfaces.slice(i, i + n).join(' ') });
    }
  }
  if (term.forms.length > 1) found.sort((a, b) => a.at - b.at || b.length - a.length);
  return found;
}

/**
 * The keyword-token ids a text's words match. A term none of whose forms starts with one of them
 * cannot occur in the text: occurrences() would walk every hit of the text for each of its forms
 * to find nothing, for every (section, term) pair of a pack.
 */
export function tokensIn(text: MatchedText): Set<number> {
  const present = new Set<number>();
  for (const i of text.hits) for (const id of text.ids[i]!) present.add(id);
  return present;
}

/** False when `term` cannot occur in a text with these tokens (see tokensIn); true when it may. */
export function mayOccur(present: ReadonlySet<number>, term: CompiledTerm): boolean {
  for (const parts of term.forms) if (parts.length > 0 && present.has(parts[0]!)) return true;
  return false;
}

/** Convenience for tests and the CLI: how often `term` occurs in `text`. */
export function countIn(text: string, term: string): number {
  const matcher = new Matcher();
  const compiled = matcher.compile(term, 1);
  return compiled ? occurrences(matchText(matcher, text), compiled).length : 0;
}
