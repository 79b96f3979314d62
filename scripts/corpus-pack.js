#!/usr/bin/env node
// A pack config over a slice of the shared corpus: bench/corpus-pack.yaml's themes and settings
// with its inputs narrowed to `count` articles from `from` in the corpus's own numbering (000_…,
// 001_…, … 1090_…), written to a temporary file. Used by the benchmark and by CI's fidelity checks.
//   node scripts/corpus-pack.js FROM COUNT   → prints the config's path, then the articles' paths
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CORPUS = join(root, '..', 'shared', 'corpus', 'saudinewsnet-2015-07-21');

/** Corpus articles in their own numbering, `count` of them from position `from` (all when count is undefined). */
export function corpusSlice(from = 0, count = undefined) {
  const files = readdirSync(CORPUS)
    .filter((f) => f.endsWith('.txt'))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
  return files.slice(from, count === undefined ? undefined : from + count).map((f) => join(CORPUS, f));
}

/** Writes the narrowed config to a temporary folder and returns its path and the articles in it. */
export function corpusPackConfig(from, count) {
  const files = corpusSlice(from, count);
  const source = readFileSync(join(root, 'bench/corpus-pack.yaml'), 'utf8');
  const inputs = files.map((f) => `  - ${JSON.stringify(f)}`).join('\n');
  const config = source.replace(/^\$schema:.*\n/m, '').replace(/^inputs:\n(?: {2}- .*\n)+/m, `inputs:\n${inputs}\n`);
  const path = join(mkdtempSync(join(tmpdir(), 'briefing-corpus-')), `corpus-${from}-${files.length}.yaml`);
  writeFileSync(path, config);
  return { config: path, files };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [from, count] = process.argv.slice(2).map(Number);
  const { config, files } = corpusPackConfig(from ?? 0, count);
  process.stdout.write(`${[config, ...files].join('\n')}\n`);
}
