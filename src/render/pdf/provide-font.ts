// CORRECTNESS. Replaces pdfmake's PDFDocument.provideFont, which hands pdfkit an embedded font per
// face: on each of ours, the font's layout step (fontkit re-shaping every word, placing nothing
// right in right-to-left text) and encode step are served by HarfBuzz from the shared shaping cache
// (widths without allocating, glyphs and positions scaled to pdfkit's 1000-unit space). With speed
// patches on, glyphs are also copied into the font subset straight from the font's tables
// (./subset.ts) rather than decoded by fontkit: the same bytes, tested.
import type { FontFace } from '../fonts.js';
import { ARABIC_DIGITS_TAG, INSERTED_TAG, LTR_TAG, RTL_TAG, SPACE_TAG } from '../layout/tags.js';
import {
  GlyphView,
  PACKED_FIELDS,
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

import { keepingWork, keptMap } from '../../shared/kept-between-builds.js';
import { copyGlyphsRaw } from './subset.js';
import type { EmbeddedFontLike, PdfDocumentClass, PdfkitLayout, PdfkitPosition } from './types.js';

export function installProvideFont(
  proto: PdfDocumentClass['prototype'],
  faceFor: (family: string, variant: string) => FontFace | undefined,
  speed: boolean,
): void {
  const original = proto.provideFont;
  if (typeof original !== 'function') throw new Error('pdfmake seam moved: PDFDocument.provideFont is missing');
  proto.provideFont = function provideFont(familyName: string, bold: boolean, italics: boolean): EmbeddedFontLike {
    const embedded = original.call(this, familyName, bold, italics);
    const variant = bold && italics ? 'bolditalics' : bold ? 'bold' : italics ? 'italics' : 'normal';
    const face = faceFor(familyName, variant);
    if (face && embedded.briefingFace !== face.key) {
      embedded.layout = (text: string, features?: string[], onlyWidth?: boolean) =>
        layoutForPdfkit(face, text, features, onlyWidth === true);
      embedded.encode = (text: string, features?: string[]) => encodeForPdfkit(embedded, face, text, features);
      embedded.briefingFace = face.key;
      embedded.briefingFontFace = face;
      if (speed) copyGlyphsRaw(embedded.subset);
    }
    return embedded;
  };
}

/** What the pseudo tags of a run ask for (see RTL_TAG, spaceTag, ARABIC_DIGITS_TAG). */
export interface RunRequest {
  drawn: string;
  direction: Direction;
  spaceExtra: number;
  features: readonly string[];
  /** Tatweels in `drawn` that are not in the source (see insertedTag): [offset, count] pairs. */
  inserted: readonly (readonly [number, number])[];
}

export function readTags(text: string, features: readonly string[] | undefined): RunRequest {
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
export function positionsOf(
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
export function encodeGlyph(embedded: EmbeddedFontLike, run: PackedRun, i: number, scale: number): string {
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

export function wordsFor(
  face: FontFace,
  text: string,
  tags: readonly string[] | null | undefined,
): { request: RunRequest; words: WordRuns } {
  // pdfmake passes null where an inline has no features.
  const features = tags ?? undefined;
  if (lastRun !== null && lastRun.face === face && lastRun.text === text && sameTags(lastRun.features, features))
    return lastRun;
  const make = (): { request: RunRequest; words: WordRuns } => {
    const request = readTags(text, features);
    return { request, words: shapeWords(face, request.drawn, request.direction, request.features) };
  };
  const { request, words } = keepingWork()
    ? shapedInlines.getOrMake(`${face.key}\u0001${features?.join('\u0002') ?? ''}\u0001${text}`, make)
    : make();
  lastRun = { face, text, features: features === undefined ? undefined : [...features], request, words };
  return lastRun;
}

/**
 * Under `briefing watch`: each inline's words, by face, tags and text, kept between builds. A
 * rebuild draws mostly the inlines the last build drew; one lookup of the whole inline replaces
 * cutting it into words and looking each up in the shaping cache (see docs/performance.md). The
 * runs are the shaping cache's own, so a kept entry is what a new lookup would give.
 */
const shapedInlines = keptMap<string, { request: RunRequest; words: WordRuns }>();

export function sameTags(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export const NO_FEATURES: readonly string[] = [];
const STRONG_RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
