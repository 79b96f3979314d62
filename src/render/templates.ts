// Handlebars templates → document markup. Every .hbs file in the templates folder is a partial
// named after the file; `pack.hbs` is the entry point. Strict mode makes a misspelt field an error,
// and Handlebars' default HTML escaping keeps article text from ever being read as markup.
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Handlebars from 'handlebars';
import { UserError } from '../errors.js';
import type { Digits, PackWarning } from '../model.js';
import { locateRuntimeError, parseErrorInWords, unbalancedBlock } from './template-errors.js';
import { formatDate, formatHijri, withDigits, type PackView } from './view.js';

export interface TemplateSet {
  dir: string;
  files: Map<string, { path: string; source: string }>;
  /** Files of the user's folder that no template includes (a misspelt name, usually). */
  warnings: PackWarning[];
}

/**
 * The built-in templates, with any file of the same name in `overrideDir` taking its place: a user
 * customises one template and keeps the rest.
 */
export function loadTemplates(builtinDir: string, overrideDir?: string): TemplateSet {
  const files = new Map<string, { path: string; source: string }>();
  for (const dir of overrideDir ? [builtinDir, overrideDir] : [builtinDir]) {
    let names: string[];
    try {
      names = readdirSync(dir)
        .filter((name) => name.endsWith('.hbs'))
        .sort();
    } catch {
      throw new UserError('templates folder not found', { file: dir });
    }
    const root = realpathSync(dir);
    for (const name of names) {
      const path = join(dir, name);
      let source: string;
      try {
        // A template is code: a symlink that leads out of its folder is refused, not followed.
        const real = realpathSync(path);
        if (dirname(real) !== root)
          throw new UserError('template is a link to a file outside the templates folder; refused', { file: path });
        source = readFileSync(path, 'utf8');
      } catch (error) {
        if (error instanceof UserError) throw error;
        throw new UserError('cannot read template', { file: path });
      }
      files.set(basename(name, '.hbs'), { path, source });
    }
  }
  if (!files.has('pack')) throw new UserError('templates folder has no pack.hbs', { file: overrideDir ?? builtinDir });
  return { dir: overrideDir ?? builtinDir, files, warnings: unusedTemplates(files, builtinDir) };
}

/**
 * A user's template that nothing includes is almost always a misspelt name («chapters.hbs» for
 * «chapter.hbs»): it would silently change nothing, so it is reported.
 */
function unusedTemplates(files: Map<string, { path: string; source: string }>, builtinDir: string): PackWarning[] {
  const included = new Set(['pack']);
  for (const { source } of files.values())
    for (const match of source.matchAll(/\{\{#?>\s*([\w-]+)/g)) included.add(match[1]!);
  return [...files]
    .filter(([name, file]) => !included.has(name) && dirname(file.path) !== builtinDir)
    .map(([name, file]) => ({
      file: file.path,
      message: `template "${name}" is not included by any template (a misspelt name?); it is not used`,
    }));
}

/** Puts a location mark before every tag a template writes (see parseMarkup). Adds no newline, so
 *  Handlebars' own line numbers stay right. */
function withLocationMarks(source: string, templateIndex: number): string {
  return source
    .split('\n')
    .map((line, i) => line.replace(/<(?=\/?[A-Za-z])/g, `<?at ${templateIndex}:${i + 1}?><`))
    .join('\n');
}

/** The first `words` words, with «…» when something was cut. */
export function truncateWords(text: string, words: number): string {
  const all = text.trim().split(/\s+/);
  return all.length <= words ? text.trim() : `${all.slice(0, words).join(' ')} …`;
}

/** Arabic counted nouns: 1 and 2 have their own forms, 3–10 take the plural, 11+ the singular. */
export function countPhrase(
  n: number,
  one: string,
  two: string,
  plural: string,
  singular: string,
  digits: Digits,
): string {
  if (n === 1) return one;
  if (n === 2) return two;
  const mod100 = n % 100;
  const noun = mod100 >= 3 && mod100 <= 10 ? plural : singular;
  return `${withDigits(String(n), digits)} ${noun}`;
}

function compileChecked(
  file: { path: string; source: string },
  env: typeof Handlebars,
  source: string,
): Handlebars.TemplateDelegate {
  // Blocks first: Handlebars finds an unclosed {{#if}} only at the end of the file.
  const unbalanced = unbalancedBlock(file.source, file.path);
  if (unbalanced) throw unbalanced;
  let program: hbs.AST.Program;
  try {
    // Parse now so syntax errors name the file; compile() alone defers them to first use.
    program = env.parse(source);
  } catch (error) {
    throw parseErrorInWords(error instanceof Error ? error.message : String(error), file.source, file.path);
  }
  const unknown = unknownHelper(program, env);
  if (unknown) throw new UserError(`unknown helper "${unknown.name}"`, { file: file.path, line: unknown.line });
  // Compiled from the tree just parsed (Handlebars takes either), not from the text a second time.
  const compiled = env.compile(program, { strict: true, noEscape: false });
  // A misspelt field fails while rendering, where Handlebars knows the line but not the file.
  return (context, options) => {
    try {
      return compiled(context, options);
    } catch (error) {
      throw locateRuntimeError(error, file.path, file.source, source);
    }
  };
}

interface AstNode {
  type: string;
  path?: { type: string; original: string };
  params?: AstNode[];
  hash?: { pairs: { value: AstNode }[] };
  program?: { body: AstNode[] };
  inverse?: { body: AstNode[] };
  body?: AstNode[];
  loc?: { start: { line: number } };
}

/**
 * A call to a helper nobody registered («{{shout title}}»), found before rendering so the error names
 * the template and line it is in; at run time Handlebars can only name the pack.
 */
function unknownHelper(program: hbs.AST.Program, env: typeof Handlebars): { name: string; line: number } | null {
  const known = env.helpers as Record<string, unknown>;
  const visit = (node: AstNode | undefined): { name: string; line: number } | null => {
    if (!node) return null;
    const calls = node.type === 'MustacheStatement' || node.type === 'SubExpression' || node.type === 'BlockStatement';
    const hasArguments = (node.params?.length ?? 0) > 0 || (node.hash?.pairs.length ?? 0) > 0;
    if (calls && hasArguments && node.path?.type === 'PathExpression' && !(node.path.original in known)) {
      return { name: node.path.original, line: node.loc?.start.line ?? 0 };
    }
    for (const child of [
      ...(node.params ?? []),
      ...(node.hash?.pairs.map((p) => p.value) ?? []),
      ...(node.body ?? []),
      ...(node.program?.body ?? []),
      ...(node.inverse?.body ?? []),
    ]) {
      const found = visit(child);
      if (found) return found;
    }
    return null;
  };
  return visit(program as unknown as AstNode);
}

/**
 * Bounds on what templates may produce. A whole corpus (2,143 articles) needs well under 100,000 passes
 * of {{#each}} and 25 million characters; {{#each}} nested ten deep over the same lists would
 * exhaust memory long before it finished, so a render stops at these and says so.
 */
const MAX_EACH_PASSES = 500_000;
const MAX_MARKUP_CHARS = 400_000_000;

/** {{#each}} with a budget for the whole render: a runaway template ends with an error naming it. */
function limitRepetition(env: typeof Handlebars): void {
  const builtin = env.helpers['each'] as (this: unknown, context: unknown, options: unknown) => string;
  let passes = 0;
  env.registerHelper('each', function each(this: unknown, context: unknown, options: unknown): string {
    passes += Array.isArray(context)
      ? context.length
      : context && typeof context === 'object'
        ? Object.keys(context).length
        : 0;
    if (passes > MAX_EACH_PASSES)
      throw new Error(
        `the templates repeat more than ${MAX_EACH_PASSES.toLocaleString('en')} times ({{#each}} nested too deep?)`,
      );
    return builtin.call(this, context, options);
  });
}

export function renderMarkup(
  templates: TemplateSet,
  view: PackView,
  digits: Digits,
): { markup: string; sources: string[] } {
  const env = Handlebars.create();
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  env.registerHelper('digits', (value: unknown) => withDigits(String(value), digits));
  env.registerHelper('count', (n: number, one: string, two: string, plural: string, singular: string) =>
    countPhrase(n, one, two, plural, singular, digits),
  );
  env.registerHelper('gregorian', (iso: unknown) => (typeof iso === 'string' ? formatDate(iso, digits) : ''));
  env.registerHelper('hijri', (iso: unknown) => (typeof iso === 'string' ? formatHijri(iso, digits) : ''));
  env.registerHelper('truncate', (text: unknown, words: unknown) =>
    truncateWords(String(text ?? ''), typeof words === 'number' ? words : 30),
  );
  limitRepetition(env);
  const sources: string[] = [];
  for (const [name, file] of templates.files) {
    if (name === 'pack') continue;
    env.registerPartial(name, compileChecked(file, env, withLocationMarks(file.source, sources.push(file.path) - 1)));
  }
  const pack = templates.files.get('pack')!;
  const template = compileChecked(pack, env, withLocationMarks(pack.source, sources.push(pack.path) - 1));
  try {
    const markup = template(view, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    if (markup.length > MAX_MARKUP_CHARS)
      throw new Error(
        `the templates wrote ${Math.round(markup.length / 1e6)} million characters, more than any pack needs ` +
          `(${MAX_MARKUP_CHARS / 1e6} million)`,
      );
    return { markup, sources };
  } catch (error) {
    if (error instanceof UserError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const partial = /partial (\S+) could not be found/.exec(message)?.[1];
    throw new UserError(partial ? `missing partial "${partial}"` : `template error: ${message.split('\n')[0]}`, {
      file: pack.path,
    });
  }
}
