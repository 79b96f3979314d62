// `briefing watch` and `--open` as users run them: a real process, real edits, its own lines on stderr.
// Nothing here measures time: each step waits for the line that says the rebuild happened.
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../src/ingest/index.js';
import { forgetKeptWork, keepWorkBetweenBuilds } from '../src/shared/kept-between-builds.js';
import { viewerCommand } from '../src/open.js';
import { watchedState } from '../src/watch.js';

const BIN = join(process.cwd(), 'bin/briefing.js');
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function newPack(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'briefing-watch-')), 'pack');
  const made = spawnSync(process.execPath, [BIN, 'init', dir, '-q'], { encoding: 'utf8' });
  expect(made.status, made.stderr).toBe(0);
  return dir;
}

/** A running watch whose stderr lines can be awaited one pattern at a time. */
function startWatch(dir: string) {
  const child = spawn(process.execPath, [BIN, 'watch', '-c', join(dir, 'briefing.yaml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, CI: 'true' },
  });
  let log = '';
  let consumed = 0;
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const pump = () => {
    for (;;) {
      const end = log.indexOf('\n', consumed);
      if (end === -1 || waiters.length === 0) return;
      const line = log.slice(consumed, end);
      consumed = end + 1;
      if (waiters[0]!.pattern.test(line)) waiters.shift()!.resolve(line);
    }
  };
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    log += chunk;
    pump();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    /** The next line (after those already waited past) matching `pattern`. */
    next: (pattern: RegExp) =>
      new Promise<string>((resolve) => {
        waiters.push({ pattern, resolve });
        pump();
      }),
    stop: async () => {
      child.kill('SIGINT');
      return { code: await exited, log };
    },
  };
}

describe('briefing watch', () => {
  it('builds, rebuilds on an edited, added or removed article and an edited config, keeps the last good PDF on an error, stops cleanly', async () => {
    const dir = newPack();
    const pdf = join(dir, 'out', 'briefing.pdf');
    const watching = startWatch(dir);
    expect(await watching.next(/^wrote|^up to date/)).toMatch(/^wrote .*briefing\.pdf: 5 articles, .* in \d+\.\d\d s$/);
    const first = sha(pdf);

    const article = join(dir, 'articles', readdirSync(join(dir, 'articles')).sort()[0]!);
    appendFileSync(article, '\n\nفقرة جديدة أضيفت أثناء المراقبة عن داعش خراسان.\n');
    expect(await watching.next(/^wrote/)).toMatch(/5 articles, .* in \d+\.\d\d s$/);
    const second = sha(pdf);
    expect(second).not.toBe(first);

    const config = join(dir, 'briefing.yaml');
    const good = readFileSync(config, 'utf8');
    writeFileSync(config, good.replace(/^title: .*$/m, 'title: موجز: تجربة'));
    expect(await watching.next(/^error:/)).toMatch(/briefing\.yaml:\d+:\d+ «: » inside an unquoted value/);
    expect(await watching.next(/kept the last good/)).toMatch(
      /kept the last good .*briefing\.pdf; watching for the fix/,
    );
    expect(sha(pdf)).toBe(second);

    writeFileSync(config, good);
    writeFileSync(
      join(dir, 'articles', 'zz_new.txt'),
      'طالبان وداعش في تقرير جديد\n\n19 يوليو 2024\n\nقالت مصادر إن داعش خراسان ينشط شرق أفغانستان وإن طالبان تلاحقه.\n',
    );
    // The fix and the new file may be seen in one look or two: wait for the build that has both.
    expect(await watching.next(/^wrote .*6 articles/)).toMatch(/in \d+\.\d\d s$/);

    spawnSync('rm', [join(dir, 'articles', 'zz_new.txt')]);
    expect(await watching.next(/^wrote .*5 articles/)).toMatch(/in \d+\.\d\d s$/);

    const { code, log } = await watching.stop();
    expect(code).toBe(0);
    expect(log).toMatch(/stopped watching\n$/);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['briefing.json', 'briefing.pdf']);
  }, 120_000);

  it('started on a pack that is up to date, builds it in memory and writes nothing, so the first edit is a warm rebuild', async () => {
    const dir = newPack();
    const pdf = join(dir, 'out', 'briefing.pdf');
    const built = spawnSync(process.execPath, [BIN, 'build', '-c', join(dir, 'briefing.yaml'), '-q'], {
      encoding: 'utf8',
    });
    expect(built.status, built.stderr).toBe(0);
    const before = { sha: sha(pdf), mtime: statSync(pdf).mtimeMs };
    const watching = startWatch(dir);
    // Laid out all the same, and the pack left as it was.
    expect(await watching.next(/^wrote|^up to date/)).toMatch(
      /^up to date: .*briefing\.pdf \(.*laid out in memory for the rebuilds to come\) in \d+\.\d\d s$/,
    );
    expect({ sha: sha(pdf), mtime: statSync(pdf).mtimeMs }).toEqual(before);
    const article = join(dir, 'articles', readdirSync(join(dir, 'articles')).sort()[0]!);
    appendFileSync(article, '\n\nفقرة جديدة أضيفت أثناء المراقبة.\n');
    expect(await watching.next(/^wrote/)).toMatch(/5 articles, .* in \d+\.\d\d s$/);
    expect(sha(pdf)).not.toBe(before.sha);
    expect((await watching.stop()).code).toBe(0);
  }, 120_000);

  it('watches every file a build reads: config, inputs (added and removed), templates and fonts', () => {
    const dir = newPack();
    const config = join(dir, 'briefing.yaml');
    const before = watchedState(config);
    expect(before).toContain(join(dir, 'templates', 'cover.hbs'));
    expect(before).toMatch(/Amiri-Regular\.ttf/);
    writeFileSync(join(dir, 'articles', 'new.txt'), 'عنوان\n\nنص.\n');
    const added = watchedState(config);
    expect(added).not.toBe(before);
    appendFileSync(join(dir, 'templates', 'cover.hbs'), '\n');
    expect(watchedState(config)).not.toBe(added);
    // A broken config: the config alone is watched, so its fix is seen.
    writeFileSync(config, 'title: [\n');
    expect(watchedState(config).split('\n')).toHaveLength(1);
  });
});

describe('articles kept parsed between rebuilds', () => {
  it('gives the same articles as a fresh parse, copies that later stages may change, and re-parses an edited file', () => {
    const dir = newPack();
    const files = readdirSync(join(dir, 'articles'))
      .sort()
      .map((name) => join(dir, 'articles', name));
    const fresh = ingestFiles(files);
    keepWorkBetweenBuilds();
    try {
      const first = ingestFiles(files);
      expect(first).toEqual(fresh);
      first.articles[0]!.warnings.push({ message: 'added by a later stage' });
      first.articles[0]!.title = 'changed';
      expect(ingestFiles(files)).toEqual(fresh);
      appendFileSync(files[0]!, '\n\nفقرة أخيرة جديدة.\n');
      const edited = ingestFiles(files).articles[0]!;
      expect(JSON.stringify(edited)).toContain('فقرة أخيرة جديدة');
      expect(edited).toEqual(ingestFiles([files[0]!]).articles[0]);
    } finally {
      forgetKeptWork();
    }
  });
});

describe('--open', () => {
  it('runs the system viewer on the built PDF, and never under CI', async () => {
    const dir = newPack();
    const bin = join(dir, '..', 'bin');
    mkdirSync(bin);
    const log = join(dir, '..', 'opened.log');
    // A stand-in for xdg-open that records what it was asked to show.
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\necho "$1" >> '${log}'\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const env = { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` };
    const underCi = spawnSync(
      process.execPath,
      [BIN, 'build', '-c', join(dir, 'briefing.yaml'), '--open', '-o', join(dir, 'ci.pdf')],
      { encoding: 'utf8', env: { ...env, CI: 'true' } },
    );
    expect(underCi.status, underCi.stderr).toBe(0);
    const { CI: _ci, ...withoutCi } = env;
    const opened = spawnSync(
      process.execPath,
      [BIN, 'build', '-c', join(dir, 'briefing.yaml'), '--open', '-o', join(dir, 'shown.pdf')],
      { encoding: 'utf8', env: withoutCi },
    );
    expect(opened.status, opened.stderr).toBe(0);
    // The viewer is started and left running; wait for what it records, not for a time.
    while (!existsSync(log) || !readFileSync(log, 'utf8').endsWith('\n'))
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([join(dir, 'shown.pdf')]);
  }, 60_000);

  it('names the viewer of each platform', () => {
    expect(viewerCommand('linux', '/tmp/a.pdf')).toEqual({ command: 'xdg-open', args: ['/tmp/a.pdf'] });
    expect(viewerCommand('darwin', '/tmp/a.pdf')).toEqual({ command: 'open', args: ['/tmp/a.pdf'] });
    expect(viewerCommand('win32', 'C:\\a.pdf')).toEqual({ command: 'cmd', args: ['/c', 'start', '""', 'C:\\a.pdf'] });
  });
});
