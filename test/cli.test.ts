// The CLI as users run it: separate processes, real files, exit codes, one-line errors.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPdf, readingLines } from './helpers/pdf.js';

const BIN = join(process.cwd(), 'bin/briefing.js');

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('briefing build (end to end)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-'));
  const out = join(dir, 'pack.pdf');
  let build: ReturnType<typeof run>;
  beforeAll(() => {
    build = run(['build', '--config', 'briefing.yaml', '--out', out]);
  });

  it('writes the PDF and its manifest beside it, nothing else (no temporary file left)', () => {
    expect(build.stderr).toMatch(/wrote .*pack\.pdf/);
    expect(build.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['pack.json', 'pack.pdf']);
  });

  it('reads back: five article titles, Amiri embedded as a subset, metadata title from the config', async () => {
    const pdf = await readPdf(readFileSync(out));
    const text = pdf.pages
      .flatMap((items) => readingLines(items))
      .join('\n')
      .replace(/\u0640/g, '');
    const articles = JSON.parse(
      run([
        'parse',
        ...readdirSync('seeds')
          .filter((f) => f.endsWith('.txt'))
          .map((f) => `seeds/${f}`),
        '--json',
      ]).stdout,
    ) as { title: string }[];
    expect(articles).toHaveLength(5);
    for (const { title } of articles) expect(text).toContain(title);
    expect(pdf.fontNames.some((name) => /^[A-Z]{6}\+Amiri-Regular$/.test(name))).toBe(true);
    expect(pdf.info['Title']).toBe(readFileSync('briefing.yaml', 'utf8').match(/^title: (.+)$/m)![1]);
    expect(pdf.info['Language']).toBe('ar');
    expect(pdf.numPages).toBeGreaterThan(5);
  });

  it('footers carry «صفحة n من N» on every page after the cover but the blank ones; divisions open on odd pages', async () => {
    const pdf = await readPdf(readFileSync(out));
    let blanks = 0;
    pdf.pages.slice(1).forEach((items, i) => {
      const page = i + 2;
      if (items.length === 0) {
        blanks++;
        // A blank page is only ever the even page before a division.
        expect(page % 2, `blank page ${page}`).toBe(0);
        return;
      }
      expect(
        readingLines(items).some((line) => line.includes(`صفحة ${page} من ${pdf.numPages}`)),
        `page ${page}`,
      ).toBe(true);
    });
    expect(blanks).toBeGreaterThan(0);
  });

  it('identical inputs give identical bytes (separate processes)', () => {
    const again = join(dir, 'again.pdf');
    expect(run(['build', '--out', again]).code).toBe(0);
    expect(readFileSync(again).equals(readFileSync(out))).toBe(true);
  });
});

describe('briefing parse and themes', () => {
  it('parse --json prints one object per article with the public fields', () => {
    const result = run(['parse', 'seeds/000_21268274f0d39a32.txt', 'seeds/003_22ed21cef84baa87.txt', '--json']);
    expect(result.code).toBe(0);
    const articles = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(articles).toHaveLength(2);
    for (const a of articles)
      for (const key of ['file', 'title', 'date', 'authors', 'url', 'blocks']) expect(a).toHaveProperty(key);
    expect(articles[0]!['date']).toBe('2024-07-19');
    expect(articles[1]!['date']).toBeNull();
  });
  it('themes --json prints themes with their sections, files and scores', () => {
    const result = run(['themes', '--json']);
    expect(result.code).toBe(0);
    const themes = JSON.parse(result.stdout) as { id: string; sections: { file: string; score: number }[] }[];
    expect(themes.map((t) => t.id)).toEqual([
      'isis-k',
      'airport-attack',
      'qaeda-taliban',
      'us-taliban',
      'pakistan-ttp',
    ]);
    for (const t of themes) for (const s of t.sections) expect(s.file).toMatch(/^seeds\//);
  });
});

describe('briefing themes', () => {
  it('--explain shows shares of the score, the words as printed, what was left out and why, and the summary', () => {
    const result = run(['themes', '--explain']);
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/^pakistan-ttp {2}باكستان وطالبان باكستان {2}\(2 sections\)$/m);
    // The keyword باكستان, found as inflected and prefixed forms.
    expect(out).toMatch(/^ +\d+\.\d\d {2}باكستان: \d+ in text.*«الباكستانيين».*$/m);
    // Line by line, not one regular expression over the whole output (a lazy multi-line pattern
    // backtracks for seconds on a report this long).
    const leftOut = out
      .split('\n')
      .filter((line) => /^ +\d+\.\d\d {2}seeds\/002_\S+ §1 {2}رد الولايات المتحدة: /.test(line));
    expect(leftOut.some((line) => / went to theme "us-taliban" where it scores \d+/.test(line))).toBe(true);
    expect(out).toMatch(/excluded: mentions «مطار كابل» \(exclude: مطار كابل\)/);
    expect(out.match(/^ {2}summary:$/gm)).toHaveLength(5);
  });

  it('suggest: words for a theme, or a starting theme from a seed word; one of the two is required', () => {
    const forTheme = run(['suggest', '--theme', 'pakistan-ttp']);
    expect(forTheme.code).toBe(0);
    expect(forTheme.stdout).toMatch(/^theme "pakistan-ttp": 2 sections against the other \d+/);
    expect(forTheme.stdout).toMatch(/^ {2}\S+ +\d+ here +\d+ elsewhere +\d+ sections {2}G² \d+\.\d$/m);
    const fromWord = run(['suggest', '--word', 'خراسان']);
    expect(fromWord.code).toBe(0);
    expect(fromWord.stdout).toMatch(
      /^- id: new-theme\n {2}title: "خراسان"\n {2}keywords:\n {4}- "خراسان"\n {4}- "[^"]+" {2}# \d+ here/m,
    );
    // طالبان is in every seed section: nothing to set them apart from.
    expect(run(['suggest', '--word', 'طالبان']).stdout).toMatch(/^«طالبان» occurs in every section of the inputs/);
    const neither = run(['suggest']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/Name either --theme ID or --word WORD\./);
    const unknown = run(['suggest', '--theme', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no theme "nope" in the config \(themes: isis-k, /);
  });

  it('a theme that matches nothing is a warning, and under --strict an error (exit 1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-empty-theme-'));
    const config = join(dir, 'pack.yaml');
    writeFileSync(
      config,
      `title: T\ninputs: ["${join(process.cwd(), 'seeds')}/*.txt"]\nallow_undated: true\nthemes:\n  - id: football\n    title: كرة القدم\n    keywords: [الدوري الممتاز, المنتخب]\n  - id: isis\n    title: داعش\n    keywords: [داعش]\n`,
    );
    const loose = run(['themes', '-c', config]);
    expect(loose.code).toBe(0);
    expect(loose.stderr).toContain('warning: ');
    expect(loose.stderr).toContain('theme "football" matched no sections');
    const strict = run(['themes', '-c', config, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr.trim().split('\n')).toEqual([
      `error: ${config} theme "football" matched no sections; --strict allows no warnings`,
    ]);
  });
});

describe('exit codes and errors', () => {
  it('--help on every command exits 0', () => {
    for (const args of [['--help'], ['build', '--help'], ['parse', '--help'], ['themes', '--help']]) {
      const result = run(args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/briefing/);
    }
  });
  it('wrong usage exits 2', () => {
    expect(run([]).code).toBe(2);
    expect(run(['frobnicate']).code).toBe(2);
    expect(run(['build', '--no-such-flag']).code).toBe(2);
  });
  it('a misspelt option is answered with the nearest real one; a far-off one gets no guess', () => {
    const misspelt = run(['build', '--watermak', 'x']);
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toMatch(/Unknown argument: watermak \(did you mean --watermark\?\)/);
    expect(run(['build', '--no-such-flag']).stderr).not.toMatch(/did you mean/);
    const command = run(['biuld']);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/Unknown argument: biuld \(did you mean build\?\)/);
    expect(run(['frobnicate']).stderr).not.toMatch(/did you mean/);
    // A hyphenated option is named once, as typed (yargs adds a camelCase twin).
    const hyphenated = run(['build', '--pdf-standrd', 'a-2b']);
    expect(hyphenated.code).toBe(2);
    expect(hyphenated.stderr.split('\n')[0]).toBe('Unknown argument: pdf-standrd (did you mean --pdf-standard?)');
    // An option spelt like a command, after a command or in its place.
    const watchAsOption = run(['build', '--wach']);
    expect(watchAsOption.code).toBe(2);
    expect(watchAsOption.stderr.split('\n')[0]).toBe(
      'Unknown argument: wach (did you mean the command: briefing watch?)',
    );
    const watchAlone = run(['--wach']);
    expect(watchAlone.code).toBe(2);
    expect(watchAlone.stderr.split('\n')[0]).toMatch(
      /^Name a command: .* \(did you mean the command: briefing watch\?\)$/,
    );
    expect(run(['--frobnicate']).stderr).not.toMatch(/did you mean/);
  });
  it('the did-you-mean lists hold every command and every option --help shows', async () => {
    const { KNOWN_COMMANDS, KNOWN_OPTIONS } = await import('../src/cli.js');
    const commands = [...run(['--help']).stdout.matchAll(/^ {2}briefing (\w+)/gm)].map((m) => m[1]!);
    expect([...commands].sort()).toEqual([...KNOWN_COMMANDS].sort());
    const options = new Set<string>();
    for (const command of ['', ...commands])
      for (const m of run([...(command ? [command] : []), '--help']).stdout.matchAll(/--([a-z][\w-]*)/g))
        options.add(m[1]!);
    expect([...options].filter((option) => !KNOWN_OPTIONS.includes(option))).toEqual([]);
  });
  it('no config in the current folder: one line saying where it looked and what to do, exit 1', () => {
    const empty = mkdtempSync(join(tmpdir(), 'briefing-noconfig-'));
    const result = spawnSync(process.execPath, [BIN, 'build'], { encoding: 'utf8', cwd: empty });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `error: no config here (looked for ${join(empty, 'briefing.yaml')}): name one with -c FILE, or make a pack with «briefing init DIR»`,
    ]);
    expect(readdirSync(empty)).toEqual([]);
  });
  it('without -o the pack goes to out/briefing.pdf beside the config, wherever the command runs from', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'briefing-cwd-'));
    const packDir = mkdtempSync(join(tmpdir(), 'briefing-pack-'));
    expect(run(['init', packDir]).code).toBe(0);
    const result = spawnSync(process.execPath, [BIN, 'build', '-c', join(packDir, 'briefing.yaml')], {
      encoding: 'utf8',
      cwd: elsewhere,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(packDir, 'out', 'briefing.pdf'))).toBe(true);
    expect(readdirSync(elsewhere)).toEqual([]);
  });
  it('the manifest names files from the pack: a build started from another folder is up to date and marks «جديد» alike', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'briefing-cwd-'));
    const packDir = mkdtempSync(join(tmpdir(), 'briefing-pack-'));
    expect(run(['init', packDir, '-q']).code).toBe(0);
    const buildFrom = (cwd: string, ...extra: string[]) =>
      spawnSync(process.execPath, [BIN, 'build', '-c', join(packDir, 'briefing.yaml'), ...extra], {
        encoding: 'utf8',
        cwd,
      });
    const manifestFile = join(packDir, 'out', 'briefing.json');
    expect(buildFrom(packDir).status).toBe(0);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
      config: { file: string };
      inputs: { file: string }[];
      outputs: { file: string }[];
      pack: { articles: string[] };
    };
    expect(manifest.config.file).toBe('briefing.yaml');
    expect(manifest.outputs.map((o) => o.file)).toEqual(['out/briefing.pdf']);
    expect(manifest.inputs.every((i) => i.file.startsWith('articles/'))).toBe(true);
    expect(manifest.pack.articles.some((a) => a.startsWith('articles/'))).toBe(true);
    const elsewhereBuild = buildFrom(elsewhere);
    expect(elsewhereBuild.stderr).toMatch(/^up to date: /);
    // A new article, built from elsewhere and from inside against the same previous pack: it alone
    // is «جديد», and the two PDFs are the same bytes.
    writeFileSync(
      join(packDir, 'articles', 'zz_new.txt'),
      'طالبان وداعش في تقرير جديد\n\n19 يوليو 2024\n\nقالت مصادر إن داعش خراسان ينشط شرق أفغانستان وإن طالبان تلاحقه.\n',
    );
    const before = readFileSync(manifestFile, 'utf8');
    expect(buildFrom(elsewhere, '-q').status).toBe(0);
    const fromElsewhere = readFileSync(join(packDir, 'out', 'briefing.pdf'));
    writeFileSync(manifestFile, before);
    expect(buildFrom(packDir, '-q').status).toBe(0);
    expect(readFileSync(join(packDir, 'out', 'briefing.pdf')).equals(fromElsewhere)).toBe(true);
    const after = JSON.parse(readFileSync(manifestFile, 'utf8')) as { previous: { articles: string[] } };
    expect(after.previous.articles).toEqual(manifest.pack.articles);
  });
  it('every config mistake is listed, one line each, exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-bad-'));
    const config = join(dir, 'bad.yaml');
    writeFileSync(
      config,
      readFileSync('briefing.yaml', 'utf8')
        .replace('digits: latin', 'digits: latin\ncolour: red')
        .replace('max_sections: 3', 'max_sections: many'),
    );
    const result = run(['themes', '--config', config]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) expect(line).toMatch(/^error: .*bad\.yaml:\d+:\d+ \S+: /);
  });
  it('a bad config exits 1 with one line naming file, line and key; no PDF is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-bad-'));
    const config = join(dir, 'bad.yaml');
    writeFileSync(config, readFileSync('briefing.yaml', 'utf8').replace('digits: latin', 'digits: latin\ncolour: red'));
    const out = join(dir, 'out.pdf');
    const result = run(['build', '--config', config, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/bad\.yaml:\d+:1 colour: unknown key "colour"/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
  it('an empty article is skipped with a warning naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-empty-'));
    writeFileSync(join(dir, 'empty.txt'), '');
    const result = run(['parse', join(dir, 'empty.txt'), 'seeds/000_21268274f0d39a32.txt', '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/empty\.txt empty file \(skipped\)/);
    expect(JSON.parse(result.stdout)).toHaveLength(1);
  });
  it('under --strict an unreadable article fails the run: exit 1, one line, no PDF', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-strict-'));
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'a.txt'), readFileSync('seeds/000_21268274f0d39a32.txt'));
    writeFileSync(
      join(dir, 'pack.yaml'),
      readFileSync('briefing.yaml', 'utf8').replace('  - seeds/*.txt', '  - "*.txt"'),
    );
    const parse = run(['parse', join(dir, 'empty.txt'), '--strict']);
    expect(parse.code).toBe(1);
    expect(parse.stderr.trim().split('\n')).toEqual([
      `error: ${join(dir, 'empty.txt')} empty file; --strict allows no skipped input`,
    ]);
    const build = run(['build', '-c', join(dir, 'pack.yaml'), '-o', join(dir, 'pack.pdf'), '--strict']);
    expect(build.code).toBe(1);
    expect(build.stderr).toMatch(/empty\.txt empty file; --strict/);
    expect(existsSync(join(dir, 'pack.pdf'))).toBe(false);
  });
  it('an unwritable output exits 1 with one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-out-'));
    writeFileSync(join(dir, 'file'), 'not a folder');
    for (const target of [join(dir, 'file', 'out.pdf'), '/proc/briefing/out.pdf']) {
      const result = run(['build', '--out', target]);
      expect(result.code, target).toBe(1);
      expect(result.stderr).toMatch(
        /^error: .*out\.pdf cannot write output \(E[A-Z]+\); the previous file, if any, is unchanged$/m,
      );
    }
  });
});
