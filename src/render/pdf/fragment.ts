// CORRECTNESS. Replaces pdfkit's PDFDocument._fragment for runs in our faces: pdfkit writes a run's
// glyphs with the ToUnicode map as the only text, which for Arabic gives back tatweels, connector
// glyphs and harakat in the wrong places; this writes the same text operators and, where a glyph
// is not its text, an /ActualText span (see textLayerOf). It writes straight from the packed runs
// of the shaping cache (no object or string per glyph), which is also why it is fast. Runs pdfkit
// must place itself (character spacing, alignment within the run) still go to pdfkit's _fragment.
import {
  PACKED_FIELDS,
  PACKED_ID,
  PACKED_NOMINAL,
  PACKED_X_ADVANCE,
  PACKED_X_OFFSET,
  PACKED_Y_OFFSET,
  type Direction,
  type PackedRun,
  type WordRuns,
} from '../layout/shape.js';

import { encodeGlyph, wordsFor, type RunRequest } from './provide-font.js';
import type { EmbeddedFontLike, PdfDocumentClass } from './types.js';
import type { FontFace } from '../fonts.js';

export function installFragment(proto: PdfDocumentClass['prototype']): void {
  const fragment = proto._fragment;
  if (typeof fragment !== 'function') throw new Error('pdfmake seam moved: PDFDocument._fragment is missing');
  proto._fragment = function fragmentWithTextLayer(
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
}

/** The options of pdfkit's _fragment, as far as the fast path needs to know them. */
export interface FragmentOptions {
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
export interface PdfKitTextDocument {
  _font: (EmbeddedFontLike & { id: string; ascender: number; ref(): unknown }) | null;
  _fontSize: number;
  page: { height: number; fonts: Record<string, unknown> };
  addContent(data: string): unknown;
  _currentStructureElement?: { dictionary: { data: { S?: string } } } | null;
  currentLineHeight(includeGap?: boolean): number;
  link(x: number, y: number, w: number, h: number, url: unknown, options: object): unknown;
  goTo(x: number, y: number, w: number, h: number, name: unknown, options: object): unknown;
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
    // pdfkit's convention: a link drawn while a Link structure element is current belongs to it
    // (pdfkit's own _fragment does so for web links; a tagged pack's contents need it for goTo too).
    const linkOptions: { structParent?: unknown } = {};
    if (doc._currentStructureElement && doc._currentStructureElement.dictionary.data.S === 'Link')
      linkOptions.structParent = doc._currentStructureElement;
    if (options.link != null) doc.link(x, y, renderedWidth, doc.currentLineHeight(), options.link, linkOptions);
    if (options.goTo != null) doc.goTo(x, y, renderedWidth, doc.currentLineHeight(), options.goTo, linkOptions);
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
export interface TextSpan {
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
