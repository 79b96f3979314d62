// The `window:` of a pack: only articles dated within that span before the pack date are set, so a
// folder that grows every day (fetched/) gives a daily pack. Dates are days (articles rarely carry a
// reliable time), so a window of 36h keeps the pack date and the day before: a span is rounded up
// to whole days. Undated articles are kept when the pack allows them (allow_undated), else left out.
import type { Article, PackConfig } from '../model.js';
import { dayOfIso } from '../calendar.js';

/** The articles a pack sets, and how many the window left out. */
export function withinWindow(
  articles: readonly Article[],
  config: PackConfig,
  packDate: string | null,
): { kept: Article[]; leftOut: number } {
  if (config.windowHours === null || packDate === null) return { kept: [...articles], leftOut: 0 };
  const days = Math.ceil(config.windowHours / 24);
  const last = dayOfIso(packDate);
  const kept = articles.filter((article) =>
    article.date === null ? config.allowUndated : inSpan(last - dayOfIso(article.date), days),
  );
  return { kept, leftOut: articles.length - kept.length };
}

/** A day `daysBefore` the pack date is in a window of `days` days ending on it (later days are not). */
function inSpan(daysBefore: number, days: number): boolean {
  return daysBefore >= 0 && daysBefore < days;
}
