// Arabic normalization, tokenization and light stemming for MATCHING ONLY (never for display).
//
// Written in-house on purpose: the npm Arabic stemmers are root extractors or aggressive light
// stemmers that over-stem news text (snowball turns وزارة into زار, and strips the و of واشنطن),
// which makes themes match unrelated sections. What news matching needs is narrower: fold spelling
// variants, peel the attached article and prepositions, and strip one inflectional suffix.

const NEEDS_NFKC = /[\uFB50-\uFDFF\uFE70-\uFEFF]/; // Arabic presentation forms (ligatures, ﻻ)

// What normalization does to each UTF-16 unit, as a table: KEEP, DROP, or the replacement unit.
// One pass over a word with no allocation when nothing changes — most words of a corpus — instead
// of eight regex replacements (normalizing 150,000 distinct corpus words took ~0.3 s that way).
const KEEP = 0;
const DROP = 0xffff;
const FOLD = (() => {
  const table = new Uint16Array(0x10000);
  const drop = (from: number, to: number): void => {
    table.fill(DROP, from, to + 1);
  };
  drop(0x0610, 0x061a); // Quranic signs
  drop(0x064b, 0x065f); // harakat, shadda, sukun, hamza marks
  drop(0x0670, 0x0670); // superscript alef
  drop(0x06d6, 0x06ed); // Quranic annotation marks
  drop(0x0640, 0x0640); // tatweel
  drop(0x200b, 0x200f); // zero-width spaces and joiners, LRM, RLM
  drop(0x202a, 0x202e); // bidi embeddings and overrides
  drop(0x2066, 0x2069); // bidi isolates
  drop(0x061c, 0x061c); // Arabic letter mark
  drop(0xfeff, 0xfeff); // BOM / ZWNBSP
  for (const unit of [0x0623, 0x0625, 0x0622, 0x0671]) table[unit] = 0x0627; // أ إ آ ٱ → ا
  table[0x0649] = 0x064a; // ى → ي
  table[0x0629] = 0x0647; // ة → ه
  table[0x0624] = 0x0648; // ؤ → و
  table[0x0626] = 0x064a; // ئ → ي
  for (let d = 0; d < 10; d++) {
    table[0x0660 + d] = 0x30 + d; // Arabic-Indic digits
    table[0x06f0 + d] = 0x30 + d; // Extended (Persian/Urdu) digits
  }
  for (let c = 0x41; c <= 0x5a; c++) table[c] = c + 0x20; // ASCII capitals
  return table;
})();

/** Spelling variants folded: alef/hamza forms → ا, ى → ي, ة → ه, ؤ → و, ئ → ي, marks removed, digits ASCII. */
export function normalize(text: string): string {
  const composed = NEEDS_NFKC.test(text) ? text.normalize('NFKC') : text;
  let out: string | null = null; // built only once something changes
  let otherCase = false;
  for (let i = 0; i < composed.length; i++) {
    const unit = composed.charCodeAt(i);
    const fold = FOLD[unit]!;
    if (fold === KEEP) {
      if (out !== null) out += composed[i];
      // Latin beyond ASCII (É, Ä) still needs lower-casing; Arabic has no case.
      if (unit >= 0xc0 && unit < 0x0600) otherCase = true;
      continue;
    }
    out ??= composed.slice(0, i);
    if (fold !== DROP) out += String.fromCharCode(fold);
  }
  const result = out ?? composed;
  return otherCase ? result.toLowerCase() : result;
}

// The article and the prefixes that attach to it, longest first. A prefix is stripped only when a
// stem of at least 3 letters remains (الان «now» stays itself).
const ARTICLE_PROCLITICS = ['وبال', 'وكال', 'فبال', 'وال', 'فال', 'بال', 'كال', 'ولل', 'فلل', 'لل', 'ال'];

/** Peels the definite article with any conjunction/preposition fused to it: وبالولايات → ولايات. */
export function stripClitics(token: string): string {
  for (const prefix of ARTICLE_PROCLITICS) {
    if (token.startsWith(prefix) && token.length - prefix.length >= 3) return token.slice(prefix.length);
  }
  // A bare و/ف/ب/ل/ك is NOT stripped here: each is also a first root letter (وزارة, فريق, باكستان,
  // لجنة, كابل). Matching tries the token with and without it instead (see matchVariants).
  return token;
}

// Inflectional and possessive suffixes (after normalization, so ة is ه), longest first: the
// light10 list (Larkey, Ballesteros & Connell 2002) plus the nisba plurals news uses for peoples and
// countries (الإيرانيين، الباكستانيون).
export const SUFFIXES = [
  'يين',
  'يون',
  'يات',
  'تين',
  'تان',
  'هما',
  'ها',
  'ان',
  'ات',
  'ون',
  'ين',
  'يه',
  'هم',
  'ه',
  'ي',
] as const;

/** One suffix off, leaving at least 3 letters: انشقاقات → انشقاق, ايرانيه → ايران. */
export function lightStem(token: string): string {
  for (const suffix of SUFFIXES) {
    if (token.endsWith(suffix) && token.length - suffix.length >= 3) return token.slice(0, -suffix.length);
  }
  return token;
}

// Words are letters, combining marks (harakat sit inside words) and digits; ZWNJ/ZWJ join. The
// scanner below classifies each UTF-16 unit once per process (a table filled on first sight) instead
// of running a Unicode-property regex per word: tokenizing a 2,000-article corpus is a million words.
const WORD_CHAR = /[\p{L}\p{M}\p{N}\u200C\u200D]/u;
const unitClass = new Int8Array(0x10000); // 0 unknown, 1 word, 2 not

/** Whether the UTF-16 unit at `i` belongs to a word (a letter, mark or digit, or ZWNJ/ZWJ). */
export function isWordAt(text: string, i: number): boolean {
  const unit = text.charCodeAt(i);
  if (unit >= 0xd800 && unit <= 0xdfff) {
    const point = text.codePointAt(i)!;
    return point > 0xffff && WORD_CHAR.test(String.fromCodePoint(point));
  }
  let known = unitClass[unit]!;
  if (known === 0) {
    known = WORD_CHAR.test(String.fromCharCode(unit)) ? 1 : 2;
    unitClass[unit] = known;
  }
  return known === 1;
}

/**
 * Calls `visit` with the bounds of each word of `text`, in order, and an FNV-1a hash of its UTF-16
 * units computed on the way: callers can look the word up without first copying it out.
 */
export function scanWords(text: string, visit: (start: number, end: number, hash: number) => void): void {
  let start = -1;
  let hash = 0;
  for (let i = 0; i < text.length; i++) {
    if (isWordAt(text, i)) {
      if (start < 0) {
        start = i;
        hash = 0x811c9dc5;
      }
      hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
      if (text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff && i + 1 < text.length) {
        i++; // the pair's second half
        hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
      }
    } else if (start >= 0) {
      visit(start, i, hash);
      start = -1;
    }
  }
  if (start >= 0) visit(start, text.length, hash);
}

/** Calls `visit` with each word of `text`, in order. */
export function forEachWord(text: string, visit: (surface: string) => void): void {
  scanWords(text, (start, end) => visit(text.slice(start, end)));
}

export interface Token {
  /** As printed, for explanations: the surface form that matched. */
  surface: string;
  /** Normalized, article clitics stripped: what matching compares. */
  key: string;
}

// Surface word → key. News vocabulary repeats heavily (a 2,000-article corpus has ~10× fewer distinct
// words than words), so each distinct word is normalized once per process.
const keyCache = new Map<string, string>();

export function tokenKey(surface: string): string {
  let key = keyCache.get(surface);
  if (key === undefined) {
    key = stripClitics(normalize(surface));
    keyCache.set(surface, key);
  }
  return key;
}

export function tokenize(text: string): Token[] {
  const result: Token[] = [];
  forEachWord(text, (surface) => {
    const key = tokenKey(surface);
    if (key.length > 0) result.push({ surface, key });
  });
  return result;
}

/** Keys only, for keywords and tests. */
export function tokens(text: string): string[] {
  return tokenize(text).map((t) => t.key);
}

// Single-letter proclitics that may precede a bare noun (ولباكستان، بكابل، لداعش) and their pairs.
const BARE_PROCLITICS = ['وب', 'ول', 'وك', 'فب', 'فل', 'و', 'ف', 'ب', 'ل', 'ك'];

/**
 * The readings of a text token to try against keywords: itself, and itself without a leading
 * conjunction/preposition when at least 3 letters remain. Whether a reading is right is decided by
 * whether it then matches a keyword, which is why these are tried rather than stripped.
 */
export function matchVariants(key: string): string[] {
  const variants = [key];
  for (const prefix of BARE_PROCLITICS) {
    if (key.startsWith(prefix) && key.length - prefix.length >= 3) variants.push(key.slice(prefix.length));
  }
  return variants;
}
