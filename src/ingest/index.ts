// Ingest stage: article files → Articles. A file that cannot be read is reported and skipped,
// never allowed to take the whole pack down.
import { createHash } from 'node:crypto';
import type { Article } from '../model.js';
import { UserError } from '../errors.js';
import { readHtmlArticle } from './html.js';
import { parseArticle } from './parse.js';
import { isWebPage, readArticleFile } from './read.js';
import { keepingWork, keptMap } from '../shared/kept-between-builds.js';

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
const parsedArticles = keptMap<string, Article>();

function parseDecoded(text: string, file: string): Article {
  const parse = (): Article => (isWebPage(file) ? readHtmlArticle(text, file) : parseArticle(text, file));
  if (!keepingWork()) return parse();
  const cached = parsedArticles.getOrMake(`${file}\0${createHash('sha256').update(text).digest('hex')}`, parse);
  // Its own list of warnings, which ingestFiles adds to; the rest is shared with the kept article,
  // which no later stage changes (a deep copy would be every article again, each rebuild).
  return { ...cached, warnings: [...cached.warnings] };
}

export function ingestFiles(files: readonly string[], maxBytes?: number): IngestResult {
  const articles: Article[] = [];
  const skipped: UserError[] = [];
  for (const file of files) {
    try {
      const decoded = readArticleFile(file, maxBytes);
      const article = parseDecoded(decoded.text, file);
      for (const message of decoded.warnings) article.warnings.unshift({ message });
      articles.push(article);
    } catch (error) {
      if (error instanceof UserError) skipped.push(error);
      else throw error;
    }
  }
  return { articles, skipped };
}
