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
}

interface Segment {
  items: Item[];
  /** Width of everything but the trailing spaces. */
  content: number;
  /** Width of the spaces after the content, where the line may break. */
  trailing: number;
  /** Number of U+0020 characters in `trailing`. */
  spaces: number;
  /** A right-to-left word that can take kashida. */
  kashida: boolean;
}

const EPSILON = 1e-6;
/** A justified space may grow by half its width and shrink by a third before a line counts as bad (TeX's). */
const SPACE_STRETCH = 1 / 2;
const SPACE_SHRINK = 1 / 3;
/** A ragged line may fall short of the measure by this many of its spaces' widths before it counts as bad. */
const RAGGED_STRETCH_SPACES = 6;
/** Badness of a line stretched to its whole stretch (TeX's scale). */
const BADNESS_AT_FULL_STRETCH = 100;
/** A line that cannot be set well: still allowed when nothing better exists, at this badness. */
const INFINITE_BADNESS = 10_000;
/** Added to every line's badness before squaring (TeX's \linepenalty): fewer lines are better. */
const LINE_PENALTY = 10;

const FIRST_FIT: BreakOptions = { justify: false, kashidaWords: 0, kashidaPerWord: 0 };

export function breakLines(paragraph: PreparedParagraph, measure: number, options: BreakOptions = FIRST_FIT): BrokenLine[] {
  const pieces = fittedSegments(paragraph, measure);
  if (pieces.length === 0) return [];
  const breaks = totalFit(pieces, measure, options);
  const lines: BrokenLine[] = [];
  let from = 0;
  breaks.forEach((to, index) => {
    const items = trimSpaces(pieces.slice(from, to).flatMap((segment) => segment.items));
    from = to;
    if (items.length === 0) return;
    lines.push({ items, width: items.reduce((sum, item) => sum + item.width, 0), last: index === breaks.length - 1 });
  });
  if (lines.length > 0 && !lines[lines.length - 1]!.last) lines[lines.length - 1] = { ...lines[lines.length - 1]!, last: true };
  return lines;
}

/**
 * The ends of the lines (segment indexes, exclusive) that minimise the paragraph's demerits: for
 * each line, (LINE_PENALTY + badness)², where badness grows with the cube of how far the line
 * must stretch or shrink relative to what it can (100 at its full stretch). The last line only has
 * to fit. Dynamic programming over segment boundaries; each line looks back only as far as it fits.
 */
function totalFit(segments: readonly Segment[], measure: number, options: BreakOptions): number[] {
  const n = segments.length;
  // Prefix sums: content and trailing widths, spaces, kashida words.
  const content = new Float64Array(n + 1);
  const trailing = new Float64Array(n + 1);
  const spaces = new Float64Array(n + 1);
  const kashidaWords = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    const s = segments[k]!;
    content[k + 1] = content[k]! + s.content;
    trailing[k + 1] = trailing[k]! + s.trailing;
    spaces[k + 1] = spaces[k]! + s.spaces;
    kashidaWords[k + 1] = kashidaWords[k]! + (s.kashida ? 1 : 0);
  }
  const best = new Float64Array(n + 1).fill(Infinity);
  const previous = new Int32Array(n + 1).fill(-1);
  best[0] = 0;
  for (let to = 1; to <= n; to++) {
    const last = to === n;
    for (let from = to - 1; from >= 0; from--) {
      if (best[from] === Infinity) continue;
      // The line holds segments from..to-1; the spaces after its last segment are not on it.
      const width = content[to]! - content[from]! + trailing[to - 1]! - trailing[from]!;
      const gaps = spaces[to - 1]! - spaces[from]!;
      const gapWidth = trailing[to - 1]! - trailing[from]!;
      const badness = lineBadness(measure - width, gaps, gapWidth, kashidaWords[to]! - kashidaWords[from]!, options, last);
      // Too wide even squeezed: starting further back only adds to it. A line of one piece that is
      // still too wide (cut as far as it goes) is taken as it is.
      if (width > measure + EPSILON && badness >= INFINITE_BADNESS && to - from > 1) break;
      const demerits = best[from]! + (LINE_PENALTY + badness) ** 2;
      if (demerits < best[to]!) {
        best[to] = demerits;
        previous[to] = from;
      }
    }
  }
  const ends: number[] = [];
  for (let at = n; at > 0; at = previous[at]!) ends.push(at);
  return ends.reverse();
}

function lineBadness(slack: number, gaps: number, gapWidth: number, kashidaWords: number, options: BreakOptions, last: boolean): number {
  if (slack < -EPSILON) {
    // Too wide: only a justified line with spaces can shrink, by at most SPACE_SHRINK of them (the
    // last line is set at its natural width, so it cannot).
    const shrink = options.justify && !last ? gapWidth * SPACE_SHRINK : 0;
    if (shrink <= 0 || -slack > shrink + EPSILON) return INFINITE_BADNESS;
    return BADNESS_AT_FULL_STRETCH * (-slack / shrink) ** 3;
  }
  if (last) return 0;
  let stretch: number;
  if (options.justify) {
    stretch = gapWidth * SPACE_STRETCH + Math.min(kashidaWords, options.kashidaWords) * options.kashidaPerWord;
  } else {
    stretch = gaps > 0 ? (gapWidth / gaps) * RAGGED_STRETCH_SPACES : 0;
  }
  if (stretch <= 0) return slack <= EPSILON ? 0 : INFINITE_BADNESS;
  return Math.min(INFINITE_BADNESS, BADNESS_AT_FULL_STRETCH * (slack / stretch) ** 3);
}

/** The paragraph's segments, those wider than the measure cut into pieces that fit. */
function fittedSegments(paragraph: PreparedParagraph, measure: number): Segment[] {
  const result: Segment[] = [];
  for (const segment of segments(paragraph)) {
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
  return { items: [], content: 0, trailing: 0, spaces: 0, kashida: false };
}

function segments(paragraph: PreparedParagraph): Segment[] {
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
      current.spaces += item.text.length;
    } else {
      current.content += current.trailing + item.width;
      current.trailing = 0;
      current.spaces = 0;
    }
  });
  if (current.items.length > 0) result.push(current);
  for (const segment of result) {
    const words = segment.items.filter((item) => !item.isSpace);
    segment.kashida = words.length === 1 && words[0]!.level % 2 === 1 && kashidaPoint(words[0]!.text) !== undefined;
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
    if (current.length > 0) pieces.push({ items: current, content: currentWidth, trailing: 0, spaces: 0, kashida: false });
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
        holder.spaces += item.text.length;
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
    chunks.push({ ...item, start: item.start + start, end: item.start + offset, text: piece, width: measureItemText(item.style, piece, item.level) });
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
    result.push({ ...item, start: item.start + offset, end: item.start + offset + ch.length, text: ch, width: measureItemText(item.style, ch, item.level) });
    offset += ch.length;
  }
  return result;
}
