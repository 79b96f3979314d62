// The one typed model passed between stages: ingest produces Articles, select turns them and the
// config into a Briefing, render turns a Briefing into a PDF. Stages share nothing else.

export interface Warning {
  message: string;
  /** 1-based line in the source file, when the warning is about one place. */
  line?: number;
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
  | { kind: 'figure'; caption: string; line: number };

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
  authors: Author[];
  outlet: string | null;
  section: string | null;
  publisher: string | null;
  url: string | null;
  blocks: Block[];
  sections: Section[];
  warnings: Warning[];
}

export type Digits = 'arabic-indic' | 'latin';

export interface ThemeConfig {
  id: string;
  title: string;
  intro?: string;
  keywords: { term: string; weight: number }[];
  exclude: string[];
  minScore: number;
  maxSections: number;
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
  digits: Digits;
  justify: 'none' | 'spaces' | 'kashida';
  fonts: { regular: string; bold: string; heading: string };
  themes: ThemeConfig[];
}

export interface SelectedSection {
  articleId: string;
  file: string;
  /** Index into the article's sections. */
  sectionIndex: number;
  heading: string | null;
  score: number;
  /** Keywords (as configured) that matched, most frequent first. */
  matched: string[];
  blocks: Block[];
}

export interface ThemeSelection {
  id: string;
  title: string;
  intro?: string;
  sections: SelectedSection[];
}

export interface Briefing {
  config: PackConfig;
  /** ISO date the pack is dated (config date, or the newest article's). */
  date: string | null;
  articles: Article[];
  themes: ThemeSelection[];
  warnings: { file: string; message: string; line?: number }[];
}
