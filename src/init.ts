// `briefing init [DIR]`: a pack that builds as it stands, to edit rather than write from nothing — a
// commented config, the five sample articles and a copy of every template.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError } from './errors.js';
import { writeAtomically } from './output.js';
import { PACKAGE_ROOT } from './paths.js';

const SAMPLES = join(PACKAGE_ROOT, 'seeds');
const TEMPLATES = join(PACKAGE_ROOT, 'templates');

/** The default config, pointed at the scaffold's own folders. */
function starterConfig(): string {
  const original = readFileSync(join(PACKAGE_ROOT, 'briefing.yaml'), 'utf8');
  const schema = relative(process.cwd(), join(PACKAGE_ROOT, 'schema/briefing.schema.json'));
  return original
    .replace(/^# yaml-language-server:.*\n/m, `# yaml-language-server: $schema=${schema}\n`)
    .replace(/^\$schema:.*\n/m, '')
    .replace(/^inputs:\n(?: {2}- .*\n)+/m, 'inputs:\n  - articles/*.txt\n')
    .replace(/^themes:/m, '# Your copies of the templates: edit them, or delete one to use the built-in version.\ntemplates: templates\n\nthemes:');
}

/** Writes the scaffold; returns what it wrote. Existing files are kept unless `force`. */
export function scaffold(dir: string, force: boolean): string[] {
  const plan: { path: string; data: () => Buffer }[] = [
    { path: join(dir, 'briefing.yaml'), data: () => Buffer.from(starterConfig()) },
    ...readdirSync(SAMPLES)
      .filter((n) => n.endsWith('.txt'))
      .sort()
      .map((n) => ({ path: join(dir, 'articles', n), data: () => readFileSync(join(SAMPLES, n)) })),
    ...readdirSync(TEMPLATES)
      .filter((n) => n.endsWith('.hbs'))
      .sort()
      .map((n) => ({ path: join(dir, 'templates', n), data: () => readFileSync(join(TEMPLATES, n)) })),
  ];
  const clashes = plan.filter((p) => existsSync(p.path));
  if (clashes.length > 0 && !force) {
    throw new UserError(`already exists (${clashes.length} file(s) would be overwritten; --force overwrites)`, { file: clashes[0]!.path });
  }
  for (const item of plan) writeAtomically(item.path, item.data());
  return ['briefing.yaml', 'articles/ (5 sample articles)', `templates/ (${plan.length - 6} templates)`];
}
