// Fetch stage: the `sources:` of a pack → new article pages saved in its `fetched:` folder, which
// every build then reads. Incremental: a feed is asked with its ETag / Last-Modified and costs one
// 304 when unchanged; an item already saved (same address, canonical address or guid) is never
// downloaded again. Each page is saved as UTF-8 HTML with what the feed said about it (address,
// title, date) and the fetch time as <meta name="briefing:…"> fallbacks for the HTML reader.
// Only this stage touches the network; build and check never do.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { Parser } from 'htmlparser2';
import type { PackConfig, Source } from '../model.js';
import { sha256 } from '../manifest.js';
import { metaCharset } from '../ingest/read.js';
import { writeAtomically } from '../output.js';
import { readFeed, type FeedItem } from './feed.js';
import { DEFAULT_LIMITS, FetchFailure, Limiter, httpGet, type HttpLimits, type HttpResponse } from './http.js';

export interface FetchOptions {
  userAgent: string;
  /** Overrides of the HTTP limits (tests shorten the timeouts). */
  limits?: Partial<HttpLimits>;
  /** The fetch time written into each saved page. */
  now?: () => Date;
  /** One line per source as it finishes. */
  onLine?: (line: string) => void;
}

export interface FetchReport {
  /** One line per source: new, unchanged or failed. */
  lines: string[];
  /** One per failure, naming the address. */
  failures: string[];
  /** Pages saved by this run, as paths. */
  saved: string[];
  summary: string;
}

interface SavedItem {
  url: string;
  canonical: string | null;
  guid: string | null;
  file: string;
  fetched: string;
}

interface FetchState {
  format: 1;
  /** Per feed: what to send next time to be told "unchanged". */
  feeds: Record<string, { etag?: string; lastModified?: string }>;
  items: SavedItem[];
}

const STATE_FILE = '.state.json';

/** What robots-parser (a CommonJS module, loaded through require for the bundle) answers. */
interface RobotsRules {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
}

const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, text: string) => RobotsRules;

function loadState(folder: string): FetchState {
  const path = join(folder, STATE_FILE);
  if (!existsSync(path)) return { format: 1, feeds: {}, items: [] };
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as Partial<FetchState>;
    return { format: 1, feeds: state.feeds ?? {}, items: Array.isArray(state.items) ? state.items : [] };
  } catch {
    // A damaged state file costs a full fetch, never a failed one: pages on disk are still found by name.
    return { format: 1, feeds: {}, items: [] };
  }
}

/** The file a page is saved as: its host and a hash of its address, stable across runs. */
export function pageFileName(url: string): string {
  const host = new URL(url).hostname.replace(/[^a-z0-9.-]/gi, '_');
  return `${host}-${sha256(url).slice(0, 16)}.html`;
}

/** `*` matches anything; case is ignored; a pattern matches the address or the title. */
function itemFilter(patterns: readonly string[]): (item: FeedItem) => boolean {
  const regexes = patterns.map(
    (pattern) =>
      new RegExp(
        `^${pattern
          .split('*')
          .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
        'is',
      ),
  );
  return (item) => regexes.some((regex) => regex.test(item.url) || (item.title !== null && regex.test(item.title)));
}

/** Fetches every source of the pack; never throws for a network problem (those are failures). */
export async function fetchSources(config: PackConfig, options: FetchOptions): Promise<FetchReport> {
  const limits: HttpLimits = {
    ...DEFAULT_LIMITS,
    maxBytes: config.maxPageBytes,
    ...options.limits,
    userAgent: options.userAgent,
  };
  const limiter = new Limiter();
  const folder = config.fetchedDir;
  const state = loadState(folder);
  const now = options.now ?? (() => new Date());
  const known = new Set<string>();
  for (const item of state.items) for (const key of [item.url, item.canonical, item.guid]) if (key) known.add(key);
  const robots = new Map<string, Promise<RobotsRules | null>>();
  const lines: string[] = [];
  const failures: string[] = [];
  const saved: string[] = [];
  let unchanged = 0;

  const allowedByRobots = async (url: string): Promise<boolean> => {
    const origin = new URL(url).origin;
    let rules = robots.get(origin);
    if (!rules) {
      const robotsUrl = `${origin}/robots.txt`;
      rules = httpGet(robotsUrl, { ...limits, tries: 1 }, limiter)
        .then((response) => (response.status === 200 ? robotsParser(robotsUrl, response.body.toString('utf8')) : null))
        // No robots.txt, or none that answers: nothing is disallowed.
        .catch(() => null);
      robots.set(origin, rules);
    }
    const parsed = await rules;
    return parsed === null || parsed.isAllowed(url, limits.userAgent) !== false;
  };

  const savePage = async (item: FeedItem, feedTitle: string | null): Promise<'saved' | 'known'> => {
    if (known.has(item.url) || (item.guid !== null && known.has(item.guid))) return 'known';
    const file = join(folder, pageFileName(item.url));
    if (existsSync(file)) return 'known';
    if (!(await allowedByRobots(item.url))) throw new FetchFailure('status', "disallowed by its site's robots.txt");
    const response = await httpGet(item.url, limits, limiter, {
      accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
    });
    if (response.status !== 200) throw new FetchFailure('status', `HTTP ${response.status}`, response.status);
    const type = response.headers.get('content-type') ?? '';
    if (type !== '' && !/html/i.test(type))
      throw new FetchFailure('status', `not an HTML page (${type.split(';')[0]})`);
    const page = decodePage(response);
    if (!/<(html|body|p|article)[\s>]/i.test(page)) throw new FetchFailure('status', 'not an HTML page');
    const canonical = canonicalOf(page, response.url);
    if (canonical !== null && canonical !== item.url && known.has(canonical)) return 'known';
    const fetched = now().toISOString();
    writeAtomically(
      file,
      Buffer.from(
        withFallbacks(page, {
          url: canonical ?? response.url,
          title: item.title,
          date: item.date,
          feed: feedTitle,
          fetched,
        }),
      ),
    );
    const record: SavedItem = { url: item.url, canonical, guid: item.guid, file: relative(folder, file), fetched };
    state.items.push(record);
    for (const key of [record.url, record.canonical, record.guid]) if (key) known.add(key);
    saved.push(file);
    return 'saved';
  };

  const fetchSource = async (source: Source, failures: string[]): Promise<string> => {
    let items: FeedItem[];
    let feedTitle: string | null = null;
    if (source.kind === 'page') {
      items = [{ url: source.url, title: null, date: null, guid: null }];
    } else {
      const remembered = state.feeds[source.url] ?? {};
      const conditional: Record<string, string> = {
        accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5',
      };
      if (remembered.etag) conditional['if-none-match'] = remembered.etag;
      if (remembered.lastModified) conditional['if-modified-since'] = remembered.lastModified;
      const response = await httpGet(source.url, limits, limiter, conditional);
      if (response.status === 304) {
        unchanged++;
        return `unchanged  ${source.url} (304)`;
      }
      if (response.status !== 200) throw new FetchFailure('status', `HTTP ${response.status}`, response.status);
      const feed = readFeed(decodePage(response), response.url);
      feedTitle = feed.title;
      items = feed.items;
      const etag = response.headers.get('etag');
      const lastModified = response.headers.get('last-modified');
      state.feeds[source.url] = { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
    }
    const included = itemFilter(source.include);
    const excluded = itemFilter(source.exclude);
    const wanted = items
      .filter((item) => (source.include.length === 0 || included(item)) && !excluded(item))
      // Newest first, so that max_items keeps the latest; undated items keep the feed's order, last.
      .map((item, index) => ({ item, index }))
      .sort((a, b) => (b.item.date ?? '').localeCompare(a.item.date ?? '') || a.index - b.index)
      .map(({ item }) => item);
    let added = 0;
    let already = 0;
    const problems: string[] = [];
    const fresh = wanted.filter((item) => !known.has(item.url) && !(item.guid !== null && known.has(item.guid)));
    already += wanted.length - fresh.length;
    const taken = source.maxItems === null ? fresh : fresh.slice(0, source.maxItems);
    // Duplicates within one feed (the same address twice) are fetched once.
    const unique = taken.filter((item, i) => taken.findIndex((other) => other.url === item.url) === i);
    await Promise.all(
      unique.map(async (item) => {
        try {
          if ((await savePage(item, feedTitle)) === 'saved') added++;
          else already++;
        } catch (error) {
          problems.push(`${item.url}: ${describe(error)}`);
        }
      }),
    );
    for (const problem of problems.sort()) failures.push(problem);
    const parts = [
      `${added} new`,
      `${already} already fetched`,
      ...(problems.length > 0 ? [`${problems.length} failed`] : []),
    ];
    return `${added > 0 ? 'new' : problems.length > 0 ? 'failed' : 'unchanged'}  ${source.url} (${parts.join(', ')})`;
  };

  const results = await Promise.all(
    config.sources.map(async (source) => {
      const own: string[] = [];
      try {
        return { line: await fetchSource(source, own), failures: own };
      } catch (error) {
        return {
          line: `failed  ${source.url}: ${describe(error)}`,
          failures: [...own, `${source.url}: ${describe(error)}`],
        };
      }
    }),
  );
  // Lines and failures in the order of the config, whatever order the answers came in.
  for (const result of results) {
    lines.push(result.line);
    failures.push(...result.failures);
    options.onLine?.(result.line);
  }
  state.items.sort((a, b) => a.file.localeCompare(b.file));
  writeAtomically(join(folder, STATE_FILE), Buffer.from(`${JSON.stringify(state, null, 2)}\n`));
  const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const summary = [
    `fetched ${plural(saved.length, 'new page')} from ${plural(config.sources.length, 'source')}`,
    ` into ${relative(process.cwd(), folder) || '.'}/`,
    unchanged > 0 ? `; ${plural(unchanged, 'feed')} unchanged` : '',
    failures.length > 0 ? `; ${plural(failures.length, 'failure')}` : '',
  ].join('');
  return { lines, failures, saved, summary };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The body as text: the charset of the Content-Type header, else of a <meta>, else UTF-8. */
function decodePage(response: HttpResponse): string {
  const fromHeader = /charset\s*=\s*["']?([\w-]+)/i.exec(response.headers.get('content-type') ?? '')?.[1];
  const fromMeta = metaCharset(response.body);
  for (const label of [fromHeader, fromMeta, 'utf-8']) {
    if (!label) continue;
    try {
      return new TextDecoder(label.toLowerCase()).decode(response.body).replace(/^\uFEFF/, '');
    } catch {
      // An unknown label: try the next source of truth.
    }
  }
  return response.body.toString('utf8');
}

/** The page's canonical address (link rel=canonical, else og:url), absolute, or null. */
function canonicalOf(page: string, base: string): string | null {
  // htmlparser2 reads the tags (attributes in any order, any quoting); only the head matters.
  let canonical: string | undefined;
  let ogUrl: string | undefined;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'link' && /(^|\s)canonical(\s|$)/i.test(attributes['rel'] ?? '')) canonical ??= attributes['href'];
        if (name === 'meta' && attributes['property'] === 'og:url') ogUrl ??= attributes['content'];
      },
    },
    { decodeEntities: true },
  );
  parser.write(page.slice(0, 64 * 1024));
  parser.end();
  const href = (canonical ?? ogUrl)?.trim();
  if (!href) return null;
  try {
    const url = new URL(href, base);
    return /^https?:$/.test(url.protocol) ? url.toString() : null;
  } catch {
    return null;
  }
}

const escapeAttribute = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The page as UTF-8 with what the feed knew about it as <meta name="briefing:…"> tags. */
function withFallbacks(
  page: string,
  facts: { url: string; title: string | null; date: string | null; feed: string | null; fetched: string },
): string {
  const tags = [
    '<meta charset="utf-8">',
    `<meta name="briefing:url" content="${escapeAttribute(facts.url)}">`,
    ...(facts.title ? [`<meta name="briefing:title" content="${escapeAttribute(facts.title)}">`] : []),
    ...(facts.date ? [`<meta name="briefing:date" content="${escapeAttribute(facts.date)}">`] : []),
    ...(facts.feed ? [`<meta name="briefing:feed" content="${escapeAttribute(facts.feed)}">`] : []),
    `<meta name="briefing:fetched" content="${facts.fetched}">`,
  ].join('\n');
  // The page is now UTF-8 whatever it declared: its own charset declarations go.
  const recoded = page.replace(/<meta\b[^>]*\bcharset\s*=[^>]*>/gi, '');
  const head = /<head\b[^>]*>/i.exec(recoded);
  return head
    ? `${recoded.slice(0, head.index + head[0].length)}\n${tags}\n${recoded.slice(head.index + head[0].length)}`
    : `${tags}\n${recoded}`;
}
