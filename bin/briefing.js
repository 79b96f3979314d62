#!/usr/bin/env node
// Starts the command line, which is one bundled script (scripts/bundle.js), compiled with a V8 code
// cache kept beside it: the first `briefing build` of a new version writes dist/briefing.cjs.cache
// as it exits (so it holds every function a build compiles), later runs skip compiling
// (~0.1-0.2 s of every build). The cache is used only for the very script it was made from (a
// hash, below), the same V8 and the same flags; otherwise the script compiles as usual. A cache
// that cannot be written (a read-only install) only costs the saving.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { SourceMap, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

// V8 flags, set once, here, before any of the program is compiled, and never changed after:
//   --interrupt-budget=4× the default: a function must run four times longer before V8 optimises
//     it, so a seed-sized pack ends before TurboFan's compiling (which competes with the build on
//     a two-core machine) while a corpus still gets its hot loops optimised;
//   --liftoff-only: HarfBuzz's WebAssembly stays on the baseline compiler (tiering up recompiles
//     its hot functions mid-run, which costs more than it saves for a few thousand words).
// Figures in docs/performance.md. They are also part of what V8 checks a code cache against.
const START_FLAGS = ['--interrupt-budget=270336', '--liftoff-only'];
for (const flag of START_FLAGS) setFlagsFromString(flag);

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const file = join(dist, 'briefing.cjs');
const cacheFile = `${file}.cache`;
const bytes = readFileSync(file);
// The bundle is ASCII (scripts/bundle.js escapes everything else), so Latin-1 decodes it exactly
// and without UTF-8's cost (~20 ms for 1.6 MB); anything else is still read correctly.
const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
// V8 checks a code cache against the source's length, not its content: a rebuilt bundle of the
// same length would run the old code. So the cache file starts with a hash of the source it was
// made from, and is used only when that matches.
const sourceHash = createHash('sha1').update(bytes).digest();
let cachedData;
try {
  const stored = readFileSync(cacheFile);
  cachedData = stored.subarray(0, sourceHash.length).equals(sourceHash)
    ? stored.subarray(sourceHash.length)
    : undefined;
} catch {
  cachedData = undefined;
}
// The bundle is minified: a bug's stack trace (BRIEFING_DEBUG=1) is mapped back to our sources
// through dist/briefing.cjs.map. Node maps only the modules it loads itself, not a vm.Script, so
// the frames in the bundle are mapped here.
if (process.env.BRIEFING_DEBUG) mapStackTraces(file, `${file}.map`);

const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: file,
  cachedData,
});
const args = process.argv.slice(2);
if (args[0] === 'build' && (cachedData === undefined || script.cachedDataRejected)) {
  // Written as the process ends, so the functions this run compiled lazily are in it too.
  process.once('exit', () => {
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    try {
      for (const flag of START_FLAGS) setFlagsFromString(flag);
      writeFileSync(temporary, Buffer.concat([sourceHash, script.createCachedData()]));
      renameSync(temporary, cacheFile);
    } catch {
      try {
        unlinkSync(temporary);
      } catch {
        // Nothing was written.
      }
    }
  });
}
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, dist);
// The bundle's hash also identifies the code in the pack's manifest: handed over, not worked out twice.
await bundle.exports.main(args, { codeHash: sourceHash.toString('hex').slice(0, 16) });

function mapStackTraces(bundleFile, mapFile) {
  let map;
  try {
    map = new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')));
  } catch {
    return; // No map shipped: the minified frames are still frames.
  }
  const mapped = (site) => {
    if (site.getFileName() !== bundleFile) return `    at ${site}`;
    const entry = map.findEntry(site.getLineNumber() - 1, site.getColumnNumber() - 1);
    if (!entry || !entry.originalSource) return `    at ${site}`;
    const name = entry.name ?? site.getFunctionName() ?? '<anonymous>';
    return `    at ${name} (${entry.originalSource.replace(/^.*?\/(src|node_modules)\//, '$1/')}:${entry.originalLine + 1}:${entry.originalColumn + 1})`;
  };
  Error.prepareStackTrace = (error, sites) => [`${error.name}: ${error.message}`, ...sites.map(mapped)].join('\n');
}
