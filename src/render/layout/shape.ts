// Shaping step of the line layer: HarfBuzz shapes each distinct (face, direction, features, text)
// once per process. The same cached result serves measuring (line breaking, justification) and
// drawing (pdfkit's layout step is routed here by ../pdfkit-seam.ts), so what we measure is exactly
// what pdfkit draws, and no Arabic word is shaped twice.
import * as hb from '../harfbuzz.js';
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
  /** Characters this glyph stands for, for the PDF's ToUnicode map (see nameGlyphs). */
  readonly codePoints: readonly number[];
}

export interface ShapedRun {
  /** Glyphs in visual order (left to right), as HarfBuzz returns them. */
  readonly glyphs: readonly ShapedGlyph[];
  /** Total advance in font units. */
  readonly advance: number;
}

export interface ShapeStats {
  shaped: number;
  hits: number;
}

const stats: ShapeStats = { shaped: 0, hits: 0 };
/** face → "direction|features" → text → run. Nested maps: no key strings built per lookup. */
type RunStore = Map<FontFace, Map<string, Map<string, ShapedRun>>>;
const cache: RunStore = new Map();
const buffer = new hb.Buffer();

function bucketIn(store: RunStore, face: FontFace, direction: Direction, features: readonly string[]): Map<string, ShapedRun> {
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
export function shapeText(face: FontFace, text: string, direction: Direction, features: readonly string[] = []): ShapedRun {
  const bucket = bucketIn(cache, face, direction, features);
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

function shapeUncached(face: FontFace, text: string, direction: Direction, features: readonly string[]): ShapedRun {
  if (text.length === 0) return { glyphs: [], advance: 0 };
  buffer.reset();
  buffer.addText(text);
  buffer.setDirection(direction === 'rtl' ? hb.Direction.RTL : hb.Direction.LTR);
  // Marks keep clusters of their own so the ToUnicode map can name every character once.
  buffer.setClusterLevel(hb.ClusterLevel.MONOTONE_CHARACTERS);
  buffer.guessSegmentProperties();
  hb.shape(face.hbFont, buffer, features.length === 0 ? NO_HB_FEATURES : hbFeatures(features));
  const infos = buffer.getGlyphInfos();
  const positions = buffer.getGlyphPositions();
  const names = nameGlyphs(infos, text, direction);
  const advances = advanceCache(face);
  const glyphs: ShapedGlyph[] = new Array(infos.length);
  let advance = 0;
  for (let i = 0; i < infos.length; i++) {
    const info = infos[i]!;
    const pos = positions[i]!;
    let nominal = advances.get(info.codepoint);
    if (nominal === undefined) {
      nominal = face.hbFont.glyphHAdvance(info.codepoint);
      advances.set(info.codepoint, nominal);
    }
    glyphs[i] = {
      id: info.codepoint,
      cluster: info.cluster,
      xAdvance: pos.xAdvance,
      yAdvance: pos.yAdvance,
      xOffset: pos.xOffset,
      yOffset: pos.yOffset,
      advanceWidth: nominal,
      codePoints: names[i]!,
    };
    advance += pos.xAdvance;
  }
  return { glyphs, advance };
}

const NO_HB_FEATURES: hb.Feature[] = [];

function hbFeatures(tags: readonly string[]): hb.Feature[] {
  return tags.map((tag) => hb.Feature.fromString(tag)).filter((f): f is hb.Feature => f !== undefined);
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

/**
 * The characters each glyph stands for in the PDF's ToUnicode map. A cluster's characters are dealt
 * out over its glyphs in logical order (the last glyph takes what remains, so a ligature names all
 * of its letters). A glyph left without a character (a connecting stroke Amiri adds after some lams)
 * is named TATWEEL, a connector that search and extraction ignore, because an empty entry makes
 * readers such as pdf.js print the raw glyph code instead.
 */
function nameGlyphs(infos: readonly { cluster: number }[], text: string, direction: Direction): number[][] {
  // MONOTONE_CHARACTERS keeps clusters monotone in glyph order (descending for RTL), so walking the
  // glyphs in logical order meets each cluster's glyphs together, and a cluster ends where the
  // next one begins.
  const count = infos.length;
  const names: number[][] = new Array(count);
  const logical = (k: number): number => (direction === 'rtl' ? count - 1 - k : k);
  let k = 0;
  while (k < count) {
    const cluster = infos[logical(k)]!.cluster;
    let after = k + 1;
    while (after < count && infos[logical(after)]!.cluster === cluster) after++;
    const end = after < count ? infos[logical(after)]!.cluster : text.length;
    const chars = codePointsOf(text.slice(cluster, end));
    const glyphsInCluster = after - k;
    for (let j = 0; j < glyphsInCluster; j++) {
      const glyphIndex = logical(k + j);
      if (j >= chars.length) names[glyphIndex] = [TATWEEL];
      else names[glyphIndex] = j === glyphsInCluster - 1 ? chars.slice(j) : [chars[j]!];
    }
    k = after;
  }
  return names;
}

function codePointsOf(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) out.push(ch.codePointAt(0)!);
  return out;
}

/**
 * Shape a run that may contain spaces: each space-delimited word is shaped (and cached) on its own
 * and the pieces are concatenated in visual order. Arabic letters never join across a space, so this
 * equals shaping the whole run, while the cache stays keyed by words, which repeat across a pack.
 */
const assembled: RunStore = new Map();

export function shapeWords(face: FontFace, text: string, direction: Direction, features: readonly string[] = []): ShapedRun {
  if (!text.includes(' ')) return shapeText(face, text, direction, features);
  // pdfmake asks for the same drawn run several times (measure, trim, draw): keep the assembly too.
  const bucket = bucketIn(assembled, face, direction, features);
  const known = bucket.get(text);
  if (known) return known;
  const run = assembleWords(face, text, direction, features);
  bucket.set(text, run);
  return run;
}

function assembleWords(face: FontFace, text: string, direction: Direction, features: readonly string[]): ShapedRun {
  const tokens = text.split(/( +)/).filter((t) => t.length > 0);
  if (direction === 'rtl') tokens.reverse();
  const glyphs: ShapedGlyph[] = [];
  let advance = 0;
  for (const token of tokens) {
    const run = shapeText(face, token, direction, features);
    for (const g of run.glyphs) glyphs.push(g);
    advance += run.advance;
  }
  return { glyphs, advance };
}

/** Width in points of a shaped run at a font size. */
export function widthInPoints(face: FontFace, run: ShapedRun, fontSize: number): number {
  return (run.advance * fontSize) / face.unitsPerEm;
}
