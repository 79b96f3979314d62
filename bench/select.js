#!/usr/bin/env node
// One selection run at corpus scale, as its own process so the first select() is really cold:
// parses every article named by bench/corpus-themes.yaml (not timed), then times select() with its
// ten themes once cold and three times warm. Prints one JSON line; bench/run.js takes medians.
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { loadConfig } = await import(join(root, 'dist/config/load.js'));
const { expandInputs } = await import(join(root, 'dist/config/inputs.js'));
const { ingestFiles } = await import(join(root, 'dist/ingest/index.js'));
const { select } = await import(join(root, 'dist/select/index.js'));

const configFile = join(root, 'bench/corpus-themes.yaml');
const config = loadConfig(configFile);
const files = expandInputs(config.inputs, dirname(config.file), { configFile, positions: config.inputPositions });
const { articles } = ingestFiles(files);
const times = [];
let briefing;
for (let i = 0; i < 4; i++) {
  const started = performance.now();
  briefing = select(articles, config);
  times.push(performance.now() - started);
}
const sections = articles.reduce((n, a) => n + a.sections.length, 0);
const chosen = briefing.themes.reduce((n, t) => n + t.sections.length, 0);
if (chosen === 0) throw new Error('selection chose nothing');
const cited = briefing.themes.reduce((n, t) => n + t.sections.reduce((m, s) => m + s.duplicates.length, 0), 0);
console.log(
  JSON.stringify({
    articles: articles.length,
    sections,
    themes: config.themes.length,
    chosen,
    duplicatesCited: cited,
    coldMs: times[0],
    warmMs: times.slice(1),
  }),
);
