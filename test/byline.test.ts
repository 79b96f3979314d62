// The byline model on the forms Arabic papers print, in any order and with any separator, and on
// lines that only look like bylines.
import { describe, expect, it } from 'vitest';
import { readByline } from '../src/ingest/byline.js';
import { parseArticle } from '../src/ingest/parse.js';

const read = (line: string, title = '') => {
  const result = readByline(line, title);
  if (!result.ok) throw new Error(`${line}: ${result.reason}`);
  return { ...result.value, authors: result.value.authors.map((a) => a.name + (a.note ? ` (${a.note})` : '')) };
};

describe('byline forms', () => {
  it.each([
    ['بيروت: ثائر عباس', ['ثائر عباس'], 'بيروت', null],
    ['الرياض - راشد السكران', ['راشد السكران'], 'الرياض', null],
    ['علي ضباح - نجران', ['علي ضباح'], 'نجران', null],
    ['واس (الرياض)', [], 'الرياض', 'واس'],
    ['اثينا : (أ ف ب)', [], 'اثينا', 'أ ف ب'],
    ['الجزيرة - أحمد القرني:', ['أحمد القرني'], null, 'الجزيرة'],
    ['عبدالله البرقاوي- سبق- الرياض:', ['عبدالله البرقاوي'], 'الرياض', 'سبق'],
    ['لندن: «الشرق الأوسط»', [], 'لندن', 'الشرق الأوسط'],
    ['حنان الحامدي – عين اليوم', ['حنان الحامدي'], null, 'عين اليوم'],
    ['بيروت: نذير رضا وبولا أسطيح', ['نذير رضا', 'بولا أسطيح'], 'بيروت', null],
    ['جازان: عبدالله سهل،فاطمة الراجحي', ['عبدالله سهل', 'فاطمة الراجحي'], 'جازان', null],
    [
      'الرياض: ناصر الحقباني  و نايف الرشيد - صنعاء: عرفات مدابش',
      ['ناصر الحقباني', 'نايف الرشيد', 'عرفات مدابش'],
      'الرياض',
      null,
    ],
    ['سعيد الزهراني ـ الطائف - تصوير - أحمد باروم', ['سعيد الزهراني', 'أحمد باروم (تصوير)'], 'الطائف', null],
    ['إكرامي عبدالله من الرياض', ['إكرامي عبدالله'], 'الرياض', null],
    ['د.الطيب بوعزة', ['د.الطيب بوعزة'], null, null],
    ['العميد الركن زابن بن عمر المرزوقي', ['العميد الركن زابن بن عمر المرزوقي'], null, null],
    ['غولوفينكا (روسيا):   أندرو إي. كريمر', ['أندرو إي. كريمر'], 'غولوفينكا', null],
    ['تورنتو: سارة الأحمد', ['سارة الأحمد'], 'تورنتو', null], // an unlisted city, set off by its colon
    ['عافت الزويد- سبق- الهباس:', ['عافت الزويد'], 'الهباس', 'سبق'], // one unlisted word beside a name
    ['المدينة - الاحساء', [], 'الاحساء', 'المدينة'], // «المدينة» the paper, the place surely a place
    ['الوئام - SKY', [], null, 'الوئام'],
    ['Next Previous علي القحطاني – الرياض', ['علي القحطاني'], 'الرياض', null],
    ['عرعر (شمال السعودية): «الشرق الأوسط»', [], 'عرعر', 'الشرق الأوسط'],
  ] as const)('%s', (line, authors, place, credit) => {
    const byline = read(line);
    expect(byline.authors).toEqual(authors);
    expect(byline.place).toBe(place);
    expect(byline.credit).toBe(credit);
    expect(byline.byline).toBe(
      line
        .replace(/^Next Previous /, '')
        .replace(/\s+/g, ' ')
        .replace(/\s*:\s*$/, '')
        .trim(),
    );
  });

  it.each([
    ['الد', 'too short'],
    ['و', 'no person or credit'],
    ['الرياض', 'a place with no person or credit'],
    ['جدة - الطائف', 'a place with no person or credit'],
    ['Next Previous', 'neither a name'],
    ['يزور قائد الجيش الباكستاني واشنطن هذا الأسبوع.', 'ends a sentence'],
    ['اليونان: السيطرة على حرائق غابات أسفرت عن مقتل شرطي', 'neither a name'],
    ['في 21 يوليو 2015', 'has digits'],
  ])('refuses %s (%s)', (line, reason) => {
    const result = readByline(line);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('refuses a piece of the title the site cut at a letter', () => {
    const result = readByline('الحل', 'الذهب يقلص مكاسبه مع الحلول المؤقتة');
    expect(result.ok).toBe(false);
  });
});

describe('where bylines stand', () => {
  const title = 'الذهب يقلص مكاسبه مع تعافي الدولار';
  const body =
    'قال متعاملون إن أسعار الذهب تراجعت في التعاملات المبكرة اليوم مع صعود الدولار الأمريكي أمام سلة من العملات الرئيسية.';
  const article = (...head: string[]) => parseArticle([title, ...head, body].join('\n'), 'x.txt');

  it('on the print line, after a copy of the title cut at any letter', () => {
    const a = article('الثلاثاء 21/يوليو/2015 - 02:48 ص', 'طباعة الذهب يقلص مكاسبه مع تعافي الد فوزية الحربي');
    expect(a.byline).toBe('فوزية الحربي');
    expect(a.authors).toEqual([{ name: 'فوزية الحربي' }]);
  });
  it('after a lone «طباعة»', () => {
    const a = article('الثلاثاء 21/يوليو/2015 - 02:48 ص', 'طباعة', 'لندن: «الشرق الأوسط»');
    expect([a.byline, a.place, a.credit, a.authors]).toEqual(['لندن: «الشرق الأوسط»', 'لندن', 'الشرق الأوسط', []]);
  });
  it('alone after the date line, with no «طباعة» at all', () => {
    const a = article('الثلاثاء 21/يوليو/2015 - 02:48 ص', 'عبدالله البرقاوي- سبق- الرياض:');
    expect([a.byline, a.place, a.credit]).toEqual(['عبدالله البرقاوي- سبق- الرياض', 'الرياض', 'سبق']);
    expect(a.blocks[0]).toMatchObject({ kind: 'paragraph', text: body });
  });
  it('as the first line of the body', () => {
    const a = article('بيروت: ثائر عباس');
    expect([a.byline, a.place]).toEqual(['بيروت: ثائر عباس', 'بيروت']);
  });
  it('in front matter', () => {
    const a = parseArticle(['---', `title: ${title}`, 'author: "اثينا : (أ ف ب)"', '---', body].join('\n'), 'x.md');
    expect([a.byline, a.place, a.credit]).toEqual(['اثينا : (أ ف ب)', 'اثينا', 'أ ف ب']);
  });
  it('a line that only looks like a byline stays in the body, with a warning', () => {
    const a = article('الثلاثاء 21/يوليو/2015 - 02:48 ص', 'طباعة', 'الرياض');
    expect(a.byline).toBeNull();
    expect(a.warnings.map((w) => w.message)).toContain('byline not taken: a place with no person or credit');
  });
});
