// Render stage: Briefing → templates → markup → pdfmake document (lines from our RTL layer) → PDF bytes.
import { resolve } from 'node:path';
import type { Briefing } from '../model.js';
import { DocumentBuilder, FAMILY, type Faces } from './document.js';
import { loadFace } from './fonts.js';
import { parseMarkup } from './markup.js';
import { installSeam, registerFamilyFace, setPageShift } from './pdfkit-seam.js';
import { pageGeometry } from './styles.js';
import { loadTemplates, renderMarkup } from './templates.js';
import { buildView } from './view.js';
import { PACKAGE_ROOT } from '../paths.js';
import { NO_CLOCK, type PhaseClock } from '../timings.js';

export const BUILTIN_TEMPLATES = resolve(PACKAGE_ROOT, 'templates');

export interface RenderOptions {
  templatesDir?: string;
  /** Fixed timestamp for the PDF's dates (reproducible builds). */
  timestamp: Date;
  clock?: PhaseClock;
}

export function loadFaces(briefing: Briefing): Faces {
  const { fonts } = briefing.config;
  return { regular: loadFace(fonts.regular), bold: loadFace(fonts.bold), heading: loadFace(fonts.heading) };
}

export async function renderPdf(briefing: Briefing, options: RenderOptions): Promise<Buffer> {
  const clock = options.clock ?? NO_CLOCK;
  const faces = loadFaces(briefing);
  const templates = loadTemplates(BUILTIN_TEMPLATES, options.templatesDir ?? briefing.config.templates);
  const { markup, sources } = renderMarkup(templates, buildView(briefing), briefing.config.digits);
  const markupFile = templates.files.get('pack')!.path;
  const tree = parseMarkup(markup, markupFile, sources);
  clock.lap('templates');

  const { config } = briefing;
  const page = pageGeometry(config.page.size);
  const builder = new DocumentBuilder({
    page,
    duplex: config.page.duplex,
    faces,
    kashida: config.justify === 'kashida',
    justify: config.justify !== 'none',
    digits: config.digits,
    title: config.title,
    marking: config.marking ?? null,
  });
  const content = builder.build(tree);
  const { header, footer } = builder.furniture();
  clock.lap('line layout');

  registerFamilyFace(FAMILY.body, 'normal', faces.regular);
  registerFamilyFace(FAMILY.body, 'bold', faces.bold);
  registerFamilyFace(FAMILY.heading, 'normal', faces.heading);
  registerFamilyFace(FAMILY.heading, 'bold', faces.heading);
  installSeam();
  // pdfmake costs a quarter of a second to load: only builds pay for it.
  const { default: pdfmake } = await import('pdfmake');
  clock.lap('load pdfmake');
  const allowed = new Set([faces.regular.path, faces.bold.path, faces.heading.path]);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => allowed.has(resolve(path)));
  pdfmake.setFonts({
    [FAMILY.body]: { normal: faces.regular.path, bold: faces.bold.path, italics: faces.regular.path, bolditalics: faces.bold.path },
    [FAMILY.heading]: { normal: faces.heading.path, bold: faces.heading.path, italics: faces.heading.path, bolditalics: faces.heading.path },
  });
  // Duplex: the binding edge is on the right (Arabic books bind right), so an odd page — the front of
  // a leaf — has its wider, inner margin on the right: its content moves left by half the gutter,
  // an even page's moves right.
  setPageShift(config.page.duplex ? (n) => (n % 2 === 1 ? -page.gutter / 2 : page.gutter / 2) : null);
  const doc = {
    pageSize: page.size,
    pageMargins: page.margins,
    pageBreakBefore: config.page.duplex ? builder.pageBreakBefore : undefined,
    language: 'ar',
    info: {
      title: config.title,
      author: config.organisation ?? 'briefing',
      subject: config.subtitle ?? config.title,
      keywords: config.themes.map((t) => t.title).join('، '),
      creator: 'briefing',
      producer: 'briefing (pdfmake)',
      creationDate: options.timestamp,
      modDate: options.timestamp,
    },
    defaultStyle: { font: FAMILY.body },
    content,
    header,
    footer,
  };
  const pdf = await pdfmake.createPdf(doc).getBuffer();
  clock.lap('pdfmake');
  return pdf;
}
