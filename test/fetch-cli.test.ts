// `briefing fetch`, then `build`, as a scheduled job runs them, against a server the test starts on
// 127.0.0.1 (and stops). Also: build and check never open a network connection; an interrupted
// fetch leaves no partial file.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf, readingLines } from './helpers/pdf.js';
import { startLocalServer, type LocalServer } from './helpers/server.js';

const BIN = join(process.cwd(), 'bin/briefing.js');

/** Runs the CLI without blocking this process (its server must keep answering). */
function run(
  args: string[],
  options: {
    cwd?: string;
    env?: Record<string, string>;
    onStart?: (kill: (signal: NodeJS.Signals) => void) => void;
  } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    options.onStart?.((signal) => child.kill(signal));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const BODY =
  'قالت مصادر في ميناء عدن إن سفينة محملة بالقمح والدواء رست صباح اليوم بعد تأخير دام أسبوعين، وإن عمليات التفريغ بدأت تحت إشراف الأمم المتحدة والسلطات المحلية، على أن توزع الشحنة على المحافظات الجنوبية خلال الأيام المقبلة.';
const articlePage = (title: string, date: string): string =>
  `<!doctype html><html lang="ar"><head><title>${title}</title><meta property="article:published_time" content="${date}"></head><body><article><h1>${title}</h1><p>${BODY}</p><p>${BODY}</p></article></body></html>`;

let server: LocalServer;
let base = '';
let items = [
  { path: '/one.html', title: 'سفينة قمح تصل إلى عدن', date: '2026-11-30T08:00:00Z' },
  { path: '/two.html', title: 'بدء تفريغ الشحنة في عدن', date: '2026-11-30T10:00:00Z' },
];
let slowRequested: () => void = () => undefined;

beforeAll(async () => {
  server = await startLocalServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/feed.xml') {
      const tag = `"${items.length}"`;
      if (request.headers['if-none-match'] === tag) return void response.writeHead(304).end();
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: tag });
      return void response.end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>أخبار عدن</title>${items.map((i) => `<item><title>${i.title}</title><link>${base}${i.path}</link><pubDate>${new Date(i.date).toUTCString()}</pubDate></item>`).join('')}</channel></rss>`,
      );
    }
    const item = items.find((i) => i.path === path);
    if (item)
      return void response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(articlePage(item.title, item.date));
    if (path === '/slow.html') {
      // Starts a page and never finishes it: the fetch is interrupted mid-download.
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.write('<!doctype html><html><head><title>بطيئة</title></head><body><p>');
      slowRequested();
      return;
    }
    response.writeHead(404).end();
  });
  base = server.base;
});

afterAll(() => server.stop());

function makePack(sources: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefing-fetch-cli-'));
  mkdirSync(join(dir, 'articles'));
  copyFileSync('seeds/002_e5b66a72f95dde75.txt', join(dir, 'articles/seed.txt'));
  writeFileSync(
    join(dir, 'briefing.yaml'),
    `title: موجز عدن\ndate: "2026-11-30"\ninputs: [articles/*.txt]\nallow_undated: true\nsources:\n${sources}themes:\n  - id: aden\n    title: عدن\n    keywords: [عدن, الميناء]\n  - id: pakistan\n    title: باكستان\n    keywords: [باكستان]\n`,
  );
  return dir;
}

async function pdfText(path: string): Promise<string> {
  const pdf = await readPdf(readFileSync(path));
  return pdf.pages.flatMap((page) => readingLines(page)).join('\n');
}

// A preload that makes every outgoing connection fail: what build and check do without a network.
const NO_NETWORK = join(mkdtempSync(join(tmpdir(), 'briefing-offline-')), 'offline.cjs');
writeFileSync(
  NO_NETWORK,
  `const net = require('node:net');
   const refuse = () => { throw new Error('network refused by the test'); };
   net.Socket.prototype.connect = refuse; net.connect = refuse; net.createConnection = refuse;
   require('node:dns').lookup = refuse;`,
);

describe('fetch, then build', () => {
  it('brings in the feed, marks what is new since the previous pack, and rebuilds to the same bytes', async () => {
    const dir = makePack(`  - feed: ${base}/feed.xml\n`);
    const first = await run(['fetch'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^new {2}http:\/\/127\.0\.0\.1:\d+\/feed\.xml \(2 new, 0 already fetched\)$/m);
    expect(first.stderr).toMatch(/^fetched 2 new pages from 1 source into fetched\/$/m);
    expect(readdirSync(join(dir, 'fetched')).sort()).toHaveLength(3); // two pages and .state.json

    // The first pack: fetched pages are inputs without being listed; nothing is marked new.
    expect(
      (await run(['build', '--strict'], { cwd: dir, env: { NODE_OPTIONS: `--require ${NO_NETWORK}` } })).code,
    ).toBe(0);
    const firstText = await pdfText(join(dir, 'out/briefing.pdf'));
    expect(firstText).toContain('سفينة قمح تصل إلى عدن');
    expect(firstText).not.toContain('جديد');

    // Next day's run: one more item; the feed is fetched again (its ETag changed), old pages are not.
    items = [...items, { path: '/three.html', title: 'توزيع القمح على المحافظات', date: '2026-11-30T12:00:00Z' }];
    const second = await run(['fetch', '--strict'], { cwd: dir });
    expect(second.stderr).toMatch(/\(1 new, 2 already fetched\)/);
    expect((await run(['build', '--strict'], { cwd: dir })).code).toBe(0);
    const text = await pdfText(join(dir, 'out/briefing.pdf'));
    const marked = text.split('\n').filter((line) => line.includes('جديد'));
    // The new article's section, in the contents and at its heading, and the cover's count.
    expect(marked.filter((line) => line.includes('القمح على المحافظات'))).toHaveLength(2);
    expect(marked.some((line) => /قسم واحد جديد منذ حزمة/.test(line))).toBe(true);
    // An article of the previous pack is printed again, unmarked.
    expect(text).toContain('الشحنة في عدن');
    expect(marked.some((line) => line.includes('الشحنة في عدن'))).toBe(false);

    // Same inputs and previous manifest: the same bytes.
    const bytes = readFileSync(join(dir, 'out/briefing.pdf'));
    expect((await run(['build', '--force'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'out/briefing.pdf')).equals(bytes)).toBe(true);
    // A third fetch is one conditional request.
    expect((await run(['fetch'], { cwd: dir })).stderr).toMatch(/^unchanged {2}\S+feed\.xml \(304\)$/m);
  }, 120_000);

  it('build and check never touch the network; fetch, without one, fails naming the address', async () => {
    const dir = makePack(`  - feed: ${base}/feed.xml\n`);
    const env = { NODE_OPTIONS: `--require ${NO_NETWORK}` };
    expect((await run(['check'], { cwd: dir, env })).code).toBe(0);
    expect((await run(['build'], { cwd: dir, env })).code).toBe(0);
    const offline = await run(['fetch', '--strict'], { cwd: dir, env });
    expect(offline.code).toBe(1);
    expect(offline.stderr).toMatch(/error: http:\/\/127\.0\.0\.1:\d+\/feed\.xml: .*network refused by the test/);
  }, 120_000);

  it('an interrupted fetch leaves no partial file', async () => {
    const dir = makePack(`  - url: ${base}/slow.html\n`);
    const result = await run(['fetch'], {
      cwd: dir,
      onStart: (kill) => {
        slowRequested = () => kill('SIGINT');
      },
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/interrupted: nothing was written/);
    let left: string[] = [];
    try {
      left = readdirSync(join(dir, 'fetched'));
    } catch {
      // No folder at all: nothing left either.
    }
    expect(left).toEqual([]);
  }, 60_000);
});
