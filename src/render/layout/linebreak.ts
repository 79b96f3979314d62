// Linebreak step: total fit (Knuth and Plass, as TeX and Typst break paragraphs) over the break
// opportunities found by prepare. Every way of breaking the paragraph is weighed at once, and the
// one whose lines are least stretched or squeezed in total wins, so one loose line is not bought
// with a tight one before it, as first fit does. Widths come from HarfBuzz, so a line that fits
// here fits when pdfkit draws it. A single piece wider than the measure (a long URL) is cut at its
// own punctuation, or per character, rather than overflowing the column.
import { kashidaPoint } from './kashida.js';
import type { Item, PreparedParagraph } from './prepare.js';
import { measureItemText } from './prepare.js';

/** A line as a logical range of items, trailing spaces excluded from `width`. */
export interface BrokenLine {
  readonly items: readonly Item[];
  /** Natural width in points without leading/trailing spaces. */
  readonly width: number;
  readonly last: boolean;
}

/** How lines may stretch, which decides what a good break is. */
export interface BreakOptions {
  /** Justified lines stretch and shrink their spaces; ragged lines keep them and end where they end. */
  readonly justify: boolean;
  /**
   * With kashida, how many words of a line may be elongated, and by how much each at most (points):
   * a stretch a justified line has besides its spaces. 0 words: spaces only.
   */
  readonly kashidaWords: number;
  readonly kashidaPerWord: number;
  /** How far short of the measure a ragged line may end before it counts as bad (points). */
  readonly raggedStretch: number;
}

interface Segment {
  items: Item[];
  /** Width of everything but the trailing spaces. */
  content: number;
  /** Width of the spaces after the content, where the line may break. */
  trailing: number;
  /** A right-to-left word that can take kashida. */
  kashida: boolean;
}

const EPSILON = 1e-6;
/** A justified space may grow by half its width and shrink by a third before a line counts as bad (TeX's). */
const SPACE_STRETCH = 1 / 2;
const SPACE_SHRINK = 1 / 3;
/** Badness of a line stretched to its whole stretch (TeX's scale). */
const BADNESS_AT_FULL_STRETCH = 100;
/** A line that cannot be set well: still allowed when nothing better exists, at this badness. */
const INFINITE_BADNESS = 10_000;
/** A line wider than the measure even squeezed: only where no other break exists (TeX's overfull box). */
const OVERFULL_BADNESS = 1_000_000;
/** Added to every line's badness before squaring (TeX's \linepenalty): fewer lines are better. */
const LINE_PENALTY = 10;

export function breakLines(paragraph: PreparedParagraph, measure: number, options: BreakOptions): BrokenLine[] {
  const pieces = fittedSegments(paragraph, measure, options.kashidaWords > 0);
  if (pieces.length === 0) return [];
  // Most paragraphs of a pack (headings, contents entries, table cells, source lines) fit on one
  // line: the only way to break them is not to, whatever the method.
  const ends = fitsOnOneLine(pieces, measure) ? [pieces.length] : totalFit(pieces, measure, options);
  const lines: BrokenLine[] = [];
  let from = 0;
  for (let index = 0; index < ends.length; index++) {
    const to = ends[index]!;
    const items: Item[] = [];
    for (let k = from; k < to; k++) for (const item of pieces[k]!.items) items.push(item);
    from = to;
    const trimmed = trimSpaces(items);
    if (trimmed.length === 0) continue;
    let width = 0;
    for (const item of trimmed) width += item.width;
    lines.push({ items: trimmed, width, last: index === ends.length - 1 });
  }
  if (lines.length > 0 && !lines[lines.length - 1]!.last)
    lines[lines.length - 1] = { ...lines[lines.length - 1]!, last: true };
  return lines;
}

function fitsOnOneLine(segments: readonly Segment[], measure: number): boolean {
  let width = 0;
  for (let k = 0; k < segments.length; k++) {
    width += segments[k]!.content + (k < segments.length - 1 ? segments[k]!.trailing : 0);
    if (width > measure + EPSILON) return false;
  }
  return true;
}

/**
 * The ends of the lines (segment indexes, exclusive) that minimise the paragraph's demerits: for
 * each line, (LINE_PENALTY + badness)², where badness grows with the cube of how far the line
 * must stretch or shrink relative to what it can (100 at its full stretch). The last line only has
 * to fit. Dynamic programming over segment boundaries; each line looks back only as far as it fits.
 */
function totalFit(segments: readonly Segment[], measure: number, options: BreakOptions): number[] {
  const n = segments.length;
  // Prefix sums: content and trailing widths, kashida words.
  const content = new Float64Array(n + 1);
  const trailing = new Float64Array(n + 1);
  const kashidaWords = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    const s = segments[k]!;
    content[k + 1] = content[k]! + s.content;
    trailing[k + 1] = trailing[k]! + s.trailing;
    kashidaWords[k + 1] = kashidaWords[k]! + (s.kashida ? 1 : 0);
  }
  const best = new Float64Array(n + 1).fill(Infinity);
  const previous = new Int32Array(n + 1).fill(-1);
  best[0] = 0;
  const consider = (from: number, to: number): number => {
    // The line holds segments from..to-1; the spaces after its last segment are not on it.
    const width = content[to]! - content[from]! + trailing[to - 1]! - trailing[from]!;
    const gapWidth = trailing[to - 1]! - trailing[from]!;
    const slack = measure - width;
    const badness = lineBadness(slack, gapWidth, kashidaWords[to]! - kashidaWords[from]!, options, to === n);
    const demerits = best[from]! + (LINE_PENALTY + badness) * (LINE_PENALTY + badness);
    if (demerits < best[to]!) {
      best[to] = demerits;
      previous[to] = from;
    }
    return slack < 0 ? -badness : badness;
  };
  // The longest line that can end at `to` starts at `longest`, which only moves forward as `to`
  // does. From there lines only get shorter and looser: once one is hopelessly loose, so are all
  // after it.
  let longest = 0;
  for (let to = 1; to <= n; to++) {
    for (let from = longest; from < to; from++) {
      if (best[from] === Infinity) continue;
      const signedBadness = consider(from, to);
      if (-signedBadness >= OVERFULL_BADNESS && from < to - 1) {
        longest = from + 1; // too wide even squeezed: so is every longer line ending later
        continue;
      }
      if (signedBadness >= INFINITE_BADNESS) break;
    }
    // A piece too wide for any line (cut as far as it goes) stands on its own.
    if (best[to] === Infinity && best[to - 1] !== Infinity) consider(to - 1, to);
  }
  const ends: number[] = [];
  for (let at = n; at > 0; at = previous[at]!) ends.push(at);
  return ends.reverse();
}

function lineBadness(
  slack: number,
  gapWidth: number,
  kashidaWords: number,
  options: BreakOptions,
  last: boolean,
): number {
  if (slack < -EPSILON) {
    // Too wide: only a justified line with spaces can shrink, by at most SPACE_SHRINK of them (the
    // last line is set at its natural width, so it cannot).
    const shrink = options.justify && !last ? gapWidth * SPACE_SHRINK : 0;
    if (shrink <= 0 || -slack > shrink + EPSILON) return OVERFULL_BADNESS;
    const ratio = -slack / shrink;
    return BADNESS_AT_FULL_STRETCH * ratio * ratio * ratio;
  }
  if (last) return 0;
  let stretch: number;
  if (options.justify) {
    stretch = gapWidth * SPACE_STRETCH + Math.min(kashidaWords, options.kashidaWords) * options.kashidaPerWord;
  } else {
    stretch = options.raggedStretch;
  }
  if (stretch <= 0) return slack <= EPSILON ? 0 : INFINITE_BADNESS;
  const ratio = slack / stretch;
  return Math.min(INFINITE_BADNESS, BADNESS_AT_FULL_STRETCH * ratio * ratio * ratio);
}

/** The paragraph's segments, those wider than the measure cut into pieces that fit. */
function fittedSegments(paragraph: PreparedParagraph, measure: number, findKashida: boolean): Segment[] {
  const result: Segment[] = [];
  for (const segment of segments(paragraph, findKashida)) {
    if (segment.content > measure + EPSILON) result.push(...splitOverlong(segment, measure));
    else result.push(segment);
  }
  // Spaces never start a line: spaces before the first word are dropped.
  while (result.length > 0 && result[0]!.items.every((item) => item.isSpace)) result.shift();
  return result;
}

/**
 * Intrinsic widths, as CSS names them: the widest piece that cannot be broken (min-content) and
 * the whole paragraph on one line (max-content). Table columns are sized from these.
 */
export function intrinsicWidths(paragraph: PreparedParagraph): { minContent: number; maxContent: number } {
  let minContent = 0;
  let maxContent = 0;
  let pendingSpace = 0;
  for (const segment of segments(paragraph)) {
    minContent = Math.max(minContent, segment.content);
    if (segment.content > 0) {
      maxContent += (maxContent > 0 ? pendingSpace : 0) + segment.content;
      pendingSpace = segment.trailing;
    } else {
      pendingSpace += segment.trailing;
    }
  }
  return { minContent, maxContent };
}

function emptySegment(): Segment {
  return { items: [], content: 0, trailing: 0, kashida: false };
}

function segments(paragraph: PreparedParagraph, findKashida = false): Segment[] {
  const result: Segment[] = [];
  let current = emptySegment();
  paragraph.items.forEach((item, index) => {
    if (index > 0 && paragraph.breakBefore[index] && current.items.length > 0) {
      result.push(current);
      current = emptySegment();
    }
    current.items.push(item);
    if (item.isSpace) {
      current.trailing += item.width;
    } else {
      current.content += current.trailing + item.width;
      current.trailing = 0;
    }
  });
  if (current.items.length > 0) result.push(current);
  if (findKashida) {
    for (const segment of result) {
      const words = segment.items.filter((item) => !item.isSpace);
      segment.kashida = words.length === 1 && words[0]!.level % 2 === 1 && kashidaPoint(words[0]!.text) !== undefined;
    }
  }
  return result;
}

function trimSpaces(items: Item[]): Item[] {
  let start = 0;
  let end = items.length;
  while (start < end && items[start]!.isSpace) start++;
  while (end > start && items[end - 1]!.isSpace) end--;
  return items.slice(start, end);
}

// Preferred cut points inside an over-long token: after URL and path punctuation.
const SOFT_CUT = /[/.\-_?&=#:@]/;

/** Cut an over-wide segment into pieces no wider than the measure where possible. */
function splitOverlong(segment: Segment, measure: number): Segment[] {
  const pieces: Segment[] = [];
  let current: Item[] = [];
  let currentWidth = 0;
  const flush = (): void => {
    if (current.length > 0) pieces.push({ items: current, content: currentWidth, trailing: 0, kashida: false });
    current = [];
    currentWidth = 0;
  };
  for (const item of segment.items) {
    if (item.isSpace) {
      // Keep spaces as trailing space of the piece so far.
      const last = pieces[pieces.length - 1];
      flush();
      const holder = pieces[pieces.length - 1] ?? last;
      if (holder) {
        holder.items.push(item);
        holder.trailing += item.width;
      }
      continue;
    }
    for (const chunk of chunksOf(item, measure)) {
      if (currentWidth + chunk.width > measure + EPSILON && current.length > 0) flush();
      current.push(chunk);
      currentWidth += chunk.width;
    }
  }
  flush();
  return pieces;
}

/** An item cut after URL punctuation; a chunk still wider than the measure is cut per character. */
function chunksOf(item: Item, measure: number): Item[] {
  const chunks: Item[] = [];
  const characters = [...item.text];
  let start = 0;
  let offset = 0;
  let piece = '';
  const push = (): void => {
    if (piece.length === 0) return;
    chunks.push({
      ...item,
      start: item.start + start,
      end: item.start + offset,
      text: piece,
      width: measureItemText(item.style, piece, item.level),
    });
    start = offset;
    piece = '';
  };
  for (const ch of characters) {
    piece += ch;
    offset += ch.length;
    if (SOFT_CUT.test(ch)) push();
  }
  push();
  return chunks.flatMap((chunk) => (chunk.width > measure + EPSILON ? perCharacter(chunk) : [chunk]));
}

function perCharacter(item: Item): Item[] {
  const result: Item[] = [];
  let offset = 0;
  for (const ch of item.text) {
    result.push({
      ...item,
      start: item.start + offset,
      end: item.start + offset + ch.length,
      text: ch,
      width: measureItemText(item.style, ch, item.level),
    });
    offset += ch.length;
  }
  return result;
}
