// V8 tuning for a command-line run. V8 normally optimises hot JavaScript with TurboFan, compiling
// on a background thread; a seed-sized pack finishes before most of that work pays off, and on a
// two-core machine the compiling competes with the build. Big inputs are the opposite, so
// bin/briefing.js starts every run on V8's baseline tiers (`--no-opt`, set there before anything
// else loads) and the pipeline turns the optimising compiler back on as soon as it sees that the
// inputs are large. The figures behind both are in docs/performance.md.
import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

/** Above this much input text, TurboFan's compiling pays for itself (measured crossover). */
export const LARGE_INPUT_BYTES = 300_000;

/** Turn the optimising compiler back on when the inputs are large; harmless when it is already on. */
export function optimiseForInputs(files: readonly string[]): void {
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += statSync(file).size;
    } catch {
      // Unreadable files are reported by ingest; they add nothing here.
    }
    if (bytes > LARGE_INPUT_BYTES) {
      setFlagsFromString('--opt');
      return;
    }
  }
}
