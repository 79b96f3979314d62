// Ingest stage: article files → Articles. A file that cannot be read is reported and skipped,
// never allowed to take the whole pack down.
import { createHash } from 'node:crypto';
import type { Article } from '../model.js';
import { UserError } from '../errors.js';
import { readHtmlArticle } from './html.js';
import { parseArticle } from './parse.js';
import { isWebPage, readArticleFile } from './read.js';

export { parseArticle } from './parse.js';

export interface IngestResult {
  articles: Article[];
  /** Files that were skipped, each with the reason. */
  skipped: UserError[];
}

/**
 * Parsed articles by file and content, kept between the builds of one `briefing watch` process so
 * a rebuild parses only what changed. Off for a single build, which would only pay for the hashing.
 */
let parseCache: Map<string, Article> | null = null;

export function keepParsedArticles(): void {
  parseCache ??= new Map();
}

function parseDecoded(text: string, file: string, used: Set<string> | null): Article {
  const parse = (): Article => (isWebPage(file) ? readHtmlArticle(text, file) : parseArticle(text, file));
  if (!parseCache) return parse();
  const key = `${file}\0${createHash('sha256').update(text).digest('hex')}`;
  used?.add(key);
  let cached = parseCache.get(key);
  if (!cached) {
    cached = parse();
    parseCache.set(key, cached);
  }
  // A copy: later stages add warnings to the article they are given.
  return structuredClone(cached);
}

export function ingestFiles(files: readonly string[], maxBytes?: number): IngestResult {
  const articles: Article[] = [];
  const skipped: UserError[] = [];
  const used = parseCache ? new Set<string>() : null;
  for (const file of files) {
    try {
      const decoded = readArticleFile(file, maxBytes);
      const article = parseDecoded(decoded.text, file, used);
      for (const message of decoded.warnings) article.warnings.unshift({ message });
      articles.push(article);
    } catch (error) {
      if (error instanceof UserError) skipped.push(error);
      else throw error;
    }
  }
  // Only this build's files stay cached: an edited article's old version is let go.
  if (parseCache && used) for (const key of parseCache.keys()) if (!used.has(key)) parseCache.delete(key);
  return { articles, skipped };
}
