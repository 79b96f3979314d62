// The manifest written beside the PDF (out/briefing.json): what went in (each file with its SHA-256),
// what was selected and why, what came out. It also makes a scheduled rebuild cheap: a build whose
// inputs, config, templates, fonts and options all hash the same as last time, and whose outputs are
// still the files it wrote, has nothing to do.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article, Briefing, PackConfig, PdfStandard, PreviousPack } from './model.js';
import { readBounded } from './files.js';
import { PACKAGE_ROOT } from './paths.js';

// 2: paths relative to the pack's folder (1: to the folder the build was started from).
export const MANIFEST_FORMAT = 2;

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Larger than any input the build reads (max_article_mb is at most this): hashing stays bounded. */
const MAX_HASHED_BYTES = 1024 * 1024 * 1024;

/** A file's SHA-256; a FIFO, device or unreadable file is named as such, never read. */
function fileHash(path: string): string {
  const read = readBounded(path, MAX_HASHED_BYTES);
  return read.ok ? sha256(read.bytes) : read.reason;
}

/** The running code's hash as the launcher already worked it out (see setCodeIdentity). */
let launcherCodeHash: string | null = null;

/**
 * bin/briefing.js hashes the bundle it starts (its code cache must match it): that hash identifies
 * the code here too, instead of hashing the 1.6 MB bundle a second time on every build (~2 % of a
 * seed-pack build).
 */
export function setCodeIdentity(hash: string): void {
  launcherCodeHash = hash;
}

/**
 * A hash of the code that is running (the bundled command line): a new build of the tool with the
 * same version number must not find an old pack "up to date".
 */
function codeHash(): string {
  return launcherCodeHash ?? fileHash(fileURLToPath(import.meta.url)).slice(0, 16);
}

export function toolVersion(): string {
  const meta = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string };
  return meta.version ?? '0.0.0';
}

/** The pack's folder: the config's. Paths in the manifest are relative to it. */
export function packBase(config: PackConfig): string {
  return dirname(resolve(config.file));
}

/**
 * A path as the manifest writes it: relative to the pack's folder when inside it, with `/` on every
 * system, so the manifest — and the «جديد» comparison that reads it — is the same whichever folder
 * the build was started from and on every machine; elsewhere (the built-in templates) absolute.
 */
export function packPath(path: string, base: string): string {
  const absolute = resolve(path);
  const rel = relative(base, absolute);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? absolute : rel.split(sep).join('/');
}

export function templateFiles(config: PackConfig, builtinDir: string): string[] {
  const list = (dir: string): string[] => {
    try {
      return readdirSync(dir)
        .filter((n) => n.endsWith('.hbs'))
        .sort()
        .map((n) => join(dir, n));
    } catch {
      return [];
    }
  };
  return [...list(builtinDir), ...(config.templates ? list(config.templates) : [])];
}

/** Options that change the bytes written, beyond the files. */
export interface OutputOptions {
  copies: number | null;
  recipients: string[] | null;
  watermark: boolean;
  combined: boolean;
  booklet: boolean;
  /** A tagged PDF (structure tree, marked content). */
  tags: boolean;
  /** The standards the PDF claims (the config's unless --pdf-standard says otherwise). */
  standards: PdfStandard[];
}

export interface HashedFile {
  file: string;
  sha256: string;
}

/** Everything that decides the output, hashed: the same fingerprint means the same bytes. */
export interface BuildInputs {
  tool: { name: 'briefing'; version: string; code: string };
  config: HashedFile;
  inputs: HashedFile[];
  /** Files a saved web page keeps beside it (NAME_files/): its images can be in the pack. */
  pageFiles: HashedFile[];
  templates: HashedFile[];
  fonts: HashedFile[];
  options: OutputOptions;
  sourceDateEpoch: string | null;
}

export function collectInputs(
  config: PackConfig,
  files: readonly string[],
  options: OutputOptions,
  builtinTemplates: string,
): BuildInputs {
  const { fonts } = config;
  const fontFiles = [
    ...new Set(
      [fonts.regular, fonts.bold, fonts.heading, fonts.fallback, fonts.fallbackBold].filter(
        (f): f is string => f !== null,
      ),
    ),
  ];
  const base = packBase(config);
  const hashed = (path: string): HashedFile => ({ file: packPath(path, base), sha256: fileHash(path) });
  return {
    tool: { name: 'briefing', version: toolVersion(), code: codeHash() },
    config: hashed(config.file),
    inputs: files.map(hashed),
    pageFiles: files.flatMap(savedPageFiles).map(hashed),
    templates: templateFiles(config, builtinTemplates).map(hashed),
    fonts: fontFiles.map(hashed),
    options,
    sourceDateEpoch: process.env['SOURCE_DATE_EPOCH'] ?? null,
  };
}

/** The files of a browser's «Web page, complete» save of `file`, if it is one: NAME_files/, sorted. */
function savedPageFiles(file: string): string[] {
  if (!/\.x?html?$/i.test(file)) return [];
  const folder = file.replace(/\.x?html?$/i, '_files');
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}

export function fingerprint(inputs: BuildInputs): string {
  return sha256(JSON.stringify(inputs));
}

export interface OutputFile extends HashedFile {
  pages: number;
  copy?: number;
  recipient?: string;
}

export interface Manifest {
  format: number;
  fingerprint: string;
  tool: BuildInputs['tool'];
  config: HashedFile;
  inputs: (HashedFile & { title: string | null; date: string | null; notes: string[] })[];
  pageFiles: HashedFile[];
  templates: HashedFile[];
  fonts: HashedFile[];
  options: OutputOptions;
  sourceDateEpoch: string | null;
  themes: {
    id: string;
    title: string;
    sections: { file: string; section: number; heading: string | null; score: number; matched: string[] }[];
  }[];
  /** The pack's date and the articles it printed (address, else file): the next build's «جديد» compares with these. */
  pack: PreviousPack;
  /** The previous pack this one marked «جديد» against, or null. */
  previous: PreviousPack | null;
  warnings: string[];
  outputs: OutputFile[];
  pages: number;
}

export function buildManifest(
  inputs: BuildInputs,
  briefing: Briefing,
  warnings: readonly string[],
  outputs: OutputFile[],
): Manifest {
  const base = packBase(briefing.config);
  const articles = new Map(briefing.articles.map((a) => [packPath(a.file, base), a]));
  const outside = new Set(briefing.outsideWindow);
  return {
    format: MANIFEST_FORMAT,
    fingerprint: fingerprint(inputs),
    tool: inputs.tool,
    config: inputs.config,
    inputs: inputs.inputs.map((input) => {
      const article = articles.get(input.file);
      return {
        ...input,
        title: article?.title ?? null,
        date: article?.date ?? null,
        notes: article
          ? [
              ...article.warnings.map((w) => `${w.line !== undefined ? `line ${w.line}: ` : ''}${w.message}`),
              ...(outside.has(article.file) ? ['outside the window: not set'] : []),
            ]
          : ['skipped: not readable'],
      };
    }),
    pageFiles: inputs.pageFiles,
    templates: inputs.templates,
    fonts: inputs.fonts,
    options: inputs.options,
    sourceDateEpoch: inputs.sourceDateEpoch,
    themes: briefing.themes.map((t) => ({
      id: t.id,
      title: t.title,
      sections: t.sections.map((s) => ({
        file: packPath(s.file, base),
        section: s.sectionIndex,
        heading: s.heading,
        score: Number(s.score.toFixed(3)),
        matched: s.matches.map((m) => m.term),
      })),
    })),
    pack: { date: briefing.date, articles: printedArticles(briefing, base) },
    previous: briefing.previous ?? null,
    warnings: [...warnings],
    outputs: outputs.map((o) => ({ ...o, file: packPath(o.file, base) })),
    pages: outputs.reduce((n, o) => n + o.pages, 0),
  };
}

/** A manifest larger than this is not one of ours. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/**
 * The manifest at `manifestPath` as far as it parses, or null. Anything that is not a readable
 * manifest — a folder, a FIFO, `null`, a list — is as good as none: the pack is built again, and
 * the manifest rewritten.
 */
function readManifest(manifestPath: string): Partial<Manifest> | null {
  const read = readBounded(manifestPath, MAX_MANIFEST_BYTES);
  if (!read.ok) return null;
  try {
    const manifest = JSON.parse(read.bytes.toString('utf8')) as unknown;
    return typeof manifest === 'object' && manifest !== null && !Array.isArray(manifest)
      ? (manifest as Partial<Manifest>)
      : null;
  } catch {
    return null;
  }
}

/**
 * True when the manifest at `manifestPath` was written by a build with this fingerprint and every
 * output it lists is still there, byte for byte.
 */
export function upToDate(manifestPath: string, print: string, base: string): boolean {
  const manifest = readManifest(manifestPath);
  if (
    manifest === null ||
    !Array.isArray(manifest.outputs) ||
    !manifest.outputs.every(
      (o) => typeof o === 'object' && o !== null && typeof o.file === 'string' && typeof o.sha256 === 'string',
    )
  )
    return false;
  if (
    manifest.format !== MANIFEST_FORMAT ||
    manifest.fingerprint !== print ||
    !Array.isArray(manifest.outputs) ||
    manifest.outputs.length === 0
  )
    return false;
  return manifest.outputs.every((o) => {
    const file = resolve(base, o.file);
    return existsSync(file) && fileHash(file) === o.sha256;
  });
}

/** How packs name an article across builds: its address when it has one, else its file in the pack. */
export function articleIdentity(article: Article, base: string): string {
  return article.url ?? packPath(article.file, base);
}

/** The articles a pack printed, by identity, sorted. */
function printedArticles(briefing: Briefing, base: string): string[] {
  const byId = new Map(briefing.articles.map((a) => [a.id, a]));
  const printed = new Set(
    briefing.themes.flatMap((t) => t.sections.map((s) => articleIdentity(byId.get(s.articleId)!, base))),
  );
  return [...printed].sort();
}

/**
 * The pack a new build marks «جديد» against, from the manifest of the last build at that output:
 * that pack itself, or — when the last build had these very inputs (a forced rebuild) — the pack it
 * was compared with, so that rebuilding gives the same bytes. Null when there is none.
 */
export function previousPack(manifestPath: string, print: string): PreviousPack | null {
  const manifest = readManifest(manifestPath);
  // An older manifest names files another way: nothing in it could be matched.
  if (manifest === null || manifest.format !== MANIFEST_FORMAT) return null;
  const valid = (pack: unknown): pack is PreviousPack =>
    typeof pack === 'object' &&
    pack !== null &&
    Array.isArray((pack as PreviousPack).articles) &&
    (pack as PreviousPack).articles.every((a) => typeof a === 'string');
  if (manifest.fingerprint === print) return valid(manifest.previous) ? manifest.previous : null;
  return valid(manifest.pack)
    ? { date: typeof manifest.pack.date === 'string' ? manifest.pack.date : null, articles: manifest.pack.articles }
    : null;
}
