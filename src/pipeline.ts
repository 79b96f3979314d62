// The three stages wired together; the CLI calls these and only formats what they return.
import { dirname } from 'node:path';
import { expandInputs } from './config/inputs.js';
import { loadConfig } from './config/load.js';
import { UserError } from './errors.js';
import { ingestFiles } from './ingest/index.js';
import { optimiseForInputs } from './jit.js';
import type { Briefing } from './model.js';
import { renderPdf } from './render/index.js';
import { select } from './select/index.js';
import type { PhaseClock } from './timings.js';

export interface Prepared {
  briefing: Briefing;
  skipped: UserError[];
}

export function prepareBriefing(configFile: string): Prepared {
  const config = loadConfig(configFile);
  const files = expandInputs(config.inputs, dirname(config.file), configFile);
  optimiseForInputs(files);
  const { articles, skipped } = ingestFiles(files);
  if (articles.length === 0) throw new UserError('no readable articles among the inputs', { file: configFile });
  return { briefing: select(articles, config), skipped };
}

/** The PDF's dates: SOURCE_DATE_EPOCH when set (reproducible CI builds), else the pack's date. */
export function buildTimestamp(briefing: Briefing): Date {
  const epoch = process.env['SOURCE_DATE_EPOCH'];
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date(`${briefing.date ?? '2000-01-01'}T00:00:00Z`);
}

export interface BuildOptions {
  templatesDir?: string;
  clock?: PhaseClock;
}

export async function buildPdf(briefing: Briefing, options: BuildOptions = {}): Promise<Buffer> {
  return renderPdf(briefing, { timestamp: buildTimestamp(briefing), ...options });
}
