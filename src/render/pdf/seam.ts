// The one place we reach inside pdfmake/pdfkit. pdfkit measures and draws text through its
// embedded font's `layout(text, features, onlyWidth)` step, which calls fontkit (re-shaping every
// word, slowly, and placing nothing right in RTL). We replace that step on each font pdfmake opens
// so pdfkit receives our HarfBuzz shaping from the shared cache: widths without allocating, glyphs
// and positions (scaled to pdfkit's 1000-unit space) for drawing. The line layer hands pdfmake runs that are already in
// visual order
// and tags each with its direction in `fontFeatures`; nothing else of pdfmake's behaviour changes.
//
// Pinned: pdfmake 0.3.11 / pdfkit 0.19.1 (package.json uses exact versions). test/seam.test.ts fails
// if an upgrade moves this seam (the method, the glyph fields pdfkit reads, or the class we patch).
import { createRequire } from 'node:module';
import type { FontFace } from '../fonts.js';
import { ARABIC_DIGITS_TAG, INSERTED_TAG, LTR_TAG, RTL_TAG, SPACE_TAG } from '../layout/tags.js';
import { copyGlyphsRaw, type TrueTypeSubsetLike } from './subset.js';
import {
  GlyphView,
  PACKED_FIELDS,
  PACKED_ID,
  PACKED_NOMINAL,
  PACKED_X_ADVANCE,
  PACKED_X_OFFSET,
  PACKED_Y_ADVANCE,
  PACKED_Y_OFFSET,
  shapeWords,
  type Direction,
  type PackedRun,
  type WordRuns,
} from '../layout/shape.js';

export const PINNED = { pdfmake: '0.3.11', pdfkit: '0.19.1' } as const;

/** A glyph position as pdfkit's EmbeddedFont.layout returns it: scaled to 1000 units per em. */
interface PdfkitPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}

/** What pdfkit's EmbeddedFont.layout returns (glyphs null when only the width was asked for). */
interface PdfkitLayout {
  glyphs: GlyphView[] | null;
  positions: PdfkitPosition[] | null;
  advanceWidth: number;
}

interface EmbeddedFontLike {
  layout: (text: string, features?: string[], onlyWidth?: boolean) => PdfkitLayout;
  encode: (text: string, features?: string[]) => [string[], PdfkitPosition[]];
  /** pdfkit's bookkeeping for the embedded subset (fontkit's), filled as glyphs are first drawn. */
  subset: TrueTypeSubsetLike;
  widths: (number | undefined)[];
  unicode: (number[] | undefined)[];
  briefingFace?: string;
  /** Our face behind this embedded font, for the drawing fast path (drawFragment). */
  briefingFontFace?: FontFace;
  /** By glyph id: the subset id in hex of each glyph already drawn in this font (see encodeGlyph). */
  briefingHex?: string[];
  /** Per shaped word: the ActualText its glyphs need, if any (see textLayerOf). */
  briefingTextLayer?: WeakMap<PackedRun, readonly TextSpan[] | null>;
}

interface PdfDocumentClass {
  prototype: {
    provideFont(familyName: string, bold: boolean, italics: boolean): EmbeddedFontLike;
    addPage(this: PdfKitDocumentLike, options?: object): unknown;
    _fragment(this: PdfKitTextDocument, text: string, x: number, y: number, options: FragmentOptions): unknown;
  };
}

/** (family, variant) → our face; filled by the render stage before each build. */
const facesByFamily = new Map<string, FontFace>();

export function registerFamilyFace(
  family: string,
  variant: 'normal' | 'bold' | 'italics' | 'bolditalics',
  face: FontFace,
): void {
  facesByFamily.set(`${family}/${variant}`, face);
}

let installed = false;

/** Route pdfkit's layout step to HarfBuzz. Idempotent. */
export function installSeam(): void {
  if (installed) return;
  // The very module pdfmake loads (in the bundle, scripts/bundle.js turns this into a plain require).
  const module = createRequire(import.meta.url)('pdfmake/js/PDFDocument.js') as { default: PdfDocumentClass };
  const proto = module.default.prototype;
  const original = proto.provideFont;
  if (typeof original !== 'function') throw new Error('pdfmake seam moved: PDFDocument.provideFont is missing');
  proto.provideFont = function provideFont(familyName: string, bold: boolean, italics: boolean): EmbeddedFontLike {
    const embedded = original.call(this, familyName, bold, italics);
    const variant = bold && italics ? 'bolditalics' : bold ? 'bold' : italics ? 'italics' : 'normal';
    const face = facesByFamily.get(`${familyName}/${variant}`);
    if (face && embedded.briefingFace !== face.key) {
      embedded.layout = (text: string, features?: string[], onlyWidth?: boolean) =>
        layoutForPdfkit(face, text, features, onlyWidth === true);
      embedded.encode = (text: string, features?: string[]) => encodeForPdfkit(embedded, face, text, features);
      embedded.briefingFace = face.key;
      embedded.briefingFontFace = face;
      copyGlyphsRaw(embedded.subset);
    }
    return embedded;
  };
  // Drawing a run in one of our fonts: the same content-stream bytes as pdfkit's own _fragment,
  // written straight from the packed runs (see drawFragment). Anything else goes to pdfkit's.
  const fragment = proto._fragment;
  if (typeof fragment !== 'function') throw new Error('pdfmake seam moved: PDFDocument._fragment is missing');
  proto._fragment = function fragmentFast(
    this: PdfKitTextDocument,
    text: string,
    x: number,
    y: number,
    options: FragmentOptions,
  ): unknown {
    const face = this._font?.briefingFontFace;
    if (face === undefined || !plainFragment(options)) return fragment.call(this, text, x, y, options);
    drawFragment(this, face, text, x, y, options);
    return undefined;
  };
  // Every page: the duplex shift (see setPageShift), and once per document the viewer preference
  // Direction R2L, so viewers lay out facing pages and page order right to left.
  const addPage = proto.addPage;
  if (typeof addPage !== 'function') throw new Error('pdfmake seam moved: PDFDocument.addPage is missing');
  proto.addPage = function addPageShifted(this: PdfKitDocumentLike, options?: object): unknown {
    const result = addPage.call(this, options);
    batchWrites(this.page.content);
    const preferences = this._root.data;
    const dests = preferences.Names?.data.Dests;
    if (dests && dests._compareKeys !== byPdfStringBytes) Object.getPrototypeOf(dests)._compareKeys = byPdfStringBytes;
    if (!preferences.ViewerPreferences)
      preferences.ViewerPreferences = this.ref({ DisplayDocTitle: true, Direction: 'R2L' });
    else preferences.ViewerPreferences.data.Direction = 'R2L';
    const shift = pageShift?.(this._root.data.Pages.data.Count) ?? 0;
    if (shift !== 0) this.translate(shift, 0);
    return result;
  };
  installLaidOutInlines();
  installed = true;
}

/**
 * The order of a PDF name tree's keys: the PDF specification sorts them by the bytes of the strings
 * as written (pdfkit writes ASCII as is and anything else as UTF-16BE after a FE FF mark). pdfkit
 * sorts with localeCompare, which follows the machine's locale (so the same pack could be written
 * in two orders) and breaks the byte order for ids with capitals or underscores (a viewer's binary
 * search then misses a contents link); it also opened ICU's collator (~8 ms) on every build.
 */
export function byPdfStringBytes(a: string, b: string): number {
  const asciiA = isAscii(a);
  if (asciiA !== isAscii(b)) return asciiA ? -1 : 1;
  // UTF-16 code units compare as their big-endian bytes do.
  return a < b ? -1 : a > b ? 1 : 0;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** pdfmake's TextInlines, as far as the fast path below uses it. */
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
function installLaidOutInlines(): void {
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
}

let pageShift: ((pageNumber: number) => number) | null = null;

/** How far (points, + is right) to move everything drawn on page n: mirrored margins for duplex. */
export function setPageShift(shift: ((pageNumber: number) => number) | null): void {
  pageShift = shift;
}

/** pdfkit's name trees (named destinations, embedded files): how they order their keys. */
interface NameTreeLike {
  _compareKeys(a: string, b: string): number;
}

/** pdfkit's PDFReference, as far as its stream is written. */
interface StreamReferenceLike {
  write(chunk: string | Uint8Array): void;
  finalize(): void;
}

/**
 * A page's content stream takes each operator pdfkit and pdfmake write as its own Buffer (with a
 * line feed): a 200-article pack writes some 200,000 of them, each a separate allocation, then
 * concatenated when the page ends. Here consecutive string writes are kept as strings and become
 * one Buffer, with the same line feeds, before anything else is written or the page ends: the
 * same bytes, in the same order.
 */
export function batchWrites(content: StreamReferenceLike): void {
  const write = content.write;
  const finalize = content.finalize;
  let pending: string[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const text = pending.join('\n');
    pending = [];
    write.call(content, text);
  };
  content.write = (chunk: string | Uint8Array): void => {
    if (typeof chunk === 'string') {
      pending.push(chunk);
      return;
    }
    flush();
    write.call(content, chunk);
  };
  content.finalize = (): void => {
    flush();
    finalize.call(content);
  };
}

/** The parts of pdfkit's document this seam touches. */
interface PdfKitDocumentLike {
  page: { content: StreamReferenceLike };
  _root: {
    data: {
      ViewerPreferences?: { data: Record<string, unknown> };
      Pages: { data: { Count: number } };
      Names?: { data: { Dests?: NameTreeLike } };
    };
  };
  ref(data: Record<string, unknown>): { data: Record<string, unknown> };
  translate(x: number, y: number): unknown;
}

/** What the pseudo tags of a run ask for (see RTL_TAG, spaceTag, ARABIC_DIGITS_TAG). */
interface RunRequest {
  drawn: string;
  direction: Direction;
  spaceExtra: number;
  features: readonly string[];
  /** Tatweels in `drawn` that are not in the source (see insertedTag): [offset, count] pairs. */
  inserted: readonly (readonly [number, number])[];
}

function readTags(text: string, features: readonly string[] | undefined): RunRequest {
  let direction: Direction | undefined;
  let drawn = text;
  let spaceExtra = 0;
  let otFeatures: string[] | undefined;
  let inserted: [number, number][] = [];
  for (const tag of features ?? []) {
    if (tag === RTL_TAG) direction = 'rtl';
    else if (tag.startsWith(INSERTED_TAG))
      inserted = tag
        .slice(INSERTED_TAG.length)
        .split(',')
        .map((pair) => pair.split('+').map(Number) as [number, number]);
    else if (tag === LTR_TAG) direction = 'ltr';
    else if (tag.startsWith(SPACE_TAG)) spaceExtra = Number(tag.slice(SPACE_TAG.length));
    else if (tag === ARABIC_DIGITS_TAG) drawn = text.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    else (otFeatures ??= []).push(tag);
  }
  // Text pdfmake measures on its own (never ours): a best guess so it at least shapes correctly.
  direction ??= STRONG_RTL.test(drawn) ? 'rtl' : 'ltr';
  return { drawn, direction, spaceExtra, features: otFeatures ?? NO_FEATURES, inserted };
}

/** Glyph positions scaled to pdfkit's 1000-unit space, a justified line's spaces stretched. */
function positionsOf(
  words: WordRuns,
  scale: number,
  spaceExtra: number,
  visit?: (run: PackedRun, index: number) => void,
): PdfkitPosition[] {
  const positions: PdfkitPosition[] = [];
  for (let r = 0; r < words.runs.length; r++) {
    const run = words.runs[r]!;
    const extra = words.isSpace[r] ? spaceExtra : 0;
    const p = run.data;
    for (let i = 0, at = run.start; i < run.length; i++, at += PACKED_FIELDS) {
      visit?.(run, i);
      positions.push({
        xAdvance: (p[at + PACKED_X_ADVANCE]! + extra) * scale,
        yAdvance: p[at + PACKED_Y_ADVANCE]! * scale,
        xOffset: p[at + PACKED_X_OFFSET]! * scale,
        yOffset: p[at + PACKED_Y_OFFSET]! * scale,
        advanceWidth: p[at + PACKED_NOMINAL]! * scale,
      });
    }
  }
  return positions;
}

/**
 * pdfkit's layout step served from the cache: widths for measuring (allocating nothing but the word
 * list), glyphs and positions for any caller that asks. Drawing goes through encodeForPdfkit.
 */
function layoutForPdfkit(
  face: FontFace,
  text: string,
  features: string[] | null | undefined,
  onlyWidth = false,
): PdfkitLayout {
  const { request, words } = wordsFor(face, text, features);
  const scale = 1000 / face.unitsPerEm;
  if (onlyWidth) {
    let units = words.advance;
    if (request.spaceExtra !== 0)
      words.runs.forEach((run, i) => (units += words.isSpace[i] ? run.length * request.spaceExtra : 0));
    return { glyphs: null, positions: null, advanceWidth: units * scale };
  }
  const glyphs: GlyphView[] = [];
  const positions = positionsOf(words, scale, request.spaceExtra, (run, i) => glyphs.push(new GlyphView(run, i)));
  let advanceWidth = 0;
  for (const position of positions) advanceWidth += position.xAdvance;
  return { glyphs, positions, advanceWidth };
}

/** Four hex digits per glyph id, as pdfkit writes glyphs into a content stream; made once per id. */
const hexOfGlyph: string[] = [];

/**
 * What pdfkit's encode does for each glyph it draws: the glyph joins the embedded subset, and the
 * first time its subset id is drawn, its /W width and ToUnicode entry are recorded. Returns the
 * subset id in hex. Shared by encodeForPdfkit and drawFragment.
 */
function encodeGlyph(embedded: EmbeddedFontLike, run: PackedRun, i: number, scale: number): string {
  const id = run.id(i);
  // A glyph met before in this font: all of the above is done, and its hex is known.
  const hexById = (embedded.briefingHex ??= []);
  const known = hexById[id];
  if (known !== undefined) return known;
  const gid = embedded.subset.includeGlyph(id);
  if (embedded.widths[gid] == null) embedded.widths[gid] = run.nominal(i) * scale;
  if (embedded.unicode[gid] == null) embedded.unicode[gid] = run.codePoints(i);
  const hex = (hexOfGlyph[gid] ??= `0000${gid.toString(16)}`.slice(-4));
  hexById[id] = hex;
  return hex;
}

/**
 * pdfkit's encode step (the one drawing calls), as pdfkit's own does it over layout() — subset
 * glyph ids in hex, the glyph's /W width and ToUnicode entry the first time an id is drawn — but
 * straight from the packed runs, with no glyph objects and no hex string made per drawn glyph.
 */
function encodeForPdfkit(
  embedded: EmbeddedFontLike,
  face: FontFace,
  text: string,
  features: string[] | null | undefined,
): [string[], PdfkitPosition[]] {
  const { request, words } = wordsFor(face, text, features);
  const scale = 1000 / face.unitsPerEm;
  const encoded: string[] = [];
  const positions = positionsOf(words, scale, request.spaceExtra, (run, i) =>
    encoded.push(encodeGlyph(embedded, run, i, scale)),
  );
  return [encoded, positions];
}

/**
 * The last run asked for, kept: pdfkit draws a fragment and then measures the very same text (its
 * _line step advances the pen by widthOfString), which would otherwise split and look the line's
 * words up in the cache a second time.
 */
let lastRun: {
  face: FontFace;
  text: string;
  features: readonly string[] | undefined;
  request: RunRequest;
  words: WordRuns;
} | null = null;

function wordsFor(
  face: FontFace,
  text: string,
  tags: readonly string[] | null | undefined,
): { request: RunRequest; words: WordRuns } {
  // pdfmake passes null where an inline has no features.
  const features = tags ?? undefined;
  if (lastRun !== null && lastRun.face === face && lastRun.text === text && sameTags(lastRun.features, features))
    return lastRun;
  const request = readTags(text, features);
  const words = shapeWords(face, request.drawn, request.direction, request.features);
  lastRun = { face, text, features: features === undefined ? undefined : [...features], request, words };
  return lastRun;
}

function sameTags(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The options of pdfkit's _fragment, as far as the fast path needs to know them. */
interface FragmentOptions {
  features?: string[];
  textWidth?: number;
  wordCount?: number;
  width?: number;
  wordSpacing?: number;
  characterSpacing?: number;
  horizontalScaling?: number;
  baseline?: unknown;
  link?: unknown;
  goTo?: unknown;
  destination?: unknown;
  underline?: unknown;
  strike?: unknown;
  oblique?: unknown;
  fill?: unknown;
  stroke?: unknown;
}

/** pdfkit's document, as far as drawing a text fragment touches it. */
interface PdfKitTextDocument {
  _font: (EmbeddedFontLike & { id: string; ascender: number; ref(): unknown }) | null;
  _fontSize: number;
  page: { height: number; fonts: Record<string, unknown> };
  addContent(data: string): unknown;
  _currentStructureElement?: { dictionary: { data: { S?: string } } } | null;
  currentLineHeight(includeGap?: boolean): number;
  link(x: number, y: number, w: number, h: number, url: unknown, options: object): unknown;
  goTo(x: number, y: number, w: number, h: number, name: unknown): unknown;
  addNamedDestination(name: unknown, ...args: unknown[]): unknown;
}

/**
 * Whether pdfkit's _fragment would take its plainest path for these options: no alignment within a
 * width, no word or character spacing, no scaling, the default baseline, no decoration, skew or
 * text render mode (links and destinations are fine: drawFragment makes them as pdfkit does). That
 * is how pdfmake draws every inline of ours; anything else is left to pdfkit's own code.
 */
function plainFragment(options: FragmentOptions): boolean {
  return (
    !options.width &&
    !options.wordSpacing &&
    !options.characterSpacing &&
    (!options.horizontalScaling || options.horizontalScaling === 100) &&
    options.baseline === undefined &&
    !options.underline &&
    !options.strike &&
    !options.oblique &&
    !options.fill &&
    !options.stroke
  );
}

/** pdfkit's number formatting for content streams (PDFObject.number, then JavaScript's own). */
function pdfNumber(n: number): string {
  if (n > -1e21 && n < 1e21) return `${Math.round(n * 1e6) / 1e6}`;
  throw new Error(`unsupported number: ${n}`);
}

/**
 * pdfkit's _fragment for a run in one of our fonts, on its plain path (see plainFragment): the same
 * operators, numbers and glyph segments, byte for byte (test/seam.test.ts compares the two), read
 * straight from the packed runs. pdfkit's own builds a position object and a hex string per glyph
 * and a buffer per operator; on a 200-article pack that was a fifth of everything allocated.
 */
function drawFragment(
  doc: PdfKitTextDocument,
  face: FontFace,
  rawText: string,
  x: number,
  y: number,
  options: FragmentOptions,
): void {
  const text = `${rawText}`.replace(/\n/g, '');
  if (text.length === 0) return;
  const font = doc._font!;
  const fontSize = doc._fontSize;
  const dy = (font.ascender / 1000) * fontSize;
  // Links and destinations first, as pdfkit makes them; its rendered width, with no word or
  // character spacing on this path (the same expression, so even a missing field gives what it gives).
  if (options.link != null || options.goTo != null) {
    const renderedWidth =
      (options.textWidth as number) + 0 * ((options.wordCount as number) - 1) + 0 * (text.length - 1);
    if (options.link != null) {
      const linkOptions: { structParent?: unknown } = {};
      if (doc._currentStructureElement && doc._currentStructureElement.dictionary.data.S === 'Link')
        linkOptions.structParent = doc._currentStructureElement;
      doc.link(x, y, renderedWidth, doc.currentLineHeight(), options.link, linkOptions);
    }
    if (options.goTo != null) doc.goTo(x, y, renderedWidth, doc.currentLineHeight(), options.goTo);
  }
  if (options.destination != null) doc.addNamedDestination(options.destination, 'XYZ', x, y, null);
  y = doc.page.height - y - dy;
  if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
  const { request, words } = wordsFor(face, text, options.features);
  const unitScale = 1000 / face.unitsPerEm;
  const scale = fontSize / 1000;
  // Lines of the content stream, one operator each as pdfkit writes them: its save(), transform(1, 0,
  // 0, -1, 0, page height), the text object and restore(), here in one write (pdfkit's matrix is
  // the same after a restore as before the save, so it is left alone).
  const lines: string[] = [
    'q',
    `1 0 0 -1 0 ${pdfNumber(doc.page.height)} cm`,
    'BT',
    `1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} Tm`,
    `/${font.id} ${pdfNumber(fontSize)} Tf`,
  ];
  let commands = ''; // the pending TJ array's elements
  let pending = ''; // glyph hex not yet closed into a segment
  let pendingAdjust = 0; // the last pending glyph's advance minus its nominal width
  let hadOffset = false;
  const closeSegment = (): void => {
    if (pending === '') return;
    commands += `${commands === '' ? '' : ' '}<${pending}> ${pdfNumber(-pendingAdjust)}`;
    pending = '';
  };
  const flush = (): void => {
    closeSegment();
    if (commands !== '') lines.push(`[${commands}] TJ`);
    commands = '';
  };
  const hexById = (font.briefingHex ??= []);
  const starts = logicalStarts(words, request.direction);
  for (let r = 0; r < words.runs.length; r++) {
    const run = words.runs[r]!;
    const extra = words.isSpace[r] ? request.spaceExtra : 0;
    const p = run.data;
    const spans = words.isSpace[r] ? null : textLayerOf(font, run, starts[r]!, request.inserted, unitScale);
    let nextSpan = 0;
    for (let i = 0, at = run.start; i < run.length; i++, at += PACKED_FIELDS) {
      // encodeGlyph's answer for a glyph met before, without the call (most glyphs drawn).
      const hex = hexById[p[at + PACKED_ID]!] ?? encodeGlyph(font, run, i, unitScale);
      const span = spans?.[nextSpan];
      if (span !== undefined && span.first === i) {
        flush();
        lines.push(`/Span <</ActualText <${span.hex}>>> BDC`);
      }
      const xAdvance = (p[at + PACKED_X_ADVANCE]! + extra) * unitScale;
      const xOffset = p[at + PACKED_X_OFFSET]! * unitScale;
      const yOffset = p[at + PACKED_Y_OFFSET]! * unitScale;
      const adjust = xAdvance - p[at + PACKED_NOMINAL]! * unitScale;
      if (xOffset || yOffset) {
        // A mark or a shifted glyph: drawn on its own, from a text matrix moved by its offset.
        flush();
        lines.push(`1 0 0 1 ${pdfNumber(x + xOffset * scale)} ${pdfNumber(y + yOffset * scale)} Tm`);
        pending = hex;
        pendingAdjust = adjust;
        flush();
        hadOffset = true;
      } else {
        if (hadOffset) {
          lines.push(`1 0 0 1 ${pdfNumber(x)} ${pdfNumber(y)} Tm`);
          hadOffset = false;
        }
        pending += hex;
        pendingAdjust = adjust;
        if (adjust !== 0) {
          // closeSegment(), inline: the common case of the loop.
          commands += `${commands === '' ? '' : ' '}<${pending}> ${pdfNumber(-adjust)}`;
          pending = '';
        }
      }
      if (span !== undefined && span.last === i) {
        flush();
        lines.push('EMC');
        nextSpan++;
      }
      x += xAdvance * scale;
    }
  }
  flush();
  lines.push('ET', 'Q');
  doc.addContent(lines.join('\n'));
}

/** Where each run of `words` (visual order) starts in the logical text they were cut from. */
function logicalStarts(words: WordRuns, direction: Direction): number[] {
  const count = words.runs.length;
  const starts = new Array<number>(count);
  let at = 0;
  for (let k = 0; k < count; k++) {
    const r = direction === 'rtl' ? count - 1 - k : k;
    starts[r] = at;
    at += words.runs[r]!.text.length;
  }
  return starts;
}

/** A run of glyphs (visual indexes first..last of a word) drawn as one /ActualText span. */
interface TextSpan {
  readonly first: number;
  readonly last: number;
  /** The span's text as a PDF text string in hex. */
  readonly hex: string;
}

/**
 * The /ActualText spans a drawn word needs, in visual order; null when the font's ToUnicode
 * entries alone give its text back.
 *
 * A reader extracts text glyph by glyph through the ToUnicode map, which names each glyph once per
 * font. That is wrong for a tatweel that kashida inserted (not in the source), for a glyph the
 * font adds of its own (Amiri's connecting stroke after a lam, which is its tatweel glyph), and for
 * a glyph first named in another word. Such glyphs are drawn inside marked content with
 * /ActualText, which poppler (pdftotext) and Acrobat read in place of the glyphs. A glyph that
 * stands for no character shares the span of the letter before it (the tatweel after «ص» reads as
 * «ص»): a span of its own with no text would leave a gap that extractors take for a word space.
 * Spans hold a letter or two, never a whole word: poppler lays a span's text out left to right
 * over the span's box, which would reverse a longer right-to-left text.
 */
function textLayerOf(
  font: EmbeddedFontLike,
  run: PackedRun,
  start: number,
  inserted: RunRequest['inserted'],
  unitScale: number,
): readonly TextSpan[] | null {
  const insertedHere = inserted.some(([offset]) => offset >= start && offset < start + run.text.length);
  if (!insertedHere) {
    const cache = (font.briefingTextLayer ??= new WeakMap());
    let known = cache.get(run);
    if (known === undefined) {
      known = spansFor(font, run, () => false, unitScale);
      cache.set(run, known);
    }
    return known;
  }
  const isInserted = (index: number): boolean =>
    inserted.some(([offset, count]) => start + index >= offset && start + index < offset + count);
  return spansFor(font, run, isInserted, unitScale);
}

function spansFor(
  font: EmbeddedFontLike,
  run: PackedRun,
  isInserted: (index: number) => boolean,
  unitScale: number,
): TextSpan[] | null {
  // Into the subset in drawing order, as pdfkit would add them: the subset's glyph numbers follow it.
  for (let i = 0; i < run.length; i++) encodeGlyph(font, run, i, unitScale);
  if (spellsItself(font, run, isInserted)) return null;
  // Glyphs in logical order, grouped: each glyph that stands for text starts a group, and a glyph
  // that stands for none joins the group before it (or, first in the word, the one after it).
  interface Group {
    glyphs: number[];
    text: string;
    named: boolean;
  }
  const groups: Group[] = [];
  let leading: number[] = [];
  for (let k = 0; k < run.length; k++) {
    const i = run.rtl ? run.length - 1 - k : k;
    let own = '';
    for (let c = run.charsFrom(i); c < run.charsTo(i); c++) if (!isInserted(c)) own += run.text[c];
    const named = String.fromCodePoint(...(font.unicode[font.subset.includeGlyph(run.id(i))] ?? [])) === own;
    if (own === '') {
      if (groups.length > 0) groups[groups.length - 1]!.glyphs.push(i);
      else leading.push(i);
      continue;
    }
    groups.push({ glyphs: [...leading, i], text: own, named: named && leading.length === 0 });
    leading = [];
  }
  let spans: TextSpan[] | null = null;
  for (const group of groups) {
    if (group.named && group.glyphs.length === 1) continue;
    (spans ??= []).push({
      first: Math.min(...group.glyphs),
      last: Math.max(...group.glyphs),
      hex: pdfTextHex(group.text),
    });
  }
  if (leading.length > 0) (spans ??= []).push({ first: Math.min(...leading), last: Math.max(...leading), hex: '' });
  return spans?.sort((a, b) => a.first - b.first) ?? null;
}

/**
 * The common case, without building strings: every glyph stands for one character of the text (none
 * inserted), and the font's ToUnicode entry for it is that character.
 */
function spellsItself(font: EmbeddedFontLike, run: PackedRun, isInserted: (index: number) => boolean): boolean {
  for (let i = 0; i < run.length; i++) {
    const from = run.charsFrom(i);
    if (run.charsTo(i) !== from + 1 || isInserted(from)) return false;
    const named = font.unicode[font.subset.includeGlyph(run.id(i))];
    if (named === undefined || named.length !== 1 || named[0] !== run.text.charCodeAt(from)) return false;
  }
  return true;
}

/** A PDF text string in hex: UTF-16BE after a byte order mark. */
function pdfTextHex(text: string): string {
  if (text === '') return '';
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return hex;
}

const NO_FEATURES: readonly string[] = [];
const STRONG_RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
