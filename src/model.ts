// The one typed model passed between stages: ingest produces Articles, select turns them and the
// config into a Briefing, render turns a Briefing into a PDF. Stages share nothing else.

export interface Warning {
  message: string;
  /** 1-based line in the source file, when the warning is about one place. */
  line?: number;
  /**
   * Routine cleaning the parser did (a repeated body or byline dropped): reported by `parse`, listed
   * in the manifest, but not a problem with the input, so --strict does not fail on it.
   */
  cleanup?: boolean;
  /** The article has no date: a warning unless the config says undated articles are expected. */
  undated?: boolean;
}

export interface Author {
  /** As printed: a name, or a dateline byline such as «لندن: رنيم حنوش» or «عدن - أ ف ب:». */
  name: string;
  /** e.g. an affiliation given in a * footnote. */
  note?: string;
}

export type Block =
  | { kind: 'heading'; text: string; line: number }
  | { kind: 'paragraph'; text: string; line: number }
  | { kind: 'quote'; text: string; line: number }
  | { kind: 'footnote'; marker: string; text: string; line: number }
  /** `image`: a PNG or JPEG saved with the page (absolute path), embedded in the pack. */
  | { kind: 'figure'; caption: string; line: number; image?: string };

export interface Section {
  /** null for the opening section before the first heading. */
  heading: string | null;
  blocks: Block[];
}

export interface Article {
  /** Stable id from the file name (without extension). */
  id: string;
  file: string;
  title: string;
  lede: string | null;
  /** ISO YYYY-MM-DD, or null when the file has no recognisable date. */
  date: string | null;
  /** HH:MM, 24-hour. */
  time: string | null;
  dateText: string | null;
  /** The byline as printed (spaces tidied, a trailing colon dropped), or null (src/ingest/byline.ts). */
  byline: string | null;
  /** The people who wrote it. */
  authors: Author[];
  /** The dateline place the byline names, or null. */
  place: string | null;
  /** The agency or outlet the byline credits, or null. */
  credit: string | null;
  outlet: string | null;
  section: string | null;
  publisher: string | null;
  url: string | null;
  blocks: Block[];
  sections: Section[];
  warnings: Warning[];
}

export type Digits = 'arabic-indic' | 'latin';

export interface WeightedTerm {
  term: string;
  weight: number;
  /** Other ways of writing the same thing, counted as this term (one document frequency, summed mentions). */
  also: string[];
  /** Only the word itself with clitics, no endings. */
  exact?: boolean;
  /** Words the term must never match. */
  not?: string[];
}

export interface ThemeConfig {
  id: string;
  title: string;
  intro?: string;
  keywords: WeightedTerm[];
  /** Multi-word expressions matched as token sequences, scored with a bonus. */
  phrases: WeightedTerm[];
  /** Any of these in a section vetoes it for this theme. */
  exclude: string[];
  minScore: number;
  /** Distinct keywords/phrases a section must mention. */
  minDistinct: number;
  maxSections: number;
  /** Sentences in the theme's executive summary. */
  summarySentences: number;
  /** Articles or sections always printed under this theme, whatever they score. */
  pin: SectionPick[];
  /** Articles or sections never printed under this theme. */
  drop: SectionPick[];
}

/** An article (its file name, path from the config's folder, or URL), and optionally one section by heading. */
export interface SectionPick {
  article: string;
  section: string | null;
}

/** The standards a pack can be built to meet, by Typst's names: PDF/A-2b, PDF/A-3b, PDF/UA-1. */
export const PDF_STANDARDS = ['a-2b', 'a-3b', 'ua-1'] as const;
export type PdfStandard = (typeof PDF_STANDARDS)[number];

/** Why a set of standards cannot be claimed together, or null: a file is one part of PDF/A. */
export function standardsConflict(standards: readonly PdfStandard[]): string | null {
  return standards.includes('a-2b') && standards.includes('a-3b')
    ? 'a-2b and a-3b are two parts of PDF/A: a file claims one of them'
    : null;
}

export interface PackConfig {
  /** Absolute path of the config file; relative paths in it resolve against its folder. */
  file: string;
  title: string;
  subtitle?: string;
  organisation?: string;
  marking?: string;
  /** 'auto' = newest article date. */
  date: string;
  inputs: string[];
  /** Where each input pattern is written in the config (nothing for the default). */
  inputPositions?: { line?: number; column?: number }[];
  digits: Digits;
  justify: 'none' | 'spaces' | 'kashida';
  /** With kashida justification, the most words of a line that are elongated. */
  kashidaPerLine: number;
  /** A section may appear under every theme it qualifies for, not only its best. */
  allowOverlap: boolean;
  /** Larger article files are skipped with a warning (a runaway export, not an article). */
  maxArticleBytes: number;
  /** Articles without a date are expected (not a warning). */
  allowUndated: boolean;
  /** Font files (absolute). The fallback pair draws characters the Arabic faces lack; null for none. */
  fonts: { regular: string; bold: string; heading: string; fallback: string | null; fallbackBold: string | null };
  page: { size: 'A4' | 'A5' | 'Letter'; duplex: boolean };
  /** Standards every build of this pack meets (`--pdf-standard` replaces them). */
  pdfStandards: PdfStandard[];
  /** Absolute path of a folder of user templates (missing files fall back to the built-in ones). */
  templates?: string;
  themes: ThemeConfig[];
  /** Feeds and pages `briefing fetch` reads. */
  sources: Source[];
  /** Absolute path of the folder `briefing fetch` saves into; an input of every build. */
  fetchedDir: string;
  /** A fetched page or feed larger than this is abandoned while reading. */
  maxPageBytes: number;
  /** Only articles dated within this many hours before the pack date are set; null for all. */
  windowHours: number | null;
  /** Mark sections from articles the previous build did not have. */
  markNew: boolean;
}

/** A feed or one article page, as `sources:` lists it. */
export interface Source {
  kind: 'feed' | 'page';
  url: string;
  maxItems: number | null;
  /** Patterns on an item's address or title (* matches anything, case ignored). */
  include: string[];
  exclude: string[];
}

/** One configured term that matched a section, and what it contributed. */
export interface TermMatch {
  /** As configured. */
  term: string;
  kind: 'keyword' | 'phrase';
  /** Occurrences in the body, and in the heading (or, for an opening section, the article title). */
  count: number;
  inHeading: number;
  /** The words as printed that matched, distinct, most frequent first: «الإيرانية», «وبالولايات المتحدة». */
  forms: string[];
  /** This term's share of the section's score. */
  score: number;
  /** Matched forms that may be look-alikes, each with why («اليمنية»: a name with the ending «ية»);
   *  absent when none. `themes --explain` lists them so the user can add `not:`. */
  unsure?: string[];
}

/** Where a passage was found: an article, and the section in it. */
export interface SectionRef {
  articleId: string;
  file: string;
  sectionIndex: number;
}

export interface SelectedSection extends SectionRef {
  heading: string | null;
  score: number;
  /** Terms that matched, highest contribution first. */
  matches: TermMatch[];
  /** The same passage in other articles (exact or near duplicates), cited with it, printed once. */
  duplicates: (SectionRef & { similarity: number })[];
  blocks: Block[];
  /** Printed because the theme pins it (`pin:`), whatever it scores. */
  pinned?: true;
}

/** A sentence of the executive summary, with where it comes from. */
export interface SummarySentence extends SectionRef {
  text: string;
  /** e.g. «علي رجب، 19 يوليو 2024» is built from these by the templates. */
  outlet: string | null;
  authors: string[];
  date: string | null;
}

/** A section that scored for a theme but was left out, and why: for `themes --explain`. */
export interface NearMiss extends SectionRef {
  heading: string | null;
  score: number;
  reason: string;
}

export interface ThemeSelection {
  id: string;
  title: string;
  intro?: string;
  sections: SelectedSection[];
  summary: SummarySentence[];
  nearMisses: NearMiss[];
}

export interface Briefing {
  config: PackConfig;
  /** ISO date the pack is dated (config date, or the newest article's). */
  date: string | null;
  articles: Article[];
  themes: ThemeSelection[];
  /** Problems a user should look at (undated article, empty theme, missing glyph…): fatal under --strict. */
  warnings: PackWarning[];
  /** Articles read but not set: dated before the pack's `window:` (files). */
  outsideWindow: string[];
  /** The previous pack this one is compared with for «جديد», or null (first pack, or mark_new off). */
  previous?: PreviousPack | null;
}

/** What a build knows of the pack before it: its date and the articles it printed (by address or file). */
export interface PreviousPack {
  date: string | null;
  articles: string[];
}

export interface PackWarning {
  file: string;
  message: string;
  line?: number;
}

/** The text a block carries: a figure's caption, every other block's text. */
export function blockText(block: Block): string {
  return block.kind === 'figure' ? block.caption : block.text;
}
