// The PDF backend's reach into pdfmake and pdfkit: one file per upstream method replaced, each headed
// by what it replaces and why, CORRECTNESS (what Arabic print needs) or SPEED (the same bytes, sooner):
//   provide-font.ts   PDFDocument.provideFont → HarfBuzz shaping for pdfkit's layout and encode (correctness;
//                     its raw glyph copying into the subset is speed)
//   fragment.ts       PDFDocument._fragment → runs drawn with their /ActualText text layer (correctness)
//   build-inlines.ts  TextInlines.buildInlines → laid-out lines keep our widths (correctness)
//   tag-content.ts    Renderer.renderLine/renderVector/renderImage/renderWatermark, and the fragment and
//                     end of the document → marked content, artifacts and the structure tree of a
//                     tagged PDF (correctness; inactive in an untagged build)
//   add-page.ts       PDFDocument.addPage → duplex shift, R2L, name-tree order (correctness); batched
//                     content writes (speed, ./batch-writes.ts)
// BRIEFING_SPEED_PATCHES=off installs only the correctness ones; the PDF is byte-identical either way
// (test/seam.test.ts builds the seed pack both ways).
//
// Pinned: pdfmake 0.3.11 / pdfkit 0.19.1 (package.json uses exact versions). test/seam.test.ts fails
// if an upgrade moves this seam (the method, the glyph fields pdfkit reads, or the class we patch).
import { createRequire } from 'node:module';
import type { FontFace } from '../fonts.js';
import { installAddPage } from './add-page.js';
import { installLaidOutInlines } from './build-inlines.js';
import { installFragment } from './fragment.js';
import { installProvideFont } from './provide-font.js';
import { installTagging } from './tag-content.js';
import type { PdfDocumentClass } from './types.js';

export { batchWrites } from './batch-writes.js';
export { byPdfStringBytes, setPageShift } from './add-page.js';

export const PINNED = { pdfmake: '0.3.11', pdfkit: '0.19.1' } as const;

/** (family, variant) → our face; filled by the render stage before each build. */
const facesByFamily = new Map<string, FontFace>();

export function registerFamilyFace(
  family: string,
  variant: 'normal' | 'bold' | 'italics' | 'bolditalics',
  face: FontFace,
): void {
  facesByFamily.set(`${family}/${variant}`, face);
}

/** Whether the speed patches are installed: all but BRIEFING_SPEED_PATCHES=off. */
export function speedPatchesOn(): boolean {
  return process.env['BRIEFING_SPEED_PATCHES'] !== 'off';
}

let installed = false;

/** Installs the backend's patches into pdfmake and pdfkit (see the header). Idempotent. */
export function installSeam(): void {
  if (installed) return;
  const speed = speedPatchesOn();
  // The very module pdfmake loads (in the bundle, scripts/bundle.js turns this into a plain require).
  const module = createRequire(import.meta.url)('pdfmake/js/PDFDocument.js') as { default: PdfDocumentClass };
  const proto = module.default.prototype;
  installProvideFont(proto, (family, variant) => facesByFamily.get(`${family}/${variant}`), speed);
  installFragment(proto);
  installTagging(proto);
  installAddPage(proto, speed);
  installLaidOutInlines();
  installed = true;
}
