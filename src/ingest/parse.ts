// Article text → Article. Saved news pages carry clutter (print/share buttons, publisher front
// matter, bodies pasted twice); the parser keeps what an analyst would and says what it dropped.
// Heuristics use position, length and punctuation, never outlet-specific strings beyond the
// handful of button labels Arabic sites share («طباعة», «شارك»).
import { basename, extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { blockText, type Article, type Author, type Block, type Section, type Warning } from '../model.js';
import { duplicateClusters } from '../shared/near-duplicates.js';
import { boilerplateKind } from './boilerplate.js';
import { boundParagraph } from './bounds.js';
import { readByline, type Byline } from './byline.js';
import { parseDateLine } from './dates.js';

interface SourceLine {
  text: string;
  line: number;
  /** A Markdown «##» line: a heading whatever its length. */
  markdownHeading?: boolean;
}

const PRINT = 'طباعة';
const SHARE = new Set(['شارك', 'شارك المقال', 'مشاركة']);
const TERMINAL = /[.!?؟…:»"”)\]]$/;
const URL_LINE = /^<?(https?:\/\/[^\s<>]+)>?$/;
const FIGURE = /^(?:الشكل|شكل|الرسم البياني)\s*[\d\u0660-\u0669]+\s*[-–—:]/;
const FOOTNOTE = /^(\*{1,3})\s*(.+)$/;
/** «1 - …», «2. …», «3) …», «• …»: an item of a list, never a heading. */
const LIST_ITEM = /^(?:[0-9\u0660-\u0669]+\s*[-–.)]|[-–•·*])\s*\S/;
/** A line that is one quotation and nothing else («…» or “…”), set apart as a pull quote. */
const PULL_QUOTE = /^(?:«[^«»]+»|“[^“”]+”)[.،]?$/;
/** A typographic separator line («***», «----», «• • •»): layout, not text. */
const SEPARATOR = /^[*\-–—_=•·~.\s]{3,}$/;
const SOURCE_LABEL = /^(?:المصدر|رابط المصدر|المصدر الأصلي)\s*:?\s*$/;

function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

/** JavaScript's \s (WhiteSpace and LineTerminator), by code unit: what words() splits on. */
function isSpaceCode(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** words(text).length, without making the words: most callers only count them. */
export function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpaceCode(text.charCodeAt(i));
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

/** HTML entities that saved pages leave in their text («&quot;», «&nbsp;»). */
const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  quot: '"',
  amp: '&',
  apos: "'",
  lt: '<',
  gt: '>',
  laquo: '«',
  raquo: '»',
  hellip: '…',
  ndash: '–',
  mdash: '—',
  rlm: '',
  lrm: '',
  zwnj: '\u200C',
  zwj: '\u200D',
};

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return safeCodePoint(parseInt(name.slice(2), 16)) ?? whole;
    if (name.startsWith('#')) return safeCodePoint(parseInt(name.slice(1), 10)) ?? whole;
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(code: number): string | undefined {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
    ? String.fromCodePoint(code)
    : undefined;
}

function cleanLine(raw: string): string {
  // No-break and other odd spaces become plain spaces; zero-width spaces go; what remains of a
  // blank line is nothing.
  const decoded = decodeEntities(raw);
  if (!needsSpaceCleaning(decoded)) return decoded.trim();
  return decoded
    .replace(/[\u200B\uFEFF]/g, '')
    .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * False when the three replacements of cleanLine would leave the line as it is (no zero-width or
 * odd space, no whitespace but single U+0020): most lines. One scan instead of three regular
 * expressions that each build a new string.
 */
function needsSpaceCleaning(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      if (text.charCodeAt(i + 1) === 0x20) return true;
    } else if (c === 0x200b || isSpaceCode(c)) return true;
  }
  return false;
}

/** An article of `file` with nothing found yet: what every reader starts from. */
export function emptyArticle(file: string, warnings: Warning[]): Article {
  return {
    id: articleId(file),
    file,
    title: '',
    lede: null,
    date: null,
    time: null,
    dateText: null,
    byline: null,
    authors: [],
    place: null,
    credit: null,
    outlet: null,
    section: null,
    publisher: null,
    url: null,
    blocks: [],
    sections: [],
    warnings,
  };
}

export function articleId(file: string): string {
  return basename(file, extname(file));
}

export function parseArticle(text: string, file: string): Article {
  const warnings: Warning[] = [];
  const rawLines = text.split('\n');
  const declared = yamlFrontMatter(rawLines, warnings);
  const markdown = /\.(md|markdown)$/i.test(file);
  let lines: SourceLine[] = rawLines
    .slice(declared.bodyStart)
    .map((raw, i) => markdownLine(raw, i + 1 + declared.bodyStart, markdown))
    .filter((l) => l.text.length > 0);
  // Markdown: the first «# » line is the title, wherever it is.
  const markdownTitle = markdown
    ? lines.findIndex((l) => l.markdownHeading && /^#(?!#)/.test(rawLines[l.line - 1]!.trim()))
    : -1;
  if (markdownTitle > 0)
    lines = [lines[markdownTitle]!, ...lines.slice(0, markdownTitle), ...lines.slice(markdownTitle + 1)];
  if (markdownTitle >= 0) lines[0] = { ...lines[0]!, markdownHeading: false };
  // A declared title that the text does not open with: the text starts with its header or body.
  if (declared.fields.title && lines[0]?.text !== cleanLine(declared.fields.title))
    lines = [{ text: cleanLine(declared.fields.title), line: 1 }, ...lines];

  const article = emptyArticle(file, warnings);
  if (lines.length === 0) {
    applyDeclared(article, declared.fields);
    warnings.push({ message: 'no text' });
    return article;
  }

  let cursor = frontMatter(lines, article);
  const titleLine = lines[cursor]!;
  article.title = boundedTitle(titleLine.text, warnings, titleLine.line);
  cursor++;
  const head = header(lines, cursor, article);

  const blocks = body(lines.slice(head.next), article, warnings, head.authorMarkers);
  article.blocks = dropRepeats(attachAuthorNotes(blocks, article, head.authorMarkers), warnings);
  article.sections = sectionsOf(article.blocks);
  applyDeclared(article, declared.fields);
  if (!article.date)
    warnings.push({ message: 'no date line found: the article is undated', line: titleLine.line, undated: true });
  if (article.blocks.every((b) => b.kind !== 'paragraph')) warnings.push({ message: 'title only: no body paragraphs' });
  return article;
}

/** Fields a YAML front matter block may declare; they override what the heuristics find. */
interface DeclaredFields {
  title?: string;
  authors?: string[];
  date?: string;
  url?: string;
  outlet?: string;
  section?: string;
  lede?: string;
}

/**
 * Optional YAML front matter («---» … «---» as the first lines), as static-site generators write it.
 * A malformed block is reported and read as ordinary text instead.
 */
function yamlFrontMatter(rawLines: string[], warnings: Warning[]): { fields: DeclaredFields; bodyStart: number } {
  const none = { fields: {}, bodyStart: 0 };
  if (rawLines[0]?.replace(/^\uFEFF/, '').trim() !== '---') return none;
  const end = rawLines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (end < 0) return none;
  let data: unknown;
  try {
    data = parseYaml(rawLines.slice(1, end).join('\n'));
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    warnings.push({ message: `front matter is not valid YAML (${message}): read as text`, line: 1 });
    return none;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    warnings.push({ message: 'front matter is not a YAML mapping: read as text', line: 1 });
    return none;
  }
  const record = data as Record<string, unknown>;
  const fields: DeclaredFields = {};
  const str = (key: string): string | undefined => {
    const value = record[key];
    if (value === undefined || value === null) return undefined;
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if (typeof value === 'string' || typeof value === 'number') return String(value).trim();
    warnings.push({ message: `front matter: "${key}" should be text`, line: 1 });
    return undefined;
  };
  for (const key of ['title', 'date', 'url', 'outlet', 'section', 'lede'] as const) {
    const value = str(key);
    if (value) fields[key] = value;
  }
  const authors = record['authors'] ?? record['author'];
  if (typeof authors === 'string') fields.authors = [authors.trim()];
  else if (Array.isArray(authors))
    fields.authors = authors.filter((a): a is string => typeof a === 'string').map((a) => a.trim());
  for (const key of Object.keys(record)) {
    if (!['title', 'date', 'url', 'outlet', 'section', 'lede', 'authors', 'author'].includes(key))
      warnings.push({ message: `front matter: unknown key "${key}" ignored`, line: 1 });
  }
  return { fields, bodyStart: end + 1 };
}

function applyDeclared(article: Article, fields: DeclaredFields): void {
  if (fields.title) article.title = fields.title;
  if (fields.authors && fields.authors.length > 0) {
    // Declared authors are trusted; read as a byline where they are one («بيروت: ثائر عباس»).
    const read = fields.authors.length === 1 ? readByline(fields.authors[0]!, article.title) : null;
    if (read?.ok) setByline(article, read.value, new Map());
    else {
      article.byline = fields.authors.join('، ');
      article.authors = fields.authors.map((name) => ({ name }));
    }
  }
  if (fields.url && /^(?:https?:\/\/|mailto:)/i.test(fields.url)) article.url = fields.url;
  else if (fields.url)
    article.warnings.push({
      message: `front matter: url "${fields.url.slice(0, 60)}" is not a web address (http or https): ignored`,
      line: 1,
    });
  if (fields.outlet) article.outlet = fields.outlet;
  if (fields.section) article.section = fields.section;
  if (fields.lede) article.lede = fields.lede;
  if (fields.date) {
    const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?/.exec(fields.date);
    const parsed = iso
      ? isCalendarDate(iso[1]!)
        ? { date: iso[1]!, time: iso[2] ?? null }
        : null
      : parseDateLine(fields.date);
    if (parsed) {
      article.date = parsed.date;
      article.time = parsed.time;
      article.dateText = fields.date;
    } else {
      article.warnings.push({ message: `front matter: date "${fields.date}" not understood`, line: 1 });
    }
  }
}

/** A title is a line of a page at most: a longer one (a file that is one huge line) is cut, with a warning. */
const MAX_TITLE_CHARS = 300;

export function boundedTitle(text: string, warnings: Warning[], line?: number): string {
  if (text.length <= MAX_TITLE_CHARS) return text;
  warnings.push({
    message: `a title of ${text.length} characters cut to ${MAX_TITLE_CHARS}`,
    ...(line !== undefined ? { line } : {}),
  });
  const cut = text.lastIndexOf(' ', MAX_TITLE_CHARS);
  return `${text.slice(0, cut > MAX_TITLE_CHARS / 2 ? cut : MAX_TITLE_CHARS)}…`;
}

/** «2024-02-30», «2024-13-45»: not a day of the calendar, whatever the pattern says. */
export function isCalendarDate(iso: string): boolean {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** One source line; in Markdown, «#»-lines lose their marks and become headings. */
function markdownLine(raw: string, line: number, markdown: boolean): SourceLine {
  const heading = markdown ? /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(raw) : null;
  if (heading) return { text: cleanLine(heading[2]!), line, markdownHeading: true };
  return { text: cleanLine(raw), line };
}

/**
 * Publisher front matter (think-tank reports): the title is printed on a cover page and again above
 * the body. When a short line near the top repeats further down, what precedes the repeat is front
 * matter; its first line names the publisher. Returns the index of the title line.
 */
function frontMatter(lines: SourceLine[], article: Article): number {
  // Front matter comes before the article's own header (its date line, the print button); a line
  // repeated after that header is a repeat inside the body, not the title's second copy.
  let header = Math.min(lines.length, 60);
  for (let k = 0; k < header; k++) if (lines[k]!.text === PRINT || parseDateLine(lines[k]!.text)) header = k;
  for (let i = 0; i < Math.min(6, header); i++) {
    const candidate = lines[i]!.text;
    if (wordCount(candidate) > 20) continue;
    for (let j = i + 1; j < header; j++) {
      if (lines[j]!.text === candidate) {
        if (i > 0) article.publisher = lines[0]!.text;
        return j;
      }
    }
  }
  return 0;
}

/** The article's byline, people (with their footnote markers), place and credit from a reading. */
function setByline(article: Article, byline: Byline, markers: Map<string, number>): void {
  article.byline = byline.byline;
  article.authors = byline.authors.map(({ marker, ...author }, index) => {
    if (marker) markers.set(marker, index);
    return author;
  });
  article.place = byline.place;
  article.credit = byline.credit;
}

/**
 * The length of the title that a print line copies before its byline: sites cut the copy at any
 * letter («… مع تعافي الد فوزية الحربي»), so the copy is the longest common prefix, taken to the end
 * of the word it stops in.
 */
function copiedTitleLength(rest: string, title: string): number {
  let n = 0;
  while (n < rest.length && n < title.length && rest[n] === title[n]) n++;
  if (n === 0) return 0;
  // Stopped inside a word of the title: the rest of that word on the line is still the copy.
  if (n < rest.length && rest[n] !== ' ' && rest[n - 1] !== ' ') while (n < rest.length && rest[n] !== ' ') n++;
  return n;
}

interface HeaderResult {
  /** Index of the first body line. */
  next: number;
  /** Footnote marker (`*`, `**`) → index into article.authors. */
  authorMarkers: Map<string, number>;
}

/** «ترجمات - السياق»: a section and an outlet in place of a byline. */
const SECTION_OUTLET = /^(\S+(?:\s\S+)?)\s+[-–—]\s+(\S+(?:\s\S+)?)$/;

/**
 * Date, print line, byline, lede and «section - outlet» under the title. The byline is read by the
 * byline model wherever it stands: after the date line, after a lone «طباعة», on the print line
 * after a copy of the title, or as the first line of the body. A line that looks like a byline but
 * does not read as one stays where it is, with a warning.
 */
function header(lines: SourceLine[], start: number, article: Article): HeaderResult {
  let i = start;
  const authorMarkers = new Map<string, number>();
  // A starred line under the print button is a byline only when short: else it is a summary bullet.
  const take = (text: string, line: number, warnIfNot: boolean, title = ''): boolean => {
    if (/^\*/.test(text) && wordCount(text) > 6) return false;
    const read = readByline(text.replace(/^\*+\s*/, ''), title);
    if (read.ok) setByline(article, read.value, authorMarkers);
    // Noted for `parse` and the manifest, not a pack warning: the line is kept as text, as it stood.
    else if (warnIfNot) article.warnings.push({ message: `byline not taken: ${read.reason}`, line, cleanup: true });
    return read.ok;
  };
  while (i < lines.length && i < start + 6) {
    const { text, line } = lines[i]!;
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
        // A lone «طباعة» button; the byline, if any, follows on its own line.
        const next = lines[i + 1];
        i += next && article.byline === null && bylineShaped(next.text) && take(next.text, next.line, true) ? 2 : 1;
        continue;
      }
      // «طباعة <title cut short> <byline>»: what follows the copy of the title is the byline.
      const rest = text.slice(PRINT.length).trim();
      const byline = rest.slice(copiedTitleLength(rest, article.title)).trim();
      // A piece of the cut title is not a name: the title is passed along to tell them apart.
      if (byline && article.byline === null) take(byline, line, true, article.title);
      i++;
      continue;
    }
    if (article.byline !== null && (text === article.byline || text.replace(/\s*:\s*$/, '') === article.byline)) {
      article.warnings.push({ message: 'byline repeated: dropped', line, cleanup: true });
      i++;
      continue;
    }
    const next = lines[i + 1];
    const bodyFollows = next !== undefined && wordCount(next.text) > 12;
    // A byline standing alone, under the date or as the body's first line.
    if (article.byline === null && bylineShaped(text) && (bodyFollows || /\*/.test(text))) {
      const read = readByline(text.replace(/^\*+\s*/, ''));
      // Alone, a byline shows its structure: a place, a credit, or a separator between names. One
      // word beside an outlet is a section («ترجمات - السياق»), read below.
      const structured = read.ok && (read.value.place !== null || read.value.credit !== null || /[-–—:*]/.test(text));
      const sectionOnly =
        read.ok &&
        read.value.place === null &&
        read.value.authors.length === 1 &&
        !read.value.authors[0]!.name.includes(' ');
      if (read.ok && structured && !sectionOnly) {
        setByline(article, read.value, authorMarkers);
        i++;
        continue;
      }
    }
    const sectionOutlet = SECTION_OUTLET.exec(text);
    // «ترجمات - السياق»: section and outlet, in place of a byline.
    if (sectionOutlet && w.length <= 5 && !article.outlet && article.authors.length === 0) {
      article.section = sectionOutlet[1]!;
      article.outlet = sectionOutlet[2]!;
      i++;
      continue;
    }
    // A standfirst: a long line straight under the title that is followed by the «section - outlet» line.
    if (i === start && !article.lede && w.length >= 8 && next && SECTION_OUTLET.test(next.text)) {
      article.lede = text;
      i++;
      continue;
    }
    break;
  }
  return { next: i, authorMarkers };
}

/** Short, no digits, no sentence end: a line worth reading as a byline at all. */
function bylineShaped(text: string): boolean {
  return wordCount(text) <= 16 && !/[0-9\u0660-\u0669]/.test(text) && /[\u0621-\u064A]/.test(text);
}

/**
 * A «* text» line is a footnote only when its marker is attached to a word somewhere («جدون*»):
 * otherwise it is a bullet or a starred question, and stays body text.
 */
function markerUsed(marker: string, lines: SourceLine[], article: Article): boolean {
  const attached = new RegExp(`[^\\s*]${marker.replace(/\*/g, '\\*')}(?!\\*)`);
  return attached.test(article.title) || lines.some((l) => !l.text.startsWith('*') && attached.test(l.text));
}

function isHeading(text: string, next: SourceLine | undefined): boolean {
  const w = words(text);
  if (LIST_ITEM.test(text)) return false;
  if (w.length === 0 || w.length > 10 || text.length > 80) return false;
  if (/[?؟]$/.test(text)) return w.length <= 8 && next !== undefined;
  if (TERMINAL.test(text) || /[،,؛;]$/.test(text)) return false;
  if (parseDateLine(text)) return false;
  // A heading introduces text: the next line must be running prose.
  return next !== undefined && wordCount(next.text) >= 12;
}

function body(
  lines: SourceLine[],
  article: Article,
  warnings: Warning[],
  authorMarkers: ReadonlyMap<string, number>,
): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const { text, line } = lines[i]!;
    const next = lines[i + 1];
    if (text === PRINT || SHARE.has(text)) continue;
    if (SEPARATOR.test(text)) continue;
    const boilerplate = boilerplateKind(text);
    if (boilerplate) {
      warnings.push({
        message: `${boilerplate} dropped: «${text.length > 60 ? `${text.slice(0, 60)}…` : text}»`,
        line,
        cleanup: true,
      });
      continue;
    }
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
    if (footnote && (authorMarkers.has(footnote[1]!) || markerUsed(footnote[1]!, lines, article))) {
      blocks.push({ kind: 'footnote', marker: footnote[1]!, text: footnote[2]!.trim(), line });
      continue;
    }
    if (FIGURE.test(text)) {
      blocks.push({ kind: 'figure', caption: text, line });
      continue;
    }
    if (text === article.title) {
      warnings.push({ message: 'title repeated in the body: dropped', line, cleanup: true });
      continue;
    }
    if (PULL_QUOTE.test(text) && wordCount(text) >= 4 && wordCount(text) <= 60) {
      blocks.push({ kind: 'quote', text, line });
      continue;
    }
    if (lines[i]!.markdownHeading || isHeading(text, next)) {
      blocks.push({ kind: 'heading', text, line });
      continue;
    }
    const bounded = boundParagraph(text);
    if (bounded.change) warnings.push({ message: bounded.change, line });
    for (const piece of bounded.pieces) blocks.push({ kind: 'paragraph', text: piece, line });
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

/** A body pasted twice: repeated blocks are dropped; a repeated heading only when what follows it repeats too. */
export function dropRepeats(blocks: Block[], warnings: Warning[]): Block[] {
  const seen = new Set<string>();
  const seenBefore = blocks.map((block) => {
    const key = `${block.kind}:${blockText(block)}`;
    const dup = seen.has(key);
    seen.add(key);
    return dup;
  });
  // Consecutive repeats form runs; a run of at least REPEAT_RUN_WORDS words is a pasted copy. A
  // short line that merely recurs (a list's sub-heading, a recipe's «ملعقة ملح», a refrain) stays.
  const repeated = new Array<boolean>(blocks.length).fill(false);
  for (let start = 0; start < blocks.length;) {
    if (!seenBefore[start]) {
      start++;
      continue;
    }
    let end = start;
    let runWords = 0;
    while (end < blocks.length && seenBefore[end]) runWords += wordCount(blockText(blocks[end++]!));
    for (let i = start; i < end; i++)
      repeated[i] = runWords >= REPEAT_RUN_WORDS || wordCount(blockText(blocks[i]!)) >= REPEAT_SENTENCE_WORDS;
    start = end;
  }
  // A line repeated as the opening of the next paragraph (a summary bullet, then all the bullets
  // joined) is the same text twice: keep the fuller one.
  for (let i = 0; i + 1 < blocks.length; i++) {
    const block = blocks[i]!;
    const next = blocks[i + 1]!;
    if (
      block.kind === 'paragraph' &&
      next.kind === 'paragraph' &&
      next.text.length > block.text.length &&
      next.text.startsWith(block.text) &&
      wordCount(block.text) >= 5
    ) {
      repeated[i] = true;
    }
  }
  // Near-duplicates: a paragraph that says an earlier one again with a few words changed (an edit
  // pasted under the original), by the engine select uses across articles (word 3-shingles,
  // Jaccard ≥ 0.8): of each group of near-copies the first is kept.
  const ids = new Map<string, number>();
  const idOf = (word: string): number => {
    let id = ids.get(word);
    if (id === undefined) ids.set(word, (id = ids.size));
    return id;
  };
  const candidates = blocks.map((block, i) =>
    !repeated[i] &&
    block.kind === 'paragraph' &&
    !LIST_ITEM.test(block.text) &&
    wordCount(block.text) >= REPEAT_SENTENCE_WORDS
      ? shingleWords(block.text).map(idOf)
      : [],
  );
  const { cluster } = duplicateClusters(candidates);
  cluster.forEach((first, i) => {
    if (first !== i) repeated[i] = true;
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
    warnings.push({
      message: `repeated text dropped: ${dropped} block(s) already seen earlier in the file`,
      line: first?.line,
      cleanup: true,
    });
  }
  return keep;
}

/** A run of repeated blocks this long, or one repeated block of a full sentence's length, is a pasted copy. */
const REPEAT_RUN_WORDS = 20;
const REPEAT_SENTENCE_WORDS = 12;

/** Per code unit, 1 where a word ends for shingling: JavaScript's \s and the punctuation .,،؛:!?؟«»"() */
const SHINGLE_BREAK = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) if (isSpaceCode(c)) SHINGLE_BREAK[c] = 1;
for (const ch of '.,،؛:!?؟«»"()') SHINGLE_BREAK[ch.charCodeAt(0)] = 1;

/** The words a paragraph is shingled by: split at whitespace and at the punctuation above. */
function shingleWords(text: string): string[] {
  const found: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || SHINGLE_BREAK[text.charCodeAt(i)] === 1) {
      if (start >= 0) found.push(text.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  return found;
}

export function sectionsOf(blocks: Block[]): Section[] {
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
