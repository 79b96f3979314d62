// The warm rebuild of `briefing watch`: how long a rebuild takes after one article or one theme is
// edited, against a cold whole-process build of the same pack (issue target: at most 40 %).
// Each pack is copied to a temporary folder first, so the edits never touch the seeds or the corpus.
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const EDITS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A copy of `files` and a config naming them, in a fresh folder; `themesFrom` gives the themes. */
function packCopy(files, configSource) {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-watch-bench-'));
  mkdirSync(join(dir, 'articles'));
  for (const file of files) copyFileSync(file, join(dir, 'articles', basename(file)));
  const config = configSource
    .replace(/^\$schema:.*\n/m, '')
    .replace(/^inputs:\n(?: {2}- .*\n)+/m, 'inputs:\n  - articles/\n');
  writeFileSync(join(dir, 'briefing.yaml'), config);
  return { dir, config: join(dir, 'briefing.yaml'), article: join(dir, 'articles', basename(files[0])) };
}

/** Starts watch, makes `edits` edits in turn (each after the previous rebuild), returns the rebuild seconds. */
function watchRebuilds(pack, edits) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/briefing.js'), 'watch', '-c', pack.config], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    const times = [];
    let next = 0;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const done = [...log.matchAll(/^(?:wrote|up to date).* in (\d+\.\d+) s$/gm)].map((m) => Number(m[1]));
      if (/^error:/m.test(log)) {
        child.kill('SIGINT');
        reject(new Error(log));
        return;
      }
      // done[0] is the first (cold, in-process) build; each later line is one edit's rebuild.
      while (done.length > next && next <= edits.length) {
        if (next > 0) times.push(done[next]);
        if (next < edits.length) edits[next]();
        next++;
      }
      if (times.length === edits.length) child.kill('SIGINT');
    });
    child.on('exit', () => resolve(times));
  });
}

export async function watchBench(name, files, configSource, coldSeconds) {
  const pack = packCopy(files, configSource);
  let n = 0;
  const editArticle = () => appendFileSync(pack.article, `\n\nفقرة أضيفت للقياس رقم ${++n} عن داعش خراسان.\n`);
  // One theme's max_sections toggled (added to the first theme if no theme sets it).
  const editTheme = () => {
    const source = readFileSync(pack.config, 'utf8');
    const edited = /max_sections: \d+/.test(source)
      ? source.replace(/max_sections: (\d+)/, (_, v) => `max_sections: ${Number(v) === 8 ? 7 : 8}`)
      : source.replace(/^( {2}- id: .*\n)/m, '$1    max_sections: 7\n');
    writeFileSync(pack.config, edited);
  };
  // Five edits of each kind, each in a watch process of its own: the median of five stands up to
  // this machine's run-to-run noise (±15 %) better than that of three, and all are kept.
  const edits = (edit) => Array.from({ length: EDITS }, () => edit);
  const article = await watchRebuilds(pack, edits(editArticle));
  const theme = await watchRebuilds(pack, edits(editTheme));
  const result = {
    name,
    coldSeconds,
    articleEdit: median(article),
    themeEdit: median(theme),
    articleEdits: article,
    themeEdits: theme,
  };
  return { ...result, articleShare: result.articleEdit / coldSeconds, themeShare: result.themeEdit / coldSeconds };
}
