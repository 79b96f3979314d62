// The one place we reach inside pdfmake/pdfkit. pdfkit draws text through its embedded font's
// `font.layout(text, features)` (a fontkit call that re-shapes every word, slowly, and in RTL places
// nothing right). We replace that method on each font pdfmake opens so pdfkit receives our HarfBuzz
// shaping from the shared cache. The line layer hands pdfmake runs that are already in visual order
// and tags each with its direction in `fontFeatures`; nothing else of pdfmake's behaviour changes.
//
// Pinned: pdfmake 0.3.11 / pdfkit 0.19.1 (package.json uses exact versions). test/seam.test.ts fails
// if an upgrade moves this seam (the method, the glyph fields pdfkit reads, or the class we patch).
import { createRequire } from 'node:module';
import type { FontFace } from './fonts.js';
import { shapeWords, type Direction, type ShapedGlyph } from './layout/shape.js';

/** Pseudo feature tags carrying a run's direction from the line layer to the seam. */
export const RTL_TAG = 'bidi-rtl';
export const LTR_TAG = 'bidi-ltr';

export const PINNED = { pdfmake: '0.3.11', pdfkit: '0.19.1' } as const;

/** What pdfkit's EmbeddedFont reads from fontkit's GlyphRun. */
interface PdfkitGlyphRun {
  glyphs: ShapedGlyph[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
  readonly advanceWidth: number;
}

interface EmbeddedFontLike {
  font: { layout: (text: string, features?: string[]) => PdfkitGlyphRun; briefingFace?: string };
}

interface PdfDocumentClass {
  prototype: { provideFont(familyName: string, bold: boolean, italics: boolean): EmbeddedFontLike };
}

/** (family, variant) → our face; filled by the render stage before each build. */
const facesByFamily = new Map<string, FontFace>();

export function registerFamilyFace(family: string, variant: 'normal' | 'bold' | 'italics' | 'bolditalics', face: FontFace): void {
  facesByFamily.set(`${family}/${variant}`, face);
}

let installed = false;

/** Route pdfkit's layout step to HarfBuzz. Idempotent. */
export function installSeam(): void {
  if (installed) return;
  const require = createRequire(import.meta.url);
  const module = require('pdfmake/js/PDFDocument.js') as { default: PdfDocumentClass };
  const proto = module.default.prototype;
  const original = proto.provideFont;
  if (typeof original !== 'function') throw new Error('pdfmake seam moved: PDFDocument.provideFont is missing');
  proto.provideFont = function provideFont(familyName: string, bold: boolean, italics: boolean): EmbeddedFontLike {
    const embedded = original.call(this, familyName, bold, italics);
    const variant = bold && italics ? 'bolditalics' : bold ? 'bold' : italics ? 'italics' : 'normal';
    const face = facesByFamily.get(`${familyName}/${variant}`);
    if (face && embedded.font.briefingFace !== face.key) {
      embedded.font.layout = (text: string, features?: string[]) => layoutForPdfkit(face, text, features);
      embedded.font.briefingFace = face.key;
    }
    return embedded;
  };
  installed = true;
}

/**
 * The pseudo tag that stretches every U+0020 of a run by `extraUnits` font units: how a justified
 * line's wider spaces reach pdfkit without splitting the line into one inline per word and gap.
 */
export function spaceTag(extraUnits: number): string {
  return `${SPACE_TAG}${extraUnits.toFixed(3)}`;
}

const SPACE_TAG = 'bidi-space+';
const SPACE = 0x20;

/** A fontkit-shaped GlyphRun built from the cache. pdfkit scales positions in place, so they are fresh objects. */
export function layoutForPdfkit(face: FontFace, text: string, features: string[] | undefined): PdfkitGlyphRun {
  let direction: Direction | undefined;
  let spaceExtra = 0;
  let otFeatures: string[] | undefined;
  for (const tag of features ?? []) {
    if (tag === RTL_TAG) direction = 'rtl';
    else if (tag === LTR_TAG) direction = 'ltr';
    else if (tag.startsWith(SPACE_TAG)) spaceExtra = Number(tag.slice(SPACE_TAG.length));
    else (otFeatures ??= []).push(tag);
  }
  // Text pdfmake measures on its own (never ours): a best guess so it at least shapes correctly.
  direction ??= STRONG_RTL.test(text) ? 'rtl' : 'ltr';
  const run = shapeWords(face, text, direction, otFeatures ?? NO_FEATURES);
  const glyphs = run.glyphs;
  const positions = new Array<{ xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }>(glyphs.length);
  for (let i = 0; i < glyphs.length; i++) {
    const g = glyphs[i]!;
    const stretch = spaceExtra !== 0 && g.codePoints.length === 1 && g.codePoints[0] === SPACE ? spaceExtra : 0;
    positions[i] = { xAdvance: g.xAdvance + stretch, yAdvance: g.yAdvance, xOffset: g.xOffset, yOffset: g.yOffset };
  }
  return {
    glyphs: run.glyphs as ShapedGlyph[],
    positions,
    get advanceWidth() {
      let width = 0;
      for (const p of positions) width += p.xAdvance;
      return width;
    },
  };
}

const NO_FEATURES: readonly string[] = [];
const STRONG_RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
