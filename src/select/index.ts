// Select stage: articles + config → Briefing. Each article section is scored against every theme by
// its keywords (normalized, clitics stripped, matched as token prefixes so «إيران» finds
// «الإيرانية»); a section goes to its best theme only, themes keep their top sections.
import type { Article, Block, Briefing, PackConfig, SelectedSection, ThemeConfig, ThemeSelection } from '../model.js';
import { tokenMatches, tokens } from './normalize.js';

/** A keyword as a token sequence; a section matches where the sequence occurs as token prefixes. */
interface CompiledTerm {
  term: string;
  weight: number;
  parts: string[];
}

function compile(theme: ThemeConfig): { keywords: CompiledTerm[]; exclude: CompiledTerm[] } {
  return {
    keywords: theme.keywords.map((k) => ({ term: k.term, weight: k.weight, parts: tokens(k.term) })).filter((k) => k.parts.length > 0),
    exclude: theme.exclude.map((term) => ({ term, weight: 1, parts: tokens(term) })).filter((k) => k.parts.length > 0),
  };
}

export function countMatches(haystack: readonly string[], parts: readonly string[]): number {
  let count = 0;
  outer: for (let i = 0; i + parts.length <= haystack.length; i++) {
    for (let j = 0; j < parts.length; j++) {
      if (!tokenMatches(haystack[i + j]!, parts[j]!)) continue outer;
    }
    count++;
  }
  return count;
}

function blockText(block: Block): string {
  return block.kind === 'figure' ? block.caption : block.text;
}

interface Candidate {
  article: Article;
  sectionIndex: number;
  theme: number;
  score: number;
  matched: string[];
}

const HEADING_BOOST = 2;

function scoreSection(bodyTokens: string[], headingTokens: string[], compiled: ReturnType<typeof compile>): { score: number; matched: string[] } {
  if (compiled.exclude.some((e) => countMatches(bodyTokens, e.parts) + countMatches(headingTokens, e.parts) > 0)) return { score: 0, matched: [] };
  let score = 0;
  const hits: { term: string; count: number }[] = [];
  for (const keyword of compiled.keywords) {
    const inBody = countMatches(bodyTokens, keyword.parts);
    const inHeading = countMatches(headingTokens, keyword.parts);
    const count = inBody + inHeading;
    if (count === 0) continue;
    // Diminishing returns: the fifth mention says less than the first.
    score += keyword.weight * (1 + Math.log(count)) + keyword.weight * HEADING_BOOST * Math.min(inHeading, 1);
    hits.push({ term: keyword.term, count });
  }
  hits.sort((a, b) => b.count - a.count || a.term.localeCompare(b.term));
  return { score: Math.round(score * 100) / 100, matched: hits.map((h) => h.term) };
}

export function select(articles: readonly Article[], config: PackConfig): Briefing {
  const compiled = config.themes.map(compile);
  const best: Candidate[] = [];
  for (const article of articles) {
    article.sections.forEach((section, sectionIndex) => {
      const text = section.blocks.map(blockText).join(' ');
      const bodyTokens = tokens(text);
      // The opening section speaks under the article's title.
      const headingTokens = tokens(section.heading ?? article.title);
      let top: Candidate | undefined;
      compiled.forEach((theme, index) => {
        const { score, matched } = scoreSection(bodyTokens, headingTokens, theme);
        if (score < config.themes[index]!.minScore || score === 0) return;
        if (!top || score > top.score) top = { article, sectionIndex, theme: index, score, matched };
      });
      if (top) best.push(top);
    });
  }
  const themes: ThemeSelection[] = config.themes.map((theme, index) => {
    const chosen = best
      .filter((c) => c.theme === index)
      .sort((a, b) => b.score - a.score || (b.article.date ?? '').localeCompare(a.article.date ?? '') || a.article.id.localeCompare(b.article.id) || a.sectionIndex - b.sectionIndex)
      .slice(0, theme.maxSections);
    return {
      id: theme.id,
      title: theme.title,
      ...(theme.intro !== undefined ? { intro: theme.intro } : {}),
      sections: chosen.map((c): SelectedSection => {
        const section = c.article.sections[c.sectionIndex]!;
        return {
          articleId: c.article.id,
          file: c.article.file,
          sectionIndex: c.sectionIndex,
          heading: section.heading,
          score: c.score,
          matched: c.matched,
          blocks: section.blocks,
        };
      }),
    };
  });
  const warnings = themes.filter((t) => t.sections.length === 0).map((t) => ({ file: config.file, message: `theme "${t.id}" matched no sections` }));
  const dates = articles.map((a) => a.date).filter((d): d is string => d !== null).sort();
  const date = config.date === 'auto' ? (dates[dates.length - 1] ?? null) : config.date;
  return { config, date, articles: [...articles], themes, warnings };
}
