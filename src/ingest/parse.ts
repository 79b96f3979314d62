// Article text → Article. Saved news pages carry clutter (print/share buttons, publisher front
// matter, bodies pasted twice); the parser keeps what an analyst would and says what it dropped.
// Heuristics use position, length and punctuation, never outlet-specific strings beyond the
// handful of button labels Arabic sites share («طباعة», «شارك»).
import { basename, extname } from 'node:path';
import type { Article, Author, Block, Section, Warning } from '../model.js';
import { parseDateLine } from './dates.js';

interface SourceLine {
  text: string;
  line: number;
}

const PRINT = 'طباعة';
const SHARE = new Set(['شارك', 'شارك المقال', 'مشاركة']);
const TERMINAL = /[.!?؟…:»"”)\]]$/;
const URL_LINE = /^<?(https?:\/\/[^\s<>]+)>?$/;
const FIGURE = /^(?:الشكل|شكل|الرسم البياني)\s*[\d\u0660-\u0669]+\s*[-–—:]/;
const FOOTNOTE = /^(\*{1,3})\s*(.+)$/;
const SOURCE_LABEL = /^(?:المصدر|رابط المصدر|المصدر الأصلي)\s*:?\s*$/;

function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

function cleanLine(raw: string): string {
  // No-break and other odd spaces become plain spaces; what remains of a blank line is nothing.
  return raw.replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' ').replace(/\s+/g, ' ').trim();
}

export function articleId(file: string): string {
  return basename(file, extname(file));
}

export function parseArticle(text: string, file: string): Article {
  const warnings: Warning[] = [];
  const lines: SourceLine[] = text
    .split('\n')
    .map((raw, i) => ({ text: cleanLine(raw), line: i + 1 }))
    .filter((l) => l.text.length > 0);

  const article: Article = {
    id: articleId(file),
    file,
    title: '',
    lede: null,
    date: null,
    time: null,
    dateText: null,
    authors: [],
    outlet: null,
    section: null,
    publisher: null,
    url: null,
    blocks: [],
    sections: [],
    warnings,
  };
  if (lines.length === 0) {
    warnings.push({ message: 'no text' });
    return article;
  }

  let cursor = frontMatter(lines, article);
  const titleLine = lines[cursor]!;
  article.title = titleLine.text;
  cursor++;
  const head = header(lines, cursor, article);

  const blocks = body(lines.slice(head.next), article, warnings);
  article.blocks = dropRepeats(attachAuthorNotes(blocks, article, head.authorMarkers), warnings);
  article.sections = sectionsOf(article.blocks);
  if (!article.date) warnings.push({ message: 'no date line found: date is null', line: titleLine.line });
  if (article.blocks.every((b) => b.kind !== 'paragraph')) warnings.push({ message: 'title only: no body paragraphs' });
  return article;
}

/**
 * Publisher front matter (think-tank reports): the title is printed on a cover page and again above
 * the body. When a short line near the top repeats further down, what precedes the repeat is front
 * matter; its first line names the publisher. Returns the index of the title line.
 */
function frontMatter(lines: SourceLine[], article: Article): number {
  const limit = Math.min(lines.length, 60);
  for (let i = 0; i < Math.min(6, limit); i++) {
    const candidate = lines[i]!.text;
    if (words(candidate).length > 20) continue;
    for (let j = i + 1; j < limit; j++) {
      if (lines[j]!.text === candidate) {
        if (i > 0) article.publisher = lines[0]!.text;
        return j;
      }
    }
  }
  return 0;
}

function commonWordPrefix(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function isByline(text: string): boolean {
  const w = words(text);
  return w.length >= 1 && w.length <= 6 && !/[.،,:؛!?؟]/.test(text);
}

function splitAuthors(text: string): { name: string; marker: string }[] {
  return text
    .split(/\s+[-–—]\s+|\s*[،,]\s*|\s+و(?=\S)/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const m = /^(.*?)(\*+)$/.exec(part);
      return m ? { name: m[1]!.trim(), marker: m[2]! } : { name: part, marker: '' };
    });
}

interface HeaderResult {
  /** Index of the first body line. */
  next: number;
  /** Footnote marker (`*`, `**`) → index into article.authors. */
  authorMarkers: Map<string, number>;
}

/** Date, print line, byline, lede and «section - outlet» under the title. */
function header(lines: SourceLine[], start: number, article: Article): HeaderResult {
  let i = start;
  const authorMarkers = new Map<string, number>();
  const titleWords = words(article.title);
  while (i < lines.length && i < start + 6) {
    const { text } = lines[i]!;
    const w = words(text);
    const date = article.date ? null : parseDateLine(text);
    if (date) {
      article.date = date.date;
      article.time = date.time;
      article.dateText = text;
      i++;
      continue;
    }
    if (w[0] === PRINT) {
      if (w.length === 1) {
        // A lone «طباعة» button; the byline follows on its own line.
        const next = lines[i + 1];
        if (next && isByline(next.text)) {
          article.authors.push({ name: next.text });
          i += 2;
        } else {
          i++;
        }
        continue;
      }
      // «طباعة <title cut short> <author>»: what follows the title's words is the author.
      const rest = w.slice(1);
      const shared = commonWordPrefix(rest, titleWords);
      const name = rest.slice(Math.max(shared, 1)).join(' ');
      if (name && isByline(name)) article.authors.push({ name });
      i++;
      continue;
    }
    if (/\*/.test(text) && w.length <= 10 && /[-–—]/.test(text) && article.authors.length === 0) {
      for (const { name, marker } of splitAuthors(text)) {
        if (marker) authorMarkers.set(marker, article.authors.length);
        article.authors.push({ name });
      }
      i++;
      continue;
    }
    const sectionOutlet = /^(\S+(?:\s\S+)?)\s+[-–—]\s+(\S+(?:\s\S+)?)$/.exec(text);
    if (sectionOutlet && w.length <= 5 && !article.outlet) {
      article.section = sectionOutlet[1]!;
      article.outlet = sectionOutlet[2]!;
      i++;
      continue;
    }
    // A standfirst: a long line straight under the title that is followed by the «section - outlet» line.
    const next = lines[i + 1];
    if (i === start && !article.lede && w.length >= 8 && next && /^\S+(?:\s\S+)?\s+[-–—]\s+\S+(?:\s\S+)?$/.test(next.text)) {
      article.lede = text;
      i++;
      continue;
    }
    if (article.authors.length === 0 && i === start && isByline(text) && lines[i + 1] && words(lines[i + 1]!.text).length > 12 && /[-–—]/.test(text)) {
      for (const { name } of splitAuthors(text)) article.authors.push({ name });
      i++;
      continue;
    }
    break;
  }
  return { next: i, authorMarkers };
}

function isHeading(text: string, next: SourceLine | undefined): boolean {
  const w = words(text);
  if (w.length === 0 || w.length > 10 || text.length > 80) return false;
  if (/[?؟]$/.test(text)) return w.length <= 8 && next !== undefined;
  if (TERMINAL.test(text) || /[،,؛;]$/.test(text)) return false;
  if (parseDateLine(text)) return false;
  // A heading introduces text: the next line must be running prose.
  return next !== undefined && words(next.text).length >= 12;
}

function body(lines: SourceLine[], article: Article, warnings: Warning[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const { text, line } = lines[i]!;
    const next = lines[i + 1];
    if (text === PRINT || SHARE.has(text)) continue;
    if (SOURCE_LABEL.test(text) && next && URL_LINE.test(next.text)) {
      article.url = article.url ?? URL_LINE.exec(next.text)![1]!;
      i++;
      continue;
    }
    const url = URL_LINE.exec(text);
    if (url) {
      if (!article.url) article.url = url[1]!;
      continue;
    }
    const footnote = FOOTNOTE.exec(text);
    if (footnote) {
      blocks.push({ kind: 'footnote', marker: footnote[1]!, text: footnote[2]!.trim(), line });
      continue;
    }
    if (FIGURE.test(text)) {
      blocks.push({ kind: 'figure', caption: text, line });
      continue;
    }
    if (text === article.title) {
      warnings.push({ message: 'title repeated in the body: dropped', line });
      continue;
    }
    if (isHeading(text, next)) {
      blocks.push({ kind: 'heading', text, line });
      continue;
    }
    blocks.push({ kind: 'paragraph', text, line });
  }
  return blocks;
}

/**
 * `*`/`**` footnotes that explain the author markers become author notes; the paragraph they cut
 * mid-sentence (the page break of the original) is joined again.
 */
function attachAuthorNotes(blocks: Block[], article: Article, markers: Map<string, number>): Block[] {
  if (markers.size === 0) return blocks;
  const result: Block[] = [];
  let joinNext = false;
  for (const block of blocks) {
    if (block.kind === 'footnote' && markers.has(block.marker)) {
      const author: Author | undefined = article.authors[markers.get(block.marker)!];
      if (author) author.note = block.text;
      const previous = result[result.length - 1];
      if (previous?.kind === 'paragraph' && !TERMINAL.test(previous.text)) joinNext = true;
      continue;
    }
    const previous = result[result.length - 1];
    if (joinNext && block.kind === 'paragraph' && previous?.kind === 'paragraph') {
      result[result.length - 1] = { ...previous, text: `${previous.text} ${block.text}` };
      joinNext = false;
      continue;
    }
    joinNext = false;
    result.push(block);
  }
  return result;
}

function blockText(block: Block): string {
  return block.kind === 'figure' ? block.caption : block.text;
}

/** A body pasted twice: repeated paragraphs are dropped (headings too when what follows them repeats). */
function dropRepeats(blocks: Block[], warnings: Warning[]): Block[] {
  const seen = new Set<string>();
  const repeated = blocks.map((block) => {
    const key = `${block.kind}:${blockText(block)}`;
    const dup = seen.has(key);
    seen.add(key);
    return dup;
  });
  const keep = blocks.filter((block, i) => {
    if (!repeated[i]) return true;
    if (block.kind === 'heading') {
      const nextIndex = i + 1;
      return nextIndex < blocks.length && !repeated[nextIndex];
    }
    return false;
  });
  const dropped = blocks.length - keep.length;
  if (dropped > 0) {
    const first = blocks.find((_, i) => repeated[i]);
    warnings.push({ message: `repeated text dropped: ${dropped} block(s) already seen earlier in the file`, line: first?.line });
  }
  return keep;
}

function sectionsOf(blocks: Block[]): Section[] {
  const sections: Section[] = [];
  let current: Section = { heading: null, blocks: [] };
  for (const block of blocks) {
    if (block.kind === 'heading') {
      if (current.heading !== null || current.blocks.length > 0) sections.push(current);
      current = { heading: block.text, blocks: [] };
      continue;
    }
    current.blocks.push(block);
  }
  if (current.heading !== null || current.blocks.length > 0) sections.push(current);
  return sections;
}
