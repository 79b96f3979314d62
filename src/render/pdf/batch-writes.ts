// SPEED. Replaces, per page, pdfkit's PDFReference.write for the page's content stream: the same
// bytes in the same order, fewer allocations. Installed unless BRIEFING_SPEED_PATCHES=off; the
// byte-equality test builds the seed pack both ways.

export interface StreamReferenceLike {
  write(chunk: string | Uint8Array): void;
  finalize(): void;
}

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
    finalize.call(content);
  };
}

/** The parts of pdfkit's document this seam touches. */
