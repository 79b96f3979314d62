// Render stage: Briefing → templates → markup → pdfmake document (lines from our RTL layer) → PDF bytes.
import { resolve } from 'node:path';
import type { Briefing, PackWarning, PdfStandard } from '../model.js';
import { DocumentBuilder, FAMILY, type Faces } from './pdf/document.js';
import { isLoaded, loadFace, type FontFace } from './fonts.js';
import { parseMarkup } from './markup.js';
import { installSeam, registerFamilyFace, setPageShift } from './pdf/seam.js';
import { pageGeometry, type PageSize } from './styles.js';
import { loadTemplates, renderMarkup, type TemplateSet } from './templates.js';
import { buildView, copyLabel, type CopyNumber } from './view.js';
import { missingGlyphs } from './coverage.js';
import type { MarkupElement } from './markup.js';
import { PACKAGE_ROOT } from '../paths.js';
import { NO_CLOCK, type PhaseClock } from '../timings.js';
import { UserError } from '../errors.js';
import { accessibilityProblems } from './pdf/structure.js';
import { packObjects } from './pdf/compact.js';

export const BUILTIN_TEMPLATES = resolve(PACKAGE_ROOT, 'templates');

export function loadFaces(briefing: Briefing): Faces {
  const { fonts } = briefing.config;
  return {
    regular: loadFace(fonts.regular),
    bold: loadFace(fonts.bold),
    heading: loadFace(fonts.heading),
    fallback: (bold) => {
      const path = bold ? fonts.fallbackBold : fonts.fallback;
      return path ? loadFace(path, 'fallback') : null;
    },
  };
}

/** The fallback faces the layout opened (it opens them only for characters the Arabic faces lack). */
function usedFallbacks(briefing: Briefing): { regular: FontFace | null; bold: FontFace | null } {
  const { fallback, fallbackBold } = briefing.config.fonts;
  return {
    regular: fallback && isLoaded(fallback) ? loadFace(fallback, 'fallback') : null,
    bold: fallbackBold && isLoaded(fallbackBold) ? loadFace(fallbackBold, 'fallback') : null,
  };
}

/** What the render stage knows before drawing: faces, templates, and the problems it found. */
export interface RenderPlan {
  faces: Faces;
  templates: TemplateSet;
  /** Missing glyphs, template files nothing uses: fatal under --strict. */
  warnings: PackWarning[];
  /** The pack's markup (unnumbered), rendered while checking the templates: drawn as it is. */
  tree: MarkupElement;
}

/**
 * Everything that can fail before a page is drawn: fonts open, templates load, compile and produce
 * valid markup, every printed character has a glyph. `briefing check` stops here.
 */
export function planRender(briefing: Briefing, options: { templatesDir?: string } = {}): RenderPlan {
  const faces = loadFaces(briefing);
  const templates = loadTemplates(BUILTIN_TEMPLATES, options.templatesDir ?? briefing.config.templates);
  // Rendered once here, and reused by an unnumbered build. A numbered copy renders its own (its
  // template branches are checked then, still before anything is written).
  const tree = markupTree(briefing, templates, null);
  return { faces, templates, tree, warnings: [...templates.warnings, ...missingGlyphs(briefing, faces)] };
}

function markupTree(briefing: Briefing, templates: TemplateSet, copy: CopyNumber | null): MarkupElement {
  const { markup, sources } = renderMarkup(templates, buildView(briefing, copy), briefing.config.digits);
  return parseMarkup(markup, templates.files.get('pack')!.path, sources);
}

export interface RenderOptions {
  /** Fixed timestamp for the PDF's dates (reproducible builds). */
  timestamp: Date;
  clock?: PhaseClock;
  /** A numbered copy: on the cover and in every footer. */
  copy?: CopyNumber | null;
  /** Print the copy's recipient (or number) across every page, lightly. */
  watermark?: boolean;
  /** Lay out on this paper instead of the config's (the booklet lays out A5 pages). */
  pageSize?: PageSize;
  /** A tagged PDF (structure tree, marked content, artifacts); default true. */
  tags?: boolean;
  /** Standards the PDF must meet and claims (PDF/A-2b or -3b, PDF/UA-1); they need tags. */
  standards?: readonly PdfStandard[];
}

export interface RenderedPdf {
  pdf: Buffer;
  pages: number;
}

export async function renderPdf(briefing: Briefing, plan: RenderPlan, options: RenderOptions): Promise<RenderedPdf> {
  const clock = options.clock ?? NO_CLOCK;
  const { faces } = plan;
  const copy = options.copy ?? null;
  const tree = copy ? markupTree(briefing, plan.templates, copy) : plan.tree;
  clock.lap('templates');

  const { config } = briefing;
  const page = pageGeometry(options.pageSize ?? config.page.size);
  const copyText = copy ? copyLabel(copy, config.digits) : null;
  const builder = new DocumentBuilder({
    page,
    duplex: config.page.duplex,
    images: new Set(
      briefing.articles.flatMap((a) => a.blocks.flatMap((b) => (b.kind === 'figure' && b.image ? [b.image] : []))),
    ),
    faces,
    kashida: config.justify === 'kashida',
    kashidaPerLine: config.kashidaPerLine,
    justify: config.justify !== 'none',
    digits: config.digits,
    title: config.title,
    marking: [config.marking, copyText].filter(Boolean).join(' · ') || null,
  });
  const content = builder.build(tree);
  const tagged = options.tags ?? true;
  const standards = options.standards ?? [];
  // Which standards can be met with which options is settled by the pipeline (checkPdfOptions).
  if (tagged && standards.length > 0) {
    if (standards.includes('ua-1')) {
      const problems = accessibilityProblems(builder.structure).map(
        (problem) => new UserError(`PDF/UA-1: ${problem.message}`, problem.source ?? {}),
      );
      if (problems.length > 0) throw UserError.all(problems);
    }
    builder.structure.standards = standards;
  }
  const { header, footer } = builder.furniture();
  clock.lap('line layout');

  registerFamilyFace(FAMILY.body, 'normal', faces.regular);
  registerFamilyFace(FAMILY.body, 'bold', faces.bold);
  registerFamilyFace(FAMILY.heading, 'normal', faces.heading);
  registerFamilyFace(FAMILY.heading, 'bold', faces.heading);
  const fallbacks = usedFallbacks(briefing);
  if (fallbacks.regular) registerFamilyFace(FAMILY.fallback, 'normal', fallbacks.regular);
  if (fallbacks.bold) registerFamilyFace(FAMILY.fallback, 'bold', fallbacks.bold);
  installSeam();
  // pdfmake costs a quarter of a second to load: only builds pay for it.
  const { default: pdfmake } = await import('pdfmake');
  clock.lap('load pdfmake');
  const allowed = new Set([
    faces.regular.path,
    faces.bold.path,
    faces.heading.path,
    fallbacks.regular?.path,
    fallbacks.bold?.path,
  ]);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => allowed.has(resolve(path)));
  pdfmake.setFonts({
    [FAMILY.body]: {
      normal: faces.regular.path,
      bold: faces.bold.path,
      italics: faces.regular.path,
      bolditalics: faces.bold.path,
    },
    [FAMILY.heading]: {
      normal: faces.heading.path,
      bold: faces.heading.path,
      italics: faces.heading.path,
      bolditalics: faces.heading.path,
    },
    ...fallbackFamily(fallbacks),
  });
  // Duplex: the binding edge is on the right (Arabic books bind right), so an odd page — the front of
  // a leaf — has its wider, inner margin on the right: its content moves left by half the gutter,
  // an even page's moves right.
  setPageShift(config.page.duplex ? (n) => (n % 2 === 1 ? -page.gutter / 2 : page.gutter / 2) : null);
  const watermarkText = options.watermark && copy ? (copy.recipient ?? copyText) : null;
  const doc = {
    pageSize: page.size,
    pageMargins: page.margins,
    language: 'ar',
    // Tagged: PDF 1.7 (structure types and artifact kinds of 1.7), the title shown instead of the file
    // name. Untagged builds stay PDF 1.3 as they have always been written.
    ...(tagged ? { tagged: true, displayTitle: true, version: '1.7' } : {}),
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
    // Light grey, no colour: it must survive a black-and-white printer and never hide the text.
    ...(watermarkText
      ? {
          watermark: {
            text: watermarkText,
            font: FAMILY.body,
            color: '#000000',
            opacity: 0.08,
            bold: true,
            angle: -45,
          },
        }
      : {}),
    content,
    header,
    footer,
  };
  const written = await pdfmake.createPdf(doc).getBuffer();
  // A tagged file's structure tree is hundreds of small objects: into compressed object streams.
  const pdf = tagged ? packObjects(written) : written;
  clock.lap('pdfmake');
  return { pdf, pages: builder.pageCount };
}

function fallbackFamily(fallbacks: {
  regular: FontFace | null;
  bold: FontFace | null;
}): Record<string, { normal: string; bold: string; italics: string; bolditalics: string }> {
  const regular = fallbacks.regular ?? fallbacks.bold;
  const bold = fallbacks.bold ?? fallbacks.regular;
  if (!regular || !bold) return {};
  return {
    [FAMILY.fallback]: { normal: regular.path, bold: bold.path, italics: regular.path, bolditalics: bold.path },
  };
}
