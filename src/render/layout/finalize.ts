// Finalize step: a visual line becomes one pdfmake text node whose inlines are already in visual
// order (left to right) and already fit, so pdfmake only places them (noWrap: it never re-wraps).
// Inlines are as few as possible: neighbouring items of one style and one bidi level are merged
// when a space joins them, which the seam's word-wise shaping reproduces exactly. Each inline
// carries its direction as a pseudo feature tag the seam reads.
import { LTR_TAG, RTL_TAG } from '../pdfkit-seam.js';
import type { TextStyle } from './collect.js';
import type { VisualLine } from './line.js';
import type { Item } from './prepare.js';
import { shapeWords, widthInPoints } from './shape.js';

export interface PdfInline {
  text: string;
  font: string;
  bold: boolean;
  fontSize: number;
  fontFeatures: string[];
  color?: string;
  link?: string;
  linkToDestination?: string;
  characterSpacing?: number;
}

export interface PdfLineNode {
  text: PdfInline[];
  noWrap: true;
  alignment: 'left' | 'right' | 'center';
  lineHeight?: number;
}

/**
 * A stretched inter-word gap: two spaces with character spacing (pdfmake measures a string as its
 * advance plus characterSpacing × (length − 1), so two characters make the gap any width we need;
 * a lone space would ignore characterSpacing). Drawn invisibly; extraction still sees a word break.
 */
const GAP_TEXT = '  ';

function inlineFor(style: TextStyle, text: string, rtl: boolean): PdfInline {
  const inline: PdfInline = {
    text,
    font: style.family,
    bold: style.bold,
    fontSize: style.fontSize,
    fontFeatures: [rtl ? RTL_TAG : LTR_TAG],
  };
  if (style.color) inline.color = style.color;
  if (style.link) inline.link = style.link;
  if (style.linkToDestination) inline.linkToDestination = style.linkToDestination;
  return inline;
}

function gapInline(space: Item, width: number): PdfInline {
  const rtl = space.level % 2 === 1;
  const natural = widthInPoints(space.style.face, shapeWords(space.style.face, GAP_TEXT, rtl ? 'rtl' : 'ltr'), space.style.fontSize);
  return { ...inlineFor(space.style, GAP_TEXT, rtl), characterSpacing: width - natural };
}

export function toPdfLine(line: VisualLine, lineHeight?: number): PdfLineNode {
  const inlines: PdfInline[] = [];
  let group: Item[] = [];
  const flushGroup = (): void => {
    if (group.length === 0) return;
    const first = group[0]!;
    const rtl = first.level % 2 === 1;
    const logical = rtl ? [...group].reverse() : group;
    inlines.push(inlineFor(first.style, logical.map((item) => item.text).join(''), rtl));
    group = [];
  };
  for (const item of line.items) {
    if (item.isSpace && line.spaceStretch > 0) {
      flushGroup();
      inlines.push(gapInline(item, item.width + line.spaceStretch));
      continue;
    }
    const last = group[group.length - 1];
    const joinable = last !== undefined && last.style === item.style && last.level === item.level && (last.isSpace || item.isSpace);
    if (!joinable) flushGroup();
    group.push(item);
  }
  flushGroup();
  const node: PdfLineNode = { text: inlines, noWrap: true, alignment: line.align };
  if (lineHeight !== undefined) node.lineHeight = lineHeight;
  return node;
}
