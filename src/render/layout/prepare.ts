// Prepare step: resolve bidi embedding levels (UAX #9, bidi-js) and line break opportunities
// (UAX #14, linebreak), then cut the paragraph into items: maximal pieces of one style, one bidi
// level, all-space or no-space, never straddling a break opportunity. Items are what we shape,
// measure, break into lines and reorder; their boundaries are the only places lines can end.
import bidiImport, { type Bidi } from 'bidi-js';
import { createRequire } from 'node:module';
import type LineBreakerClass from 'linebreak';
import type { CollectedText, TextStyle } from './collect.js';
import { shapeText, widthInPoints, type Direction } from './shape.js';

// Through require, not import: pdfmake requires linebreak too, and `import` would load its ESM
// build as a second copy with its own Unicode tables.
const LineBreaker = createRequire(import.meta.url)('linebreak') as typeof LineBreakerClass;

export type BaseDirection = 'rtl' | 'ltr' | 'auto';

export interface Item {
  /** Logical range [start, end) in the paragraph text. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly style: TextStyle;
  readonly level: number;
  readonly isSpace: boolean;
  /** Width in points, from HarfBuzz. */
  readonly width: number;
  /**
   * Tatweels that kashida justification inserted into `text` (`count` of them at `offset`): drawn,
   * but not part of the source, so the PDF's text layer leaves them out (see ../pdf/seam.ts).
   */
  readonly kashida?: { readonly offset: number; readonly count: number };
}

export interface PreparedParagraph {
  readonly text: string;
  readonly baseLevel: number;
  readonly items: readonly Item[];
  /** breakBefore[i]: a line may start at item i (i > 0). */
  readonly breakBefore: readonly boolean[];
}

// bidi-js is CommonJS whose module.exports is the factory; its typings describe an ES default export.
const bidi = (bidiImport as unknown as () => Bidi)();

export function directionOfLevel(level: number): Direction {
  return level % 2 === 1 ? 'rtl' : 'ltr';
}

export function measureItemText(style: TextStyle, text: string, level: number): number {
  return widthInPoints(style.face, shapeText(style.face, text, directionOfLevel(level)), style.fontSize);
}

export function prepare(collected: CollectedText, base: BaseDirection): PreparedParagraph {
  const { text, styles, styleAt } = collected;
  const { levels, baseLevel } = resolveLevels(text, base);
  const breaks = breakOpportunities(text);

  const items: Item[] = [];
  const breakBefore: boolean[] = [];
  let start = 0;
  let pendingBreak = false;
  for (let i = 1; i <= text.length; i++) {
    const atEnd = i === text.length;
    const isBreak = breaks.has(i);
    const cut =
      atEnd ||
      isBreak ||
      styleAt[i] !== styleAt[i - 1] ||
      levels[i] !== levels[i - 1] ||
      isSpaceUnit(text, i) !== isSpaceUnit(text, i - 1);
    // Never split a surrogate pair.
    if (!cut || (!atEnd && isLowSurrogate(text.charCodeAt(i)))) continue;
    const style = styles[styleAt[start]!]!;
    const level = levels[start]!;
    const piece = text.slice(start, i);
    items.push({
      start,
      end: i,
      text: piece,
      style,
      level,
      isSpace: isSpaceUnit(text, start),
      width: measureItemText(style, piece, level),
    });
    breakBefore.push(pendingBreak);
    pendingBreak = isBreak;
    start = i;
  }
  return { text, baseLevel, items, breakBefore };
}

// URLs and e-mail addresses read left to right as one unit, trailing slash and dots included.
const LTR_ISLANDS = /(?:https?:\/\/|www\.)[^\s<>«»"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const LRI = '\u2066';
/**
 * Arabic letters (AL), harakat (NSM), Arabic comma/semicolon/question mark, tatweel, and neutral
 * punctuation and spaces; no digits (EN/AN), Latin (L) or explicit bidi controls.
 */
const ARABIC_RANGES = String.raw`\u060C\u061B\u061F\u0621-\u065F\u0670-\u06D3`;
const NEUTRALS = String.raw` \u00A0.,:;!?()[\]{}«»"'\-\u2013\u2014\u2026\u201C\u201D\u2018\u2019`;
export const ONLY_ARABIC_AND_NEUTRALS = new RegExp(`^[${ARABIC_RANGES}${NEUTRALS}]*$`);
const ARABIC_LETTER = /[\u0621-\u064A\u0671-\u06D3]/;
/** ONLY_ARABIC_AND_NEUTRALS plus digits of both kinds and the signs that sit among them. */
export const ARABIC_AND_NUMBERS = new RegExp(
  `^[${ARABIC_RANGES}${String.raw`\u0660-\u0669\u066A0-9%+/`}${NEUTRALS}]*$`,
);

// UAX #9 bidi classes of the characters ARABIC_AND_NUMBERS admits.
const AL = 1;
const R = 2;
const EN = 3;
const AN = 4;
const ES = 5;
const ET = 6;
const CS = 7;
const NSM = 8;
const ON = 9;

function bidiClass(code: number): number {
  if (code >= 0x30 && code <= 0x39) return EN;
  if (code >= 0x0660 && code <= 0x0669) return AN;
  if ((code >= 0x064b && code <= 0x065f) || code === 0x0670) return NSM;
  if (code === 0x061b || code === 0x061f || (code >= 0x0621 && code <= 0x064a) || (code >= 0x0671 && code <= 0x06d3))
    return AL;
  if (code === 0x2b || code === 0x2d) return ES;
  if (code === 0x25 || code === 0x066a) return ET;
  if (code === 0x2c || code === 0x2e || code === 0x2f || code === 0x3a || code === 0xa0 || code === 0x060c) return CS;
  return ON; // spaces too: whitespace and other neutrals resolve alike here (N1, N2, L1)
}

/**
 * UAX #9 for a right-to-left paragraph of Arabic letters and marks, European and Arabic-Indic
 * digits, and neutral punctuation — no Latin letters, no explicit embeddings — written out: with
 * nothing strong but AL, only W1–W6 change anything, and every neutral then lies between
 * right-to-left text or numbers (N1) or at the paragraph's edges (sos and eos are R), so it
 * resolves to R; numbers (EN, AN) go to level 2, all else to level 1. About ten times faster than
 * the general algorithm, and checked against it (bidi-js) by test/layout.test.ts.
 */
function arabicWithNumbers(text: string): Uint8Array {
  const n = text.length;
  const types = new Uint8Array(n);
  for (let i = 0; i < n; i++) types[i] = bidiClass(text.charCodeAt(i));
  // W1: a mark takes the type of what precedes it (sos, R, at the start).
  for (let i = 0; i < n; i++) if (types[i] === NSM) types[i] = i === 0 ? R : types[i - 1]!;
  // W2: a European number after Arabic letters is an Arabic number. W3: AL is R.
  let lastStrong = R;
  for (let i = 0; i < n; i++) {
    const type = types[i]!;
    if (type === AL) {
      lastStrong = AL;
      types[i] = R;
    } else if (type === EN && lastStrong === AL) {
      types[i] = AN;
    }
  }
  // W4: one separator between two numbers of a kind joins them.
  for (let i = 1; i < n - 1; i++) {
    const type = types[i]!;
    const before = types[i - 1]!;
    const after = types[i + 1]!;
    if (type === ES && before === EN && after === EN) types[i] = EN;
    else if (type === CS && before === after && (before === EN || before === AN)) types[i] = before;
  }
  // W5: terminators next to a European number belong to it.
  for (let i = 0; i < n; i++) {
    if (types[i] !== ET) continue;
    let end = i;
    while (end < n && types[end] === ET) end++;
    const touchesEn = (i > 0 && types[i - 1] === EN) || (end < n && types[end] === EN);
    if (touchesEn) types.fill(EN, i, end);
    i = end - 1;
  }
  // W6 leaves the remaining separators and terminators neutral; N1/N2 make every neutral R; I1/I2.
  const levels = new Uint8Array(n);
  for (let i = 0; i < n; i++) levels[i] = types[i] === EN || types[i] === AN ? 2 : 1;
  return levels;
}
const PDI = '\u2069';

/**
 * Embedding levels per UTF-16 unit of `text`. URLs and e-mails are wrapped in LRI…PDI isolates for
 * the algorithm only (UAX #9 would otherwise give a URL's trailing "/" to the Arabic around it);
 * the isolate marks never reach shaping or the page.
 */
export function resolveLevels(text: string, base: BaseDirection): { levels: Uint8Array; baseLevel: number } {
  if (base !== 'ltr' && ARABIC_LETTER.test(text)) {
    // No L, EN or AN character: every neutral sits between AL characters or the RTL paragraph's
    // edges, so UAX #9 resolves the whole paragraph to level 1. Most Arabic paragraphs take this
    // path, which skips the full algorithm (test/layout.test.ts checks it agrees with bidi-js).
    if (ONLY_ARABIC_AND_NEUTRALS.test(text)) return { levels: new Uint8Array(text.length).fill(1), baseLevel: 1 };
    // Most of the others only add numbers: a third of a news corpus' text. See arabicWithNumbers.
    if (ARABIC_AND_NUMBERS.test(text)) return { levels: arabicWithNumbers(text), baseLevel: 1 };
  }
  const islands = [...text.matchAll(LTR_ISLANDS)].map((m) => [m.index, m.index + m[0].length] as const);
  let augmented = text;
  const originalIndex: number[] = [];
  if (islands.length > 0) {
    const parts: string[] = [];
    let at = 0;
    for (const [start, end] of islands) {
      parts.push(text.slice(at, start), LRI, text.slice(start, end), PDI);
      at = end;
    }
    parts.push(text.slice(at));
    augmented = parts.join('');
    let shift = 0;
    let island = 0;
    for (let i = 0; i < text.length; i++) {
      const current = islands[island];
      if (current && i === current[0]) shift++;
      originalIndex.push(i + shift);
      if (current && i === current[1] - 1) {
        shift++;
        island++;
      }
    }
  }
  const embedding = bidi.getEmbeddingLevels(augmented, base);
  const baseLevel = embedding.paragraphs[0]?.level ?? (base === 'ltr' ? 0 : 1);
  if (islands.length === 0) return { levels: embedding.levels, baseLevel };
  const levels = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) levels[i] = embedding.levels[originalIndex[i]!]!;
  return { levels, baseLevel };
}

/** Only U+0020 stretches in justification and is dropped at line ends; NBSP and friends bind words. */
function isSpaceUnit(text: string, i: number): boolean {
  return text.charCodeAt(i) === 0x20;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

const DIGIT = /[0-9\u0660-\u0669\u06F0-\u06F9]/;
const RANGE_DASH = /[-\u2010-\u2015\u2212]/;

/**
 * UAX #14 break opportunities (positions a line may start at), minus the ones a typesetter refuses:
 * inside a number range (2024–2026, also with spaces around the dash). UAX #14 itself already keeps
 * a number with its sign (3.5%, ٪) and closing punctuation with what precedes it.
 */
export function breakOpportunities(text: string): Set<number> {
  const result = new Set<number>();
  const breaker = new LineBreaker(text);
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    if (bk.position <= 0 || bk.position >= text.length) continue;
    if (insideNumberRange(text, bk.position)) continue;
    result.add(bk.position);
  }
  if (text.includes('://') || text.includes('www.')) urlBreaks(text, result);
  return result;
}

const URL = /\b(?:https?:\/\/|www\.)[^\s<>«»"]+/g;
/** In a URL's path, a line may break before these (Chicago's rule; before or after = and &). */
const BREAK_BEFORE = /[/?#.\-_~%=&]/;
const BREAK_AFTER = /[=&]/;

/**
 * Inside a URL a line breaks only in its path, before a slash, dot, hyphen and the like (so the
 * mark at the start of the next line says the URL goes on), as typesetters break them: never after
 * the scheme (a lone «https://» at a line's end), never inside the host.
 */
function urlBreaks(text: string, breaks: Set<number>): void {
  for (const match of text.matchAll(URL)) {
    const start = match.index;
    const end = start + match[0].length;
    for (let i = start + 1; i < end; i++) breaks.delete(i);
    const scheme = match[0].indexOf('://');
    const hostStart = start + (scheme >= 0 ? scheme + 3 : 0);
    const pathStart = text.indexOf('/', hostStart);
    if (pathStart < 0 || pathStart >= end) continue;
    for (let i = pathStart; i < end - 1; i++) {
      if (BREAK_BEFORE.test(text[i]!)) breaks.add(i);
      if (BREAK_AFTER.test(text[i]!)) breaks.add(i + 1);
    }
  }
}

function insideNumberRange(text: string, position: number): boolean {
  // Find the dash nearest the break (skipping spaces), then digits on both sides of it.
  let left = position - 1;
  while (left >= 0 && text[left] === ' ') left--;
  let right = position;
  while (right < text.length && text[right] === ' ') right++;
  const dashLeft = left >= 0 && RANGE_DASH.test(text[left]!);
  const dashRight = right < text.length && RANGE_DASH.test(text[right]!);
  if (!dashLeft && !dashRight) return false;
  const dashAt = dashLeft ? left : right;
  let before = dashAt - 1;
  while (before >= 0 && text[before] === ' ') before--;
  let after = dashAt + 1;
  while (after < text.length && text[after] === ' ') after++;
  return before >= 0 && after < text.length && DIGIT.test(text[before]!) && DIGIT.test(text[after]!);
}
