// Font faces, loaded once per process. Each face keeps the bytes pdfkit embeds, a HarfBuzz font for
// shaping (the same bytes, so measured and drawn glyphs agree) and a fontkit font for metrics and
// coverage. Shaping never goes through fontkit: it is 5-10x slower than HarfBuzz on Amiri's GSUB.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { HbFont } from './harfbuzz.js';
import type * as Fontkit from 'fontkit';
import { UserError } from '../errors.js';
import { fontProblem } from './font-check.js';

// fontkit through require, not import: pdfkit requires it, and `import` would load fontkit's
// separate ESM build as a second copy (~40 ms of startup for nothing). The bundle turns this into a
// plain require of the same bundled module pdfkit uses (scripts/bundle.js).
const fontkit = createRequire(import.meta.url)('fontkit') as typeof Fontkit;

export interface FontFace {
  /** Stable key used in caches and as the pdfmake family name. */
  readonly key: string;
  readonly path: string;
  readonly hbFont: HbFont;
  readonly metrics: Fontkit.Font;
  readonly unitsPerEm: number;
  /** Ascent and descent in font units (descent negative), for line heights. */
  readonly ascent: number;
  readonly descent: number;
  /** What the face's cmap maps, i.e. what it can draw: a bitmap for the BMP (asked per character), a set beyond. */
  readonly bmp: Uint8Array;
  readonly astral: ReadonlySet<number>;
}

const loaded = new Map<string, FontFace>();

/**
 * Open a font file once per process. An Arabic face must have Arabic glyphs; a fallback face (for the
 * Latin, Greek, Cyrillic and symbols an Arabic face lacks) need not.
 */
export function loadFace(path: string, role: 'arabic' | 'fallback' = 'arabic'): FontFace {
  const absolute = resolve(path);
  const known = loaded.get(absolute);
  if (known) return known;
  let bytes: Buffer;
  try {
    if (!statSync(absolute).isFile()) throw new Error('not a file');
    bytes = readFileSync(absolute);
  } catch {
    throw new UserError(`font file not found or unreadable`, { file: path });
  }
  const problem = fontProblem(bytes);
  if (problem) throw new UserError(`unusable font: ${problem}`, { file: path });
  let metrics: Fontkit.Font;
  try {
    metrics = fontkit.create(bytes);
    if (!metrics || typeof metrics.unitsPerEm !== 'number') throw new Error('not a font');
  } catch {
    throw new UserError(`not a TrueType/OpenType font`, { file: path });
  }
  if (role === 'arabic' && !metrics.hasGlyphForCodePoint(0x0627)) {
    throw new UserError(`font has no Arabic glyphs (no glyph for U+0627 ALEF)`, { file: path });
  }
  const hbFont = new HbFont(bytes);
  const key = metrics.postscriptName || absolute;
  const result: FontFace = {
    key,
    path: absolute,
    hbFont,
    metrics,
    unitsPerEm: metrics.unitsPerEm,
    ascent: metrics.ascent,
    descent: metrics.descent,
    ...coverageOf(hbFont.collectUnicodes()),
  };
  loaded.set(absolute, result);
  return result;
}

/** True when the font file has been opened in this process. */
export function isLoaded(path: string): boolean {
  return loaded.has(resolve(path));
}

/** True when the face has a glyph for the code point (its cmap maps it). */
export function covers(face: FontFace, codePoint: number): boolean {
  return codePoint <= 0xffff ? face.bmp[codePoint] === 1 : face.astral.has(codePoint);
}

function coverageOf(codePoints: Uint32Array): { bmp: Uint8Array; astral: Set<number> } {
  const bmp = new Uint8Array(0x10000);
  const astral = new Set<number>();
  for (const codePoint of codePoints) {
    if (codePoint <= 0xffff) bmp[codePoint] = 1;
    else astral.add(codePoint);
  }
  return { bmp, astral };
}

/**
 * Characters no font is asked to draw a glyph for: spaces and line controls are handled by the
 * line layer, bidi and joining controls are invisible format characters that shapers consume.
 */
export function needsGlyph(codePoint: number): boolean {
  if (codePoint <= 0x20 || (codePoint >= 0x7f && codePoint <= 0xa0)) return false;
  if (codePoint === 0xad) return false;
  if (codePoint >= 0x200b && codePoint <= 0x200f) return false;
  if (codePoint >= 0x2028 && codePoint <= 0x202e) return false;
  if (codePoint >= 0x2060 && codePoint <= 0x206f) return false;
  if (codePoint === 0xfeff || (codePoint >= 0xfe00 && codePoint <= 0xfe0f)) return false;
  return true;
}
