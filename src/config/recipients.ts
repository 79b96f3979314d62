// --recipients FILE: a YAML list of the people (names or identifiers) numbered copies go to, in
// the order the copies are numbered.
import { readFileSync } from 'node:fs';
import { LineCounter, isScalar, isSeq, parseDocument } from 'yaml';
import { UserError } from '../errors.js';

export const MAX_COPIES = 999;

export function loadRecipients(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserError('recipients file not found or unreadable', { file });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const [syntax] = doc.errors;
  if (syntax) {
    const { line, col } = syntax.linePos?.[0] ?? { line: undefined, col: undefined };
    throw new UserError(`not valid YAML: ${syntax.message.split('\n')[0]}`, { file, ...(line !== undefined ? { line, column: col } : {}) });
  }
  if (!isSeq(doc.contents)) throw new UserError('expected a YAML list of recipients («- name» on each line)', { file });
  const names: string[] = [];
  for (const item of doc.contents.items) {
    const at = isScalar(item) && item.range ? lineCounter.linePos(item.range[0]) : undefined;
    const value = isScalar(item) ? item.value : undefined;
    if ((typeof value !== 'string' && typeof value !== 'number') || String(value).trim() === '') {
      throw new UserError('expected a name or an identifier', { file, ...(at ? { line: at.line, column: at.col } : {}) });
    }
    names.push(String(value).trim());
  }
  if (names.length === 0) throw new UserError('the recipients list is empty', { file });
  if (names.length > MAX_COPIES) throw new UserError(`more than ${MAX_COPIES} recipients`, { file });
  return names;
}
