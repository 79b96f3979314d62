// The bin starts the bundled command line with a V8 code cache (bin/briefing.js). These run a copy
// of the installed tool in a temporary folder, so they can rebuild its bundle without touching ours.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

const ROOT = process.cwd();

/** The tool as installed: bin, bundle, package.json; templates, fonts and node_modules linked. */
function installedCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-install-'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'dist'));
  cpSync(join(ROOT, 'bin/briefing.js'), join(dir, 'bin/briefing.js'));
  cpSync(join(ROOT, 'dist/briefing.cjs'), join(dir, 'dist/briefing.cjs'));
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  for (const name of ['templates', 'fonts', 'node_modules']) symlinkSync(join(ROOT, name), join(dir, name));
  mkdirSync(join(dir, 'articles'));
  cpSync(join(ROOT, 'seeds', '000_21268274f0d39a32.txt'), join(dir, 'articles', 'one.txt'));
  writeFileSync(
    join(dir, 'briefing.yaml'),
    'title: موجز\ninputs: [articles/*]\nallow_undated: true\nthemes:\n  - id: k\n    title: داعش\n    keywords: [داعش]\n',
  );
  return dir;
}

function run(dir: string, args: string[]) {
  return spawnSync(process.execPath, [join(dir, 'bin/briefing.js'), ...args], { cwd: dir, encoding: 'utf8' });
}

describe('the code cache', () => {
  it('is written by the first build and never runs stale code after a rebuild of the same length', () => {
    const dir = installedCopy();
    const cache = join(dir, 'dist/briefing.cjs.cache');
    expect(run(dir, ['--help']).stdout).toContain('Turn Arabic news articles');
    expect(existsSync(cache)).toBe(false); // only a build writes it
    expect(run(dir, ['build', '--quiet']).status).toBe(0);
    expect(existsSync(cache)).toBe(true);
    // A new bundle, byte for byte as long as the old one: V8 alone would accept the old cache.
    const bundle = join(dir, 'dist/briefing.cjs');
    const source = readFileSync(bundle, 'utf8');
    expect(source).toContain('Turn Arabic news articles');
    writeFileSync(bundle, source.replace('Turn Arabic news articles', 'TURN Arabic news articles'));
    expect(readFileSync(bundle).length).toBe(Buffer.byteLength(source));
    const help = run(dir, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('TURN Arabic news articles');
    // And a build with the new bundle still works, and rewrites the cache for it.
    const before = readFileSync(cache);
    expect(run(dir, ['build', '--quiet', '--force']).status).toBe(0);
    expect(readFileSync(cache).equals(before)).toBe(false);
    expect(run(dir, ['--help']).stdout).toContain('TURN Arabic news articles');
  });

  it('a damaged cache file is ignored: the build compiles afresh and succeeds', () => {
    const dir = installedCopy();
    expect(run(dir, ['build', '--quiet']).status).toBe(0);
    writeFileSync(join(dir, 'dist/briefing.cjs.cache'), Buffer.from('not a code cache at all'));
    const again = run(dir, ['build', '--quiet', '--force']);
    expect(again.status, again.stderr).toBe(0);
    expect(existsSync(join(dir, 'out/briefing.pdf'))).toBe(true);
  });
});

describe('a bug of ours, with BRIEFING_DEBUG=1', () => {
  it('prints a stack trace mapped from the minified bundle to the TypeScript sources', () => {
    // A sort of scored selections that fails part-way through a build stands for a bug of ours: an
    // «internal error», not a UserError (yargs sorts too, so the failure is aimed at our objects).
    const failing = `data:text/javascript,${encodeURIComponent("const sort = Array.prototype.sort; Array.prototype.sort = function (...a) { if (this.length > 1 && typeof this[0] === 'object' && this[0] !== null && 'score' in this[0]) throw new TypeError('deliberate'); return sort.apply(this, a); };")}`;
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        failing,
        join(process.cwd(), 'bin/briefing.js'),
        'build',
        '-o',
        join(mkdtempSync(join(tmpdir(), 'briefing-debug-')), 'x.pdf'),
        '--force',
      ],
      { encoding: 'utf8', env: { ...process.env, BRIEFING_DEBUG: '1' } },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^internal error: deliberate \(please report it with the stack trace below\)$/m);
    expect(result.stderr).toMatch(/^\s+at \S+ \(src\/[\w/-]+\.ts:\d+:\d+\)$/m);
    expect(result.stderr).not.toMatch(/briefing\.cjs:\d+:\d+/);
  });
});

describe('the bundle', () => {
  it("rewrites only what it pins: pdfkit's uses of __dirname, counted for the installed pdfkit", () => {
    // scripts/bundle.js stops the build when the count differs (a pdfkit upgrade); this says why first.
    const pinned = Number(/const PDFKIT_DIRNAME_USES = (\d+);/.exec(readFileSync('scripts/bundle.js', 'utf8'))![1]);
    const pdfkit = readFileSync(require.resolve('pdfkit/js/pdfkit.js'), 'utf8');
    expect(pdfkit.split('__dirname').length - 1).toBe(pinned);
  });
});
