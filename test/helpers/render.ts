// Render paragraphs through the line layer and pdfmake, in-process, for read-back tests.
import pdfmake from 'pdfmake';
import type { Alignment } from '../../src/render/layout/index.js';
import { layoutParagraph } from '../../src/render/pdf/lines.js';
import { installSeam, registerFamilyFace } from '../../src/render/pdf/seam.js';
import { body, regular, bold } from './faces.js';

export const MARGIN = 60;

export async function renderParagraphs(
  paragraphs: string[],
  measure: number,
  options: { alignment?: Alignment; kashida?: boolean } = {},
): Promise<Buffer> {
  registerFamilyFace('Body', 'normal', regular);
  registerFamilyFace('Body', 'bold', bold);
  installSeam();
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => true);
  pdfmake.setFonts({ Body: { normal: regular.path, bold: bold.path, italics: regular.path, bolditalics: bold.path } });
  const content = paragraphs.map((text) => ({
    stack: layoutParagraph([{ text, style: body }], {
      measure,
      alignment: options.alignment ?? 'justify',
      kashida: options.kashida ?? false,
      lineHeight: 0.9,
    }),
    margin: [0, 0, 0, 10],
  }));
  const width = measure + 2 * MARGIN;
  return pdfmake
    .createPdf({
      pageSize: { width, height: 842 },
      pageMargins: [MARGIN, 50, MARGIN, 50],
      content,
      defaultStyle: { font: 'Body' },
    })
    .getBuffer();
}
