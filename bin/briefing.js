#!/usr/bin/env node
// The whole command line is one bundled module (scripts/bundle.js). Runs start on V8's baseline
// compilers, which suits a briefing-sized job; see src/jit.ts.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-opt');
const { main } = await import('../dist/briefing.mjs');
await main(process.argv.slice(2));
