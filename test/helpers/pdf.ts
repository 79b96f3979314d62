// Reading our PDFs back with pdfjs-dist, as an independent reader would.
import { inflateSync } from 'node:zlib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface TextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Glyph height as pdf.js reports it: the font size, for unscaled text. */
  height: number;
  fontName: string;
}

export interface ReadBack {
  pages: TextItem[][];
  info: Record<string, unknown>;
  fontNames: string[];
  numPages: number;
  /** Size of the first page, in points. */
  pageSize: { width: number; height: number };
}

export async function readPdf(data: Uint8Array): Promise<ReadBack> {
  const doc = await getDocument({
    data: new Uint8Array(data),
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  }).promise;
  const pages: TextItem[][] = [];
  const fonts = new Set<string>();
  const [, , width, height] = (await doc.getPage(1)).view as number[];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const items: TextItem[] = [];
    for (const item of content.items) {
      if (!('str' in item) || item.str.length === 0) continue;
      items.push({
        str: item.str,
        x: item.transform[4] as number,
        y: item.transform[5] as number,
        width: item.width,
        height: item.height,
        fontName: item.fontName,
      });
    }
    for (const style of Object.values(content.styles)) fonts.add((style as { fontFamily: string }).fontFamily);
    pages.push(items);
    await page.cleanup();
  }
  const meta = await doc.getMetadata();
  const fontNames = await embeddedFontNames(data);
  await doc.destroy();
  return {
    pages,
    info: meta.info as Record<string, unknown>,
    fontNames,
    numPages: pages.length,
    pageSize: { width: width!, height: height! },
  };
}

/** /FontName entries of the file's font descriptors (subset tag + PostScript name). */
export async function embeddedFontNames(data: Uint8Array): Promise<string[]> {
  const text = objectsText(data);
  return [...new Set([...text.matchAll(/\/FontName\s*\/([A-Za-z0-9+_-]+)/g)].map((m) => m[1]!))];
}

const ARABIC = /[\u0600-\u06FF]/;
const STRONG_LTR = /[A-Za-z0-9]/;

/** Gap (points) above which a reader sees a word space: Amiri kerns after و by up to ~1.5 pt at 12 pt, a space is 3.5 pt. */
const WORD_GAP = 2.2;
/** Gap (points) beyond which two left-to-right items are separate runs (columns apart, not a word apart). */
const RUN_GAP = 12;

/**
 * Lines of a page in reading order: items grouped by baseline and read right to left; runs of
 * left-to-right items (Latin, digits) keep their own left-to-right order (UAX #9 L2 in reverse).
 * Pieces closer than WORD_GAP join without a space, as pdftotext does (pdfkit restarts the text
 * position at every offset mark, so one word can arrive as several items).
 */
export function readingLines(items: TextItem[]): string[] {
  const rows = new Map<number, TextItem[]>();
  for (const item of items) {
    if (item.str.trim() === '') continue;
    const key = Math.round(item.y);
    rows.set(key, [...(rows.get(key) ?? []), item]);
  }
  const keys = [...rows.keys()].sort((a, b) => b - a);
  // Marks drawn with a vertical offset land a point or two off the baseline: fold them into their row.
  for (const key of keys) {
    for (const other of keys) {
      if (
        other !== key &&
        Math.abs(other - key) <= 2 &&
        rows.has(other) &&
        rows.has(key) &&
        rows.get(other)!.length < rows.get(key)!.length
      ) {
        rows.set(key, [...rows.get(key)!, ...rows.get(other)!]);
        rows.delete(other);
      }
    }
  }
  return [...rows.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([, row]) => {
      const rightToLeft = [...row].sort((a, b) => b.x + b.width - (a.x + a.width));
      // Group into runs: consecutive LTR items form one run, read left to right.
      const runs: TextItem[][] = [];
      for (const item of rightToLeft) {
        const ltr = !ARABIC.test(item.str) && STRONG_LTR.test(item.str);
        const last = runs[runs.length - 1];
        const lastLtr = last !== undefined && !ARABIC.test(last[0]!.str) && STRONG_LTR.test(last[0]!.str);
        // One left-to-right run only when the pieces touch or stand a space apart: a folio and a marking
        // at the two ends of a footer are two runs, however Latin both are.
        const near = last !== undefined && Math.min(...last.map((i) => i.x)) - (item.x + item.width) < RUN_GAP;
        if (ltr && lastLtr && near) last!.push(item);
        else runs.push([item]);
      }
      let text = '';
      let previousLeft = Number.POSITIVE_INFINITY;
      for (const run of runs) {
        const pieces = run.length > 1 ? [...run].sort((a, b) => a.x - b.x) : run;
        const runRight = Math.max(...run.map((i) => i.x + i.width));
        if (text && previousLeft - runRight > WORD_GAP) text += ' ';
        let runText = '';
        let previousRight = Number.NEGATIVE_INFINITY;
        for (const piece of pieces) {
          if (runText && piece.x - previousRight > WORD_GAP) runText += ' ';
          runText += piece.str;
          previousRight = piece.x + piece.width;
        }
        text += runText;
        previousLeft = Math.min(...run.map((i) => i.x));
      }
      return text;
    });
}

const MARKS = /[\u064B-\u065F\u0670\u0640\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C]/g;
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .replace(MARKS, '')
      .match(/[0-9\u0660-\u0669]+|[A-Za-z\u0621-\u063A\u0641-\u064A\u0671-\u06D3]+/g) ?? []
  );
}

/**
 * Align extracted words with the source words, in order. pdf.js inserts a "fake space" wherever a
 * kerning adjustment exceeds 0.102 em, and Amiri kerns about 0.12 em after non-joining letters (و),
 * so one source word may arrive in two pieces; those are rejoined. Anything else is an error.
 * Returns the number of source words (letters; see below for numbers) not back in their place.
 */
export function orderErrors(expectedWords: string[], extractedWords: string[]): number {
  // Digit-only tokens are left out: pdf.js merges a number range («2015–2020», drawn 2020–2015 as
  // UAX #9 orders it in Arabic text) into one item whose order it cannot recover; the layer's order
  // for numbers is asserted item by item in layout.test.ts.
  const isNumber = (w: string): boolean => /^[0-9\u0660-\u0669]+$/.test(w);
  const expected = expectedWords.filter((w) => !isNumber(w));
  const extracted = extractedWords.filter((w) => !isNumber(w));
  let errors = 0;
  let j = 0;
  for (const word of expected) {
    if (extracted[j] === word) {
      j++;
      continue;
    }
    let joined = extracted[j] ?? '';
    let k = j + 1;
    while (joined.length < word.length && k < extracted.length) joined += extracted[k++];
    if (joined === word) {
      j = k;
      continue;
    }
    errors++;
    j++;
  }
  return errors;
}

/**
 * The file's text with its object streams inflated: a tagged PDF keeps its dictionaries (fonts,
 * pages, structure) in compressed object streams, where a plain byte search cannot see them.
 */
export function objectsText(data: Uint8Array): string {
  const bytes = Buffer.from(data);
  const text = bytes.toString('latin1');
  const parts = [text];
  for (const match of text.matchAll(/\/Type \/ObjStm[^]*?\/Length (\d+)\n>>\nstream\n/g)) {
    const start = match.index + match[0].length;
    parts.push(inflateSync(bytes.subarray(start, start + Number(match[1]))).toString('latin1'));
  }
  return parts.join('\n');
}
