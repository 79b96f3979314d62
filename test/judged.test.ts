// Precision and recall of keyword matching over the judged pairs of test/judged/matching.tsv.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Matcher, matchText, occurrences } from '../src/select/match.js';

interface Pair {
  line: number;
  keyword: string;
  word: string;
  shouldMatch: boolean;
  reason: string;
  text: string;
}

const pairs: Pair[] = readFileSync(new URL('judged/matching.tsv', import.meta.url), 'utf8')
  .split('\n')
  .map((line, index) => ({ line, number: index + 1 }))
  .filter(({ line }) => line.trim() !== '' && !line.startsWith('#'))
  .map(({ line, number }) => {
    const [keyword, word, verdict, reason, text] = line.split('\t');
    if (!keyword || !word || (verdict !== 'yes' && verdict !== 'no') || !reason)
      throw new Error(`matching.tsv:${number}: malformed row`);
    return { line: number, keyword, word, shouldMatch: verdict === 'yes', reason, text: text ?? word };
  });

function matches({ keyword, word, text }: Pair): boolean {
  const matcher = new Matcher();
  const term = matcher.compile(keyword, 1)!;
  return occurrences(matchText(matcher, text), term).some((o) => o.surface === word);
}

describe('judged keyword matches (test/judged/matching.tsv)', () => {
  const results = pairs.map((pair) => ({ pair, matched: matches(pair) }));
  const lookAlikes = results.filter((r) => !r.pair.shouldMatch);
  const forms = results.filter((r) => r.pair.shouldMatch);
  const lookAlikesMatched = lookAlikes.filter((r) => r.matched);
  const formsMissed = forms.filter((r) => !r.matched);
  const describe = (r: { pair: Pair }): string =>
    `  line ${r.pair.line}: ${r.pair.keyword} / ${r.pair.word} (${r.pair.reason})`;

  it('has at least 200 pairs of both kinds', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(200);
    expect(lookAlikes.length).toBeGreaterThanOrEqual(60);
    expect(forms.length).toBeGreaterThanOrEqual(100);
  });

  it('matches at most 2 % of the look-alikes and finds at least 98 % of the forms', () => {
    const tp = forms.length - formsMissed.length;
    const precision = tp / (tp + lookAlikesMatched.length);
    const recall = tp / forms.length;
    console.log(
      [
        `judged pairs: ${pairs.length}; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
        `look-alikes matched: ${lookAlikesMatched.length}/${lookAlikes.length}`,
        ...lookAlikesMatched.map(describe),
        `forms missed: ${formsMissed.length}/${forms.length}`,
        ...formsMissed.map(describe),
      ].join('\n'),
    );
    expect(lookAlikesMatched.length / lookAlikes.length).toBeLessThanOrEqual(0.02);
    expect(1 - formsMissed.length / forms.length).toBeGreaterThanOrEqual(0.98);
  });
});
