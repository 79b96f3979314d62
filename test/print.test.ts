// Scheduled rebuilds and printed packs, as users run them: separate processes, real files read back.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { bookletLength, bookletOrder } from '../src/render/pdf/impose.js';
import { readPdf, readingLines, type TextItem } from './helpers/pdf.js';

const ROOT = process.cwd();
const BIN = join(ROOT, 'bin/briefing.js');
const SEEDS = join(ROOT, 'seeds');

function run(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: env as NodeJS.ProcessEnv,
    cwd: options.cwd ?? ROOT,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The words of the line holding «نسخة», sorted. pdf.js merges a footer's two columns into one item
 * in an order of its own guessing (it takes a line ending in a Latin marking for left to right), so
 * the words are compared as a set here; their visual order is asserted in layout.test.ts.
 */
function copyLine(items: TextItem[]): string[] {
  const anchor = items.find((i) => i.str.includes('نسخة'));
  if (!anchor) return [];
  const words = items
    .filter((i) => Math.abs(i.y - anchor.y) < 1)
    .flatMap((i) => i.str.split(/\s+/))
    .filter(Boolean);
  // The page-number column shares the baseline: drop «صفحة n من N».
  const page = words.indexOf('صفحة');
  if (page >= 0) words.splice(page, 4);
  return words.sort();
}

const tokens = (text: string): string[] => text.split(/\s+/).sort();

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A small pack (two seed articles, one theme): quick to build, still every page furniture. */
function smallPack(extra = ''): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-print-'));
  mkdirSync(join(dir, 'articles'));
  for (const name of ['000_21268274f0d39a32.txt', '003_22ed21cef84baa87.txt'])
    cpSync(join(SEEDS, name), join(dir, 'articles', name));
  const config = join(dir, 'pack.yaml');
  writeFileSync(
    config,
    `title: موجز تجريبي\nmarking: "TLP:GREEN"\ninputs: [articles/*.txt]\nallow_undated: true\n${extra}themes:\n  - id: isis-k\n    title: داعش خراسان\n    keywords: [داعش, خراسان, طالبان]\n    max_sections: 3\n`,
  );
  return { dir, config };
}

describe('reproducible builds', () => {
  it('two builds in separate processes give the same SHA-256; dates come from SOURCE_DATE_EPOCH, else the newest article', async () => {
    const { dir, config } = smallPack();
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    expect(run(['build', '-c', config, '-o', join(dir, 'a.pdf')], { env }).code).toBe(0);
    expect(run(['build', '-c', config, '-o', join(dir, 'b.pdf')], { env }).code).toBe(0);
    expect(sha(join(dir, 'a.pdf'))).toBe(sha(join(dir, 'b.pdf')));
    const pinned = await readPdf(readFileSync(join(dir, 'a.pdf')));
    expect(String(pinned.info['CreationDate'])).toMatch(/^D:20231114221320/);
    expect(run(['build', '-c', config, '-o', join(dir, 'c.pdf')], { env: { SOURCE_DATE_EPOCH: undefined } }).code).toBe(
      0,
    );
    const unpinned = await readPdf(readFileSync(join(dir, 'c.pdf')));
    expect(String(unpinned.info['CreationDate'])).toMatch(/^D:20240719000000/);
    // No clock and no random id anywhere: the manifest is identical too, apart from the output's name.
    const manifestA = readFileSync(join(dir, 'a.json'), 'utf8').replace(/a\.pdf/g, 'X');
    const manifestB = readFileSync(join(dir, 'b.json'), 'utf8').replace(/b\.pdf/g, 'X');
    expect(manifestA).toBe(manifestB);
  });
});

describe('--strict', () => {
  it('turns every warning into an error, lists all of them, exits 1 and writes nothing', () => {
    const { dir, config } = smallPack();
    // An undated article (allow_undated is off below), a theme that matches nothing, a character no
    // font has, an unreadable input, and a template nothing includes.
    writeFileSync(
      join(dir, 'articles', 'zz_glyph.txt'),
      'عنوان تجريبي عن داعش\n\n19 يوليو 2024\n\nقال مسؤول إن داعش خراسان يتوسع 漢字 في المنطقة وطالبان تراقب.\n',
    );
    writeFileSync(join(dir, 'articles', 'zz_empty.txt'), '');
    mkdirSync(join(dir, 'tpl'));
    writeFileSync(join(dir, 'tpl', 'chapters.hbs'), '<h1>{{title}}</h1>');
    writeFileSync(
      config,
      `title: موجز\ninputs: [articles/*.txt]\ntemplates: tpl\nthemes:\n  - id: isis-k\n    title: داعش\n    keywords: [داعش]\n  - id: football\n    title: كرة القدم\n    keywords: [المنتخب]\n`,
    );
    const out = join(dir, 'pack.pdf');
    const loose = run(['build', '-c', config, '-o', out]);
    expect(loose.code).toBe(0);
    // Two characters no font has, each its own line.
    expect(loose.stderr.match(/^warning: /gm)!.length).toBe(6);

    const strict = run(['build', '-c', config, '-o', join(dir, 'strict.pdf'), '--strict', '--quiet']);
    expect(strict.code).toBe(1);
    const lines = strict.stderr.trim().split('\n');
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(line).toMatch(/^error: \S+ .*--strict allows no/);
    expect(strict.stderr).toMatch(/zz_empty\.txt empty file/);
    expect(strict.stderr).toMatch(/003_22ed21cef84baa87\.txt:1 no date line found/);
    expect(strict.stderr).toMatch(/theme "football" matched no sections/);
    expect(strict.stderr).toMatch(/zz_glyph\.txt:5 no glyph for U\+6F22 «漢» in Amiri-Regular or the fallback font/);
    expect(strict.stderr).toMatch(/chapters\.hbs template "chapters" is not included by any template/);
    expect(existsSync(join(dir, 'strict.pdf'))).toBe(false);
    expect(existsSync(join(dir, 'strict.json'))).toBe(false);
    expect(strict.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('manifest and up-to-date builds', () => {
  it('lists tool, config hash, inputs with SHA-256, themes with sections and scores, warnings and pages; an unchanged build does nothing', () => {
    const { dir, config } = smallPack();
    const out = join(dir, 'pack.pdf');
    expect(run(['build', '-c', config, '-o', out]).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'pack.json'), 'utf8'));
    expect(manifest.tool).toEqual({
      name: 'briefing',
      version: JSON.parse(readFileSync('package.json', 'utf8')).version,
      code: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    // The code's identity is the hash the launcher takes of the bundle it runs (for its code cache).
    expect(manifest.tool.code).toBe(
      createHash('sha1').update(readFileSync('dist/briefing.cjs')).digest('hex').slice(0, 16),
    );
    expect(manifest.config.sha256).toBe(sha(config));
    expect(manifest.inputs).toHaveLength(2);
    // Named from the pack's folder (the config's), whatever folder the build ran from.
    for (const input of manifest.inputs) {
      expect(input.file).toMatch(/^articles\/\d{3}_[0-9a-f]+\.txt$/);
      expect(input.sha256).toBe(sha(join(dir, input.file)));
    }
    expect(manifest.config.file).toBe('pack.yaml');
    expect(manifest.themes[0].id).toBe('isis-k');
    expect(manifest.themes[0].sections.length).toBeGreaterThan(0);
    for (const s of manifest.themes[0].sections) expect(s.score).toBeGreaterThan(0);
    expect(manifest.outputs).toEqual([{ file: 'pack.pdf', sha256: sha(out), pages: manifest.pages }]);
    expect(manifest.pages).toBeGreaterThan(3);
    expect(manifest.warnings).toEqual([]);

    const mtime = statSync(out).mtimeMs;
    const again = run(['build', '-c', config, '-o', out]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/^up to date: /);
    expect(statSync(out).mtimeMs).toBe(mtime);

    const forced = run(['build', '-c', config, '-o', out, '--force']);
    expect(forced.stderr).toMatch(/^wrote /m);

    // A changed input, or a PDF that is not the one built, means a rebuild.
    writeFileSync(
      join(dir, 'articles', '003_22ed21cef84baa87.txt'),
      `${readFileSync(join(dir, 'articles', '003_22ed21cef84baa87.txt'), 'utf8')}\nفقرة جديدة عن داعش خراسان.\n`,
    );
    expect(run(['build', '-c', config, '-o', out]).stderr).toMatch(/^wrote /m);
    writeFileSync(out, 'not the pack');
    expect(run(['build', '-c', config, '-o', out]).stderr).toMatch(/^wrote /m);
  });
});

describe('numbered copies', () => {
  it('--copies 3 writes three PDFs, «نسخة k من 3» on the cover and in every footer', async () => {
    const { dir, config } = smallPack();
    const result = run(['build', '-c', config, '-o', join(dir, 'pack.pdf'), '--copies', '3']);
    expect(result.code).toBe(0);
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.pdf'))
        .sort(),
    ).toEqual(['pack-01.pdf', 'pack-02.pdf', 'pack-03.pdf']);
    for (const k of [1, 3]) {
      const pdf = await readPdf(readFileSync(join(dir, `pack-0${k}.pdf`)));
      expect(copyLine(pdf.pages[0]!)).toEqual(tokens(`نسخة ${k} من 3`));
      pdf.pages.slice(1).forEach((items, i) => {
        if (items.length === 0) return; // a blank verso
        expect(copyLine(items), `copy ${k}, page ${i + 2}`).toEqual(tokens(`TLP:GREEN · نسخة ${k} من 3`));
      });
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'pack.json'), 'utf8'));
    expect(manifest.outputs.map((o: { copy: number }) => o.copy)).toEqual([1, 2, 3]);
  });

  it('--recipients with --watermark --combined: one file, each copy numbered and marked with its recipient', async () => {
    const { dir, config } = smallPack();
    const recipients = join(dir, 'board.yaml');
    writeFileSync(recipients, '- سارة الحربي\n- J. Smith\n');
    const result = run([
      'build',
      '-c',
      config,
      '-o',
      join(dir, 'pack.pdf'),
      '--recipients',
      recipients,
      '--watermark',
      '--combined',
    ]);
    expect(result.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'pack.json'), 'utf8'));
    const pdf = await readPdf(readFileSync(join(dir, 'pack.pdf')));
    expect(pdf.numPages).toBe(manifest.pages);
    const perCopy = pdf.numPages / 2;
    expect(Number.isInteger(perCopy)).toBe(true);
    expect(copyLine(pdf.pages[0]!)).toEqual(tokens('نسخة 1 من 2 · سارة الحربي'));
    expect(copyLine(pdf.pages[perCopy]!)).toEqual(tokens('نسخة 2 من 2 · J. Smith'));
    expect(copyLine(pdf.pages[perCopy + 2]!)).toEqual(tokens('TLP:GREEN · نسخة 2 من 2'));
    // The watermark: the recipient drawn once on every page of the copy.
    expect(
      pdf.pages
        .slice(0, perCopy)
        .every((items) => items.some((i) => i.str.includes('سارة') || i.str.includes('الحربي'))),
    ).toBe(true);
  });

  it('a broken recipients file is one line naming it, exit 1', () => {
    const { dir, config } = smallPack();
    writeFileSync(join(dir, 'r.yaml'), 'name: not a list\n');
    const result = run(['build', '-c', config, '-o', join(dir, 'pack.pdf'), '--recipients', join(dir, 'r.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: .*r\.yaml expected a YAML list/)]);
    expect(run(['build', '-c', config, '--copies', '0']).code).toBe(1);
  });

  it('a recipients file is found from the current folder, else beside the config; neither: one line, exit 1', () => {
    const { dir, config } = smallPack();
    writeFileSync(join(dir, 'list.yaml'), '- أحمد\n- سارة\n');
    const elsewhere = mkdtempSync(join(tmpdir(), 'briefing-elsewhere-'));
    const names = (cwd: string) => {
      const result = run(['build', '-c', config, '-o', join(dir, 'r.pdf'), '--recipients', 'list.yaml', '--force'], {
        cwd,
      });
      expect(result.code, result.stderr).toBe(0);
      return (
        JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { outputs: { recipient: string }[] }
      ).outputs.map((o) => o.recipient);
    };
    expect(names(elsewhere)).toEqual(['أحمد', 'سارة']);
    // One in the current folder is the one meant.
    writeFileSync(join(elsewhere, 'list.yaml'), '- ليلى\n');
    expect(names(elsewhere)).toEqual(['ليلى']);
    const missing = run(['build', '-c', config, '--recipients', 'nobody.yaml'], { cwd: elsewhere });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^error: nobody\.yaml recipients file: not found/),
    ]);
  });
});

describe('booklet', () => {
  it('imposes RTL: sheet 1 front has page 1 on the left and the last page on the right, pages padded to a multiple of 4', () => {
    expect(bookletLength(45)).toBe(48);
    expect(bookletOrder(8)).toEqual([
      [1, 8],
      [7, 2],
      [3, 6],
      [5, 4],
    ]);
    // Every page exactly once.
    expect(
      bookletOrder(48)
        .flat()
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
  });

  it('--booklet writes A4 landscape sheets whose halves carry the A5 pages in booklet order (read back)', async () => {
    const { dir, config } = smallPack();
    const result = run(['build', '-c', config, '-o', join(dir, 'booklet.pdf'), '--booklet']);
    expect(result.code).toBe(0);
    const pdf = await readPdf(readFileSync(join(dir, 'booklet.pdf')));
    expect(pdf.pageSize.width).toBeCloseTo(841.89, 1);
    expect(pdf.pageSize.height).toBeCloseTo(595.28, 1);
    // Footers «صفحة n من N» tell which A5 page sits in which half.
    let total = 0;
    const placed: [number, number][] = pdf.pages.map((items) => {
      const halves: [number, number] = [0, 0];
      for (const line of ['left', 'right'] as const) {
        const side = items.filter((i) => (line === 'left' ? i.x < 421 : i.x >= 421));
        const match = /صفحة (\d+) من (\d+)/.exec(readingLines(side).join('\n'));
        if (match) {
          halves[line === 'left' ? 0 : 1] = Number(match[1]);
          total = Number(match[2]);
        }
      }
      return halves;
    });
    expect(pdf.numPages).toBe(bookletLength(total) / 2);
    const expected = bookletOrder(bookletLength(total));
    let checked = 0;
    placed.forEach(([left, right], side) => {
      if (left) {
        expect(left, `sheet side ${side + 1}, left`).toBe(expected[side]![0]);
        checked++;
      }
      if (right) {
        expect(right, `sheet side ${side + 1}, right`).toBe(expected[side]![1]);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(total / 2);
  });
});

describe('briefing check', () => {
  it('validates without writing a PDF; a broken config is one line with file and line, exit 1', () => {
    const { dir, config } = smallPack();
    const ok = run(['check', '-c', config]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/^ok: /m);
    expect(readdirSync(dir).some((f) => f.endsWith('.pdf'))).toBe(false);
    writeFileSync(config, 'title: موجز\nthemes:\n  - id: x\n    title: س\n    keywords: داعش\n');
    const broken = run(['check', '-c', config]);
    expect(broken.code).toBe(1);
    expect(broken.stderr.trim().split('\n')).toEqual([
      `error: ${config}:5:15 themes[0].keywords: expected a list, got text "داعش"`,
    ]);
  });
});

describe('command line polish', () => {
  it('--version prints the package version', () => {
    const result = run(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('every command has --help with an example', () => {
    for (const command of ['build', 'check', 'init', 'parse', 'themes']) {
      const result = run([command, '--help']);
      expect(result.code, command).toBe(0);
      expect(result.stdout, command).toMatch(/Examples:\n\s+briefing /);
    }
  });

  it('--quiet prints nothing on success; colour only when asked for, never with NO_COLOR', () => {
    const { dir, config } = smallPack();
    const quiet = run(['build', '-c', config, '-o', join(dir, 'q.pdf'), '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    const coloured = run(['check', '-c', join(dir, 'missing.yaml')], {
      env: { FORCE_COLOR: '1', NO_COLOR: undefined },
    });
    expect(coloured.stderr).toContain('\u001b[31merror:\u001b[0m');
    const plain = run(['check', '-c', join(dir, 'missing.yaml')], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(plain.code).toBe(1);
    expect(plain.stderr).not.toContain('\u001b[');
  });

  it('init scaffolds a pack that builds as it stands, and will not overwrite it', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'briefing-init-')), 'weekly');
    expect(run(['init', dir]).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['articles', 'briefing.yaml', 'templates']);
    expect(readdirSync(join(dir, 'templates'))).toContain('pack.hbs');
    const built = run(['build', '--strict'], { cwd: dir });
    expect(built.code, built.stderr).toBe(0);
    expect(existsSync(join(dir, 'out', 'briefing.pdf'))).toBe(true);
    const again = run(['init', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists .*--force/);
  });

  it('init names a schema that exists from the pack, and a next step that builds the pack as this machine can run it', async () => {
    const { nextStep } = await import('../src/init.js');
    const parent = mkdtempSync(join(tmpdir(), 'briefing-init-'));
    const dir = join(parent, 'weekly');
    const made = run(['init', dir], { env: { PATH: '', npm_command: undefined } });
    expect(made.code).toBe(0);
    const schemaPath = /\$schema=(\S+)/.exec(readFileSync(join(dir, 'briefing.yaml'), 'utf8'))![1]!;
    expect(existsSync(join(dir, schemaPath))).toBe(true);
    // Nothing named briefing on the PATH: node and the launcher's full path, which works from anywhere.
    const step = /^next: (.*)$/m.exec(made.stderr)![1]!;
    expect(step).toBe(`node ${join(process.cwd(), 'bin', 'briefing.js')} build -c ${join(dir, 'briefing.yaml')}`);
    const built = spawnSync('sh', ['-c', step], { cwd: tmpdir(), encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    expect(existsSync(join(dir, 'out', 'briefing.pdf'))).toBe(true);
    // An installed command (npm's symlink to this launcher) on the PATH: just «briefing».
    const bin = join(parent, 'bin');
    mkdirSync(bin);
    symlinkSync(join(process.cwd(), 'bin', 'briefing.js'), join(bin, 'briefing'));
    expect(nextStep('my pack', { PATH: bin })).toBe("cd 'my pack' && briefing build");
    // A different program called briefing is not ours to suggest.
    mkdirSync(join(parent, 'elsewhere'));
    writeFileSync(join(parent, 'elsewhere', 'briefing'), '#!/bin/sh\n');
    expect(nextStep('weekly', { PATH: join(parent, 'elsewhere') })).toMatch(/^node /);
    // Under npx, whose bin folder the user's shell does not have: npx again, from the same folder.
    expect(nextStep('weekly', { PATH: bin, npm_command: 'exec' })).toBe(
      `npx briefing build -c ${join('weekly', 'briefing.yaml')}`,
    );
  });
});

describe('glyph coverage', () => {
  it('Greek and Cyrillic the Arabic face lacks are drawn in the fallback face; with no fallback they are reported', async () => {
    const { dir, config } = smallPack();
    writeFileSync(
      join(dir, 'articles', 'zz_names.txt'),
      'داعش خراسان في تقرير دولي\n\n19 يوليو 2024\n\nقالت وكالة ТАСС الروسية إن داعش خراسان يتوسع، وذكرت صحيفة Καθημερινή اليونانية أن طالبان تراقب.\n',
    );
    const out = join(dir, 'pack.pdf');
    const built = run(['build', '-c', config, '-o', out, '--strict']);
    expect(built.code, built.stderr).toBe(0);
    const pdf = await readPdf(readFileSync(out));
    expect(pdf.fontNames.some((n) => /\+DejaVuSerif$/.test(n))).toBe(true);
    const text = pdf.pages.flatMap((items) => readingLines(items)).join('\n');
    expect(text).toContain('ТАСС');
    expect(text).toContain('Καθημερινή');

    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace('allow_undated: true\n', 'allow_undated: true\nfonts:\n  fallback: false\n'),
    );
    const checked = run(['check', '-c', config]);
    expect(checked.code).toBe(0);
    expect(checked.stderr).toMatch(/zz_names\.txt:5 no glyph for U\+0422 «Т» in Amiri-Regular \(no fallback font\)/);
  });
});

describe('the scheduled workflow', () => {
  const workflow = parseYaml(readFileSync('.github/workflows/briefing.yml', 'utf8')) as {
    on: Record<string, unknown>;
    jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

  it('is valid YAML with a schedule and a manual trigger, npm caching, and an artifact that must exist', () => {
    expect(workflow.on).toHaveProperty('schedule');
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node'))?.with?.['cache']).toBe('npm');
    expect(steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))?.with?.['if-no-files-found']).toBe('error');
    expect(steps.some((s) => s.run?.includes('GITHUB_STEP_SUMMARY'))).toBe(true);
    expect(steps.some((s) => s.run?.includes('SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)'))).toBe(true);
  });

  it('fetches before it builds, keeping fetched/ and the last manifest between runs', () => {
    const order = steps.map((s) => s.run ?? s.uses ?? '');
    const fetchAt = order.findIndex((r) => r === 'npx briefing fetch');
    expect(fetchAt).toBeGreaterThan(order.findIndex((r) => r.startsWith('actions/cache')));
    expect(fetchAt).toBeLessThan(order.findIndex((r) => r.includes('npx briefing build --strict')));
    const cache = steps.find((s) => s.uses?.startsWith('actions/cache'))!.with!;
    expect(
      String(cache['path'])
        .split('\n')
        .map((p) => p.trim())
        .filter(Boolean),
    ).toEqual(['fetched', 'out/briefing.json']);
    expect(String(cache['restore-keys'])).toMatch(/briefing-fetched-\n?/);
  });

  it('runs only commands and options that exist', () => {
    const commands = steps.flatMap((s) => (s.run ?? '').split('\n')).filter((line) => /npx briefing /.test(line));
    expect(commands.length).toBeGreaterThan(0);
    expect(steps.some((s) => s.run === 'npm ci')).toBe(true);
    for (const line of commands) {
      const [command, ...flags] = line
        .replace(/\$\{\{.*?\}\}/g, '')
        .trim()
        .split(/\s+/)
        .slice(2);
      const help = run([command!, '--help']);
      expect(help.code, line).toBe(0);
      for (const flag of flags) expect(help.stdout, `${line}: ${flag}`).toContain(flag);
    }
  });
});
