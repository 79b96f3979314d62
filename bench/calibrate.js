#!/usr/bin/env node
// Calibration, not part of `npm run bench`: how fast is this machine today compared with the one the
// performance issue was measured on? The issue gives Chromium's print of the same content (all
// articles as one justified right-to-left A4 document in Amiri): 1.40 s for the five seeds and 5.1 s
// for the first 200 corpus articles. This prints that document with Debian's Chromium here, as a
// whole process like the issue did, and reports the ratio. Needs `apt-get install -y chromium`.
//   node bench/calibrate.js
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const CORPUS = join(root, '..', 'shared', 'corpus', 'saudinewsnet-2015-07-21');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) {
  console.error('calibrate: no chromium found (apt-get install -y chromium)');
  process.exit(1);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function html(files) {
  const body = files
    .map((file) => {
      const [title, ...rest] = readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
      return `<h2>${escape(title ?? '')}</h2>\n${rest.map((p) => `<p>${escape(p)}</p>`).join('\n')}`;
    })
    .join('\n');
  return `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><style>
@font-face { font-family: Amiri; src: url('file://${join(root, 'fonts/Amiri-Regular.ttf')}'); }
@font-face { font-family: Amiri; font-weight: bold; src: url('file://${join(root, 'fonts/Amiri-Bold.ttf')}'); }
@page { size: A4; margin: 20mm; }
body { font-family: Amiri; font-size: 12pt; line-height: 1.6; text-align: justify; }
h2 { font-size: 14pt; }
</style></head><body>${body}</body></html>`;
}

function time(name, files, issueSeconds) {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-calibrate-'));
  const page = join(dir, 'pack.html');
  const out = join(dir, 'pack.pdf');
  writeFileSync(page, html(files));
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--print-to-pdf=${out}`, `file://${page}`];
  const runs = [];
  for (let i = 0; i <= 3; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(CHROMIUM, args, { encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0 || !existsSync(out) || statSync(out).size < 10_000) throw new Error(`${name}: chromium failed: ${result.stderr}`);
    if (i > 0) runs.push(seconds);
  }
  const med = median(runs);
  console.log(`${name}: Chromium print here ${med.toFixed(2)} s (runs ${runs.map((r) => r.toFixed(2)).join(' ')}), in the issue ${issueSeconds} s: this machine is ${(med / issueSeconds).toFixed(2)}x as slow`);
  return { name, median: med, runs, issue: issueSeconds, ratio: med / issueSeconds };
}

const seeds = readdirSync(join(root, 'seeds')).filter((f) => f.endsWith('.txt')).sort().map((f) => join(root, 'seeds', f));
const results = [time('seeds', seeds, 1.4)];
if (existsSync(CORPUS)) {
  const first200 = readdirSync(CORPUS)
    .filter((f) => f.endsWith('.txt'))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b))
    .slice(0, 200)
    .map((f) => join(CORPUS, f));
  results.push(time('corpus-200', first200, 5.1));
}
writeFileSync(join(root, 'bench/calibration.json'), `${JSON.stringify({ date: new Date().toISOString(), chromium: CHROMIUM, results }, null, 2)}\n`);
