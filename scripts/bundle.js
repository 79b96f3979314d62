#!/usr/bin/env node
// Bundles the command line (dist/cli.js, from tsc) and the pure-JavaScript packages it loads into
// one file, dist/briefing.mjs, which bin/briefing.js runs. Why: Node 20 has no compile cache, and
// loading ~180 small module files (yaml alone is 72, handlebars 44) cost ~70 ms of every build's
// ~600 ms; one file loads in a fraction of that. Left outside the bundle: packages that read
// files beside themselves (harfbuzzjs' .wasm, pdfkit's data) and the ones pdfmake requires itself
// (fontkit, linebreak), so there is exactly one copy of each, shared with our pdfkit seam.
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

await build({
  entryPoints: [`${root}dist/cli.js`],
  outfile: `${root}dist/briefing.mjs`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  external: ['harfbuzzjs', 'pdfmake', 'pdfmake/*', 'pdfkit', 'fontkit', 'linebreak', 'pdf-lib'],
  // Bundled CommonJS packages call require() for Node's own modules.
  banner: { js: "import { createRequire as __briefingRequire } from 'node:module';\nconst require = __briefingRequire(import.meta.url);" },
});
