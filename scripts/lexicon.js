#!/usr/bin/env node
// Writes data/lexicon.json, the data behind the look-alike guard of keyword matching
// (src/select/lexicon.ts), in the matcher's own keys (src/select/normalize.ts: hamza and final
// forms folded, the article peeled) so that loading it costs a JSON parse and nothing more:
//   forms  how often each Arabic word occurs in a news collection (SaudiNewsNet, one day), by key;
//          words printed with a final ى are left out, since there ى is its own letter (اليمنى
//          «right-hand») and not the ي a key folds it to.
//   words  dictionary headwords ending in ة from Ayaspell (Debian's hunspell-ar): the singulars a
//          feminine plural in ـات can come from (مساعدة for المساعدات), and the words a proper noun
//          plus ـية can spell (تعزية, not «of Taiz»).
//
//   apt-get install -y hunspell-ar          # or: apt-get download hunspell-ar && dpkg-deb -x …
//   npm run build && node scripts/lexicon.js [--corpus DIR] [--dic FILE] [--min N]
// The corpus is read in place (../shared/corpus by default) and never copied: only counts are kept.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { normalize, stripClitics } from '../dist/select/normalize.js';

const option = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const corpus = resolve(option('--corpus', '../shared/corpus/saudinewsnet-2015-07-21'));
const dic = resolve(option('--dic', '/usr/share/hunspell/ar.dic'));
const min = Number(option('--min', '5'));

const MARKS =
  /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]/g;
const ARABIC_WORD = /[\u0621-\u064a\u0671-\u06d3\u064b-\u065f\u0670\u0640]+/g;

const counts = new Map();
let words = 0;
const files = readdirSync(corpus)
  .filter((f) => f.endsWith('.txt'))
  .sort();
for (const file of files) {
  const text = readFileSync(join(corpus, file), 'utf8').normalize('NFKC');
  for (const match of text.matchAll(ARABIC_WORD)) {
    const form = match[0].replace(MARKS, '');
    if (form.length < 2) continue;
    words++;
    if (form.endsWith('ى')) continue;
    const key = stripClitics(normalize(form));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
}
const forms = [...counts].filter(([, n]) => n >= min).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));

// Ayaspell's .dic: a count line, then «word/FLAGS[\tmorphology]» per line.
const headwords = new Set();
for (const line of readFileSync(dic, 'utf8').split('\n').slice(1)) {
  const word = line.split(/[/\t]/)[0].replace(MARKS, '').trim();
  if (word.length >= 3 && word.endsWith('ة')) headwords.add(normalize(word));
}

const out = {
  description:
    'Data of the look-alike guard of keyword matching (src/select/lexicon.ts), in matching keys (harakat and tatweel removed; أ إ آ → ا, ة → ه, ى → ي, ؤ → و, ئ → ي; the article peeled). forms: the words of a news collection with their counts. words: dictionary words ending in ة, the singulars of feminine plurals and the words a name + ـية can spell.',
  source: {
    forms: `scripts/lexicon.js over SaudiNewsNet 2015-07-21 (${files.length} articles, ${words} Arabic words; github.com/parallelfold/SaudiNewsNet, CC BY-NC-SA 4.0): words by matching key, seen at least ${min} times; words printed with a final ى left out. Only counts are kept, no text.`,
    words: `scripts/lexicon.js over Ayaspell 3.2 (hunspell-ar, sourceforge.net/projects/ayaspell; © 2006-2008 Mohamed Kebdani, GPL 2.0 / LGPL 2.1 / MPL 1.1, used here under MPL 1.1): headwords ending in ة, as matching keys.`,
  },
  words: [...headwords].sort(),
  // One «key TAB count» line per word, most frequent first: a string parses in no time, and the
  // guard asks it for a handful of words only (src/select/lexicon.ts).
  forms: `\n${forms.map(([key, n]) => `${key}\t${n}`).join('\n')}\n`,
};
const json = JSON.stringify(out).replace(/,"(words|forms)":/g, ',\n"$1":');
writeFileSync(resolve(import.meta.dirname, '../data/lexicon.json'), `${json}\n`);
console.log(
  `${forms.length} forms (of ${counts.size}) from ${words} words in ${files.length} files; ${headwords.size} headwords`,
);
