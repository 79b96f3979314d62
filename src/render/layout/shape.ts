// Shaping step of the line layer: HarfBuzz shapes each distinct (face, direction, features, text)
// once per process. The same cached result serves measuring (line breaking, justification) and
// drawing (pdfkit's layout and encode steps are routed here by ../pdf/seam.ts), so what we measure is exactly
// what pdfkit draws, and no Arabic word is shaped twice.
import { GLYPH_WORDS, shape } from '../harfbuzz.js';
import type { FontFace } from '../fonts.js';

export type Direction = 'ltr' | 'rtl';

export interface ShapedGlyph {
  readonly id: number;
  /** Offset (UTF-16 units) of the first character of this glyph's cluster in the shaped text. */
  readonly cluster: number;
  /** Advance and offsets in font units, after shaping (kerning, mark positioning, kashida). */
  readonly xAdvance: number;
  readonly yAdvance: number;
  readonly xOffset: number;
  readonly yOffset: number;
  /** The glyph's nominal (hmtx) advance in font units: pdfkit writes it to the PDF /W array. */
  readonly advanceWidth: number;
  /** Characters this glyph stands for, for the PDF's ToUnicode map (see PackedRun.codePoints). */
  readonly codePoints: readonly number[];
}

export interface ShapedRun {
  /** Total advance in font units. */
  readonly advance: number;
  /** Number of glyphs. */
  readonly length: number;
  /** Glyphs in visual order (left to right), as HarfBuzz returns them; built on each access. */
  readonly glyphs: readonly ShapedGlyph[];
}

/** Fields per glyph in a packed run. */
const FIELDS = 7;
const ID = 0;
const CLUSTER = 1;
const X_ADVANCE = 2;
const Y_ADVANCE = 3;
const X_OFFSET = 4;
const Y_OFFSET = 5;
const NOMINAL = 6;

/**
 * A shaped run as the cache keeps it: its glyph fields in a slice of a shared Int32Array slab
 * instead of an object (and a code point array) per glyph. A pack shapes tens of thousands of
 * distinct words and keeps them all for the whole build; as objects they were the largest thing on
 * the heap and most of the garbage collector's copying. Drawing reads the slab directly (the seam's
 * encode); glyph objects are made only for callers that ask for them (GlyphView, `glyphs`), and
 * characters are named only when pdfkit first meets a glyph.
 */
class PackedRun implements ShapedRun {
  /** Per glyph, the range [from, to) of `text` it stands for (see rangeGlyphs), worked out on first request. */
  private ranges: Int32Array | null = null;

  constructor(
    /** The text shaped, in logical order. */
    readonly text: string,
    /** Right to left: glyphs are in visual order, so the logical order is the reverse. */
    readonly rtl: boolean,
    /** The face shaped with: it names glyphs that stand for no character of the text. */
    private readonly face: FontFace | null,
    /** The slab holding this run's glyph fields (see allocate), from `start`, FIELDS per glyph. */
    readonly data: Int32Array,
    readonly start: number,
    readonly length: number,
    readonly advance: number,
  ) {}

  id(i: number): number {
    return this.data[this.start + i * FIELDS + ID]!;
  }

  /** The glyph's nominal (hmtx) advance in font units. */
  nominal(i: number): number {
    return this.data[this.start + i * FIELDS + NOMINAL]!;
  }

  /** Where in the text glyph i's characters begin (see charsTo); worked out for the run on first request. */
  charsFrom(i: number): number {
    this.ranges ??= rangeGlyphs(this.data, this.start, this.length, this.text, this.rtl);
    return this.ranges[2 * i]!;
  }

  /** Where glyph i's characters end: [charsFrom, charsTo) is empty for a glyph the font added. */
  charsTo(i: number): number {
    this.ranges ??= rangeGlyphs(this.data, this.start, this.length, this.text, this.rtl);
    return this.ranges[2 * i + 1]!;
  }

  /**
   * The characters glyph i stands for, for the PDF's ToUnicode map: its range of the text, or, for
   * a glyph the font added (Amiri's connecting stroke after a lam), the character the font itself
   * maps to that glyph if it is the tatweel, else none: a glyph's name never invents a letter.
   */
  codePoints(i: number): number[] {
    const from = this.charsFrom(i);
    const to = this.charsTo(i);
    if (from < to) return codePointsOf(this.text.slice(from, to));
    return this.face !== null && this.id(i) === tatweelGlyph(this.face) ? [TATWEEL] : [];
  }

  get glyphs(): ShapedGlyph[] {
    const out: ShapedGlyph[] = [];
    const p = this.data;
    for (let i = 0; i < this.length; i++) {
      const at = this.start + i * FIELDS;
      out.push({
        id: p[at + ID]!,
        cluster: p[at + CLUSTER]!,
        xAdvance: p[at + X_ADVANCE]!,
        yAdvance: p[at + Y_ADVANCE]!,
        xOffset: p[at + X_OFFSET]!,
        yOffset: p[at + Y_OFFSET]!,
        advanceWidth: p[at + NOMINAL]!,
        codePoints: this.codePoints(i),
      });
    }
    return out;
  }
}

/**
 * Glyph fields of every run live in a few large slabs rather than one typed array per run: a pack
 * has tens of thousands of runs, and each typed array of its own is a separate buffer for the
 * allocator and the garbage collector to track.
 */
const SLAB_INTS = 1 << 16;
let slab = new Int32Array(SLAB_INTS);
let slabUsed = 0;

function allocate(ints: number): { data: Int32Array; start: number } {
  if (ints > SLAB_INTS) return { data: new Int32Array(ints), start: 0 };
  if (slabUsed + ints > SLAB_INTS) {
    slab = new Int32Array(SLAB_INTS);
    slabUsed = 0;
  }
  const start = slabUsed;
  slabUsed += ints;
  return { data: slab, start };
}

/** One glyph of a packed run as pdfkit reads it (id, advanceWidth, codePoints), made per drawing. */
export class GlyphView {
  readonly id: number;
  readonly advanceWidth: number;

  constructor(
    private readonly run: PackedRun,
    private readonly index: number,
  ) {
    this.id = run.id(index);
    this.advanceWidth = run.nominal(index);
  }

  /** pdfkit asks only the first time it meets a glyph id, for the ToUnicode map. */
  get codePoints(): number[] {
    return this.run.codePoints(this.index);
  }
}

export interface ShapeStats {
  shaped: number;
  hits: number;
}

const stats: ShapeStats = { shaped: 0, hits: 0 };
/** face → "direction|features" → text → run. Nested maps: no key strings built per lookup. */
type RunStore = Map<FontFace, Map<string, Map<string, PackedRun>>>;
const cache: RunStore = new Map();

function bucketIn(
  store: RunStore,
  face: FontFace,
  direction: Direction,
  features: readonly string[],
): Map<string, PackedRun> {
  let byFace = store.get(face);
  if (!byFace) {
    byFace = new Map();
    store.set(face, byFace);
  }
  const key = features.length === 0 ? direction : `${direction}|${features.join(',')}`;
  let bucket = byFace.get(key);
  if (!bucket) {
    bucket = new Map();
    byFace.set(key, bucket);
  }
  return bucket;
}

export function shapeStats(): Readonly<ShapeStats> {
  return { ...stats };
}

/** Shape one piece of text (no bidi inside: one direction) with the face. Cached. */
export function shapeText(
  face: FontFace,
  text: string,
  direction: Direction,
  features: readonly string[] = [],
): ShapedRun {
  return shapePacked(face, text, direction, features);
}

/** The bucket of the last call: nearly every call asks for the same face, direction and features. */
let last: { face: FontFace; direction: Direction; features: readonly string[]; bucket: Map<string, PackedRun> } | null =
  null;

function shapePacked(face: FontFace, text: string, direction: Direction, features: readonly string[]): PackedRun {
  let bucket: Map<string, PackedRun>;
  if (
    last !== null &&
    last.face === face &&
    last.direction === direction &&
    (last.features === features || (features.length === 0 && last.features.length === 0))
  ) {
    bucket = last.bucket;
  } else {
    bucket = bucketIn(cache, face, direction, features);
    last = { face, direction, features, bucket };
  }
  const known = bucket.get(text);
  if (known) {
    stats.hits++;
    return known;
  }
  stats.shaped++;
  const run = shapeUncached(face, text, direction, features);
  bucket.set(text, run);
  return run;
}

function shapeUncached(face: FontFace, text: string, direction: Direction, features: readonly string[]): PackedRun {
  const rtl = direction === 'rtl';
  if (text.length === 0) return new PackedRun(text, rtl, null, slab, 0, 0, 0);
  const shaped = shape(face.hbFont, text, rtl, features);
  const { count, infos, positions } = shaped;
  const { data: packed, start } = allocate(count * FIELDS);
  let advance = 0;
  // Straight from HarfBuzz's arrays (five 32-bit words per glyph each), before any other call into
  // HarfBuzz can move them; then the nominal advances, asked once per glyph id.
  for (
    let i = 0, info = shaped.infoStart, position = shaped.positionStart, at = start;
    i < count;
    i++, info += GLYPH_WORDS, position += GLYPH_WORDS, at += FIELDS
  ) {
    packed[at + ID] = infos[info]!;
    packed[at + CLUSTER] = infos[info + 2]!;
    packed[at + X_ADVANCE] = positions[position]!;
    packed[at + Y_ADVANCE] = positions[position + 1]!;
    packed[at + X_OFFSET] = positions[position + 2]!;
    packed[at + Y_OFFSET] = positions[position + 3]!;
    advance += positions[position]!;
  }
  const advances = advanceCache(face);
  for (let i = 0, at = start; i < count; i++, at += FIELDS) {
    const id = packed[at + ID]!;
    let nominal = advances.get(id);
    if (nominal === undefined) {
      nominal = face.hbFont.glyphHAdvance(id);
      advances.set(id, nominal);
    }
    packed[at + NOMINAL] = nominal;
  }
  return new PackedRun(text, rtl, face, packed, start, count, advance);
}

/** Nominal (hmtx) advances per glyph id, per face: one WebAssembly call per glyph, not per use. */
const nominalAdvances = new Map<FontFace, Map<number, number>>();

function advanceCache(face: FontFace): Map<number, number> {
  let cache = nominalAdvances.get(face);
  if (!cache) {
    cache = new Map();
    nominalAdvances.set(face, cache);
  }
  return cache;
}

const TATWEEL = 0x0640;

/** The face's own glyph for U+0640, which Amiri also inserts as a connecting stroke. */
const tatweelGlyphs = new Map<FontFace, number>();

function tatweelGlyph(face: FontFace): number {
  let id = tatweelGlyphs.get(face);
  if (id === undefined) {
    const run = shapePacked(face, String.fromCharCode(TATWEEL), 'rtl', []);
    id = run.length === 1 ? run.id(0) : -1;
    tatweelGlyphs.set(face, id);
  }
  return id;
}

/**
 * The part of the text each glyph stands for, as [from, to) pairs. A cluster's characters are
 * dealt out over its glyphs in logical order, one each, the last glyph taking what remains (so a
 * ligature stands for all of its letters); a glyph left over when the characters run out (a
 * connecting stroke the font adds) stands for none.
 */
function rangeGlyphs(packed: Int32Array, start: number, count: number, text: string, rtl: boolean): Int32Array {
  // MONOTONE_CHARACTERS keeps clusters monotone in glyph order (descending for RTL), so walking the
  // glyphs in logical order meets each cluster's glyphs together, and a cluster ends where the
  // next one begins.
  const ranges = new Int32Array(2 * count);
  const logical = (k: number): number => (rtl ? count - 1 - k : k);
  const clusterAt = (k: number): number => packed[start + logical(k) * FIELDS + CLUSTER]!;
  let k = 0;
  while (k < count) {
    const cluster = clusterAt(k);
    let after = k + 1;
    while (after < count && clusterAt(after) === cluster) after++;
    const end = after < count ? clusterAt(after) : text.length;
    let at = cluster;
    for (let j = k; j < after; j++) {
      const glyphIndex = logical(j);
      const from = at;
      if (j === after - 1) at = end;
      else if (at < end) at += (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
      ranges[2 * glyphIndex] = from;
      ranges[2 * glyphIndex + 1] = Math.max(from, at);
    }
    k = after;
  }
  return ranges;
}

function codePointsOf(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) out.push(ch.codePointAt(0)!);
  return out;
}

/**
 * A run that may contain spaces, as its space-delimited pieces in visual order, each shaped (and
 * cached) on its own. Arabic letters never join across a space, so the pieces together equal the
 * whole run shaped at once, while the cache stays keyed by words, which repeat across a pack. The
 * whole line is not cached: pdfmake draws each line once and takes its width from the line layer.
 */
export interface WordRuns {
  readonly runs: readonly PackedRun[];
  /** runs[i] is a run of U+0020 (a justified line stretches exactly these glyphs). */
  readonly isSpace: readonly boolean[];
  readonly advance: number;
}

export function shapeWords(
  face: FontFace,
  text: string,
  direction: Direction,
  features: readonly string[] = [],
): WordRuns {
  if (!text.includes(' ')) {
    const run = shapePacked(face, text, direction, features);
    return { runs: [run], isSpace: [false], advance: run.advance };
  }
  // Every drawn line passes here: its pieces are found by scanning, without a regular expression.
  const runs: PackedRun[] = [];
  const isSpace: boolean[] = [];
  let advance = 0;
  for (let start = 0; start < text.length;) {
    const space = text.charCodeAt(start) === 0x20;
    let end = start + 1;
    while (end < text.length && (text.charCodeAt(end) === 0x20) === space) end++;
    const run = shapePacked(face, text.slice(start, end), direction, features);
    runs.push(run);
    isSpace.push(space);
    advance += run.advance;
    start = end;
  }
  // Visual order: a right-to-left run is drawn from its last piece.
  if (direction === 'rtl') {
    runs.reverse();
    isSpace.reverse();
  }
  return { runs, isSpace, advance };
}

export {
  FIELDS as PACKED_FIELDS,
  ID as PACKED_ID,
  X_ADVANCE as PACKED_X_ADVANCE,
  Y_ADVANCE as PACKED_Y_ADVANCE,
  X_OFFSET as PACKED_X_OFFSET,
  Y_OFFSET as PACKED_Y_OFFSET,
  NOMINAL as PACKED_NOMINAL,
};
export type { PackedRun };

/** Width in points of a shaped run at a font size. */
export function widthInPoints(face: FontFace, run: { readonly advance: number }, fontSize: number): number {
  return (run.advance * fontSize) / face.unitsPerEm;
}
