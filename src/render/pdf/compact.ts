// Object streams for a tagged PDF. A structure tree is hundreds of small dictionaries (one per
// paragraph, heading, cell, link), and pdfkit writes every object as plain text with its own
// cross-reference line, so written that way the tree would weigh more than the tagging budget allows
// (figures in docs/performance.md). PDF 1.5 lets objects that are not streams sit together in
// compressed object streams, indexed by a cross-reference stream; this pass moves them there, so
// the tree costs a few kilobytes, and the page, font and annotation dictionaries that were there
// already shrink too. It reads only the layout pdfkit writes (objects one after another, a classic
// xref table, a trailer) and leaves every stream (contents, fonts, images, XMP) byte for byte as it
// was. PDF/A-2 and PDF/UA allow both structures.
import { deflateSync } from 'node:zlib';

/** Objects per object stream: small enough that a reader unpacks little to reach one object. */
const OBJECTS_PER_STREAM = 200;

interface PdfObject {
  id: number;
  /** What is between «N 0 obj\n» and «endobj\n». */
  body: string;
  isStream: boolean;
}

/** The same document, with its non-stream objects in object streams and a cross-reference stream. */
export function packObjects(pdf: Buffer): Buffer {
  // latin1 maps bytes to code units one to one: binary streams pass through untouched.
  const text = pdf.toString('latin1');
  const { objects, trailer, headerEnd } = readPdfkitFile(text);
  const out: string[] = [text.slice(0, headerEnd)];
  let offset = headerEnd;
  const emit = (chunk: string): void => {
    out.push(chunk);
    offset += chunk.length;
  };
  const size = Math.max(...objects.map((o) => o.id)) + 1;
  /** By object number: [type, field 2, field 3] of its cross-reference stream entry. */
  const entries: [number, number, number][] = Array.from({ length: size }, () => [0, 0, 0]);
  entries[0] = [0, 0, 0xffff];
  for (const object of objects) {
    if (!object.isStream) continue;
    entries[object.id] = [1, offset, 0];
    emit(`${object.id} 0 obj\n${object.body}endobj\n`);
  }
  const packed = objects.filter((o) => !o.isStream);
  let nextId = size;
  for (let start = 0; start < packed.length; start += OBJECTS_PER_STREAM) {
    const group = packed.slice(start, start + OBJECTS_PER_STREAM);
    const streamId = nextId++;
    const index: string[] = [];
    const bodies: string[] = [];
    let at = 0;
    group.forEach((object, i) => {
      index.push(`${object.id} ${at}`);
      const body = `${object.body.trimEnd()}\n`;
      bodies.push(body);
      at += body.length;
      entries[object.id] = [2, streamId, i];
    });
    const head = `${index.join(' ')}\n`;
    const data = deflateSync(Buffer.from(head + bodies.join(''), 'latin1'));
    entries[streamId] = [1, offset, 0];
    emit(
      `${streamId} 0 obj\n<<\n/Type /ObjStm\n/N ${group.length}\n/First ${head.length}\n` +
        `/Filter /FlateDecode\n/Length ${data.length}\n>>\nstream\n${data.toString('latin1')}\nendstream\nendobj\n`,
    );
  }
  const xrefId = nextId;
  entries[xrefId] = [1, offset, 0];
  const table = Buffer.alloc(entries.length * 7);
  entries.forEach(([type, field2, field3], i) => {
    table.writeUInt8(type, i * 7);
    table.writeUInt32BE(field2, i * 7 + 1);
    table.writeUInt16BE(field3, i * 7 + 5);
  });
  const xref = deflateSync(table);
  const xrefOffset = offset;
  emit(
    `${xrefId} 0 obj\n<<\n/Type /XRef\n/Size ${entries.length}\n/W [1 4 2]\n${trailer}` +
      `/Filter /FlateDecode\n/Length ${xref.length}\n>>\nstream\n${xref.toString('latin1')}\nendstream\nendobj\n`,
  );
  emit(`startxref\n${xrefOffset}\n%%EOF\n`);
  return Buffer.from(out.join(''), 'latin1');
}

/**
 * pdfkit's file, read by its cross-reference table: each object's text, and the trailer's entries
 * (Root, Info, ID) as lines to carry into the cross-reference stream.
 */
function readPdfkitFile(text: string): { objects: PdfObject[]; trailer: string; headerEnd: number } {
  const startxref = /startxref\n(\d+)\n%%EOF\n?$/.exec(text);
  if (!startxref) throw new Error('pdfkit output changed: no startxref at the end');
  const xrefAt = Number(startxref[1]);
  const table = /^xref\n0 (\d+)\n/.exec(text.slice(xrefAt));
  if (!table) throw new Error('pdfkit output changed: no classic cross-reference table');
  const count = Number(table[1]);
  const entriesAt = xrefAt + table[0].length;
  const offsets: { id: number; at: number }[] = [];
  for (let id = 1; id < count; id++) {
    const line = text.slice(entriesAt + id * 20, entriesAt + id * 20 + 20);
    if (line[17] === 'n') offsets.push({ id, at: Number(line.slice(0, 10)) });
  }
  offsets.sort((a, b) => a.at - b.at);
  const objects = offsets.map(({ id, at }, i) => {
    const end = i + 1 < offsets.length ? offsets[i + 1]!.at : xrefAt;
    const head = `${id} 0 obj\n`;
    const whole = text.slice(at, end);
    if (!whole.startsWith(head) || !whole.endsWith('endobj\n'))
      throw new Error(`pdfkit output changed: object ${id} is not «${id} 0 obj … endobj»`);
    const body = whole.slice(head.length, -'endobj\n'.length);
    return { id, body, isStream: body.endsWith('\nendstream\n') };
  });
  const trailerText = text.slice(xrefAt).split('trailer\n')[1] ?? '';
  const keep = ['Root', 'Info', 'ID'].map((key) => new RegExp(`^/${key} .*$`, 'm').exec(trailerText)?.[0]);
  if (keep.some((line) => line === undefined))
    throw new Error('pdfkit output changed: trailer without Root, Info or ID');
  return { objects, trailer: `${keep.join('\n')}\n`, headerEnd: offsets[0]?.at ?? xrefAt };
}
