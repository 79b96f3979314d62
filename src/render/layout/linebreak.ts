// Linebreak step: greedy fill of items to the measure, at the break opportunities found by prepare.
// Widths come from HarfBuzz, so a line that fits here fits when pdfkit draws it. A single piece
// wider than the measure (a long URL) is cut at its own punctuation, or per character, rather than
// overflowing the column.
import type { Item, PreparedParagraph } from './prepare.js';
import { measureItemText } from './prepare.js';

/** A line as a logical range of items, trailing spaces excluded from `width`. */
export interface BrokenLine {
  readonly items: readonly Item[];
  /** Natural width in points without leading/trailing spaces. */
  readonly width: number;
  readonly last: boolean;
}

interface Segment {
  items: Item[];
  content: number;
  trailing: number;
}

const EPSILON = 1e-6;

export function breakLines(paragraph: PreparedParagraph, measure: number): BrokenLine[] {
  const lines: Item[][] = [];
  let current: Item[] = [];
  let currentWidth = 0;
  let pendingSpace = 0;
  const flush = (): void => {
    if (current.length > 0) lines.push(current);
    current = [];
    currentWidth = 0;
    pendingSpace = 0;
  };
  const place = (segment: Segment): void => {
    if (current.length > 0 && currentWidth + pendingSpace + segment.content > measure + EPSILON) flush();
    // Spaces never start a line; a zero-width segment that is not only spaces (a lone combining
    // mark, found by fuzzing) is still drawn, or its characters would vanish.
    if (current.length === 0 && segment.items.every((item) => item.isSpace)) return;
    current.push(...segment.items);
    currentWidth += pendingSpace + segment.content;
    pendingSpace = segment.trailing;
  };
  for (const segment of segments(paragraph)) {
    if (segment.content > measure + EPSILON) {
      for (const piece of splitOverlong(segment, measure)) place(piece);
    } else {
      place(segment);
    }
  }
  flush();
  return lines.map((items, index) => {
    const trimmed = trimSpaces(items);
    return { items: trimmed, width: trimmed.reduce((sum, item) => sum + item.width, 0), last: index === lines.length - 1 };
  });
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

function segments(paragraph: PreparedParagraph): Segment[] {
  const result: Segment[] = [];
  let current: Segment = { items: [], content: 0, trailing: 0 };
  paragraph.items.forEach((item, index) => {
    if (index > 0 && paragraph.breakBefore[index] && current.items.length > 0) {
      result.push(current);
      current = { items: [], content: 0, trailing: 0 };
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
    if (current.length > 0) pieces.push({ items: current, content: currentWidth, trailing: 0 });
    current = [];
    currentWidth = 0;
  };
  for (const item of segment.items) {
    if (item.isSpace) {
      // Keep spaces as trailing space of the piece so far.
      flush();
      pieces.push({ items: [item], content: 0, trailing: item.width });
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
