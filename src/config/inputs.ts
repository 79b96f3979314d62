// Input patterns → sorted file list. A pattern is a path from the config's folder with `*` and `?`
// in any part, `**` for any depth of folders and `{a,b}` for alternatives; a bare folder means every
// article file in it.
//
// Written here rather than taken from a glob library: picomatch (under tinyglobby, fast-glob and
// micromatch) and minimatch compile a pattern to a backtracking regular expression, and
// «*_*_*_*_*_*_*_*.txt» against a 60-character name of underscores takes picomatch 26 s (measured,
// picomatch 4.0.7) — a build must stay bounded whatever a config or a folder holds. Matching here
// is linear per name part and per path (see matchesPattern, matchesSegments).
import { lstatSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { ARTICLE_TYPES } from '../ingest/read.js';
import type { PackConfig } from '../model.js';
import { nearest } from '../shared/nearest.js';

/** Where each pattern came from in the config, for errors that name its line. */
export interface PatternSource {
  configFile: string;
  /** Where each pattern is written, by index. */
  positions?: readonly { line?: number; column?: number }[] | undefined;
}

/** Brace alternatives one pattern may expand to; more is a mistake, not a pack. */
const MAX_BRACE_EXPANSIONS = 256;
/** Entries one `**` walk may visit, and how deep: a pattern rooted at / or $HOME stops with a message. */
const MAX_WALK_ENTRIES = 200_000;
const MAX_WALK_DEPTH = 32;

/**
 * Whether a file name matches a pattern of literal characters, `*` (any run) and `?` (any one
 * character), newlines included. The classic two-pointer match: at most name × pattern steps,
 * where a regular expression built from «*_*_*_*» backtracks exponentially on a long name.
 */
export function matchesPattern(name: string, pattern: string): boolean {
  let n = 0;
  let p = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === '?' || (pattern[p] !== '*' && pattern[p] === name[n]))) {
      n++;
      p++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * Whether path parts match pattern parts, `**` standing for any number of parts (none included).
 * Dynamic programming over (pattern part, path part): pattern × path steps, never exponential.
 */
export function matchesSegments(path: readonly string[], pattern: readonly string[]): boolean {
  // reachable[j]: the first i pattern parts can consume the first j path parts.
  let reachable = new Array<boolean>(path.length + 1).fill(false);
  reachable[0] = true;
  for (const part of pattern) {
    const next = new Array<boolean>(path.length + 1).fill(false);
    if (part === '**') {
      let any = false;
      for (let j = 0; j <= path.length; j++) {
        any ||= reachable[j]!;
        // `**` does not walk into hidden folders (.git, .cache) unless a pattern names them.
        next[j] = any;
        if (j < path.length && path[j]!.startsWith('.')) any = false;
      }
    } else {
      for (let j = 0; j < path.length; j++) if (reachable[j] && matchesPattern(path[j]!, part)) next[j + 1] = true;
    }
    reachable = next;
  }
  return reachable[path.length]!;
}

/** «a/{x,y}/*.{txt,md}» → four patterns. Nested braces work; an unclosed `{` is literal. */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open === -1) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < pattern.length && close === -1; i++) {
    if (pattern[i] === '{') depth++;
    else if (pattern[i] === '}' && --depth === 0) close = i;
    else if (pattern[i] === ',' && depth === 1) commas.push(i);
  }
  const head = pattern.slice(0, open);
  if (close === -1) return [pattern];
  const tails = expandBraces(pattern.slice(close + 1));
  if (commas.length === 0) return tails.map((tail) => `${head}{${pattern.slice(open + 1, close)}}${tail}`);
  const bounds = [open, ...commas, close];
  const results: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    for (const alternative of expandBraces(pattern.slice(bounds[k]! + 1, bounds[k + 1]))) {
      for (const tail of tails) {
        results.push(`${head}${alternative}${tail}`);
        if (results.length > MAX_BRACE_EXPANSIONS) throw new RangeError('too many alternatives');
      }
    }
  }
  return results;
}

const hasMagic = (part: string): boolean => /[*?]/.test(part);

/** Files matching the patterns, relative to the current folder when inside it, sorted. */
export function expandInputs(
  patterns: readonly string[],
  base: string,
  { configFile, positions }: PatternSource,
): string[] {
  const found = new Set<string>();
  patterns.forEach((pattern, index) => {
    const fail = (message: string): never => {
      throw new UserError(`inputs[${index}]: ${message}`, { file: configFile, ...positions?.[index] });
    };
    let alternatives: string[];
    try {
      alternatives = expandBraces(pattern);
    } catch {
      return fail(`"${pattern}" expands to more than ${MAX_BRACE_EXPANSIONS} patterns`);
    }
    let matched = 0;
    for (const alternative of alternatives) {
      const result = expandOne(alternative, base);
      if (result.kind === 'missing') {
        if (alternatives.length === 1)
          fail(`not found: ${pattern}${result.near ? ` (did you mean ${result.near}?)` : ''}`);
        continue;
      }
      if (result.kind === 'missing-folder') {
        if (alternatives.length === 1) fail(`folder not found: ${result.folder} (for "${pattern}")`);
        continue;
      }
      if (result.kind === 'too-many')
        return fail(
          `"${pattern}" reaches more than ${MAX_WALK_ENTRIES.toLocaleString('en')} files and folders under ` +
            `${result.folder}; name a narrower folder`,
        );
      for (const path of result.paths) found.add(path);
      matched += result.paths.length;
    }
    if (matched === 0) fail(`no files match "${pattern}"`);
  });
  const cwd = process.cwd();
  return [...found].sort().map((path) => (path.startsWith(cwd + sep) ? relative(cwd, path) : path));
}

type Expansion =
  | { kind: 'paths'; paths: string[] }
  /** A plain path (no pattern) that is neither file nor folder, and the nearest one that is. */
  | { kind: 'missing'; near: string | null }
  | { kind: 'missing-folder'; folder: string }
  | { kind: 'too-many'; folder: string };

function expandOne(pattern: string, base: string): Expansion {
  const absolute = resolve(base, pattern);
  const parts = absolute.split(sep);
  const firstMagic = parts.findIndex(hasMagic);
  if (firstMagic === -1) {
    // A plain path: a file as it is (ingest says if it is unreadable); a folder means its articles;
    // nothing there at all is the config's mistake, said at its line.
    if (!exists(absolute)) return { kind: 'missing', near: nearestExisting(pattern, base) };
    if (!isFolder(absolute)) return { kind: 'paths', paths: [absolute] };
    // Links to article files count (ingest refuses one that leads to a device); folders do not.
    const articles = listFolder(absolute).filter(
      (entry) =>
        (entry.isFile() || (entry.isSymbolicLink() && !isFolder(join(absolute, entry.name)))) &&
        ARTICLE_TYPES.some((type) => entry.name.toLowerCase().endsWith(type)),
    );
    return { kind: 'paths', paths: articles.map((entry) => join(absolute, entry.name)) };
  }
  const root = parts.slice(0, firstMagic).join(sep) || sep;
  const rest = parts.slice(firstMagic).filter((part) => part !== '');
  if (!isFolder(root))
    return { kind: 'missing-folder', folder: isAbsolute(pattern) ? root : relative(base, root) || '.' };
  const deep = rest.includes('**');
  const paths: string[] = [];
  let visited = 0;
  const walk = (folder: string, relativeParts: string[]): boolean => {
    if (relativeParts.length >= (deep ? MAX_WALK_DEPTH : rest.length)) return true;
    const entries = listFolder(folder);
    visited += entries.length;
    if (visited > MAX_WALK_ENTRIES) return false;
    for (const entry of entries) {
      const path = join(folder, entry.name);
      const here = [...relativeParts, entry.name];
      const folderHere = entry.isDirectory() || (entry.isSymbolicLink() && isFolder(path));
      if (matchesSegments(here, rest)) {
        // With `**` only files are articles; a pattern naming folders exactly lists them, and
        // ingest skips each with a warning rather than the build failing here.
        if (!folderHere || !deep) {
          if (!(folderHere && isPageAssets(entry.name, entries))) paths.push(path);
        }
      }
      // Links to folders are not followed into: a link loop would never end.
      if (entry.isDirectory() && (deep || here.length < rest.length) && !walk(path, here)) return false;
    }
    return true;
  };
  if (!walk(root, [])) return { kind: 'too-many', folder: root };
  return { kind: 'paths', paths };
}

/** A saved web page's NAME_files/ folder belongs to NAME.html and is passed over in silence. */
function isPageAssets(name: string, siblings: readonly Dirent[]): boolean {
  if (!name.endsWith('_files')) return false;
  const page = name.slice(0, -'_files'.length);
  return siblings.some((entry) => /\.x?html?$/i.test(entry.name) && entry.name.replace(/\.x?html?$/i, '') === page);
}

/** Anything at the path, a dangling link included (ingest reports that one). */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The pattern with its first missing part replaced by the nearest name in that folder («artcles/» →
 * «articles/»), or null when no name is near. Written as the user wrote the pattern.
 */
function nearestExisting(pattern: string, base: string): string | null {
  // Windows takes either slash; elsewhere a backslash is part of a name.
  const parts = pattern.split(sep === '\\' ? /[\\/]/ : '/');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '' || part === '.' || part === '..') continue;
    const folder = resolve(base, parts.slice(0, i).join(sep) || '.');
    if (exists(join(folder, part))) continue;
    const names = listFolder(folder)
      .map((entry) => entry.name)
      .sort();
    const near = nearest(part, names, 1);
    return near ? [...parts.slice(0, i), near, ...parts.slice(i + 1)].join('/') : null;
  }
  return null;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function listFolder(folder: string): Dirent[] {
  try {
    return readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
}

/**
 * Every article of a pack: what `inputs:` names, and the pages `briefing fetch` saved into the
 * `fetched:` folder (not listed: a pack that fetches reads them without saying so).
 */
export function packInputs(config: PackConfig, configFile: string = config.file): string[] {
  const listed = expandInputs(config.inputs, dirname(config.file), { configFile, positions: config.inputPositions });
  let fetched: string[] = [];
  try {
    fetched = readdirSync(config.fetchedDir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.html$/i.test(entry.name))
      .map((entry) => join(config.fetchedDir, entry.name));
  } catch {
    // No fetched/ folder yet: nothing fetched.
  }
  if (fetched.length === 0) return listed;
  const cwd = process.cwd();
  const shown = (path: string): string => (path.startsWith(cwd + sep) ? relative(cwd, path) : path);
  const all = new Set(listed.map((path) => resolve(path)));
  for (const path of fetched) all.add(path);
  return [...all].sort().map(shown);
}
