#!/usr/bin/env node
// Bundles the command line (dist/cli.js, from tsc) and every JavaScript package it runs into one
// CommonJS script, dist/briefing.cjs, which bin/briefing.js compiles with a V8 code cache. Why:
// Node 20 has no compile cache of its own, and a build used to spend ~0.45 s of its start loading
// ~250 module files, compiling them and running their set-up code. One script compiles once per
// tool version; afterwards V8 reads its compiled code back from dist/briefing.cjs.cache.
//
// Left outside: pdf-lib (only booklets and combined copies load it), linkedom and Readability
// (only saved web pages load them); HarfBuzz's WebAssembly is read
// from the harfbuzzjs package at run time (src/render/harfbuzz.ts). Two
// dependencies of dependencies are replaced by lazy stand-ins because they do expensive set-up the
// moment they are loaded and a briefing never calls them: fontkit's Brotli decoder (WOFF2 fonts
// only, ~30 ms to unpack its dictionary) and pdfkit's AES (encrypted PDFs only, ~30 ms of tables);
// and the Unicode tables fontkit and unicode-properties inflate as they load (~30 ms) are inflated
// on first lookup instead, which a briefing never makes: HarfBuzz shapes, not fontkit. Likewise
// string-width, which yargs needs only to print --help.
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

/** A module whose functions load the real one on first call. Non-literal require: esbuild leaves it to Node. */
function lazyStub(specifier, exportNames) {
  const load = `let real; const load = () => (real ??= require(${JSON.stringify(specifier)}));`;
  if (exportNames === null) return `${load}\nmodule.exports = (...args) => load()(...args);`;
  return `${load}\n${exportNames.map((name) => `exports.${name} = (...args) => load().${name}(...args);`).join('\n')}`;
}

/** unicode-trie's class, inflating its data on the first lookup rather than in the constructor. */
const LAZY_TRIE = `const UnicodeTrie = require('unicode-trie');
module.exports = class LazyUnicodeTrie {
  constructor(data) { this.source = data; this.trie = null; }
  get(codePoint) { return (this.trie ??= new UnicodeTrie(this.source)).get(codePoint); }
};`;

/** Our own tsc output (dist/ of this package, not the dist/ folders of dependencies). */
const ownDist = new RegExp(`^${`${root}dist/`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*\\.js$`);
/** How often pdfkit 0.19.1's pdfkit.js says __dirname (all of them its data folder); see the pdfkit loader below. */
const PDFKIT_DIRNAME_USES = 15;

const lazyStubs = {
  name: 'lazy-stubs',
  setup(b) {
    const stubs = {
      'brotli/decompress.js': lazyStub('brotli/decompress.js', null),
      '@noble/ciphers/aes': lazyStub('@noble/ciphers/aes', ['cbc', 'ecb']),
    };
    b.onResolve({ filter: /^unicode-trie$/ }, (args) =>
      /[\\/](fontkit|unicode-properties)[\\/]/.test(args.importer)
        ? { path: 'unicode-trie', namespace: 'lazy-trie' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-trie' }, () => ({ contents: LAZY_TRIE, loader: 'js', resolveDir: root }));
    b.onResolve({ filter: /^(brotli\/decompress\.js|@noble\/ciphers\/aes)$/ }, (args) =>
      args.namespace === 'lazy-stub'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'lazy-stub' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-stub' }, (args) => ({
      contents: stubs[args.path],
      loader: 'js',
      resolveDir: root,
    }));
    // yargs measures text with string-width (three copies, for yargs, cliui and wrap-ansi), whose
    // set-up compiles an emoji regular expression (~15 ms together); only --help output needs it.
    // The stand-in loads the very copy it stands for on first call (esbuild keeps that copy's set-up
    // lazy because it is required, not imported).
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'real',
      });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'lazy-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      contents: `let real;\nexport default function stringWidth(text, options) {\n  real ??= require(${JSON.stringify(args.path)}).default;\n  return real(text, options);\n}\n`,
      loader: 'js',
      resolveDir: root,
    }));
    // Our modules share fontkit, linebreak and pdfmake's PDFDocument with pdfkit and pdfmake by
    // loading them through createRequire(import.meta.url)(…), which Node resolves to the same files
    // but esbuild cannot follow: as a plain require it bundles them as the one shared copy.
    b.onLoad({ filter: ownDist }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(args.path, 'utf8');
      // Non-ASCII characters (Arabic in our regular expressions) become \u escapes, which mean the
      // same in strings, templates and regular expressions; esbuild's charset option leaves regular
      // expression literals alone. An ASCII bundle is read as Latin-1 by bin/briefing.js: decoding
      // 1.6 MB as UTF-8 took ~20 ms of every run.
      const ascii = source.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      const rewritten = ascii.replaceAll('createRequire(import.meta.url)(', 'require(');
      // Any other use of createRequire would stay a runtime lookup that the bundle cannot serve.
      const code = rewritten.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
      if (/createRequire\(import\.meta\.url\)(?!\.resolve\()/.test(code))
        throw new Error(
          `bundle: ${args.path} uses createRequire(import.meta.url) other than as createRequire(import.meta.url)(…) or .resolve(…), which the bundle cannot serve`,
        );
      return { contents: rewritten, loader: 'js' };
    });
    // pdfkit finds its data files (standard-font metrics, the sRGB profile) beside itself; inside
    // the bundle __dirname would be dist/, so it is pointed back at the installed package.
    b.onLoad({ filter: /pdfkit[\\/]js[\\/]pdfkit\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(args.path, 'utf8');
      // (A variable, not a literal: esbuild leaves the lookup to Node at run time.)
      const dir = "require('node:path').dirname(require.resolve(__pdfkitName))";
      // Pinned to pdfkit's uses of __dirname (its data folder): an upgrade that changes them stops the build here.
      const uses = source.split('__dirname').length - 1;
      if (uses !== PDFKIT_DIRNAME_USES)
        throw new Error(
          `bundle: pdfkit.js uses __dirname ${uses} times, not ${PDFKIT_DIRNAME_USES} as pinned in scripts/bundle.js: check what it points at after this pdfkit upgrade`,
        );
      return {
        contents: `var __pdfkitName = 'pdfkit';\nvar __pdfkitDir = ${dir};\n${source.replaceAll('__dirname', '__pdfkitDir')}`,
        loader: 'js',
      };
    });
  },
};

await build({
  entryPoints: [`${root}dist/cli.js`],
  outfile: `${root}dist/briefing.cjs`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  legalComments: 'none',
  // Smaller to read and to check against its code cache (1.6 MB instead of 3.3); ASCII only (see the
  // escapes above), so the bin reads it as Latin-1. Stack traces map back through the source map.
  minify: process.env.BRIEFING_MINIFY !== '0',
  charset: 'ascii',
  logLevel: 'warning',
  external: ['pdf-lib', 'linkedom', '@mozilla/readability'],
  // import() of pdf-lib becomes a require: a script compiled by node:vm has no dynamic import.
  supported: { 'dynamic-import': false },
  plugins: [lazyStubs],
  // Our modules find the package root and hash the running code from import.meta.url.
  define: { 'import.meta.url': '__briefingUrl' },
  banner: { js: "var __briefingUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// bin/briefing.js reads the bundle as Latin-1 when it is ASCII (and as UTF-8, slower, otherwise).
// (An unminified profiling build keeps dependencies' comments, some of them not ASCII.)
const { isAscii } = await import('node:buffer');
const { readFileSync } = await import('node:fs');
if (process.env.BRIEFING_MINIFY !== '0' && !isAscii(readFileSync(`${root}dist/briefing.cjs`)))
  throw new Error('dist/briefing.cjs is not ASCII: a dependency brought non-ASCII text esbuild did not escape');
