// Collect step: a paragraph arrives as styled spans (from the markup: plain text, <b>, <a>, ...).
// They are joined into one logical string so bidi and line breaking see the whole paragraph, while
// every character remembers which span (and so which style) it came from.
import { covers, needsGlyph, type FontFace } from '../fonts.js';

export interface TextStyle {
  /** pdfmake font family name and variant; `face` is the same font, opened for shaping. */
  readonly family: string;
  readonly bold: boolean;
  readonly face: FontFace;
  readonly fontSize: number;
  readonly color?: string;
  readonly link?: string;
  /** Internal link target (a destination id), for contents entries. */
  readonly linkToDestination?: string;
  /**
   * The same style in the fallback face, for characters `face` has no glyph for (Latin, Greek,
   * Cyrillic, symbols in an Arabic-only face). A function so the fallback font is opened only by a
   * pack that needs it.
   */
  readonly fallback?: () => TextStyle | null;
}

export interface Span {
  readonly text: string;
  readonly style: TextStyle;
}

export interface CollectedText {
  readonly text: string;
  readonly styles: readonly TextStyle[];
  /** Index into `styles` for each UTF-16 unit of `text`. */
  readonly styleAt: Uint16Array;
}

// Line separators and tabs inside a paragraph become spaces: a paragraph is one block of running text.
const CONTROL_SPACES = /[\t\r\n\u2028\u2029\u000B\u000C]/g;

export function collect(spans: readonly Span[]): CollectedText {
  const styles: TextStyle[] = [];
  const parts: string[] = [];
  const indices: number[] = [];
  for (const span of spans) {
    // Half a surrogate pair cannot be shaped or written to the PDF: it becomes U+FFFD (same length,
    // so every index still points at its character).
    const text = span.text.replace(CONTROL_SPACES, ' ').toWellFormed();
    if (text.length === 0) continue;
    let index = styles.indexOf(span.style);
    if (index < 0) index = styles.push(span.style) - 1;
    parts.push(text);
    for (let i = 0; i < text.length; i++) {
      const codePoint = text.codePointAt(i)!;
      const units = codePoint > 0xffff ? 2 : 1;
      const own =
        !needsGlyph(codePoint) || covers(span.style.face, codePoint)
          ? index
          : fallbackIndex(span.style, codePoint, styles);
      indices.push(own);
      if (units === 2) {
        indices.push(own);
        i++;
      }
    }
  }
  return { text: parts.join(''), styles, styleAt: Uint16Array.from(indices) };
}

/** The index of the span style's fallback when that face draws the code point, else the style's own. */
function fallbackIndex(style: TextStyle, codePoint: number, styles: TextStyle[]): number {
  const fallback = style.fallback?.();
  const chosen = fallback && covers(fallback.face, codePoint) ? fallback : style;
  const index = styles.indexOf(chosen);
  return index >= 0 ? index : styles.push(chosen) - 1;
}
