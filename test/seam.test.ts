import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import * as hb from 'harfbuzzjs';
import { describe, expect, it } from 'vitest';
import { batchWrites, byPdfStringBytes, installSeam, PINNED, registerFamilyFace } from '../src/render/pdf/seam.js';
import { RTL_TAG, spaceTag } from '../src/render/layout/tags.js';
import { shapeStats } from '../src/render/layout/shape.js';
import { copyGlyphsRaw, type TrueTypeSubsetLike } from '../src/render/pdf/subset.js';
import { layoutParagraph } from '../src/render/pdf/lines.js';
import { body, MIXED, regular, seedParagraphs } from './helpers/faces.js';

const require = createRequire(import.meta.url);

interface PageDocument {
  page: { content: { buffer: Buffer[]; write(chunk: Uint8Array): void } };
}

/** The current page's content stream so far. The seam keeps consecutive string writes until the next binary write (see batchWrites): an empty one hands them over. */
function pageContent(doc: PageDocument): string {
  doc.page.content.write(new Uint8Array(0));
  return Buffer.concat(doc.page.content.buffer).toString('latin1');
}

describe('the pdfkit seam (pinned to exact versions)', () => {
  it('runs on the pdfmake and pdfkit versions it was written for', () => {
    expect(require('pdfmake/package.json').version).toBe(PINNED.pdfmake);
    expect(require('pdfkit/package.json').version).toBe(PINNED.pdfkit);
  });

  it('pdfkit still measures and draws through EmbeddedFont.layout, reading id, advanceWidth, codePoints and positions', () => {
    // If an upgrade renames or bypasses this step, our HarfBuzz glyphs silently stop being drawn.
    const source: string = require('fs').readFileSync(require.resolve('pdfkit/js/pdfkit.js'), 'utf8');
    expect(source).toContain('  layout(text, features, onlyWidth) {');
    expect(source).toContain('const width = this.layout(string, features, true).advanceWidth;');
    expect(source).toMatch(
      /encode\(text, features\) \{\s+const \{\s+glyphs,\s+positions\s+\} = this\.layout\(text, features\);/,
    );
    expect(source).toContain('this.widths[gid] = glyph.advanceWidth * this.scale;');
    expect(source).toContain('this.unicode[gid] = glyph.codePoints;');
    // Drawing calls encode, which the seam replaces with the same steps over the packed runs.
    expect(source).toContain('[encoded, positions] = this._font.encode(text, options.features);');
    const pdfmakeSource: string = require('fs').readFileSync(require.resolve('pdfmake/js/PDFDocument.js'), 'utf8');
    expect(pdfmakeSource).toMatch(/provideFont\(familyName, bold, italics\)/);
    expect(pdfmakeSource).toMatch(/this\.fontCache\[familyName\]\[type\] = this\.font\(.*\)\._font;/);
  });

  it('every distinct seed word is drawn with exactly the glyphs HarfBuzz gives', async () => {
    registerFamilyFace('SeamTest', 'normal', regular);
    installSeam();
    const PDFDocument = require('pdfmake/js/PDFDocument.js').default;
    const doc = new PDFDocument({ SeamTest: { normal: regular.path } }, {}, {}, {}, {}, null, () => true);
    const embedded = doc.provideFont('SeamTest', false, false);
    const words = [
      ...new Set((await seedParagraphs()).flatMap((p) => p.split(/\s+/)).filter((w) => /[\u0600-\u06FF]/.test(w))),
    ];
    expect(words.length).toBeGreaterThan(1000);
    // An independent reading: harfbuzzjs's own API and its own HarfBuzz instance, the font opened
    // from the same file — not our binding (src/render/harfbuzz.ts), not our cache.
    const font = new hb.Font(new hb.Face(new hb.Blob(readFileSync(regular.path))));
    for (const word of words) {
      const buffer = new hb.Buffer();
      buffer.addText(word);
      buffer.setDirection(hb.Direction.RTL);
      buffer.guessSegmentProperties();
      hb.shape(font, buffer);
      const expected = buffer.getGlyphInfos().map((g) => g.codepoint);
      const expectedAdvances = buffer.getGlyphPositions().map((p) => [p.xAdvance, p.xOffset, p.yOffset]);
      const laid = embedded.layout(word, [RTL_TAG]);
      const drawn = laid.glyphs.map((g: { id: number }) => g.id);
      expect(drawn, word).toEqual(expected);
      const scale = 1000 / regular.unitsPerEm;
      expect(
        laid.positions.map((p: { xAdvance: number; xOffset: number; yOffset: number }) =>
          [p.xAdvance / scale, p.xOffset / scale, p.yOffset / scale].map((v) => Math.round(v)),
        ),
        word,
      ).toEqual(expectedAdvances);
    }
  });

  it('measuring and drawing share one cache: a word is shaped once', () => {
    const before = shapeStats();
    const PDFDocument = require('pdfmake/js/PDFDocument.js').default;
    const doc = new PDFDocument({ SeamTest: { normal: regular.path } }, {}, {}, {}, {}, null, () => true);
    const embedded = doc.provideFont('SeamTest', false, false);
    const word = 'الاستخباراتية';
    const other = 'والمعلوماتية';
    // Alternating, so each request reaches the cache (the seam keeps only the last run at hand).
    embedded.widthOfString(word, 12, [RTL_TAG]);
    embedded.widthOfString(other, 12, [RTL_TAG]);
    embedded.encode(word, [RTL_TAG]);
    embedded.encode(other, [RTL_TAG]);
    embedded.widthOfString(word, 12, [RTL_TAG]);
    // pdfmake passes null for an inline without features (its watermark, for one).
    expect(embedded.widthOfString(word, 12, null)).toBe(embedded.widthOfString(word, 12, [RTL_TAG]));
    const after = shapeStats();
    expect(after.shaped - before.shaped).toBeLessThanOrEqual(2);
    expect(after.hits - before.hits).toBeGreaterThanOrEqual(3);
  });

  it('a laid-out line becomes exactly the inline items pdfmake itself would build, without re-measuring it', async () => {
    registerFamilyFace('Body', 'normal', regular);
    installSeam();
    const PDFDocument = require('pdfmake/js/PDFDocument.js').default;
    const TextInlines = require('pdfmake/js/TextInlines.js').default;
    const StyleContextStack = require('pdfmake/js/StyleContextStack.js').default;
    const doc = new PDFDocument(
      { Body: { normal: regular.path, bold: regular.path } },
      {},
      {},
      {},
      {},
      null,
      () => true,
    );
    const inlines = new TextInlines(doc);
    const lines = [...(await seedParagraphs()).slice(0, 8), ...MIXED].flatMap((text) =>
      layoutParagraph([{ text, style: body }], { measure: 300, alignment: 'justify', kashida: true }),
    );
    expect(lines.length).toBeGreaterThan(30);
    expect(lines.some((line) => line.text.length > 1)).toBe(true);
    let compared = 0;
    for (const line of lines) {
      const stack = new StyleContextStack({}, { font: 'Body' });
      stack.push(line);
      const fast = inlines.buildInlines(line.text, stack);
      // Without laidOutWidth pdfmake's own path runs: style lookups per inline and a measurement.
      const measured = inlines.buildInlines(
        line.text.map(({ laidOutWidth: _, ...inline }) => inline),
        stack,
      );
      expect(fast.items.length).toBe(measured.items.length);
      fast.items.forEach((item: Record<string, unknown>, i: number) => {
        const other: Record<string, unknown> = measured.items[i];
        // mark: what the run is in a tagged PDF, ours alone (./structure.ts), which pdfmake passes by.
        const { width, laidOutWidth: _, noNewLine, mark: ___, ...rest } = item;
        const { width: measuredWidth, noNewLine: __, ...otherRest } = other;
        // The line is kept whole: no break between its inlines (pdfmake marks only some).
        expect(noNewLine).toBe(i < fast.items.length - 1 ? true : undefined);
        expect(width as number).toBeCloseTo(measuredWidth as number, 6);
        expect(Object.keys(rest).sort()).toEqual(Object.keys(otherRest).sort());
        for (const key of Object.keys(rest)) expect(rest[key], key).toBe(otherRest[key]);
        compared++;
      });
      expect(fast.maxWidth).toBeCloseTo(measured.maxWidth, 6);
      expect(fast.minWidth).toBeCloseTo(measured.minWidth, 6);
    }
    expect(compared).toBeGreaterThan(lines.length);
  });

  it("drawing: the seam's encode gives what pdfkit's own encode gives over the seam's layout (hex ids, positions, /W widths, ToUnicode)", async () => {
    registerFamilyFace('Body', 'normal', regular);
    installSeam();
    const PDFDocument = require('pdfmake/js/PDFDocument.js').default;
    const open = () =>
      new PDFDocument({ Body: { normal: regular.path } }, {}, {}, {}, {}, null, () => true).provideFont(
        'Body',
        false,
        false,
      );
    const ours = open();
    const reference = open();
    const pdfkitEncode = Object.getPrototypeOf(reference).encode as (
      text: string,
      features: string[],
    ) => [string[], object[]];
    expect(ours.encode).not.toBe(pdfkitEncode);
    const texts = [...(await seedParagraphs()).slice(0, 5), ...MIXED];
    for (const text of texts) {
      for (const features of [[RTL_TAG], [RTL_TAG, spaceTag(120)], ['bidi-ltr']]) {
        const [encoded, positions] = ours.encode(text, features);
        const [expectedEncoded, expectedPositions] = pdfkitEncode.call(reference, text, features);
        expect(encoded.length).toBeGreaterThan(5);
        expect(encoded).toEqual(expectedEncoded);
        expect(positions).toEqual(expectedPositions);
      }
    }
    expect(ours.widths).toEqual(reference.widths);
    expect(ours.unicode).toEqual(reference.unicode);
    expect(ours.unicode.filter(Boolean).length).toBeGreaterThan(100);
  });

  it("embedding: copying glyphs raw gives exactly the font subset fontkit's own glyph step gives", () => {
    const fontkit = require('fontkit') as {
      create(bytes: Buffer): { createSubset(): TrueTypeSubsetLike & { encode(): Uint8Array }; numGlyphs: number };
    };
    for (const path of ['fonts/Amiri-Regular.ttf', 'fonts/Amiri-Bold.ttf', 'fonts/DejaVuSerif.ttf']) {
      const bytes = readFileSync(path);
      const ours = fontkit.create(bytes).createSubset();
      const reference = fontkit.create(bytes).createSubset();
      expect(copyGlyphsRaw(ours)).toBe(true);
      expect(ours._addGlyph).not.toBe(Object.getPrototypeOf(reference)._addGlyph);
      // Every glyph, in a scrambled order (subset ids follow first use; composites pull in components).
      const count = fontkit.create(bytes).numGlyphs;
      for (let k = 0; k < count; k++) {
        const gid = (k * 7919) % count;
        ours.includeGlyph(gid);
        reference.includeGlyph(gid);
      }
      const encoded = Buffer.from(ours.encode());
      expect(encoded.length).toBeGreaterThan(100_000);
      expect(encoded.equals(Buffer.from(reference.encode()))).toBe(true);
    }
  });

  it("drawing a fragment: the fast path writes exactly the content stream pdfkit's own _fragment writes", async () => {
    registerFamilyFace('Body', 'normal', regular);
    installSeam();
    const PDFDocument = require('pdfmake/js/PDFDocument.js').default;
    const pdfkitFragment = Object.getPrototypeOf(PDFDocument.prototype)._fragment;
    expect(PDFDocument.prototype._fragment).not.toBe(pdfkitFragment);
    const open = () => {
      const doc = new PDFDocument(
        { Body: { normal: regular.path } },
        {},
        {},
        {},
        { autoFirstPage: false, compress: false },
        null,
        () => true,
      );
      doc.addPage({ size: 'A4' });
      doc._font = doc.provideFont('Body', false, false);
      return doc;
    };
    const ours = open();
    const reference = open();
    const texts = [...(await seedParagraphs()).slice(0, 8), ...MIXED, 'يُعَدُّ', ''];
    let drawn = 0;
    for (const [n, text] of texts.entries()) {
      for (const features of [
        [RTL_TAG],
        [RTL_TAG, spaceTag(120)],
        [RTL_TAG, spaceTag(-3.25)],
        ['bidi-ltr'],
        [RTL_TAG, 'digits-arab'],
      ]) {
        const size = 9 + (n % 4) * 1.7;
        const [x, y] = [56.693 + n * 0.37, 100.125 + n * 13.9];
        ours.fontSize(size);
        reference.fontSize(size);
        // As pdfmake passes them; now and then a link, a link to a destination, or a destination.
        const extra = [{}, { link: 'https://example.org/a' }, { goTo: `dest-${n}` }, { destination: `here-${n}` }][
          drawn % 4
        ]!;
        const options = {
          lineBreak: false,
          textWidth: 100 + n,
          characterSpacing: 0,
          wordCount: 1,
          link: undefined,
          features,
          ...extra,
        };
        ours.text(text, x, y, options);
        // pdfkit's own _fragment, called the way its _line step calls it, then the same pen advance.
        reference._initOptions(x, y, options);
        pdfkitFragment.call(reference, text, reference.x, reference.y, reference._initOptions(x, y, options));
        reference.x += reference.widthOfString(text, options);
        expect(ours.x, text).toBe(reference.x);
        drawn++;
      }
    }
    expect(drawn).toBe(texts.length * 5);
    const stream = (doc: PageDocument) => pageContent(doc);
    const written = stream(ours);
    expect(written.length).toBeGreaterThan(20_000);
    // Marks drawn from a moved text matrix and stretched spaces both occur, so both paths are compared.
    expect(written.match(/ Tm\n\[</g)!.length).toBeGreaterThan(100);
    expect(written).toContain('> -');
    // Ours adds the text layer (see textLayerOf): /ActualText spans, which cut a TJ array where a
    // span begins or ends. Without them, the same glyphs at the same positions, operator for operator.
    expect(written).toMatch(/\/Span <<\/ActualText <[0-9A-F]*>>> BDC\n\[/);
    expect(withoutTextLayer(written)).toBe(withoutTextLayer(stream(reference)));
    expect(ours._font.widths).toEqual(reference._font.widths);
    expect(ours._font.unicode).toEqual(reference._font.unicode);
    expect(Object.keys(ours.page.fonts)).toEqual(Object.keys(reference.page.fonts));
    // The same link annotations and named destinations, in the same objects.
    const plain = (value: unknown) =>
      JSON.stringify(value, (key, v) =>
        v && typeof v === 'object' && 'document' in v && 'id' in v ? `${v.id} 0 R` : key === 'document' ? undefined : v,
      );
    expect(ours.page.annotations.length).toBeGreaterThan(10);
    expect(plain(ours.page.annotations.map((a: { data: unknown }) => a.data))).toBe(
      plain(reference.page.annotations.map((a: { data: unknown }) => a.data)),
    );
    expect(plain(ours._root.data.Names.data.Dests)).toBe(plain(reference._root.data.Names.data.Dests));
    expect(Object.keys(ours._root.data.Names.data.Dests._items ?? {}).length).toBeGreaterThan(5);
  });

  it('the stream comparison above sees a moved glyph or a changed span', () => {
    const drawn = 'BT\n[<00010002> -12.5 <0003> 0] TJ\n/Span <</ActualText <FEFF0635>>> BDC\n[<0004> 3] TJ\nEMC\nET';
    expect(withoutTextLayer(drawn)).toBe(withoutTextLayer('BT\n[<00010002> -12.5 <00030004> 3] TJ\nET'));
    expect(withoutTextLayer(drawn)).not.toBe(withoutTextLayer('BT\n[<00010002> -12.5 <00030004> 4] TJ\nET'));
    expect(withoutTextLayer(drawn)).not.toBe(withoutTextLayer('BT\n[<00010002> <00030004> 3] TJ\nET'));
  });

  it('a page stream written in batches holds exactly the bytes pdfkit writes one operator at a time', () => {
    const PDFKit = require('pdfkit') as new (options: object) => {
      ref(): { write(chunk: string | Uint8Array): void; buffer: Buffer[]; data: { Length?: number } };
    };
    const streams = [false, true].map((batched) => {
      const ref = new PDFKit({ compress: false, autoFirstPage: false }).ref();
      if (batched) batchWrites(ref as unknown as Parameters<typeof batchWrites>[0]);
      // Operators as strings, now and then a binary chunk (inline image data) between them.
      for (let i = 0; i < 500; i++) {
        ref.write(`1 0 0 1 ${i} ${i / 3} Tm`);
        if (i % 97 === 0) ref.write(Buffer.from([0x42, 0x49, 0x0a, i & 0xff]));
        ref.write('[<0001002a> -12.5] TJ');
      }
      ref.write(new Uint8Array(0));
      return { bytes: Buffer.concat(ref.buffer), length: ref.data.Length, chunks: ref.buffer.length };
    });
    expect(streams[0]!.bytes.length).toBeGreaterThan(10_000);
    expect(streams[1]!.bytes.equals(streams[0]!.bytes)).toBe(true);
    expect(streams[1]!.length).toBe(streams[0]!.length);
    expect(streams[1]!.chunks).toBeLessThan(streams[0]!.chunks / 50);
  });

  it("named destinations are listed in the byte order of their PDF strings, whatever the machine's locale", () => {
    installSeam();
    const PDFDocument = require('pdfmake/js/PDFDocument.js').default;
    const doc = new PDFDocument(
      { Body: { normal: regular.path } },
      {},
      {},
      {},
      { autoFirstPage: false, compress: false },
      null,
      () => true,
    );
    doc.addPage({ size: 'A4' });
    // Theme ids may hold - and _ (and digits), where collation and byte order disagree.
    const names = [
      'sec:us_taliban:1',
      'sec:us-taliban:1',
      'sec:us1:1',
      'sec:usa:1',
      'ch:us_taliban',
      'ch:us-taliban',
      'outline:10',
      'outline:9',
      'باب',
      'sec:Z',
    ];
    for (const name of names) doc.addNamedDestination(name, 'XYZ', 10, 10, null);
    const written = doc._root.data.Names.data.Dests.toString() as string;
    const order = [...written.matchAll(/^\s*\((.*?)\) \[/gm)].map((m) => m[1]);
    // As pdfkit writes each key: ASCII as is, anything else as UTF-16BE after FE FF.
    const bytes = (name: string) =>
      /^[\x00-\x7f]*$/.test(name)
        ? Buffer.from(name, 'latin1')
        : Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(name, 'utf16le').swap16()]);
    const expected = [...names].sort((a, b) => Buffer.compare(bytes(a), bytes(b)));
    expect(order.map((key) => (key!.startsWith('\u00fe\u00ff') ? 'باب' : key))).toEqual(expected);
    expect(expected.at(-1)).toBe('باب');
    // localeCompare would put _ before - and before digits: this order is not that one.
    expect(expected.indexOf('sec:us-taliban:1')).toBeLessThan(expected.indexOf('sec:us_taliban:1'));
    expect(byPdfStringBytes('a_b', 'a-b')).toBe(1);
  });

  it('a link is made as pdfkit makes it; a fragment pdfkit must place itself (character spacing) still goes through pdfkit', () => {
    registerFamilyFace('Body', 'normal', regular);
    installSeam();
    const PDFDocument = require('pdfmake/js/PDFDocument.js').default;
    const doc = new PDFDocument(
      { Body: { normal: regular.path } },
      {},
      {},
      {},
      { autoFirstPage: false, compress: false },
      null,
      () => true,
    );
    doc.addPage({ size: 'A4' });
    doc._font = doc.provideFont('Body', false, false);
    doc.fontSize(12);
    doc.text('رابط إلى المصدر', 100, 100, {
      lineBreak: false,
      textWidth: 80,
      wordCount: 1,
      link: 'https://example.org/',
      features: [RTL_TAG],
    });
    expect(doc.page.annotations.length).toBe(1);
    doc.text('كلمتان هنا', 100, 130, {
      lineBreak: false,
      textWidth: 80,
      wordCount: 1,
      characterSpacing: 2,
      features: [RTL_TAG],
    });
    expect(pageContent(doc)).toContain('2 Tc');
  });
});

/**
 * A content stream with the text layer's marked content taken out and each run of consecutive TJ
 * arrays as one array of glyphs and (non-zero) adjustments: what is drawn where, however it is cut.
 */
function withoutTextLayer(stream: string): string {
  const out: string[] = [];
  let shown: string[] | null = null;
  for (const line of stream.split('\n')) {
    if (/^\/Span <<\/ActualText <[0-9A-F]*>>> BDC$/.test(line) || line === 'EMC') continue;
    if (line.endsWith('] TJ')) {
      shown ??= [];
      for (const [, hex, number] of line.matchAll(/<([0-9a-f]*)>|(-?[\d.]+)/g)) {
        if (hex !== undefined) for (let i = 0; i < hex.length; i += 4) shown.push(hex.slice(i, i + 4));
        else if (Number(number) !== 0) shown.push(number!);
      }
      continue;
    }
    if (shown) out.push(`[${shown.join(' ')}] TJ`);
    shown = null;
    out.push(line);
  }
  if (shown) out.push(`[${shown.join(' ')}] TJ`);
  return out.join('\n');
}

describe('correctness patches alone (BRIEFING_SPEED_PATCHES=off)', () => {
  it('give the same bytes as with the speed patches: the seed pack, a booklet, combined watermarked copies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-speed-'));
    const bin = join(process.cwd(), 'bin/briefing.js');
    for (const [name, extra] of [
      ['pack', []],
      ['booklet', ['--booklet']],
      ['copies', ['--copies', '2', '--combined', '--watermark']],
    ] as const) {
      const bytes = (mode: string): Buffer => {
        const out = join(dir, `${name}-${mode}.pdf`);
        const result = spawnSync(process.execPath, [bin, 'build', '--force', '--quiet', '-o', out, ...extra], {
          encoding: 'utf8',
          env: { ...process.env, BRIEFING_SPEED_PATCHES: mode },
        });
        expect(result.status, result.stderr).toBe(0);
        return readFileSync(out);
      };
      expect(bytes('off').equals(bytes('on')), name).toBe(true);
    }
  }, 120_000);
});
