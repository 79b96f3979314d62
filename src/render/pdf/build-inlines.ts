// CORRECTNESS. Replaces pdfmake's TextInlines.buildInlines for lines our layer laid out: pdfmake
// would measure each inline again and place the runs by its own widths (trimming spaces at run
// edges, which moved runs of mixed lines by points); here they keep the widths the line layer
// computed. Other text goes through pdfmake's own method.
import { createRequire } from 'node:module';
import type { InlineMark } from './structure.js';
import type { EmbeddedFontLike } from './types.js';

interface PdfmakeInline {
  text: string;
  font: EmbeddedFontLike & { lineHeight(size: number): number };
  fontSize: number;
  width: number;
  height: number;
  leadingCut: number;
  trailingCut: number;
  [property: string]: unknown;
}

interface TextInlinesLike {
  pdfDocument: { provideFont(family: string, bold: boolean, italics: boolean): PdfmakeInline['font'] };
  widthOfText(text: string, inline: PdfmakeInline): number;
}

interface TextInlinesClass {
  prototype: TextInlinesLike & {
    buildInlines(this: TextInlinesLike, textArray: unknown, styleStack: unknown): BuiltInlines;
  };
}

interface BuiltInlines {
  items: PdfmakeInline[];
  minWidth: number;
  maxWidth: number;
}

const LEADING_SPACES = /^\s+/;
const TRAILING_SPACES = /\s+$/;

/**
 * pdfmake measures every inline it is given: it breaks the text into words (nothing to break in a
 * noWrap line), looks up two dozen style properties per inline through the style stack, and asks
 * pdfkit for the width, which re-assembles the whole line's glyphs. A line our layer laid out
 * already knows its width, so for such lines (every inline carries laidOutWidth) the style is
 * looked up once per line and the inline items are built directly, with the same fields, values
 * and lookup order (an inline's own property, else the style stack, else pdfmake's default) as
 * pdfmake's own path, which still serves any other text. One difference, on purpose: every inline
 * but the last is marked noNewLine, so even a line that somehow did not fit would stay whole.
 */
export function installLaidOutInlines(): void {
  const textInlines = (createRequire(import.meta.url)('pdfmake/js/TextInlines.js') as { default: TextInlinesClass })
    .default;
  const original = textInlines.prototype.buildInlines;
  if (typeof original !== 'function') throw new Error('pdfmake seam moved: TextInlines.buildInlines is missing');
  textInlines.prototype.buildInlines = function buildInlines(
    this: TextInlinesLike,
    textArray: unknown,
    styleStack: unknown,
  ): BuiltInlines {
    return buildLaidOutInlines.call(this, textArray, styleStack) ?? original.call(this, textArray, styleStack);
  };
}

/** Items for a laid-out line (see installLaidOutInlines), or null for text pdfmake must measure itself. */
function buildLaidOutInlines(this: TextInlinesLike, textArray: unknown, styleStack: unknown): BuiltInlines | null {
  if (!isLaidOutLine(textArray)) return null;
  const stack = styleStack as StyleStackLike;
  // What pdfmake's getStyleProperty({}, stack, …) answers: the nearest value on the stack, else the default.
  const inherited = (property: string, fallback: unknown): unknown => stack.getProperty(property) ?? fallback;
  if (
    !inherited('noWrap', false) ||
    inherited('leadingIndent', 0) ||
    inherited('sup', false) ||
    inherited('sub', false) ||
    inherited('characterSpacing', 0)
  ) {
    return null;
  }
  const line = {
    noWrap: inherited('noWrap', null),
    fontFeatures: inherited('fontFeatures', null),
    italics: inherited('italics', false) as boolean,
    alignment: inherited('alignment', 'left'),
    color: inherited('color', 'black'),
    decoration: inherited('decoration', null),
    decorationColor: inherited('decorationColor', null),
    decorationStyle: inherited('decorationStyle', null),
    decorationThickness: inherited('decorationThickness', null),
    background: inherited('background', null),
    link: inherited('link', null),
    linkToPage: inherited('linkToPage', null),
    linkToDestination: inherited('linkToDestination', null),
    opacity: inherited('opacity', 1),
    lineHeight: inherited('lineHeight', 1) as number,
    preserveLeadingSpaces: inherited('preserveLeadingSpaces', false),
    preserveTrailingSpaces: inherited('preserveTrailingSpaces', false),
  };
  let width = 0;
  const items: PdfmakeInline[] = [];
  for (const inline of textArray) {
    const font = this.pdfDocument.provideFont(inline.font, inline.bold, line.italics);
    // The fields pdfmake's measure step sets, in one literal (one hidden class, no dictionary).
    const item: PdfmakeInline = {
      text: inline.text,
      laidOutWidth: inline.laidOutWidth,
      font,
      bold: inline.bold,
      fontSize: inline.fontSize,
      fontFeatures: inline.fontFeatures ?? line.fontFeatures,
      alignment: line.alignment,
      characterSpacing: 0,
      color: inline.color ?? line.color,
      decoration: line.decoration,
      decorationColor: line.decorationColor,
      decorationStyle: line.decorationStyle,
      decorationThickness: line.decorationThickness,
      background: line.background,
      link: inline.link ?? line.link,
      linkToPage: line.linkToPage,
      linkToDestination: inline.linkToDestination ?? line.linkToDestination,
      mark: inline.mark,
      noWrap: line.noWrap,
      opacity: line.opacity,
      sup: false,
      sub: false,
      width: inline.laidOutWidth,
      height: font.lineHeight(inline.fontSize) * line.lineHeight,
      leadingCut: 0,
      trailingCut: 0,
    };
    const leading = line.preserveLeadingSpaces ? null : LEADING_SPACES.exec(inline.text);
    if (leading) item.leadingCut = this.widthOfText(leading[0], item);
    const trailing = line.preserveTrailingSpaces ? null : TRAILING_SPACES.exec(inline.text);
    if (trailing) item.trailingCut = this.widthOfText(trailing[0], item);
    width += item.width;
    items.push(item);
  }
  // pdfmake marks inlines whose boundary is no break opportunity; a laid-out line has none at all.
  for (let i = 0; i < items.length - 1; i++) items[i]!.noNewLine = true;
  const trimmed = Math.max(0, width - (items[0]?.leadingCut ?? 0) - (items[items.length - 1]?.trailingCut ?? 0));
  return { items, minWidth: trimmed, maxWidth: trimmed };
}

interface StyleStackLike {
  getProperty(property: string): unknown;
}

/** The keys our line layer puts on an inline: anything else goes through pdfmake's own path. */
const LAID_OUT_KEYS = new Set([
  'text',
  'laidOutWidth',
  'font',
  'bold',
  'fontSize',
  'fontFeatures',
  'color',
  'link',
  'linkToDestination',
  'mark',
]);

function isLaidOutLine(textArray: unknown): textArray is LaidOutInline[] {
  if (!Array.isArray(textArray) || textArray.length === 0) return false;
  for (const inline of textArray as unknown[]) {
    if (typeof inline !== 'object' || inline === null) return false;
    const candidate = inline as Partial<LaidOutInline>;
    if (
      typeof candidate.laidOutWidth !== 'number' ||
      typeof candidate.text !== 'string' ||
      typeof candidate.font !== 'string'
    )
      return false;
    if (typeof candidate.fontSize !== 'number' || typeof candidate.bold !== 'boolean') return false;
    for (const key in candidate) if (!LAID_OUT_KEYS.has(key)) return false;
  }
  return true;
}

interface LaidOutInline {
  text: string;
  laidOutWidth: number;
  font: string;
  bold: boolean;
  fontSize: number;
  fontFeatures?: readonly string[] | null;
  color?: string;
  link?: string;
  linkToDestination?: string;
  mark?: InlineMark;
}
