// Select stage: articles + config → Briefing, in the steps select() calls in order:
//   0. packDate, withinWindow (window.ts): the articles the pack sets.
//   1. compileThemes, documents: every section of every article is a document; its words are
//      matched against every configured term once (match.ts).
//   2. scoreSections: each (section, theme) pair scored with BM25 over sections: rare terms count
//      more than common ones, repeats saturate, long sections do not win by length alone; the
//      heading (or an opening section's article title) counts double; phrases carry a bonus; an
//      exclusion vetoes.
//   3. findCopies: duplicate passages across articles; the best-scoring copy is kept and cites the rest.
//   4. assignSections: a section goes to its best theme with room (unless allow_overlap); `drop:`.
//   5. applyPins: `pin:` sections join their theme whatever they score.
//   6. themeSelections: each theme's sections and an extractive summary (summary.ts).
// Everything that decided a choice is kept in the model, so `themes --explain` can show it.
import { basename, dirname, resolve } from 'node:path';
import {
  blockText,
  type Article,
  type Briefing,
  type NearMiss,
  type PackConfig,
  type PackWarning,
  type Section,
  type SectionPick,
  type WeightedTerm,
  type SelectedSection,
  type SummarySentence,
  type TermMatch,
  type ThemeSelection,
} from '../model.js';
import { KeptBetweenBuilds, keepingWork, onForgetKeptWork } from '../shared/kept-between-builds.js';
import { duplicateClusters, shingleJaccard } from '../shared/near-duplicates.js';
import {
  Matcher,
  matchText,
  mayOccur,
  writesFinalYaAsAlefMaqsura,
  occurrences,
  tokensIn,
  type CompiledTerm,
  type MatchedText,
  type Occurrence,
} from './match.js';
import { lightStem } from './normalize.js';
import { withinWindow } from './window.js';
import {
  MAX_CANDIDATES,
  MAX_WORDS,
  MIN_WORDS,
  STOPWORDS,
  sentences,
  summarize,
  type SentenceSource,
} from './summary.js';

// BM25 constants as usually tuned for short documents (Robertson & Zaragoza 2009).
const K1 = 1.2;
const B = 0.75;
/** What naming a term in the section's heading (or an opening section's article title) adds, in
 *  units of one saturated body mention. */
const HEADING_BONUS = 2;
/** A phrase match is worth this much more than a keyword of the same weight: it is more specific. */
const PHRASE_BONUS = 1.5;
/** Near misses kept per theme for explanations. */
const NEAR_MISSES = 5;

interface Document {
  article: Article;
  sectionIndex: number;
  section: Section;
  body: MatchedText;
  head: MatchedText;
  length: number;
  /** Whether the article writes final ي as ى (فى، الذى), worked out on first question: see match.ts. */
  finalYaAsAlefMaqsura: () => boolean;
}

interface ThemeTerms {
  keywords: CompiledTerm[];
  phrases: CompiledTerm[];
  exclude: CompiledTerm[];
}

interface Scored {
  doc: number;
  theme: number;
  score: number;
  matches: TermMatch[];
  /** Why it cannot be chosen for this theme at all; null when it qualifies. */
  rejected: string | null;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function documents(articles: readonly Article[], matcher: Matcher, known: KnownArticles | null): Document[] {
  const docs: Document[] = [];
  for (const article of articles) {
    const texts = article.sections.map((section) => section.blocks.map(blockText).join('\n'));
    let habit: boolean | undefined;
    const finalYaAsAlefMaqsura = (): boolean => (habit ??= texts.some((text) => writesFinalYaAsAlefMaqsura(text)));
    // An article's matches depend on its texts alone (its spelling habit included): kept by them.
    const match = (): { body: MatchedText; head: MatchedText }[] =>
      article.sections.map((section, sectionIndex) => ({
        body: matchText(matcher, texts[sectionIndex]!, finalYaAsAlefMaqsura),
        head: matchText(matcher, section.heading ?? article.title, finalYaAsAlefMaqsura),
      }));
    const matched = known
      ? known.getOrMake(
          [article.title, ...article.sections.map((s) => s.heading ?? ''), ...texts].join('\u0001'),
          match,
        )
      : match();
    article.sections.forEach((section, sectionIndex) => {
      const { body, head } = matched[sectionIndex]!;
      docs.push({
        article,
        sectionIndex,
        section,
        body,
        head,
        length: body.words.length + head.words.length,
        finalYaAsAlefMaqsura,
      });
    });
  }
  return docs;
}

/**
 * Ties broken by UTF-16 code units, not localeCompare: that collates by the machine's default
 * locale (the same input could sort differently on the CI runner and on a desk) and opens ICU's
 * collator on first use (~8 ms). Arabic letters' code points follow the alphabet's order.
 */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Distinct surface forms, most frequent first. */
function forms(found: readonly { surface: string }[]): string[] {
  const counts = new Map<string, number>();
  for (const { surface } of found) counts.set(surface, (counts.get(surface) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || byCodeUnits(a[0], b[0])).map(([form]) => form);
}

/** Whether one of `picks` names this section: the article by URL, id, file name or path, then the heading. */
function pickFor(picks: readonly SectionPick[], doc: Document, base: string): SectionPick | null {
  const { article, section } = doc;
  for (const pick of picks) {
    const named =
      pick.article === article.url ||
      pick.article === article.id ||
      pick.article === basename(article.file) ||
      resolve(base, pick.article) === resolve(article.file);
    if (!named) continue;
    if (pick.section === null) return pick;
    const heading = (section.heading ?? article.title).replace(/\s+/g, ' ').trim();
    if (heading === pick.section.replace(/\s+/g, ' ').trim()) return pick;
  }
  return null;
}

function describePick(pick: SectionPick): string {
  return pick.section === null ? `«${pick.article}»` : `«${pick.article}» § «${pick.section}»`;
}

/**
 * Why a theme prints nothing, as plainly as the selection knows it: no section mentions its terms,
 * or they all went to other themes (naming them), or they were duplicates, too weak, or excluded.
 */
export function emptyThemeMessage(id: string, misses: readonly NearMiss[], allowOverlap: boolean): string {
  if (misses.length === 0) return `theme "${id}" matched no sections`;
  const elsewhere = [...new Set(misses.flatMap((m) => /^went to theme "([^"]+)"/.exec(m.reason)?.[1] ?? []))];
  const count = `${misses.length} section${misses.length === 1 ? '' : 's'} matched`;
  const placed = misses.filter((m) => m.reason.startsWith('went to theme')).length;
  if (placed === misses.length) {
    const names = elsewhere.map((e) => `"${e}"`).join(elsewhere.length === 2 ? ' and ' : ', ');
    return (
      `theme "${id}": ${count}, all printed under ` +
      `${names}${allowOverlap ? '' : ' (allow_overlap: true prints them in both)'}`
    );
  }
  const kinds = new Map<string, number>();
  for (const m of misses) {
    const kind = m.reason.startsWith('went to theme')
      ? `printed under ${elsewhere.map((e) => `"${e}"`).join(', ')}`
      : m.reason.startsWith('duplicate of')
        ? 'duplicates printed elsewhere'
        : m.reason.startsWith('excluded')
          ? 'excluded'
          : m.reason.includes('min_distinct')
            ? 'below min_distinct'
            : m.reason.includes('min_score')
              ? 'below min_score'
              : 'theme full';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return `theme "${id}": ${count}, none printed: ${[...kinds].map(([kind, n]) => `${n} ${kind}`).join('; ')}`;
}

export function select(allArticles: readonly Article[], config: PackConfig): Briefing {
  const date = packDate(allArticles, config);
  const { kept: articles, leftOut } = withinWindow(allArticles, config, date);
  const { matcher, themeTerms, known } = matcherFor(config);
  const docs = documents(articles, matcher, known);
  known?.sweep();
  const { scored, copies } = scoresAndCopies(docs, themeTerms, config);
  const placement = assignSections(docs, scored, copies, config);
  const unmatchedPicks = applyPins(docs, scored, placement, config);
  const themes = themeSelections(docs, placement, copies, themeTerms, matcher, config);
  if (keepingWork()) keptMatching?.summaries.sweep();
  const warnings = [
    ...unmatchedPicks,
    ...themes.flatMap((t, i) =>
      t.sections.length === 0
        ? [{ file: config.file, message: emptyThemeMessage(t.id, placement.nearMisses[i]!, config.allowOverlap) }]
        : [],
    ),
  ];
  const kept = new Set(articles);
  return {
    config,
    date,
    articles: [...allArticles],
    themes,
    warnings,
    outsideWindow: leftOut > 0 ? allArticles.filter((a) => !kept.has(a)).map((a) => a.file) : [],
  };
}

/** An article's texts → its sections' matched body and heading, kept between builds (watch). */
type KnownArticles = KeptBetweenBuilds<string, { body: MatchedText; head: MatchedText }[]>;

/**
 * The matcher and what it matched, kept between the builds of one process (`briefing watch`) for as
 * long as the themes' terms stay the same: a rebuild after an article edit then matches only the
 * edited article, after a theme edit that leaves the terms alone (its title, max_sections) none.
 * The matcher numbers words as it first meets them; a kept one numbers them in another order than
 * a fresh one would, which no result depends on (numbers are compared, never ordered: the watch
 * test compares a kept build's bytes with a fresh build's).
 */
let keptMatching: {
  terms: string;
  matcher: Matcher;
  themeTerms: ThemeTerms[];
  known: KnownArticles;
  /** Each theme's summary by what it was made from (see keptSummary). */
  summaries: KeptBetweenBuilds<string, SummarySentence[]>;
} | null = null;
/** The last build's scores and copies, with what they were worked out from (see scoresAndCopies). */
let keptScores: {
  docs: readonly Document[];
  themeTerms: readonly ThemeTerms[];
  thresholds: string;
  scored: Scored[][];
  copies: Copies;
} | null = null;

onForgetKeptWork(() => {
  keptMatching = null;
  keptScores = null;
});

function matcherFor(config: PackConfig): { matcher: Matcher; themeTerms: ThemeTerms[]; known: KnownArticles | null } {
  if (!keepingWork()) {
    const matcher = new Matcher();
    return { matcher, themeTerms: compileThemes(config, matcher), known: null };
  }
  const terms = JSON.stringify(config.themes.map((t) => [t.keywords, t.phrases, t.exclude]));
  if (keptMatching?.terms !== terms) {
    const matcher = new Matcher();
    keptMatching = {
      terms,
      matcher,
      themeTerms: compileThemes(config, matcher),
      known: new KeptBetweenBuilds(),
      summaries: new KeptBetweenBuilds(),
    };
  }
  return keptMatching;
}

/**
 * Steps 2 and 3, or under watch the last build's answer when nothing they read has changed: the
 * same matched sections of the same articles (kept matches are the very objects of the last build
 * when an article's texts are unchanged), the same compiled terms and the same thresholds. A theme
 * edit that only moves max_sections, a title or an intro then skips scoring and the copy search.
 */
function scoresAndCopies(
  docs: readonly Document[],
  themeTerms: readonly ThemeTerms[],
  config: PackConfig,
): { scored: Scored[][]; copies: Copies } {
  const thresholds = JSON.stringify(config.themes.map((t) => [t.minDistinct, t.minScore]));
  const last = keptScores;
  const unchanged =
    keepingWork() &&
    last !== null &&
    last.themeTerms === themeTerms &&
    last.thresholds === thresholds &&
    last.docs.length === docs.length &&
    docs.every((doc, i) => sameForScoring(doc, last.docs[i]!));
  if (unchanged) return last;
  const scored = scoreSections(docs, themeTerms, config);
  const copies = findCopies(docs, scored);
  keptScores = keepingWork() ? { docs, themeTerms, thresholds, scored, copies } : null;
  return { scored, copies };
}

/** What scoring and the copy search read of a document (its date breaks ties between copies). */
function sameForScoring(a: Document, b: Document): boolean {
  return (
    a.body === b.body &&
    a.head === b.head &&
    a.sectionIndex === b.sectionIndex &&
    a.article.id === b.article.id &&
    a.article.date === b.article.date
  );
}

/** The pack's date: the configured one, or the newest article's. */
function packDate(articles: readonly Article[], config: PackConfig): string | null {
  if (config.date !== 'auto') return config.date;
  const dates = articles
    .map((a) => a.date)
    .filter((d): d is string => d !== null)
    .sort();
  return dates[dates.length - 1] ?? null;
}

/** Step 1a: every theme's keywords, phrases and exclusions as matcher terms. */
function compileThemes(config: PackConfig, matcher: Matcher): ThemeTerms[] {
  const compile = (terms: readonly WeightedTerm[]): CompiledTerm[] =>
    terms
      .map((t) => matcher.compile(t.term, t.weight, t.also, { exact: t.exact ?? false, not: t.not ?? [] }))
      .filter((t): t is CompiledTerm => t !== null);
  return config.themes.map((theme) => ({
    keywords: compile(theme.keywords),
    phrases: compile(theme.phrases),
    exclude: compile(theme.exclude.map((term) => ({ term, weight: 1, also: [] }))),
  }));
}

/** Step 2: each (section, theme) pair scored with BM25, or null where the theme's terms are absent. */
function scoreSections(docs: readonly Document[], themeTerms: readonly ThemeTerms[], config: PackConfig): Scored[][] {
  const averageLength = docs.reduce((sum, d) => sum + d.length, 0) / Math.max(1, docs.length);
  // Occurrences per (document, term), shared by themes that list the same term.
  const allTerms = new Map<string, CompiledTerm>();
  for (const t of themeTerms)
    for (const term of [...t.keywords, ...t.phrases, ...t.exclude]) allTerms.set(term.key, term);
  const found = docs.map((doc) => {
    const perTerm = new Map<string, { body: Occurrence[]; head: Occurrence[] }>();
    if (doc.body.hits.length === 0 && doc.head.hits.length === 0) return perTerm;
    const inBody = tokensIn(doc.body);
    const inHead = tokensIn(doc.head);
    for (const [text, term] of allTerms) {
      const body = mayOccur(inBody, term) ? occurrences(doc.body, term) : [];
      const head = mayOccur(inHead, term) ? occurrences(doc.head, term) : [];
      if (body.length + head.length > 0) perTerm.set(text, { body, head });
    }
    return perTerm;
  });
  const documentFrequency = new Map<string, number>();
  for (const perTerm of found)
    for (const text of perTerm.keys()) documentFrequency.set(text, (documentFrequency.get(text) ?? 0) + 1);
  const idf = (text: string): number => {
    const df = documentFrequency.get(text) ?? 0;
    // +1 (as Lucene's classic idf has): in a focused collection the theme's own core terms are in
    // most sections, and plain BM25 idf (→ 0) would hand those sections to themes with rarer words.
    return 1 + Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
  };

  const scoreFor = (docIndex: number, themeIndex: number): Scored | null => {
    const perTerm = found[docIndex]!;
    if (perTerm.size === 0) return null;
    const terms = themeTerms[themeIndex]!;
    const theme = config.themes[themeIndex]!;
    const lengthNorm = 1 - B + (B * docs[docIndex]!.length) / averageLength;
    // Longest match wins: «داعش» inside an occurrence of «داعش خراسان» is that phrase, not a second
    // mention of داعش; of two terms matching the same words, the first listed (phrases before
    // keywords) takes them.
    const listed = [
      ...terms.phrases.map((term) => ({ term, kind: 'phrase' as const, bonus: PHRASE_BONUS })),
      ...terms.keywords.map((term) => ({ term, kind: 'keyword' as const, bonus: 1 })),
    ];
    const all: { owner: number; field: 'body' | 'head'; occurrence: Occurrence }[] = [];
    listed.forEach(({ term }, owner) => {
      const hit = perTerm.get(term.key);
      if (!hit) return;
      for (const occurrence of hit.body) all.push({ owner, field: 'body', occurrence });
      for (const occurrence of hit.head) all.push({ owner, field: 'head', occurrence });
    });
    all.sort((a, b) => b.occurrence.length - a.occurrence.length || a.owner - b.owner);
    const taken = { body: new Set<number>(), head: new Set<number>() };
    const kept = listed.map(() => ({ body: [] as Occurrence[], head: [] as Occurrence[] }));
    for (const { owner, field, occurrence } of all) {
      const { at, length } = occurrence;
      let free = true;
      for (let i = at; i < at + length && free; i++) free = !taken[field].has(i);
      if (!free) continue;
      for (let i = at; i < at + length; i++) taken[field].add(i);
      kept[owner]![field].push(occurrence);
    }
    const matches: TermMatch[] = [];
    listed.forEach(({ term, kind, bonus }, owner) => {
      const { body, head } = kept[owner]!;
      if (body.length + head.length === 0) return;
      const tf = body.length + head.length;
      // The heading bonus stands outside BM25's saturation: a heading that names the term says the
      // section is about it, however often the body repeats it.
      const headingBonus = head.length > 0 ? HEADING_BONUS : 0;
      const score = term.weight * bonus * idf(term.key) * ((tf * (K1 + 1)) / (tf + K1 * lengthNorm) + headingBonus);
      const all = [...head, ...body];
      const doubts = new Map(all.flatMap((o) => (o.doubt === undefined ? [] : [[o.surface, o.doubt] as const])));
      const unsure = forms(all.filter((o) => doubts.has(o.surface))).map((form) => `«${form}»: ${doubts.get(form)}`);
      matches.push({
        term: term.term,
        kind,
        count: body.length,
        inHeading: head.length,
        forms: forms(all),
        score: round(score),
        ...(unsure.length > 0 ? { unsure } : {}),
      });
    });
    if (matches.length === 0) return null;
    matches.sort((a, b) => b.score - a.score || byCodeUnits(a.term, b.term));
    const score = round(matches.reduce((sum, m) => sum + m.score, 0));
    const veto = terms.exclude.find((e) => perTerm.has(e.key));
    let rejected: string | null = null;
    if (veto)
      rejected =
        `excluded: mentions ` +
        `«${forms([...perTerm.get(veto.key)!.head, ...perTerm.get(veto.key)!.body])[0]}» (exclude: ${veto.term})`;
    else if (matches.length < theme.minDistinct)
      rejected = `${matches.length} distinct term(s), min_distinct is ${theme.minDistinct}`;
    else if (score < theme.minScore) rejected = `score ${score} below min_score ${theme.minScore}`;
    return { doc: docIndex, theme: themeIndex, score, matches, rejected };
  };

  return docs.map((_, d) => config.themes.map((_t, t) => scoreFor(d, t)).filter((s): s is Scored => s !== null));
}

/** Copies of one passage across articles: which document is printed in place of which. */
interface Copies {
  /** doc → the doc printed in its place. */
  duplicateOf: Map<number, number>;
  /** doc printed → the copies it cites, with their similarity. */
  duplicatesOf: Map<number, { doc: number; similarity: number }[]>;
}

/** Step 3: duplicate passages among the sections that qualify anywhere; the best-scoring copy stands for all. */
function findCopies(docs: readonly Document[], scored: readonly Scored[][]): Copies {
  const qualifying = docs.map((_, d) => d).filter((d) => scored[d]!.some((s) => s.rejected === null));
  const wordsOf = (doc: number): number[] => [...docs[doc]!.head.words, ...docs[doc]!.body.words];
  const { cluster, similarity } = duplicateClusters(
    qualifying.map(wordsOf),
    qualifying.map((d) => docs[d]!.article.id),
  );
  const bestScore = (d: number): number =>
    Math.max(0, ...scored[d]!.filter((s) => s.rejected === null).map((s) => s.score));
  const members = new Map<number, number[]>();
  cluster.forEach((root, i) => {
    const group = members.get(root);
    if (group) group.push(i);
    else members.set(root, [i]);
  });
  const duplicateOf = new Map<number, number>();
  const duplicatesOf = new Map<number, { doc: number; similarity: number }[]>();
  for (const group of members.values()) {
    if (group.length < 2) continue;
    const ranked = group
      .map((i) => qualifying[i]!)
      .sort((a, b) => bestScore(b) - bestScore(a) || byDate(docs[a]!, docs[b]!) || a - b);
    const keeper = ranked[0]!;
    const keeperPosition = qualifying.indexOf(keeper);
    duplicatesOf.set(
      keeper,
      ranked.slice(1).map((doc) => {
        const position = qualifying.indexOf(doc);
        const pair = keeperPosition < position ? `${keeperPosition}:${position}` : `${position}:${keeperPosition}`;
        // Members joined through a third copy were never compared directly: measure them now.
        return { doc, similarity: round(similarity.get(pair) ?? shingleJaccard(wordsOf(keeper), wordsOf(doc))) };
      }),
    );
    for (const doc of ranked.slice(1)) duplicateOf.set(doc, keeper);
  }
  return { duplicateOf, duplicatesOf };
}

/** Where sections went: per theme, in rank order; what was left out and why; which doc went where first. */
interface Placement {
  perTheme: Scored[][];
  nearMisses: NearMiss[][];
  placedIn: Map<number, Scored>;
  pinned: Set<number>[];
}

function sectionRef(docs: readonly Document[], doc: number) {
  return {
    articleId: docs[doc]!.article.id,
    file: docs[doc]!.article.file,
    sectionIndex: docs[doc]!.sectionIndex,
    heading: docs[doc]!.section.heading,
  };
}

/**
 * Step 4: greedily by score, each section to its best qualifying theme that still has room (a
 * section is not lost because its best theme filled up with stronger ones), or with allow_overlap
 * to every theme it qualifies for; `drop:` keeps it out.
 */
function assignSections(
  docs: readonly Document[],
  scored: readonly Scored[][],
  copies: Copies,
  config: PackConfig,
): Placement {
  const perTheme: Scored[][] = config.themes.map(() => []);
  const nearMisses: NearMiss[][] = config.themes.map(() => []);
  const pairs: Scored[] = [];
  docs.forEach((_, d) => {
    const keeper = copies.duplicateOf.get(d);
    for (const s of scored[d]!) {
      if (s.rejected !== null)
        nearMisses[s.theme]!.push({ ...sectionRef(docs, d), score: s.score, reason: s.rejected });
      else if (keeper !== undefined)
        nearMisses[s.theme]!.push({
          ...sectionRef(docs, d),
          score: s.score,
          reason: `duplicate of ${docs[keeper]!.article.file} §${docs[keeper]!.sectionIndex}, printed there`,
        });
      else pairs.push(s);
    }
  });
  pairs.sort((a, b) => b.score - a.score || byDate(docs[a.doc]!, docs[b.doc]!) || a.doc - b.doc || a.theme - b.theme);
  const base = dirname(config.file);
  const placedIn = new Map<number, Scored>();
  for (const pair of pairs) {
    const theme = config.themes[pair.theme]!;
    const placed = placedIn.get(pair.doc);
    const dropped = pickFor(theme.drop, docs[pair.doc]!, base);
    const ref = sectionRef(docs, pair.doc);
    if (dropped) {
      nearMisses[pair.theme]!.push({ ...ref, score: pair.score, reason: `dropped (drop: ${describePick(dropped)})` });
    } else if (placed && !config.allowOverlap) {
      nearMisses[pair.theme]!.push({
        ...ref,
        score: pair.score,
        reason: `went to theme "${config.themes[placed.theme]!.id}" where it scores ${placed.score}`,
      });
    } else if (perTheme[pair.theme]!.length >= theme.maxSections) {
      nearMisses[pair.theme]!.push({
        ...ref,
        score: pair.score,
        reason: `theme full: ${theme.maxSections} sections (max_sections) scored higher`,
      });
    } else {
      perTheme[pair.theme]!.push(pair);
      if (!placed) placedIn.set(pair.doc, pair);
    }
  }
  return { perTheme, nearMisses, placedIn, pinned: config.themes.map(() => new Set<number>()) };
}

/**
 * Step 5: pins, printed under their theme whatever they score, moved from another theme unless
 * overlap is allowed. Returns a warning for each pin or drop that names no section.
 */
function applyPins(
  docs: readonly Document[],
  scored: readonly Scored[][],
  placement: Placement,
  config: PackConfig,
): PackWarning[] {
  const { perTheme, nearMisses, placedIn, pinned } = placement;
  const base = dirname(config.file);
  const unmatched: PackWarning[] = [];
  config.themes.forEach((theme, t) => {
    for (const list of [theme.pin, theme.drop]) {
      for (const pick of list) {
        if (!docs.some((doc) => pickFor([pick], doc, base)))
          unmatched.push({
            file: config.file,
            message:
              `theme "${theme.id}": ${list === theme.pin ? 'pin' : 'drop'} ${describePick(pick)} names ` +
              `no section of the inputs`,
          });
      }
    }
    docs.forEach((doc, d) => {
      const pick = pickFor(theme.pin, doc, base);
      if (!pick || perTheme[t]!.some((s) => s.doc === d)) return;
      const placed = placedIn.get(d);
      if (placed && !config.allowOverlap) {
        perTheme[placed.theme] = perTheme[placed.theme]!.filter((s) => s.doc !== d);
        nearMisses[placed.theme]!.push({
          ...sectionRef(docs, d),
          score: placed.score,
          reason: `pinned to theme "${theme.id}" (pin: ${describePick(pick)})`,
        });
      }
      const own = scored[d]!.find((s) => s.theme === t);
      perTheme[t]!.push({ doc: d, theme: t, score: own?.score ?? 0, matches: own?.matches ?? [], rejected: null });
      perTheme[t]!.sort((a, b) => b.score - a.score || byDate(docs[a.doc]!, docs[b.doc]!) || a.doc - b.doc);
      pinned[t]!.add(d);
      placedIn.set(d, { doc: d, theme: t, score: own?.score ?? 0, matches: [], rejected: null });
    });
  });
  return unmatched;
}

/** Step 6: each theme's sections as the model keeps them, with the copies they cite and a summary. */
function themeSelections(
  docs: readonly Document[],
  placement: Placement,
  copies: Copies,
  themeTerms: readonly ThemeTerms[],
  matcher: Matcher,
  config: PackConfig,
): ThemeSelection[] {
  return config.themes.map((theme, t) => {
    const ranked = placement.perTheme[t]!; // already by score, then newest
    const rankedDocs = ranked.map((s) => docs[s.doc]!);
    const sections = ranked.map((s): SelectedSection => ({
      articleId: docs[s.doc]!.article.id,
      file: docs[s.doc]!.article.file,
      sectionIndex: docs[s.doc]!.sectionIndex,
      heading: docs[s.doc]!.section.heading,
      score: s.score,
      matches: s.matches,
      duplicates: (copies.duplicatesOf.get(s.doc) ?? []).map((dup) => ({
        articleId: docs[dup.doc]!.article.id,
        file: docs[dup.doc]!.article.file,
        sectionIndex: docs[dup.doc]!.sectionIndex,
        similarity: dup.similarity,
      })),
      blocks: docs[s.doc]!.section.blocks,
      ...(placement.pinned[t]!.has(s.doc) ? { pinned: true as const } : {}),
    }));
    return {
      id: theme.id,
      title: theme.title,
      ...(theme.intro !== undefined ? { intro: theme.intro } : {}),
      sections,
      summary: keptSummary(t, rankedDocs, theme.summarySentences, () =>
        themeSummary(sections, rankedDocs, themeTerms[t]!, matcher, theme.summarySentences),
      ),
      nearMisses: placement.nearMisses[t]!.sort((a, b) => b.score - a.score).slice(0, NEAR_MISSES),
    };
  });
}

/**
 * A theme's summary, or under watch the one the last build made from the same sections: the same
 * texts (a kept match is the very object while its article's texts are unchanged, and stands for
 * them), block kinds, bylines and dates, in the same order, with the same terms (the kept matching
 * is dropped when any theme's terms change) and the same sentence count. Copies, as the model's
 * later stages are free to change what they are given.
 */
function keptSummary(
  theme: number,
  sectionDocs: readonly Document[],
  count: number,
  make: () => SummarySentence[],
): SummarySentence[] {
  const summaries = keepingWork() ? keptMatching?.summaries : undefined;
  if (!summaries) return make();
  const key = [
    theme,
    count,
    ...sectionDocs.map(({ article, body, section, sectionIndex }) =>
      [
        keyIdOf(body),
        article.id,
        article.file,
        sectionIndex,
        section.blocks.map((b) => b.kind).join(','),
        article.outlet ?? '',
        article.publisher ?? '',
        article.date ?? '',
        article.authors.map((a) => a.name).join('\u0002'),
      ].join('\u0001'),
    ),
  ].join('\n');
  return summaries.getOrMake(key, make).map((sentence) => ({ ...sentence, authors: [...sentence.authors] }));
}

/** A number per object, for keys that stand for an object by its identity. */
const keyIds = new WeakMap<object, number>();
let nextKeyId = 0;
function keyIdOf(value: object): number {
  let id = keyIds.get(value);
  if (id === undefined) keyIds.set(value, (id = nextKeyId++));
  return id;
}

const SENTENCE_END = /[.!?؟…][»"”')\]]*$/u;

/** Newer first; undated last. */
function byDate(a: Document, b: Document): number {
  return byCodeUnits(b.article.date ?? '', a.article.date ?? '');
}

function themeSummary(
  sections: readonly SelectedSection[],
  sectionDocs: readonly Document[],
  terms: ThemeTerms,
  matcher: Matcher,
  count: number,
): SummarySentence[] {
  if (count === 0) return [];
  const candidates: (SentenceSource & { doc: Document })[] = [];
  // Content words as light-stem ids (function words and numbers left out), for sentence similarity.
  const stemIds = new Map<string, number>();
  const stemOfWord = new Map<number, number>();
  const contentStems = (words: readonly number[]): number[] => {
    const result = new Set<number>();
    for (const word of words) {
      let stem = stemOfWord.get(word);
      if (stem === undefined) {
        const key = matcher.keyOf(word);
        if (key.length < 3 || STOPWORDS.has(key) || /^\d+$/.test(key)) stem = -1;
        else {
          const text = lightStem(key);
          stem = stemIds.get(text) ?? stemIds.size;
          stemIds.set(text, stem);
        }
        stemOfWord.set(word, stem);
      }
      if (stem >= 0) result.add(stem);
    }
    return [...result];
  };
  const relevanceTerms = [...terms.keywords, ...terms.phrases];
  // Sections in rank order until there are enough candidates.
  for (let section = 0; section < sectionDocs.length && candidates.length < MAX_CANDIDATES; section++) {
    const doc = sectionDocs[section]!;
    // Articles sometimes break a paragraph mid-sentence; a fragment makes a poor summary line, so
    // only sentences that start after a full stop and end with one are candidates.
    let previousEnded = true;
    for (const block of doc.section.blocks) {
      if (block.kind !== 'paragraph' && block.kind !== 'quote') continue;
      sentences(block.text).forEach((text, i) => {
        if (!SENTENCE_END.test(text) || (i === 0 && !previousEnded)) return;
        const matched = matchText(matcher, text, doc.finalYaAsAlefMaqsura);
        if (matched.words.length < MIN_WORDS || matched.words.length > MAX_WORDS) return;
        const present = matched.hits.length === 0 ? null : tokensIn(matched);
        const relevance =
          present === null
            ? 0
            : relevanceTerms.filter((term) => mayOccur(present, term) && occurrences(matched, term).length > 0).length;
        candidates.push({ text, section, relevance, doc, stems: contentStems(matched.words) });
      });
      previousEnded = SENTENCE_END.test(block.text);
    }
  }
  return summarize(candidates, count).map((i) => {
    const { text, doc } = candidates[i]!;
    const { article } = doc;
    return {
      text,
      articleId: article.id,
      file: article.file,
      sectionIndex: sections[candidates[i]!.section]!.sectionIndex,
      outlet: article.outlet ?? article.publisher,
      authors: article.authors.map((a) => a.name),
      date: article.date,
    };
  });
}
