#!/usr/bin/env node
// `briefing fetch` of 200 new items from a feed served on 127.0.0.1 by this script (target 5 s):
// the feed, robots.txt and 200 article pages, through the real limits (4 at once, 2 per host, so
// the per-host limit is what paces it). Prints one JSON line; bench/run.js reports it.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { parseConfig } = await import(join(root, 'dist/config/load.js'));
const { fetchSources } = await import(join(root, 'dist/fetch/index.js'));

const ITEMS = 200;
const paragraph =
  'قالت مصادر في ميناء عدن إن سفينة محملة بالقمح والدواء رست صباح اليوم بعد تأخير دام أسبوعين، وإن عمليات التفريغ بدأت تحت إشراف الأمم المتحدة. '.repeat(
    12,
  );
const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  if (path === '/feed.xml') {
    const items = Array.from(
      { length: ITEMS },
      (_, i) =>
        `<item><title>خبر ${i}</title><link>${base}/a/${i}.html</link><pubDate>${new Date(Date.UTC(2026, 10, 30, 0, i)).toUTCString()}</pubDate></item>`,
    );
    response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    return void response.end(
      `<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title>${items.join('')}</channel></rss>`,
    );
  }
  if (path.startsWith('/a/')) {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return void response.end(
      `<!doctype html><html><head><title>${path}</title></head><body><article><h1>خبر</h1><p>${paragraph}</p><p>${paragraph}</p></article></body></html>`,
    );
  }
  response.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const dir = mkdtempSync(join(tmpdir(), 'briefing-fetch-bench-'));
const config = parseConfig(
  `title: bench\nsources:\n  - feed: ${base}/feed.xml\nthemes:\n  - id: t\n    title: t\n    keywords: [عدن]\n`,
  join(dir, 'briefing.yaml'),
);
const started = performance.now();
const report = await fetchSources(config, { userAgent: 'briefing-bench' });
const seconds = (performance.now() - started) / 1000;
server.close();
rmSync(dir, { recursive: true, force: true });
if (report.saved.length !== ITEMS)
  throw new Error(`saved ${report.saved.length} of ${ITEMS}: ${report.failures.slice(0, 3).join('; ')}`);
console.log(JSON.stringify({ items: ITEMS, seconds: Math.round(seconds * 1000) / 1000, target: 5 }));
