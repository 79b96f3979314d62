// Arabic normalization, tokenization and light stemming for MATCHING ONLY (never for display).
//
// Written in-house on purpose: the npm Arabic stemmers are root extractors or aggressive light
// stemmers that over-stem news text (snowball turns وزارة into زار, and strips the و of واشنطن),
// which makes themes match unrelated sections. What news matching needs is narrower: fold spelling
// variants, peel the attached article and prepositions, and strip one inflectional suffix.

const MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF]/g;
const NEEDS_NFKC = /[\uFB50-\uFDFF\uFE70-\uFEFF]/; // Arabic presentation forms (ligatures, ﻻ)

/** Spelling variants folded: alef/hamza forms → ا, ى → ي, ة → ه, ؤ → و, ئ → ي, marks removed, digits ASCII. */
export function normalize(text: string): string {
  const composed = NEEDS_NFKC.test(text) ? text.normalize('NFKC') : text;
  return composed
    .replace(MARKS, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .toLowerCase();
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
export const SUFFIXES = ['يين', 'يون', 'يات', 'تين', 'تان', 'هما', 'ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'هم', 'ه', 'ي'] as const;

/** One suffix off, leaving at least 3 letters: انشقاقات → انشقاق, ايرانيه → ايران. */
export function lightStem(token: string): string {
  for (const suffix of SUFFIXES) {
    if (token.endsWith(suffix) && token.length - suffix.length >= 3) return token.slice(0, -suffix.length);
  }
  return token;
}

// Words are letters, combining marks (harakat sit inside words) and digits; ZWNJ/ZWJ join.
const WORD = /[\p{L}\p{M}\p{N}\u200C\u200D]+/gu;

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
  for (const match of text.matchAll(WORD)) {
    const key = tokenKey(match[0]);
    if (key.length > 0) result.push({ surface: match[0], key });
  }
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
