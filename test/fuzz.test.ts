// Fuzzing with fast-check: the parser, the RTL line layer, the config loader, saved web pages (in
// html.test.ts) and the whole build on random input.
// `npm test` runs a few hundred fixed-seed cases per target; `npm run fuzz` runs 10,000 each
// (FUZZ_RUNS), with a fresh seed unless FUZZ_SEED is given. None may crash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { UserError } from '../src/errors.js';
import { parseArticle } from '../src/ingest/parse.js';
import { layoutLines } from '../src/render/layout/index.js';
import { body, strong } from './helpers/faces.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const SEED =
  process.env['FUZZ_SEED'] !== undefined
    ? Number(process.env['FUZZ_SEED'])
    : process.env['FUZZ_RUNS']
      ? undefined
      : 20261127;
const settings = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true };
const TIMEOUT = Math.max(30_000, RUNS * 20);

const ARABIC = [...'ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآؤئ'];
const MARKS = [...'\u064B\u064C\u064D\u064E\u064F\u0650\u0651\u0652\u0670'];
const BIDI_CONTROLS = [...'\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u061C'];
const NEUTRAL = [...' .,:;!?()[]{}«»"\'-–—…،؛؟%/@#'];
const DIGITS = [...'0123456789٠١٢٣٤٥٦٧٨٩'];
const LATIN = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/** Text an article file might hold, and worse: mixed scripts, marks, bidi controls, lone surrogates, long lines. */
const hostileChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ARABIC) },
  { weight: 2, arbitrary: fc.constantFrom(...MARKS) },
  { weight: 3, arbitrary: fc.constantFrom(...NEUTRAL) },
  { weight: 2, arbitrary: fc.constantFrom(...DIGITS) },
  { weight: 2, arbitrary: fc.constantFrom(...LATIN) },
  { weight: 1, arbitrary: fc.constantFrom(...BIDI_CONTROLS) },
  { weight: 1, arbitrary: fc.constantFrom('\n', '\n\n', '\r\n', '\t', '\u00A0') },
  { weight: 1, arbitrary: fc.constantFrom('\uD800', '\uDC00', '\uFFFD', '\u0000', '😀', '漢') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
);
const hostileText = (maxLength: number) => fc.array(hostileChar, { maxLength }).map((parts) => parts.join(''));

describe('fuzz: the article parser', () => {
  it(
    `never throws, and keeps every paragraph it returns non-empty (${RUNS} cases)`,
    () => {
      fc.assert(
        fc.property(hostileText(400), fc.boolean(), (text, longLine) => {
          const input = longLine ? `${text}\n${'كلمة '.repeat(2000)}\n${text}` : text;
          const article = parseArticle(input, 'fuzz.txt');
          for (const block of article.blocks) {
            const content = block.kind === 'figure' ? block.caption : block.text;
            expect(content.trim().length).toBeGreaterThan(0);
          }
        }),
        settings,
      );
    },
    TIMEOUT,
  );
});

describe('fuzz: the RTL line layer', () => {
  it(
    `never throws; every character is drawn exactly once; no line is wider than the measure unless one word is (${RUNS} cases)`,
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(hostileText(60), fc.boolean()), { minLength: 1, maxLength: 4 }),
          fc.integer({ min: 40, max: 480 }),
          fc.constantFrom('start', 'justify', 'center'),
          fc.boolean(),
          (parts, measure, alignment, kashida) => {
            const spans = parts.map(([text, bold]) => ({ text, style: bold ? strong : body }));
            const lines = layoutLines(spans, {
              measure,
              alignment: alignment as 'start' | 'justify' | 'center',
              kashida: kashida && alignment === 'justify',
            });
            const text = spans.map((s) => s.text.replace(/[\t\r\n\u2028\u2029\u000B\u000C]/g, ' ')).join('');
            // Each character index is covered by exactly one drawn item, except spaces trimmed where a line breaks.
            const covered = new Uint8Array(text.length);
            for (const line of lines)
              for (const item of line.items) for (let i = item.start; i < item.end; i++) covered[i]!++;
            for (let i = 0; i < text.length; i++) {
              if (covered[i] === 1) continue;
              // Not drawn, rightly: a space trimmed where a line breaks, or a bidi control (UAX #9 X9 removes them).
              const invisible = covered[i] === 0 && (/\s/.test(text[i]!) || BIDI_CONTROLS.includes(text[i]!));
              expect(
                invisible,
                `character ${i} (U+${text.charCodeAt(i).toString(16)}) drawn ${covered[i]} times in ${JSON.stringify(text)}`,
              ).toBe(true);
            }
            for (const line of lines) {
              const words = line.items.filter((i) => !i.isSpace);
              const widest = Math.max(0, ...words.map((i) => i.width));
              if (words.length > 1 && widest <= measure) expect(line.width).toBeLessThanOrEqual(measure + 0.01);
            }
          },
        ),
        settings,
      );
    },
    TIMEOUT,
  );
});

describe('fuzz: the config loader', () => {
  const yamlish = fc.oneof(
    fc.string({ maxLength: 200 }),
    hostileText(120),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    fc
      .record({
        title: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        themes: fc.oneof(
          fc.constant('x'),
          fc.array(
            fc.dictionary(
              fc.constantFrom('id', 'title', 'keywords', 'max_sections', 'weight'),
              fc.jsonValue({ maxDepth: 2 }),
            ),
            { maxLength: 3 },
          ),
        ),
      })
      .map((v) => JSON.stringify(v)),
  );
  it(
    `answers any text with a config or a UserError naming the file, never anything else (${RUNS} cases)`,
    () => {
      fc.assert(
        fc.property(yamlish, (source) => {
          try {
            const config = parseConfig(source, 'fuzz.yaml');
            expect(config.themes.length).toBeGreaterThan(0);
          } catch (error) {
            expect(error).toBeInstanceOf(UserError);
            for (const line of (error as UserError).toLines()) expect(line).toMatch(/^fuzz\.yaml/);
          }
        }),
        settings,
      );
    },
    TIMEOUT,
  );
});

describe('what fuzzing found, pinned', () => {
  it('a combining mark alone at a line start is drawn, not dropped', () => {
    const lines = layoutLines([{ text: '\u0670 ب', style: body }], { measure: 300 });
    expect(lines.flatMap((l) => l.items.filter((i) => !i.isSpace).map((i) => i.start)).sort()).toEqual([0, 2]);
  });
  it('a lone surrogate after a space is drawn as U+FFFD', () => {
    const lines = layoutLines([{ text: 'قخ \uDC00', style: body }], { measure: 300 });
    expect(lines.flatMap((l) => l.items.map((i) => i.text))).toContain('\uFFFD');
  });
  it('a YAML alias to a missing anchor is a config error, not a crash', () => {
    expect(() => parseConfig('*A%', 'fuzz.yaml')).toThrow(UserError);
  });
});

describe('fuzz: the whole build, as the command line runs it', () => {
  // Random config (valid and not), random article files (text, Markdown, HTML), now and then a
  // random template: a built pack or a UserError, never anything else, and on an error the earlier
  // pack left byte for byte as it was. Builds are slow next to the other targets: `npm test` runs a
  // tenth of the cases here, `npm run fuzz` (FUZZ_RUNS) all of them.
  const BUILD_RUNS = process.env['FUZZ_RUNS'] ? RUNS : Math.max(5, Math.round(RUNS / 10));
  const word = fc.constantFrom(
    'داعش',
    'طالبان',
    'الاقتصاد',
    'النفط',
    'في',
    'x',
    '',
    ' ',
    '"',
    ':',
    '[',
    '{{',
    '-',
    'ـــ',
    '\\1',
    '١٢',
    'http://a',
    'javascript:x',
  );
  const themes = fc.array(
    fc.record({
      id: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom('a', 'b', 'c-1') },
        { weight: 1, arbitrary: fc.constantFrom('Bad Id', '') },
      ),
      title: fc.oneof(fc.constantFrom('الإرهاب', 'النفط'), hostileText(20)),
      keywords: fc.oneof(
        {
          weight: 8,
          arbitrary: fc.array(fc.constantFrom('داعش', 'النفط', 'في', 'طالبان'), { minLength: 1, maxLength: 3 }),
        },
        { weight: 1, arbitrary: fc.array(word, { maxLength: 4 }) },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  );
  const config = fc.record({
    themes,
    justify: fc.constantFrom('none', 'spaces', 'kashida', 'kashida', 'bogus'),
    extra: fc.constantFrom(
      '',
      '',
      '',
      'page: { size: A5 }\n',
      'digits: arabic-indic\n',
      'kashida_per_line: 0\n',
      'titel: x\n',
      'max_article_mb: 0.001\n',
      'templates: tpl\n',
    ),
  });
  const article = fc.record({
    name: fc.constantFrom('a.txt', 'a.txt', 'b.md', 'c.html', 'd.htm', 'e.docx', 'f'),
    text: fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .tuple(hostileText(200), hostileText(400))
          .map(
            ([title, body]) => `${title.replace(/\n/g, ' ')}\nالثلاثاء 21/يوليو/2015 - 02:48 ص\nداعش وطالبان ${body}`,
          ),
      },
      { weight: 2, arbitrary: hostileText(300) },
      {
        weight: 1,
        arbitrary: fc.constant(
          '<html><body><article><h1>عنوان</h1><p>' + 'داعش كلمة '.repeat(40) + '</p></article></body></html>',
        ),
      },
    ),
  });
  const template = fc.constantFrom(
    '',
    '<pack>{{> cover}}</pack>',
    '<pack>{{#each themes}}<p>{{title}}</p>{{/each}}</pack>',
    '<pack><p>{{nope}}</p></pack>',
    '<pack>{{#if x}}',
    '<pack><blink/></pack>',
  );

  it(
    `a pack or one UserError, and nothing changed on failure (${BUILD_RUNS} cases)`,
    async () => {
      const { buildPack } = await import('../src/pipeline.js');
      const { mkdtempSync, mkdirSync, writeFileSync, readFileSync } = await import('node:fs');
      const { join } = await import('node:path');
      const { tmpdir } = await import('node:os');
      const outcomes = { built: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(
          config,
          fc.array(article, { minLength: 1, maxLength: 3 }),
          template,
          async (c, articles, tpl) => {
            const dir = mkdtempSync(join(tmpdir(), 'briefing-fuzz-'));
            mkdirSync(join(dir, 'articles'));
            mkdirSync(join(dir, 'out'));
            mkdirSync(join(dir, 'tpl'));
            if (tpl) writeFileSync(join(dir, 'tpl', 'pack.hbs'), tpl);
            articles.forEach((a, i) => writeFileSync(join(dir, 'articles', `${i}${a.name}`), a.text));
            const yaml = [
              'title: موجز',
              'inputs: [articles/*]',
              'allow_undated: true',
              `justify: ${c.justify}`,
              c.extra.trimEnd(),
              'themes:',
              ...c.themes.map(
                (t) =>
                  `  - id: ${JSON.stringify(t.id)}\n    title: ${JSON.stringify(t.title)}\n    keywords: ${JSON.stringify(t.keywords)}`,
              ),
            ]
              .filter(Boolean)
              .join('\n');
            writeFileSync(join(dir, 'briefing.yaml'), `${yaml}\n`);
            const earlier = Buffer.from('an earlier pack');
            writeFileSync(join(dir, 'out', 'briefing.pdf'), earlier);
            try {
              const outcome = await buildPack({
                configFile: join(dir, 'briefing.yaml'),
                out: join(dir, 'out', 'briefing.pdf'),
                strict: false,
                force: true,
                copies: null,
                recipientsFile: null,
                watermark: false,
                combined: false,
                booklet: false,
              });
              expect(outcome.status).toBe('built');
              outcomes.built++;
              expect(
                readFileSync(join(dir, 'out', 'briefing.pdf'))
                  .subarray(0, 5)
                  .toString('latin1'),
              ).toBe('%PDF-');
            } catch (error) {
              if (!(error instanceof UserError)) throw error;
              outcomes.refused++;
              expect(readFileSync(join(dir, 'out', 'briefing.pdf')).equals(earlier)).toBe(true);
            }
          },
        ),
        { ...settings, numRuns: BUILD_RUNS },
      );
      // The cases reach both ends: packs built, and mistakes refused.
      expect(outcomes.built).toBeGreaterThan(0);
      expect(outcomes.refused).toBeGreaterThan(0);
    },
    Math.max(120_000, BUILD_RUNS * 10_000),
  );
});
