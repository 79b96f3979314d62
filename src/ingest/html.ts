// Saved web pages (.html, .htm, a browser's «Web page, complete») → Article. Mozilla's Readability
// finds the article among the page's navigation, comments, related stories and ads, over a DOM
// from linkedom (chosen by measurement: 2.3 ms a page against jsdom's 14.7 ms, the same text);
// no script ever runs. What a page declares about itself (JSON-LD NewsArticle, Open Graph and
// article: meta tags, the canonical link, <time>) comes first; the byline still goes through the
// byline model, and every block through the same boilerplate and repeat checks as text files.
import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Article, Block, Warning } from '../model.js';
import { UserError } from '../errors.js';
import { boilerplateKind } from './boilerplate.js';
import { boundParagraph } from './bounds.js';
import { readByline, type Byline } from './byline.js';
import { parseDateLine } from './dates.js';
import { boundedTitle, dropRepeats, emptyArticle, isCalendarDate, sectionsOf } from './parse.js';

/** The part of the DOM this reader touches (linkedom implements the standard one). */
interface DomNode {
  readonly nodeType: number;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
}

interface DomElement extends DomNode {
  readonly tagName: string;
  readonly children: ArrayLike<DomElement>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  cloneNode(deep: boolean): DomElement;
}

interface DomDocument extends DomElement {
  readonly title: string;
  readonly documentElement: DomElement;
}

interface ReadabilityResult {
  title?: string | null;
  content?: DomElement | null;
  byline?: string | null;
  siteName?: string | null;
  publishedTime?: string | null;
}

interface Libraries {
  parseHTML(html: string): { document: DomDocument };
  Readability: new (
    document: DomDocument,
    options: { serializer: (node: DomElement) => DomElement; charThreshold: number },
  ) => { parse(): ReadabilityResult | null };
}

let libraries: Libraries | null = null;

/** linkedom and Readability, loaded on the first page: a pack of text files never pays for them (~0.1 s). */
function html(): Libraries {
  if (libraries === null) {
    const { parseHTML } = createRequire(import.meta.url)('linkedom') as Pick<Libraries, 'parseHTML'>;
    const { Readability } = createRequire(import.meta.url)('@mozilla/readability') as Pick<Libraries, 'Readability'>;
    libraries = { parseHTML, Readability };
  }
  return libraries;
}

const ELEMENT = 1;

/** What a page says about itself in JSON-LD, meta tags and links. */
interface PageFacts {
  headline: string | null;
  authors: string[];
  published: string | null;
  url: string | null;
  siteName: string | null;
  section: string | null;
}

/** Fewer words than this in its paragraphs, and a page holds no article (an index, a gallery). */
const MIN_ARTICLE_WORDS = 30;

export function readHtmlArticle(page: string, file: string): Article {
  const { parseHTML, Readability } = html();
  const { document } = parseHTML(page);
  if (!document.documentElement) throw new UserError('no readable article in this page', { file });
  const facts = pageFacts(document);
  const warnings: Warning[] = [];
  let found: ReadabilityResult | null;
  try {
    found = new Readability(document.cloneNode(true) as DomDocument, {
      serializer: (node) => node,
      charThreshold: 200,
    }).parse();
  } catch (error) {
    // Readability gives up on some malformed documents; the page is skipped, not the build.
    throw new UserError(`could not read this page (${error instanceof Error ? error.message : String(error)})`, {
      file,
    });
  }
  const content = found?.content ?? null;
  const blocks = content ? blocksOf(content, warnings, file) : [];
  const words = blocks.reduce((n, b) => n + (b.kind === 'paragraph' ? b.text.split(/\s+/).length : 0), 0);
  if (words < MIN_ARTICLE_WORDS) throw new UserError('no readable article in this page', { file });

  const titleParts = documentTitleParts(document.title, facts.siteName);
  const early = blocks.slice(0, 6).map((b) => (b.kind === 'figure' ? '' : clean(b.text)));
  const pageTitle = clean(
    facts.headline ??
      document.querySelector('h1')?.textContent ??
      early.find((t) => titleParts.includes(t)) ??
      longest(titleParts) ??
      found?.title,
  );
  // A page with no title at all is named by its file, as a reader would refer to it.
  const title = boundedTitle(pageTitle || basename(file).replace(/\.x?html?$/i, ''), warnings);
  const article: Article = {
    ...emptyArticle(file, warnings),
    title,
    outlet: facts.siteName ?? (found?.siteName ? clean(found.siteName) : null),
    section: facts.section,
    url: facts.url && /^https?:\/\//i.test(facts.url) ? facts.url : null,
  };
  applyDate(article, facts.published ?? found?.publishedTime ?? timeElement(document));
  applyByline(article, facts.authors, found?.byline ?? null, document);

  // The page's header as Readability leaves it at the top of the article — its heading, byline
  // and date line — is read like a text file's header, up to the first paragraph of running text.
  let headerEnd = 0;
  for (; headerEnd < Math.min(blocks.length, 6); headerEnd++) {
    const block = blocks[headerEnd]!;
    if (block.kind === 'figure') break;
    const text = clean(block.text).replace(/\s*:\s*$/, '');
    if (text === title || titleParts.includes(text)) continue;
    if (article.byline !== null && (text === article.byline || article.authors.some((a) => a.name === text))) continue;
    if (text.split(' ').length <= 8) {
      const date = numericDate(text) ?? parseDateLine(text);
      if (date) {
        if (!article.date) applyDate(article, date.date);
        continue;
      }
      const byline = article.byline === null ? readByline(text) : null;
      if (byline?.ok && (byline.value.place !== null || byline.value.credit !== null || /[-–—:]/.test(text))) {
        setFromByline(article, byline.value);
        continue;
      }
    }
    break;
  }
  const body = blocks.slice(headerEnd);
  article.blocks = dropRepeats(body, warnings);
  article.sections = sectionsOf(article.blocks);
  if (!article.date) warnings.push({ message: 'no date found in the page: the article is undated', undated: true });
  return article;
}

function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/[\u00A0\s]+/g, ' ').trim();
}

/** «Title | Site», «Site - Title»: the parts of a <title>, the site's name left out where known. */
function documentTitleParts(title: string, siteName: string | null): string[] {
  const parts = clean(title)
    .split(/\s+[|\-–—»«]\s+/)
    .map(clean)
    .filter((p) => p.length > 0);
  return parts.filter((p) => siteName === null || p !== siteName);
}

function longest(parts: string[]): string | undefined {
  return parts.length === 0 ? undefined : parts.reduce((a, b) => (b.length > a.length ? b : a));
}

function pageFacts(document: DomDocument): PageFacts {
  const meta = (selector: string): string | null => {
    const value = document.querySelector(selector)?.getAttribute('content');
    return value ? clean(value) : null;
  };
  const facts: PageFacts = {
    headline: meta('meta[property="og:title"]'),
    authors: [],
    published:
      meta('meta[property="article:published_time"]') ??
      meta('meta[name="pubdate"]') ??
      meta('meta[itemprop="datePublished"]'),
    url: document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta('meta[property="og:url"]'),
    siteName: meta('meta[property="og:site_name"]'),
    section: meta('meta[property="article:section"]'),
  };
  const author = meta('meta[name="author"]') ?? meta('meta[property="article:author"]');
  if (author && !/^https?:/.test(author)) facts.authors = [author];
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    for (const item of jsonLdItems(script.textContent ?? '')) {
      const type = ([] as unknown[]).concat(item['@type'] ?? []).map(String);
      if (!type.some((t) => /Article|Posting|Report/.test(t))) continue;
      if (typeof item['headline'] === 'string') facts.headline = clean(item['headline']);
      if (typeof item['datePublished'] === 'string') facts.published = item['datePublished'];
      const url = item['url'] ?? (item['mainEntityOfPage'] as Record<string, unknown> | undefined)?.['@id'];
      if (typeof url === 'string' && !facts.url) facts.url = url;
      const names = ([] as unknown[])
        .concat(item['author'] ?? [])
        .map((a) =>
          typeof a === 'string'
            ? a
            : typeof a === 'object' && a !== null
              ? (a as Record<string, unknown>)['name']
              : null,
        );
      const people = names.filter((n): n is string => typeof n === 'string' && n.trim().length > 0).map(clean);
      if (people.length > 0) facts.authors = people;
      const publisher = (item['publisher'] as Record<string, unknown> | undefined)?.['name'];
      if (typeof publisher === 'string' && !facts.siteName) facts.siteName = clean(publisher);
    }
  }
  // What the feed said about a page `briefing fetch` saved: used where the page itself is silent.
  facts.url ??= meta('meta[name="briefing:url"]');
  facts.headline ??= meta('meta[name="briefing:title"]');
  facts.published ??= meta('meta[name="briefing:date"]');
  facts.siteName ??= meta('meta[name="briefing:feed"]');
  return facts;
}

/** The objects of a JSON-LD script, @graph included; nothing for a script that does not parse. */
function jsonLdItems(text: string): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const items: Record<string, unknown>[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      items.push(value as Record<string, unknown>);
      const graph = (value as Record<string, unknown>)['@graph'];
      if (graph) visit(graph);
    }
  };
  visit(parsed);
  return items;
}

/** A <time datetime>, else the text of an element whose class says it holds the date. */
function timeElement(document: DomDocument): string | null {
  const time = document.querySelector('time[datetime]');
  if (time) return time.getAttribute('datetime') ?? clean(time.textContent);
  for (const element of Array.from(
    document.querySelectorAll('[class*="date"], [class*="time"], [itemprop="datePublished"]'),
  )) {
    const text = clean(element.textContent);
    if (text.length > 0 && text.length <= 60 && (numericDate(text) ?? parseDateLine(text))) return text;
  }
  return null;
}

/** «14/10/2024», «14-10-2024»: the day first, as Arabic sites print it. */
function numericDate(text: string): { date: string } | null {
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

function applyDate(article: Article, value: string | null): void {
  if (!value) return;
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?/.exec(value.trim());
  const numeric = numericDate(value);
  const parsed = iso
    ? isCalendarDate(iso[1]!)
      ? { date: iso[1]!, time: iso[2] ?? null }
      : null
    : numeric && isCalendarDate(numeric.date)
      ? { ...numeric, time: null }
      : parseDateLine(value);
  if (!parsed) return;
  article.date = parsed.date;
  article.time = parsed.time;
  article.dateText = value;
}

/**
 * The byline element as printed when the page has one (it holds the place and the credit too),
 * read by the byline model; else the authors the page declares, taken as given.
 */
function applyByline(article: Article, declared: string[], found: string | null, document: DomDocument): void {
  const element = document.querySelector(
    '[rel="author"], [itemprop="author"], [class*="byline"], [class*="author"], [class*="writer"]',
  );
  const printed = clean(element?.textContent ?? found);
  const read = printed ? readByline(printed) : null;
  if (read?.ok) {
    setFromByline(article, read.value);
    return;
  }
  if (read && !read.ok && declared.length === 0)
    article.warnings.push({ message: `byline not taken: ${read.reason}`, cleanup: true });
  if (declared.length > 0) {
    article.byline = declared.join('، ');
    article.authors = declared.map((name) => ({ name }));
  }
}

function setFromByline(article: Article, byline: Byline): void {
  article.byline = byline.byline;
  article.authors = byline.authors.map(({ name, note }) => (note ? { name, note } : { name }));
  article.place = byline.place;
  article.credit = byline.credit;
}

const BLOCK_TAGS = new Set([
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'BLOCKQUOTE',
  'LI',
  'FIGURE',
  'FIGCAPTION',
  'PRE',
  'TD',
  'DT',
  'DD',
]);

/**
 * Readability's article as blocks: headings, paragraphs, block quotes, list items (as paragraphs)
 * and figure captions, in document order; <br><br> inside one element (old table layouts) splits
 * paragraphs. Boilerplate lines are dropped and reported.
 */
function blocksOf(root: DomElement, warnings: Warning[], file: string): Block[] {
  const blocks: Block[] = [];
  let line = 0;
  const push = (kind: 'heading' | 'paragraph' | 'quote', text: string): void => {
    const boilerplate = boilerplateKind(text);
    if (boilerplate) {
      warnings.push({
        message: `${boilerplate} dropped: «${text.length > 60 ? `${text.slice(0, 60)}…` : text}»`,
        cleanup: true,
      });
      return;
    }
    const bounded = boundParagraph(text);
    if (bounded.change) warnings.push({ message: bounded.change });
    for (const piece of bounded.pieces) blocks.push({ kind, text: piece, line: ++line });
  };
  const visit = (element: DomElement): void => {
    const tag = element.tagName.toUpperCase();
    if (tag === 'FIGURE') {
      const caption = clean(element.querySelector('figcaption')?.textContent);
      const source = element.querySelector('img, amp-img')?.getAttribute('src') ?? null;
      const image = source ? savedImage(source, file, warnings) : null;
      if (caption || image) blocks.push({ kind: 'figure', caption, line: ++line, ...(image ? { image } : {}) });
      return;
    }
    if (BLOCK_TAGS.has(tag) && !hasBlockChild(element)) {
      if (mostlyLinks(element)) {
        const links = clean(element.textContent);
        if (links)
          warnings.push({
            message: `links dropped: «${links.length > 60 ? `${links.slice(0, 60)}…` : links}»`,
            cleanup: true,
          });
        return;
      }
      const kind = /^H[1-6]$/.test(tag) ? 'heading' : tag === 'BLOCKQUOTE' ? 'quote' : 'paragraph';
      for (const piece of textPieces(element)) push(kind, piece);
      return;
    }
    // A container: its blocks, and any text standing directly in it (split at line breaks).
    let loose = '';
    const flushLoose = (): void => {
      for (const piece of loose
        .split(/\n{2,}/)
        .map(clean)
        .filter(Boolean))
        push('paragraph', piece);
      loose = '';
    };
    for (const child of Array.from(element.childNodes)) {
      if (child.nodeType === ELEMENT) {
        const childElement = child as DomElement;
        const childTag = childElement.tagName.toUpperCase();
        if (childTag === 'BR') loose += '\n';
        else if (
          BLOCK_TAGS.has(childTag) ||
          hasBlockChild(childElement) ||
          ['DIV', 'SECTION', 'ARTICLE', 'UL', 'OL', 'TABLE', 'TBODY', 'TR', 'MAIN'].includes(childTag)
        ) {
          flushLoose();
          visit(childElement);
        } else loose += childElement.textContent ?? '';
      } else loose += child.textContent ?? '';
    }
    flushLoose();
  };
  visit(root);
  return blocks;
}

/** Largest image embedded from a saved page. */
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);

/**
 * The file a figure's image is, when the page was saved with it («Web page, complete» keeps it in
 * NAME_files/ beside the page): inside the page's folder, a PNG or JPEG (what a PDF draws as is),
 * at most MAX_IMAGE_BYTES. A remote image is never fetched; that, or an image that is missing or
 * of another kind, is noted on the article (the manifest lists it) and the caption stands alone.
 */
function savedImage(source: string, file: string, warnings: Warning[]): string | null {
  const note = (why: string): null => {
    warnings.push({ message: `figure image not embedded: ${why}`, cleanup: true });
    return null;
  };
  if (/^[a-z][a-z0-9+.-]*:/i.test(source) || source.startsWith('//'))
    return note(`a remote image is never fetched (${source.slice(0, 100)})`);
  let path: string;
  try {
    const folder = realpathSync(dirname(resolve(file)));
    path = realpathSync(resolve(folder, decodeURIComponent(source.split(/[?#]/)[0]!)));
    const inside = relative(folder, path);
    if (inside.startsWith('..') || isAbsolute(inside)) return note(`${source} is outside the page's folder`);
    const info = statSync(path);
    if (!info.isFile() || info.size > MAX_IMAGE_BYTES)
      return note(`${source} is not a file of at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB`);
  } catch {
    return note(`${source} was not saved with the page`);
  }
  const head = Buffer.alloc(8);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 8, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(PNG_SIGNATURE) && !head.subarray(0, 3).equals(JPEG_SIGNATURE))
    return note(`${source} is neither PNG nor JPEG`);
  return path;
}

/**
 * A block whose text is mostly link text is navigation, a «read also» link or a list of related
 * stories, not the article (Readability's own test, applied block by block).
 */
function mostlyLinks(element: DomElement): boolean {
  const total = clean(element.textContent).length;
  if (total === 0) return false;
  let linked = 0;
  for (const link of Array.from(element.querySelectorAll('a'))) linked += clean(link.textContent).length;
  return linked / total > 0.5;
}

function hasBlockChild(element: DomElement): boolean {
  return Array.from(element.children).some(
    (child) =>
      BLOCK_TAGS.has(child.tagName.toUpperCase()) ||
      ['DIV', 'SECTION', 'UL', 'OL', 'TABLE'].includes(child.tagName.toUpperCase()),
  );
}

/**
 * An element's text, split where it has two line breaks in a row (<br><br>) or a block inside an
 * inline element (Readability turns <br><br> into <p> wherever they stand, <font> included).
 */
function textPieces(element: DomElement): string[] {
  let text = '';
  const walk = (node: DomNode): void => {
    const tag = node.nodeType === ELEMENT ? (node as DomElement).tagName.toUpperCase() : '';
    if (tag === 'BR') text += '\n';
    else if (tag !== '') {
      const block = node !== element && (BLOCK_TAGS.has(tag) || tag === 'DIV');
      if (block) text += '\n\n';
      Array.from(node.childNodes).forEach(walk);
      if (block) text += '\n\n';
    } else text += node.textContent ?? '';
  };
  walk(element);
  return text
    .split(/\n\s*\n/)
    .map(clean)
    .filter((piece) => piece.length > 0);
}
