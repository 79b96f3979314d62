// Command line: parses arguments, calls the pipeline, prints results. Exit codes: 0 success,
// 1 bad input or config (one line naming the file, never a stack trace), 2 wrong usage.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import yargs, { type InferredOptionTypes } from 'yargs';
import { loadConfig } from './config/load.js';
import { nearest } from './shared/nearest.js';
import { fetchSources } from './fetch/index.js';
import { UserError } from './errors.js';
import { PDF_STANDARDS, type PackWarning, type PdfStandard } from './model.js';
import { ingestFiles } from './ingest/index.js';
import { keepWorkBetweenBuilds, sweepKeptWork } from './shared/kept-between-builds.js';
import { MAX_COPIES } from './config/recipients.js';
import { nextStep, scaffold } from './init.js';
import { setCodeIdentity, toolVersion } from './manifest.js';
import { openInViewer } from './open.js';
import { installInterruptCleanup, removeTemporaries } from './output.js';
import { watch } from './watch.js';
import { buildPack, checkPack, failOnWarnings, prepareBriefing, warningLines } from './pipeline.js';
import { shapeStats } from './render/layout/shape.js';
import { distinctiveWords, sectionTexts, sectionsWith, type Suggestion } from './select/suggest.js';
import { NO_CLOCK, startClock } from './timings.js';

/** Colour on a terminal only, never with NO_COLOR (https://no-color.org), forced with FORCE_COLOR. */
function colour(code: number, text: string): string {
  const env = process.env;
  const wanted =
    env['NO_COLOR'] === undefined || env['NO_COLOR'] === ''
      ? Boolean(process.stderr.isTTY) || Boolean(env['FORCE_COLOR'] && env['FORCE_COLOR'] !== '0')
      : false;
  return wanted ? `\u001b[${code}m${text}\u001b[0m` : text;
}

/**
 * A line as the terminal may show it: control characters from file names, titles or messages (an
 * ESC that clears the screen, a newline inside a name) are written as visible escapes.
 */
export function terminalSafe(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) =>
    c === '\t' ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

function warn(line: string): void {
  process.stderr.write(`${colour(33, 'warning:')} ${terminalSafe(line)}\n`);
}

/** Warnings are printed; under --strict they are all errors instead (exit 1, every one listed). */
function reportProblems(skipped: readonly UserError[], warnings: readonly PackWarning[], strict: boolean): void {
  if (strict) failOnWarnings(skipped, warnings);
  for (const line of warningLines(skipped, warnings)) warn(line);
}

/**
 * Progress for a build that takes a while: nothing in the first second (a quick build prints only
 * its summary line), then each step as it finishes, including the ones already done.
 */
function progressReporter(quiet: boolean, startedAt = 0): (message: string) => void {
  const pending: string[] = [];
  let showing = false;
  return (message) => {
    if (quiet) return;
    pending.push(message);
    if (!showing && performance.now() - startedAt < 1000) return;
    showing = true;
    for (const line of pending.splice(0)) process.stderr.write(`  ${terminalSafe(line)}\n`);
  };
}

/**
 * For the interrupt test (BRIEFING_HOLD_BEFORE_WRITE=1): say so and wait, laid out but with nothing
 * written, until standard input ends, so a signal can be sent at exactly that moment on any machine.
 */
function holdUntilStdinEnds(): Promise<void> {
  process.stderr.write('holding before write\n');
  return new Promise((resolve) => {
    process.stdin.on('end', () => resolve()).resume();
  });
}

/** What `build` is given: its options as declared (BUILD_OPTIONS), the output resolved, and when it began. */
type BuildArgs = InferredOptionTypes<typeof BUILD_OPTIONS> & {
  out: string;
  quiet: boolean;
  /** performance.now() when this build began: 0 (process start) for `build`, each rebuild's start for `watch`. */
  startedAt?: number;
  /** `watch`'s first build (see BuildRequest.warmWhenUpToDate). */
  warmWhenUpToDate?: boolean;
};

async function build(args: BuildArgs): Promise<void> {
  const clock = args.timings ? startClock() : NO_CLOCK;
  clock.lap('startup');
  if (args.copies !== undefined && (!Number.isInteger(args.copies) || args.copies < 1 || args.copies > MAX_COPIES)) {
    throw new UserError(`--copies expects a whole number from 1 to ${MAX_COPIES}, got ${String(args.copies)}`);
  }
  const outcome = await buildPack({
    configFile: args.config,
    out: args.out,
    strict: args.strict,
    force: args.force,
    copies: args.copies ?? null,
    recipientsFile: args.recipients ?? null,
    watermark: args.watermark,
    combined: args.combined,
    booklet: args.booklet,
    tags: args['pdf-tags'],
    standards: args['pdf-standard'] ? pdfStandardList(args['pdf-standard']) : null,
    onProgress: progressReporter(args.quiet, args.startedAt),
    clock,
    warmWhenUpToDate: args.warmWhenUpToDate ?? false,
    ...(process.env.BRIEFING_HOLD_BEFORE_WRITE ? { beforeWrite: holdUntilStdinEnds } : {}),
  });
  const seconds = ((performance.now() - (args.startedAt ?? 0)) / 1000).toFixed(2);
  const pdf = outcome.outputs[0];
  if (args.open && pdf) {
    const problem = await openInViewer(pdf);
    if (problem) warn(problem);
  }
  if (outcome.status === 'up-to-date') {
    if (!args.quiet)
      process.stderr.write(
        `${terminalSafe(`up to date: ${outcome.outputs.join(', ')}`)}` +
          ` (inputs, config, templates and fonts unchanged; ` +
          `${outcome.warmed ? 'laid out in memory for the rebuilds to come' : '--force rebuilds'}) in ${seconds} s\n`,
      );
    return;
  }
  for (const line of outcome.warnings) warn(line);
  if (args.quiet) return;
  const { manifest, briefing } = outcome;
  const sections = briefing.themes.reduce((n, t) => n + t.sections.length, 0);
  const written =
    outcome.outputs.length === 1 ? outcome.outputs[0]! : `${outcome.outputs.length} files (${outcome.outputs[0]!} …)`;
  process.stderr.write(
    `wrote ${terminalSafe(written)}: ${briefing.articles.length} articles, ${briefing.themes.length} themes, ` +
      `${sections} sections, ${manifest.pages} pages, ${(outcome.bytes / 1024).toFixed(0)} KB in ${seconds} s\n`,
  );
  for (const { phase, ms } of clock.phases)
    process.stderr.write(`  ${phase.padEnd(14)} ${ms.toFixed(0).padStart(5)} ms\n`);
  if (args.timings) {
    // For the benchmark as much as for the curious: how well the one-shaping-per-word cache did.
    const { shaped, hits } = shapeStats();
    process.stderr.write(
      `  shaping: ${shaped} distinct runs shaped, ${hits} served from the cache ` +
        `(hit rate ${((100 * hits) / Math.max(1, hits + shaped)).toFixed(1)} %)\n`,
    );
    process.stderr.write(`  peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
  }
}

/** --pdf-standard's values, repeated or with commas («a-2b,ua-1»), each one Typst's name of a standard. */
function pdfStandardList(values: readonly string[]): PdfStandard[] {
  const list = values.flatMap((value) => value.split(',')).map((value) => value.trim().toLowerCase());
  for (const value of list)
    if (!(PDF_STANDARDS as readonly string[]).includes(value))
      throw new UserError(`--pdf-standard: unknown standard "${value}" (expected ${PDF_STANDARDS.join(', ')})`);
  return [...new Set(list as PdfStandard[])];
}

/** «error: file:line:column message», one line per problem, then the source line and a caret where known. */
function printUserError(error: UserError): void {
  for (const line of error.toLines()) process.stderr.write(`${colour(31, 'error:')} ${terminalSafe(line)}\n`);
  for (const line of error.excerptLines()) process.stderr.write(`${terminalSafe(line)}\n`);
}

/**
 * `watch`: one build, then a rebuild per settled change, each reported in one line; a failed build
 * is reported and the last good PDF stays. Ctrl-C ends it with exit 0 and no temporary file left.
 */
async function watchCommand(args: {
  config: string;
  out: string;
  strict: boolean;
  open: boolean;
  quiet: boolean;
}): Promise<void> {
  // Watch's own Ctrl-C in place of the build's «interrupted» exit: stopping is its normal end.
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.once(signal, () => {
      removeTemporaries();
      process.stderr.write('stopped watching\n');
      stop();
      process.exit(0);
    });
  }
  keepWorkBetweenBuilds();
  let opened = !args.open;
  // The first build fills the process's caches even when the pack on disk is up to date.
  let warmed = false;
  if (!args.quiet) process.stderr.write(`watching ${terminalSafe(args.config)} and what it names (Ctrl-C stops)\n`);
  await watch({
    configFile: args.config,
    stopped,
    rebuild: async () => {
      const startedAt = performance.now();
      await build({
        ...WATCH_DEFAULTS,
        config: args.config,
        out: args.out,
        strict: args.strict,
        open: !opened,
        startedAt,
        quiet: args.quiet,
        warmWhenUpToDate: !warmed,
      });
      warmed = true;
      sweepKeptWork();
      opened = true;
    },
    report: (error) => {
      if (!(error instanceof UserError)) throw error;
      printUserError(error);
      process.stderr.write(
        `${existsSync(args.out) ? `kept the last good ${terminalSafe(args.out)}` : 'nothing written'}` +
          '; watching for the fix\n',
      );
    },
  });
}

async function fetchCommand(configFile: string, strict: boolean, quiet: boolean): Promise<void> {
  const config = loadConfig(configFile);
  if (config.sources.length === 0) {
    // Not an error: a scheduled job runs fetch whether or not the pack lists sources.
    if (!quiet)
      process.stderr.write(
        `${terminalSafe(config.file)}: no sources: nothing to fetch ` +
          '(list feeds and pages under sources:, as {feed: URL} or {url: URL})\n',
      );
    return;
  }
  installInterruptCleanup();
  const report = await fetchSources(config, {
    userAgent: `briefing/${toolVersion()} (Arabic news briefing packs; fetches the feeds its user lists)`,
    onLine: (line) => {
      if (!quiet) process.stderr.write(`${terminalSafe(line)}\n`);
    },
  });
  for (const failure of report.failures) {
    if (strict) process.stderr.write(`${colour(31, 'error:')} ${terminalSafe(failure)}\n`);
    else warn(failure);
  }
  if (!quiet) process.stderr.write(`${terminalSafe(report.summary)}\n`);
  if (strict && report.failures.length > 0) process.exit(1);
}

function check(config: string, strict: boolean, quiet: boolean): void {
  const result = checkPack(config, strict);
  for (const line of result.warnings) warn(line);
  if (!quiet) {
    process.stderr.write(
      `ok: ${terminalSafe(config)}: ${result.articles} of ${result.files} articles read, ${result.themes} themes, ` +
        `${result.sections} sections, templates and fonts checked` +
        `${result.warnings.length > 0 ? `, ${result.warnings.length} warning(s)` : ''}\n`,
    );
  }
}

function parse(files: string[], json: boolean, strict: boolean): void {
  const { articles, skipped } = ingestFiles(files);
  reportProblems(skipped, [], strict);
  if (json) {
    process.stdout.write(`${JSON.stringify(articles, null, 2)}\n`);
    return;
  }
  for (const a of articles) {
    const lines = [
      `${a.file}`,
      `  title:    ${a.title}`,
      `  date:     ${a.date ?? '—'}${a.time ? ` ${a.time}` : ''}`,
      `  byline:   ${a.byline ?? '—'}`,
      `  authors:  ${a.authors.map((x) => x.name).join('، ') || '—'}`,
      `  place:    ${a.place ?? '—'}   credit: ${a.credit ?? '—'}`,
      `  sections: ${a.sections.length} (${a.blocks.filter((b) => b.kind === 'paragraph').length} paragraphs)`,
      ...a.warnings.map((w) => `  warning:  ${w.line ? `line ${w.line}: ` : ''}${w.message}`),
    ];
    process.stdout.write(`${lines.map(terminalSafe).join('\n')}\n`);
  }
}

function themes(config: string, json: boolean, explain: boolean, strict: boolean): void {
  const { briefing, skipped } = prepareBriefing(config);
  reportProblems(skipped, briefing.warnings, strict);
  if (json) {
    const selection = briefing.themes.map(({ sections, ...theme }) => ({
      ...theme,
      sections: sections.map(({ blocks: _blocks, ...rest }) => rest),
    }));
    process.stdout.write(`${JSON.stringify(selection, null, 2)}\n`);
    return;
  }
  const titles = new Map(briefing.articles.map((a) => [a.id, a.title]));
  const out: string[] = [];
  let unsure = false;
  for (const theme of briefing.themes) {
    out.push(
      `${theme.id}  ${theme.title}  (${theme.sections.length} section${theme.sections.length === 1 ? '' : 's'})`,
    );
    theme.sections.forEach((s, i) => {
      out.push(
        `  ${String(i + 1).padStart(2)}. ${s.score.toFixed(2).padStart(6)}  ${s.file} §${s.sectionIndex}  ` +
          `${s.heading ?? `(opening) ${titles.get(s.articleId) ?? ''}`}${s.pinned ? '  [pinned]' : ''}`,
      );
      if (!explain) {
        out.push(`      matched: ${s.matches.map((m) => `${m.term} ×${m.count + m.inHeading}`).join('، ')}`);
        return;
      }
      for (const m of s.matches) {
        const where = [`${m.count} in text`, m.inHeading > 0 ? `${m.inHeading} in heading` : '']
          .filter(Boolean)
          .join(', ');
        out.push(
          `      ${m.score.toFixed(2).padStart(6)}  ${m.kind === 'phrase' ? 'phrase ' : ''}${m.term}: ${where}; ` +
            `as ${m.forms.map((f) => `«${f}»`).join(' ')}`,
        );
        if (m.unsure) {
          unsure = true;
          out.push(`              unsure: ${m.unsure.join('; ')}`);
        }
      }
      for (const d of s.duplicates)
        out.push(`      also in ${d.file} §${d.sectionIndex} (similarity ${d.similarity}), cited, not printed twice`);
    });
    if (explain) {
      if (theme.nearMisses.length > 0) out.push('  left out:');
      for (const m of theme.nearMisses)
        out.push(
          `      ${m.score.toFixed(2).padStart(6)}  ${m.file} §${m.sectionIndex}  ` +
            `${m.heading ?? '(opening)'}: ${m.reason}`,
        );
      if (theme.summary.length > 0) out.push('  summary:');
      for (const s of theme.summary)
        out.push(
          `      «${s.text}» (${[s.outlet, s.authors.join('، '), s.date].filter(Boolean).join(', ') || s.file})`,
        );
    }
  }
  if (unsure)
    out.push(
      '',
      "unsure: matched, but maybe a different word; if one is, add it to that term's not: list (or use exact: true).",
    );
  process.stdout.write(`${out.map(terminalSafe).join('\n')}\n`);
}

function suggest(
  config: string,
  themeId: string | undefined,
  word: string | undefined,
  top: number,
  json: boolean,
): void {
  const { briefing } = prepareBriefing(config);
  const all = sectionTexts(briefing.articles);
  const row = (s: Suggestion): string =>
    `  ${s.word.padEnd(18)} ${String(s.inside).padStart(5)} here ${String(s.outside).padStart(6)} elsewhere  ` +
    `${String(s.sections).padStart(3)} sections  G² ${s.g2.toFixed(1)}`;
  if (themeId !== undefined) {
    const theme = briefing.config.themes.find((t) => t.id === themeId);
    if (!theme)
      throw new UserError(
        `no theme "${themeId}" in the config (themes: ${briefing.config.themes.map((t) => t.id).join(', ')})`,
        { file: briefing.config.file },
      );
    const selected = new Set(
      briefing.themes.find((t) => t.id === themeId)!.sections.map((s) => `${s.articleId}§${s.sectionIndex}`),
    );
    const group = all.filter((s) => selected.has(`${s.articleId}§${s.sectionIndex}`));
    const known = [...theme.keywords, ...theme.phrases].flatMap((t) => [t.term, ...t.also]);
    const found = distinctiveWords(group, all, known, top);
    if (json) return void process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
    const lines = [
      `theme "${themeId}": ${group.length} sections against the other ${all.length - group.length}; words it ` +
        `does not list yet, most distinctive first:`,
    ];
    lines.push(
      ...(found.length > 0
        ? found.map(row)
        : ["  (none stands out: the theme's sections use no word markedly more than the rest)"]),
    );
    process.stdout.write(`${lines.map(terminalSafe).join('\n')}\n`);
    return;
  }
  const seed = word!;
  const group = sectionsWith(all, seed);
  const found = distinctiveWords(group, all, [seed], top);
  if (json)
    return void process.stdout.write(
      `${JSON.stringify({ word: seed, sections: group.length, suggestions: found }, null, 2)}\n`,
    );
  if (group.length === 0 || group.length === all.length) {
    const why =
      group.length === 0
        ? 'occurs in no section of the inputs: nothing to start a theme from'
        : 'occurs in every section of the inputs: no other sections to set them apart from';
    process.stdout.write(`${terminalSafe(`«${seed}» ${why}.`)}\n`);
    return;
  }
  const lines = [
    `# «${seed}» occurs in ${group.length} section(s); the words below set them apart from the other ` +
      `${all.length - group.length}.`,
    '# Keep the ones that name the subject, then paste under themes: in briefing.yaml.',
    '- id: new-theme',
    `  title: ${JSON.stringify(seed)}`,
    '  keywords:',
    `    - ${JSON.stringify(seed)}`,
    ...found.map(
      (s) => `    - ${JSON.stringify(s.word)}  # ${s.inside} here, ${s.outside} elsewhere, G² ${s.g2.toFixed(1)}`,
    ),
    ...(found.length === 0
      ? ['    # no other word stands out in these sections against the rest (G² ≥ 10.83, in 2+ sections)']
      : []),
  ];
  process.stdout.write(`${lines.map(terminalSafe).join('\n')}\n`);
}

/** Every option and command, for «did you mean» on a misspelt one. */
export const KNOWN_OPTIONS = [
  'config',
  'out',
  'strict',
  'force',
  'copies',
  'recipients',
  'watermark',
  'combined',
  'booklet',
  'timings',
  'pdf-tags',
  'no-pdf-tags',
  'pdf-standard',
  'open',
  'quiet',
  'json',
  'explain',
  'theme',
  'word',
  'top',
  'help',
  'version',
];
export const KNOWN_COMMANDS = ['build', 'watch', 'check', 'fetch', 'init', 'parse', 'themes', 'suggest'];

/**
 * yargs names an unknown hyphenated option twice, as typed and in camelCase («pdf-standrd,
 * pdfStandrd»): the twin is dropped, and the message says «argument» when one is left.
 */
function withoutCamelCaseTwins(message: string): string {
  return message.replace(/Unknown arguments: (.+)/, (_whole, list: string) => {
    const names = list.split(', ');
    const kept = names.filter(
      (name) => !names.some((other) => other !== name && other.includes('-') && camelCase(other) === name),
    );
    return `Unknown argument${kept.length === 1 ? '' : 's'}: ${kept.join(', ')}`;
  });
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * « (did you mean --watermark?)» for «Unknown argument: watermak», « (did you mean build?)» for
 * «biuld», « (did you mean the command: briefing watch?)» for an option spelt like a command
 * («--wach», also when it stands where the command should: «briefing --wach»), or nothing.
 */
function didYouMean(message: string, argv: readonly string[]): string {
  const noCommand = message.startsWith('Name a command');
  const unknown = noCommand
    ? argv
        .find((a) => a.startsWith('-'))
        ?.replace(/^-+/, '')
        .split('=')[0]
    : /Unknown arguments?: ([^,\n]+)/.exec(message)?.[1]?.trim();
  if (!unknown) return '';
  const asOption = argv.some((a) => a.startsWith('-') && a.replace(/^-+/, '').split('=')[0] === unknown);
  const asCommand = argv[0] === unknown;
  if (!asOption && !asCommand) return '';
  if (!asOption) {
    const command = nearest(unknown, KNOWN_COMMANDS);
    return command ? ` (did you mean ${command}?)` : '';
  }
  const option = noCommand ? null : nearest(unknown, KNOWN_OPTIONS);
  if (option) return ` (did you mean --${option}?)`;
  const command = nearest(unknown, KNOWN_COMMANDS);
  return command ? ` (did you mean the command: briefing ${command}?)` : '';
}

/** --out, the same for build and watch. */
const OUT_OPTION = {
  alias: 'o',
  type: 'string',
  describe:
    "Where to write the PDF; the manifest goes beside it (.json). Default: out/briefing.pdf in the config's folder",
} as const;

/** A given -o is from the current folder; the default is beside the config, like its inputs. */
function defaultOut(config: string): string {
  return join(dirname(config), 'out', 'briefing.pdf');
}

/** --config, the same for build, check and themes. */
const CONFIG_OPTION = { alias: 'c', type: 'string', default: 'briefing.yaml', describe: 'Pack config (YAML)' } as const;

/** The options of a command that writes the pack (build and watch): where from, where to, how strict, and --open. */
const PACK_OUTPUT_OPTIONS = {
  config: CONFIG_OPTION,
  out: OUT_OPTION,
  strict: {
    type: 'boolean',
    default: false,
    describe:
      'Every warning (skipped file, undated article, empty theme, missing glyph, unused template) is an error: ' +
      'exit 1, all listed, nothing written (watch keeps the last good PDF)',
  },
  open: {
    type: 'boolean',
    default: false,
    describe: 'Open the PDF in the system viewer once built (never when CI is set)',
  },
} as const;

/** Every option of `build`, declared once: yargs reads this table and BuildArgs is inferred from it. */
const BUILD_OPTIONS = {
  ...PACK_OUTPUT_OPTIONS,
  force: { type: 'boolean', default: false, describe: 'Rebuild even when nothing changed since the last build' },
  copies: { type: 'number', describe: 'Numbered copies: «نسخة 3 من 20» on the cover and in every footer' },
  recipients: {
    type: 'string',
    describe:
      'YAML list of names or identifiers: one numbered copy for each (from the current folder, else beside the config)',
  },
  watermark: {
    type: 'boolean',
    default: false,
    describe: "Print each copy's recipient (or number) lightly across every page",
  },
  combined: {
    type: 'boolean',
    default: false,
    describe: 'All copies in one PDF (default: one PDF per copy, out/briefing-01.pdf …)',
  },
  booklet: {
    type: 'boolean',
    default: false,
    describe: 'A5 pages imposed two-up on A4 for a saddle-stitched booklet that opens on the right',
  },
  'pdf-tags': {
    type: 'boolean',
    default: true,
    describe:
      'A tagged PDF: headings, paragraphs, tables, lists and reading order for screen readers and reflow ' +
      '(--no-pdf-tags for an untagged one)',
  },
  'pdf-standard': {
    type: 'string',
    array: true,
    describe:
      'Meet and claim a standard: a-2b or a-3b (PDF/A, archiving), ua-1 (PDF/UA, accessibility); several ' +
      'with commas or repeated. Replaces pdf_standard in the config',
  },
  timings: { type: 'boolean', default: false, describe: 'Print how long each phase took' },
} as const;

/** What `watch` builds with: only the pack-output options; the rest keep their defaults. */
const WATCH_DEFAULTS = {
  force: false,
  copies: undefined,
  recipients: undefined,
  watermark: false,
  combined: false,
  booklet: false,
  'pdf-tags': true,
  'pdf-standard': undefined,
  timings: false,
} as const;

/** `launcher.codeHash`: the bundle's hash, from bin/briefing.js (see setCodeIdentity). */
export async function main(argv: string[], launcher: { codeHash?: string } = {}): Promise<void> {
  if (launcher.codeHash) setCodeIdentity(launcher.codeHash);
  // Ctrl-C or a scheduler's SIGTERM: remove half-written temporary files, say so, exit 130/143.
  installInterruptCleanup();
  const cli = yargs(argv)
    .scriptName('briefing')
    .usage('$0 <command> [options]\n\nTurn Arabic news articles into a right-to-left PDF briefing pack.')
    .option('quiet', {
      alias: 'q',
      type: 'boolean',
      default: false,
      describe: 'Print no progress or summary (warnings and errors still)',
    })
    .command(
      'build',
      'Build the PDF pack from the inputs and themes in the config',
      (y) =>
        y
          .options(BUILD_OPTIONS)
          .example('$0 build', 'build out/briefing.pdf (and out/briefing.json) from briefing.yaml')
          .example(
            '$0 build --strict --recipients board.yaml --watermark --combined',
            'one numbered, watermarked copy per board member, in one file',
          )
          .example(
            '$0 build --booklet -o out/booklet.pdf',
            'an A5 booklet to print on A4, double-sided, short-edge flip',
          ),
      (args) => build({ ...args, out: args.out ?? defaultOut(args.config) }),
    )
    .command(
      'watch',
      'Build, then rebuild whenever the config, an article, a template or a font changes',
      (y) =>
        y
          .options(PACK_OUTPUT_OPTIONS)
          .example('$0 watch --open', 'edit articles, themes or templates and see the pack follow'),
      (args) =>
        watchCommand({
          config: args.config,
          out: args.out ?? defaultOut(args.config),
          strict: args.strict,
          open: args.open,
          quiet: args.quiet,
        }),
    )
    .command(
      'check',
      'Check config, inputs, templates and font coverage without writing a PDF',
      (y) =>
        y
          .option('config', CONFIG_OPTION)
          .option('strict', { type: 'boolean', default: false, describe: 'Fail (exit 1) on any warning' })
          .example('$0 check --strict', 'what a scheduled build would complain about, in a second'),
      (args) => check(args.config, args.strict, args.quiet),
    )
    .command(
      'fetch',
      'Save the new articles of the sources: (feeds and pages) into the fetched/ folder every build reads',
      (y) =>
        y
          .option('config', CONFIG_OPTION)
          .option('strict', {
            type: 'boolean',
            default: false,
            describe: 'Fail (exit 1) if any feed or page could not be fetched',
          })
          .example('$0 fetch && $0 build', "bring in today's news, then build the pack"),
      async (args) => fetchCommand(args.config, args.strict, args.quiet),
    )
    .command(
      'init [dir]',
      'Start a new pack: a config, sample articles and a copy of the templates to customise',
      (y) =>
        y
          .positional('dir', { type: 'string', default: '.', describe: 'Folder to set up (created if missing)' })
          .option('force', { type: 'boolean', default: false, describe: 'Overwrite files that are already there' })
          .example('$0 init weekly && cd weekly && $0 build', 'a working pack to edit'),
      (args) => {
        const written = scaffold(args.dir, args.force);
        if (!args.quiet)
          process.stderr.write(`set up ${args.dir}: ${written.join(', ')}\nnext: ${nextStep(args.dir)}\n`);
      },
    )
    .command(
      'parse <files..>',
      'Parse article files and show what was recovered',
      (y) =>
        y
          .positional('files', {
            type: 'string',
            array: true,
            demandOption: true,
            describe: 'Article files (.txt, .md)',
          })
          .option('json', { type: 'boolean', default: false, describe: 'Print the article model as a JSON array' })
          .option('strict', {
            type: 'boolean',
            default: false,
            describe: 'Fail (exit 1) instead of skipping an unreadable article',
          })
          .example('$0 parse seeds/*.txt --json', 'the parsed model of every seed'),
      (args) => parse(args.files as string[], args.json, args.strict),
    )
    .command(
      'themes',
      'Show which sections each theme selects, with scores and matched keywords',
      (y) =>
        y
          .option('config', CONFIG_OPTION)
          .option('json', {
            type: 'boolean',
            default: false,
            describe: 'Print the selection as JSON (everything --explain shows)',
          })
          .option('explain', {
            type: 'boolean',
            default: false,
            describe:
              "Show each term's share of the score and the words that matched, sections left out and why, and " +
              'the summary',
          })
          .option('strict', { type: 'boolean', default: false, describe: 'Fail (exit 1) on any warning' })
          .example('$0 themes', 'which sections each theme of briefing.yaml selects')
          .example('$0 themes --explain', 'and why'),
      (args) => themes(args.config, args.json, args.explain, args.strict),
    )
    .command(
      'suggest',
      "Suggest keywords: the words distinctive of a theme's sections, or a starting theme from one word",
      (y) =>
        y
          .option('config', CONFIG_OPTION)
          .option('theme', {
            type: 'string',
            describe: 'A theme id of the config: words its sections have and the rest of the collection lacks',
          })
          .option('word', {
            type: 'string',
            describe: 'A seed word: a starting theme from the sections that mention it',
          })
          .option('top', { type: 'number', default: 15, describe: 'How many words to suggest' })
          .option('json', { type: 'boolean', default: false, describe: 'Print the suggestions as JSON' })
          .check((args) =>
            (args.theme === undefined) === (args.word === undefined) ? 'Name either --theme ID or --word WORD.' : true,
          )
          .example('$0 suggest --theme houthis', 'words to add to the theme «houthis»')
          .example('$0 suggest --word الحوثي', 'a starting theme about the Houthis'),
      (args) => suggest(args.config, args.theme, args.word, args.top, args.json),
    )
    .demandCommand(1, 'Name a command: build, watch, check, fetch, init, parse, themes or suggest.')
    .strict()
    .help()
    .alias('h', 'help')
    .version(toolVersion())
    .alias('v', 'version')
    .fail((message, error) => {
      // An Error is ours, thrown from a handler; yargs' own complaints (and a .check() answer,
      // which it passes as a string) are usage mistakes.
      if (error instanceof Error) throw error;
      const said = withoutCamelCaseTwins(message);
      process.stderr.write(`${said}${didYouMean(said, argv)}\nRun "briefing --help" for usage.\n`);
      process.exit(2);
    });
  try {
    await cli.parseAsync();
  } catch (error) {
    if (error instanceof UserError) {
      printUserError(error);
      process.exit(1);
    }

    // A bug of ours, not bad input: one line by default, the stack with BRIEFING_DEBUG=1.
    const message = error instanceof Error ? error.message : String(error);
    const hint = process.env['BRIEFING_DEBUG']
      ? 'please report it with the stack trace below'
      : 'set BRIEFING_DEBUG=1 for the stack trace, and please report it';
    process.stderr.write(`internal error: ${terminalSafe(message)} (${hint})\n`);
    if (process.env['BRIEFING_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
    process.exit(1);
  }
}
