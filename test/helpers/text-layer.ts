// The text layer of our PDFs as a reader that follows the PDF specification reads it: each glyph
// through its font's ToUnicode map, except where marked content gives /ActualText, which stands
// for every glyph inside it. pdf.js drops ActualText (support is an open upstream pull request) and
// poppler lays it out with its own heuristics, so neither can tell whether what we wrote is right;
// this reader is small because it only needs to read what our drawing writes.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dictionary: string;
  stream: Buffer | null;
}

function objectsOf(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const pattern = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (const match of text.matchAll(pattern)) {
    const body = match[2]!;
    const streamAt = body.indexOf('stream\n');
    if (streamAt < 0) {
      objects.set(Number(match[1]), { dictionary: body, stream: null });
      continue;
    }
    const dictionary = body.slice(0, streamAt);
    const length = Number(/\/Length (\d+)/.exec(dictionary)?.[1]);
    const start = match.index! + match[0].indexOf('stream\n') + 'stream\n'.length;
    const raw = pdf.subarray(start, start + length);
    objects.set(Number(match[1]), { dictionary, stream: /\/FlateDecode/.test(dictionary) ? inflateSync(raw) : raw });
  }
  return objects;
}

function hexToString(hex: string): string {
  let out = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
}

/** A ToUnicode CMap as pdfkit writes it: bfrange lines with arrays of UTF-16BE strings. */
function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const range of cmap.matchAll(/<([0-9a-fA-F]+)> <([0-9a-fA-F]+)> \[([^\]]*)\]/g)) {
    const start = parseInt(range[1]!, 16);
    const entries = [...range[3]!.matchAll(/<([0-9a-fA-F ]*)>/g)].map((m) => hexToString(m[1]!.replace(/ /g, '')));
    entries.forEach((entry, i) => map.set(start + i, entry));
  }
  return map;
}

/** One text object (BT … ET) as drawn: its units left to right, each a glyph's text or a span's ActualText. */
export interface DrawnFragment {
  units: string[];
  y: number;
}

/** Every text object of every page, in drawing order. */
export function drawnFragments(pdf: Buffer): DrawnFragment[][] {
  const objects = objectsOf(pdf);
  const ref = (dictionary: string, key: string): number | undefined => {
    const match = new RegExp(`/${key} (\\d+) 0 R`).exec(dictionary);
    return match ? Number(match[1]) : undefined;
  };
  const pages: DrawnFragment[][] = [];
  const pageNumbers = [...objects.entries()].filter(([, o]) => /\/Type \/Page\b/.test(o.dictionary)).map(([n]) => n);
  // Pages in document order: the page tree's Kids.
  const kids = [...objects.values()]
    .map((o) => /\/Type \/Pages[\s\S]*?\/Kids \[([^\]]*)\]/.exec(o.dictionary))
    .find(Boolean);
  const ordered = kids ? [...kids[1]!.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1])) : pageNumbers;
  for (const pageNumber of ordered) {
    const page = objects.get(pageNumber)!;
    const resources = objects.get(ref(page.dictionary, 'Resources')!)!.dictionary;
    const fontBlock = /\/Font <<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
    const fonts = new Map<string, Map<number, string>>();
    for (const [, name, number] of fontBlock.matchAll(/\/(\w+) (\d+) 0 R/g)) {
      const toUnicode = ref(objects.get(Number(number))!.dictionary, 'ToUnicode');
      fonts.set(
        name!,
        toUnicode === undefined ? new Map() : parseToUnicode(objects.get(toUnicode)!.stream!.toString('latin1')),
      );
    }
    const content = objects.get(ref(page.dictionary, 'Contents')!)!.stream!.toString('latin1');
    pages.push(readContent(content, fonts));
  }
  return pages;
}

function readContent(content: string, fonts: Map<string, Map<number, string>>): DrawnFragment[] {
  const fragments: DrawnFragment[] = [];
  let current: DrawnFragment | null = null;
  let font = new Map<number, string>();
  let spanDepth = 0;
  for (const line of content.split('\n')) {
    if (line === 'BT') current = { units: [], y: 0 };
    else if (line === 'ET' && current) {
      fragments.push(current);
      current = null;
    } else if (line.endsWith(' Tf')) font = fonts.get(line.split(' ')[0]!.slice(1)) ?? new Map();
    else if (line.endsWith(' Tm') && current) current.y = Number(line.split(' ')[5]);
    else if (line.endsWith(' BDC')) {
      const actual = /\/ActualText <([0-9A-Fa-f]*)>/.exec(line);
      if (actual && current) current.units.push(hexToString(actual[1]!.replace(/^FEFF/i, '')));
      spanDepth++;
    } else if (line === 'EMC') spanDepth--;
    else if (line.endsWith(' TJ') && current && spanDepth === 0) {
      for (const [, hex] of line.matchAll(/<([0-9a-fA-F]*)>/g)) {
        for (let i = 0; i + 4 <= hex!.length; i += 4)
          current.units.push(font.get(parseInt(hex!.slice(i, i + 4), 16)) ?? '\uFFFD');
      }
    }
  }
  return fragments;
}

const ARABIC_LETTER = /[\u0621-\u064A\u0671-\u06D3]/;

/**
 * The words a logical reader gets: a fragment holds one direction's run (the seam draws one per
 * inline), so a right-to-left fragment's units are read from its right end.
 */
export function extractedWords(pdf: Buffer): string[] {
  const words: string[] = [];
  for (const page of drawnFragments(pdf)) {
    for (const fragment of page) {
      const units = ARABIC_LETTER.test(fragment.units.join('')) ? [...fragment.units].reverse() : fragment.units;
      words.push(
        ...units
          .join('')
          .split(/\s+/)
          .filter((w) => w.length > 0),
      );
    }
  }
  return words;
}
