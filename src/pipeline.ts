// The three stages wired together; the CLI calls these and only formats what they return.
import { basename, dirname, extname, join } from 'node:path';
import { packInputs } from './config/inputs.js';
import { loadConfig } from './config/load.js';
import { loadRecipients, recipientsPath } from './config/recipients.js';
import { UserError } from './errors.js';
import { ingestFiles } from './ingest/index.js';
import {
  buildManifest,
  collectInputs,
  fingerprint,
  packBase,
  previousPack,
  sha256,
  templateFiles,
  upToDate,
  type Manifest,
  type OutputFile,
  type OutputOptions,
} from './manifest.js';
import { standardsConflict, type Briefing, type PackConfig, type PackWarning, type PdfStandard } from './model.js';
import { checkOutputs, writeAll } from './output.js';
import { BUILTIN_TEMPLATES, planRender, renderPdf, type RenderPlan } from './render/index.js';
import type { CopyNumber } from './render/view.js';
import { select } from './select/index.js';
import { NO_CLOCK, type PhaseClock } from './timings.js';

export interface Prepared {
  briefing: Briefing;
  /** Input files that could not be read, each as an error naming the file. */
  skipped: UserError[];
}

export function prepareBriefing(configFile: string, onProgress: (message: string) => void = () => undefined): Prepared {
  const config = loadConfig(configFile);
  return prepareFrom(config, packInputs(config, configFile), onProgress);
}

function prepareFrom(config: PackConfig, files: string[], onProgress: (message: string) => void): Prepared {
  const { articles, skipped } = ingestFiles(files, config.maxArticleBytes);
  onProgress(`parsed ${articles.length} of ${files.length} files`);
  // Nothing to build: say why, file by file, rather than only that nothing was read.
  if (articles.length === 0)
    throw UserError.all([
      new UserError('no readable articles among the inputs', { file: config.file }),
      ...skipped.map((e) => new UserError(`${e.message} (skipped)`, e.location)),
    ]);
  const briefing = select(articles, config);
  // Problems with an article (undated, title only, not UTF-8…) are the pack's warnings too; routine
  // cleaning (a repeated body dropped) is not.
  const articleWarnings: PackWarning[] = articles.flatMap((a) =>
    a.warnings
      .filter((w) => !w.cleanup && !(w.undated && config.allowUndated))
      .map((w) => ({ file: a.file, message: w.message, ...(w.line !== undefined ? { line: w.line } : {}) })),
  );
  briefing.warnings.unshift(...articleWarnings);
  const sections = briefing.themes.reduce((n, t) => n + t.sections.length, 0);
  onProgress(`selected ${sections} sections for ${briefing.themes.length} themes`);
  return { briefing, skipped };
}

/** Every warning of a run, one line each: «file:line message». */
export function warningLines(skipped: readonly UserError[], warnings: readonly PackWarning[]): string[] {
  return [
    ...skipped.map((e) => `${e.toLine()} (skipped)`),
    ...warnings.map((w) =>
      new UserError(w.message, { file: w.file, ...(w.line !== undefined ? { line: w.line } : {}) }).toLine(),
    ),
  ];
}

/** Under --strict, warnings are errors: all of them, one line each, and nothing is written. */
export function failOnWarnings(skipped: readonly UserError[], warnings: readonly PackWarning[]): void {
  const errors = [
    ...skipped.map((e) => new UserError(`${e.message}; --strict allows no skipped input`, e.location)),
    ...warnings.map(
      (w) =>
        new UserError(`${w.message}; --strict allows no warnings`, {
          file: w.file,
          ...(w.line !== undefined ? { line: w.line } : {}),
        }),
    ),
  ];
  if (errors.length > 0) throw UserError.all(errors);
}

const MAX_PDF_DATE = Date.UTC(9999, 11, 31, 23, 59, 59);

/** The PDF's dates: SOURCE_DATE_EPOCH when set (reproducible CI builds), else the pack's date. */
export function buildTimestamp(briefing: Briefing): Date {
  const epoch = process.env['SOURCE_DATE_EPOCH'];
  if (epoch && /^\d+$/.test(epoch)) {
    // Seconds since 1970, as reproducible-builds.org defines it; a PDF date holds four-digit years.
    const date = new Date(Number(epoch) * 1000);
    if (!(date.getTime() <= MAX_PDF_DATE))
      throw new UserError(
        `SOURCE_DATE_EPOCH=${epoch.slice(0, 20)} is past the year 9999: give seconds since 1970-01-01`,
      );
    return date;
  }
  if (epoch)
    throw new UserError(`SOURCE_DATE_EPOCH=${epoch.slice(0, 20)} is not a whole number of seconds since 1970-01-01`);
  return new Date(`${briefing.date ?? '2000-01-01'}T00:00:00Z`);
}

export interface CheckResult {
  articles: number;
  files: number;
  sections: number;
  themes: number;
  warnings: string[];
}

/** `briefing check`: config, inputs, templates and glyph coverage, without drawing a page. */
export function checkPack(configFile: string, strict: boolean): CheckResult {
  const config = loadConfig(configFile);
  const files = packInputs(config, configFile);
  const { briefing, skipped } = prepareFrom(config, files, () => undefined);
  const plan = planRender(briefing);
  const warnings = [...briefing.warnings, ...plan.warnings];
  if (strict) failOnWarnings(skipped, warnings);
  return {
    articles: briefing.articles.length,
    files: files.length,
    sections: briefing.themes.reduce((n, t) => n + t.sections.length, 0),
    themes: briefing.themes.length,
    warnings: warningLines(skipped, warnings),
  };
}

export interface BuildRequest {
  configFile: string;
  out: string;
  strict: boolean;
  /** Rebuild even when the manifest says nothing changed. */
  force: boolean;
  copies: number | null;
  recipientsFile: string | null;
  watermark: boolean;
  /** Numbered copies in one PDF (default: one PDF per copy). */
  combined: boolean;
  booklet: boolean;
  /** A tagged PDF (the default); false for --no-pdf-tags. */
  tags?: boolean;
  /** --pdf-standard: replaces the config's pdf_standard; null or absent keeps it. */
  standards?: PdfStandard[] | null;
  onProgress?: (message: string) => void;
  clock?: PhaseClock;
  /** Awaited after every copy is laid out and before anything is written (the interrupt test holds here). */
  beforeWrite?: () => Promise<void>;
  /**
   * `watch`'s first build: an up-to-date pack is still built, in memory, and nothing written, so the
   * process holds the parsed articles, laid-out paragraphs and pages the first edit's rebuild reuses
   * (otherwise that rebuild would cost a cold build).
   */
  warmWhenUpToDate?: boolean;
}

export type BuildOutcome =
  | {
      status: 'up-to-date';
      manifestFile: string;
      outputs: string[];
      /** Built in memory all the same (warmWhenUpToDate), nothing written. */
      warmed: boolean;
    }
  | {
      status: 'built';
      manifestFile: string;
      /** The files written, as the request named them (the manifest names them from the pack's folder). */
      outputs: string[];
      manifest: Manifest;
      briefing: Briefing;
      warnings: string[];
      bytes: number;
    };

/** The manifest beside the PDF: out/briefing.pdf → out/briefing.json. */
export function manifestPathFor(out: string): string {
  return join(dirname(out), `${basename(out, extname(out))}.json`);
}

/** out/briefing.pdf → out/briefing-03.pdf for copy 3 of up to 99. */
export function copyPath(out: string, copy: number, total: number): string {
  const ext = extname(out) || '.pdf';
  // Two digits at least (briefing-01.pdf), so a folder listing sorts the copies in order.
  return join(
    dirname(out),
    `${basename(out, extname(out))}-${String(copy).padStart(Math.max(2, String(total).length), '0')}${ext}`,
  );
}

export async function buildPack(request: BuildRequest): Promise<BuildOutcome> {
  const progress = request.onProgress ?? (() => undefined);
  const clock = request.clock ?? NO_CLOCK;
  const config = loadConfig(request.configFile);
  const files = packInputs(config, request.configFile);
  const recipientsFile = request.recipientsFile ? recipientsPath(request.recipientsFile, request.configFile) : null;
  const recipients = recipientsFile ? loadRecipients(recipientsFile) : null;
  if (request.copies !== null && recipients) throw new UserError('give --copies or --recipients, not both');
  const options: OutputOptions = {
    copies: recipients ? recipients.length : request.copies,
    recipients,
    watermark: request.watermark,
    combined: request.combined,
    booklet: request.booklet,
    tags: request.tags ?? true,
    standards: request.standards ?? config.pdfStandards,
  };
  checkPdfOptions(options);
  const inputs = collectInputs(config, files, options, BUILTIN_TEMPLATES);
  const manifestFile = manifestPathFor(request.out);
  // Before any work: no output may land on something it would destroy.
  const { fonts } = config;
  checkOutputs(
    [...plannedOutputs(request.out, options), manifestFile],
    [
      ...files.map((path) => ({ path, what: 'an input article' })),
      { path: config.file, what: 'the config' },
      ...templateFiles(config, BUILTIN_TEMPLATES).map((path) => ({ path, what: 'a template' })),
      ...[fonts.regular, fonts.bold, fonts.heading, fonts.fallback, fonts.fallbackBold].flatMap((path) =>
        path ? [{ path, what: 'a font' }] : [],
      ),
      ...(recipientsFile ? [{ path: recipientsFile, what: 'the recipients list' }] : []),
    ],
  );
  const print = fingerprint(inputs);
  const upToDateAlready = !request.force && upToDate(manifestFile, print, packBase(config));
  const upToDateOutcome = (warmed: boolean): BuildOutcome => ({
    status: 'up-to-date',
    manifestFile,
    outputs: plannedOutputs(request.out, options),
    warmed,
  });
  if (upToDateAlready && !request.warmWhenUpToDate) return upToDateOutcome(false);

  const { briefing, skipped } = prepareFrom(config, files, progress);
  // «جديد» against the pack this output held before (its manifest), never against the clock.
  briefing.previous = config.markNew ? previousPack(manifestFile, print) : null;
  clock.lap('ingest+select');
  const plan = planRender(briefing);
  const warnings = [...briefing.warnings, ...plan.warnings];
  // A pack already built from these very inputs passed whatever check built it; warming only reads.
  if (request.strict && !upToDateAlready) failOnWarnings(skipped, warnings);

  const copies: (CopyNumber | null)[] =
    options.copies === null
      ? [null]
      : Array.from({ length: options.copies }, (_, i) => ({
          number: i + 1,
          total: options.copies!,
          recipient: recipients?.[i] ?? null,
        }));
  if (upToDateAlready) {
    // Warming: one copy, laid out and drawn, holds everything the next rebuild can reuse.
    await renderOne(briefing, plan, copies[0]!, request, options, clock);
    return upToDateOutcome(true);
  }
  const rendered: { pdf: Buffer; pages: number; copy: CopyNumber | null }[] = [];
  for (const copy of copies) {
    const one = await renderOne(briefing, plan, copy, request, options, clock);
    rendered.push({ ...one, copy });
    progress(`laid out ${one.pages} pages${copy ? ` (copy ${copy.number} of ${copy.total})` : ''}`);
  }

  const info = pdfInfo(briefing);
  const outputs: { path: string; pdf: Buffer; pages: number; copy: CopyNumber | null }[] = [];
  if (copies.length > 1 && request.combined) {
    const { joinPdfs } = await import('./render/pdf/impose.js');
    const joined = await joinPdfs(
      rendered.map((r) => r.pdf),
      info,
    );
    outputs.push({ path: request.out, pdf: joined.pdf, pages: joined.pages, copy: null });
  } else if (copies.length > 1) {
    for (const r of rendered)
      outputs.push({
        path: copyPath(request.out, r.copy!.number, r.copy!.total),
        pdf: r.pdf,
        pages: r.pages,
        copy: r.copy,
      });
  } else {
    outputs.push({ path: request.out, pdf: rendered[0]!.pdf, pages: rendered[0]!.pages, copy: rendered[0]!.copy });
  }

  await request.beforeWrite?.();

  const listed: OutputFile[] = outputs.map((o) => ({
    file: o.path,
    sha256: sha256(o.pdf),
    pages: o.pages,
    ...(o.copy ? { copy: o.copy.number } : {}),
    ...(o.copy?.recipient ? { recipient: o.copy.recipient } : {}),
  }));
  const lines = warningLines(skipped, warnings);
  const manifest = buildManifest(inputs, briefing, lines, listed);
  // Both or nothing: every PDF and the manifest to temporary files, then renamed, the manifest last.
  writeAll([
    ...outputs.map((o) => ({ path: o.path, data: o.pdf })),
    { path: manifestFile, data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
  ]);
  clock.lap('write');
  return {
    status: 'built',
    manifestFile,
    outputs: outputs.map((o) => o.path),
    manifest,
    briefing,
    warnings: lines,
    bytes: outputs.reduce((n, o) => n + o.pdf.length, 0),
  };
}

/**
 * Standards need the structure tree, and a booklet or combined copies are new files pdf-lib puts
 * together from finished pages, without it: those builds are untagged and claim nothing.
 */
function checkPdfOptions(options: OutputOptions): void {
  const { standards } = options;
  if (standards.length === 0) return;
  const named = `--pdf-standard ${standards.join(',')}`;
  const conflict = standardsConflict(standards);
  if (conflict) throw new UserError(`${named}: ${conflict}`);
  if (!options.tags) throw new UserError(`${named} needs a tagged PDF: leave out --no-pdf-tags`);
  if (options.booklet) throw new UserError(`${named} cannot be met by a booklet (its imposed sheets carry no tags)`);
  if (options.combined && options.copies !== null && options.copies > 1)
    throw new UserError(`${named} cannot be met by --combined copies (joined files carry no tags)`);
}

function plannedOutputs(out: string, options: OutputOptions): string[] {
  if (options.copies === null || options.copies <= 1 || options.combined) return [out];
  return Array.from({ length: options.copies }, (_, i) => copyPath(out, i + 1, options.copies!));
}

function pdfInfo(briefing: Briefing): { title: string; author: string; subject: string; timestamp: Date } {
  const { config } = briefing;
  return {
    title: config.title,
    author: config.organisation ?? 'briefing',
    subject: config.subtitle ?? config.title,
    timestamp: buildTimestamp(briefing),
  };
}

/** One PDF of the pack (one copy), imposed as a booklet when asked. */
async function renderOne(
  briefing: Briefing,
  plan: RenderPlan,
  copy: CopyNumber | null,
  request: BuildRequest,
  options: OutputOptions,
  clock: PhaseClock,
): Promise<{ pdf: Buffer; pages: number }> {
  const timestamp = buildTimestamp(briefing);
  const one = await renderPdf(briefing, plan, {
    timestamp,
    clock,
    copy,
    watermark: request.watermark,
    // A booklet's sheets are new pages pdf-lib draws the A5 pages on: a structure tree would not survive.
    tags: options.tags && !options.booklet,
    standards: options.standards,
    ...(request.booklet ? { pageSize: 'A5' as const } : {}),
  });
  if (!request.booklet) return one;
  const { imposeBooklet } = await import('./render/pdf/impose.js');
  const imposed = await imposeBooklet(one.pdf, pdfInfo(briefing));
  clock.lap('booklet');
  return { pdf: imposed.pdf, pages: imposed.pages };
}

/** For tests and the benchmark: the whole pack as bytes, nothing written. */
export async function buildPdf(
  briefing: Briefing,
  options: { clock?: PhaseClock; templatesDir?: string } = {},
): Promise<Buffer> {
  const plan = planRender(briefing, options.templatesDir ? { templatesDir: options.templatesDir } : {});
  const { pdf } = await renderPdf(briefing, plan, {
    timestamp: buildTimestamp(briefing),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return pdf;
}
