// --recipients FILE: a YAML list of the people (names or identifiers) numbered copies go to, in
// the order the copies are numbered.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { LineCounter, isScalar, isSeq, parseDocument } from 'yaml';
import { UserError } from '../errors.js';
import { readBounded, unreadable } from '../files.js';

export const MAX_COPIES = 999;
const MAX_RECIPIENTS_BYTES = 1024 * 1024;

/**
 * Where --recipients FILE is: as typed, from the current folder (as a shell completes it), else
 * beside the config, where a pack keeps its own files; a path that is in neither stays as typed, and
 * reading it says it is not found.
 */
export function recipientsPath(file: string, configFile: string): string {
  if (isAbsolute(file) || existsSync(file)) return file;
  const besideConfig = join(dirname(configFile), file);
  return existsSync(besideConfig) ? besideConfig : file;
}

export function loadRecipients(file: string): string[] {
  const read = readBounded(file, MAX_RECIPIENTS_BYTES);
  if (!read.ok) throw new UserError(unreadable('recipients file', read.reason, MAX_RECIPIENTS_BYTES), { file });
  const text = read.bytes.toString('utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const [syntax] = doc.errors;
  if (syntax) {
    const { line, col } = syntax.linePos?.[0] ?? { line: undefined, col: undefined };
    throw new UserError(`not valid YAML: ${syntax.message.split('\n')[0]}`, {
      file,
      ...(line !== undefined ? { line, column: col } : {}),
    });
  }
  if (!isSeq(doc.contents)) throw new UserError('expected a YAML list of recipients («- name» on each line)', { file });
  const names: string[] = [];
  for (const item of doc.contents.items) {
    const at = isScalar(item) && item.range ? lineCounter.linePos(item.range[0]) : undefined;
    const value = isScalar(item) ? item.value : undefined;
    if ((typeof value !== 'string' && typeof value !== 'number') || String(value).trim() === '') {
      throw new UserError('expected a name or an identifier', {
        file,
        ...(at ? { line: at.line, column: at.col } : {}),
      });
    }
    names.push(String(value).trim());
  }
  if (names.length === 0) throw new UserError('the recipients list is empty', { file });
  if (names.length > MAX_COPIES) throw new UserError(`more than ${MAX_COPIES} recipients`, { file });
  return names;
}
