// briefing.yaml → PackConfig. Parsed with `yaml` (which keeps node positions) and validated with a
// strict zod schema, so a typo'd key or a wrong type is reported as «file:line:column path: message».
import { realpathSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { LineCounter, isAlias, isMap, isNode, isScalar, parseDocument, visit, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../errors.js';
import { readBounded, unreadable } from '../files.js';
import type { PackConfig, SectionPick, WeightedTerm } from '../model.js';
import { PACKAGE_ROOT } from '../paths.js';
import { nearest } from '../shared/nearest.js';
import { configSchema, keysAt, type RawConfig } from './schema.js';

export const DEFAULT_FONTS = {
  regular: resolve(PACKAGE_ROOT, 'fonts/Amiri-Regular.ttf'),
  bold: resolve(PACKAGE_ROOT, 'fonts/Amiri-Bold.ttf'),
  heading: resolve(PACKAGE_ROOT, 'fonts/Amiri-Bold.ttf'),
  fallback: resolve(PACKAGE_ROOT, 'fonts/DejaVuSerif.ttf'),
  fallbackBold: resolve(PACKAGE_ROOT, 'fonts/DejaVuSerif-Bold.ttf'),
};

const TYPE_NAMES: Record<string, string> = {
  array: 'a list',
  object: 'a mapping (key: value)',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `text "${value.length > 30 ? `${value.slice(0, 30)}…` : value}"`;
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value === 'number' ? 'the number' : typeof value} ${String(value)}`;
}

/** zod's messages rewritten for people editing YAML: «expected a list, got text "داعش"». */
const friendlyErrors: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return issue.input === undefined
        ? `required (${expected})`
        : `expected ${expected}, got ${describeValue(issue.input)}`;
    }
    case 'invalid_union':
      return issue.path?.some((p) => p === 'keywords' || p === 'phrases')
        ? `expected a word, or a mapping with term and weight, got ${describeValue(issue.input)}`
        : `expected ${describeValue(issue.input)} to be one of the allowed forms`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => String(v)).join(', ')}, got ${describeValue(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      if (issue.origin === 'number')
        return issue.inclusive
          ? `must be at least ${String(issue.minimum)}`
          : `must be more than ${String(issue.minimum)}`;
      return `expected at least ${String(issue.minimum)} item(s)`;
    default:
      return undefined;
  }
};

function suggestion(key: string, path: readonly (string | number)[]): string {
  const near = nearest(key, keysAt(path));
  return near ? ` (did you mean "${near}"?)` : '';
}

/** A pack config is a page or two; anything larger is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export function loadConfig(file: string): PackConfig {
  const read = readBounded(file, MAX_CONFIG_BYTES);
  if (!read.ok && read.reason === 'missing')
    throw new UserError(
      `no config here (looked for ${resolve(file)}): name one with -c FILE, or make a pack with «briefing init DIR»`,
    );
  if (!read.ok) throw new UserError(unreadable('the config', read.reason, MAX_CONFIG_BYTES), { file });
  return parseConfig(read.bytes.toString('utf8'), file);
}

export function parseConfig(source: string, file: string): PackConfig {
  try {
    return parseConfigText(source, file);
  } catch (error) {
    // YAML nested thousands deep exhausts the parser's recursion; no config needs more than a few levels.
    if (error instanceof RangeError) throw new UserError('the config nests too deeply to be a pack config', { file });
    throw error;
  }
}

function parseConfigText(source: string, file: string): PackConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const { message, offset } = explainYamlError(yamlError, source);
    const pos = lineCounter.linePos(offset);
    throw new UserError(message, { file, line: pos.line, column: pos.col });
  }
  const alias = firstAlias(doc);
  if (alias) {
    // «- *.txt» is YAML for "the value anchored as .txt"; the writer meant a pattern.
    const pos = lineCounter.linePos(alias.offset);
    throw new UserError(`«*${alias.name}» reads as a YAML alias: quote the pattern ("*${alias.name}")`, {
      file,
      line: pos.line,
      column: pos.col,
    });
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // e.g. an alias to an anchor that does not exist («*base»): valid syntax, no value.
    throw new UserError(`YAML error: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, {
      file,
      ...locate(doc, lineCounter, []),
    });
  }
  const result = configSchema.safeParse(data, { error: friendlyErrors });
  const errors: UserError[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) {
      const issuePath = issue.path as (string | number)[];
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
      for (const key of keys) {
        const fullPath = key === undefined ? issuePath : [...issuePath, key];
        const where =
          key === undefined ? locate(doc, lineCounter, fullPath) : locateKey(doc, lineCounter, issuePath, key);
        const message = key === undefined ? issue.message : `unknown key "${key}"${suggestion(key, issuePath)}`;
        errors.push(new UserError(`${pathText(fullPath)}: ${message}`, { file, ...where }));
      }
    }
  } else {
    const ids = new Map<string, number>();
    result.data.themes.forEach((theme, index) => {
      const first = ids.get(theme.id);
      if (first !== undefined) {
        errors.push(
          new UserError(`themes[${index}].id: duplicate theme id "${theme.id}" (first used by themes[${first}])`, {
            file,
            ...locate(doc, lineCounter, ['themes', index, 'id']),
          }),
        );
      } else ids.set(theme.id, index);
    });
    for (const [path, value, kind] of localFiles(result.data)) {
      const problem = outsideProblem(value, kind, dirname(resolve(file)));
      if (problem)
        errors.push(new UserError(`${pathText(path)}: ${problem}`, { file, ...locate(doc, lineCounter, path) }));
    }
  }
  if (errors.length > 0) throw UserError.all(errors);
  const raw = result.data!;
  // Where each input pattern is written, so a pattern that finds nothing is reported at its line.
  const inputPositions = raw.inputs.map((_, index) =>
    doc.hasIn(['inputs', index]) ? locate(doc, lineCounter, ['inputs', index]) : {},
  );
  return { ...toPackConfig(raw, resolve(file)), inputPositions };
}

function pathText(path: readonly (string | number)[]): string {
  return (
    path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '') || '(top level)'
  );
}

/** Line and column (1-based) of the YAML value at a path, or of its nearest ancestor that exists. */
/**
 * The YAML parser's message in the words of the mistake a pack's writer makes, with where it is.
 * Arabic titles carry «: » often (عنوان: شرح), and unquoted it starts a second key.
 */
function explainYamlError(error: YAMLError, source: string): { message: string; offset: number } {
  const offset = error.pos[0];
  if (error.code === 'TAB_AS_INDENT')
    return { message: 'a tab indents this line: YAML indents with spaces only', offset };
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY') {
    const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
    const lineEnd = source.indexOf('\n', offset);
    const line = source.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
    const entry = /^(\s*(?:-\s+)?[^\s:#][^:#]*?):\s+(.*\S)\s*$/.exec(line);
    const innerColon = entry ? line.indexOf(': ', entry[1]!.length + 1) : -1;
    if (entry && innerColon !== -1) {
      const quoted = `${entry[1]!.trim()}: "${entry[2]!.replace(/["\\]/g, '\\$&')}"`;
      return {
        message: `«: » inside an unquoted value starts a new key: put the value in quotes (${quoted})`,
        offset: lineStart + innerColon,
      };
    }
  }
  return { message: `YAML syntax error: ${error.message.split('\n')[0]}`, offset };
}

/** The first alias (`*name`) with no anchor before it: an unquoted pattern, not a reference. */
function firstAlias(doc: ReturnType<typeof parseDocument>): { name: string; offset: number } | undefined {
  let found: { name: string; offset: number } | undefined;
  visit(doc, {
    Alias(_, node) {
      if (!isAlias(node) || node.resolve(doc) !== undefined) return undefined;
      found = { name: node.source, offset: node.range?.[0] ?? 0 };
      return visit.BREAK;
    },
  });
  return found;
}

function locate(
  doc: ReturnType<typeof parseDocument>,
  lines: LineCounter,
  path: (string | number)[],
): { line?: number; column?: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const pos = lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return {};
}

/** Position of a key itself inside the map at `mapPath` (an unknown key has no schema value to point at). */
function locateKey(
  doc: ReturnType<typeof parseDocument>,
  lines: LineCounter,
  mapPath: (string | number)[],
  key: string,
): { line?: number; column?: number } {
  const map = mapPath.length === 0 ? doc.contents : doc.getIn(mapPath, true);
  if (isMap(map)) {
    for (const pair of map.items) {
      if (isScalar(pair.key) && pair.key.value === key && pair.key.range) {
        const pos = lines.linePos(pair.key.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
  }
  return locate(doc, lines, mapPath);
}

function sectionPickOf(pick: string | { article: string; section?: string | undefined }): SectionPick {
  return typeof pick === 'string'
    ? { article: pick, section: null }
    : { article: pick.article, section: pick.section ?? null };
}

function weightedTerm(
  term: string | { term: string; weight: number; also: string[]; exact: boolean; not: string[] },
): WeightedTerm {
  if (typeof term === 'string') return { term, weight: 1, also: [] };
  return {
    term: term.term,
    weight: term.weight,
    also: term.also,
    ...(term.exact ? { exact: true } : {}),
    ...(term.not.length > 0 ? { not: term.not } : {}),
  };
}

function toPackConfig(raw: RawConfig, file: string): PackConfig {
  const base = dirname(file);
  const fontPath = (path: string | undefined, fallback: string): string => (path ? resolve(base, path) : fallback);
  const config: PackConfig = {
    file,
    title: raw.title,
    date: raw.date,
    inputs: raw.inputs,
    digits: raw.digits,
    justify: raw.justify,
    kashidaPerLine: raw.kashida_per_line,
    allowOverlap: raw.allow_overlap,
    allowUndated: raw.allow_undated,
    maxArticleBytes: raw.max_article_mb * 1024 * 1024,
    page: { size: raw.page.size, duplex: raw.page.duplex },
    pdfStandards: [...new Set(raw.pdf_standard === undefined ? [] : [raw.pdf_standard].flat())],
    fonts: {
      regular: fontPath(raw.fonts.regular, DEFAULT_FONTS.regular),
      bold: fontPath(raw.fonts.bold, DEFAULT_FONTS.bold),
      heading: fontPath(raw.fonts.heading, DEFAULT_FONTS.heading),
      ...fallbackFonts(raw.fonts.fallback, raw.fonts.fallback_bold, base),
    },
    sources: [],
    fetchedDir: resolve(base, raw.fetched),
    maxPageBytes: Math.round(raw.fetch.max_page_mb * 1024 * 1024),
    windowHours: raw.window === undefined ? null : windowHours(raw.window),
    markNew: raw.mark_new,
    themes: raw.themes.map((theme) => ({
      id: theme.id,
      title: theme.title,
      ...(theme.intro !== undefined ? { intro: theme.intro } : {}),
      keywords: theme.keywords.map(weightedTerm),
      phrases: theme.phrases.map(weightedTerm),
      exclude: theme.exclude,
      minScore: theme.min_score,
      minDistinct: theme.min_distinct,
      maxSections: theme.max_sections,
      summarySentences: theme.summary,
      pin: theme.pin.map(sectionPickOf),
      drop: theme.drop.map(sectionPickOf),
    })),
  };
  config.sources = raw.sources.map((source) => ({
    kind: 'feed' in source ? ('feed' as const) : ('page' as const),
    url: 'feed' in source ? source.feed : source.url,
    maxItems: source.max_items ?? null,
    include: source.include,
    exclude: source.exclude,
  }));
  if (raw.subtitle !== undefined) config.subtitle = raw.subtitle;
  if (raw.organisation !== undefined) config.organisation = raw.organisation;
  if (raw.marking !== undefined) config.marking = raw.marking;
  if (raw.templates !== undefined) config.templates = resolve(base, raw.templates);
  return config;
}

/** «36h», «2d», «1w» in hours. */
function windowHours(span: string): number {
  const amount = Number(span.slice(0, -1));
  return amount * { h: 1, d: 24, w: 24 * 7 }[span.slice(-1) as 'h' | 'd' | 'w'];
}

/** The fallback faces: the built-in DejaVu Serif pair, the user's font(s), or none (`fallback: false`). */
function fallbackFonts(
  fallback: string | false | undefined,
  fallbackBold: string | undefined,
  base: string,
): { fallback: string | null; fallbackBold: string | null } {
  if (fallback === false) return { fallback: null, fallbackBold: null };
  if (fallback === undefined)
    return {
      fallback: DEFAULT_FONTS.fallback,
      fallbackBold: fallbackBold ? resolve(base, fallbackBold) : DEFAULT_FONTS.fallbackBold,
    };
  const regular = resolve(base, fallback);
  return { fallback: regular, fallbackBold: fallbackBold ? resolve(base, fallbackBold) : regular };
}

/** The config values that name files the build reads as code or fonts. */
function localFiles(raw: RawConfig): [(string | number)[], string, 'templates' | 'font'][] {
  const found: [(string | number)[], string, 'templates' | 'font'][] = [];
  if (raw.templates !== undefined) found.push([['templates'], raw.templates, 'templates']);
  for (const key of ['regular', 'bold', 'heading', 'fallback', 'fallback_bold'] as const) {
    const value = raw.fonts[key];
    if (typeof value === 'string') found.push([['fonts', key], value, 'font']);
  }
  return found;
}

const REMOTE = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i;

/**
 * Nothing is fetched at build time, and templates (which are code, in effect) come only from the
 * config's own folder: no `..`, no absolute path elsewhere, no symlink out of it. A font file may be
 * anywhere local (system fonts are fine), never a URL.
 */
function outsideProblem(value: string, kind: 'templates' | 'font', base: string): string | null {
  if (REMOTE.test(value))
    return (
      `"${value}" is a remote address: nothing is downloaded at build time; give a local ` +
      `${kind === 'font' ? 'font file' : 'folder'}`
    );
  if (kind === 'font') return null;
  const real = (path: string): string => {
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  };
  const root = real(base);
  const target = real(resolve(base, value));
  if (target === root || target.startsWith(`${root}${sep}`)) return null;
  return `"${value}" is outside the config's folder (${root}); templates are read only from inside it`;
}
