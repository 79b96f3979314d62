#!/usr/bin/env node
// npm run bench: timing is measured here, never in tests.
//  1. The seed pack as a whole process (what the analyst waits for): warm-up + 5 runs, median.
//  2. Selection with 10 themes over the whole corpus (parsing excluded), cold, in fresh processes.
//  3. The line layer alone on every seed paragraph: cold (empty shaping cache) and warm, with the
//     cache's hit rate and the number of distinct items shaped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function wholeProcess(runs) {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-bench-'));
  const out = join(dir, 'briefing.pdf');
  const times = [];
  for (let i = 0; i <= runs; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [join(root, 'bin/briefing.js'), 'build', '--out', out], { cwd: root, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`build failed: ${result.stderr}`);
    if (statSync(out).size < 10_000) throw new Error('build produced an (almost) empty PDF');
    if (i > 0) times.push(seconds); // run 0 warms the disk cache
  }
  // One more run with --timings, for where the time goes.
  const timed = spawnSync(process.execPath, [join(root, 'bin/briefing.js'), 'build', '--out', out, '--timings'], { cwd: root, encoding: 'utf8' });
  const phases = Object.fromEntries([...timed.stderr.matchAll(/^ {2}(.+?)\s+(\d+) ms$/gm)].map((m) => [m[1], Number(m[2])]));
  return { median: median(times), runs: times, bytes: statSync(out).size, phases };
}

async function layerOnly() {
  const { loadFace } = await import(join(root, 'dist/render/fonts.js'));
  const { layoutParagraph } = await import(join(root, 'dist/render/layout/index.js'));
  const { shapeStats } = await import(join(root, 'dist/render/layout/shape.js'));
  const face = loadFace(join(root, 'fonts/Amiri-Regular.ttf'));
  const style = { family: 'Body', bold: false, face, fontSize: 12 };
  const paragraphs = readdirSync(join(root, 'seeds'))
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => readFileSync(join(root, 'seeds', f), 'utf8').split('\n'))
    .filter((l) => l.trim().length > 0);
  const pass = () => {
    const started = performance.now();
    let lines = 0;
    for (const text of paragraphs) lines += layoutParagraph([{ text, style }], { measure: 471, alignment: 'justify', kashida: true }).length;
    return { ms: performance.now() - started, lines };
  };
  const cold = pass();
  const afterCold = shapeStats();
  const warm = pass();
  const after = shapeStats();
  return {
    paragraphs: paragraphs.length,
    lines: cold.lines,
    coldMs: cold.ms,
    warmMs: warm.ms,
    distinctShaped: afterCold.shaped,
    hitRate: after.hits / (after.hits + after.shaped),
  };
}

/** Parse every corpus article as a whole process (`briefing parse … --json`), median of 3. */
function corpusParse(runs) {
  const dir = join(root, '..', 'shared', 'corpus', 'saudinewsnet-2015-07-21');
  let files;
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.txt')).map((f) => join(dir, f));
  } catch {
    return { skipped: `corpus not found at ${dir}` };
  }
  const times = [];
  let articles = 0;
  for (let i = 0; i <= runs; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [join(root, 'bin/briefing.js'), 'parse', ...files, '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`parse failed: ${result.stderr}`);
    articles = JSON.parse(result.stdout).length;
    if (i > 0) times.push(seconds);
  }
  return { files: files.length, articles, median: median(times), runs: times };
}

/** Selection at scale (10 themes, 2,143 articles), parsing excluded: cold select() in 3 processes. */
function corpusSelect(runs) {
  const dir = join(root, '..', 'shared', 'corpus', 'saudinewsnet-2015-07-21');
  try {
    readdirSync(dir);
  } catch {
    return { skipped: `corpus not found at ${dir}` };
  }
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const result = spawnSync(process.execPath, [join(root, 'bench/select.js')], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`selection benchmark failed: ${result.stderr}`);
    samples.push(JSON.parse(result.stdout));
  }
  const last = samples[samples.length - 1];
  return { ...last, coldMs: median(samples.map((s) => s.coldMs)), warmMs: median(samples.flatMap((s) => s.warmMs)), runs: samples.map((s) => s.coldMs) };
}

const seedPack = wholeProcess(5);
const corpus = corpusParse(3);
const selection = corpusSelect(3);
const layer = await layerOnly();
const results = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, seedPack, layer, corpus, selection };
writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`seed pack, whole process: median ${seedPack.median.toFixed(2)} s over ${seedPack.runs.length} runs (target 0.6 s), ${(seedPack.bytes / 1024).toFixed(0)} KB`);
console.log(`  phases (ms): ${Object.entries(seedPack.phases).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`line layer, ${layer.paragraphs} seed paragraphs → ${layer.lines} lines: cold ${layer.coldMs.toFixed(0)} ms, warm ${layer.warmMs.toFixed(0)} ms`);
console.log(`shaping: ${layer.distinctShaped} distinct items shaped, cache hit rate ${(layer.hitRate * 100).toFixed(1)} %`);
if (corpus.skipped) console.log(`corpus parse: skipped (${corpus.skipped})`);
else console.log(`corpus parse, whole process: ${corpus.articles} of ${corpus.files} articles, median ${corpus.median.toFixed(2)} s (target 1.5 s)`);
if (selection.skipped) console.log(`corpus selection: skipped (${selection.skipped})`);
else console.log(`corpus selection, ${selection.themes} themes over ${selection.articles} articles (${selection.sections} sections), parsing excluded: cold median ${(selection.coldMs / 1000).toFixed(2)} s (target 1 s), warm ${(selection.warmMs / 1000).toFixed(2)} s; ${selection.chosen} sections chosen, ${selection.duplicatesCited} duplicates cited`);
console.log('corpus packs (200 and 2,143 articles): not part of this benchmark yet (issue 8)');
