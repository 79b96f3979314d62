// `briefing watch`: build, then rebuild whenever the config, an input (added, changed or removed),
// a template or a font changes. Changes are found by polling file sizes and modification times
// rather than fs.watch, whose events differ by platform (no recursion on some, doubled or missed
// events on network and container file systems); a poll of a few thousand stats is a few
// milliseconds. The process stays warm between builds: fonts, HarfBuzz and the shaping cache are
// loaded once, which is most of what a small rebuild would otherwise spend.
import { statSync } from 'node:fs';
import { packInputs } from './config/inputs.js';
import { loadConfig } from './config/load.js';
import { UserError } from './errors.js';
import { templateFiles } from './manifest.js';
import { BUILTIN_TEMPLATES } from './render/index.js';

/** Every file a build reads, with its size and modification time: when this changes, rebuild. */
export function watchedState(configFile: string): string {
  const paths = new Set<string>([configFile]);
  try {
    const config = loadConfig(configFile);
    for (const path of packInputs(config, configFile)) paths.add(path);
    for (const path of templateFiles(config, BUILTIN_TEMPLATES)) paths.add(path);
    const { fonts } = config;
    for (const path of [fonts.regular, fonts.bold, fonts.heading, fonts.fallback, fonts.fallbackBold])
      if (path) paths.add(path);
  } catch (error) {
    // A broken config or a pattern that finds nothing: the build reports it; until the config
    // changes, the config alone is watched.
    if (!(error instanceof UserError)) throw error;
  }
  return [...paths]
    .sort()
    .map((path) => `${path}\0${statLine(path)}`)
    .join('\n');
}

function statLine(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
  } catch {
    return 'missing';
  }
}

export interface WatchOptions {
  configFile: string;
  /** One build; it reports its own outcome. Errors it throws are reported and watching goes on. */
  rebuild: () => Promise<void>;
  report: (error: unknown) => void;
  /** How often to look for changes; a change is built once it has held still for one more look. */
  intervalMs?: number;
  /** Resolves when watching should stop (Ctrl-C). */
  stopped: Promise<void>;
}

export async function watch({ configFile, rebuild, report, intervalMs = 200, stopped }: WatchOptions): Promise<void> {
  let stop = false;
  void stopped.then(() => {
    stop = true;
  });
  const buildOnce = async (): Promise<void> => {
    try {
      await rebuild();
    } catch (error) {
      report(error);
    }
  };
  let built = watchedState(configFile);
  await buildOnce();
  let seen = built;
  while (!stop) {
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, intervalMs))]);
    if (stop) break;
    const now = watchedState(configFile);
    // Debounce: an editor's save (or a copy of many files) is built once it has settled.
    if (now !== seen) {
      seen = now;
      continue;
    }
    if (now === built) continue;
    // `built` is what this build starts from: files edited while it runs differ from it, and are
    // built once they settle.
    built = now;
    await buildOnce();
  }
}
