import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateLine } from '../src/ingest/dates.js';
import { ingestFiles } from '../src/ingest/index.js';
import { parseArticle, wordCount } from '../src/ingest/parse.js';
import { decode } from '../src/ingest/read.js';

const seeds = readdirSync('seeds')
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => `seeds/${f}`);
const { articles } = ingestFiles(seeds);
const byPrefix = (prefix: string) => articles.find((a) => a.id.startsWith(prefix))!;

describe('date lines', () => {
  it.each([
    ['الجمعة 19/يوليو/2024 - 08:19 ص', '2024-07-19', '08:19'],
    ['الإثنين 13/سبتمبر/2021 - 03:45 م', '2021-09-13', '15:45'],
    ['الجمعة 15/ديسمبر/2023 - 12:05 ص', '2023-12-15', '00:05'],
    ['٣ كانون الثاني ٢٠٢٢', '2022-01-03', null],
    ['5 آب/أغسطس 2021', '2021-08-05', null],
    ['2015-07-21', '2015-07-21', null],
    ['5 جوان 2019', '2019-06-05', null],
    ['12 أوت 2020', '2020-08-12', null],
    ['الخميس 3 جويلية 2014', '2014-07-03', null],
    ['22 مارس 2024م', '2024-03-22', null],
    // Hijri (Umm al-Qura): Ramadan 1445 began on 11 March 2024, Muharram 1446 on 7 July 2024.
    ['12 رمضان 1445 هـ', '2024-03-22', null],
    ['1445/09/12هـ', '2024-03-22', null],
    ['1 محرم 1446هـ', '2024-07-07', null],
    ['٥ شوال ١٤٤٤ هـ', '2023-04-25', null],
    ['الجمعة 12 رمضان 1445 هـ - 22 مارس 2024 م', '2024-03-22', null],
  ])('%s', (line, date, time) => {
    expect(parseDateLine(line)).toEqual({ date, time });
  });
  it('refuses body text and impossible dates', () => {
    expect(parseDateLine('في عام 2021 سيطرت طالبان على كابل بعد انسحاب القوات الأمريكية')).toBeNull();
    expect(parseDateLine('31/فبراير/2024')).toBeNull();
  });
});

describe('seed articles', () => {
  it('parses all five', () => {
    expect(articles).toHaveLength(5);
    for (const a of articles) {
      expect(a.title.length).toBeGreaterThan(10);
      expect(a.blocks.filter((b) => b.kind === 'paragraph').length).toBeGreaterThan(5);
    }
  });

  it('000: date, time and the author from the «طباعة <title> <author>» line, which is dropped', () => {
    const a = byPrefix('000');
    expect(a.title).toBe(
      'التعاون المعقد: تأثيرات التحالف بين واشنطن وطالبان على الأمن العالمي أمام تهديدات داعش في خراسان',
    );
    expect(a.date).toBe('2024-07-19');
    expect(a.time).toBe('08:19');
    expect(a.authors).toEqual([{ name: 'علي رجب' }]);
    const texts = a.blocks.map((b) => ('text' in b ? b.text : b.caption));
    expect(texts.some((t) => t.startsWith('طباعة'))).toBe(false);
    expect(texts).not.toContain('شارك');
    expect(a.sections.map((s) => s.heading)).toEqual([
      null,
      'خريطة الجماعات الارهابية في أفغانستان',
      'تعاون استخبارتي أمريكي مع طالبان',
    ]);
  });

  it('001: question heading, title ending in «؟», pm time', () => {
    const a = byPrefix('001');
    expect(a.time).toBe('15:45');
    expect(a.authors[0]?.name).toBe('علي رجب');
    expect(a.sections.map((s) => s.heading)).toContain('لماذا استمرار تحالف القاعدة وطالبان؟');
  });

  it('002: lone «طباعة» then byline; the repeated body is dropped with a warning', () => {
    const a = byPrefix('002');
    expect(a.authors).toEqual([{ name: 'حسام الحداد' }]);
    const paragraphs = a.blocks.filter((b) => b.kind === 'paragraph').map((b) => ('text' in b ? b.text : ''));
    expect(new Set(paragraphs).size).toBe(paragraphs.length);
    expect(a.sections.map((s) => s.heading)).toEqual([null, 'رد الولايات المتحدة', 'وكيل تحول العدو؟']);
    expect(a.warnings.some((w) => w.message.includes('repeated'))).toBe(true);
  });

  it('003: lede, section and outlet; no date is null and warned', () => {
    const a = byPrefix('003');
    expect(a.lede).toMatch(/^داعش خراسان عدو لدود لطالبان/);
    expect(a.section).toBe('ترجمات');
    expect(a.outlet).toBe('السياق');
    expect(a.date).toBeNull();
    expect(a.warnings.some((w) => w.message.includes('no date'))).toBe(true);
  });

  it('004: front matter to metadata, authors with footnote notes, joined paragraph, figures, source URL', () => {
    const a = byPrefix('004');
    expect(a.title).toBe('طالبان لا تستطيع مجابهة تنظيم الدولة الإسلامية بمفردها');
    expect(a.publisher).toBe('مركز البيان للدراسات والتخطيط');
    expect(a.authors.map((x) => x.name)).toEqual(['أميرة جدون', 'أندرو ماينز']);
    expect(a.authors[0]?.note).toMatch(/^دكتوراه في العلوم السياسية/);
    expect(a.authors[1]?.note).toBe('باحث ضمن برنامج التطرف في جامعة جورج واشنطن.');
    expect(a.url).toBe('https://warontherocks.com/2021/10/the-taliban-cant-take-on-the-islamic-state-alone/');
    const texts = a.blocks.map((b) => ('text' in b ? b.text : b.caption));
    expect(
      texts.some((t) => t.includes('Since 2014') || t.includes('عن المركز') || t.includes('info@bayancenter.org')),
    ).toBe(false);
    expect(a.blocks.filter((b) => b.kind === 'footnote')).toHaveLength(0);
    // The paragraph the author footnotes cut mid-sentence is whole again.
    expect(
      texts.some(
        (t) =>
          t.includes('ولاستعراض قدرات تنظيم الدولة الإسلامية في أفغانس') &&
          t.includes('بصورة كبيرة في السنوات السابقة'),
      ),
    ).toBe(true);
    expect(
      a.blocks.filter((b) => b.kind === 'figure').map((b) => (b.kind === 'figure' ? b.caption.slice(0, 8) : '')),
    ).toEqual(['الشكل 1 ', 'الشكل 2:']);
  });
});

describe('reading files', () => {
  it('decodes UTF-16 with BOM and CRLF', () => {
    const text = 'عنوان\r\nفقرة';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decode(bytes, 'x.txt').text).toBe('عنوان\nفقرة');
  });
  it('decodes windows-1256 with a warning', () => {
    const bytes = Buffer.from([0xc7, 0xe1, 0xda, 0xd1, 0xc7, 0xde]); // «العراق»
    const decoded = decode(bytes, 'x.txt');
    expect(decoded.text).toBe('العراق');
    expect(decoded.warnings[0]).toMatch(/windows-1256/);
  });
  it('refuses empty and binary files with the file name', () => {
    expect(() => decode(Buffer.from('  \n '), 'empty.txt')).toThrow(/empty file/);
    expect(() => decode(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), 'image.txt')).toThrow(/binary/);
  });
  it('never throws on odd text', () => {
    for (const text of [
      '\u202e\u2066',
      '\ud800 سطر',
      'x',
      '\n\n\n',
      'طباعة',
      '*',
      '---\n: :\n---',
      '---\n- a\n---\nنص',
      '&#0; &#xD800; &bogus;',
    ]) {
      expect(() => parseArticle(text, 'odd.txt')).not.toThrow();
      expect(() => parseArticle(text, 'odd.md')).not.toThrow();
    }
  });
  it('keeps a file readable', () => {
    expect(readFileSync(seeds[0]!, 'utf8').length).toBeGreaterThan(1000);
  });
});

describe('front matter and Markdown', () => {
  const body = 'هذه فقرة أولى طويلة بما يكفي لكي تعد من متن المقال وليست عنوانا فرعيا قصيرا في أي حال.';
  it('YAML front matter overrides what the heuristics find', () => {
    const a = parseArticle(
      `---\ntitle: عنوان معلن\nauthors: [سارة أحمد, Omar Khan]\ndate: 2024-03-05\nurl: https://example.org/a\noutlet: مثال\n---\nعنوان في النص\nالجمعة 19/يوليو/2024 - 08:19 ص\n${body}`,
      'fm.txt',
    );
    expect(a.title).toBe('عنوان معلن');
    expect(a.authors).toEqual([{ name: 'سارة أحمد' }, { name: 'Omar Khan' }]);
    expect(a.date).toBe('2024-03-05');
    expect(a.url).toBe('https://example.org/a');
    expect(a.outlet).toBe('مثال');
    expect(a.blocks.map((b) => (b.kind === 'figure' ? b.caption : b.text))).toContain(body);
  });
  it('a malformed front matter block is reported and read as text', () => {
    const a = parseArticle(`---\ntitle: [غير مغلق\n---\nعنوان\n${body}`, 'bad.txt');
    expect(a.warnings.some((w) => /front matter is not valid YAML/.test(w.message) && w.line === 1)).toBe(true);
  });
  it('unknown front matter keys are warned about, not fatal', () => {
    const a = parseArticle(`---\ntitel: خطأ\n---\nعنوان\n${body}`, 'typo.txt');
    expect(a.warnings.some((w) => w.message.includes('unknown key "titel"'))).toBe(true);
  });
  it('Markdown: «#» is the title, «##» lines are headings whatever their length', () => {
    const heading = 'قسم ثان طويل نسبيا لكنه عنوان لأن ماركداون يقول ذلك صراحة في هذا الملف الاختباري';
    const a = parseArticle(`# العنوان\n\n${body}\n\n## ${heading}\n\n${body.replace('أولى', 'ثانية')}`, 'a.md');
    expect(a.title).toBe('العنوان');
    expect(a.sections.map((s) => s.heading)).toEqual([null, heading]);
  });
});

describe('properties (fast-check)', () => {
  const arabicWord = fc.stringMatching(/^[\u0621-\u063A\u0641-\u064A]{2,9}$/);
  const sentence = (min: number, max: number) =>
    fc.array(arabicWord, { minLength: min, maxLength: max }).map((w) => `${w.join(' ')}.`);

  it('any text in, never a throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.constantFrom('a.txt', 'a.md'), (text, file) => {
        parseArticle(text, file);
      }),
      { numRuns: 400, seed: 7 },
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            sentence(1, 30),
            fc.constantFrom('طباعة', 'شارك', '---', '***', '* ملاحظة', '# عنوان', 'المصدر:', '<https://x.org>', ''),
          ),
          { maxLength: 30 },
        ),
        (lines) => {
          parseArticle(lines.join('\n'), 'lines.md');
        },
      ),
      { numRuns: 400, seed: 8 },
    );
  });

  it('every body paragraph ends up in exactly one block, unless reported as a repeat', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(sentence(14, 40), { minLength: 1, maxLength: 12, selector: (s) => s }),
        fc.nat(),
        (paragraphs, pick) => {
          // A copy of one paragraph pasted again at the end must be dropped and reported.
          const repeat = paragraphs[pick % paragraphs.length]!;
          const file = [
            'عنوان المقال',
            'الجمعة 19/يوليو/2024 - 08:19 ص',
            'طباعة',
            'كاتب المقال',
            ...paragraphs,
            repeat,
            'شارك',
          ].join('\n');
          const a = parseArticle(file, 'p.txt');
          const texts = a.blocks.map((b) => (b.kind === 'figure' ? b.caption : b.text));
          for (const p of paragraphs) expect(texts.filter((t) => t === p)).toHaveLength(1);
          expect(texts).toHaveLength(paragraphs.length);
          expect(a.warnings.some((w) => /repeated text dropped/.test(w.message))).toBe(true);
        },
      ),
      { numRuns: 200, seed: 9 },
    );
  });
});

describe('golden models of the seeds (reviewed by eye, field by field, before they were committed)', () => {
  // To accept an intended change: `npx briefing parse seeds/<file> --json`, review the diff, save
  // the one object as test/golden/<id>.json.
  it.each(seeds)('%s', (file) => {
    const id = file.replace(/^seeds\//, '').replace(/\.txt$/, '');
    const golden = JSON.parse(readFileSync(`test/golden/${id}.json`, 'utf8'));
    const article = articles.find((a) => a.id === id)!;
    expect(JSON.parse(JSON.stringify(article))).toEqual(golden);
  });
});

describe('pull quotes', () => {
  it('a line that is one quotation is a quote block; a quoted title alone is not', () => {
    const prose = 'هذه فقرة من متن المقال تضم عددا كافيا من الكلمات لتكون فقرة عادية من فقرات النص.';
    const a = parseArticle(
      `العنوان\n${prose}\n«نحن أمة من المهاجرين وسنبقى كذلك دائما».\n${prose.replace('هذه', 'وهذه')}\n«المسألة الأرمنية»\n${prose.replace('هذه', 'تلك')}`,
      'q.txt',
    );
    expect(a.blocks.filter((b) => b.kind === 'quote').map((b) => (b.kind === 'quote' ? b.text : ''))).toEqual([
      '«نحن أمة من المهاجرين وسنبقى كذلك دائما».',
    ]);
  });
});

describe('near-duplicate paragraphs', () => {
  it('a paragraph repeated with a word changed is dropped with a warning; list items are not', () => {
    // 40 words: changing one word changes 3 of its 38 word-triples (Jaccard 35/41 ≈ 0.85).
    const p =
      'خلال سنته في منصبه لا بد أن يتبع الشاعر قانون الكونغرس الذي ينص على أن مستشار الشعر سيعمل في مكتبة الكونغرس بانتظام وسيكون حافزا رسميا لإشعال روح الشعر وسط الأميركيين ولزيادة الوعي الوطني نحو تقدير أكثر لقراءة الشعر وكتابته في كل الولايات';
    const a = parseArticle(
      `العنوان\n${p}\nفقرة أخرى مختلفة تماما عن الأولى في كلماتها ومعناها ولا تشبهها في شيء على الإطلاق هنا.\n${p.replace('الشاعر', 'هيريرا')}`,
      'n.txt',
    );
    expect(a.blocks.filter((b) => b.kind === 'paragraph')).toHaveLength(2);
    expect(a.warnings.some((w) => /repeated text dropped/.test(w.message))).toBe(true);
    const list = parseArticle(
      'العنوان\n4. لعبة «ذا غيم أوف لايف: كلاسيك إيديشين» The Game of Life: Classic Edition\n6. لعبة «ذا غيم أوف لايف: كلاسيك إيديشين» The Game of Life: Classic Edition',
      'l.txt',
    );
    expect(list.blocks).toHaveLength(2);
  });

  it('punctuation is no word for the comparison: a copy with commas and quotes moved is still a repeat; a different paragraph of the same length is not', () => {
    const p =
      'خلال سنته في منصبه لا بد أن يتبع الشاعر قانون الكونغرس الذي ينص على أن مستشار الشعر سيعمل في مكتبة الكونغرس بانتظام وسيكون حافزا رسميا لإشعال روح الشعر وسط الأميركيين ولزيادة الوعي الوطني نحو تقدير أكثر لقراءة الشعر وكتابته في كل الولايات';
    const punctuated = p.replace('الشاعر', '«الشاعر»،').replace('بانتظام', 'بانتظام.').replace('الوطني', '(الوطني)');
    const other = p.split(' ').reverse().join(' ');
    const a = parseArticle(`العنوان\n${p}\n${punctuated}\n${other}`, 'p.txt');
    expect(a.blocks.filter((b) => b.kind === 'paragraph').map((b) => (b.kind === 'paragraph' ? b.text : ''))).toEqual([
      p,
      other,
    ]);
  });

  it('an article with more distinct words than the shingle packing holds (2^17) is still compared, as strings', () => {
    // 140,000 distinct words in 20 paragraphs, then the same paragraphs again with a word changed in each.
    const words = Array.from({ length: 140_000 }, (_, i) => `ك${i.toString(36)}`);
    const paragraphs = Array.from({ length: 20 }, (_, k) => words.slice(k * 7000, (k + 1) * 7000).join(' '));
    const again = paragraphs.map((p) => p.replace(/^\S+/, 'تغيير'));
    const a = parseArticle(
      [
        'العنوان',
        ...paragraphs,
        'فقرة أخرى مختلفة تماما عن الأولى في كلماتها ومعناها ولا تشبهها في شيء على الإطلاق هنا.',
        ...again,
      ].join('\n'),
      'big.txt',
    );
    expect(a.blocks.filter((b) => b.kind === 'paragraph')).toHaveLength(21);
  });

  it('counts words as splitting on JavaScript whitespace does', () => {
    const alphabet = [
      'ب',
      'a',
      '1',
      '.',
      '«',
      ' ',
      '\t',
      '\n',
      '\u00a0',
      '\u2003',
      '\u200a',
      '\u202f',
      '\u3000',
      '\ufeff',
      '\u2028',
      '\u200b',
      '\u0640',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 30 }), (chars) => {
        const text = chars.join('');
        expect(wordCount(text)).toBe(text.split(/\s+/).filter((w) => w.length > 0).length);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
