// Kashida justification: lengthen a line by inserting tatweel (U+0640) at allowed joins BEFORE
// shaping, so the font's contextual tatweel glyphs are used. (Amiri's bare U+0640 has zero advance
// in isolation, which is why stretching a tatweel glyph after shaping does nothing with it.)
// Positions follow the classical preferences: after the seen and sad families, before a final
// ha or ta marbuta, otherwise the last join of the word; never in short words; at most a few
// tatweels per word, and spaces take whatever slack remains.
import type { BrokenLine } from './linebreak.js';
import { measureItemText, type Item } from './prepare.js';

const TATWEEL = '\u0640';
/** Letters that connect to the following letter (Unicode Joining_Type D), Arabic block and common extensions. */
const DUAL_JOINING = new Set([...'ئبتثجحخسشصضطظعغفقكلمنهيىـپچکگیڤ']);
/** Letters that connect to the preceding letter only (Joining_Type R). */
const RIGHT_JOINING = new Set([...'آأؤإاةدذرزوٱژ']);
const SEEN_SAD = new Set([...'سشصض']);
const FINAL_HA = new Set([...'هة']);
const ARABIC_LETTER = /[\u0621-\u064A\u0671-\u06D3]/;
const HARAKAT = /[\u064B-\u065F\u0670\u06D6-\u06ED]/;

const MIN_LETTERS = 4;
const MAX_PER_WORD = 3;
const MAX_WORDS_SHARE = 0.5;

interface Candidate {
  itemIndex: number;
  /** Insertion offset in the item's text (before the second letter of the join). */
  offset: number;
  priority: number;
}

function joinsForward(ch: string): boolean {
  return DUAL_JOINING.has(ch);
}

function joinsBackward(ch: string): boolean {
  return DUAL_JOINING.has(ch) || RIGHT_JOINING.has(ch);
}

/** The best kashida position of one Arabic word, or undefined if the word takes none. */
export function kashidaPoint(word: string): KashidaPoint | undefined {
  // Words repeat across a pack and every justified line asks again: worked out once per word.
  let point = pointsByWord.get(word);
  if (point === undefined) {
    point = findKashidaPoint(word) ?? null;
    pointsByWord.set(word, point);
  }
  return point ?? undefined;
}

interface KashidaPoint {
  readonly offset: number;
  readonly priority: number;
}

const pointsByWord = new Map<string, KashidaPoint | null>();

function findKashidaPoint(word: string): KashidaPoint | undefined {
  const letters: { ch: string; index: number; end: number }[] = [];
  for (let i = 0; i < word.length; i++) {
    const ch = word[i]!;
    if (HARAKAT.test(ch)) {
      const last = letters[letters.length - 1];
      if (last) last.end = i + 1;
      continue;
    }
    letters.push({ ch, index: i, end: i + 1 });
  }
  if (letters.length < MIN_LETTERS || !letters.every((l) => ARABIC_LETTER.test(l.ch))) return undefined;
  let best: { offset: number; priority: number } | undefined;
  for (let k = 1; k < letters.length; k++) {
    const before = letters[k - 1]!;
    const after = letters[k]!;
    if (!joinsForward(before.ch) || !joinsBackward(after.ch) || before.ch === TATWEEL) continue;
    // Lam followed by alef forms a ligature a tatweel would break.
    if (before.ch === 'ل' && /[اأإآ]/.test(after.ch)) continue;
    const isLast = k === letters.length - 1;
    // Priority 1 goes to every join; the loop keeps the last one, so «the last join of the word» wins.
    let priority = 1;
    if (SEEN_SAD.has(before.ch)) priority = 3;
    else if (isLast && FINAL_HA.has(after.ch)) priority = 2;
    if (!best || priority > best.priority || (priority === best.priority && before.end > best.offset)) {
      best = { offset: before.end, priority };
    }
  }
  return best;
}

export function applyKashida(line: BrokenLine, measure: number): BrokenLine {
  let slack = measure - line.width;
  if (slack <= 0) return line;
  const candidates: Candidate[] = [];
  line.items.forEach((item, itemIndex) => {
    if (item.isSpace || item.level % 2 === 0) return;
    const point = kashidaPoint(item.text);
    if (point) candidates.push({ itemIndex, offset: point.offset, priority: point.priority });
  });
  if (candidates.length === 0) return line;
  const words = line.items.filter((item) => !item.isSpace).length;
  candidates.sort((a, b) => b.priority - a.priority || b.itemIndex - a.itemIndex);
  const chosen = candidates.slice(0, Math.max(1, Math.floor(words * MAX_WORDS_SHARE)));

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
    items[candidate.itemIndex] = { ...item, text, width: newWidth };
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

/** Advance (points) of one contextual tatweel between joining letters, at the item's size. */
function tatweelAdvance(item: Item): number {
  const key = item.level % 2;
  let byDirection = tatweelAdvances.get(item.style);
  if (!byDirection) {
    byDirection = [];
    tatweelAdvances.set(item.style, byDirection);
  }
  // Between two beh forms the tatweel is a plain joining stroke: the difference is one tatweel.
  return (byDirection[key] ??= measureItemText(item.style, 'بــب', item.level) - measureItemText(item.style, 'بـب', item.level));
}

const tatweelAdvances = new WeakMap<Item['style'], number[]>();

function withTatweel(text: string, offset: number, count: number): string {
  return text.slice(0, offset) + TATWEEL.repeat(count) + text.slice(offset);
}
