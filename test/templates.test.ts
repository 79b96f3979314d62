// Templates as users customise them: an override folder, and errors that name the template file and line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Briefing } from '../src/model.js';
import { buildPdf, prepareBriefing } from '../src/pipeline.js';
import { countPhrase, truncateWords } from '../src/render/templates.js';
import { formatDate, formatHijri } from '../src/render/view.js';
import { readPdf, readingLines } from './helpers/pdf.js';

let briefing: Briefing;
beforeAll(() => {
  briefing = prepareBriefing('briefing.yaml').briefing;
});

/** A folder holding the given templates; everything else comes from the built-in set. */
function overrides(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-templates-'));
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  return dir;
}

async function errorOf(files: Record<string, string>): Promise<string> {
  const dir = overrides(files);
  try {
    await buildPdf({ ...briefing, config: { ...briefing.config, templates: dir } });
  } catch (error) {
    const userError = error as { toLine(): string; excerptLines(): string[] };
    return [userError.toLine(), ...userError.excerptLines()].join('\n').replace(dir, '<dir>');
  }
  return 'no error';
}

describe('template override folder (`templates:` in the config)', () => {
  it('replaces the files it has and keeps the built-in ones for the rest', async () => {
    const dir = overrides({
      'cover.hbs':
        '<cover>\n  <title>نشرة خاصة: {{pack.title}}</title>\n  <ul>{{#each themes}}<li>{{title}}</li>{{/each}}</ul>\n  <figure><figcaption>خريطة المحاور</figcaption></figure>\n</cover>\n',
    });
    const pdf = await readPdf(await buildPdf({ ...briefing, config: { ...briefing.config, templates: dir } }));
    const cover = readingLines(pdf.pages[0]!);
    expect(cover.join(' ')).toContain('نشرة خاصة');
    // One bulleted line per theme, the bullet first in reading order.
    expect(cover.filter((line) => line.startsWith('•'))).toHaveLength(briefing.themes.length);
    expect(cover.join('').replace(/[\s\u0640]/g, '')).toContain('خريطةالمحاور');
    const letters = (line: string) => line.replace(/[\s\u0640]/g, '');
    expect(pdf.pages.some((items) => readingLines(items).some((l) => letters(l) === 'المحتويات'))).toBe(true);
  }, 30_000);
});

describe('template errors name the template file and line', () => {
  it('an unknown element', async () => {
    expect(
      await errorOf({ 'cover.hbs': '<cover>\n  <title>{{pack.title}}</title>\n  <blink>!</blink>\n</cover>\n' }),
    ).toBe('<dir>/cover.hbs:3 unknown element <blink>');
  });
  it('an unknown attribute', async () => {
    expect(await errorOf({ 'cover.hbs': '<cover>\n  <title style="big">{{pack.title}}</title>\n</cover>\n' })).toBe(
      '<dir>/cover.hbs:2 unknown attribute "style" on <title>',
    );
  });
  it('an unclosed block is named at the line that opened it, with the line and a caret', async () => {
    expect(await errorOf({ 'cover.hbs': '<cover>\n  {{#if pack.title}}<title>x</title>\n</cover>\n' })).toBe(
      [
        '<dir>/cover.hbs:2:3 {{#if}} is never closed (no {{/if}} after it)',
        '  2 |   {{#if pack.title}}<title>x</title>',
        '    |   ^',
      ].join('\n'),
    );
    expect(
      await errorOf({
        'cover.hbs': '<cover>\n{{#each themes}}\n  {{#if title}}<line>{{title}}</line>\n{{/each}}\n</cover>\n',
      }),
    ).toBe(
      [
        '<dir>/cover.hbs:3:3 {{#if}} is never closed: {{/each}} on line 4 comes first',
        '  3 |   {{#if title}}<line>{{title}}</line>',
        '    |   ^',
      ].join('\n'),
    );
    expect(await errorOf({ 'cover.hbs': '<cover><title>x</title>\n{{/if}}</cover>\n' })).toMatch(
      /^<dir>\/cover\.hbs:2:1 \{\{\/if\}\} closes no block\n/,
    );
    // Comments may hold anything.
    expect(
      await errorOf({ 'cover.hbs': '{{!-- {{#if}} kept for later --}}<cover><title>{{pack.title}}</title></cover>\n' }),
    ).toBe('no error');
  });
  it('an unbalanced brace is said in words, at its column, with no parser token names', async () => {
    const error = await errorOf({ 'cover.hbs': '<cover>\n  <title>{{pack.title}</title>\n</cover>\n' });
    expect(error).toBe(
      [
        '<dir>/cover.hbs:2:22 template syntax error: a {{ … }} is not closed properly (one «}» where two are needed?)',
        '  2 |   <title>{{pack.title}</title>',
        '    |                      ^',
      ].join('\n'),
    );
    expect(error).not.toMatch(/Expecting|CLOSE|INVALID/);
  });
  it('an element left open is an error at its line, never a garbled page; self-closing elements are fine', async () => {
    expect(await errorOf({ 'cover.hbs': '<cover>\n  <title>{{pack.title}}\n  <line>x</line>\n</cover>\n' })).toBe(
      '<dir>/cover.hbs:2 <title> is never closed',
    );
    expect(await errorOf({ 'contents.hbs': '<contents>\n  <h1>المحتويات</h1>\n  <toc/>\n</contents>\n' })).toBe(
      'no error',
    );
  });
  it('an end tag that closes nothing is an error at its line, not dropped in silence', async () => {
    expect(await errorOf({ 'cover.hbs': '<cover>\n  <title>{{pack.title}}</title>\n  </line>\n</cover>\n' })).toBe(
      '<dir>/cover.hbs:3 </line> closes no open element',
    );
  });
  it('a missing partial', async () => {
    expect(await errorOf({ 'cover.hbs': '<cover>{{> masthead}}</cover>\n' })).toMatch(
      /^\S*pack\.hbs missing partial "masthead"$/,
    );
  });
  it('a misspelt field (strict mode) in a partial: that partial, its line, a caret under the word', async () => {
    expect(await errorOf({ 'cover.hbs': '<cover>\n  <title>{{pack.titel}}</title>\n</cover>\n' })).toBe(
      [
        '<dir>/cover.hbs:2:17 "titel" is not defined here (a misspelt field?)',
        '  2 |   <title>{{pack.titel}}</title>',
        '    |                 ^',
      ].join('\n'),
    );
  });
});

describe('helpers', () => {
  it('dates in the Gregorian and the Umm al-Qura Hijri calendars, with the configured digits', () => {
    expect(formatDate('2024-07-19', 'latin')).toBe('19 يوليو 2024');
    expect(formatHijri('2024-07-19', 'latin')).toBe('13 محرم 1446 هـ');
    expect(formatHijri('2021-08-26', 'arabic-indic')).toBe('١٨ محرم ١٤٤٣ هـ');
    expect(formatHijri('2024-03-11', 'latin')).toBe('1 رمضان 1445 هـ');
  });
  it('truncation by words', () => {
    expect(truncateWords('واحد اثنان ثلاثة أربعة', 2)).toBe('واحد اثنان …');
    expect(truncateWords('واحد اثنان', 5)).toBe('واحد اثنان');
  });
  it('Arabic number agreement for counts', () => {
    const articles = (n: number) => countPhrase(n, 'مقالة واحدة', 'مقالتان', 'مقالات', 'مقالة', 'latin');
    expect([1, 2, 3, 10, 11, 100, 103].map(articles)).toEqual([
      'مقالة واحدة',
      'مقالتان',
      '3 مقالات',
      '10 مقالات',
      '11 مقالة',
      '100 مقالة',
      '103 مقالات',
    ]);
    expect(countPhrase(3, 'مقالة واحدة', 'مقالتان', 'مقالات', 'مقالة', 'arabic-indic')).toBe('٣ مقالات');
  });
});
