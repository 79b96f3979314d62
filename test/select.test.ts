import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { ingestFiles } from '../src/ingest/index.js';
import { countMatches, select } from '../src/select/index.js';
import { normalize, stripClitics, tokens } from '../src/select/normalize.js';
import { readdirSync, readFileSync } from 'node:fs';

describe('normalization (matching only)', () => {
  it.each([
    ['إيران', 'ايران'],
    ['أفغانستان', 'افغانستان'],
    ['آسيا', 'اسيا'],
    ['مستشفى', 'مستشفي'],
    ['الدولة', 'الدوله'],
    ['تُعرف', 'تعرف'],
    ['تمثِّل', 'تمثل'],
    ['مشـــتركة', 'مشتركه'],
    ['٢٠٢٤', '2024'],
    ['ISIS-K', 'isis-k'],
    ['\u200fداعش\u200e', 'داعش'],
    ['ﻻ', 'لا'],
  ])('%s → %s', (input, expected) => expect(normalize(input)).toBe(expected));

  it.each([
    ['الإيرانية', 'ايرانيه'],
    ['وبالولايات', 'ولايات'],
    ['للقاعدة', 'قاعده'],
    ['فالحركة', 'حركه'],
    ['والقاعدة', 'قاعده'],
    ['كالدولة', 'دوله'],
    ['الآن', 'الان'],
    ['وزارة', 'وزاره'],
  ])('clitics: %s → %s', (input, expected) => expect(stripClitics(normalize(input))).toBe(expected));

  it('matches keywords as token prefixes, phrases as sequences', () => {
    expect(countMatches(tokens('العلاقات الإيرانية الأفغانية'), tokens('إيران'))).toBe(1);
    expect(countMatches(tokens('تعاون وبالولايات المتحدة الأمريكية'), tokens('الولايات المتحدة'))).toBe(1);
    expect(countMatches(tokens('الولايات القريبة المتحدة'), tokens('الولايات المتحدة'))).toBe(0);
  });
});

describe('selection on the seeds', () => {
  const files = readdirSync('seeds').filter((f) => f.endsWith('.txt')).map((f) => `seeds/${f}`).sort();
  const { articles } = ingestFiles(files);
  const config = parseConfig(readFileSync('briefing.yaml', 'utf8'), 'briefing.yaml');
  const briefing = select(articles, config);

  it('fills every theme and gives each section to one theme only', () => {
    for (const theme of briefing.themes) expect(theme.sections.length, theme.id).toBeGreaterThan(0);
    const keys = briefing.themes.flatMap((t) => t.sections.map((s) => `${s.articleId}#${s.sectionIndex}`));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('ranks by score and explains every choice', () => {
    for (const theme of briefing.themes) {
      const scores = theme.sections.map((s) => s.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      for (const s of theme.sections) expect(s.matched.length).toBeGreaterThan(0);
    }
  });

  it('puts the Pakistani army chief\'s visit under Pakistan and the airport attack under its theme', () => {
    const pakistan = briefing.themes.find((t) => t.id === 'pakistan-ttp')!;
    expect(pakistan.sections[0]?.articleId.startsWith('002')).toBe(true);
    const airport = briefing.themes.find((t) => t.id === 'airport-attack')!;
    expect(airport.sections.some((s) => s.articleId.startsWith('003') && s.heading === null)).toBe(true);
  });

  it('dates the pack by the newest article', () => {
    expect(briefing.date).toBe('2024-07-19');
  });
});
