// Imported before HarfBuzz is compiled (see ./harfbuzz.ts), because V8 reads this flag when it compiles
// HarfBuzz's WebAssembly at import. A build shapes a few thousand distinct words and exits: V8's
// baseline compiler (Liftoff) is 10-20 % slower per call than its optimising tier, but tiering up
// recompiles HarfBuzz's hot functions mid-run, which on a two-core machine cost more than it
// saved (seed pack shaping: 69 ms cold with tier-up, 41 ms Liftoff-only; `npm run bench`). Re-measured
// 2026-11-27 as whole builds: tier-up 8 % slower on the seed pack, 2 % faster on 200 articles.
// The flag touches WebAssembly only; JavaScript optimisation is unchanged.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
