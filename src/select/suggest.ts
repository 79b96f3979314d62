// Keyword suggestions: the words that set a group of sections apart from the rest of a collection,
// by Dunning's log-likelihood ratio (G², Dunning 1993), the usual test for "more frequent here than
// chance allows" that stays sound for the small counts of a few articles (unlike χ² or tf-idf).
// Words are grouped by light stem so that «الحوثيين» and «الحوثي» count together, and shown in the
// form the collection prints most.
import { blockText, type Article } from '../model.js';
import { Matcher, matchText, occurrences, type CompiledTerm } from './match.js';
import { forEachWord, lightStem, tokenKey } from './normalize.js';
import { STOPWORDS } from './summary.js';

export interface Suggestion {
  /** The word as the collection prints it most, without a leading و/ف. */
  word: string;
  /** Occurrences in the group of sections, and in the rest of the collection. */
  inside: number;
  outside: number;
  /** Sections of the group that have it. */
  sections: number;
  /** Log-likelihood ratio: above 10.83 the difference has p < 0.001. */
  g2: number;
}

/** A section of an article, as text. */
export interface SectionText {
  articleId: string;
  sectionIndex: number;
  text: string;
}

/** Every section of every article, heading included. */
export function sectionTexts(articles: readonly Article[]): SectionText[] {
  return articles.flatMap((article) =>
    article.sections.map((section, sectionIndex) => ({
      articleId: article.id,
      sectionIndex,
      text: [section.heading ?? article.title, ...section.blocks.map(blockText)].join('\n'),
    })),
  );
}

/** The sections in which a term occurs. */
export function sectionsWith(sections: readonly SectionText[], term: string): SectionText[] {
  const matcher = new Matcher();
  const compiled = matcher.compile(term, 1);
  if (!compiled) return [];
  return sections.filter((section) => occurrences(matchText(matcher, section.text), compiled).length > 0);
}

interface Tally {
  inside: number;
  outside: number;
  sections: number;
  lastSection: number;
  surfaces: Map<string, number>;
}

/** A word worth suggesting at all: three letters or more, not a function word or a number. */
function isContentWord(key: string): boolean {
  return key.length >= 3 && !STOPWORDS.has(key) && !/\d/.test(key) && /[\u0621-\u064a]/.test(key);
}

function g2(a: number, b: number, insideTotal: number, outsideTotal: number): number {
  const total = insideTotal + outsideTotal;
  const expectedInside = (insideTotal * (a + b)) / total;
  const expectedOutside = (outsideTotal * (a + b)) / total;
  const term = (observed: number, expected: number): number =>
    observed > 0 ? observed * Math.log(observed / expected) : 0;
  return 2 * (term(a, expectedInside) + term(b, expectedOutside));
}

/**
 * The words most distinctive of `group` against the other sections of `all`, words that `known`
 * terms already match left out. Only words that are more frequent inside than outside, in at least
 * two sections of the group (one article's pet word is not the theme's), with G² ≥ 10.83.
 */
export function distinctiveWords(
  group: readonly SectionText[],
  all: readonly SectionText[],
  known: readonly string[],
  limit = 15,
): Suggestion[] {
  const matcher = new Matcher();
  const compiled = known.map((term) => matcher.compile(term, 1)).filter((t): t is CompiledTerm => t !== null);
  const isKnown = (surface: string): boolean => {
    const text = matchText(matcher, surface);
    return compiled.some((term) => occurrences(text, term).length > 0);
  };
  const inGroup = new Set(group.map((s) => `${s.articleId}§${s.sectionIndex}`));
  const tallies = new Map<string, Tally>();
  let insideTotal = 0;
  let outsideTotal = 0;
  all.forEach((section, index) => {
    const inside = inGroup.has(`${section.articleId}§${section.sectionIndex}`);
    forEachWord(section.text, (surface) => {
      const key = tokenKey(surface);
      if (key.length === 0) return;
      if (inside) insideTotal++;
      else outsideTotal++;
      if (!isContentWord(key)) return;
      const stem = lightStem(key);
      let tally = tallies.get(stem);
      if (!tally) {
        tally = { inside: 0, outside: 0, sections: 0, lastSection: -1, surfaces: new Map() };
        tallies.set(stem, tally);
      }
      if (inside) {
        tally.inside++;
        if (tally.lastSection !== index) {
          tally.sections++;
          tally.lastSection = index;
        }
        const shown = surface.replace(/^[وف](?=ال)/, '');
        tally.surfaces.set(shown, (tally.surfaces.get(shown) ?? 0) + 1);
      } else tally.outside++;
    });
  });
  if (insideTotal === 0) return [];
  const suggestions: Suggestion[] = [];
  for (const tally of tallies.values()) {
    if (tally.inside < 3 || tally.sections < Math.min(2, group.length)) continue;
    if (tally.inside / insideTotal <= tally.outside / Math.max(1, outsideTotal)) continue;
    const score = g2(tally.inside, tally.outside, insideTotal, outsideTotal);
    if (score < 10.83) continue;
    const word = [...tally.surfaces].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0]![0];
    suggestions.push({
      word,
      inside: tally.inside,
      outside: tally.outside,
      sections: tally.sections,
      g2: Math.round(score * 10) / 10,
    });
  }
  suggestions.sort((a, b) => b.g2 - a.g2 || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  return suggestions.filter((s) => !isKnown(s.word)).slice(0, limit);
}
