// The default pack read back with pdf.js: the contents page lists every chapter and section with the
// page it really starts on, and the cover's table reads right to left in logical order.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Briefing } from '../src/model.js';
import { buildPdf, prepareBriefing } from '../src/pipeline.js';
import { distributeColumns } from '../src/render/pdf/document.js';
import { STYLES } from '../src/render/styles.js';
import { readPdf, readingLines, words, type ReadBack } from './helpers/pdf.js';

let briefing: Briefing;
let pdf: ReadBack;
let pageLines: string[][];

beforeAll(async () => {
  briefing = prepareBriefing('briefing.yaml').briefing;
  pdf = await readPdf(await buildPdf(briefing));
  pageLines = pdf.pages.map((items) => readingLines(items).map((line) => line.replace(/\u0640/g, '')));
}, 30_000);

/** Letters only, spaces dropped: pdf.js splits some words at Amiri's kerning, which must not matter here. */
const letters = (text: string): string =>
  words(text)
    .filter((w) => !/^[0-9\u0660-\u0669]+$/.test(w))
    .join('');

interface ContentsLine {
  title: string;
  page: number;
}

/** Contents entries: lines ending (at the left, so last in reading order) with a page number. */
function contentsEntries(lines: string[]): ContentsLine[] {
  const entries: ContentsLine[] = [];
  let pending = '';
  for (const line of lines) {
    const text = line.replace(/(\s*\.)+/g, ' ').trim();
    const match = /^(.*?)\s*(\d+)$/.exec(text);
    if (!match) {
      pending += ` ${text}`;
      continue;
    }
    entries.push({ title: `${pending} ${match[1]}`.trim(), page: Number(match[2]) });
    pending = '';
  }
  return entries;
}

describe('contents page', () => {
  it('lists every chapter and section, in order, with the page its heading is on', () => {
    const contentsPage = pageLines.findIndex((lines) => lines.some((l) => letters(l) === 'المحتويات'));
    expect(contentsPage).toBe(2); // page 3: the cover, a blank verso, then the contents on an odd page
    const furniture = [letters('المحتويات'), letters(briefing.config.title)];
    // Drop the page furniture: the heading, the running head «title · المحتويات», the footer.
    const runningHead = letters(`${briefing.config.title} · المحتويات`);
    const entries = contentsEntries(
      pageLines[contentsPage]!.filter(
        (l) => !furniture.includes(letters(l)) && letters(l) !== runningHead && !l.includes('صفحة'),
      ),
    );
    const expectedTitles = [
      'الملخص التنفيذي',
      ...briefing.themes.flatMap((theme) => [
        theme.title,
        ...theme.sections.map((s) => s.heading ?? briefing.articles.find((a) => a.id === s.articleId)!.title),
      ]),
      'المصادر',
      'لماذا اختيرت هذه الأقسام',
    ];
    expect(entries.map((e) => letters(e.title))).toEqual(expectedTitles.map(letters));
    let previous = 0;
    for (const entry of entries) {
      expect(entry.page, entry.title).toBeGreaterThanOrEqual(previous);
      previous = entry.page;
      const onPage = pageLines[entry.page - 1]!.map(letters);
      expect(
        onPage.some((line) => line.includes(letters(entry.title))),
        `${entry.title} on page ${entry.page}`,
      ).toBe(true);
    }
  });

  it('entries link to their headings', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(await buildPdf(briefing)), verbosity: 0 }).promise;
    const annotations = await (await doc.getPage(3)).getAnnotations();
    const internal = annotations.filter((a: { dest?: unknown }) => a.dest !== undefined && a.dest !== null);
    const sections = briefing.themes.reduce((n, t) => n + t.sections.length, 0);
    expect(internal.length).toBeGreaterThanOrEqual(briefing.themes.length + sections);
    await doc.destroy();
  });
});

describe("a table through the line layer (the cover's themes at a glance)", () => {
  it('reads right to left: theme, sections, articles', () => {
    // Cells by geometry, rightmost first (a reading helper would join the two number cells into one
    // left-to-right run, as it must for numbers inside running text).
    const rows = new Map<number, { str: string; x: number }[]>();
    for (const item of pdf.pages[0]!) {
      if (item.str.trim() === '') continue;
      const y = Math.round(item.y);
      rows.set(y, [...(rows.get(y) ?? []), item]);
    }
    const cells = [...rows.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([, row]) => row.sort((a, b) => b.x - a.x).map((i) => i.str.trim()));
    const header = cells.findIndex((row) => row.join('|') === 'المحور|الأقسام|المقالات');
    expect(header).toBeGreaterThan(0);
    const body = cells.slice(header + 1, header + 1 + briefing.themes.length);
    expect(body).toEqual(
      briefing.themes.map((theme) => [
        theme.title,
        String(theme.sections.length),
        String(new Set(theme.sections.map((s) => s.articleId)).size),
      ]),
    );
  });

  it('columns fill the width: max-content when it fits, else min-content plus a fair share', () => {
    expect(distributeColumns([10, 10], [30, 10], 80)).toEqual([60, 20]);
    const tight = distributeColumns([20, 10], [200, 10], 100);
    expect(tight[1]).toBe(10);
    expect(tight[0]).toBe(90);
    expect(distributeColumns([60, 60], [90, 90], 100)).toEqual([50, 50]);
  });
});

describe('PDF furniture for a right-to-left book', () => {
  it('bookmarks every chapter and, under it, every section', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(await buildPdf(briefing)), verbosity: 0 }).promise;
    const outline = (await doc.getOutline()) as { title: string; items: { title: string }[] }[];
    const chapters = outline.map((o) => o.title);
    expect(chapters).toEqual([
      'المحتويات',
      'الملخص التنفيذي',
      ...briefing.themes.map((t) => t.title),
      'المصادر',
      'لماذا اختيرت هذه الأقسام',
    ]);
    for (const theme of briefing.themes) {
      const entry = outline.find((o) => o.title === theme.title)!;
      expect(entry.items.map((i) => i.title)).toEqual(
        theme.sections.map((s) => s.heading ?? briefing.articles.find((a) => a.id === s.articleId)!.title),
      );
    }
    await doc.destroy();
  });

  it('says R2L to viewers, Lang ar, and carries title, author, subject and keywords', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(await buildPdf(briefing)), verbosity: 0 }).promise;
    expect(await doc.getViewerPreferences()).toMatchObject({ Direction: 'R2L', DisplayDocTitle: true });
    const { info } = (await doc.getMetadata()) as { info: Record<string, string> };
    expect(info).toMatchObject({
      Title: briefing.config.title,
      Author: briefing.config.organisation,
      Subject: briefing.config.subtitle,
      Language: 'ar',
    });
    expect(info['Keywords']).toBe(briefing.config.themes.map((t) => t.title).join('، '));
    await doc.destroy();
  });

  it('duplex: odd pages keep the wider margin on the right (the binding), even pages on the left', () => {
    const textLeft = (page: number): number => Math.min(...pdf.pages[page - 1]!.map((i) => i.x));
    const bodyPages = pdf.pages
      .map((items, i) => ({ page: i + 1, items }))
      .filter((p) => p.page > 1 && p.items.length > 0);
    const odd = bodyPages.find((p) => p.page % 2 === 1)!.page;
    const even = bodyPages.find((p) => p.page % 2 === 0)!.page;
    expect(textLeft(even) - textLeft(odd)).toBeCloseTo(14, 0);
  });

  it('A5 and Letter by option', async () => {
    for (const [size, width, height] of [
      ['A5', 419.53, 595.28],
      ['Letter', 612, 792],
    ] as const) {
      const small = await readPdf(
        await buildPdf({ ...briefing, config: { ...briefing.config, page: { size, duplex: false } } }),
      );
      expect(small.pageSize.width).toBeCloseTo(width, 1);
      expect(small.pageSize.height).toBeCloseTo(height, 1);
      expect(small.pages.every((items) => items.every((i) => i.x >= 30 && i.x + i.width <= width - 30))).toBe(true);
    }
  }, 30_000);
});

describe('keep with next', () => {
  // Every heading the pack prints: theme titles (chapters and the summary's headings), article titles
  // and section headings. At any page size, none may be the last line of text on its page.
  it.each(['A4', 'A5', 'Letter'] as const)('%s: no heading is the last line of text on a page', async (size) => {
    const sized: Briefing = { ...briefing, config: { ...briefing.config, page: { ...briefing.config.page, size } } };
    const read = await readPdf(await buildPdf(sized));
    const headings = new Set(
      [
        ...sized.themes.map((t) => t.title),
        ...sized.themes.flatMap((t) => t.sections.map((s) => s.heading ?? '')),
        ...sized.articles.map((a) => a.title),
      ]
        .map(letters)
        .filter((h) => h.length > 0),
    );
    let pagesChecked = 0;
    read.pages.forEach((items, index) => {
      // The page's text above its footer (folio and marking sit below the bottom margin).
      const footerTop = Math.min(...items.map((i) => i.y)) + 20;
      const raw = readingLines(items.filter((i) => i.y > footerTop));
      // The cover's theme table and the contents list headings by design.
      if (index === 0 || raw.some((l) => /(\.\s*){4}/.test(l))) return;
      const body = raw.map((l) => letters(l.replace(/\u0640/g, '')));
      const last = body[body.length - 1];
      if (last === undefined || body.length < 8) return;
      pagesChecked++;
      expect(headings.has(last), `${size} page ${index + 1} ends with a heading: ${last}`).toBe(false);
    });
    expect(pagesChecked).toBeGreaterThan(10);
  });
});

describe('page furniture', () => {
  const MARGIN_X = 40;
  /** pdf.js items of a page that lie below its text (the footer: folio and marking). */
  const footer = (items: ReadBack['pages'][number]) => {
    const bottom = Math.min(...items.map((i) => i.y));
    return items.filter((i) => i.y < bottom + 2);
  };
  const isFolio = (item: { str: string }) => /صفحة/.test(item.str);

  it('the folio sits on the outer edge: left on odd (recto) pages, right on even ones, the marking opposite', () => {
    let odd = 0;
    let even = 0;
    pdf.pages.forEach((items, index) => {
      const page = index + 1;
      const foot = footer(items);
      const folio = foot.filter(isFolio);
      if (page === 1 || folio.length === 0) return;
      const folioX = Math.min(...folio.map((i) => i.x));
      const others = foot.filter((i) => !isFolio(i) && /TLP/.test(i.str));
      const half = pdf.pageSize.width / 2;
      if (page % 2 === 1) {
        odd++;
        expect(folioX, `page ${page}`).toBeLessThan(half);
        for (const o of others) expect(o.x, `page ${page}`).toBeGreaterThan(half);
      } else {
        even++;
        expect(folioX, `page ${page}`).toBeGreaterThan(half - MARGIN_X);
        for (const o of others) expect(o.x, `page ${page}`).toBeLessThan(half);
      }
    });
    expect(odd).toBeGreaterThan(5);
    expect(even).toBeGreaterThan(5);
  });

  it('no running head on a page a division opens on; one on the pages after it', () => {
    const runningHead = briefing.config.title;
    // A division (the contents, the summary, each chapter, each appendix) opens with its h1, set
    // at 20 pt: the only text that size after the cover.
    const opens = new Set<number>();
    pdf.pages.forEach((items, index) => {
      if (index > 0 && items.some((i) => i.height >= STYLES.h1.size - 0.5)) opens.add(index + 1);
    });
    expect(opens.size).toBeGreaterThanOrEqual(briefing.themes.length + 2);
    pageLines.forEach((lines, index) => {
      const page = index + 1;
      const hasHead = lines.some((l) => l.includes(`${runningHead} ·`));
      if (opens.has(page) || page === 1) expect(hasHead, `page ${page}`).toBe(false);
    });
    expect(pageLines.filter((lines) => lines.some((l) => l.includes(`${runningHead} ·`))).length).toBeGreaterThan(10);
  });
});

describe('contents leaders', () => {
  it('start on one grid at the number column, so the dots line up from row to row and run up to the numbers', () => {
    const contents = pdf.pages.find((items) => items.filter((i) => /^(\. )+\.? ?$/.test(i.str)).length > 5)!;
    const leaders = contents.filter((i) => /^(\. )+\.? ?$/.test(i.str));
    expect(leaders.length).toBeGreaterThan(10);
    // The page numbers: left of the leaders, on their rows (a heading's own digits and the folio's are
    // runs of their own too).
    const leadersLeft = Math.min(...leaders.map((l) => l.x));
    const numbers = contents.filter(
      (i) => /^\d+$/.test(i.str.trim()) && i.x < leadersLeft && leaders.some((l) => Math.abs(l.y - i.y) < 3),
    );
    const lefts = leaders.map((l) => l.x);
    const numberLefts = numbers.map((n) => n.x);
    expect(Math.max(...numberLefts) - Math.min(...numberLefts)).toBeLessThan(0.5);
    expect(Math.max(...lefts) - Math.min(...lefts)).toBeLessThan(0.5);
    // Each row's number ends close to where its leader starts: the numbers stand flush at the margin in
    // a column three digits wide (as TeX's \@pnumwidth), so a one-digit number is two digits further.
    for (const leader of leaders) {
      const number = numbers.find((n) => Math.abs(n.y - leader.y) < 3);
      expect(number, `a number beside the leader at y ${leader.y}`).toBeDefined();
      expect(leader.x - (number!.x + number!.width)).toBeLessThan(20);
    }
  });
});

type Blocks = Briefing['themes'][number]['sections'][number]['blocks'];

/** The briefing with the first theme's first section's blocks changed, as an edit in watch mode would. */
function withFirstSectionBlocks(briefing: Briefing, change: (blocks: Blocks) => Blocks): Briefing {
  return {
    ...briefing,
    themes: briefing.themes.map((theme, t) =>
      t !== 0
        ? theme
        : {
            ...theme,
            sections: theme.sections.map((section, s) =>
              s !== 0 ? section : { ...section, blocks: change(section.blocks) },
            ),
          },
    ),
  };
}

describe('paragraphs, inlines and compressed pages kept between builds (watch)', () => {
  it('give the very bytes a fresh build gives, also after an article changes and after a theme loses a section', async () => {
    const { keepWorkBetweenBuilds, sweepKeptWork, forgetKeptWork } =
      await import('../src/shared/kept-between-builds.js');
    const { briefing: seeds } = prepareBriefing('briefing.yaml');
    const fresh = await buildPdf(seeds);
    // One section's paragraphs changed, as an edit in watch mode would change them.
    const edited = withFirstSectionBlocks(seeds, (blocks) =>
      blocks.map((b) => (b.kind === 'paragraph' ? { ...b, text: `${b.text} أضيفت.` } : b)),
    );
    const freshEdited = await buildPdf(edited);
    // A theme edit: the first theme prints one section fewer, and every later page moves.
    const shifted: Briefing = {
      ...seeds,
      themes: seeds.themes.map((theme, t) => (t !== 0 ? theme : { ...theme, sections: theme.sections.slice(1) })),
    };
    const freshShifted = await buildPdf(shifted);
    expect(freshShifted.equals(fresh)).toBe(false);
    keepWorkBetweenBuilds();
    const sweep = sweepKeptWork;
    try {
      expect((await buildPdf(seeds)).equals(fresh)).toBe(true);
      sweep();
      expect((await buildPdf(edited)).equals(freshEdited)).toBe(true);
      sweep();
      expect((await buildPdf(seeds)).equals(fresh)).toBe(true);
      sweep();
      expect((await buildPdf(shifted)).equals(freshShifted)).toBe(true);
      sweep();
      expect((await buildPdf(seeds)).equals(fresh)).toBe(true);
    } finally {
      forgetKeptWork();
    }
  }, 60_000);
});

describe('what watch keeps does not hold on to the builds that made it', () => {
  it('a watch that lays out a new paragraph at every rebuild stays the same size', async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { keepWorkBetweenBuilds, sweepKeptWork, forgetKeptWork } =
      await import('../src/shared/kept-between-builds.js');
    const { briefing: seeds } = prepareBriefing('briefing.yaml');
    // Each rebuild adds a paragraph to the first section, as an edit adds one to an article: the
    // new one is laid out and kept, the earlier ones are still in use, each made by another build.
    const rebuild = (n: number): Briefing =>
      withFirstSectionBlocks(seeds, (blocks) => [
        ...blocks,
        ...Array.from({ length: n }, (_, k) => ({
          kind: 'paragraph' as const,
          text: `فقرة ${k + 1} أضيفت أثناء المراقبة عن داعش خراسان.`,
        })),
      ]);
    keepWorkBetweenBuilds();
    const heapAfter: number[] = [];
    try {
      for (let n = 1; n <= 16; n++) {
        await buildPdf(rebuild(n));
        sweepKeptWork();
        if (n === 6 || n === 16) {
          gc();
          heapAfter.push(process.memoryUsage().heapUsed);
        }
      }
    } finally {
      forgetKeptWork();
    }
    // A kept line's style once held its build's whole document builder (its fallback lookup read
    // the builder): ~1.7 MB a build on the seed pack. Ten builds may not add a third of that.
    expect(heapAfter[1]! - heapAfter[0]!).toBeLessThan(6_000_000);
  }, 120_000);
});
