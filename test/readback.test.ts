// Reading PDFs back with pdf.js: the words of every line, read right to left, must come out in the
// source's logical order; lines must stay inside the measure; justified lines must be flush.
import { describe, expect, it } from 'vitest';
import { seedParagraphs } from './helpers/faces.js';
import { orderErrors, readPdf, readingLines, words, type TextItem } from './helpers/pdf.js';
import { MARGIN, renderParagraphs } from './helpers/render.js';

function lineExtents(items: TextItem[]): { left: number; right: number }[] {
  const rows = new Map<number, TextItem[]>();
  for (const item of items) {
    if (item.str.trim() === '') continue;
    const key = Math.round(item.y * 2) / 2;
    rows.set(key, [...(rows.get(key) ?? []), item]);
  }
  return [...rows.entries()].sort((a, b) => b[0] - a[0]).map(([, row]) => ({ left: Math.min(...row.map((i) => i.x)), right: Math.max(...row.map((i) => i.x + i.width)) }));
}

describe.each([420, 230])('read back at a measure of %i pt', (measure) => {
  // Mixed-script sentences are asserted item by item in layout.test.ts: pdf.js merges neighbouring
  // runs into one item and re-orders it by majority direction, which garbles lines that hold a URL,
  // Arabic and an e-mail (poppler reads the same PDF correctly; .ci/run checks it with pdftotext).
  it('every seed paragraph reads in logical order', async () => {
    const paragraphs = await seedParagraphs();
    const pdf = await renderParagraphs(paragraphs, measure);
    const { pages } = await readPdf(pdf);
    const extracted = words(pages.flatMap((items) => readingLines(items)).join(' '));
    const expected = words(paragraphs.join(' '));
    // One stream: every source word, in order (a reversed line would misplace every word on it).
    expect(expected.length).toBeGreaterThan(5000);
    expect(orderErrors(expected, extracted)).toBe(0);
  });

  it('no drawn line is wider than the measure + 0.5 pt; justified lines are flush both sides', async () => {
    const paragraphs = (await seedParagraphs()).filter((p) => p.length > 400).slice(0, 6);
    const pdf = await renderParagraphs(paragraphs, measure);
    const { pages } = await readPdf(pdf);
    const extents = pages.flatMap(lineExtents);
    let flushBoth = 0;
    for (const { left, right } of extents) {
      expect(right - left).toBeLessThanOrEqual(measure + 0.5);
      expect(right).toBeCloseTo(MARGIN + measure, 0); // every line, the last included, is flush right
      if (Math.abs(left - MARGIN) < 0.5) flushBoth++;
    }
    // All but each paragraph's last line are flush left as well.
    expect(flushBoth).toBeGreaterThanOrEqual(extents.length - paragraphs.length - 1);
  });
});

describe('kashida in the PDF', () => {
  it('draws tatweel glyphs and still reads in order', async () => {
    const paragraphs = (await seedParagraphs()).slice(0, 10);
    const pdf = await renderParagraphs(paragraphs, 300, { kashida: true });
    const { pages } = await readPdf(pdf);
    const text = pages.flatMap((items) => readingLines(items)).join(' ');
    expect(text).toMatch(/\u0640/);
    expect(orderErrors(words(paragraphs.join(' ')), words(text))).toBe(0);
  });
});
