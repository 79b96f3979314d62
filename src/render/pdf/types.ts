// The parts of pdfkit's and pdfmake's objects the backend touches, typed for what it reads and writes.
import type { FontFace } from '../fonts.js';
import type { TrueTypeSubsetLike } from './subset.js';
import type { GlyphView, PackedRun } from '../layout/shape.js';
import type { PdfKitDocumentLike } from './add-page.js';
import type { FragmentOptions, PdfKitTextDocument, TextSpan } from './fragment.js';

/** A glyph position as pdfkit's EmbeddedFont.layout returns it: scaled to 1000 units per em. */
export interface PdfkitPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}

/** What pdfkit's EmbeddedFont.layout returns (glyphs null when only the width was asked for). */
export interface PdfkitLayout {
  glyphs: GlyphView[] | null;
  positions: PdfkitPosition[] | null;
  advanceWidth: number;
}

export interface EmbeddedFontLike {
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

export interface PdfDocumentClass {
  prototype: {
    provideFont(familyName: string, bold: boolean, italics: boolean): EmbeddedFontLike;
    addPage(this: PdfKitDocumentLike, options?: object): unknown;
    _fragment(this: PdfKitTextDocument, text: string, x: number, y: number, options: FragmentOptions): unknown;
    end(): unknown;
  };
}
