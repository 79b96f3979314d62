// Reading an article file into text: BOMs, UTF-16, line ends. Refuses empty and binary files with
// one clear message instead of feeding garbage to the parser.
import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../errors.js';

export const MAX_ARTICLE_BYTES = 20 * 1024 * 1024;

export interface DecodedFile {
  text: string;
  warnings: string[];
}

export function readArticleFile(file: string, maxBytes = MAX_ARTICLE_BYTES): DecodedFile {
  let bytes: Buffer;
  try {
    const info = statSync(file);
    if (info.isDirectory()) throw new UserError('is a directory, not an article file', { file });
    if (info.size > maxBytes) throw new UserError(`file is larger than the ${maxBytes / 1024 / 1024} MB limit (max_article_mb)`, { file });
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError('cannot read file', { file });
  }
  return decode(bytes, file);
}

export function decode(bytes: Buffer, file: string): DecodedFile {
  const warnings: string[] = [];
  let text: string;
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = bytes.subarray(2).toString('utf16le');
  } else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    text = swapped.toString('utf16le');
  } else {
    if (bytes.includes(0)) throw new UserError('binary file (NUL bytes), not an article', { file });
    const decoder = new TextDecoder('utf-8', { fatal: true });
    try {
      text = decoder.decode(bytes);
    } catch {
      // Older Arabic sites save windows-1256; Node's ICU decodes it.
      text = new TextDecoder('windows-1256').decode(bytes);
      warnings.push('not UTF-8: decoded as windows-1256');
    }
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  // UTF-16 files can hold half of a surrogate pair; no font draws one and the PDF's text would be
  // invalid, so each becomes U+FFFD, with a warning.
  if (!text.isWellFormed()) {
    text = text.toWellFormed();
    warnings.push('lone UTF-16 surrogate(s) replaced with U+FFFD');
  }
  if (text.trim().length === 0) throw new UserError('empty file', { file });
  return { text, warnings };
}
