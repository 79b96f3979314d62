#!/usr/bin/env node
// Calibration, not part of `npm run bench`: how fast is this machine today compared with the one the
// performance issue was measured on? The issue gives Chromium's print of the same content (all
// articles as one justified right-to-left A4 document in Amiri): 1.40 s for the five seeds and 5.1 s
// for the first 200 corpus articles. This prints that document with Debian's Chromium here, as a
// whole process like the issue did, and reports the ratio. Needs `apt-get install -y chromium`.
//
// A second yardstick needs no browser: this project's own code as of 2026-11-26 (commit 48adf82),
// whose README recorded its seed pack at about 0.57 s as a whole process on this machine that day.
// It is checked out into a temporary git worktree (sharing this checkout's node_modules: the same
// dependency versions, plus one it does not use), built, and timed on its own seed pack alternately
// with today's code on today's; its time today over 0.57 s is how much slower the machine is for
// exactly that job. Skipped where git or that commit is missing (a shallow clone).
//   node bench/calibrate.js
import { spawnSync } from 'node:child_process';
import {
  existsSync,
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

const root = new URL('..', import.meta.url).pathname;
const CORPUS = join(root, '..', 'shared', 'corpus', 'saudinewsnet-2015-07-21');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) {
  console.error('calibrate: no chromium found (apt-get install -y chromium)');
  process.exit(1);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function html(files) {
  const body = files
    .map((file) => {
      const [title, ...rest] = readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      return `<h2>${escape(title ?? '')}</h2>\n${rest.map((p) => `<p>${escape(p)}</p>`).join('\n')}`;
    })
    .join('\n');
  return `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><style>
@font-face { font-family: Amiri; src: url('file://${join(root, 'fonts/Amiri-Regular.ttf')}'); }
@font-face { font-family: Amiri; font-weight: bold; src: url('file://${join(root, 'fonts/Amiri-Bold.ttf')}'); }
@page { size: A4; margin: 20mm; }
body { font-family: Amiri; font-size: 12pt; line-height: 1.6; text-align: justify; }
h2 { font-size: 14pt; }
</style></head><body>${body}</body></html>`;
}

function time(name, files, issueSeconds) {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-calibrate-'));
  const page = join(dir, 'pack.html');
  const out = join(dir, 'pack.pdf');
  writeFileSync(page, html(files));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-pdf-header-footer',
    `--print-to-pdf=${out}`,
    `file://${page}`,
  ];
  const runs = [];
  for (let i = 0; i <= 3; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(CHROMIUM, args, { encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0 || !existsSync(out) || statSync(out).size < 10_000)
      throw new Error(`${name}: chromium failed: ${result.stderr}`);
    if (i > 0) runs.push(seconds);
  }
  const med = median(runs);
  console.log(
    `${name}: Chromium print here ${med.toFixed(2)} s (runs ${runs.map((r) => r.toFixed(2)).join(' ')}), in the issue ${issueSeconds} s: this machine is ${(med / issueSeconds).toFixed(2)}x as slow`,
  );
  return { name, median: med, runs, issue: issueSeconds, ratio: med / issueSeconds };
}

const seeds = readdirSync(join(root, 'seeds'))
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => join(root, 'seeds', f));
const results = [time('seeds', seeds, 1.4)];
if (existsSync(CORPUS)) {
  const first200 = readdirSync(CORPUS)
    .filter((f) => f.endsWith('.txt'))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b))
    .slice(0, 200)
    .map((f) => join(CORPUS, f));
  results.push(time('corpus-200', first200, 5.1));
}

/** The 2026-11-26 code against today's, each building its seed pack as a whole process, alternately. */
function ownCode() {
  const COMMIT = '48adf82';
  const THEN_SECONDS = 0.57;
  const git = (...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (git('cat-file', '-e', `${COMMIT}^{commit}`).status !== 0) {
    console.log(`own code: skipped (commit ${COMMIT} is not in this clone's history)`);
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'briefing-then-'));
  const worktree = join(dir, 'then');
  try {
    if (git('worktree', 'add', '--detach', worktree, COMMIT).status !== 0)
      throw new Error(`own code: git worktree add ${COMMIT} failed`);
    symlinkSync(join(root, 'node_modules'), join(worktree, 'node_modules'));
    const node = (cwd, args) => spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
    const built = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: worktree,
      encoding: 'utf8',
    });
    if (built.status !== 0 || node(worktree, ['scripts/bundle.js']).status !== 0)
      throw new Error(`own code: building ${COMMIT} failed: ${built.stdout}`);
    const jobs = {
      then: () => node(worktree, ['bin/briefing.js', 'build', '-o', join(dir, 'then.pdf')]),
      now: () => node(root, ['bin/briefing.js', 'build', '--force', '--quiet', '-o', join(dir, 'now.pdf')]),
    };
    const runs = { then: [], now: [] };
    for (let i = 0; i <= 7; i++) {
      for (const [name, job] of Object.entries(jobs)) {
        const started = process.hrtime.bigint();
        const result = job();
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (result.status !== 0) throw new Error(`own code: the ${name} build failed: ${result.stderr}`);
        if (i > 0) runs[name].push(seconds);
      }
    }
    const then = median(runs.then);
    const now = median(runs.now);
    console.log(
      `own code: the seed pack with the code of 2026-11-26 (${COMMIT}) takes ${then.toFixed(2)} s here (runs ${runs.then.map((r) => r.toFixed(2)).join(' ')}), ${THEN_SECONDS} s that day: this machine is ${(then / THEN_SECONDS).toFixed(2)}x as slow; today's code ${now.toFixed(2)} s alongside`,
    );
    return {
      commit: COMMIT,
      thenSeconds: THEN_SECONDS,
      oldCodeNow: then,
      oldCodeRuns: runs.then,
      currentCodeNow: now,
      currentCodeRuns: runs.now,
      ratio: then / THEN_SECONDS,
    };
  } finally {
    git('worktree', 'remove', '--force', worktree);
    rmSync(dir, { recursive: true, force: true });
  }
}

const own = ownCode();
writeFileSync(
  join(root, 'bench/calibration.json'),
  `${JSON.stringify({ date: new Date().toISOString(), chromium: CHROMIUM, results, ...(own ? { ownCode: own } : {}) }, null, 2)}\n`,
);
