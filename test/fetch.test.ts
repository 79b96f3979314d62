// `briefing fetch` against a server these tests start on 127.0.0.1 (and stop): nothing else is
// contacted. Timeouts are shortened through the limits the fetch stage takes, not by waiting.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/load.js';
import { fetchSources, pageFileName } from '../src/fetch/index.js';
import { readFeed } from '../src/fetch/feed.js';
import { ingestFiles } from '../src/ingest/index.js';
import { startLocalServer, type LocalServer } from './helpers/server.js';

const BODY =
  'قال مسؤولون يمنيون إن المساعدات الإنسانية وصلت إلى ميناء عدن صباح اليوم بعد أسابيع من الانتظار، وإن توزيعها سيبدأ خلال أيام في المحافظات الجنوبية والشرقية، وسط مخاوف من نقص الوقود والدواء في المستشفيات. وأضافوا أن الأمم المتحدة تعمل مع السلطات المحلية على تأمين الطرق.';
const page = (title: string, extra = ''): string =>
  `<!doctype html><html lang="ar"><head><title>${title}</title>${extra}</head><body><article><h1>${title}</h1><p>${BODY}</p><p>${BODY}</p></article></body></html>`;

interface Hits {
  [path: string]: number;
}

let server: LocalServer;
let base = '';
const hits: Hits = {};
let flakyCalls = 0;

function rss(items: { path: string; title: string; date: string; guid?: string }[]): string {
  const entries = items.map(
    (i) =>
      `<item><title>${i.title}</title><link>${base}${i.path}</link>${i.guid ? `<guid isPermaLink="false">${i.guid}</guid>` : ''}<pubDate>${new Date(i.date).toUTCString()}</pubDate></item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>أخبار اليمن</title>${entries.join('')}</channel></rss>`;
}

function route(request: IncomingMessage, response: ServerResponse): void {
  const path = new URL(request.url ?? '/', base).pathname;
  hits[path] = (hits[path] ?? 0) + 1;
  const html = (body: string, type = 'text/html; charset=utf-8'): void => {
    response.writeHead(200, { 'content-type': type });
    response.end(body);
  };
  switch (path) {
    case '/robots.txt':
      response.writeHead(200, { 'content-type': 'text/plain' });
      return void response.end('User-agent: *\nDisallow: /private/\n');
    case '/rss.xml': {
      if (request.headers['if-none-match'] === '"v1"') {
        response.writeHead(304);
        return void response.end();
      }
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"' });
      return void response.end(
        rss([
          { path: '/a.html', title: 'وصول المساعدات إلى عدن', date: '2026-12-01T08:00:00Z', guid: 'a' },
          { path: '/b.html', title: 'توزيع المساعدات', date: '2026-12-01T09:00:00Z', guid: 'b' },
          { path: '/a.html', title: 'وصول المساعدات إلى عدن (مكرر)', date: '2026-12-01T08:00:00Z', guid: 'a' },
          { path: '/missing.html', title: 'صفحة محذوفة', date: '2026-11-30T08:00:00Z' },
          { path: '/flaky.html', title: 'خادم متعثر', date: '2026-11-30T07:00:00Z' },
          { path: '/private/x.html', title: 'ممنوع', date: '2026-11-30T06:00:00Z' },
          { path: '/sport.html', title: 'مباراة كرة القدم', date: '2026-11-30T05:00:00Z' },
        ]),
      );
    }
    case '/atom.xml':
      if (request.headers['if-modified-since'] === 'Tue, 01 Dec 2026 10:00:00 GMT') {
        response.writeHead(304);
        return void response.end();
      }
      response.writeHead(200, {
        'content-type': 'application/atom+xml',
        'last-modified': 'Tue, 01 Dec 2026 10:00:00 GMT',
      });
      return void response.end(
        `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>وكالة</title><entry><title>خبر أتوم</title><id>urn:c</id><link rel="alternate" href="${base}/c.html"/><published>2026-12-01T07:00:00Z</published></entry></feed>`,
      );
    case '/feed.json':
      response.writeHead(200, { 'content-type': 'application/feed+json' });
      return void response.end(
        JSON.stringify({
          version: 'https://jsonfeed.org/version/1.1',
          title: 'جيسون',
          items: [{ id: 'd', url: `${base}/gzip.html`, title: 'مضغوط', date_published: '2026-12-01T06:00:00Z' }],
        }),
      );
    case '/html-feed.xml':
      return html(page('ليست خلاصة'));
    case '/bad-feed.xml':
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      return void response.end(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>مقطوعة</title><item><title>x</title>',
      );
    case '/a.html':
    case '/b.html':
    case '/c.html':
    case '/sport.html':
      return html(page(`صفحة ${path}`));
    case '/canonical-dup.html':
      return html(page('نسخة', `<link rel="canonical" href="${base}/a.html">`));
    case '/flaky.html':
      flakyCalls++;
      if (flakyCalls === 1) {
        response.writeHead(500);
        return void response.end('busy');
      }
      return html(page('بعد المحاولة الثانية'));
    case '/slow.html':
      // Never answers: whatever the deadline and the machine's load, the client gives up first.
      return;
    case '/endless.html': {
      response.writeHead(200, { 'content-type': 'text/html' });
      const chunk = `<p>${'ا'.repeat(4000)}</p>`;
      const timer = setInterval(() => response.write(chunk), 1);
      response.on('close', () => clearInterval(timer));
      return;
    }
    case '/loop1':
      response.writeHead(302, { location: '/loop2' });
      return void response.end();
    case '/loop2':
      response.writeHead(302, { location: '/loop1' });
      return void response.end();
    case '/cp1256.html': {
      // windows-1256 bytes, the charset only in the HTTP header.
      const text = page('صفحة بترميز عربي قديم');
      response.writeHead(200, { 'content-type': 'text/html; charset=windows-1256' });
      return void response.end(encode1256(text));
    }
    case '/gzip.html':
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
      return void response.end(gzipSync(Buffer.from(page('صفحة مضغوطة'))));
    case '/br.html':
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'br' });
      return void response.end(brotliCompressSync(Buffer.from(page('صفحة بضغط بروتلي'))));
    case '/deflate.html':
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'deflate' });
      return void response.end(deflateSync(Buffer.from(page('صفحة بضغط ديفليت'))));
    case '/pdf.html':
      response.writeHead(200, { 'content-type': 'application/pdf' });
      return void response.end('%PDF-1.4');
    default:
      response.writeHead(404);
      response.end('not found');
  }
}

/** windows-1256 for the Arabic letters and ASCII of these pages (Node has no encoder for it). */
function encode1256(text: string): Buffer {
  const decoder = new TextDecoder('windows-1256');
  const table = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  return Buffer.from([...text].map((c) => table.get(c) ?? 0x3f));
}

beforeAll(async () => {
  server = await startLocalServer(route);
  base = server.base;
});

afterAll(() => server.stop());

function pack(sources: string, extra = ''): ReturnType<typeof parseConfig> {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-fetch-'));
  const yaml = `title: حزمة\ninputs: [fetched/*.html]\nallow_undated: true\n${extra}sources:\n${sources}themes:\n  - id: yemen\n    title: اليمن\n    keywords: [عدن]\n`;
  return parseConfig(yaml, join(dir, 'briefing.yaml'));
}

// The default deadlines (10 s, 30 s), so that a loaded machine cannot make a page late; only the
// backoff is shortened. The timeout case has its own short deadline, against a server that never answers.
const options = { userAgent: 'briefing-test/1', limits: { backoffMs: 5 }, now: () => new Date('2026-12-01T12:00:00Z') };

describe('briefing fetch', () => {
  it('RSS: saves new items once, retries a 500, reports a 404 and robots.txt by address; a second run is one 304', async () => {
    const config = pack(`  - feed: ${'${base}'}/rss.xml\n    exclude: ['*كرة القدم*']\n`.replace('${base}', base));
    const first = await fetchSources(config, options);
    const saved = readdirSync(config.fetchedDir)
      .filter((f) => f.endsWith('.html'))
      .sort();
    expect(saved).toEqual(
      [pageFileName(`${base}/a.html`), pageFileName(`${base}/b.html`), pageFileName(`${base}/flaky.html`)].sort(),
    );
    expect(hits['/a.html']).toBe(1); // the duplicate item is fetched once
    expect(hits['/sport.html']).toBeUndefined(); // excluded by title
    expect(first.failures.map((f) => f.replace(base, 'BASE'))).toEqual([
      'BASE/missing.html: HTTP 404',
      "BASE/private/x.html: disallowed by its site's robots.txt",
    ]);
    expect(first.lines[0]).toMatch(
      /^new {2}http:\/\/127\.0\.0\.1:\d+\/rss\.xml \(3 new, 0 already fetched, 2 failed\)$/,
    );
    // What the feed said is kept in the page for the reader; the page reads as an article.
    const a = readFileSync(join(config.fetchedDir, pageFileName(`${base}/a.html`)), 'utf8');
    expect(a).toContain(`<meta name="briefing:url" content="${base}/a.html">`);
    expect(a).toContain('<meta name="briefing:date" content="2026-12-01T08:00:00.000Z">');
    expect(a).toContain('<meta name="briefing:fetched" content="2026-12-01T12:00:00.000Z">');
    const { articles } = ingestFiles([join(config.fetchedDir, pageFileName(`${base}/a.html`))]);
    expect(articles[0]).toMatchObject({ url: `${base}/a.html`, date: '2026-12-01' });

    const before = { ...hits };
    const second = await fetchSources(config, options);
    expect(second.lines[0]).toMatch(/^unchanged {2}\S+rss\.xml \(304\)$/);
    expect(hits['/rss.xml']).toBe(before['/rss.xml']! + 1);
    for (const path of ['/a.html', '/b.html', '/flaky.html']) expect(hits[path]).toBe(before[path]);
    expect(second.saved).toEqual([]);
  });

  it('Atom and JSON Feed, gzip, brotli, deflate, a page in windows-1256 named only by its HTTP header', async () => {
    const config = pack(
      `  - feed: ${base}/atom.xml\n  - feed: ${base}/feed.json\n  - url: ${base}/cp1256.html\n` +
        `  - url: ${base}/br.html\n  - url: ${base}/deflate.html\n`,
    );
    const report = await fetchSources(config, options);
    expect(report.failures).toEqual([]);
    expect(report.saved).toHaveLength(5);
    const text = (path: string): string =>
      readFileSync(join(config.fetchedDir, pageFileName(`${base}${path}`)), 'utf8');
    expect(text('/c.html')).toContain('<meta name="briefing:title" content="خبر أتوم">');
    expect(text('/gzip.html')).toContain('صفحة مضغوطة');
    expect(text('/br.html')).toContain('صفحة بضغط بروتلي');
    expect(text('/deflate.html')).toContain('صفحة بضغط ديفليت');
    expect(text('/cp1256.html')).toContain('صفحة بترميز عربي قديم');
    expect(text('/cp1256.html')).toContain('<meta charset="utf-8">');
    // Atom remembered by Last-Modified: unchanged next time.
    const again = await fetchSources(config, options);
    expect(again.lines[0]).toMatch(/^unchanged {2}\S+atom\.xml \(304\)$/);
  });

  it('a server that never answers: tried twice, then a failure naming the deadline', async () => {
    const config = pack(`  - url: ${base}/slow.html\n`);
    const report = await fetchSources(config, {
      ...options,
      limits: { headersTimeoutMs: 200, totalTimeoutMs: 400, backoffMs: 5 },
    });
    expect(report.failures.map((f) => f.replaceAll(base, 'BASE'))).toEqual(['BASE/slow.html: no answer within 0.2 s']);
    expect(hits['/slow.html']).toBe(2);
    expect(readdirSync(config.fetchedDir)).toEqual(['.state.json']);
  });

  it('each failure is named: oversized body, redirect loop, HTML for a feed, malformed feed, not HTML', async () => {
    const config = pack(
      [`/endless.html`, `/loop1`, `/pdf.html`].map((p) => `  - url: ${base}${p}\n`).join('') +
        `  - feed: ${base}/html-feed.xml\n  - feed: ${base}/bad-feed.xml\n`,
      'fetch: {max_page_mb: 0.05}\n',
    );
    const report = await fetchSources(config, options);
    const failures = report.failures.map((f) => f.replaceAll(base, 'BASE'));
    expect(failures).toEqual([
      'BASE/endless.html: larger than 51 KB, abandoned while reading',
      'BASE/loop1: redirect loop (BASE/loop2 → BASE/loop1)',
      'BASE/pdf.html: not an HTML page (application/pdf)',
      'BASE/html-feed.xml: not a feed: the address gives an HTML page',
      expect.stringMatching(/^BASE\/bad-feed\.xml: malformed feed: .+ \(line \d+\)$/),
    ]);
    // Nothing partial is left: only the state file.
    expect(readdirSync(config.fetchedDir)).toEqual(['.state.json']);
  });

  it('an item whose canonical address was fetched before is not saved again', async () => {
    const config = pack(`  - url: ${base}/a.html\n  - url: ${base}/canonical-dup.html\n`);
    await fetchSources(pack(`  - url: ${base}/a.html\n`, `fetched: ${config.fetchedDir}\n`), options);
    const report = await fetchSources(config, options);
    expect(report.saved).toEqual([]);
  });
});

describe('feeds', () => {
  it('reads RSS guid links, Atom alternates and JSON Feed urls, relative ones against the feed', () => {
    expect(
      readFeed(
        '<rss version="2.0"><channel><item><guid>https://x.test/1</guid><title> t </title></item></channel></rss>',
        'https://x.test/f',
      ).items,
    ).toEqual([{ url: 'https://x.test/1', title: 't', date: null, guid: 'https://x.test/1' }]);
    expect(
      readFeed(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>i</id><link href="/a"/></entry></feed>',
        'https://x.test/f',
      ).items[0]!.url,
    ).toBe('https://x.test/a');
    expect(() => readFeed('<rss><channel><item>', 'https://x.test/f')).toThrow(/malformed feed/);
  });
});
