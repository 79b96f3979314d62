// Fuzzing with fast-check: the parser, the RTL line layer and the config loader on random input.
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
const SEED = process.env['FUZZ_SEED'] !== undefined ? Number(process.env['FUZZ_SEED']) : process.env['FUZZ_RUNS'] ? undefined : 20261127;
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
            const lines = layoutLines(spans, { measure, alignment: alignment as 'start' | 'justify' | 'center', kashida: kashida && alignment === 'justify' });
            const text = spans.map((s) => s.text.replace(/[\t\r\n\u2028\u2029\u000B\u000C]/g, ' ')).join('');
            // Each character index is covered by exactly one drawn item, except spaces trimmed where a line breaks.
            const covered = new Uint8Array(text.length);
            for (const line of lines) for (const item of line.items) for (let i = item.start; i < item.end; i++) covered[i]!++;
            for (let i = 0; i < text.length; i++) {
              if (covered[i] === 1) continue;
              // Not drawn, rightly: a space trimmed where a line breaks, or a bidi control (UAX #9 X9 removes them).
              const invisible = covered[i] === 0 && (/\s/.test(text[i]!) || BIDI_CONTROLS.includes(text[i]!));
              expect(invisible, `character ${i} (U+${text.charCodeAt(i).toString(16)}) drawn ${covered[i]} times in ${JSON.stringify(text)}`).toBe(true);
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
      .record({ title: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), themes: fc.oneof(fc.constant('x'), fc.array(fc.dictionary(fc.constantFrom('id', 'title', 'keywords', 'max_sections', 'weight'), fc.jsonValue({ maxDepth: 2 })), { maxLength: 3 })) })
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
