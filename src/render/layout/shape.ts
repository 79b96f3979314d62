// Shaping step of the line layer: HarfBuzz shapes each distinct (face, direction, features, text)
// once per process. The same cached result serves measuring (line breaking, justification) and
// drawing (pdfkit's layout step is routed here by ../pdfkit-seam.ts), so what we measure is exactly
// what pdfkit draws, and no Arabic word is shaped twice.
import * as hb from 'harfbuzzjs';
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
  /** Characters this glyph stands for, for the PDF's ToUnicode map (empty for 2nd+ glyphs of a cluster). */
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
const cache = new Map<string, Map<string, ShapedRun>>();
const buffer = new hb.Buffer();

export function shapeStats(): Readonly<ShapeStats> {
  return { ...stats };
}

/** Shape one piece of text (no bidi inside: one direction) with the face. Cached. */
export function shapeText(face: FontFace, text: string, direction: Direction, features: readonly string[] = []): ShapedRun {
  const bucketKey = `${face.key}|${direction}|${features.join(',')}`;
  let bucket = cache.get(bucketKey);
  if (!bucket) {
    bucket = new Map();
    cache.set(bucketKey, bucket);
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

function shapeUncached(face: FontFace, text: string, direction: Direction, features: readonly string[]): ShapedRun {
  if (text.length === 0) return { glyphs: [], advance: 0 };
  buffer.reset();
  buffer.addText(text);
  buffer.setDirection(direction === 'rtl' ? hb.Direction.RTL : hb.Direction.LTR);
  // Marks keep clusters of their own so the ToUnicode map can name every character once.
  buffer.setClusterLevel(hb.ClusterLevel.MONOTONE_CHARACTERS);
  buffer.guessSegmentProperties();
  const hbFeatures = features.map((tag) => hb.Feature.fromString(tag)).filter((f): f is hb.Feature => f !== undefined);
  hb.shape(face.hbFont, buffer, hbFeatures);
  const infos = buffer.getGlyphInfos();
  const positions = buffer.getGlyphPositions();

  // Each cluster spans from its value to the next larger cluster value (or the end of the text).
  const starts = [...new Set(infos.map((info) => info.cluster))].sort((a, b) => a - b);
  const clusterEnd = new Map<number, number>();
  starts.forEach((start, i) => clusterEnd.set(start, starts[i + 1] ?? text.length));
  const named = new Set<number>();
  // In RTL runs glyphs come in visual order, so the cluster's first glyph in logical order is its last
  // one here; marks within a cluster are rare with MONOTONE_CHARACTERS, so naming any one glyph suffices.
  const glyphs: ShapedGlyph[] = [];
  let advance = 0;
  for (let i = 0; i < infos.length; i++) {
    const info = infos[i]!;
    const pos = positions[i]!;
    let codePoints: number[] = [];
    if (!named.has(info.cluster)) {
      named.add(info.cluster);
      codePoints = codePointsOf(text.slice(info.cluster, clusterEnd.get(info.cluster)));
    }
    glyphs.push({
      id: info.codepoint,
      cluster: info.cluster,
      xAdvance: pos.xAdvance,
      yAdvance: pos.yAdvance,
      xOffset: pos.xOffset,
      yOffset: pos.yOffset,
      advanceWidth: face.hbFont.glyphHAdvance(info.codepoint),
      codePoints,
    });
    advance += pos.xAdvance;
  }
  return { glyphs, advance };
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
export function shapeWords(face: FontFace, text: string, direction: Direction, features: readonly string[] = []): ShapedRun {
  if (!text.includes(' ')) return shapeText(face, text, direction, features);
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
