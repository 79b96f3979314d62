// Input globs → sorted file list. Patterns are «folder/*.txt» style (* and ? in the last part);
// Node 20 has no fs.glob, and a full glob library is more than this needs.
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
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
    const matcher = patternToRegExp(name);
    for (const entry of entries) {
      if (!matcher.test(entry)) continue;
      const path = join(folder, entry);
      // Files, and anything unreadable (a dangling link): ingest skips those with a warning naming
      // them, rather than the whole build failing here. Folders are not articles.
      let isFolder = false;
      try {
        isFolder = statSync(path).isDirectory();
      } catch {
        isFolder = false;
      }
      if (!isFolder) found.add(path);
    }
  }
  if (found.size === 0) throw new UserError(`inputs: no files match ${patterns.join(', ')}`, { file: configFile });
  const cwd = process.cwd();
  return [...found].sort().map((path) => (path.startsWith(cwd) ? relative(cwd, path) : path));
}
