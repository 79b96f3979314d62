// Tagged PDF (the default), --no-pdf-tags, and --pdf-standard: read back with pdf.js's structure
// tree and marked content, poppler's pdfinfo and qpdf, as an assistive or archiving tool would.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { packObjects } from '../src/render/pdf/compact.js';
import { accessibilityProblems, structureNode } from '../src/render/pdf/structure.js';
import { objectsText, readPdf } from './helpers/pdf.js';
import { elements, elementText, readStructure, type ReadStructure } from './helpers/structure.js';

const BIN = join(process.cwd(), 'bin/briefing.js');

function run(args: string[], cwd = process.cwd()) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tool(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw new Error(`${command} is needed by this test (poppler-utils, qpdf): ${result.error.message}`);
  return `${result.stdout}${result.stderr}`;
}

const dir = mkdtempSync(join(tmpdir(), 'briefing-tags-'));
const tagged = join(dir, 'tagged', 'pack.pdf');
const untagged = join(dir, 'untagged', 'pack.pdf');
let structure: ReadStructure;

beforeAll(async () => {
  for (const [out, extra] of [
    [tagged, []],
    [untagged, ['--no-pdf-tags']],
  ] as const) {
    const result = run(['build', '--config', 'briefing.yaml', '--out', out, '--quiet', ...extra]);
    expect(result.code, result.stderr).toBe(0);
  }
  structure = await readStructure(readFileSync(tagged));
});

describe('the seed pack, tagged by default', () => {
  it('is a tagged PDF 1.7 in Arabic that shows its title: pdfinfo, MarkInfo, /Lang, DisplayDocTitle', () => {
    const bytes = readFileSync(tagged);
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    expect(tool('pdfinfo', [tagged])).toMatch(/^Tagged:\s+yes$/m);
    expect(structure.marked).toBe(true);
    expect(structure.language).toBe('ar');
    expect(structure.outline).toBeGreaterThan(3);
    expect(objectsText(bytes)).toMatch(/\/DisplayDocTitle true/);
    expect(tool('qpdf', ['--check', tagged])).toMatch(/No syntax or stream encoding errors/);
  });

  it('has all of its text in tagged content or artifacts (at least 95 % tagged)', () => {
    const taggedChars = structure.pages.reduce((n, p) => n + p.taggedChars, 0);
    const untaggedChars = structure.pages.reduce((n, p) => n + p.untaggedChars, 0);
    expect(taggedChars).toBeGreaterThan(10_000);
    expect(untaggedChars).toBe(0);
    expect(taggedChars / (taggedChars + untaggedChars)).toBeGreaterThanOrEqual(0.95);
  });

  it('draws running heads and folios as artifacts, and nothing of the body', () => {
    let heads = 0;
    let folios = 0;
    for (const page of structure.pages) {
      // The top and bottom bands, above and below the type area (A4, margins of 60 pt or more).
      const top = page.runs.filter((run) => run.y > page.height - 60);
      const bottom = page.runs.filter((run) => run.y < 50);
      for (const run of [...top, ...bottom]) expect(run.id, `«${run.str}» at y ${run.y}`).toBeNull();
      heads += top.length > 0 ? 1 : 0;
      folios += bottom.some((run) => run.str.includes('صفحة')) ? 1 : 0;
      expect(page.artifacts.length).toBeLessThanOrEqual(top.length + bottom.length + 200);
    }
    expect(heads).toBeGreaterThan(10);
    expect(folios).toBeGreaterThan(10);
  });

  it('names its parts with the standard roles, tables with header cells, contents entries with links', () => {
    const roles = new Set(structure.pages.flatMap((page) => elements(page.tree).map((e) => e.role)));
    for (const role of ['Document', 'Sect', 'H1', 'H2', 'P', 'Table', 'TR', 'TH', 'TD', 'TOC', 'TOCI', 'Link'])
      expect(roles, role).toContain(role);
    const bytes = objectsText(readFileSync(tagged));
    expect(bytes).toMatch(/\/S \/TH\n\/P \d+ 0 R\n\/K \[[^\]]*\]\n\/Pg \d+ 0 R\n\/A <<\n\/O \/Table\n\/Scope \/Column/);
    // Every link annotation belongs to a Link element (its StructParent) and says where it leads.
    const annotations = [...bytes.matchAll(/\/Subtype \/Link[^]*?>>\n/g)].map((m) => m[0]);
    expect(annotations.length).toBeGreaterThan(20);
    for (const annotation of annotations) {
      expect(annotation).toMatch(/\/StructParent \d+/);
      expect(annotation).toMatch(/\/Contents /);
    }
  });

  it('lists the chapters in reading order: H1 headings in the order the pack prints them', () => {
    const headings = structure.pages
      .flatMap((page) => elements(page.tree))
      .filter((e) => e.role === 'H1')
      .map(elementText);
    const config = readFileSync('briefing.yaml', 'utf8');
    const themeTitles = [...config.matchAll(/^ {4}title: (.+)$/gm)].map((m) => m[1]!.trim());
    expect(themeTitles.length).toBeGreaterThan(2);
    const at = themeTitles.map((title) =>
      headings.findIndex((h) => h.replace(/\s+/g, '') === title.replace(/\s+/g, '')),
    );
    expect(
      at.every((i) => i >= 0),
      JSON.stringify({ headings, themeTitles }),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('leaves the pages as they were: every page renders to the same pixels as an untagged build', () => {
    const render = (pdf: string, prefix: string): Buffer[] => {
      tool('pdftoppm', ['-r', '40', '-gray', pdf, join(dir, prefix)]);
      return readdirSync(dir)
        .filter((f) => f.startsWith(`${prefix}-`))
        .sort()
        .map((f) => readFileSync(join(dir, f)));
    };
    const taggedPages = render(tagged, 'tagged');
    const untaggedPages = render(untagged, 'untagged');
    expect(taggedPages.length).toBeGreaterThan(20);
    expect(taggedPages.length).toBe(untaggedPages.length);
    taggedPages.forEach((page, i) => expect(page.equals(untaggedPages[i]!), `page ${i + 1}`).toBe(true));
  });
});

describe('--no-pdf-tags', () => {
  it('writes an untagged PDF 1.3 with no structure tree', async () => {
    const bytes = readFileSync(untagged);
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.3');
    expect(tool('pdfinfo', [untagged])).toMatch(/^Tagged:\s+no$/m);
    expect(objectsText(bytes)).not.toMatch(/StructTreeRoot|\/MCID/);
    const read = await readStructure(bytes);
    expect(read.marked).toBe(false);
    expect(read.pages.reduce((n, p) => n + p.taggedChars, 0)).toBe(0);
  });
});

/** A pack of one article (a.txt), printed under one theme whatever it scores; `config` adds keys. */
function onePack(prefix: string, article: string, config = ''): string {
  const pack = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(pack, 'articles'));
  writeFileSync(join(pack, 'articles', 'a.txt'), article);
  writeFileSync(
    join(pack, 'briefing.yaml'),
    `title: موجز\ninputs: [articles/*.txt]\nallow_undated: true\n${config}themes:\n` +
      '  - id: k\n    title: داعش\n    keywords: [داعش]\n    pin: [a.txt]\n',
  );
  return pack;
}

describe('reading order inside a line', () => {
  const pack = onePack(
    'briefing-tags-order-',
    'هجوم في كابل\n\nقتل 30 شخصا عام 2015 وأصيب 120 آخرون في هجوم لداعش.\n\nوقال مسؤول إن داعش خراسان ' +
      'يقف وراء الهجوم على المطار، وإن التحقيق مستمر منذ أيام.\n',
  );

  it('lists a line’s runs as they are read (right to left), not as they are drawn (left to right)', async () => {
    const result = run(['build', '--quiet'], pack);
    expect(result.code, result.stderr).toBe(0);
    const read = await readStructure(readFileSync(join(pack, 'out', 'briefing.pdf')));
    const paragraph = read.pages
      .flatMap((page) => elements(page.tree))
      .find((e) => e.role === 'P' && elementText(e).includes('2015') && elementText(e).includes('120'));
    expect(paragraph).toBeDefined();
    const numbers = elementText(paragraph!).match(/\d+/g);
    expect(numbers).toEqual(['30', '2015', '120']);
    // Drawn on one line, where the first number read is the rightmost; the content stream holds
    // them in reading order too.
    const page = read.pages.find((p) => p.runs.some((r) => r.str.trim() === '2015'))!;
    const runs = ['30', '2015', '120'].map((n) => page.runs.find((r) => r.str.trim() === n)!);
    expect(new Set(runs.map((r) => Math.round(r.y))).size).toBe(1);
    expect(runs[0]!.x).toBeGreaterThan(runs[1]!.x);
    expect(runs[1]!.x).toBeGreaterThan(runs[2]!.x);
    const stream = runs.map((r) => page.runs.indexOf(r));
    expect([...stream].sort((a, b) => a - b)).toEqual(stream);
  });

  it('--pdf-standard ua-1 refuses a table without a header row, at the template line that wrote it', () => {
    mkdirSync(join(pack, 'templates'), { recursive: true });
    writeFileSync(
      join(pack, 'templates', 'cover.hbs'),
      '<cover>\n  <title>{{pack.title}}</title>\n  <table>\n    <tr><td>أ</td><td>ب</td></tr>\n  </table>\n</cover>\n',
    );
    writeFileSync(
      join(pack, 'briefing.yaml'),
      `${readFileSync(join(pack, 'briefing.yaml'), 'utf8')}templates: templates\n`,
    );
    const refused = run(['build', '--quiet', '--pdf-standard', 'ua-1', '-o', 'out/ua.pdf'], pack);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/cover\.hbs:3\b.*PDF\/UA-1: a table has no header row/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    // Without the standard the same pack builds (tagged, the table's cells as TD).
    expect(run(['build', '--quiet', '-o', 'out/plain.pdf'], pack).code).toBe(0);
  });
});

/** The content streams and objects of a PDF, uncompressed (qpdf's QDF form). */
function uncompressed(pdf: string): string {
  const qdf = `${pdf}.qdf`;
  tool('qpdf', ['--qdf', '--object-streams=disable', pdf, qdf]);
  return readFileSync(qdf).toString('latin1');
}

// The template also holds an empty list: an element with nothing drawn is left out of the tree
// (pdfkit finishes a file only when every object it handed out is written, so none may be left).
describe('lists, quotes, notes and Latin runs (templates that use them)', () => {
  const pack = onePack(
    'briefing-tags-roles-',
    'هجوم في كابل\n\nأعلن داعش خراسان مسؤوليته عن الهجوم.\n',
    'templates: templates\n',
  );
  mkdirSync(join(pack, 'templates'));
  writeFileSync(
    join(pack, 'templates', 'chapter.hbs'),
    '<chapter id="{{id}}">\n  <h1 id="ch:{{id}}">{{title}}</h1>\n  <ul></ul>\n  <ul><li>بند أول</li><li>بند ثان</li></ul>\n' +
      '  <blockquote>اقتباس من المقال</blockquote>\n  <footnote marker="1">حاشية للتوضيح</footnote>\n' +
      '  <p>قال المتحدث Kabul Airport ثم سكت.</p>\n  {{#each sections}}\n  {{> section}}\n  {{/each}}\n</chapter>\n',
  );

  it('are L/LI/LBody, BlockQuote, Note with an ID, and a Span with /Lang (en)', async () => {
    const result = run(['build', '--quiet'], pack);
    expect(result.code, result.stderr).toBe(0);
    const pdf = join(pack, 'out', 'briefing.pdf');
    const read = await readStructure(readFileSync(pdf));
    const all = read.pages.flatMap((page) => elements(page.tree));
    for (const role of ['L', 'LI', 'LBody', 'BlockQuote', 'Note']) expect(all.map((e) => e.role)).toContain(role);
    const list = all.find((e) => e.role === 'L')!;
    expect(list.children.map((item) => ('role' in item ? elementText(item) : ''))).toEqual(['• بند أول', '• بند ثان']);
    const text = uncompressed(pdf);
    expect(text).toMatch(/<<\n {2}\/ID \(note-1\)\n[^>]*\/S \/Note\n/);
    expect(text).toMatch(/\/Span <<\/MCID \d+ \/Lang \(en\)>> BDC/);
  });
});

describe('--pdf-standard', () => {
  it('a-2b,ua-1: XMP identification of both, the sRGB output intent, fonts embedded, qpdf clean', async () => {
    const out = join(dir, 'standards', 'pack.pdf');
    const result = run(['build', '--quiet', '--pdf-standard', 'a-2b,ua-1', '-o', out]);
    expect(result.code, result.stderr).toBe(0);
    const bytes = readFileSync(out);
    const text = objectsText(bytes);
    expect(text).toMatch(/<pdfaid:part>2<\/pdfaid:part><pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(text).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
    expect(text).toMatch(/<xmp:ModifyDate>/);
    expect(text).toMatch(/\/Type \/OutputIntent/);
    expect(text).toMatch(/\/S \/GTS_PDFA1/);
    expect(text).toMatch(/\/DestOutputProfile \d+ 0 R/);
    expect(tool('qpdf', ['--check', out])).toMatch(/No syntax or stream encoding errors/);
    expect(
      tool('pdffonts', [out])
        .split('\n')
        .slice(2)
        .filter(Boolean)
        .every((line) => / yes /.test(line)),
    ).toBe(true);
    // What the standard asks of the content holds on the seeds: figures have alt text, tables header rows.
    const read = await readStructure(bytes);
    expect(read.pages.reduce((n, p) => n + p.untaggedChars, 0)).toBe(0);
  });

  it('a-3b is PDF/A part 3; a-2b and a-3b together, with --no-pdf-tags or a booklet are refused in one line', () => {
    const out = join(dir, 'a3', 'pack.pdf');
    expect(run(['build', '--quiet', '--pdf-standard', 'a-3b', '-o', out]).code).toBe(0);
    expect(objectsText(readFileSync(out))).toMatch(/<pdfaid:part>3<\/pdfaid:part>/);
    for (const [args, message] of [
      [['--pdf-standard', 'a-2b', '--pdf-standard', 'a-3b'], /a-2b and a-3b are two parts of PDF\/A/],
      [['--pdf-standard', 'ua-1', '--no-pdf-tags'], /needs a tagged PDF: leave out --no-pdf-tags/],
      [['--pdf-standard', 'a-2b', '--booklet'], /cannot be met by a booklet/],
      [['--pdf-standard', 'pdf-x'], /unknown standard "pdf-x" \(expected a-2b, a-3b, ua-1\)/],
    ] as const) {
      const refused = run(['build', '--quiet', '-o', join(dir, 'refused', 'pack.pdf'), ...args]);
      expect(refused.code, args.join(' ')).toBe(1);
      expect(refused.stderr).toMatch(message);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('a-2b with a watermark: the watermark is an artifact, each copy identified', () => {
    const out = join(dir, 'watermarked', 'pack.pdf');
    const result = run(['build', '--quiet', '--copies', '2', '--watermark', '--pdf-standard', 'a-2b', '-o', out]);
    expect(result.code, result.stderr).toBe(0);
    for (const copy of ['pack-01.pdf', 'pack-02.pdf']) {
      const text = uncompressed(join(dir, 'watermarked', copy));
      expect(text).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
      expect(text).toMatch(/\/Artifact <<\/Type \/Pagination \/Subtype \/Watermark>> BDC/);
    }
  });

  it('pdf_standard: in the config, checked where it is written', () => {
    const pack = mkdtempSync(join(tmpdir(), 'briefing-tags-config-'));
    const config = readFileSync('briefing.yaml', 'utf8').replace(/^(\s*-?\s*)seeds\//gm, `$1${process.cwd()}/seeds/`);
    writeFileSync(join(pack, 'briefing.yaml'), `pdf_standard: [a-2b, a-3b]\n${config}`);
    const refused = run(['build', '--quiet'], pack);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/briefing\.yaml:1:\d+.*a-2b and a-3b are two parts of PDF\/A/);
    // A title with XML's own characters: the XMP stays well-formed and says the title as it is.
    const title = 'الأمن & السياسة <موجز>';
    writeFileSync(
      join(pack, 'briefing.yaml'),
      `pdf_standard: ua-1\n${config.replace(/^title: .*$/m, `title: "${title}"`)}`,
    );
    const built = run(['build', '--quiet'], pack);
    expect(built.code, built.stderr).toBe(0);
    const pdf = join(pack, 'out', 'briefing.pdf');
    expect(objectsText(readFileSync(pdf))).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
    const xmp = tool('pdfinfo', ['-meta', pdf]);
    expect(XMLValidator.validate(xmp.slice(xmp.indexOf('<x:xmpmeta'), xmp.indexOf('</x:xmpmeta>') + 12))).toBe(true);
    expect(xmp).toContain('الأمن &amp; السياسة &lt;موجز&gt;');
    expect(tool('pdfinfo', [pdf])).toMatch(new RegExp(`^Title:\\s+${title}$`, 'm'));
  });
});

describe('object streams (what keeps a tagged file small)', () => {
  it('pack the dictionaries of a pdfkit file, which then reads back the same, deterministically', async () => {
    const plain = readFileSync(untagged);
    const packed = packObjects(plain);
    expect(packed.equals(packObjects(plain))).toBe(true);
    expect(packed.length).toBeLessThan(plain.length);
    // Outside the object streams only streams remain (contents, fonts, metadata, the streams themselves).
    const outside = [...packed.toString('latin1').matchAll(/\n\d+ 0 obj\n<<[^]*?>>\n(stream|endobj)/g)];
    expect(outside.every((m) => m[1] === 'stream')).toBe(true);
    const [before, after] = await Promise.all([readPdf(plain), readPdf(packed)]);
    expect(after.numPages).toBe(before.numPages);
    expect(after.pages.map((items) => items.map((i) => i.str).join(''))).toEqual(
      before.pages.map((items) => items.map((i) => i.str).join('')),
    );
    expect(tool('qpdf', ['--check', writeTemp(packed)])).toMatch(/No syntax or stream/);
  });
});

function writeTemp(bytes: Buffer): string {
  const path = join(dir, 'packed.pdf');
  writeFileSync(path, bytes);
  return path;
}

describe('what PDF/UA-1 asks of the structure', () => {
  it('names a figure without alternative text and a table without header cells, with their template lines', () => {
    const document = structureNode('Document', null);
    const figure = structureNode('Figure', document);
    figure.source = { file: 'templates/section.hbs', line: 7 };
    const captioned = structureNode('Figure', document);
    captioned.alt = 'صورة من موقع الحدث';
    const table = structureNode('Table', document);
    table.source = { file: 'templates/cover.hbs', line: 9 };
    structureNode('TD', structureNode('TR', table));
    const headed = structureNode('Table', document);
    structureNode('TH', structureNode('TR', headed));
    expect(accessibilityProblems(document)).toEqual([
      { message: expect.stringMatching(/figure has no caption/), source: figure.source },
      { message: expect.stringMatching(/table has no header row/), source: table.source },
    ]);
  });
});
