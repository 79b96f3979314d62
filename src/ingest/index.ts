// Ingest stage: article files → Articles. A file that cannot be read is reported and skipped,
// never allowed to take the whole pack down.
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

export function ingestFiles(files: readonly string[], maxBytes?: number): IngestResult {
  const articles: Article[] = [];
  const skipped: UserError[] = [];
  for (const file of files) {
    try {
      const decoded = readArticleFile(file, maxBytes);
      const article = isWebPage(file) ? readHtmlArticle(decoded.text, file) : parseArticle(decoded.text, file);
      for (const message of decoded.warnings) article.warnings.unshift({ message });
      articles.push(article);
    } catch (error) {
      if (error instanceof UserError) skipped.push(error);
      else throw error;
    }
  }
  return { articles, skipped };
}
