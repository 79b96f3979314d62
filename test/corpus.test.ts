// Parser against the corpus's ground truth (../shared/corpus/…/expected.json, 2,143 real articles):
// title, authors, date and paragraph text must be right for at least 99 % of them. The corpus is
// read in place, never copied; without it this suite says so and skips.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article } from '../src/model.js';
import { boilerplateKind } from '../src/ingest/boilerplate.js';
import { ingestFiles } from '../src/ingest/index.js';

const CORPUS = join(process.cwd(), '..', 'shared', 'corpus', 'saudinewsnet-2015-07-21');
const present = existsSync(join(CORPUS, 'expected.json'));
if (!present) console.warn(`corpus tests skipped: ${CORPUS}/expected.json not found`);

interface Expected {
  file: string;
  title: string;
  author: string;
  date: string | null;
  paragraphs: string[];
}

// The ground truth keeps the pages' HTML entities and stray spaces; compare text, not markup.
const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  quot: '"',
  amp: '&',
  ndash: '–',
  mdash: '—',
  laquo: '«',
  raquo: '»',
  hellip: '…',
  rlm: '',
  lrm: '',
};
const text = (s: string | null | undefined): string =>
  (s ?? '')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&([a-z]+);/g, (whole, name: string) => ENTITIES[name] ?? whole)
    .replace(/[\u200B\uFEFF]/g, '')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
// A leading «*» marks a footnote or a starred byline; the ground truth keeps it, the model does not.
const unstarred = (s: string | null | undefined): string => text(s).replace(/^\*+\s*/, '');

function paragraphsOf(article: Article): string[] {
  return article.blocks
    .filter((b) => b.kind !== 'figure')
    .map((b) => unstarred(b.kind === 'footnote' ? `${b.marker} ${b.text}` : b.text));
}

describe.skipIf(!present)('corpus ground truth (2,143 articles)', () => {
  const expected: Expected[] = present ? JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) : [];
  const { articles, skipped } = present
    ? ingestFiles(expected.map((e) => join(CORPUS, e.file)))
    : { articles: [], skipped: [] };
  const byFile = new Map(articles.map((a) => [a.file.split('/').pop()!, a]));
  const misses = (field: (e: Expected, a: Article) => boolean): string[] =>
    expected.filter((e) => !byFile.has(e.file) || !field(e, byFile.get(e.file)!)).map((e) => e.file);
  const share = (missed: string[]): number => 1 - missed.length / expected.length;

  it('reads every file', () => {
    expect(skipped).toEqual([]);
    expect(articles).toHaveLength(2143);
  });
  it('titles: ≥ 99 %', () => {
    const missed = misses((e, a) => text(a.title) === text(e.title));
    expect(share(missed), missed.join(' ')).toBeGreaterThanOrEqual(0.99);
  });
  it('dates: ≥ 99 %', () => {
    const missed = misses((e, a) => a.date === (e.date ?? null));
    expect(share(missed), missed.join(' ')).toBeGreaterThanOrEqual(0.99);
  });
  it('bylines as printed: ≥ 99 %', () => {
    const missed = misses((e, a) => unstarred(a.byline ?? '') === unstarred(e.author).replace(/\s*:$/, ''));
    expect(share(missed), missed.join(' ')).toBeGreaterThanOrEqual(0.99);
  });
  // The ground truth keeps the sites' «…المزيد» («more») links as paragraphs; the parser drops them
  // as boilerplate, so they are left out of the comparison — counted, and only those.
  const boilerplate = expected.flatMap((e) => e.paragraphs.map(unstarred).filter((p) => boilerplateKind(p) !== null));
  it('paragraph text: ≥ 99 % (ground-truth boilerplate aside)', () => {
    expect(new Set(boilerplate)).toEqual(new Set(['...المزيد']));
    const missed = misses(
      (e, a) =>
        JSON.stringify(paragraphsOf(a)) ===
        JSON.stringify(e.paragraphs.map(unstarred).filter((p) => p.length > 0 && boilerplateKind(p) === null)),
    );
    expect(share(missed), missed.join(' ')).toBeGreaterThanOrEqual(0.99);
  });
});
