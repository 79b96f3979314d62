// `briefing init [DIR]`: a pack that builds as it stands, to edit rather than write from nothing — a
// commented config, the five sample articles and a copy of every template.
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { delimiter, join, relative, resolve } from 'node:path';
import { UserError } from './errors.js';
import { writeAtomically } from './output.js';
import { PACKAGE_ROOT } from './paths.js';

const SAMPLES = join(PACKAGE_ROOT, 'seeds');
const TEMPLATES = join(PACKAGE_ROOT, 'templates');

/** News to bring in with `briefing fetch`, commented out: a pack starts from its sample articles. */
const STARTER_SOURCES = [
  '# Feeds and pages `briefing fetch` saves into fetched/ (every build reads that folder):',
  '# sources:',
  '#   - feed: https://example.org/rss.xml',
  '#     max_items: 20',
  "#     exclude: ['*رياضة*']",
  '#   - url: https://example.org/news/article.html',
  '# Only articles dated within two days before the pack date:',
  '# window: 2d',
  '# Every pack is a tagged PDF; claim standards too (PDF/A-2b for archives, PDF/UA-1 for accessibility):',
  '# pdf_standard: [a-2b, ua-1]',
  '',
  '',
].join('\n');

/** The default config, pointed at the scaffold's own folders. */
function starterConfig(dir: string): string {
  const original = readFileSync(join(PACKAGE_ROOT, 'briefing.yaml'), 'utf8');
  // Editors resolve the schema from the config's own folder.
  const schema = relative(resolve(dir), join(PACKAGE_ROOT, 'schema/briefing.schema.json')).split('\\').join('/');
  return original
    .replace(/^# yaml-language-server:.*\n/m, `# yaml-language-server: $schema=${schema}\n`)
    .replace(/^\$schema:.*\n/m, '')
    .replace(/^inputs:\n(?: {2}- .*\n)+/m, 'inputs:\n  - articles/*.txt\n')
    .replace(
      /^themes:/m,
      '# Your copies of the templates: edit them, or delete one to use the built-in version.\ntemplates: ' +
        'templates\n\n' +
        STARTER_SOURCES +
        'themes:',
    );
}

/** Writes the scaffold; returns what it wrote. Existing files are kept unless `force`. */
export function scaffold(dir: string, force: boolean): string[] {
  const plan: { path: string; data: () => Buffer }[] = [
    { path: join(dir, 'briefing.yaml'), data: () => Buffer.from(starterConfig(dir)) },
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
    throw new UserError(`already exists (${clashes.length} file(s) would be overwritten; --force overwrites)`, {
      file: clashes[0]!.path,
    });
  }
  for (const item of plan) writeAtomically(item.path, item.data());
  return ['briefing.yaml', 'articles/ (5 sample articles)', `templates/ (${plan.length - 6} templates)`];
}

/**
 * The command that builds the new pack, as this machine can run it: `npx briefing … -c` when npx
 * started us (npx finds this package only from where it was run); `briefing` when that command on
 * the PATH is this very install; otherwise node with this launcher's full path.
 */
export function nextStep(dir: string, env: NodeJS.ProcessEnv = process.env): string {
  const config = join(dir, 'briefing.yaml');
  const launcher = join(PACKAGE_ROOT, 'bin', 'briefing.js');
  // npx puts its own bin folder on our PATH; the user's shell does not have it.
  if (env['npm_command'] === 'exec') return `npx briefing build -c ${quote(config)}`;
  if (commandOnPath('briefing', env) === realPath(launcher)) return `cd ${quote(dir)} && briefing build`;
  return `node ${quote(launcher)} build -c ${quote(config)}`;
}

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Where `name` on the PATH leads (through npm's symlink), or undefined. Windows' .cmd shims are not followed. */
function commandOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const folder of (env['PATH'] ?? '').split(delimiter)) {
    if (!folder) continue;
    const found = realPath(join(folder, name));
    if (found) return found;
  }
  return undefined;
}

/** A path as one shell word. */
function quote(path: string): string {
  return /^[\w./:@+-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`;
}
