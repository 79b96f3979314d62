// Saved web pages made to look like real Arabic news sites, for the HTML reader's tests: the
// article text comes from the corpus (read in place) or from the test, the chrome around it is
// made here, in five shapes a reader meets: a WordPress theme with JSON-LD, an old table layout in
// windows-1256 with <br><br> paragraphs, a script-heavy modern page with a saved image, an AMP page,
// and a page with «read also» links, a related box and comments inline.
import { crc32, deflateSync } from 'node:zlib';

export interface PageArticle {
  title: string;
  /** The byline as the site prints it, e.g. «لندن: رنيم حنوش». */
  byline: string;
  /** ISO date. */
  date: string;
  paragraphs: string[];
}

export interface SavedPage {
  name: string;
  /** The page's bytes (UTF-8, except the old table layout's windows-1256). */
  bytes: Buffer;
  /** Files of a «Web page, complete» save, relative to the page's folder. */
  files: Record<string, Buffer>;
  /** Text of the chrome that must not reach the article. */
  chrome: string[];
}

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const NAV = ['الرئيسية', 'محليات', 'اقتصاد', 'رياضة', 'دوليات', 'كتاب وآراء', 'منوعات', 'فيديو', 'اتصل بنا'];
/** Menu entries no article text contains (the others are common words: «اقتصاد», «رياضة»). */
const NAV_MARKS = ['كتاب وآراء', 'اتصل بنا'];
const RELATED = [
  'أمير المنطقة يدشن مشروعات تنموية بقيمة ملياري ريال',
  'ارتفاع أسعار النفط مع تراجع المخزونات الأمريكية',
  'الهلال يتعاقد مع مدافع برازيلي لموسمين',
];
const COMMENTS = [
  'أبو فهد: كلام جميل ولكن أين التطبيق على أرض الواقع',
  'مواطن غيور: نتمنى من المسؤولين الاهتمام بهذا الموضوع',
  'سارة: شكرا للكاتب على هذا الطرح الرائع',
];
const MOST_READ = [
  'الأكثر قراءة',
  'تعرف على أسعار الذهب اليوم في السوق المحلية',
  'طقس اليوم: أمطار رعدية على مرتفعات عسير',
];
const COOKIE = 'نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا. بمتابعة التصفح فإنك توافق على ذلك.';
const NEWSLETTER = 'اشترك في النشرة البريدية لتصلك أهم الأخبار يوميا';

function list(items: readonly string[]): string {
  return items.map((item, i) => `<li><a href="/news/${1000 + i}">${escape(item)}</a></li>`).join('');
}

function paragraphs(article: PageArticle): string {
  return article.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n');
}

/** A WordPress theme: menus, JSON-LD @graph, entry content, tags, share bar, related posts, comments. */
export function wordpressPage(article: PageArticle, site = 'صحيفة الوئام'): SavedPage {
  const jsonLd = {
    '@context': 'https://schema.org',
    '@graph': [
      { '@type': 'Organization', name: site, url: 'https://example.org/' },
      { '@type': 'WebPage', '@id': 'https://example.org/archives/1234', name: article.title },
      {
        '@type': 'NewsArticle',
        headline: article.title,
        datePublished: `${article.date}T09:15:00+03:00`,
        mainEntityOfPage: { '@id': 'https://example.org/archives/1234' },
        publisher: { '@type': 'Organization', name: site },
      },
    ],
  };
  const html = `<!DOCTYPE html>
<html dir="rtl" lang="ar"><head><meta charset="UTF-8"><title>${escape(article.title)} | ${escape(site)}</title>
<link rel="canonical" href="https://example.org/archives/1234">
<meta property="og:site_name" content="${escape(site)}"><meta property="og:title" content="${escape(article.title)}">
<script type="application/ld+json">${JSON.stringify(jsonLd)}</script>
<link rel="stylesheet" href="/wp-content/themes/news/style.css"></head>
<body class="post-template-default single single-post">
<div id="cookie-notice">${escape(COOKIE)}</div>
<header id="masthead"><div class="site-branding"><a href="/">${escape(site)}</a></div><nav class="main-navigation"><ul>${list(NAV)}</ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main">
<article class="post type-post status-publish"><header class="entry-header"><h1 class="entry-title">${escape(article.title)}</h1>
<div class="entry-meta"><span class="byline"><span class="author vcard">${escape(article.byline)}</span></span> <time class="entry-date published" datetime="${article.date}T09:15:00+03:00">${article.date}</time></div></header>
<div class="entry-content">
${paragraphs(article)}
</div>
<footer class="entry-footer"><span class="tags-links">الوسوم: <a href="/tag/1">أخبار</a>، <a href="/tag/2">السعودية</a></span>
<div class="share-buttons">شارك عبر فيسبوك تويتر واتساب</div></footer></article>
<nav class="navigation post-navigation"><div class="nav-links"><a href="/p/1" rel="prev">Previous</a> <a href="/p/2" rel="next">Next</a></div></nav>
<div class="related-posts"><h3>مقالات ذات صلة</h3><ul>${list(RELATED)}</ul></div>
<div id="comments" class="comments-area"><h2 class="comments-title">التعليقات</h2><ol class="comment-list">${COMMENTS.map((c) => `<li class="comment"><div class="comment-content"><p>${escape(c)}</p></div></li>`).join('')}</ol></div>
</main></div><aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">${MOST_READ[0]}</h2><ul>${list(MOST_READ.slice(1))}</ul></section>
<section class="widget newsletter"><p>${escape(NEWSLETTER)}</p></section></aside></div>
<footer id="colophon"><div class="site-info">© 2015 ${escape(site)} جميع الحقوق محفوظة</div></footer></body></html>`;
  return {
    name: 'wordpress.html',
    bytes: Buffer.from(html),
    files: {},
    chrome: [...NAV_MARKS, ...RELATED, ...COMMENTS, ...MOST_READ, COOKIE, NEWSLETTER, 'الوسوم', 'شارك عبر'],
  };
}

/** windows-1256 bytes for a string (Node has no encoder for it; its decoder gives the table). */
function windows1256(text: string): Buffer {
  const table = new Map<string, number>();
  const decoder = new TextDecoder('windows-1256');
  for (let byte = 0x80; byte <= 0xff; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) bytes.push(code);
    else bytes.push(table.get(ch) ?? 0x3f);
  }
  return Buffer.from(bytes);
}

/** An old table layout in windows-1256: <font>, <br><br> between paragraphs, a date line in the text. */
export function tableLayoutPage(article: PageArticle, site = 'جريدة المدينة'): SavedPage {
  const [y, m, d] = article.date.split('-');
  const html = `<html dir="rtl"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"><title>${escape(site)} - ${escape(article.title)}</title></head>
<body bgcolor="#FFFFFF"><table width="780" border="0" cellpadding="0" cellspacing="0"><tr><td colspan="2" class="top">${NAV.map((n) => `<a href="#">${escape(n)}</a>`).join(' | ')}</td></tr>
<tr><td width="160" valign="top" class="side"><b>${MOST_READ[0]}</b><br>${MOST_READ.slice(1)
    .map((t) => `<a href="#">${escape(t)}</a>`)
    .join('<br>')}</td>
<td valign="top"><table width="100%"><tr><td class="date"><font size="1">${d}/${m}/${y}</font></td></tr>
<tr><td class="title"><font size="4" color="#003366"><b>${escape(article.title)}</b></font></td></tr>
<tr><td class="writer"><font size="2">${escape(article.byline)}</font></td></tr>
<tr><td class="text"><font size="3">${article.paragraphs.map(escape).join('<br><br>\n')}</font></td></tr>
<tr><td class="tools"><a href="#">طباعة</a> | <a href="#">أرسل لصديق</a></td></tr></table></td></tr>
<tr><td colspan="2" align="center"><font size="1">جميع الحقوق محفوظة © ${escape(site)}</font></td></tr></table></body></html>`;
  return { name: 'table.htm', bytes: windows1256(html), files: {}, chrome: [...NAV_MARKS, ...MOST_READ, 'أرسل لصديق'] };
}

/** A valid PNG of `width`×`height` grey pixels, standing for a photo saved with the page. */
export function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) rows[y * (width + 1)] = 0; // filter: none
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const PNG = png(40, 30);

/** A script-heavy modern page saved «complete»: bundles, a hydrated app root, a figure whose image is in NAME_files/. */
export function modernPage(article: PageArticle, site = 'سبق'): SavedPage {
  const caption = 'صورة أرشيفية من موقع الحدث';
  const middle = Math.ceil(article.paragraphs.length / 2);
  const html = `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(article.title)} - ${escape(site)}</title><meta property="og:title" content="${escape(article.title)}"><meta property="og:url" content="https://example.com/news/987">
<meta property="og:site_name" content="${escape(site)}"><meta property="article:published_time" content="${article.date}T11:20:00Z"><meta name="author" content="${escape(article.byline)}">
<script src="modern_files/runtime.js"></script><script>window.__STATE__={"ads":true};document.write('<p>نص حقنه سكربت</p>');</script>
<script src="modern_files/vendor.js" defer></script><style>.ad{display:block}</style></head>
<body><div id="__next"><div class="app"><div class="topbar" role="navigation">${NAV.map((n) => `<a class="nav-link" href="#">${escape(n)}</a>`).join('')}</div>
<div class="ad ad-top" data-ad-slot="123">مساحة إعلانية</div>
<main class="container"><article class="article-body" itemscope itemtype="https://schema.org/NewsArticle">
<h1 itemprop="headline">${escape(article.title)}</h1><div class="article-meta"><a rel="author" href="/author/1">${escape(article.byline)}</a><time datetime="${article.date}T11:20:00Z">منذ ساعتين</time></div>
<div class="article-content">${article.paragraphs
    .slice(0, middle)
    .map((p) => `<p>${escape(p)}</p>`)
    .join('')}
<figure class="article-image"><img src="modern_files/photo.png" alt="${escape(caption)}"><figcaption>${escape(caption)}</figcaption></figure>
${article.paragraphs
  .slice(middle)
  .map((p) => `<p>${escape(p)}</p>`)
  .join('')}</div></article>
<div class="newsletter-box"><p>${escape(NEWSLETTER)}</p></div>
<section class="related-news"><h2>أخبار ذات صلة</h2>${RELATED.map((r) => `<div class="card"><a href="#">${escape(r)}</a></div>`).join('')}</section></main></div></div>
<script>for(var i=0;i<3;i++){document.body.appendChild(document.createElement('p')).textContent='سطر من سكربت'}</script></body></html>`;
  return {
    name: 'modern.html',
    bytes: Buffer.from(html),
    files: {
      'modern_files/photo.png': PNG,
      'modern_files/runtime.js': Buffer.from('window.x=1'),
      'modern_files/vendor.js': Buffer.from('window.y=2'),
    },
    chrome: [...NAV_MARKS, ...RELATED, NEWSLETTER, 'مساحة إعلانية', 'نص حقنه سكربت', 'سطر من سكربت'],
  };
}

/** An AMP page: ⚡ html, amp-img, amp-ad, amp-social-share, JSON-LD with a list of authors. */
export function ampPage(article: PageArticle, site = 'الشرق الأوسط'): SavedPage {
  const jsonLd = {
    '@context': 'http://schema.org',
    '@type': 'NewsArticle',
    headline: article.title,
    datePublished: `${article.date}T06:00:00+00:00`,
    publisher: { '@type': 'Organization', name: site },
  };
  const html = `<!doctype html><html ⚡ lang="ar" dir="rtl"><head><meta charset="utf-8"><title>${escape(article.title)}</title>
<link rel="canonical" href="https://example.net/home/article/555"><meta name="viewport" content="width=device-width">
<script async src="https://cdn.ampproject.org/v0.js"></script><style amp-boilerplate>body{visibility:hidden}</style>
<script type="application/ld+json">${JSON.stringify(jsonLd)}</script></head>
<body><amp-sidebar id="menu" layout="nodisplay"><ul>${list(NAV)}</ul></amp-sidebar>
<header class="amp-header"><a href="/">${escape(site)}</a></header>
<article><h1>${escape(article.title)}</h1><p class="byline">${escape(article.byline)}</p>
<amp-social-share type="twitter"></amp-social-share><amp-social-share type="facebook"></amp-social-share>
${paragraphs(article)}
<amp-ad width="300" height="250" type="doubleclick" data-slot="/1/amp"></amp-ad></article>
<footer><p>© ${escape(site)} 2015</p></footer></body></html>`;
  return { name: 'amp.html', bytes: Buffer.from(html), files: {}, chrome: [...NAV_MARKS] };
}

/** A page with «read also» links between paragraphs, a related box in the middle and comments after. */
export function inlineClutterPage(article: PageArticle, site = 'عكاظ'): SavedPage {
  const parts: string[] = [];
  article.paragraphs.forEach((p, i) => {
    parts.push(`<p>${escape(p)}</p>`);
    if (i === 0) parts.push(`<p><strong>اقرأ أيضاً:</strong> <a href="/n/1">${escape(RELATED[0]!)}</a></p>`);
    if (i === 1) parts.push(`<div class="inline-related"><span>ذات صلة</span><ul>${list(RELATED.slice(1))}</ul></div>`);
  });
  const html = `<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>${escape(site)} | ${escape(article.title)}</title>
<meta property="og:site_name" content="${escape(site)}"><meta property="article:published_time" content="${article.date}"></head>
<body><div class="header"><ul class="menu">${list(NAV)}</ul></div>
<div class="main"><div class="article"><h1 class="headline">${escape(article.title)}</h1><div class="author">${escape(article.byline)}</div>
<div class="body">${parts.join('\n')}</div>
<div class="tags">كلمات مفتاحية: <a href="#">أخبار</a> <a href="#">محليات</a></div></div>
<div class="comments" id="comments"><h3>التعليقات (3)</h3>${COMMENTS.map((c) => `<div class="comment"><p>${escape(c)}</p></div>`).join('')}
<form class="comment-form"><textarea></textarea><button>أرسل تعليقك</button></form></div></div>
<div class="footer"><p>جميع الحقوق محفوظة لمؤسسة ${escape(site)} للصحافة والنشر</p></div></body></html>`;
  return {
    name: 'inline.html',
    bytes: Buffer.from(html),
    files: {},
    chrome: [...NAV_MARKS, ...RELATED, ...COMMENTS, 'كلمات مفتاحية', 'ذات صلة'],
  };
}

export const PAGE_SHAPES = [wordpressPage, tableLayoutPage, modernPage, ampPage, inlineClutterPage];
