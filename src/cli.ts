// Command line: parses arguments, calls the pipeline, prints results. Exit codes: 0 success,
// 1 bad input or config (one line naming the file, never a stack trace), 2 wrong usage.
import yargs from 'yargs';
import { UserError } from './errors.js';
import type { Briefing } from './model.js';
import { ingestFiles } from './ingest/index.js';
import { optimiseForInputs } from './jit.js';
import { writeAtomically } from './output.js';
import { buildPdf, prepareBriefing } from './pipeline.js';
import { NO_CLOCK, startClock } from './timings.js';

function warn(line: string): void {
  process.stderr.write(`warning: ${line}\n`);
}

/** Under --strict a file that had to be skipped fails the run instead (exit 1, nothing written). */
function reportSkipped(skipped: readonly UserError[], strict: boolean): void {
  if (strict && skipped.length > 0) {
    const [first] = skipped;
    const more = skipped.length > 1 ? ` (and ${skipped.length - 1} more unreadable file(s))` : '';
    throw new UserError(`${first!.message}${more}; --strict allows no skipped input`, first!.location);
  }
  for (const error of skipped) warn(`${error.toLine()} (skipped)`);
}

async function build(config: string, out: string, showTimings: boolean, strict: boolean): Promise<void> {
  const clock = showTimings ? startClock() : NO_CLOCK;
  clock.lap('startup');
  const { briefing, skipped } = prepareBriefing(config);
  clock.lap('ingest+select');
  reportSkipped(skipped, strict);
  reportWarnings(briefing, strict);
  const pdf = await buildPdf(briefing, { clock });
  writeAtomically(out, pdf);
  clock.lap('write');
  const sections = briefing.themes.reduce((n, t) => n + t.sections.length, 0);
  const seconds = (performance.now() / 1000).toFixed(2);
  process.stderr.write(`wrote ${out}: ${briefing.articles.length} articles, ${briefing.themes.length} themes, ${sections} sections, ${(pdf.length / 1024).toFixed(0)} KB in ${seconds} s\n`);
  for (const { phase, ms } of clock.phases) process.stderr.write(`  ${phase.padEnd(14)} ${ms.toFixed(0).padStart(5)} ms\n`);
}

function parse(files: string[], json: boolean, strict: boolean): void {
  optimiseForInputs(files);
  const { articles, skipped } = ingestFiles(files);
  reportSkipped(skipped, strict);
  if (json) {
    process.stdout.write(`${JSON.stringify(articles, null, 2)}\n`);
    return;
  }
  for (const a of articles) {
    const lines = [
      `${a.file}`,
      `  title:    ${a.title}`,
      `  date:     ${a.date ?? '—'}${a.time ? ` ${a.time}` : ''}`,
      `  authors:  ${a.authors.map((x) => x.name).join('، ') || '—'}`,
      `  sections: ${a.sections.length} (${a.blocks.filter((b) => b.kind === 'paragraph').length} paragraphs)`,
      ...a.warnings.map((w) => `  warning:  ${w.line ? `line ${w.line}: ` : ''}${w.message}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

/** Pack warnings (a theme that matched nothing…): printed, or under --strict all of them an error. */
function reportWarnings(briefing: Briefing, strict: boolean): void {
  const errors = briefing.warnings.map((w) => new UserError(`${w.message}; --strict allows no warnings`, { file: w.file, ...(w.line !== undefined ? { line: w.line } : {}) }));
  if (strict && errors.length > 0) throw UserError.all(errors);
  for (const e of errors) warn(e.toLine().replace('; --strict allows no warnings', ''));
}

function themes(config: string, json: boolean, explain: boolean, strict: boolean): void {
  const { briefing, skipped } = prepareBriefing(config);
  reportSkipped(skipped, strict);
  reportWarnings(briefing, strict);
  if (json) {
    const selection = briefing.themes.map(({ sections, ...theme }) => ({ ...theme, sections: sections.map(({ blocks: _blocks, ...rest }) => rest) }));
    process.stdout.write(`${JSON.stringify(selection, null, 2)}\n`);
    return;
  }
  const titles = new Map(briefing.articles.map((a) => [a.id, a.title]));
  const out: string[] = [];
  for (const theme of briefing.themes) {
    out.push(`${theme.id}  ${theme.title}  (${theme.sections.length} section${theme.sections.length === 1 ? '' : 's'})`);
    theme.sections.forEach((s, i) => {
      out.push(`  ${String(i + 1).padStart(2)}. ${s.score.toFixed(2).padStart(6)}  ${s.file} §${s.sectionIndex}  ${s.heading ?? `(opening) ${titles.get(s.articleId) ?? ''}`}`);
      if (!explain) {
        out.push(`      matched: ${s.matches.map((m) => `${m.term} ×${m.count + m.inHeading}`).join('، ')}`);
        return;
      }
      for (const m of s.matches) {
        const where = [`${m.count} in text`, m.inHeading > 0 ? `${m.inHeading} in heading` : ''].filter(Boolean).join(', ');
        out.push(`      ${m.score.toFixed(2).padStart(6)}  ${m.kind === 'phrase' ? 'phrase ' : ''}${m.term}: ${where}; as ${m.forms.map((f) => `«${f}»`).join(' ')}`);
      }
      for (const d of s.duplicates) out.push(`      also in ${d.file} §${d.sectionIndex} (similarity ${d.similarity}), cited, not printed twice`);
    });
    if (explain) {
      if (theme.nearMisses.length > 0) out.push('  left out:');
      for (const m of theme.nearMisses) out.push(`      ${m.score.toFixed(2).padStart(6)}  ${m.file} §${m.sectionIndex}  ${m.heading ?? '(opening)'}: ${m.reason}`);
      if (theme.summary.length > 0) out.push('  summary:');
      for (const s of theme.summary) out.push(`      «${s.text}» (${[s.outlet, s.authors.join('، '), s.date].filter(Boolean).join(', ') || s.file})`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

export async function main(argv: string[]): Promise<void> {
  const cli = yargs(argv)
    .scriptName('briefing')
    .usage('$0 <command> [options]\n\nTurn Arabic news articles into a right-to-left PDF briefing pack.')
    .command(
      'build',
      'Build the PDF pack from the inputs and themes in the config',
      (y) =>
        y
          .option('config', { alias: 'c', type: 'string', default: 'briefing.yaml', describe: 'Pack config (YAML)' })
          .option('out', { alias: 'o', type: 'string', default: 'out/briefing.pdf', describe: 'Where to write the PDF' })
          .option('timings', { type: 'boolean', default: false, describe: 'Print how long each phase took' })
          .option('strict', { type: 'boolean', default: false, describe: 'Fail (exit 1) instead of skipping an unreadable article' })
          .example('$0 build', 'build out/briefing.pdf from briefing.yaml')
          .example('$0 build -c packs/weekly.yaml -o out/weekly.pdf', 'another pack'),
      (args) => build(args.config, args.out, args.timings, args.strict),
    )
    .command(
      'parse <files..>',
      'Parse article files and show what was recovered',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, demandOption: true, describe: 'Article files (.txt)' })
          .option('json', { type: 'boolean', default: false, describe: 'Print the article model as a JSON array' })
          .option('strict', { type: 'boolean', default: false, describe: 'Fail (exit 1) instead of skipping an unreadable article' })
          .example('$0 parse seeds/*.txt --json', 'the parsed model of every seed'),
      (args) => parse(args.files as string[], args.json, args.strict),
    )
    .command(
      'themes',
      'Show which sections each theme selects, with scores and matched keywords',
      (y) =>
        y
          .option('config', { alias: 'c', type: 'string', default: 'briefing.yaml', describe: 'Pack config (YAML)' })
          .option('json', { type: 'boolean', default: false, describe: 'Print the selection as JSON (everything --explain shows)' })
          .option('explain', { type: 'boolean', default: false, describe: 'Show each term\'s share of the score and the words that matched, sections left out and why, and the summary' })
          .option('strict', { type: 'boolean', default: false, describe: 'Fail (exit 1) on an unreadable article or a theme that matched nothing' })
          .example('$0 themes', 'which sections each theme of briefing.yaml selects')
          .example('$0 themes --explain', 'and why'),
      (args) => themes(args.config, args.json, args.explain, args.strict),
    )
    .demandCommand(1, 'Name a command: build, parse or themes.')
    .strict()
    .help()
    .alias('h', 'help')
    .version()
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`${message}\nRun "briefing --help" for usage.\n`);
      process.exit(2);
    });
  try {
    await cli.parseAsync();
  } catch (error) {
    if (error instanceof UserError) {
      for (const line of error.toLines()) process.stderr.write(`error: ${line}\n`);
      process.exit(1);
    }
    // A bug of ours, not bad input: one line by default, the stack with BRIEFING_DEBUG=1.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`internal error: ${message} (set BRIEFING_DEBUG=1 for the stack trace, and please report it)\n`);
    if (process.env['BRIEFING_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
    process.exit(1);
  }
}
