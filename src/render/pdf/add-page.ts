// CORRECTNESS. Replaces pdfkit's PDFDocument.addPage, the first call pdfkit makes on every page and
// the one place to reach the document pdfmake created, for three jobs Arabic print packs need:
//   shiftForDuplex        mirrored margins when printing both sides (the binding on the right);
//   preferRightToLeft     the viewer preference Direction R2L, so viewers show facing pages and
//                         page order right to left;
//   orderNameTreeByBytes  named destinations sorted as the PDF specification says (pdfkit sorts by
//                         the machine's locale: the same pack could be written two ways).
// With speed patches on it also batches the page's content writes (./batch-writes.ts).
import { batchWrites, type StreamReferenceLike } from './batch-writes.js';
import type { PdfDocumentClass } from './types.js';

let pageShift: ((pageNumber: number) => number) | null = null;

/** How far (points, + is right) to move everything drawn on page n: mirrored margins for duplex. */
export function setPageShift(shift: ((pageNumber: number) => number) | null): void {
  pageShift = shift;
}

/** pdfkit's name trees (named destinations, embedded files): how they order their keys. */

interface NameTreeLike {
  _compareKeys(a: string, b: string): number;
}

/** pdfkit's PDFReference, as far as its stream is written. */

export interface PdfKitDocumentLike {
  page: { content: StreamReferenceLike };
  _root: {
    data: {
      ViewerPreferences?: { data: Record<string, unknown> };
      Pages: { data: { Count: number } };
      Names?: { data: { Dests?: NameTreeLike } };
    };
  };
  ref(data: Record<string, unknown>): { data: Record<string, unknown> };
  translate(x: number, y: number): unknown;
}

/**
 * The order of a PDF name tree's keys: the PDF specification sorts them by the bytes of the strings
 * as written (pdfkit writes ASCII as is and anything else as UTF-16BE after a FE FF mark). pdfkit
 * sorts with localeCompare, which follows the machine's locale (so the same pack could be written
 * in two orders) and breaks the byte order for ids with capitals or underscores (a viewer's binary
 * search then misses a contents link); it also opened ICU's collator (~8 ms) on every build.
 */
export function byPdfStringBytes(a: string, b: string): number {
  const asciiA = isAscii(a);
  if (asciiA !== isAscii(b)) return asciiA ? -1 : 1;
  // UTF-16 code units compare as their big-endian bytes do.
  return a < b ? -1 : a > b ? 1 : 0;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** pdfmake's TextInlines, as far as the fast path below uses it. */

export function installAddPage(proto: PdfDocumentClass['prototype'], speed: boolean): void {
  const addPage = proto.addPage;
  if (typeof addPage !== 'function') throw new Error('pdfmake seam moved: PDFDocument.addPage is missing');
  proto.addPage = function addPageForArabicPrint(this: PdfKitDocumentLike, options?: object): unknown {
    const result = addPage.call(this, options);
    if (speed) batchWrites(this.page.content);
    orderNameTreeByBytes(this);
    preferRightToLeft(this);
    shiftForDuplex(this);
    return result;
  };
}

function orderNameTreeByBytes(doc: PdfKitDocumentLike): void {
  const dests = doc._root.data.Names?.data.Dests;
  if (dests && dests._compareKeys !== byPdfStringBytes) Object.getPrototypeOf(dests)._compareKeys = byPdfStringBytes;
}

function preferRightToLeft(doc: PdfKitDocumentLike): void {
  const root = doc._root.data;
  if (!root.ViewerPreferences) root.ViewerPreferences = doc.ref({ DisplayDocTitle: true, Direction: 'R2L' });
  else root.ViewerPreferences.data['Direction'] = 'R2L';
}

function shiftForDuplex(doc: PdfKitDocumentLike): void {
  const shift = pageShift?.(doc._root.data.Pages.data.Count) ?? 0;
  if (shift !== 0) doc.translate(shift, 0);
}
