// Font faces, loaded once per process. Each face keeps the bytes pdfkit embeds, a HarfBuzz font for
// shaping (the same bytes, so measured and drawn glyphs agree) and a fontkit font for metrics and
// coverage. Shaping never goes through fontkit: it is 5-10x slower than HarfBuzz on Amiri's GSUB.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import * as hb from './harfbuzz.js';
import type * as Fontkit from 'fontkit';
import { UserError } from '../errors.js';

// fontkit through require, not import: pdfkit requires it, and `import` would load fontkit's
// separate ESM build as a second copy (~40 ms of startup for nothing).
const fontkit = createRequire(import.meta.url)('fontkit') as typeof Fontkit;

export interface FontFace {
  /** Stable key used in caches and as the pdfmake family name. */
  readonly key: string;
  readonly path: string;
  readonly hbFont: hb.Font;
  readonly metrics: Fontkit.Font;
  readonly unitsPerEm: number;
  /** Ascent and descent in font units (descent negative), for line heights. */
  readonly ascent: number;
  readonly descent: number;
}

const loaded = new Map<string, FontFace>();

export function loadFace(path: string): FontFace {
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
  let metrics: Fontkit.Font;
  try {
    metrics = fontkit.create(bytes);
    if (!metrics || typeof metrics.unitsPerEm !== 'number') throw new Error('not a font');
  } catch {
    throw new UserError(`not a TrueType/OpenType font`, { file: path });
  }
  if (!metrics.hasGlyphForCodePoint(0x0627)) {
    throw new UserError(`font has no Arabic glyphs (no glyph for U+0627 ALEF)`, { file: path });
  }
  const face = new hb.Face(new hb.Blob(bytes));
  const hbFont = new hb.Font(face);
  const key = metrics.postscriptName || absolute;
  const result: FontFace = {
    key,
    path: absolute,
    hbFont,
    metrics,
    unitsPerEm: metrics.unitsPerEm,
    ascent: metrics.ascent,
    descent: metrics.descent,
  };
  loaded.set(absolute, result);
  return result;
}

/** True when the face has a glyph for the code point (used for coverage checks). */
export function covers(face: FontFace, codePoint: number): boolean {
  return face.hbFont.nominalGlyph(codePoint) !== undefined;
}
