// SPEED. Replaces, per page, pdfkit's PDFReference.write for the page's content stream: the same
// bytes in the same order, fewer allocations; and under `briefing watch`, its compression, from
// the last build's pages where a page is unchanged. Installed unless BRIEFING_SPEED_PATCHES=off;
// the byte-equality tests build the seed pack both ways, and kept pages against fresh ones.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { keepingWork, keptMap } from '../../shared/kept-between-builds.js';

export interface StreamReferenceLike {
  write(chunk: string | Uint8Array): void;
  finalize(): void;
  buffer: Uint8Array[];
  compress: boolean;
}

/**
 * Compressed page contents kept between the builds of one process, by the hash of what they
 * compress: a rebuild after an edit redraws every page, but after an article edit most come out the
 * same, and deflating them again would be most of what is left after drawing (figures in
 * docs/performance.md). A page compressed here is what pdfkit's finalize would write (zlib's
 * deflate, defaults).
 */
const deflatedPages = keptMap<string, Buffer>();

/**
 * A page's content stream takes each operator pdfkit and pdfmake write as its own Buffer (with a
 * line feed): a 200-article pack writes some 200,000 of them, each a separate allocation, then
 * concatenated when the page ends. Here consecutive string writes are kept as strings and become
 * one Buffer, with the same line feeds, before anything else is written or the page ends: the
 * same bytes, in the same order.
 */
export function batchWrites(content: StreamReferenceLike): void {
  const write = content.write;
  const finalize = content.finalize;
  let pending: string[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const text = pending.join('\n');
    pending = [];
    write.call(content, text);
  };
  content.write = (chunk: string | Uint8Array): void => {
    if (typeof chunk === 'string') {
      pending.push(chunk);
      return;
    }
    flush();
    write.call(content, chunk);
  };
  content.finalize = (): void => {
    flush();
    if (keepingWork() && content.compress && content.buffer.length > 0) {
      const raw = Buffer.concat(content.buffer);
      const key = createHash('sha1').update(raw).digest('base64');
      const deflated = deflatedPages.getOrMake(key, () => deflateSync(raw));
      // pdfkit's finalize then writes it as it is: one buffer, nothing left to compress (the
      // stream's /Filter /FlateDecode was set as it was written).
      content.buffer = [deflated];
      content.compress = false;
    }
    finalize.call(content);
  };
}

/** The parts of pdfkit's document this seam touches. */
