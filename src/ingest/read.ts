// Reading an article file into text: BOMs, UTF-16, line ends. Refuses empty and binary files with
// one clear message instead of feeding garbage to the parser.
import { statSync } from 'node:fs';
import { extname } from 'node:path';
import { UserError } from '../errors.js';
import { readBounded } from '../files.js';

/** The kinds of file an article can be: plain text, Markdown, a saved web page. */
export const ARTICLE_TYPES = ['.txt', '.text', '.md', '.markdown', '.html', '.htm', '.xhtml'];
const SUPPORTED = 'plain text (.txt), Markdown (.md) and saved web pages (.html, .htm)';

export function isWebPage(file: string): boolean {
  return /\.x?html?$/i.test(file);
}

/** What a file that is no article is, by its first bytes: said plainly rather than parsed. */
const SIGNATURES: [string, Uint8Array][] = [
  ['a PDF document', Buffer.from('%PDF-')],
  ['a Word or other Office document (zip)', Buffer.from([0x50, 0x4b, 0x03, 0x04])],
  ['an old Word document', Buffer.from([0xd0, 0xcf, 0x11, 0xe0])],
  ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
  ['a JPEG image', Buffer.from([0xff, 0xd8, 0xff])],
  ['a GIF image', Buffer.from('GIF8')],
  ['a WebP or other RIFF file', Buffer.from('RIFF')],
];

export const MAX_ARTICLE_BYTES = 20 * 1024 * 1024;

export interface DecodedFile {
  text: string;
  warnings: string[];
}

export function readArticleFile(file: string, maxBytes = MAX_ARTICLE_BYTES): DecodedFile {
  try {
    const info = statSync(file);
    if (info.isDirectory()) throw new UserError('is a directory, not an article file', { file });
    const extension = extname(file).toLowerCase();
    if (extension !== '' && !ARTICLE_TYPES.includes(extension))
      throw new UserError(`unsupported file type (${extension}): articles are ${SUPPORTED}`, { file });
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError('cannot read file', { file });
  }
  const read = readBounded(file, maxBytes);
  if (!read.ok) {
    if (read.reason === 'too large')
      throw new UserError(`file is larger than the ${maxBytes / 1024 / 1024} MB limit (max_article_mb)`, { file });
    if (read.reason === 'not a regular file')
      throw new UserError('not a regular file (a FIFO, device or socket), not an article', { file });
    throw new UserError('cannot read file', { file });
  }
  const bytes = read.bytes;
  for (const [what, signature] of SIGNATURES) {
    if (bytes.length >= signature.length && bytes.subarray(0, signature.length).equals(signature))
      throw new UserError(`${what}, not an article: articles are ${SUPPORTED}`, { file });
  }
  return isWebPage(file) ? decodeWebPage(bytes, file) : decode(bytes, file);
}

/** The charset a page's <meta> declares in its first 4 KB (lower case), or undefined. */
export function metaCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
}

/**
 * A saved page in the charset its <meta> declares (windows-1256 is common on older Arabic sites);
 * undeclared, UTF-8 if it is valid UTF-8, else windows-1256 with a warning.
 */
export function decodeWebPage(bytes: Buffer, file: string): DecodedFile {
  const declared = metaCharset(bytes);
  if (declared && !/^utf-?8$/.test(declared) && bytes[0] !== 0xff && bytes[0] !== 0xfe) {
    let decoded: string;
    try {
      decoded = new TextDecoder(declared).decode(bytes);
    } catch {
      return decode(bytes, file);
    }
    const text = decoded.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    if (text.trim().length === 0) throw new UserError('empty file', { file });
    return { text, warnings: [] };
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
