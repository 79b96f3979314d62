import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { expandInputs } from '../src/config/inputs.js';
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
    return (error as { toLines(): string[] }).toLines().join('\n');
  }
  return 'no error';
}

describe('config errors name file, line, column and key path', () => {
  it('accepts a minimal config with defaults', () => {
    const config = parseConfig(base, 'briefing.yaml');
    expect(config.inputs).toEqual(['seeds/*.txt']);
    expect(config.themes[0]!.keywords).toEqual([{ term: 'داعش', weight: 1, also: [] }]);
    expect(config.themes[0]).toMatchObject({
      phrases: [],
      exclude: [],
      minScore: 1,
      minDistinct: 1,
      maxSections: 8,
      summarySentences: 3,
    });
    expect(config.allowOverlap).toBe(false);
  });
  it('unknown key (a typo)', () => {
    expect(errorOf(base.replace('title: Pack', 'title: Pack\ntitel: x'))).toBe(
      'briefing.yaml:2:1 titel: unknown key "titel" (did you mean "title"?)',
    );
  });
  it('unknown key inside a theme', () => {
    expect(errorOf(`${base}    keywrds: [x]\n`)).toBe(
      'briefing.yaml:6:5 themes[0].keywrds: unknown key "keywrds" (did you mean "keywords"?)',
    );
  });
  it('wrong type', () => {
    expect(errorOf(base.replace('keywords: [داعش]', 'keywords: داعش'))).toBe(
      'briefing.yaml:5:15 themes[0].keywords: expected a list, got text "داعش"',
    );
    expect(errorOf(`${base}digits: hindi\n`)).toBe(
      'briefing.yaml:6:9 digits: expected one of arabic-indic, latin, got text "hindi"',
    );
    expect(errorOf(base.replace('keywords: [داعش]', 'keywords: [[a, b]]'))).toBe(
      'briefing.yaml:5:16 themes[0].keywords[0]: expected a word, or a mapping with term and weight, got a list',
    );
  });
  it('duplicate theme id', () => {
    expect(errorOf(`${base}  - id: one\n    title: Two\n    keywords: [x]\n`)).toBe(
      'briefing.yaml:6:9 themes[1].id: duplicate theme id "one" (first used by themes[0])',
    );
  });
  it('empty keywords', () => {
    expect(errorOf(base.replace('keywords: [داعش]', 'keywords: []'))).toBe(
      'briefing.yaml:5:15 themes[0].keywords: expected at least one keyword',
    );
  });
  it('every mistake in one pass, one line each', () => {
    const source = `${base}    min_score: high\n  - id: Two\n    keywords: [{ term: x, wieght: 2 }]\n`;
    expect(errorOf(source).split('\n')).toEqual([
      'briefing.yaml:6:16 themes[0].min_score: expected a number, got text "high"',
      'briefing.yaml:7:9 themes[1].id: expected a lower-case id (letters, digits, - and _)',
      'briefing.yaml:7:5 themes[1].title: required (text)',
      'briefing.yaml:8:27 themes[1].keywords[0].wieght: unknown key "wieght" (did you mean "weight"?)',
    ]);
  });
  it('YAML syntax error', () => {
    expect(errorOf('title: [unclosed\n')).toMatch(/^briefing\.yaml:\d+:\d+ YAML syntax error/);
  });
  it('the YAML traps a writer of Arabic titles and patterns falls into are answered in words, at the spot', () => {
    // A «: » inside a title: pointed at the colon, with the fix spelt out.
    expect(errorOf(base.replace('title: One', 'title: السودان: ما بعد الهدنة'))).toBe(
      'briefing.yaml:4:19 «: » inside an unquoted value starts a new key: put the value in quotes (title: "السودان: ما بعد الهدنة")',
    );
    expect(errorOf('title: موجز: الأسبوع\nthemes: []\n')).toBe(
      'briefing.yaml:1:12 «: » inside an unquoted value starts a new key: put the value in quotes (title: "موجز: الأسبوع")',
    );
    // A pattern starting with * is an alias to YAML.
    expect(errorOf(`${base}inputs:\n  - articles/x.md\n  - *.txt\n`)).toBe(
      'briefing.yaml:8:5 «*.txt» reads as a YAML alias: quote the pattern ("*.txt")',
    );
    // A real anchor and alias are still YAML's business, not a mistake.
    expect(
      errorOf(
        `${base}  - id: two\n    title: Two\n    keywords: &words [مصر]\n  - id: three\n    title: Three\n    keywords: *words\n`,
      ),
    ).toBe('no error');
    expect(errorOf(base.replace('  - id: one', '\t- id: one'))).toBe(
      'briefing.yaml:3:1 a tab indents this line: YAML indents with spaces only',
    );
  });
});

describe('input patterns', () => {
  it('match with * and ?, newlines in names included, without backtracking on many stars', async () => {
    const { matchesPattern } = await import('../src/config/inputs.js');
    expect(matchesPattern('001_abc.txt', '*.txt')).toBe(true);
    expect(matchesPattern('001_abc.md', '*.txt')).toBe(false);
    expect(matchesPattern('a\nb.txt', '*.txt')).toBe(true);
    expect(matchesPattern('ab.txt', 'a?.txt')).toBe(true);
    expect(matchesPattern('abc.txt', 'a?.txt')).toBe(false);
    // A regular expression built from this pattern backtracks for minutes on this name.
    expect(matchesPattern(`${'_'.repeat(250)}.txt`, '*_*_*_*_*_*.txt')).toBe(true);
    expect(matchesPattern(`${'_'.repeat(250)}.tx`, '*_*_*_*_*_*.txt')).toBe(false);
  });

  it('braces expand, nested and combined; an unclosed brace is literal; a brace bomb is refused', async () => {
    const { expandBraces } = await import('../src/config/inputs.js');
    expect(expandBraces('a/{x,y}/*.{txt,md}')).toEqual(['a/x/*.txt', 'a/x/*.md', 'a/y/*.txt', 'a/y/*.md']);
    expect(expandBraces('{a,b{1,2}}.txt')).toEqual(['a.txt', 'b1.txt', 'b2.txt']);
    expect(expandBraces('a{b.txt')).toEqual(['a{b.txt']);
    expect(expandBraces('{only}.txt')).toEqual(['{only}.txt']);
    expect(() => expandBraces('{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}')).toThrow(RangeError);
  });

  it('** spans any number of folders (none included) but not hidden ones, in pattern × path steps', async () => {
    const { matchesSegments } = await import('../src/config/inputs.js');
    expect(matchesSegments(['a.txt'], ['**', '*.txt'])).toBe(true);
    expect(matchesSegments(['2026', '12', 'a.txt'], ['**', '*.txt'])).toBe(true);
    expect(matchesSegments(['2026', '12', 'a.md'], ['**', '*.txt'])).toBe(false);
    expect(matchesSegments(['x', 'gulf', 'y', 'a.txt'], ['**', 'gulf', '**', '*.txt'])).toBe(true);
    expect(matchesSegments(['.git', 'a.txt'], ['**', '*.txt'])).toBe(false);
    expect(matchesSegments(['.drafts', 'a.txt'], ['.drafts', '*.txt'])).toBe(true);
    const deep = Array.from({ length: 30 }, () => '_');
    expect(matchesSegments([...deep, 'x.tx'], ['**', '*', '**', '*', '**', '*', '**', '*.txt'])).toBe(false);
  });
});

describe('inputs in a pack', () => {
  const root = mkdtempSync(join(tmpdir(), 'briefing-inputs-'));
  const write = (path: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), 'x');
  };
  for (const path of [
    'articles/a.txt',
    'articles/b.md',
    'articles/notes.pdf',
    'articles/2026/12/c.txt',
    'articles/2026/12/d.html',
    'articles/.git/e.txt',
    'gulf/f.txt',
    'levant/g.txt',
    'page.html',
    'page_files/x.html',
  ])
    write(path);
  symlinkSync(join(root, 'gulf', 'f.txt'), join(root, 'articles', 'linked.txt'));
  symlinkSync(join(root, 'gulf'), join(root, 'articles', 'linked-folder.txt'));
  const source = {
    configFile: join(root, 'briefing.yaml'),
    positions: [
      { line: 3, column: 5 },
      { line: 4, column: 5 },
    ],
  };
  const found = (...patterns: string[]) => expandInputs(patterns, root, source).map((path) => relative(root, path));

  it('a bare folder is every article file in it; ** reaches every depth; braces choose folders', () => {
    // A link to an article counts; a link to a folder is not an article.
    expect(found('articles')).toEqual(['articles/a.txt', 'articles/b.md', 'articles/linked.txt']);
    expect(found('articles/')).toEqual(['articles/a.txt', 'articles/b.md', 'articles/linked.txt']);
    expect(found('articles/**/*.txt')).toEqual(['articles/2026/12/c.txt', 'articles/a.txt', 'articles/linked.txt']);
    expect(found('articles/**/*.{txt,html}')).toEqual([
      'articles/2026/12/c.txt',
      'articles/2026/12/d.html',
      'articles/a.txt',
      'articles/linked.txt',
    ]);
    expect(found('{gulf,levant}/*.txt')).toEqual(['gulf/f.txt', 'levant/g.txt']);
    expect(found('*.html')).toEqual(['page.html']);
  });

  it('a pattern that finds nothing is an error at its own line in the config', () => {
    const error = (...patterns: string[]) => {
      try {
        found(...patterns);
      } catch (caught) {
        return (caught as { toLines(): string[] }).toLines().join('\n');
      }
      return 'no error';
    };
    expect(error('articles/*.txt', 'articels/*.txt')).toBe(
      `${source.configFile}:4:5 inputs[1]: folder not found: articels (for "articels/*.txt")`,
    );
    expect(error('articles/*.docx')).toBe(`${source.configFile}:3:5 inputs[0]: no files match "articles/*.docx"`);
    expect(error('{gulf,nowhere}/*.txt')).toBe('no error');
    // A folder or file named plainly that is not there: at its line, with the nearest real name.
    expect(error('articles/*.txt', 'artcles/')).toBe(
      `${source.configFile}:4:5 inputs[1]: not found: artcles/ (did you mean articles/?)`,
    );
    expect(error('articles/a.tx')).toBe(
      `${source.configFile}:3:5 inputs[0]: not found: articles/a.tx (did you mean articles/a.txt?)`,
    );
    expect(error('elsewhere/x.txt')).toBe(`${source.configFile}:3:5 inputs[0]: not found: elsewhere/x.txt`);
    expect(error('articles/{a,b}.txt')).toBe('no error');
  });
});
