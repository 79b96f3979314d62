// Line step: each broken line is reordered visually (UAX #9 L2: from the highest level down to the
// lowest odd level, reverse every run at or above it; L1's trailing whitespace is already trimmed
// by the linebreak step) and aligned. Justification stretches the inter-word spaces of every line
// but the last, which sits at the paragraph's start side (right, in Arabic).
import type { BrokenLine } from './linebreak.js';
import type { Item } from './prepare.js';

export type Alignment = 'start' | 'end' | 'right' | 'left' | 'center' | 'justify';

export interface VisualLine {
  /** Items left to right as they will be drawn. */
  readonly items: readonly Item[];
  readonly width: number;
  /** Points added to (or, negative, taken from) each U+0020 character in justification, 0 otherwise. */
  readonly spaceStretch: number;
  /** Where pdfmake places the line in its box. */
  readonly align: 'left' | 'right' | 'center';
}

export function reorder(items: readonly Item[]): Item[] {
  const result = [...items];
  if (result.length < 2) return result;
  let highest = 0;
  let lowestOdd = Number.MAX_SAFE_INTEGER;
  for (const item of result) {
    highest = Math.max(highest, item.level);
    if (item.level % 2 === 1) lowestOdd = Math.min(lowestOdd, item.level);
  }
  for (let level = highest; level >= lowestOdd; level--) {
    let i = 0;
    while (i < result.length) {
      if (result[i]!.level >= level) {
        let j = i;
        while (j < result.length && result[j]!.level >= level) j++;
        reverseRange(result, i, j);
        i = j;
      } else {
        i++;
      }
    }
  }
  return result;
}

function reverseRange<T>(array: T[], from: number, to: number): void {
  for (let a = from, b = to - 1; a < b; a++, b--) {
    const tmp = array[a]!;
    array[a] = array[b]!;
    array[b] = tmp;
  }
}

/** The physical side an alignment means in a paragraph of the given base level. */
export function physicalAlign(alignment: Alignment, baseLevel: number): 'left' | 'right' | 'center' {
  const rtl = baseLevel % 2 === 1;
  switch (alignment) {
    case 'left':
    case 'right':
    case 'center':
      return alignment;
    case 'end':
      return rtl ? 'left' : 'right';
    default: // start, justify (and a justified paragraph's last line)
      return rtl ? 'right' : 'left';
  }
}

export function finishLine(line: BrokenLine, baseLevel: number, measure: number, alignment: Alignment): VisualLine {
  const items = reorder(line.items);
  const align = physicalAlign(alignment, baseLevel);
  if (alignment !== 'justify' || line.last) return { items, width: line.width, spaceStretch: 0, align };
  // Stretch per space character, so a double space opens twice as much as a single one.
  let spaces = 0;
  for (const item of items) if (item.isSpace) spaces += item.text.length;
  const slack = measure - line.width;
  // A line the break step chose a little too wide shrinks its spaces (at most a third, see linebreak).
  if (spaces === 0 || Math.abs(slack) < 1e-9) return { items, width: line.width, spaceStretch: 0, align };
  return { items, width: measure, spaceStretch: slack / spaces, align };
}
