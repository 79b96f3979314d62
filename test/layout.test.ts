import bidiFactory from 'bidi-js';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ARABIC_AND_NUMBERS,
  breakOpportunities,
  measureItemText,
  ONLY_ARABIC_AND_NEUTRALS,
  prepare,
  resolveLevels,
} from '../src/render/layout/prepare.js';
import { collect } from '../src/render/layout/collect.js';
import { kashidaPoint } from '../src/render/layout/kashida.js';
import { layoutLines } from '../src/render/layout/index.js';
import { closeUpPunctuation } from '../src/render/pdf/document.js';
import { shapeText } from '../src/render/layout/shape.js';
import { body, MIXED, regular, seedParagraphs, strong } from './helpers/faces.js';

const visualWords = (text: string, measure = 2000) =>
  layoutLines([{ text, style: body }], { measure }).map((line) =>
    line.items.filter((i) => !i.isSpace).map((i) => i.text),
  );

describe('bidi: the all-Arabic fast path', () => {
  it('agrees with the full UAX #9 algorithm (bidi-js) on random Arabic-and-neutral text', () => {
    const bidi = bidiFactory();
    const alphabet = [...'ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآؤئـًٌٍَُِّْٰ،؛؟ .,:;!?()[]{}«»"\'-–—…“”‘’\u00A0'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 40 }), (chars) => {
        const text = chars.join('');
        expect(ONLY_ARABIC_AND_NEUTRALS.test(text)).toBe(true);
        const full = bidi.getEmbeddingLevels(text, 'rtl').levels;
        const fast = resolveLevels(text, 'rtl').levels;
        // Trailing whitespace goes to the paragraph level (L1), which is 1 here as well.
        expect([...fast]).toEqual([...full]);
      }),
      { numRuns: 500, seed: 20261126 },
    );
  });
  it('with numbers: agrees with bidi-js on random Arabic text with digits of both kinds, signs and separators', () => {
    const bidi = bidiFactory();
    const letters = [...'ابتسلمنهويةءأـ'];
    const marks = [...'ًَُِّْٰ'];
    const numbers = [...'0123456789٠١٢٣٤٥٦٧٨٩'];
    const signs = [...'%٪+-/.,:،\u00A0 ()«»–؛؟!'];
    const alphabet = [...letters, ...marks, ...numbers, ...numbers, ...signs];
    let numbered = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 40 }), (chars) => {
        const text = chars.join('');
        if (!/[ابتسلمنهويةءأـ]/.test(text)) return;
        expect(ARABIC_AND_NUMBERS.test(text)).toBe(true);
        if (/[0-9٠-٩]/.test(text)) numbered++;
        expect([...resolveLevels(text, 'rtl').levels], JSON.stringify(text)).toEqual([
          ...bidi.getEmbeddingLevels(text, 'rtl').levels,
        ]);
        expect([...resolveLevels(text, 'auto').levels], JSON.stringify(text)).toEqual([
          ...bidi.getEmbeddingLevels(text, 'auto').levels,
        ]);
      }),
      { numRuns: Number(process.env['FUZZ_RUNS'] ?? 2000), seed: 20261127 },
    );
    expect(numbered).toBeGreaterThan(100);
    // And on the mixed sentences and every seed paragraph with a number in it.
    for (const text of [...MIXED, 'بنسبة 3.5% في 2015-2020، أي ٪١٢ و+5 أو 1/2', '12 رمضان 1445 هـ']) {
      if (!ARABIC_AND_NUMBERS.test(text)) continue;
      expect([...resolveLevels(text, 'rtl').levels], text).toEqual([...bidi.getEmbeddingLevels(text, 'rtl').levels]);
    }
  });

  it('with numbers: agrees with bidi-js on every seed paragraph it takes', async () => {
    const bidi = bidiFactory();
    const taken = (await seedParagraphs()).filter(
      (p) => ARABIC_AND_NUMBERS.test(p) && !ONLY_ARABIC_AND_NEUTRALS.test(p),
    );
    expect(taken.length).toBeGreaterThan(10);
    for (const text of taken)
      expect([...resolveLevels(text, 'rtl').levels], text).toEqual([...bidi.getEmbeddingLevels(text, 'rtl').levels]);
  });

  it('is not taken when digits or Latin are present', () => {
    expect(ONLY_ARABIC_AND_NEUTRALS.test('في عام 2024')).toBe(false);
    expect(ONLY_ARABIC_AND_NEUTRALS.test('في عام ٢٠٢٤')).toBe(false);
    expect(ONLY_ARABIC_AND_NEUTRALS.test('قال CNA')).toBe(false);
    expect([...resolveLevels('في عام 2024', 'rtl').levels]).toContain(2);
  });
});

describe('bidi: visual order of one line (left to right)', () => {
  it('Arabic words run right to left, numbers stay left to right', () => {
    expect(visualWords('في عام 2024 قال')).toEqual([['قال', '2024', 'عام', 'في']]);
  });
  it('Latin inside brackets: the bracket pair is mirrored around the LTR run', () => {
    expect(visualWords('قال (CNA) إن')).toEqual([['إن', ')', 'CNA', '(', 'قال']]);
    // A logical ")" at an RTL level is drawn with the "(" glyph (HarfBuzz mirrors in RTL buffers).
    expect(shapeText(regular, ')', 'rtl').glyphs[0]!.id).toBe(shapeText(regular, '(', 'ltr').glyphs[0]!.id);
  });
  it('a number range in Arabic text: each number LTR, the dash RTL, read 2015 then 2020', () => {
    expect(visualWords('بين 2015–2020 ارتفع')).toEqual([['ارتفع', '2020', '–', '2015', 'بين']]);
    expect(visualWords('عامي 2015 و2020 تظهر')).toEqual([['تظهر', '2020', 'و', '2015', 'عامي']]);
  });
  it('a run of several Latin words keeps its order', () => {
    expect(visualWords('مركز Wilson Center إن')).toEqual([['إن', 'Wilson', 'Center', 'مركز']]);
  });
  it('a URL is one LTR island, trailing slash included', () => {
    const [line] = visualWords('راجع https://example.org/a/ الآن');
    expect(line!.join('')).toBe('الآنhttps://example.org/a/راجع');
  });
  it('percent after Arabic text: digits become AN (W2), so «%» resolves RTL and sits left of the number, as in browsers', () => {
    expect(visualWords('نسبة 3.5% من')).toEqual([['من', '%', '3.5', 'نسبة']]);
    expect(visualWords('rate 3.5% up', 2000)).toEqual([['rate', '3.5%', 'up']]);
  });
  it('copy labels: the Latin marking or recipient stays at the logical end (the left), the numbers in place', () => {
    expect(visualWords('TLP:GREEN · نسخة 3 من 20')).toEqual([['20', 'من', '3', 'نسخة', '·', 'TLP:GREEN']]);
    expect(visualWords('نسخة 2 من 2 · J. Smith')).toEqual([['J.', 'Smith', '·', '2', 'من', '2', 'نسخة']]);
  });
  it('auto direction takes the first strong character', () => {
    const lines = layoutLines([{ text: 'Taliban في كابل', style: body }], { measure: 2000, direction: 'auto' });
    expect(lines[0]!.items.filter((i) => !i.isSpace).map((i) => i.text)).toEqual(['Taliban', 'كابل', 'في']);
  });
});

describe('mixed styles inside a paragraph', () => {
  const link = { ...body, link: 'https://example.org/report', color: '#1d4f91' };
  const spans = [
    { text: 'قال الباحث ', style: body },
    { text: 'مايكل كوجلمان', style: strong },
    { text: ' من مركز ', style: body },
    { text: 'Wilson Center', style: strong },
    { text: ' في تقرير نشره على ', style: body },
    { text: 'https://example.org/report', style: link },
    { text: ' إن طالبان لا تريد الصدام مع التنظيم في الوقت الحالي.', style: body },
  ];
  const logicalRuns = (measure: number) =>
    layoutLines(spans, { measure, alignment: 'justify' }).flatMap((line) =>
      [...line.items]
        .sort((a, b) => a.start - b.start)
        .filter((i) => !i.isSpace)
        .map((i) => ({ text: i.text, style: i.style })),
    );
  it("each word keeps its span's style, and the spans keep their order, on one line or wrapped", () => {
    for (const measure of [2000, 160]) {
      const runs = logicalRuns(measure);
      const expected = spans.flatMap((span) =>
        span.text
          .split(' ')
          .filter((w) => w.length > 0)
          .map((w) => ({ w, style: span.style })),
      );
      // Over-long tokens (the URL at 160 pt) may be cut into pieces: compare the joined text per style.
      expect(runs.map((r) => r.text).join('')).toBe(expected.map((e) => e.w).join(''));
      for (const run of runs) {
        const owner = expected.find((e) => e.w.includes(run.text) || run.text.includes(e.w));
        expect(owner, run.text).toBeDefined();
        expect(run.style, run.text).toBe(owner!.style);
      }
    }
  });
  it('in visual order the bold name sits right of the Latin bold run, and the link is one LTR island', () => {
    const [line] = layoutLines(spans, { measure: 4000 });
    const visual = line!.items.filter((i) => !i.isSpace).map((i) => i.text);
    const name = visual.indexOf('كوجلمان');
    const latin = visual.indexOf('Wilson');
    const url = visual.indexOf('https://example.org/report');
    expect(name).toBeGreaterThan(latin); // further right = later in a left-to-right list
    expect(latin).toBeGreaterThan(url);
    expect(visual[latin + 1]).toBe('Center');
  });
});

describe('line breaking', () => {
  it('never inside a number range, between a number and its sign, or before closing punctuation', () => {
    const text = 'بين 2024–2026 بنسبة 3.5% (تقريبًا) «نعم»';
    const breaks = breakOpportunities(text);
    const forbidden = [
      text.indexOf('2026'),
      text.indexOf('%'),
      text.indexOf(')'),
      text.indexOf('»'),
      text.indexOf('–'),
      text.indexOf('–') + 1,
    ];
    for (const position of forbidden) expect(breaks.has(position), `break at ${position}`).toBe(false);
  });
  it('an over-long URL is cut rather than overflowing', () => {
    const lines = layoutLines(
      [
        {
          text: 'المصدر https://warontherocks.com/2021/10/the-taliban-cant-take-on-the-islamic-state-alone/',
          style: body,
        },
      ],
      { measure: 150 },
    );
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(150);
  });
  it('no line is wider than its measure, at two widths, for every seed paragraph', async () => {
    for (const measure of [471, 230]) {
      for (const text of [...(await seedParagraphs()), ...MIXED]) {
        for (const line of layoutLines([{ text, style: body }], { measure, alignment: 'justify' })) {
          expect(line.width).toBeLessThanOrEqual(measure + 1e-6);
        }
      }
    }
  });
  it('justified lines fill the measure; the last line does not', async () => {
    const text = (await seedParagraphs()).sort((a, b) => b.length - a.length)[0]!;
    const lines = layoutLines([{ text, style: body }], { measure: 300, alignment: 'justify' });
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines.slice(0, -1)) expect(line.width).toBeCloseTo(300 - 0.01, 6);
    expect(lines.at(-1)!.spaceStretch).toBe(0);
    expect(lines.at(-1)!.align).toBe('right');
  });
  it('every character is drawn exactly once, in order, across lines', async () => {
    for (const text of [...(await seedParagraphs()).slice(0, 20), ...MIXED]) {
      const lines = layoutLines([{ text, style: body }], { measure: 200 });
      const logical = lines.flatMap((l) => [...l.items].sort((a, b) => a.start - b.start).map((i) => i.text)).join('');
      expect(logical.replace(/ /g, '')).toBe(text.replace(/ /g, ''));
    }
  });
});

/** The glyph HarfBuzz draws for the character at `index` (undefined if a ligature absorbed it). */
function glyphOfLetter(text: string, index: number): number | undefined {
  return shapeText(regular, text, 'rtl').glyphs.find((g) => g.cluster === index)?.id;
}

describe('kashida justification', () => {
  it('prefers the classical positions and skips short or already elongated words', () => {
    expect(kashidaPoint('مستشفى')).toEqual({ offset: 4, priority: 5 }); // after the later of seen/sheen
    expect(kashidaPoint('الدولة')).toEqual({ offset: 5, priority: 4 }); // before final ta marbuta
    expect(kashidaPoint('المملكة')).toEqual({ offset: 6, priority: 4 });
    expect(kashidaPoint('المقاتل')).toEqual({ offset: 6, priority: 3 }); // before a final lam
    expect(kashidaPoint('المقابر')).toEqual({ offset: 6, priority: 2 }); // before another final letter
    expect(kashidaPoint('طالبان')).toEqual({ offset: 4, priority: 1 }); // the last join (the final nun follows an alef)
    expect(kashidaPoint('حالة')).toBeUndefined(); // four letters: too short
    expect(kashidaPoint('وجود')).toBeUndefined();
    expect(kashidaPoint('فــادي')).toBeUndefined(); // the source already elongates it
    expect(kashidaPoint('في')).toBeUndefined();
    expect(kashidaPoint('ISIS')).toBeUndefined();
  });
  it.each([1, 2, 3])('elongates at most %i words a line, none shorter than five letters', async (limit) => {
    const paragraphs = (await seedParagraphs()).slice(0, 30);
    let elongatedLines = 0;
    for (const text of paragraphs) {
      for (const line of layoutLines([{ text, style: body }], {
        measure: 300,
        alignment: 'justify',
        kashida: true,
        kashidaPerLine: limit,
      })) {
        const elongated = line.items.filter((item) => item.kashida !== undefined);
        expect(elongated.length).toBeLessThanOrEqual(limit);
        if (elongated.length > 0) elongatedLines++;
        for (const item of elongated)
          expect(item.text.replace(/[\u0640\u064B-\u065F]/g, '').length).toBeGreaterThanOrEqual(5);
      }
    }
    expect(elongatedLines).toBeGreaterThan(30);
  });
  it('inserts tatweel glyphs with real width, joins intact, and narrows the widest word gaps', async () => {
    const paragraphs = (await seedParagraphs()).slice(0, 12);
    let tatweels = 0;
    let spacesOnlyGap = 0;
    let kashidaGap = 0;
    for (const text of paragraphs) {
      const plain = layoutLines([{ text, style: body }], { measure: 300, alignment: 'justify' });
      const stretched = layoutLines([{ text, style: body }], { measure: 300, alignment: 'justify', kashida: true });
      spacesOnlyGap = Math.max(spacesOnlyGap, ...plain.map((l) => l.spaceStretch));
      kashidaGap = Math.max(kashidaGap, ...stretched.map((l) => l.spaceStretch));
      for (const item of stretched.flatMap((l) => l.items)) {
        if (!item.text.includes('\u0640')) continue;
        tatweels++;
        const withKashida = shapeText(regular, item.text, 'rtl');
        const tatweelGlyphs = withKashida.glyphs.filter((g) => item.text[g.cluster] === '\u0640');
        expect(tatweelGlyphs.length).toBeGreaterThan(0);
        for (const g of tatweelGlyphs) expect(g.xAdvance).toBeGreaterThan(0);
        // Joins intact: the letter before the tatweel connects forward (not its word-final form),
        // the letter after it connects backward (not its word-initial form).
        const at = item.text.indexOf('\u0640');
        const end = item.text.lastIndexOf('\u0640') + 1;
        let letter = at - 1;
        while (letter > 0 && /[\u064B-\u065F\u0670]/.test(item.text[letter]!)) letter--; // skip harakat
        const before = glyphOfLetter(item.text, letter);
        if (before !== undefined) expect(before, item.text).not.toBe(glyphOfLetter(item.text.slice(0, at), letter));
        const after = glyphOfLetter(item.text, end);
        if (after !== undefined) expect(after, item.text).not.toBe(glyphOfLetter(item.text.slice(end), 0));
      }
    }
    expect(tatweels).toBeGreaterThan(10);
    expect(kashidaGap).toBeLessThan(spacesOnlyGap);
  });
});

/**
 * The word gaps first fit would give (every justified line but the last): each line takes words
 * while they fit, at the same break opportunities. The yardstick total fit must beat.
 */
function firstFitGaps(paragraph: ReturnType<typeof prepare>, measure: number): number[] {
  const space = measureItemText(body, ' ', 1);
  // Words as the break opportunities cut them: content width, then the spaces after it.
  const words: { width: number; trailing: number; spaces: number }[] = [];
  paragraph.items.forEach((item, i) => {
    if (i === 0 || (paragraph.breakBefore[i] && words[words.length - 1]!.width > 0))
      words.push({ width: 0, trailing: 0, spaces: 0 });
    const word = words[words.length - 1]!;
    if (item.isSpace) {
      word.trailing += item.width;
      word.spaces += item.text.length;
    } else {
      word.width += word.trailing + item.width;
      word.trailing = 0;
      word.spaces = 0;
    }
  });
  const gaps: number[] = [];
  let line = { width: 0, spaces: 0, words: 0 };
  let pending = { trailing: 0, spaces: 0 };
  for (const word of words) {
    if (line.words > 0 && line.width + pending.trailing + word.width > measure) {
      // A full line, justified: its spaces take what is left.
      if (line.spaces > 0) gaps.push(space + (measure - line.width) / line.spaces);
      line = { width: 0, spaces: 0, words: 0 };
    }
    if (line.words > 0)
      line = { width: line.width + pending.trailing, spaces: line.spaces + pending.spaces, words: line.words };
    line = { width: line.width + word.width, spaces: line.spaces, words: line.words + 1 };
    pending = { trailing: word.trailing, spaces: word.spaces };
  }
  return gaps;
}

describe('total fit', () => {
  /** Word gaps of every justified line but the last, in points. */
  const gaps = (text: string, measure: number): number[] =>
    layoutLines([{ text, style: body }], { measure, alignment: 'justify' })
      .filter((line) => line.spaceStretch !== 0)
      .map((line) => line.spaceStretch + spaceWidth);
  const spaceWidth = measureItemText(body, ' ', 1);

  it('breaks so that no justified line is much looser than the rest, where first fit leaves loose lines', async () => {
    const paragraphs = (await seedParagraphs()).filter((p) => p.length > 300);
    const all = paragraphs.flatMap((p) => gaps(p, 300));
    const firstFit = paragraphs.flatMap((p) => firstFitGaps(prepare(collect([{ text: p, style: body }]), 'rtl'), 300));
    const worst = (xs: number[]): number => Math.max(...xs);
    expect(all.length).toBeGreaterThan(200);
    expect(worst(all)).toBeLessThan(worst(firstFit));
    expect(worst(all)).toBeLessThan(2.2 * spaceWidth);
    // Spaces shrink a little where that saves a loose line, never below two thirds of a space.
    expect(Math.min(...all)).toBeGreaterThanOrEqual((2 / 3) * spaceWidth - 1e-6);
  });

  it('every line fits the measure, squeezed lines included', async () => {
    for (const text of (await seedParagraphs()).slice(0, 40)) {
      for (const line of layoutLines([{ text, style: body }], { measure: 250, alignment: 'justify', kashida: true })) {
        const spaces = line.items.filter((i) => i.isSpace).reduce((n, i) => n + i.text.length, 0);
        const natural = line.items.reduce((w, i) => w + i.width, 0);
        expect(natural + spaces * line.spaceStretch).toBeLessThanOrEqual(250 + 1e-6);
      }
    }
  });
});

describe('URLs and punctuation', () => {
  it('a URL breaks only inside its path, before a slash or the like: never after the scheme or in the host', () => {
    const text =
      'راجع https://warontherocks.com/2021/10/the-taliban-cant-take-on-the-islamic-state-alone/ أو www.example.org/a/b?x=1 للمزيد';
    const breaks = [...breakOpportunities(text)];
    for (const url of ['https://warontherocks.com', 'www.example.org']) {
      const at = text.indexOf(url);
      for (const position of breaks)
        expect(position > at && position < at + url.length, `break at ${position} in ${url}`).toBe(false);
    }
    const inPath = breaks.filter((p) => text[p] === '/' || text[p] === '-' || text[p] === '?');
    expect(inPath.length).toBeGreaterThan(6);
    // Laid out narrow, no line ends with the scheme, and every piece of the URL is kept.
    for (const measure of [120, 160, 220]) {
      const laid = layoutLines([{ text, style: body }], { measure, alignment: 'start' });
      // Each line in logical order (its items sorted by where they stand in the text).
      const logical = laid.map((l) =>
        [...l.items]
          .sort((a, b) => a.start - b.start)
          .map((i) => i.text)
          .join(''),
      );
      for (const line of logical) expect(line, `measure ${measure}`).not.toMatch(/https?:\/\/$/);
      expect(logical.length).toBeGreaterThan(2);
      expect(logical.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    }
  });

  it('spaces before closing and after opening punctuation are closed up; ellipses are left alone', () => {
    expect(closeUpPunctuation('وقالت السلطة . ثم')).toBe('وقالت السلطة. ثم');
    expect(closeUpPunctuation('قال : إن الأمر ، كما ؟ و ! ثم ؛')).toBe('قال: إن الأمر، كما؟ و! ثم؛');
    expect(closeUpPunctuation('( داعش ) و« طالبان »')).toBe('(داعش) و«طالبان»');
    expect(closeUpPunctuation('انتظر . . . ثم')).toBe('انتظر . . . ثم');
    expect(closeUpPunctuation('بلا تغيير.')).toBe('بلا تغيير.');
  });
});

describe('the layout stands alone', () => {
  it('imports nothing from the PDF backend (src/render/pdf/)', () => {
    const folder = 'src/render/layout';
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(`${folder}/${file}`, 'utf8');
      expect(source, file).not.toMatch(/from '\.\.\/pdf\//);
      expect(source, file).not.toMatch(/from '(?:pdfkit|pdfmake)/);
    }
  });
});
