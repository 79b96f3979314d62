#!/usr/bin/env node
// Fidelity of a built pack, checked by independent tools (../shared/tools/, over poppler's
// pdftotext) against thresholds; CI runs it on the seed pack and on corpus packs.
//   node scripts/fidelity.js PDF --min-words W ARTICLE.txt…
// Checks: no body line sticks out of the column (≤ 0.2 % of body lines, edge_check.py); source
// words found whole in the extraction ≥ W (text_check.py); no tatweel the sources do not have
// (every extracted word holding one is, letters and tatweels, part of a source); reading order
// ≥ 0.999 (order_check.py). Prints one line per check; exits 1 if any fails.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const tools = join(fileURLToPath(new URL('..', import.meta.url)), '..', 'shared', 'tools');
const args = process.argv.slice(2);
const minWordsAt = args.indexOf('--min-words');
const minWords = Number(args[minWordsAt + 1]);
const [pdf, ...articles] = args.filter((_, i) => i !== minWordsAt && i !== minWordsAt + 1);
if (!pdf || articles.length === 0 || !(minWords > 0)) {
  console.error('usage: node scripts/fidelity.js PDF --min-words W ARTICLE.txt…');
  process.exit(2);
}

function lastLine(tool, toolArgs) {
  const result = spawnSync('python3', [join(tools, tool), ...toolArgs], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr}`);
  return result.stdout.trim().split('\n').pop();
}

const failures = [];
const report = (ok, line) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${line}`);
  if (!ok) failures.push(line);
};

const edges = lastLine('edge_check.py', [pdf]);
const [, out, lines] = /right_off (\d+)\/(\d+)/.exec(edges).map(Number);
report(out <= 0.002 * lines, `lines sticking out: ${edges} (at most 0.2 % of body lines)`);

const text = lastLine('text_check.py', [pdf, ...articles]);
const words = Number(/words ([\d.]+)/.exec(text)[1]);
report(words >= minWords, `words given back: ${text} (at least ${minWords})`);

// Letters and tatweels only: marks, digits, punctuation and bidi controls fall away on both sides.
// A word may hold a tatweel in the extraction only where the same word holds one in a source
// (kashida and the font's connecting strokes must not show); how many, and where in the word,
// is left to the extractor, which places a glyph that stands for several tatweels as it likes,
// and which cuts a word at a mark, so a piece of such a word counts as the word.
const MARKS = /[\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const wordsOf = (s) =>
  s
    .replace(MARKS, '')
    .split(/[^\u0621-\u064A\u0671-\u06D3\u0640]+/)
    .filter(Boolean);
const withoutTatweel = (w) => w.replaceAll('\u0640', '');
// The pack's own words beside the articles': the Hijri era «هـ» of its dates is written with one.
const OWN_WORDS = ['هـ'];
const elongatedInSources = ` ${wordsOf([...articles.map((f) => readFileSync(f, 'utf8')), ...OWN_WORDS].join('\n'))
  .filter((w) => w.includes('\u0640'))
  .map(withoutTatweel)
  .join(' ')} `;
const extracted = spawnSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], {
  encoding: 'utf8',
  maxBuffer: 256 << 20,
}).stdout;
const added = new Set(
  wordsOf(extracted).filter((w) => w.includes('\u0640') && !elongatedInSources.includes(withoutTatweel(w))),
);
report(
  added.size === 0,
  `tatweels added: ${added.size} extracted words hold a tatweel where no source does${added.size ? `: ${[...added].slice(0, 8).join(' ')}` : ''}`,
);

const order = lastLine('order_check.py', [pdf, ...articles]);
report(Number(/order: ([\d.]+)/.exec(order)[1]) >= 0.999, `reading order: ${order} (at least 0.999)`);

process.exit(failures.length > 0 ? 1 : 0);
