// Imported before HarfBuzz is compiled (see ./harfbuzz.ts), because V8 reads this flag when it compiles
// HarfBuzz's WebAssembly at import. A build shapes a few thousand distinct words and exits: V8's
// baseline compiler (Liftoff) is slower per call than its optimising tier, but tiering up recompiles
// HarfBuzz's hot functions mid-run, which on a two-core machine costs more than it saves (figures in
// docs/performance.md). The flag touches WebAssembly only; JavaScript optimisation is unchanged.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
