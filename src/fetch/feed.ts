// A feed's bytes → its items. feedsmith reads RSS 0.9x–2.0, RDF, Atom 0.3–1.0 and JSON Feed, but
// is forgiving by design (a truncated document still gives items); fast-xml-parser's validator
// says first whether the XML is well formed, so a broken feed is reported with its line, not
// half-read.
import { XMLValidator } from 'fast-xml-parser';
import { parseFeed } from 'feedsmith';

export interface FeedItem {
  /** The article's address. */
  url: string;
  title: string | null;
  /** ISO date-time as the feed gives it, or null. */
  date: string | null;
  /** The item's own identifier (RSS guid, Atom id, JSON Feed id), or null. */
  guid: string | null;
}

export interface ParsedFeed {
  title: string | null;
  items: FeedItem[];
}

/** Parses a feed; throws an Error whose message says in words what is wrong with it. */
export function readFeed(text: string, base: string): ParsedFeed {
  const start = text.trimStart().slice(0, 512).toLowerCase();
  if (
    start.startsWith('<!doctype html') ||
    start.startsWith('<html') ||
    (/<html[\s>]/.test(start) && !/<(rss|feed|rdf)/.test(start))
  ) {
    throw new Error('not a feed: the address gives an HTML page');
  }
  if (!start.startsWith('{') && !start.startsWith('[')) {
    const valid = XMLValidator.validate(text);
    if (valid !== true) throw new Error(`malformed feed: ${valid.err.msg} (line ${valid.err.line})`);
  }
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(text);
  } catch (error) {
    throw new Error(`not a feed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const absolute = (href: string | undefined | null): string | null => {
    if (!href) return null;
    try {
      const url = new URL(href.trim(), base);
      return /^https?:$/.test(url.protocol) ? url.toString() : null;
    } catch {
      return null;
    }
  };
  const items: FeedItem[] = [];
  const textOf = (value: unknown): string | null =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  const add = (url: string | null, title: unknown, date: unknown, guid: unknown): void => {
    if (url) items.push({ url, title: textOf(title), date: isoDate(textOf(date)), guid: textOf(guid) });
  };
  switch (parsed.format) {
    case 'rss':
      for (const item of parsed.feed.items ?? [])
        add(
          absolute(item.link ?? (item.guid?.isPermaLink !== false ? item.guid?.value : null)),
          item.title,
          item.pubDate ?? item.dc?.dates?.[0] ?? null,
          item.guid?.value,
        );
      return { title: parsed.feed.title ?? null, items };
    case 'atom':
      for (const entry of parsed.feed.entries ?? []) {
        const link = entry.links?.find((l) => !l.rel || l.rel === 'alternate') ?? entry.links?.[0];
        add(absolute(link?.href), entry.title?.value, entry.published ?? entry.updated ?? null, entry.id);
      }
      return { title: parsed.feed.title?.value ?? null, items };
    case 'rdf':
      for (const item of parsed.feed.items ?? [])
        add(absolute(item.link), item.title, item.dc?.dates?.[0] ?? null, null);
      return { title: parsed.feed.title ?? null, items };
    case 'json':
      for (const item of parsed.feed.items ?? [])
        add(
          absolute(item.url ?? item.external_url),
          item.title,
          item.date_published ?? item.date_modified ?? null,
          item.id,
        );
      return { title: parsed.feed.title ?? null, items };
  }
}

/** An RFC 822 or ISO date as ISO 8601 (UTC), or null when it does not parse. */
function isoDate(text: string | null | undefined): string | null {
  if (!text) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
