// Copying glyphs into pdfkit's embedded font subset without decoding them. pdfkit subsets each
// TrueType font with fontkit's TTFSubset, whose per-glyph step (_addGlyph) decodes the glyph's whole
// outline into point objects and works out vertical metrics from its bounding box, only to copy the
// glyph's bytes, its hmtx entry and (for a composite glyph) its component ids. That was ~40 ms of
// every build (most of embedding the fonts) for a few hundred Amiri glyphs. Here the same three
// things are read straight from the font's loca, glyf and hmtx tables and handed to TTFSubset in
// the same form, so its encode() writes the same font bytes (test/seam.test.ts compares both ways
// over every glyph of our fonts). Fonts this does not cover (WOFF, CFF, variable) keep fontkit's step.

/** The parts of fontkit's TTFFont that raw copying reads. */
interface TrueTypeFontLike {
  type?: string;
  stream: { buffer: Uint8Array };
  directory: { tables: Record<string, { offset: number; length: number } | undefined> };
  head: { indexToLocFormat: number };
  hhea: { numberOfMetrics: number };
  numGlyphs: number;
}

/** fontkit's TTFSubset, as far as its glyph step fills it. */
export interface TrueTypeSubsetLike {
  font: TrueTypeFontLike;
  glyf?: Uint8Array[];
  loca?: { offsets: number[] };
  hmtx?: { metrics: { advance: number; bearing: number }[] };
  offset?: number;
  includeGlyph(id: number): number;
  _addGlyph?: (gid: number) => number;
}

// Composite glyph component flags (OpenType 'glyf').
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;
/** numberOfContours, xMin, yMin, xMax, yMax. */
const GLYPH_HEADER_BYTES = 10;

/**
 * Give the subset the raw-copying glyph step when its font is a plain static TrueType font.
 * Returns false (and leaves fontkit's step) otherwise.
 */
export function copyGlyphsRaw(subset: TrueTypeSubsetLike): boolean {
  const font = subset.font;
  const tables = font.directory.tables;
  const glyf = tables.glyf;
  const loca = tables.loca;
  const hmtx = tables.hmtx;
  if (font.type !== 'TTF' || typeof subset._addGlyph !== 'function' || !glyf || !loca || !hmtx || tables.fvar)
    return false;
  const bytes = font.stream.buffer;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const longOffsets = font.head.indexToLocFormat === 1;
  const metricsCount = font.hhea.numberOfMetrics;
  const numGlyphs = font.numGlyphs;
  const glyphOffset = (gid: number): number =>
    longOffsets ? view.getUint32(loca.offset + gid * 4) : view.getUint16(loca.offset + gid * 2) * 2;
  const lastAdvance = metricsCount > 0 ? view.getUint16(hmtx.offset + (metricsCount - 1) * 4) : 0;

  subset._addGlyph = function addGlyphRaw(this: TrueTypeSubsetLike, gid: number): number {
    // fontkit reads glyph ids beyond the font as empty glyphs; so does this.
    const start = gid < numGlyphs ? glyphOffset(gid) : 0;
    const end = gid < numGlyphs ? glyphOffset(gid + 1) : 0;
    let buffer = bytes.subarray(glyf.offset + start, glyf.offset + Math.max(start, end));
    if (buffer.length >= GLYPH_HEADER_BYTES && view.getInt16(glyf.offset + start) < 0) {
      // A composite glyph: its components join the subset, and their ids are rewritten to subset ids.
      buffer = new Uint8Array(buffer);
      const glyph = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      let at = GLYPH_HEADER_BYTES;
      let flags = MORE_COMPONENTS;
      while (flags & MORE_COMPONENTS) {
        flags = glyph.getUint16(at);
        glyph.setUint16(at + 2, this.includeGlyph(glyph.getUint16(at + 2)));
        at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
        if (flags & WE_HAVE_A_SCALE) at += 2;
        else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
        else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
      }
    }
    // hmtx: a long metric (advance, bearing) per glyph up to numberOfMetrics, then bearings only.
    let advance: number;
    let bearing: number;
    if (gid < metricsCount) {
      advance = view.getUint16(hmtx.offset + gid * 4);
      bearing = view.getInt16(hmtx.offset + gid * 4 + 2);
    } else {
      advance = lastAdvance;
      const at = hmtx.offset + metricsCount * 4 + (gid - metricsCount) * 2;
      bearing = at + 2 <= hmtx.offset + hmtx.length ? view.getInt16(at) : 0;
    }
    this.glyf!.push(buffer);
    this.loca!.offsets.push(this.offset!);
    this.hmtx!.metrics.push({ advance, bearing });
    this.offset! += buffer.length;
    return this.glyf!.length - 1;
  };
  return true;
}
