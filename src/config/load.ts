// briefing.yaml → PackConfig. Parsed with `yaml` (which keeps node positions) and validated with a
// strict zod schema, so a typo'd key or a wrong type is reported as «file:line:column path: message».
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, isMap, isNode, isScalar, parseDocument } from 'yaml';
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { PackConfig } from '../model.js';
import { PACKAGE_ROOT } from '../paths.js';

export const DEFAULT_FONTS = {
  regular: resolve(PACKAGE_ROOT, 'fonts/Amiri-Regular.ttf'),
  bold: resolve(PACKAGE_ROOT, 'fonts/Amiri-Bold.ttf'),
  heading: resolve(PACKAGE_ROOT, 'fonts/Amiri-Bold.ttf'),
};

const keyword = z.union([
  z.string().min(1),
  z.strictObject({ term: z.string().min(1), weight: z.number().positive().default(1) }),
]);

const themeSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a lower-case id (letters, digits, - and _)'),
  title: z.string().min(1),
  intro: z.string().optional(),
  keywords: z.array(keyword).min(1, 'expected at least one keyword'),
  exclude: z.array(z.string().min(1)).default([]),
  min_score: z.number().nonnegative().default(1),
  max_sections: z.number().int().positive().default(8),
});

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  title: z.string().min(1),
  subtitle: z.string().optional(),
  organisation: z.string().optional(),
  marking: z.string().optional(),
  date: z.union([z.literal('auto'), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD or auto')]).default('auto'),
  inputs: z.array(z.string().min(1)).min(1).default(['seeds/*.txt']),
  digits: z.enum(['arabic-indic', 'latin']).default('latin'),
  justify: z.enum(['none', 'spaces', 'kashida']).default('spaces'),
  fonts: z
    .strictObject({ regular: z.string().optional(), bold: z.string().optional(), heading: z.string().optional() })
    .default({}),
  themes: z.array(themeSchema).min(1, 'expected at least one theme'),
});

type RawConfig = z.infer<typeof configSchema>;

export function loadConfig(file: string): PackConfig {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    throw new UserError('cannot read config file', { file });
  }
  return parseConfig(source, file);
}

export function parseConfig(source: string, file: string): PackConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = lineCounter.linePos(yamlError.pos[0]);
    throw new UserError(`YAML syntax error: ${yamlError.message.split('\n')[0]}`, { file, line: pos.line, column: pos.col });
  }
  const result = configSchema.safeParse(doc.toJS());
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const fullPath = [...issue.path, ...keys.slice(0, 1)] as (string | number)[];
    const path = fullPath.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    const where = keys.length > 0 ? locateKey(doc, lineCounter, issue.path as (string | number)[], keys[0]!) : locate(doc, lineCounter, fullPath);
    const message = keys.length > 0 ? `unknown key "${keys.join('", "')}"` : issue.message;
    throw new UserError(`${path || '(top level)'}: ${message}`, { file, ...where });
  }
  const raw = result.data;
  const ids = new Set<string>();
  raw.themes.forEach((theme, index) => {
    if (ids.has(theme.id)) {
      throw new UserError(`themes[${index}].id: duplicate theme id "${theme.id}"`, { file, ...locate(doc, lineCounter, ['themes', index, 'id']) });
    }
    ids.add(theme.id);
  });
  return toPackConfig(raw, resolve(file));
}

/** Line and column (1-based) of the YAML value at a path, or of its nearest ancestor that exists. */
function locate(doc: ReturnType<typeof parseDocument>, lines: LineCounter, path: (string | number)[]): { line?: number; column?: number } {
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
function locateKey(doc: ReturnType<typeof parseDocument>, lines: LineCounter, mapPath: (string | number)[], key: string): { line?: number; column?: number } {
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
    fonts: {
      regular: fontPath(raw.fonts.regular, DEFAULT_FONTS.regular),
      bold: fontPath(raw.fonts.bold, DEFAULT_FONTS.bold),
      heading: fontPath(raw.fonts.heading, DEFAULT_FONTS.heading),
    },
    themes: raw.themes.map((theme) => ({
      id: theme.id,
      title: theme.title,
      ...(theme.intro !== undefined ? { intro: theme.intro } : {}),
      keywords: theme.keywords.map((k) => (typeof k === 'string' ? { term: k, weight: 1 } : { term: k.term, weight: k.weight })),
      exclude: theme.exclude,
      minScore: theme.min_score,
      maxSections: theme.max_sections,
    })),
  };
  if (raw.subtitle !== undefined) config.subtitle = raw.subtitle;
  if (raw.organisation !== undefined) config.organisation = raw.organisation;
  if (raw.marking !== undefined) config.marking = raw.marking;
  return config;
}
