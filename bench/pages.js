#!/usr/bin/env node
// Saved web pages at scale: 2,000 pages in the five shapes of test/helpers/pages.ts around corpus
// articles, parsed by one `briefing parse … --json` process (median of 3). Prints one JSON line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { CORPUS } from '../scripts/corpus-pack.js';

const root = new URL('..', import.meta.url).pathname;
const COUNT = 2000;
const dir = mkdtempSync(join(tmpdir(), 'briefing-pages-'));
// The page shapes are TypeScript, shared with the tests: bundled for this run.
const helper = join(dir, 'pages.mjs');
await build({
  entryPoints: [join(root, 'test/helpers/pages.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: helper,
  logLevel: 'error',
});
const { PAGE_SHAPES } = await import(helper);
const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')).filter(
  (e) => e.paragraphs.length > 0 && e.title,
);
const files = [];
for (let i = 0; i < COUNT; i++) {
  const e = expected[i % expected.length];
  const page = PAGE_SHAPES[i % PAGE_SHAPES.length]({
    title: e.title,
    byline: (e.author || 'الرياض: واس').replace(/&nbsp;/g, ' '),
    date: e.date ?? '2015-07-21',
    paragraphs: e.paragraphs,
  });
  const folder = join(dir, String(i));
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, page.name), page.bytes);
  for (const [name, bytes] of Object.entries(page.files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), bytes);
  }
  files.push(join(folder, page.name));
}
const times = [];
let articles = 0;
for (let run = 0; run <= 3; run++) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [join(root, 'bin/briefing.js'), 'parse', ...files, '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`parse failed: ${result.stderr.slice(0, 500)}`);
  articles = JSON.parse(result.stdout).length;
  if (run > 0) times.push(seconds);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ pages: COUNT, articles, median: times[1], runs: times }));
