// Kashida justification: lengthen a line by inserting tatweel (U+0640) at allowed joins BEFORE
// shaping, so the font's contextual tatweel glyphs are used. (Amiri's bare U+0640 has zero advance
// in isolation, which is why stretching a tatweel glyph after shaping does nothing with it.)
// As Arabic typesetters do it: few elongations a line (a setting, two by default), only in longer
// words and never in one that already carries a tatweel, at the join the classical order prefers
// (after the seen and sad families, then before a final ta marbuta or ha, then before a final
// alef, lam, kaf or tah, then before any final letter, then any join); the spaces take the rest.
// The break step counts this stretch when it weighs lines (see linebreak.ts).
import type { BrokenLine } from './linebreak.js';
import { measureItemText, type Item } from './prepare.js';

const TATWEEL = '\u0640';
/** Letters that connect to the following letter (Unicode Joining_Type D), Arabic block and common extensions. */
const DUAL_JOINING = new Set([...'ئبتثجحخسشصضطظعغفقكلمنهيىـپچکگیڤ']);
/** Letters that connect to the preceding letter only (Joining_Type R). */
const RIGHT_JOINING = new Set([...'آأؤإاةدذرزوٱژ']);
const SEEN_SAD = new Set([...'سشصض']);
const FINAL_HA = new Set([...'هة']);
/** Final letters whose join takes a kashida well, after ha and ta marbuta. */
const FINAL_TALL = new Set([...'اأإآلكطظ']);

/** Words of fewer letters are never elongated. */
const MIN_LETTERS = 5;
/** Tatweels one word takes at most. */
export const MAX_PER_WORD = 3;

interface Candidate {
  itemIndex: number;
  /** Insertion offset in the item's text (before the second letter of the join). */
  offset: number;
  priority: number;
}

/** Per code unit of the Arabic block (U+0600–U+06FF): the properties the choice below asks about. */
const JOINS_FORWARD = 1;
const JOINS_BACKWARD = 2;
const SEEN_OR_SAD = 4;
const FINAL_HA_OR_TA = 8;
const ALEF = 16;
const LETTER = 32;
const HARAKA = 64;
const TALL_FINAL = 128;
const ARABIC = new Uint8Array(0x100);
const mark = (chars: Iterable<string>, flag: number): void => {
  for (const ch of chars) ARABIC[ch.charCodeAt(0) - 0x0600]! |= flag;
};
const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));
mark(DUAL_JOINING, JOINS_FORWARD | JOINS_BACKWARD);
mark(RIGHT_JOINING, JOINS_BACKWARD);
mark(SEEN_SAD, SEEN_OR_SAD);
mark(FINAL_HA, FINAL_HA_OR_TA);
mark(FINAL_TALL, TALL_FINAL);
mark('اأإآ', ALEF);
mark([...range(0x0621, 0x064a), ...range(0x0671, 0x06d3)], LETTER);
mark([...range(0x064b, 0x065f), '\u0670', ...range(0x06d6, 0x06ed)], HARAKA);
const LAM = 0x0644;
const TATWEEL_CODE = 0x0640;

function arabicFlags(code: number): number {
  return code >= 0x0600 && code <= 0x06ff ? ARABIC[code - 0x0600]! : 0;
}

/**
 * The best kashida position of one Arabic word, or undefined if the word takes none. Asked for
 * every word of every justified line, so it walks the word's code units once, without allocating.
 */
export function kashidaPoint(word: string): { offset: number; priority: number } | undefined {
  // Letters are the code units that are not harakat; a letter's end takes in the harakat after it.
  let letters = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    const flags = arabicFlags(code);
    if (flags & HARAKA) continue;
    // A word the source already elongates is not elongated again.
    if (!(flags & LETTER) || code === TATWEEL_CODE) return undefined;
    letters++;
  }
  if (letters < MIN_LETTERS) return undefined;
  let bestOffset = -1;
  let bestPriority = 0;
  let before = -1;
  let beforeEnd = 0;
  let k = 0;
  let i = 0;
  while (i < word.length && arabicFlags(word.charCodeAt(i)) & HARAKA) i++;
  while (i < word.length) {
    const after = word.charCodeAt(i);
    let end = i + 1;
    while (end < word.length && arabicFlags(word.charCodeAt(end)) & HARAKA) end++;
    if (k > 0) {
      const beforeFlags = arabicFlags(before);
      const afterFlags = arabicFlags(after);
      // Lam followed by alef forms a ligature a tatweel would break.
      const joins =
        beforeFlags & JOINS_FORWARD &&
        afterFlags & JOINS_BACKWARD &&
        before !== TATWEEL_CODE &&
        !(before === LAM && afterFlags & ALEF);
      if (joins) {
        // Priority 1 goes to every join; a later join of equal priority wins, so «the last join of the word» does.
        const final = k === letters - 1;
        let priority = 1;
        if (beforeFlags & SEEN_OR_SAD) priority = 5;
        else if (final && afterFlags & FINAL_HA_OR_TA) priority = 4;
        else if (final && afterFlags & TALL_FINAL) priority = 3;
        else if (final) priority = 2;
        if (priority > bestPriority || (priority === bestPriority && beforeEnd > bestOffset)) {
          bestOffset = beforeEnd;
          bestPriority = priority;
        }
      }
    }
    before = after;
    beforeEnd = end;
    k++;
    i = end;
  }
  return bestPriority > 0 ? { offset: bestOffset, priority: bestPriority } : undefined;
}

/** The stretch kashida can give one word of this item's style, in points: MAX_PER_WORD tatweels. */
export function kashidaStretchPerWord(item: Item): number {
  return MAX_PER_WORD * tatweelAdvance(item);
}

/**
 * Elongate at most `maxWords` words of a justified line (the best placed by the classical order,
 * the longer word first among equals) by whole tatweels, taking as much of the line's slack as they
 * can; what remains goes to the spaces.
 */
export function applyKashida(line: BrokenLine, measure: number, maxWords: number): BrokenLine {
  let slack = measure - line.width;
  if (slack <= 0 || maxWords <= 0) return line;
  const candidates: (Candidate & { letters: number })[] = [];
  line.items.forEach((item, itemIndex) => {
    if (item.isSpace || item.level % 2 === 0) return;
    const point = kashidaPoint(item.text);
    if (point)
      candidates.push({ itemIndex, offset: point.offset, priority: point.priority, letters: letterCount(item.text) });
  });
  if (candidates.length === 0) return line;
  candidates.sort((a, b) => b.priority - a.priority || b.letters - a.letters || b.itemIndex - a.itemIndex);
  const chosen = candidates.slice(0, maxWords);

  // Plan with the advance of one contextual tatweel (the joining forms on both sides of an
  // inserted tatweel do not change), then shape only the words that receive tatweels, once, with
  // their final text: the same shaping draws them. Where a word grew more than planned (a ligature
  // the tatweel broke apart), the line is checked below and such words are given back.
  const counts = new Map<number, number>();
  for (let pass = 0; pass < MAX_PER_WORD && slack > 0; pass++) {
    let grew = false;
    for (const candidate of chosen) {
      const step = tatweelAdvance(line.items[candidate.itemIndex]!);
      if (step <= 0 || step > slack) continue;
      counts.set(candidate.itemIndex, (counts.get(candidate.itemIndex) ?? 0) + 1);
      slack -= step;
      grew = true;
    }
    if (!grew) break;
  }
  if (counts.size === 0) return line;

  const items = [...line.items];
  let width = line.width;
  const stretched: { itemIndex: number; growth: number }[] = [];
  for (const candidate of chosen) {
    const count = counts.get(candidate.itemIndex);
    if (!count) continue;
    const item = items[candidate.itemIndex]!;
    const text = withTatweel(item.text, candidate.offset, count);
    const newWidth = measureItemText(item.style, text, item.level);
    items[candidate.itemIndex] = { ...item, text, width: newWidth, kashida: { offset: candidate.offset, count } };
    width += newWidth - item.width;
    stretched.push({ itemIndex: candidate.itemIndex, growth: newWidth - item.width });
  }
  // Too wide: give back the words that grew most, until the line fits again.
  stretched.sort((a, b) => b.growth - a.growth);
  for (const { itemIndex, growth } of stretched) {
    if (width <= measure + 1e-6) break;
    items[itemIndex] = line.items[itemIndex]!;
    width -= growth;
  }
  return { items, width, last: line.last };
}

function letterCount(word: string): number {
  let letters = 0;
  for (let i = 0; i < word.length; i++) if (arabicFlags(word.charCodeAt(i)) & LETTER) letters++;
  return letters;
}

/** Advance (points) of one contextual tatweel between joining letters, at the item's size. */
function tatweelAdvance(item: Item): number {
  const key = item.level % 2;
  let byDirection = tatweelAdvances.get(item.style);
  if (!byDirection) {
    byDirection = [];
    tatweelAdvances.set(item.style, byDirection);
  }
  // Between two beh forms the tatweel is a plain joining stroke: the difference is one tatweel.
  return (byDirection[key] ??=
    measureItemText(item.style, 'بــب', item.level) - measureItemText(item.style, 'بـب', item.level));
}

const tatweelAdvances = new WeakMap<Item['style'], number[]>();

function withTatweel(text: string, offset: number, count: number): string {
  return text.slice(0, offset) + TATWEEL.repeat(count) + text.slice(offset);
}
