import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';

const base = `title: Pack
themes:
  - id: one
    title: One
    keywords: [داعش]
`;

function errorOf(source: string): string {
  try {
    parseConfig(source, 'briefing.yaml');
  } catch (error) {
    return (error as { toLine(): string }).toLine();
  }
  return 'no error';
}

describe('config errors name file, line, column and key path', () => {
  it('accepts a minimal config with defaults', () => {
    const config = parseConfig(base, 'briefing.yaml');
    expect(config.inputs).toEqual(['seeds/*.txt']);
    expect(config.themes[0]!.keywords).toEqual([{ term: 'داعش', weight: 1 }]);
  });
  it('unknown key (a typo)', () => {
    expect(errorOf(base.replace('title: Pack', 'title: Pack\ntitel: x'))).toBe('briefing.yaml:2:1 titel: unknown key "titel"');
  });
  it('unknown key inside a theme', () => {
    expect(errorOf(`${base}    keywrds: [x]\n`)).toBe('briefing.yaml:6:5 themes[0].keywrds: unknown key "keywrds"');
  });
  it('wrong type', () => {
    expect(errorOf(base.replace('keywords: [داعش]', 'keywords: داعش'))).toMatch(/^briefing\.yaml:5:15 themes\[0\]\.keywords: .*array/);
  });
  it('duplicate theme id', () => {
    expect(errorOf(`${base}  - id: one\n    title: Two\n    keywords: [x]\n`)).toBe('briefing.yaml:6:9 themes[1].id: duplicate theme id "one"');
  });
  it('empty keywords', () => {
    expect(errorOf(base.replace('keywords: [داعش]', 'keywords: []'))).toBe('briefing.yaml:5:15 themes[0].keywords: expected at least one keyword');
  });
  it('YAML syntax error', () => {
    expect(errorOf('title: [unclosed\n')).toMatch(/^briefing\.yaml:\d+:\d+ YAML syntax error/);
  });
});
