// A template's mistakes reported where they are, in words: the file and line (and column, with the
// line and a caret), never Handlebars' parser token lists or «[object Object]». Handlebars reports an
// unclosed {{#if}} at the end of the file, names no file for a partial's runtime error, and counts
// columns in the text we compiled (which carries location marks); these functions put that right.
import { UserError } from '../errors.js';

/** The location marks withLocationMarks puts before tags: they add no lines, only columns. */
const LOCATION_MARK = /<\?at \d+:\d+\?>/g;

/** Handlebars tags that open and close blocks: {{#if}}, {{^if}}, {{#> layout}}, {{#*inline}}; comments skipped. */
const BLOCK_TAG = /\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}|\{\{~?\s*([#^/])\s*[>*]?\s*([^\s}~()]+)[^}]*\}\}/g;

function lineAndColumn(source: string, index: number): { line: number; column: number; excerpt: string } {
  const lineStart = source.lastIndexOf('\n', index - 1) + 1;
  const lineEnd = source.indexOf('\n', index);
  return {
    line: source.slice(0, index).split('\n').length,
    column: index - lineStart + 1,
    excerpt: source.slice(lineStart, lineEnd === -1 ? undefined : lineEnd),
  };
}

/**
 * The first block opened and never closed, or closed by another block's end, reported at the line
 * that opened it; a stray end at its own line. Null when blocks balance.
 */
export function unbalancedBlock(source: string, file: string): UserError | null {
  const open: { name: string; index: number }[] = [];
  for (const match of source.matchAll(BLOCK_TAG)) {
    const [, kind, rawName] = match;
    if (!kind || !rawName) continue; // a comment
    const name = rawName.replace(/^"|"$/g, '');
    if (kind !== '/') {
      open.push({ name, index: match.index });
      continue;
    }
    const top = open.pop();
    if (!top) return new UserError(`{{/${name}}} closes no block`, { file, ...lineAndColumn(source, match.index) });
    if (top.name !== name) {
      const closer = lineAndColumn(source, match.index);
      return new UserError(`{{#${top.name}}} is never closed: {{/${name}}} on line ${closer.line} comes first`, {
        file,
        ...lineAndColumn(source, top.index),
      });
    }
  }
  const unclosed = open[0];
  return unclosed
    ? new UserError(`{{#${unclosed.name}}} is never closed (no {{/${unclosed.name}}} after it)`, {
        file,
        ...lineAndColumn(source, unclosed.index),
      })
    : null;
}

/**
 * Handlebars' «Parse error on line 2: … Expecting 'CLOSE', 'ID', … got 'INVALID'» in words, at the
 * line and (found from the excerpt it quotes) the column.
 */
export function parseErrorInWords(message: string, source: string, file: string): UserError {
  const lineNumber = Number(/line (\d+)/.exec(message)?.[1] ?? 0) || undefined;
  const got = /got '([A-Z_]+)'/.exec(message)?.[1];
  const words =
    got === 'INVALID'
      ? 'a {{ … }} is not closed properly (one «}» where two are needed?)'
      : got === 'EOF'
        ? 'the template ends inside a {{ … }}'
        : got
          ? 'cannot read this {{ … }}: something is missing or out of place'
          : message.split('\n')[0]!;
  if (lineNumber === undefined) return new UserError(`template syntax error: ${words}`, { file });
  const lineText = source.split('\n')[lineNumber - 1] ?? '';
  // The excerpt is up to 20 characters before the error, then a «---^» line under it.
  const [, quoted = '', caretLine = ''] = message.split('\n');
  const before = quoted
    .slice(0, caretLine.indexOf('^'))
    .replace(/^\.\.\./, '')
    .replace(LOCATION_MARK, '');
  let column: number | undefined;
  for (let k = Math.min(before.length, lineText.length); k > 0 && column === undefined; k--) {
    const at = lineText.lastIndexOf(before.slice(-k));
    if (at !== -1) column = at + k + 1;
  }
  return new UserError(`template syntax error: ${words}`, {
    file,
    line: lineNumber,
    ...(column ? { column, excerpt: lineText } : {}),
  });
}

/** What Handlebars throws while rendering, with the line and column it gives. */
interface HandlebarsRuntimeError {
  message: string;
  lineNumber: number;
  column: number;
}

function isRuntimeError(error: unknown): error is HandlebarsRuntimeError {
  return error instanceof Error && typeof (error as Partial<HandlebarsRuntimeError>).lineNumber === 'number';
}

/**
 * A render error from one template's own code, named at that template's line and column (the
 * column counted without the location marks). Other errors are returned as they are.
 */
export function locateRuntimeError(error: unknown, file: string, source: string, markedSource: string): unknown {
  if (!isRuntimeError(error)) return error;
  const line = error.lineNumber;
  const markedLine = markedSource.split('\n')[line - 1] ?? '';
  const missing = /^"([^"]+)" not defined in/.exec(error.message)?.[1];
  const excerpt = source.split('\n')[line - 1] ?? '';
  const pathColumn = markedLine.slice(0, error.column).replace(LOCATION_MARK, '').length;
  // Handlebars points at the start of «pack.titel»; the caret goes under the part that is wrong.
  const partAt = missing ? excerpt.indexOf(missing, pathColumn) : -1;
  const column = (partAt !== -1 ? partAt : pathColumn) + 1;
  const words = missing
    ? `"${missing}" is not defined here (a misspelt field?)`
    : `template error: ${error.message
        .split('\n')[0]!
        .replace(/ - \d+:\d+$/, '')
        .replace(/\[object Object\]/g, 'this context')}`;
  return new UserError(words, { file, line, column, excerpt });
}
