// Print-shop steps on finished PDFs: joining numbered copies into one file, and imposing A5 pages
// two-up on A4 sheets for a saddle-stitched booklet. pdfmake cannot place one page inside another,
// so these work on the PDF itself with pdf-lib (pages become form XObjects drawn on the sheets).
// pdf-lib is loaded only by a build that asks for one of these.
import type { PDFDocument as PdfDocument } from 'pdf-lib';

export interface PdfInfo {
  title: string;
  author: string;
  subject: string;
  timestamp: Date;
}

async function pdfLib(): Promise<typeof import('pdf-lib')> {
  return import('pdf-lib');
}

/** Same metadata on every file we write, and no clock or random id: identical inputs, identical bytes. */
function stamp(doc: PdfDocument, info: PdfInfo, PDFName: typeof import('pdf-lib').PDFName): void {
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  doc.setAuthor(info.author);
  doc.setSubject(info.subject);
  doc.setCreator('briefing');
  doc.setProducer('briefing (pdfmake, pdf-lib)');
  doc.setLanguage('ar');
  doc.setCreationDate(info.timestamp);
  doc.setModificationDate(info.timestamp);
  const preferences = doc.catalog.getOrCreateViewerPreferences();
  preferences.dict.set(PDFName.of('Direction'), PDFName.of('R2L'));
}

/** Several PDFs one after another in one file (numbered copies for one print job). */
export async function joinPdfs(parts: readonly Uint8Array[], info: PdfInfo): Promise<{ pdf: Buffer; pages: number }> {
  const { PDFDocument, PDFName } = await pdfLib();
  const joined = await PDFDocument.create({ updateMetadata: false });
  for (const part of parts) {
    const source = await PDFDocument.load(part, { updateMetadata: false });
    const pages = await joined.copyPages(source, source.getPageIndices());
    for (const page of pages) joined.addPage(page);
  }
  stamp(joined, info, PDFName);
  return { pdf: Buffer.from(await joined.save({ useObjectStreams: false })), pages: joined.getPageCount() };
}

/**
 * Which page sits where on each side of each sheet of a right-to-left saddle-stitched booklet of
 * `pages` pages (a multiple of 4), 1-based, as [left half, right half], sheets in printing order
 * (sheet 1 front, sheet 1 back, sheet 2 front, ...).
 *
 * A booklet that opens on the right has its spine on the right of page 1: the outer sheet's front
 * carries page 1 on the left half and the last page on the right; its back carries the second
 * page on the right and the second-to-last on the left. This is the left-to-right imposition
 * mirrored.
 */
export function bookletOrder(pages: number): [number, number][] {
  if (pages % 4 !== 0 || pages <= 0) throw new Error(`booklet needs a multiple of 4 pages, got ${pages}`);
  const sides: [number, number][] = [];
  for (let sheet = 0; sheet < pages / 4; sheet++) {
    sides.push([1 + 2 * sheet, pages - 2 * sheet]);
    sides.push([pages - 1 - 2 * sheet, 2 + 2 * sheet]);
  }
  return sides;
}

/** Pages padded with blanks at the back to a multiple of four. */
export function bookletLength(pages: number): number {
  return Math.ceil(pages / 4) * 4;
}

const A4_LANDSCAPE: [number, number] = [841.89, 595.28];

/**
 * A5 pages two-up on A4 landscape sheets in booklet order: print double-sided (flip on the short
 * edge), fold the stack once and staple on the fold.
 */
export async function imposeBooklet(
  a5: Uint8Array,
  info: PdfInfo,
): Promise<{ pdf: Buffer; pages: number; pagesBeforeImposition: number }> {
  const { PDFDocument, PDFName } = await pdfLib();
  const source = await PDFDocument.load(a5, { updateMetadata: false });
  const count = source.getPageCount();
  const sheetDoc = await PDFDocument.create({ updateMetadata: false });
  const embedded = await sheetDoc.embedPages(source.getPages());
  const [width, height] = A4_LANDSCAPE;
  const half = width / 2;
  for (const [left, right] of bookletOrder(bookletLength(count))) {
    const sheet = sheetDoc.addPage([width, height]);
    for (const [pageNumber, x0] of [
      [left, 0],
      [right, half],
    ] as const) {
      const page = embedded[pageNumber - 1];
      if (!page) continue; // a blank page padding the booklet
      // Centred in its half: A5 is a hair narrower than half an A4 sheet.
      sheet.drawPage(page, { x: x0 + (half - page.width) / 2, y: (height - page.height) / 2 });
    }
  }
  stamp(sheetDoc, info, PDFName);
  return {
    pdf: Buffer.from(await sheetDoc.save({ useObjectStreams: false })),
    pages: sheetDoc.getPageCount(),
    pagesBeforeImposition: count,
  };
}
