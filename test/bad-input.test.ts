// The bad-input catalogue: every way an input, config, font, template or output can be wrong, run as a
// user runs it (a separate process). Each: the exit code stated, one line naming the file (and line
// where known), no stack trace, and an existing PDF left byte for byte as it was when the run fails.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.js';
import { writeAtomically } from '../src/output.js';
import { objectsText } from './helpers/pdf.js';

const ROOT = process.cwd();
const BIN = join(ROOT, 'bin/briefing.js');
const GOOD = join(ROOT, 'seeds', '000_21268274f0d39a32.txt');
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Runs quietly: a slow (loaded) machine would otherwise print progress lines before the error. */
function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [BIN, ...args, '--quiet'], { encoding: 'utf8', cwd });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const THEMES = 'themes:\n  - id: isis-k\n    title: داعش خراسان\n    keywords: [داعش, خراسان]\n';

/** A pack folder with one good article and a built out/briefing.pdf, to be left intact by failures. */
function pack(): { dir: string; pdf: string; hash: string } {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-bad-'));
  mkdirSync(join(dir, 'articles'));
  cpSync(GOOD, join(dir, 'articles', 'good.txt'));
  writeFileSync(join(dir, 'briefing.yaml'), `title: موجز\ninputs: [articles/*]\nallow_undated: true\n${THEMES}`);
  const built = run(['build'], dir);
  if (built.code !== 0) throw new Error(built.stderr);
  const pdf = join(dir, 'out', 'briefing.pdf');
  return { dir, pdf, hash: sha(pdf) };
}

/**
 * One-line failure: exit 1, a single «error: file[:line] message» line (followed, where the column is
 * known, by the source line and a caret), no stack, the old PDF intact.
 */
function expectFailure(
  result: ReturnType<typeof run>,
  fileAndMessage: RegExp,
  pdf: { pdf: string; hash: string },
): void {
  expect(result.code, result.stderr).toBe(1);
  const [first, ...excerpt] = result.stderr.trim().split('\n');
  const lines = [first];
  expect(
    excerpt.length === 0 ||
      (excerpt.length === 2 && /^ {2}\d+ \| /.test(excerpt[0]!) && /^ {2} +\| +\^$/.test(excerpt[1]!)),
    result.stderr,
  ).toBe(true);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(fileAndMessage);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(sha(pdf.pdf)).toBe(pdf.hash);
  expect(readdirSync(join(pdf.pdf, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
}

describe('bad articles: skipped or repaired with a warning naming the file; fatal under --strict', () => {
  let p: ReturnType<typeof pack>;
  beforeAll(() => {
    p = pack();
  });
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6360000000020001e221bc330000000049454e44ae426082',
    'hex',
  );
  const cases: { name: string; file: string; write: (path: string) => void; warning: RegExp }[] = [
    { name: 'an empty file', file: 'empty.txt', write: (f) => writeFileSync(f, ''), warning: /empty\.txt empty file/ },
    {
      name: 'a binary file (NUL bytes)',
      file: 'nul.txt',
      write: (f) => writeFileSync(f, Buffer.from([0x41, 0, 0x42, 0, 0x43])),
      warning: /nul\.txt binary file/,
    },
    {
      name: 'a PNG renamed .txt',
      file: 'image.txt',
      write: (f) => writeFileSync(f, png),
      warning: /image\.txt a PNG image, not an article: articles are plain text/,
    },
    {
      name: 'a title only',
      file: 'title.txt',
      write: (f) => writeFileSync(f, 'عنوان بلا نص عن داعش\n'),
      warning: /title\.txt title only/,
    },
    {
      name: 'a directory among the inputs',
      file: 'folder.txt',
      write: (f) => mkdirSync(f),
      warning: /folder\.txt is a directory/,
    },
    {
      name: 'an unreadable file (a dangling link)',
      file: 'gone.txt',
      write: (f) => symlinkSync(join(tmpdir(), 'no-such-article-anywhere.txt'), f),
      warning: /gone\.txt cannot read file/,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: skipped with a warning, exit 0; under --strict exit 1 and the PDF untouched`, () => {
      const dir = mkdtempSync(join(p.dir, 'case-'));
      mkdirSync(join(dir, 'articles'));
      cpSync(GOOD, join(dir, 'articles', 'good.txt'));
      c.write(join(dir, 'articles', c.file));
      const config = join(dir, 'pack.yaml');
      // By the pattern alone: a folder it matches is warned about like any other non-article.
      writeFileSync(config, `title: موجز\ninputs: [articles/*]\nallow_undated: true\n${THEMES}`);
      const loose = run(['check', '-c', config], ROOT);
      expect(loose.code, loose.stderr).toBe(0);
      expect(loose.stderr).toMatch(new RegExp(`^warning: .*${c.warning.source}.*`, 'm'));
      expectFailure(run(['build', '-c', config, '-o', p.pdf, '--strict', '--force'], ROOT), c.warning, p);
    });
  }

  it("a saved page's NAME_files folder beside it is passed over in silence", () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-files-'));
    mkdirSync(join(dir, 'articles', 'page_files'), { recursive: true });
    cpSync(GOOD, join(dir, 'articles', 'good.txt'));
    writeFileSync(
      join(dir, 'articles', 'page.html'),
      `<html><body><article><h1>عنوان</h1><p>${'داعش خراسان كلمة '.repeat(20)}</p></article></body></html>`,
    );
    writeFileSync(join(dir, 'pack.yaml'), `title: موجز\ninputs: [articles/*]\nallow_undated: true\n${THEMES}`);
    const result = run(['check', '-c', 'pack.yaml'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/page_files/);
  });

  it('windows-1256, UTF-16 with a BOM, CRLF and CR line ends are all read (the legacy encoding with a warning)', () => {
    const title = 'عنوان تجريبي عن داعش خراسان';
    const bodyText = `${title}\n\n19 يوليو 2024\n\nقال مسؤول إن داعش خراسان يتوسع في المنطقة وطالبان تراقب ما يجري عن كثب.\n`;
    const dir = mkdtempSync(join(p.dir, 'enc-'));
    const cp1256 = new Map<string, number>();
    // windows-1256 bytes for the letters used, from Node's own decoder (the inverse table).
    const decoder = new TextDecoder('windows-1256');
    for (let b = 0x80; b <= 0xff; b++) cp1256.set(decoder.decode(Uint8Array.of(b)), b);
    writeFileSync(
      join(dir, 'legacy.txt'),
      Buffer.from([...bodyText].map((ch) => (ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : cp1256.get(ch)!))),
    );
    writeFileSync(join(dir, 'utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bodyText, 'utf16le')]));
    writeFileSync(join(dir, 'crlf.txt'), bodyText.replace(/\n/g, '\r\n'));
    writeFileSync(join(dir, 'cr.txt'), bodyText.replace(/\n/g, '\r'));
    const result = run(
      ['parse', '--json', ...['legacy', 'utf16', 'crlf', 'cr'].map((n) => join(dir, `${n}.txt`))],
      ROOT,
    );
    expect(result.code, result.stderr).toBe(0);
    const articles = JSON.parse(result.stdout) as { title: string; date: string; warnings: { message: string }[] }[];
    expect(articles.map((a) => a.title)).toEqual([title, title, title, title]);
    expect(articles.map((a) => a.date)).toEqual(['2024-07-19', '2024-07-19', '2024-07-19', '2024-07-19']);
    expect(articles[0]!.warnings.map((w) => w.message)).toContain('not UTF-8: decoded as windows-1256');
  });

  it('bidi controls and lone surrogates in the text: built, surrogates replaced with a warning, nothing lost', () => {
    const dir = mkdtempSync(join(p.dir, 'bidi-'));
    mkdirSync(join(dir, 'articles'));
    const text =
      'تقرير عن داعش خراسان\n\n19 يوليو 2024\n\nقال \u202Bمسؤول\u202C إن \u2067داعش خراسان\u2069 يتوسع \u202EABC\u202C في \uD800 المنطقة.\n';
    writeFileSync(
      join(dir, 'articles', 'odd.txt'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    writeFileSync(join(dir, 'pack.yaml'), `title: موجز\ninputs: [articles/*]\n${THEMES}`);
    const result = run(['build', '-c', join(dir, 'pack.yaml'), '-o', join(dir, 'odd.pdf')], ROOT);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/odd\.txt lone UTF-16 surrogate\(s\) replaced with U\+FFFD/);
    expect(readFileSync(join(dir, 'odd.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a 5 MB single line parses (no hang, no crash); a file over max_article_mb is skipped', () => {
    const dir = mkdtempSync(join(p.dir, 'big-'));
    writeFileSync(join(dir, 'long.txt'), `عنوان طويل\n\n${'كلمة عربية '.repeat(260_000)}\n`);
    const parsed = run(['parse', join(dir, 'long.txt')], ROOT);
    expect(parsed.code, parsed.stderr).toBe(0);
    expect(parsed.stdout).toMatch(/title: {4}عنوان طويل/);
    mkdirSync(join(dir, 'articles'));
    cpSync(GOOD, join(dir, 'articles', 'good.txt'));
    cpSync(join(dir, 'long.txt'), join(dir, 'articles', 'long.txt'));
    writeFileSync(
      join(dir, 'pack.yaml'),
      `title: موجز\ninputs: [articles/*]\nallow_undated: true\nmax_article_mb: 1\n${THEMES}`,
    );
    const checked = run(['check', '-c', join(dir, 'pack.yaml')], ROOT);
    expect(checked.code).toBe(0);
    expect(checked.stderr).toMatch(/long\.txt file is larger than the 1 MB limit \(max_article_mb\) \(skipped\)/);
  });
});

describe('bad configs, fonts and templates: exit 1, one line with file and line, the PDF untouched', () => {
  let p: ReturnType<typeof pack>;
  beforeAll(() => {
    p = pack();
  });
  const withConfig = (name: string, yaml: string, extra: (dir: string) => void = () => undefined) => {
    const dir = mkdtempSync(join(p.dir, `${name}-`));
    mkdirSync(join(dir, 'articles'));
    cpSync(GOOD, join(dir, 'articles', 'good.txt'));
    extra(dir);
    const config = join(dir, 'pack.yaml');
    writeFileSync(config, yaml);
    return run(['build', '-c', config, '-o', p.pdf, '--force'], ROOT);
  };
  const base = 'title: موجز\ninputs: [articles/*]\nallow_undated: true\n';
  const cases: { name: string; yaml: string; error: RegExp; extra?: (dir: string) => void }[] = [
    { name: 'YAML syntax error', yaml: `${base}themes: [\n  - id: x\n`, error: /pack\.yaml:\d+:\d+ YAML syntax error/ },
    {
      name: 'unknown key',
      yaml: `${base}titel: x\n${THEMES}`,
      error: /pack\.yaml:4:1 titel: unknown key "titel" \(did you mean "title"\?\)/,
    },
    {
      name: 'wrong type',
      yaml: `${base}themes:\n  - id: x\n    title: س\n    keywords: داعش\n`,
      error: /pack\.yaml:7:15 themes\[0\]\.keywords: expected a list, got text "داعش"/,
    },
    {
      name: 'duplicate theme ids',
      yaml: `${base}${THEMES}  - id: isis-k\n    title: مكرر\n    keywords: [داعش]\n`,
      error: /pack\.yaml:8:9 themes\[1\]\.id: duplicate theme id "isis-k"/,
    },
    { name: 'no themes', yaml: `${base}themes: []\n`, error: /pack\.yaml:4:9 themes: expected at least one theme/ },
    {
      name: 'inputs matching nothing',
      yaml: `title: موجز\ninputs: [nowhere/*.txt]\n${THEMES}`,
      error: /pack\.yaml:2:10 inputs\[0\]: folder not found: nowhere \(for "nowhere\/\*\.txt"\)/,
    },
    {
      name: 'font file missing',
      yaml: `${base}fonts: { regular: fonts/none.ttf }\n${THEMES}`,
      error: /none\.ttf font file not found or unreadable/,
    },
    {
      name: 'not a font',
      yaml: `${base}fonts: { regular: fake.ttf }\n${THEMES}`,
      error: /fake\.ttf unusable font: not a TrueType or OpenType font/,
      extra: (d) => writeFileSync(join(d, 'fake.ttf'), 'hello, this is not a font file'),
    },
    {
      name: 'a font cut in half',
      yaml: `${base}fonts: { regular: half.ttf }\n${THEMES}`,
      error: /half\.ttf unusable font: its «glyf» table runs past the end of the file/,
      extra: (d) => writeFileSync(join(d, 'half.ttf'), AMIRI.subarray(0, AMIRI.length >> 1)),
    },
    {
      name: 'a font with garbage glyph offsets',
      yaml: `${base}fonts: { regular: loca.ttf }\n${THEMES}`,
      error: /loca\.ttf unusable font: its glyph offsets \(«loca»\) are damaged/,
      extra: (d) => writeFileSync(join(d, 'loca.ttf'), withGarbageLoca(AMIRI)),
    },
    {
      name: 'a WOFF2 web font',
      yaml: `${base}fonts: { regular: web.woff2 }\n${THEMES}`,
      error: /web\.woff2 unusable font: a WOFF2 web font: convert it to TTF or OTF/,
      extra: (d) => writeFileSync(join(d, 'web.woff2'), Buffer.concat([Buffer.from('wOF2'), AMIRI.subarray(4, 2000)])),
    },
    {
      name: 'a font with no Arabic glyphs',
      yaml: `${base}fonts: { regular: ${join(ROOT, 'fonts/DejaVuSerif.ttf')} }\n${THEMES}`,
      error: /DejaVuSerif\.ttf font has no Arabic glyphs/,
    },
    {
      name: 'a remote font',
      yaml: `${base}fonts: { regular: "https://example.org/Amiri.ttf" }\n${THEMES}`,
      error:
        /pack\.yaml:4:\d+ fonts\.regular: "https:\/\/example\.org\/Amiri\.ttf" is a remote address: nothing is downloaded/,
    },
    {
      name: 'templates outside the config folder',
      yaml: `${base}templates: ../../\n${THEMES}`,
      error: /pack\.yaml:4:12 templates: "\.\.\/\.\.\/" is outside the config's folder/,
    },
    {
      name: 'a template linking outside its folder',
      yaml: `${base}templates: tpl\n${THEMES}`,
      error: /tpl\/cover\.hbs template is a link to a file outside the templates folder; refused/,
      extra: (d) => {
        mkdirSync(join(d, 'tpl'));
        symlinkSync('/etc/hostname', join(d, 'tpl', 'cover.hbs'));
      },
    },
    {
      name: 'template syntax error',
      yaml: `${base}templates: tpl\n${THEMES}`,
      error: /tpl\/cover\.hbs:2:\d+ template syntax error: a \{\{ … \}\} is not closed properly/,
      extra: (d) => tpl(d, 'cover.hbs', '<cover>\n{{#if pack.title}\n</cover>\n'),
    },
    {
      name: 'unknown helper',
      yaml: `${base}templates: tpl\n${THEMES}`,
      error: /tpl\/cover\.hbs:1 unknown helper "shout"/,
      extra: (d) => tpl(d, 'cover.hbs', '<cover><title>{{shout pack.title}}</title></cover>\n'),
    },
    {
      name: 'unknown element',
      yaml: `${base}templates: tpl\n${THEMES}`,
      error: /cover\.hbs:1 unknown element <blink>/,
      extra: (d) => tpl(d, 'cover.hbs', '<cover><blink>{{pack.title}}</blink></cover>\n'),
    },
    {
      name: 'a template that repeats without end ({{#each}} nested ten deep)',
      yaml: `${base}templates: tpl\nthemes:\n${[1, 2, 3, 4, 5].map((n) => `  - id: t${n}\n    title: محور ${n}\n    keywords: [داعش]\n`).join('')}`,
      error: /tpl\/pack\.hbs template error: the templates repeat more than 500,000 times/,
      extra: (d) =>
        tpl(
          d,
          'pack.hbs',
          `<pack>${'{{#each @root.themes}}'.repeat(10)}<p>{{title}}</p>${'{{/each}}'.repeat(10)}</pack>\n`,
        ),
    },
    {
      name: 'a missing partial',
      yaml: `${base}templates: tpl\n${THEMES}`,
      error: /pack\.hbs missing partial "coverr"/,
      extra: (d) => tpl(d, 'pack.hbs', '<pack>\n{{> coverr}}\n</pack>\n'),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expectFailure(withConfig(c.name.replace(/\W+/g, '-'), c.yaml, c.extra), c.error, p);
    });
  }
});

const AMIRI = readFileSync(join(ROOT, 'fonts', 'Amiri-Regular.ttf'));

/** The font with its «loca» glyph offsets overwritten by a pattern that goes down as well as up. */
function withGarbageLoca(font: Buffer): Buffer {
  const damaged = Buffer.from(font);
  const tables = damaged.readUInt16BE(4);
  for (let i = 0; i < tables; i++) {
    const at = 12 + i * 16;
    if (damaged.toString('latin1', at, at + 4) !== 'loca') continue;
    const offset = damaged.readUInt32BE(at + 8);
    for (let k = 0; k < 400; k++) damaged[offset + 40 + k] = (k * 37) & 0xff;
  }
  return damaged;
}

function tpl(dir: string, name: string, source: string): void {
  mkdirSync(join(dir, 'tpl'), { recursive: true });
  writeFileSync(join(dir, 'tpl', name), source);
}

describe('output: never a torn file', () => {
  it('a folder that cannot be written: exit 1, one line', () => {
    const p = pack();
    writeFileSync(join(p.dir, 'plain-file'), 'x');
    const result = run(['build', '-o', join(p.dir, 'plain-file', 'pack.pdf')], p.dir);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^error: .*plain-file\/pack\.pdf cannot write output \(ENOTDIR\)/);
  });

  it('a disk that fills up mid-way (simulated): the old file stays, byte for byte, and no temporary file is left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-full-'));
    const target = join(dir, 'pack.pdf');
    writeFileSync(target, 'the old pack');
    let calls = 0;
    const fillsUp = {
      write: () => {
        if (++calls > 1) throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
        return 1 << 20;
      },
    };
    expect(() => writeAtomically(target, Buffer.alloc(3 << 20, 1), fillsUp)).toThrow(UserError);
    expect(() => writeAtomically(target, Buffer.alloc(3 << 20, 1), { write: () => 0 })).toThrow(
      /cannot write output \(EIO\)/,
    );
    try {
      calls = 0;
      writeAtomically(target, Buffer.alloc(3 << 20, 1), fillsUp);
    } catch (error) {
      expect((error as UserError).toLine()).toMatch(
        /pack\.pdf cannot write output \(ENOSPC: the disk is full\); the previous file, if any, is unchanged$/,
      );
    }
    expect(readFileSync(target, 'utf8')).toBe('the old pack');
    expect(readdirSync(dir)).toEqual(['pack.pdf']);
  });

  it('interrupted (SIGINT) mid-build: exit 130, the old PDF intact, no temporary file', async () => {
    const p = pack();
    // Every seed, every section, three numbered copies combined into one PDF.
    for (const name of readdirSync(join(ROOT, 'seeds')))
      cpSync(join(ROOT, 'seeds', name), join(p.dir, 'articles', name));
    writeFileSync(
      join(p.dir, 'big.yaml'),
      'title: موجز\ninputs: [articles/*]\nallow_undated: true\nthemes:\n  - id: all\n    title: الكل\n    keywords: [في]\n    min_score: 0.01\n    max_sections: 200\n',
    );
    // The build holds once every copy is laid out and nothing is written yet (a test hook), so the
    // signal arrives at that moment on any machine, however fast or loaded.
    const child = spawn(
      process.execPath,
      [BIN, 'build', '-c', 'big.yaml', '-o', 'out/briefing.pdf', '--copies', '3', '--combined', '--force'],
      {
        cwd: p.dir,
        env: { ...process.env, BRIEFING_HOLD_BEFORE_WRITE: '1' },
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve) =>
      child.stderr.on('data', () => stderr.includes('holding before write') && resolve()),
    );
    child.kill('SIGINT');
    const code = await exited;
    expect(code).toBe(130);
    expect(stderr.trim().split('\n').pop()).toBe('interrupted: nothing was written');
    expect(sha(p.pdf)).toBe(p.hash);
    expect(readdirSync(join(p.dir, 'out')).sort()).toEqual(['briefing.json', 'briefing.pdf']);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('two builds writing the same output at once: both succeed and the result is one whole PDF', async () => {
    const p = pack();
    const once = (): Promise<number | null> =>
      new Promise((resolve) =>
        spawn(process.execPath, [BIN, 'build', '--force', '--quiet'], { cwd: p.dir }).on('exit', (c) => resolve(c)),
      );
    const codes = await Promise.all([once(), once()]);
    expect(codes).toEqual([0, 0]);
    expect(sha(p.pdf)).toBe(p.hash); // identical inputs: either writer's file is this one
    expect(readdirSync(join(p.dir, 'out')).sort()).toEqual(['briefing.json', 'briefing.pdf']);
  });
});

describe('output: never over what it would destroy, both or nothing, the truth on interrupt', () => {
  /** A refusal: exit 1, the message on the first line, the protected file and the old PDF unchanged. */
  function expectRefusal(args: string[], message: RegExp, protectedFile: string): void {
    const p = pack();
    const target = join(p.dir, protectedFile);
    const before = existsSync(target) ? sha(target) : null;
    const result = run(['build', '--force', ...args], p.dir);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    if (before !== null) expect(sha(target)).toBe(before);
    expect(sha(p.pdf)).toBe(p.hash);
  }
  it('-o an input article: refused', () =>
    expectRefusal(
      ['-o', 'articles/good.txt'],
      /articles\/good\.txt refusing to write over an input article/,
      'articles/good.txt',
    ));
  it('-o the config: refused', () =>
    expectRefusal(['-o', 'briefing.yaml'], /briefing\.yaml refusing to write over the config/, 'briefing.yaml'));
  it('-o a manifest path (the PDF where its own manifest goes): refused', () =>
    expectRefusal(
      ['-o', 'out/briefing.json'],
      /out\/briefing\.json two outputs of this build would be the same file/,
      'out/briefing.json',
    ));
  it('-o a file whose manifest would be the config: refused', () => {
    const p = pack();
    cpSync(join(p.dir, 'briefing.yaml'), join(p.dir, 'pack.json'));
    const before = sha(join(p.dir, 'pack.json'));
    const result = run(['build', '-c', 'pack.json', '-o', 'pack.pdf'], p.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/pack\.json refusing to write over the config/);
    expect(sha(join(p.dir, 'pack.json'))).toBe(before);
    expect(existsSync(join(p.dir, 'pack.pdf'))).toBe(false);
  });
  it('-o a template or a font: refused', () => {
    expectRefusal(
      ['-o', join(ROOT, 'fonts', 'Amiri-Regular.ttf')],
      /refusing to write over a font/,
      '../../..' + join(ROOT, 'fonts', 'Amiri-Regular.ttf'),
    );
    expectRefusal(
      ['-o', join(ROOT, 'templates', 'pack.hbs')],
      /refusing to write over a template/,
      '../../..' + join(ROOT, 'templates', 'pack.hbs'),
    );
  });
  it('-o a device or a folder: refused, the device left a device', () => {
    expectRefusal(
      ['-o', '/dev/null'],
      /\/dev\/null refusing to write here: it is not a regular file/,
      'out/briefing.pdf',
    );
    expect(existsSync('/dev/null') && !readdirSync('/dev').includes('null.tmp')).toBe(true);
    expectRefusal(['-o', 'articles'], /articles refusing to write here: it is not a regular file/, 'articles/good.txt');
  });
  it('both or nothing: a manifest that cannot be written leaves the old PDF and no temporary file', () => {
    const p = pack();
    rmSync(join(p.dir, 'out', 'briefing.json'));
    mkdirSync(join(p.dir, 'out', 'briefing.json'));
    writeFileSync(join(p.dir, 'articles', 'second.txt'), readFileSync(GOOD, 'utf8').replace('علي رجب', 'كاتب آخر'));
    const result = run(['build', '--force'], p.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/briefing\.json refusing to write here: it is not a regular file/);
    expect(sha(p.pdf)).toBe(p.hash);
    expect(readdirSync(join(p.dir, 'out')).sort()).toEqual(['briefing.json', 'briefing.pdf']);
  });
  it("a temporary file left by a killed build (kill -9) is removed by the next build; a running one's is not", () => {
    const p = pack();
    const dead = join(p.dir, 'out', '.briefing.pdf.999999999.0.tmp');
    const alive = join(p.dir, 'out', `.briefing.pdf.${process.pid}.0.tmp`);
    writeFileSync(dead, 'half a PDF');
    writeFileSync(alive, 'another build at work');
    expect(run(['build', '--force'], p.dir).code).toBe(0);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(alive)).toBe(true);
  });
  it('interrupted at any moment, many times: what it prints is what is on disk', async () => {
    const p = pack();
    // A second article so every run's PDF differs from the first pack's.
    writeFileSync(join(p.dir, 'articles', 'second.txt'), readFileSync(GOOD, 'utf8').replace('علي رجب', 'كاتب آخر'));
    let seed = 7;
    const next = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const outcomes = new Set<string>();
    for (let round = 0; round < 12; round++) {
      const before = sha(p.pdf);
      const child = spawn(process.execPath, [BIN, 'build', '--force', '--quiet'], { cwd: p.dir });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Any moment from start-up to after the write: the claim must hold whichever it is.
      setTimeout(() => child.kill('SIGTERM'), next() * 1500);
      const code = await exited;
      const manifest = JSON.parse(readFileSync(join(p.dir, 'out', 'briefing.json'), 'utf8')) as {
        outputs: { sha256: string }[];
      };
      if (code === 0 || /already written/.test(stderr)) {
        outcomes.add('written');
        expect(manifest.outputs[0]!.sha256).toBe(sha(p.pdf));
      } else if (code === null) {
        // Killed while Node itself was starting, before any handler: silent, and nothing written.
        outcomes.add('killed');
        expect(stderr).toBe('');
        expect(sha(p.pdf)).toBe(before);
      } else {
        outcomes.add('nothing');
        expect(code).toBe(143);
        expect(stderr.trim()).toBe('interrupted: nothing was written');
        expect(sha(p.pdf)).toBe(before);
      }
      expect(readdirSync(join(p.dir, 'out')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    }
    expect(outcomes.size).toBeGreaterThan(0);
  }, 60_000);
});

describe('bounded work: no input can hang a build or take its memory', () => {
  /** Like run(), but a hang fails the test (after a generous bound) instead of stalling the suite. */
  function runBounded(args: string[], cwd: string) {
    const result = spawnSync(process.execPath, [BIN, ...args, '--quiet'], { encoding: 'utf8', cwd, timeout: 60_000 });
    expect(result.signal, 'the run had to be killed').toBeNull();
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }
  it('a FIFO among the inputs is skipped with a warning, never opened for reading', () => {
    const p = pack();
    spawnSync('mkfifo', [join(p.dir, 'articles', 'pipe.txt')]);
    const result = runBounded(['build', '--force'], p.dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /pipe\.txt not a regular file \(a FIFO, device or socket\), not an article \(skipped\)/,
    );
  });
  it('a link to /dev/zero among the inputs is skipped at once (stat says 0 bytes; no read is unbounded)', () => {
    const p = pack();
    symlinkSync('/dev/zero', join(p.dir, 'articles', 'zero.txt'));
    const result = runBounded(['build', '--force'], p.dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/zero\.txt not a regular file/);
  });
  it('a FIFO as the --recipients list or the config: one line, exit 1', () => {
    const p = pack();
    spawnSync('mkfifo', [join(p.dir, 'people.yaml'), join(p.dir, 'fifo.yaml')]);
    expectFailure(
      runBounded(['build', '--recipients', 'people.yaml', '--force'], p.dir),
      /people\.yaml recipients file is not a regular file/,
      p,
    );
    expectFailure(
      runBounded(['build', '-c', 'fifo.yaml', '--force'], p.dir),
      /fifo\.yaml the config is not a regular file/,
      p,
    );
  });
  it.each([
    ['null', (m: string) => writeFileSync(m, 'null')],
    [
      'outputs: [null]',
      (m: string) => writeFileSync(m, JSON.stringify({ format: 1, fingerprint: 'x', outputs: [null] })),
    ],
    ['a folder', (m: string) => mkdirSync(m)],
    ['a FIFO', (m: string) => spawnSync('mkfifo', [m])],
  ])('a manifest that is %s counts as none: the pack is built and the manifest written again', (_, make) => {
    const p = pack();
    const manifest = join(p.dir, 'out', 'briefing.json');
    rmSync(manifest);
    make(manifest);
    // A folder or FIFO where the manifest goes cannot be replaced: refused, as any output in the way.
    const result = runBounded(['build'], p.dir);
    if (existsSync(manifest) && !statSync(manifest).isFile()) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/briefing\.json refusing to write here: it is not a regular file/);
    } else {
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(readFileSync(manifest, 'utf8')).outputs[0].sha256).toBe(sha(p.pdf));
    }
  });
  it('thousands of paragraphs: the repeat check finds the near-duplicate among them (an index, not every pair)', () => {
    const p = pack();
    let seed = 3;
    const next = (): number => (seed = (seed * 48271) % 2147483647);
    const paragraph = (): string => Array.from({ length: 40 }, () => `كلمة${next() % 5000}`).join(' ') + '.';
    const paragraphs = Array.from({ length: 3000 }, paragraph);
    // The 2,000th says the 10th again with one word changed.
    paragraphs[2000] = paragraphs[10]!.replace(/^\S+/, 'تغيير');
    writeFileSync(
      join(p.dir, 'articles', 'long.txt'),
      ['مقال طويل جدا', 'الثلاثاء 21/يوليو/2015 - 02:48 ص', ...paragraphs].join('\n'),
    );
    const parsed = spawnSync(process.execPath, [BIN, 'parse', join(p.dir, 'articles', 'long.txt'), '--json'], {
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 1 << 28,
    });
    expect(parsed.stderr).toBe('');
    const [article] = JSON.parse(parsed.stdout) as { blocks: { text: string }[]; warnings: { message: string }[] }[];
    expect(article!.blocks).toHaveLength(2999);
    expect(article!.warnings.map((w) => w.message)).toContain(
      'repeated text dropped: 1 block(s) already seen earlier in the file',
    );
  });
});

describe('hostile or absurd content: a warning or one line, never an internal error', () => {
  it('front matter with an impossible date: that article is undated, with a warning; the pack is built', () => {
    const p = pack();
    writeFileSync(
      join(p.dir, 'articles', 'bad-date.md'),
      `---\ntitle: مقال\ndate: "2024-13-45"\n---\n${readFileSync(GOOD, 'utf8').split('\n').slice(5).join('\n')}`,
    );
    const result = run(['build', '--force'], p.dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/bad-date\.md:1 front matter: date "2024-13-45" not understood/);
  });
  it('SOURCE_DATE_EPOCH out of range or not a number: one line, exit 1', () => {
    const p = pack();
    for (const value of ['99999999999999999', 'yesterday']) {
      const result = spawnSync(process.execPath, [BIN, 'build', '--force', '--quiet'], {
        cwd: p.dir,
        encoding: 'utf8',
        env: { ...process.env, SOURCE_DATE_EPOCH: value },
      });
      expect(result.status).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/SOURCE_DATE_EPOCH=/);
      expect(sha(p.pdf)).toBe(p.hash);
    }
  });
  it('a «javascript:» URL in front matter never becomes a link action', () => {
    const p = pack();
    writeFileSync(
      join(p.dir, 'articles', 'js.md'),
      `---\ntitle: مقال\nurl: "javascript:alert(1)"\n---\n${readFileSync(GOOD, 'utf8').split('\n').slice(5).join('\n')}`,
    );
    const result = run(['build', '--force'], p.dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/js\.md:1 front matter: url "javascript:alert\(1\)" is not a web address/);
    expect(objectsText(readFileSync(p.pdf))).not.toMatch(/javascript/i);
  });
  it('control characters in a file name are shown escaped, never sent to the terminal', () => {
    const p = pack();
    const name = 'evil\u001b[2J\nname.txt';
    writeFileSync(join(p.dir, 'articles', name), '');
    const result = run(['build', '--force'], p.dir);
    expect(result.stderr).toContain('evil\\x1b[2J\\x0aname.txt empty file (skipped)');
    expect(result.stderr).not.toContain('\u001b[2J');
  });
  it('a keyword of harakat, tatweel or punctuation only: refused with its key path', () => {
    const p = pack();
    writeFileSync(
      join(p.dir, 'marks.yaml'),
      'title: موجز\ninputs: [articles/*]\nallow_undated: true\nthemes:\n  - id: x\n    title: س\n    keywords: [داعش, "ـــ"]\n',
    );
    expectFailure(
      run(['build', '-c', 'marks.yaml', '-o', 'out/briefing.pdf', '--force'], p.dir),
      /marks\.yaml:7:\d+ themes\[0\]\.keywords\[1\]: expected a word \(letters\) or a number/,
      p,
    );
  });
  it('a word of megabytes and a title of one huge line are cut, with warnings; the pack is built', () => {
    const p = pack();
    writeFileSync(
      join(p.dir, 'articles', 'blob.txt'),
      `${'ع'.repeat(5000)}\nالثلاثاء 21/يوليو/2015 - 02:48 ص\nفقرة أولى فيها كلمات عادية كثيرة تكفي لتكون فقرة من مقال حقيقي عن داعش خراسان.\n${'x'.repeat(3_000_000)}\n`,
    );
    const result = spawnSync(process.execPath, [BIN, 'build', '--force', '--quiet'], {
      cwd: p.dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.signal).toBeNull();
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/blob\.txt:1 a title of 5000 characters cut to 300/);
    expect(result.stderr).toMatch(
      /blob\.txt:4 a word of 3000000 characters cut into pieces of 1000; a paragraph of \d+ characters split into \d+/,
    );
  });
});

describe('security', () => {
  it('the PDF carries no JavaScript, OpenAction, launch or additional actions', () => {
    const p = pack();
    // Dictionaries included: a tagged PDF keeps them in compressed object streams.
    const bytes = objectsText(readFileSync(p.pdf));
    for (const key of [
      '/JavaScript',
      '/JS ',
      '/JS(',
      '/OpenAction',
      '/Launch',
      '/AA ',
      '/AA<',
      '/SubmitForm',
      '/ImportData',
      '/RichMedia',
      '/EmbeddedFile',
    ]) {
      expect(bytes.includes(key), key).toBe(false);
    }
    expect(existsSync(p.pdf)).toBe(true);
  });

  it('templates cannot reach prototypes: {{constructor.name}} is refused, not evaluated', () => {
    const p = pack();
    tpl(p.dir, 'cover.hbs', '<cover><title>{{pack.constructor.name}}</title></cover>\n');
    writeFileSync(
      join(p.dir, 'briefing.yaml'),
      `title: موجز\ninputs: [articles/*]\nallow_undated: true\ntemplates: tpl\n${THEMES}`,
    );
    const result = run(['build', '--force'], p.dir);
    expect(result.code).toBe(1);
    // One error line, then the template line and a caret under the refused part.
    const [message, ...excerpt] = result.stderr.trim().split('\n');
    expect(message).toMatch(/cover\.hbs:1:34 "name" is not defined here/);
    expect(excerpt).toEqual([
      '  1 | <cover><title>{{pack.constructor.name}}</title></cover>',
      `    | ${' '.repeat(33)}^`,
    ]);
    expect(result.stderr).not.toContain('Object');
  });
});
