// A font file is checked before anything draws with it: a TrueType file cut in half or with a
// damaged `loca` otherwise builds an invisible or garbled pack without a word. What is checked is
// what drawing relies on: the table directory lies within the file, the tables drawing needs are
// there, glyph offsets rise monotonically and stay inside `glyf`, and `cmap` has a Unicode subtable
// inside the file. fontkit and HarfBuzz are lenient parsers, so they cannot be asked.

/** Why the bytes are not a usable font, or null when they are. */
export function fontProblem(bytes: Buffer): string | null {
  if (bytes.length < 12) return 'too short to be a font';
  const tag = bytes.toString('latin1', 0, 4);
  if (tag === 'wOFF' || tag === 'wOF2')
    return `a ${tag === 'wOFF' ? 'WOFF' : 'WOFF2'} web font: convert it to TTF or OTF`;
  if (tag === 'ttcf') return 'a font collection (.ttc): give one of its fonts as a TTF or OTF file';
  const version = bytes.readUInt32BE(0);
  if (version !== 0x00010000 && tag !== 'OTTO' && tag !== 'true') return 'not a TrueType or OpenType font';
  const count = bytes.readUInt16BE(4);
  if (count === 0 || 12 + count * 16 > bytes.length) return 'its table directory runs past the end of the file';
  const tables = new Map<string, { offset: number; length: number }>();
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const name = bytes.toString('latin1', at, at + 4);
    const offset = bytes.readUInt32BE(at + 8);
    const length = bytes.readUInt32BE(at + 12);
    if (offset + length > bytes.length) return `its «${name}» table runs past the end of the file (cut short?)`;
    tables.set(name, { offset, length });
  }
  for (const name of ['cmap', 'head', 'hhea', 'hmtx', 'maxp'])
    if (!tables.has(name)) return `it has no «${name}» table`;
  const head = tables.get('head')!;
  const maxp = tables.get('maxp')!;
  if (head.length < 54 || maxp.length < 6) return 'its «head» or «maxp» table is too short';
  const glyphs = bytes.readUInt16BE(maxp.offset + 4);
  if (glyphs === 0) return 'it has no glyphs';
  const loca = tables.get('loca');
  const glyf = tables.get('glyf');
  if (loca && glyf) {
    const long = bytes.readInt16BE(head.offset + 50) === 1;
    const entry = long ? 4 : 2;
    if (loca.length < (glyphs + 1) * entry) return 'its «loca» table is shorter than its glyph count';
    let previous = 0;
    for (let g = 0; g <= glyphs; g++) {
      const at = loca.offset + g * entry;
      const offset = long ? bytes.readUInt32BE(at) : bytes.readUInt16BE(at) * 2;
      if (offset < previous || offset > glyf.length) return `its glyph offsets («loca») are damaged at glyph ${g}`;
      previous = offset;
    }
  } else if (!tables.has('CFF ') && !tables.has('CFF2')) {
    return 'it has no glyph outlines («glyf» and «loca», or «CFF»)';
  }
  return cmapProblem(bytes, tables.get('cmap')!);
}

function cmapProblem(bytes: Buffer, cmap: { offset: number; length: number }): string | null {
  if (cmap.length < 4) return 'its «cmap» table is too short';
  const subtables = bytes.readUInt16BE(cmap.offset + 2);
  if (4 + subtables * 8 > cmap.length) return 'its «cmap» table is damaged';
  for (let i = 0; i < subtables; i++) {
    const at = cmap.offset + 4 + i * 8;
    const platform = bytes.readUInt16BE(at);
    const encoding = bytes.readUInt16BE(at + 2);
    const offset = bytes.readUInt32BE(at + 4);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode || offset + 4 > cmap.length) continue;
    const format = bytes.readUInt16BE(cmap.offset + offset);
    const length =
      format >= 8 ? bytes.readUInt32BE(cmap.offset + offset + 4) : bytes.readUInt16BE(cmap.offset + offset + 2);
    if (offset + length <= cmap.length) return null;
  }
  return 'its «cmap» has no whole Unicode subtable';
}
