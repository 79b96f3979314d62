// Saved web pages through the HTML reader: five page shapes around article text (the test's own,
// and corpus articles read in place), metadata taken from what the page declares, no chrome or
// script text in the article, any HTML read without throwing or running a script.
import fc from 'fast-check';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.js';
import { readHtmlArticle } from '../src/ingest/html.js';
import { ingestFiles } from '../src/ingest/index.js';
import { PAGE_SHAPES, type PageArticle, type SavedPage } from './helpers/pages.js';

const OWN: PageArticle = {
  title: 'وزارة الصحة تطلق حملة وطنية للتطعيم ضد الإنفلونزا الموسمية',
  byline: 'الرياض: نورة القحطاني',
  date: '2024-10-14',
  paragraphs: [
    'أطلقت وزارة الصحة اليوم حملتها الوطنية السنوية للتطعيم ضد الإنفلونزا الموسمية في جميع مناطق المملكة، مستهدفة كبار السن والأطفال وأصحاب الأمراض المزمنة.',
    'وأوضح المتحدث الرسمي باسم الوزارة أن اللقاح متاح مجاناً في أكثر من ألفي مركز صحي، وأن الحجز يتم عبر التطبيق الرسمي للوزارة دون الحاجة إلى مراجعة المستشفيات.',
    'وأشار إلى أن الحملة تستمر ثلاثة أشهر، وأن الفرق الميدانية ستزور المدارس والجامعات وأماكن العمل الكبيرة لتسهيل الوصول إلى اللقاح.',
    'ودعت الوزارة المواطنين والمقيمين إلى المبادرة بأخذ اللقاح مبكراً قبل ذروة انتشار الفيروس في فصل الشتاء، مؤكدة سلامته وفعاليته.',
  ],
};

function save(page: SavedPage): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-page-'));
  writeFileSync(join(dir, page.name), page.bytes);
  for (const [name, bytes] of Object.entries(page.files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
  return join(dir, page.name);
}

function readPage(page: SavedPage) {
  const { articles, skipped } = ingestFiles([save(page)]);
  expect(skipped.map((e) => e.message)).toEqual([]);
  return articles[0]!;
}

const text = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe.each(PAGE_SHAPES.map((shape) => [shape.name, shape] as const))('%s', (_, shape) => {
  it('gives title, date, byline, place and exactly the article paragraphs; none of the chrome', () => {
    const page = shape(OWN);
    const article = readPage(page);
    expect(article.title).toBe(OWN.title);
    expect(article.date).toBe(OWN.date);
    expect(article.byline).toBe(OWN.byline);
    expect(article.authors.map((a) => a.name)).toEqual(['نورة القحطاني']);
    expect(article.place).toBe('الرياض');
    expect(article.blocks.filter((b) => b.kind === 'paragraph').map((b) => text(b.text))).toEqual(OWN.paragraphs);
    const all = JSON.stringify(article.blocks);
    for (const chrome of page.chrome) expect(all, chrome).not.toContain(chrome);
  });
});

describe('what a page declares', () => {
  it('JSON-LD, Open Graph and the canonical link give the outlet and the URL; the site name leaves the title', () => {
    const wordpress = readPage(PAGE_SHAPES[0]!(OWN, 'صحيفة الوئام'));
    expect(wordpress.outlet).toBe('صحيفة الوئام');
    expect(wordpress.url).toBe('https://example.org/archives/1234');
    const amp = readPage(PAGE_SHAPES[3]!(OWN, 'الشرق الأوسط'));
    expect(amp.url).toBe('https://example.net/home/article/555');
    expect(amp.outlet).toBe('الشرق الأوسط');
  });
  it('windows-1256 declared in <meta> is decoded', () => {
    const page = PAGE_SHAPES[1]!(OWN);
    expect(page.bytes.includes(Buffer.from(OWN.title))).toBe(false); // really not UTF-8
    expect(readPage(page).title).toBe(OWN.title);
  });
  it('the saved figure keeps its caption', () => {
    const article = readPage(PAGE_SHAPES[2]!(OWN));
    expect(
      article.blocks.filter((b) => b.kind === 'figure').map((b) => (b.kind === 'figure' ? b.caption : '')),
    ).toEqual(['صورة أرشيفية من موقع الحدث']);
  });
  it('a page with no article is skipped with a warning naming it', () => {
    const file = save({
      name: 'index.html',
      bytes: Buffer.from('<html><body><nav><a href="/">الرئيسية</a></nav><p>مرحبا</p></body></html>'),
      files: {},
      chrome: [],
    });
    const { articles, skipped } = ingestFiles([file]);
    expect(articles).toEqual([]);
    expect(skipped.map((e) => e.toLine())).toEqual([`${file} no readable article in this page`]);
  });
});

describe('unsupported files', () => {
  it.each([
    ['report.docx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'unsupported file type (.docx)'],
    ['scan.pdf', Buffer.from('%PDF-1.7\n...'), 'unsupported file type (.pdf)'],
    ['photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'unsupported file type (.jpg)'],
    ['renamed.txt', Buffer.from('%PDF-1.4\n%âãÏÓ\n'), 'a PDF document, not an article'],
  ])('%s is skipped, naming the supported types', (name, bytes, message) => {
    const file = save({ name, bytes, files: {}, chrome: [] });
    const { skipped } = ingestFiles([file]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.message).toContain(message);
    expect(skipped[0]!.message).toContain('.txt');
    expect(skipped[0]!.message).toContain('.html');
  });
});

const CORPUS = join(process.cwd(), '..', 'shared', 'corpus', 'saudinewsnet-2015-07-21');
const corpusPresent = existsSync(join(CORPUS, 'expected.json'));

describe.skipIf(!corpusPresent)('corpus articles in every page shape', () => {
  interface Expected {
    file: string;
    title: string;
    author: string;
    date: string;
    paragraphs: string[];
  }
  const all: Expected[] = corpusPresent ? JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) : [];
  // One article of each outlet that has a byline the model reads, several paragraphs and a date.
  const outlets = new Map<string, Expected>();
  for (const e of all) {
    const outlet = e.file.replace(/^\d+_|\.txt$/g, '');
    if (
      !outlets.has(outlet) &&
      e.paragraphs.length >= 3 &&
      e.date &&
      /^[\u0600-\u06FF«»:()\-–— ]+$/.test(e.author.replace(/&nbsp;/g, ' ').trim()) &&
      e.author.includes(' ')
    )
      outlets.set(outlet, e);
  }
  const chosen = [...outlets.values()];

  it.each(PAGE_SHAPES.map((shape) => [shape.name, shape] as const))('%s: every article read back', (_, shape) => {
    expect(chosen.length).toBeGreaterThanOrEqual(6);
    for (const e of chosen) {
      const source: PageArticle = {
        title: text(e.title),
        byline: text(e.author.replace(/&nbsp;/g, ' ')).replace(/\s*:$/, ''),
        date: e.date,
        paragraphs: e.paragraphs.map(text).filter((p) => p.length > 0),
      };
      const page = shape(source);
      const article = readPage(page);
      expect(article.title, e.file).toBe(source.title);
      expect(article.date, e.file).toBe(source.date);
      expect(article.byline, e.file).toBe(source.byline);
      const body = article.blocks.filter((b) => b.kind === 'paragraph').map((b) => text(b.text));
      // Every source paragraph, in order; a source paragraph that is itself boilerplate («…المزيد») may go.
      expect(body.length, e.file).toBeGreaterThanOrEqual(source.paragraphs.length - 1);
      for (const paragraph of body) expect(source.paragraphs, e.file).toContain(paragraph);
      const blocks = JSON.stringify(article.blocks);
      for (const chrome of page.chrome) expect(blocks, `${e.file}: ${chrome}`).not.toContain(chrome);
    }
  });
});

describe('any HTML', () => {
  const fragment = fc.constantFrom(
    '<p>فقرة عربية قصيرة</p>',
    '<script>globalThis.__briefingScriptRan = true</script>',
    '<img src=x onerror="globalThis.__briefingScriptRan = true">',
    '<div><span>نص',
    '</div></div></table>',
    '<table><tr><td>خلية<br><br>أخرى',
    '<meta charset="windows-1256">',
    '<script type="application/ld+json">{"@type":"NewsArticle","headline":',
    '<!-- تعليق -->',
    '<svg><script>globalThis.__briefingScriptRan = true</script></svg>',
    '<iframe srcdoc="<script>globalThis.__briefingScriptRan=true</script>"></iframe>',
    '&amp;&lt;&#1575;&#x627;',
    '<p>' + 'كلمة '.repeat(60) + '</p>',
  );
  it('never throws anything but a UserError and never runs a script', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fragment, fc.string()), { maxLength: 30 }), (parts) => {
        try {
          readHtmlArticle(parts.join(''), 'page.html');
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
        }
        expect((globalThis as { __briefingScriptRan?: boolean }).__briefingScriptRan).toBeUndefined();
      }),
      { numRuns: Number(process.env['FUZZ_RUNS'] ?? 200), seed: 42 },
    );
  });
});

describe('a saved page in a pack', () => {
  it('its saved image is embedded, scaled to the measure, with its caption; a remote one is noted, never fetched', async () => {
    const { spawnSync } = await import('node:child_process');
    const { readPdf, readingLines } = await import('./helpers/pdf.js');
    const page = PAGE_SHAPES[2]!(OWN);
    const file = save(page);
    const dir = dirname(file);
    // A second page whose figure points at a remote image.
    const remote = Buffer.from(
      page.bytes
        .toString()
        .replace('modern_files/photo.png', 'https://cdn.example.com/photo.png')
        .replace(OWN.title, 'صورة من الإنترنت لا تُجلب'),
    );
    writeFileSync(join(dir, 'remote.html'), remote);
    writeFileSync(
      join(dir, 'briefing.yaml'),
      'title: موجز\ninputs: ["*.html"]\nthemes:\n  - id: health\n    title: الصحة\n    keywords: [اللقاح]\n    max_sections: 5\n',
    );
    const run = spawnSync(process.execPath, [join(process.cwd(), 'bin/briefing.js'), 'build', '--quiet'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const bytes = readFileSync(join(dir, 'out/briefing.pdf'));
    expect(bytes.toString('latin1').match(/\/Subtype \/Image/g)).toHaveLength(1);
    const pdf = await readPdf(bytes);
    expect(pdf.pages.flatMap((items) => readingLines(items)).join('\n')).toContain('صورة أرشيفية من موقع الحدث');
    // Tagged: a Figure whose alternative text is its caption, the caption a Caption inside it.
    const { readStructure, elements } = await import('./helpers/structure.js');
    const figures = (await readStructure(bytes)).pages
      .flatMap((p) => elements(p.tree))
      .filter((e) => e.role === 'Figure');
    expect(figures).toHaveLength(1);
    expect(figures[0]!.alt).toContain('صورة أرشيفية من موقع الحدث');
    expect(figures[0]!.children.some((child) => 'role' in child && child.role === 'Caption')).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, 'out/briefing.json'), 'utf8')) as {
      inputs: { file: string; notes: string[] }[];
    };
    const notes = manifest.inputs.find((i) => i.file.endsWith('remote.html'))!.notes;
    expect(notes).toContain(
      'figure image not embedded: a remote image is never fetched (https://cdn.example.com/photo.png)',
    );
    // The saved image is an input: unchanged, the pack is up to date; changed, it is built again.
    // (Progress lines may come first on a slow run: the summary is looked for on any line.)
    const again = spawnSync(process.execPath, [join(process.cwd(), 'bin/briefing.js'), 'build'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(again.stderr).toMatch(/^up to date/m);
    const { png } = await import('./helpers/pages.js');
    writeFileSync(join(dir, 'modern_files/photo.png'), png(80, 60));
    const rebuilt = spawnSync(process.execPath, [join(process.cwd(), 'bin/briefing.js'), 'build'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stderr).toMatch(/^wrote out\/briefing\.pdf/m);
    expect(readFileSync(join(dir, 'out/briefing.pdf')).equals(bytes)).toBe(false);
  });
});
