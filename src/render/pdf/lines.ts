// Visual lines → pdfmake: each line of the line layer becomes one pdfmake text node whose inlines are
// already in visual order (left to right) and already fit, so pdfmake only places them (noWrap: it
// never re-wraps).
// Inlines are as few as possible, because pdfmake's cost is per inline (two dozen style lookups,
// a measurement, a text object when drawn): neighbouring items of one style and one bidi level are
// merged when a space joins them, which the seam's word-wise shaping reproduces exactly. Each inline
// carries its direction, and in a justified line the stretched width of its spaces, as pseudo
// feature tags the seam reads (see ./seam.ts), so a justified line is as few inlines as a
// ragged one and pdfmake measures exactly the width we laid out.
import { keepingWork, keptMap } from '../../shared/kept-between-builds.js';
import { layoutLines, type ParagraphOptions, type Span } from '../layout/index.js';
import { insertedTag, LTR_TAG, RTL_TAG, spaceExtraUnits, spaceTag } from '../layout/tags.js';
import type { TextStyle } from '../layout/collect.js';
import type { VisualLine } from '../layout/line.js';
import type { Item } from '../layout/prepare.js';
import { isArtifact, runLanguage, type ContentMark, type InlineMark, type LineMark } from './structure.js';

export interface PdfInline {
  text: string;
  /**
   * Width in points as the line layer laid it out (stretched spaces included): pdfmake takes it
   * instead of measuring the inline again (see ./build-inlines.ts). Absent on text we did not lay out.
   */
  laidOutWidth?: number;
  font: string;
  bold: boolean;
  fontSize: number;
  fontFeatures: readonly string[];
  color?: string;
  link?: string;
  linkToDestination?: string;
  /** What the run is in a tagged PDF: content of a structure element, or an artifact (./structure.ts). */
  mark?: InlineMark;
}

export interface PdfLineNode {
  /** A destination (contents entries link to it, pdfmake's pageReference finds its page). */
  id?: string;
  text: PdfInline[];
  noWrap: true;
  alignment: 'left' | 'right' | 'center';
  /**
   * Always true: the line layer has already dropped the spaces at the line's ends (UAX #9 L1). A
   * space inside the line can still end an inline's logical text, where a number or Latin run
   * follows an Arabic one; pdfmake would cut such a space from the first or last inline as if it
   * stood at the line's edge, and move the whole line by its width.
   */
  preserveLeadingSpaces: true;
  preserveTrailingSpaces: true;
  lineHeight?: number;
  /** A bookmark (PDF outline entry) at this line, under the bookmark with id outlineParentId. */
  outline?: true;
  outlineText?: string;
  outlineParentId?: string;
}

/** The tags of an inline that only needs its direction: one shared (frozen) list, not one per line. */
const RTL_ONLY: readonly string[] = Object.freeze([RTL_TAG]);
const LTR_ONLY: readonly string[] = Object.freeze([LTR_TAG]);

function inlineFor(
  style: TextStyle,
  items: readonly Item[],
  rtl: boolean,
  spaceStretch: number,
  mark: LineMark | undefined,
): PdfInline {
  const text = items.map((item) => item.text).join('');
  const features: string[] = [rtl ? RTL_TAG : LTR_TAG];
  let width = 0;
  for (const item of items) width += item.width;
  if (spaceStretch !== 0 && text.includes(' ')) {
    // The seam stretches each U+0020 by the tag's (rounded) units: the width counts the same amount.
    const extraUnits = spaceExtraUnits((spaceStretch * style.face.unitsPerEm) / style.fontSize);
    features.push(spaceTag(extraUnits));
    width += spaceCount(text) * ((extraUnits * style.fontSize) / style.face.unitsPerEm);
  }
  const inserted = insertedTatweels(items);
  if (inserted.length > 0) features.push(insertedTag(inserted));
  const inline: PdfInline = {
    text,
    laidOutWidth: width,
    font: style.family,
    bold: style.bold,
    fontSize: style.fontSize,
    fontFeatures: features.length === 1 ? (rtl ? RTL_ONLY : LTR_ONLY) : features,
  };
  if (style.color) inline.color = style.color;
  if (style.link) inline.link = style.link;
  if (style.linkToDestination) inline.linkToDestination = style.linkToDestination;
  if (mark) inline.mark = isArtifact(mark) ? { ...mark, order: items[0]!.start } : contentMark(mark, items, text, rtl);
  return inline;
}

/** A run's mark as content of `node`: its logical offset orders it among the line's runs. */
function contentMark(node: ContentMark['node'], items: readonly Item[], text: string, rtl: boolean): ContentMark {
  const lang = runLanguage(text, rtl);
  return { kind: 'content', node, order: items[0]!.start, ...(lang ? { lang } : {}) };
}

/**
 * A paragraph laid out by the line layer, as pdfmake text nodes, one per line; `mark` says what its
 * runs are in a tagged PDF.
 */
export function layoutParagraph(spans: readonly Span[], options: ParagraphOptions, mark?: LineMark): PdfLineNode[] {
  return laidOut(spans, options).map((line) => toPdfLine(line, options.lineHeight, mark));
}

/**
 * Visual lines kept between builds of one process (`briefing watch`), by what decides them: the
 * spans' text and style values and the paragraph options. The line layer is deterministic, so a
 * kept paragraph gives the very lines a new layout would; pdfmake nodes are made afresh each build
 * (pdfmake writes its positions into them). Entries not asked for by a build are dropped after it.
 */
const laidOutParagraphs = keptMap<string, VisualLine[]>();

function laidOut(spans: readonly Span[], options: ParagraphOptions): VisualLine[] {
  if (!keepingWork()) return layoutLines(spans, options);
  return laidOutParagraphs.getOrMake(paragraphKey(spans, options), () => layoutLines(spans, options));
}

function paragraphKey(spans: readonly Span[], options: ParagraphOptions): string {
  const { measure, alignment, direction, kashida, kashidaPerLine } = options;
  const parts: string[] = [
    `${measure}|${alignment ?? ''}|${direction ?? ''}|${kashida ? 1 : 0}|${kashidaPerLine ?? ''}`,
  ];
  for (const { text, style } of spans) {
    parts.push(
      `${style.face.key}|${style.family}|${style.bold ? 1 : 0}|${style.fontSize}|${style.color ?? ''}|` +
        `${style.link ?? ''}|${style.linkToDestination ?? ''}\u0001${text}`,
    );
  }
  return parts.join('\u0002');
}

export function toPdfLine(line: VisualLine, lineHeight?: number, mark?: LineMark): PdfLineNode {
  const inlines: PdfInline[] = [];
  let group: Item[] = [];
  const flushGroup = (): void => {
    if (group.length === 0) return;
    const first = group[0]!;
    const rtl = first.level % 2 === 1;
    const logical = rtl ? [...group].reverse() : group;
    inlines.push(inlineFor(first.style, logical, rtl, line.spaceStretch, mark));
    group = [];
  };
  for (const item of line.items) {
    const last = group[group.length - 1];
    const joinable =
      last !== undefined && last.style === item.style && last.level === item.level && (last.isSpace || item.isSpace);
    if (!joinable) flushGroup();
    group.push(item);
  }
  flushGroup();
  const node: PdfLineNode = {
    text: inlines,
    noWrap: true,
    alignment: line.align,
    preserveLeadingSpaces: true,
    preserveTrailingSpaces: true,
  };
  if (lineHeight !== undefined) node.lineHeight = lineHeight;
  return node;
}

/** Where kashida put tatweels into the inline's text: [offset, count] pairs, offsets in the joined text. */
function insertedTatweels(items: readonly Item[]): [number, number][] {
  const inserted: [number, number][] = [];
  let at = 0;
  for (const item of items) {
    if (item.kashida) inserted.push([at + item.kashida.offset, item.kashida.count]);
    at += item.text.length;
  }
  return inserted;
}

function spaceCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x20) count++;
  return count;
}
