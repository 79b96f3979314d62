// Input globs → sorted file list. Patterns are «folder/*.txt» style (* and ? in the last part);
// Node 20 has no fs.glob, and a full glob library is more than this needs.
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';

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

/** Files matching the patterns, relative to `base` when inside it, in a stable (sorted) order. */
export function expandInputs(patterns: readonly string[], base: string, configFile: string): string[] {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const absolute = resolve(base, pattern);
    const name = basename(absolute);
    if (!/[*?]/.test(name)) {
      found.add(absolute);
      continue;
    }
    const folder = dirname(absolute);
    let entries: string[];
    try {
      entries = readdirSync(folder);
    } catch {
      throw new UserError(`inputs: folder not found for "${pattern}"`, { file: configFile });
    }
    for (const entry of entries) {
      if (!matchesPattern(entry, name)) continue;
      const path = join(folder, entry);
      // Files, anything unreadable (a dangling link) and folders: ingest skips what is not an
      // article with a warning naming it, rather than the whole build failing here. A saved web
      // page's NAME_files/ folder belongs to its page and is passed over in silence.
      let isFolder = false;
      try {
        isFolder = statSync(path).isDirectory();
      } catch {
        isFolder = false;
      }
      if (isFolder && /_files$/.test(entry) && entries.some((e) => /\.x?html?$/i.test(e) && e.replace(/\.x?html?$/i, '') === entry.slice(0, -'_files'.length))) continue;
      found.add(path);
    }
  }
  if (found.size === 0) throw new UserError(`inputs: no files match ${patterns.join(', ')}`, { file: configFile });
  const cwd = process.cwd();
  return [...found].sort().map((path) => (path.startsWith(cwd) ? relative(cwd, path) : path));
}
