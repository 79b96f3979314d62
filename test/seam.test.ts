import { createRequire } from 'node:module';
import * as hb from 'harfbuzzjs';
import { describe, expect, it } from 'vitest';
import { installSeam, PINNED, registerFamilyFace, RTL_TAG } from '../src/render/pdfkit-seam.js';
import { shapeStats } from '../src/render/layout/shape.js';
import { regular, seedParagraphs } from './helpers/faces.js';

const require = createRequire(import.meta.url);

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
    expect(source).toMatch(/encode\(text, features\) \{\s+const \{\s+glyphs,\s+positions\s+\} = this\.layout\(text, features\);/);
    expect(source).toContain('this.widths[gid] = glyph.advanceWidth * this.scale;');
    expect(source).toContain('this.unicode[gid] = glyph.codePoints;');
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
    const words = [...new Set((await seedParagraphs()).flatMap((p) => p.split(/\s+/)).filter((w) => /[\u0600-\u06FF]/.test(w)))];
    expect(words.length).toBeGreaterThan(1000);
    // An independent HarfBuzz buffer, not our cache.
    const font = regular.hbFont;
    for (const word of words) {
      const buffer = new hb.Buffer();
      buffer.addText(word);
      buffer.setDirection(hb.Direction.RTL);
      buffer.guessSegmentProperties();
      hb.shape(font, buffer);
      const expected = buffer.getGlyphInfos().map((g) => g.codepoint);
      const drawn = embedded.layout(word, [RTL_TAG]).glyphs.map((g: { id: number }) => g.id);
      expect(drawn, word).toEqual(expected);
    }
  });

  it('measuring and drawing share one cache: a word is shaped once', () => {
    const before = shapeStats();
    const PDFDocument = require('pdfmake/js/PDFDocument.js').default;
    const doc = new PDFDocument({ SeamTest: { normal: regular.path } }, {}, {}, {}, {}, null, () => true);
    const embedded = doc.provideFont('SeamTest', false, false);
    const word = 'الاستخباراتية';
    embedded.widthOfString(word, 12, [RTL_TAG]);
    embedded.encode(word, [RTL_TAG]);
    embedded.widthOfString(word, 12, [RTL_TAG]);
    const after = shapeStats();
    expect(after.shaped - before.shaped).toBeLessThanOrEqual(1);
    expect(after.hits - before.hits).toBeGreaterThanOrEqual(2);
  });
});
