// The RTL line layer: collect → prepare (bidi, break opportunities, items) → shape (inside prepare,
// cached) → linebreak → kashida (optional) → line (reorder, align). It ends at visual lines
// (layoutLines), which the PDF backend turns into pdfmake nodes (../pdf/lines.ts); every piece of
// text the pack draws goes through it.
import { collect, type Span } from './collect.js';
import { applyKashida, kashidaStretchPerWord } from './kashida.js';
import { breakLines, intrinsicWidths } from './linebreak.js';
import { finishLine, type Alignment, type VisualLine } from './line.js';
import { prepare, type BaseDirection } from './prepare.js';

export type { Span, TextStyle } from './collect.js';
export type { Alignment } from './line.js';
export type { VisualLine } from './line.js';

export interface ParagraphOptions {
  /** Available width in points. */
  measure: number;
  direction?: BaseDirection;
  alignment?: Alignment;
  /** Justify by inserting tatweel before stretching spaces (needs alignment: justify). */
  kashida?: boolean;
  /** With kashida, how many words of a line may be elongated (default 2). */
  kashidaPerLine?: number;
  lineHeight?: number;
}

/**
 * pdfmake re-adds our widths in its own order; a hair of slack keeps a justified line that fills
 * the measure exactly from ever being judged too wide by pdfmake's floating-point sums.
 */
const PDFMAKE_SLACK = 0.01;

const RAGGED_EMS = 3;

/** Traditional practice: one or two elongated words a line. */
export const DEFAULT_KASHIDA_PER_LINE = 2;

export function layoutLines(spans: readonly Span[], options: ParagraphOptions): VisualLine[] {
  const collected = collect(spans);
  if (collected.text.trim().length === 0) return [];
  const prepared = prepare(collected, options.direction ?? 'rtl');
  const measure = Math.max(1, options.measure - PDFMAKE_SLACK);
  const alignment = options.alignment ?? 'start';
  const justify = alignment === 'justify';
  const kashidaWords = options.kashida && justify ? (options.kashidaPerLine ?? DEFAULT_KASHIDA_PER_LINE) : 0;
  const rtlItem = prepared.items.find((item) => !item.isSpace && item.level % 2 === 1);
  const kashidaPerWord = kashidaWords > 0 && rtlItem ? kashidaStretchPerWord(rtlItem) : 0;
  // A ragged line may end up to three ems short before it counts as bad (TeX's \raggedright allows two).
  const fontSize = prepared.items[0]?.style.fontSize ?? 12;
  let lines = breakLines(prepared, measure, {
    justify,
    kashidaWords,
    kashidaPerWord,
    raggedStretch: RAGGED_EMS * fontSize,
  });
  if (kashidaPerWord > 0) lines = lines.map((line) => (line.last ? line : applyKashida(line, measure, kashidaWords)));
  return lines.map((line) => finishLine(line, prepared.baseLevel, measure, alignment));
}

/** Min-content and max-content widths of a paragraph, in points (for sizing table columns). */
export function measureSpans(
  spans: readonly Span[],
  direction: BaseDirection = 'rtl',
): { minContent: number; maxContent: number } {
  const collected = collect(spans);
  if (collected.text.trim().length === 0) return { minContent: 0, maxContent: 0 };
  return intrinsicWidths(prepare(collected, direction));
}
