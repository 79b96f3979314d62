// Arabic normalization, clitics and keyword matching, on words from the seeds and the corpus.
import { describe, expect, it } from 'vitest';
import { basesOf, countIn } from '../src/select/match.js';
import { lightStem, normalize, stripClitics, tokenize, tokens } from '../src/select/normalize.js';

describe('normalize (matching only)', () => {
  it.each([
    ['إيران', 'ايران'],
    ['أفغانستان', 'افغانستان'],
    ['آسيا', 'اسيا'],
    ['ٱلله', 'الله'],
    ['مستشفى', 'مستشفي'],
    ['الدولة', 'الدوله'],
    ['مسؤول', 'مسوول'],
    ['هيئة', 'هييه'],
    ['تُعرف', 'تعرف'],
    ['تمثِّل', 'تمثل'],
    ['يوضِّح', 'يوضح'],
    ['مشـــتركة', 'مشتركه'],
    ['٢٠٢٤', '2024'],
    ['١٤٣٦هـ', '1436ه'],
    ['۲۰۱۵', '2015'],
    ['ISIS-K', 'isis-k'],
    ['CNA', 'cna'],
    ['\u200fداعش\u200e', 'داعش'],
    ['\u2067طالبان\u2069', 'طالبان'],
    ['ﻻ', 'لا'],
    ['ﷺ', 'صلي الله عليه وسلم'],
  ])('%s → %s', (input, expected) => expect(normalize(input)).toBe(expected));

  it('never changes what is displayed: tokens keep their surface form', () => {
    expect(tokenize('وبالولايات المتحدة الأمريكيَّة').map((t) => t.surface)).toEqual([
      'وبالولايات',
      'المتحدة',
      'الأمريكيَّة',
    ]);
  });

  it('keeps harakat inside a word instead of splitting at them', () => {
    expect(tokens('قَتلى يُعتقد')).toEqual(['قتلي', 'يعتقد']);
  });
});

describe('clitics: the article and what fuses to it', () => {
  it.each([
    ['الإيرانية', 'ايرانيه'],
    ['وبالولايات', 'ولايات'],
    ['للقاعدة', 'قاعده'],
    ['للمملكة', 'مملكه'],
    ['فالحركة', 'حركه'],
    ['والقاعدة', 'قاعده'],
    ['والسعودية', 'سعوديه'],
    ['بالرياض', 'رياض'],
    ['كالدولة', 'دوله'],
    ['كالعادة', 'عاده'],
    ['الحوثيين', 'حوثيين'],
    ['وللمجتمع', 'مجتمع'],
    // Left alone: too short after stripping, or the letters are the word's own.
    ['الآن', 'الان'],
    ['الذي', 'الذي'],
    ['وزارة', 'وزاره'],
    ['فريق', 'فريق'],
    ['باكستان', 'باكستان'],
    ['لجنة', 'لجنه'],
    ['كابل', 'كابل'],
  ])('%s → %s', (input, expected) => expect(stripClitics(normalize(input))).toBe(expected));
});

describe('light stemming keeps proper nouns whole', () => {
  it.each([
    ['انشقاقات', 'انشقاق'],
    ['مستشفيات', 'مستشف'],
    ['مستشفي', 'مستشف'],
    ['ايرانيه', 'ايران'],
    ['سعوديين', 'سعود'],
  ])('%s → %s', (input, expected) => expect(lightStem(input)).toBe(expected));

  it('a keyword never stands for a shorter word of its own', () => {
    expect(basesOf('طالبان').map((b) => b.base)).toEqual(['طالبان']);
    expect(basesOf('بحرين').map((b) => b.base)).toEqual(['بحرين']);
    expect(basesOf('ايرانيه').map((b) => b.base)).toContain('ايران');
    expect(basesOf('دوله').map((b) => b.base)).toContain('دولت');
    expect(basesOf('امريكا').map((b) => b.base)).toContain('امريك');
  });
});

describe('keyword matching', () => {
  it.each([
    // [text, keyword, occurrences]
    ['العلاقات الإيرانية الأفغانية', 'إيران', 1],
    ['هجمات مستمرة على إيران الداخلية', 'الإيرانية', 1],
    ['الإيرانيون يرفضون', 'إيران', 1],
    ['تعاون وبالولايات المتحدة الأمريكية', 'الولايات المتحدة', 1],
    ['ضد طالبان الباكستانية', 'باكستان', 1],
    ['فقاتلوا لباكستان وبباكستان', 'باكستان', 2],
    ['انشقاق أعضاء ساخطين', 'الانشقاقات', 1],
    ['انشقاقاتها الأخيرة', 'انشقاق', 1],
    ['دولتها ودولته', 'الدولة', 2],
    ['الضربات الأمريكية والأمريكيين', 'أمريكا', 2],
    ['تقدِّم المساعدة لداعش', 'داعش', 1],
    ['«داعش» – ولاية خراسان-', 'ولاية خراسان', 1],
    ['الحوثيين في اليمن', 'الحوثي', 1],
    ['للمملكة العربية السعودية', 'المملكة', 1],
    ['١٣ جنديًا في ٢٠٢١', '2021', 1],
  ])('«%s» has «%s» %i time(s)', (text, keyword, expected) => expect(countIn(text, keyword)).toBe(expected));

  it.each([
    ['طالب في الجامعة', 'طالبان'],
    ['على ضفاف البحر', 'البحرين'],
    ['الولايات القريبة المتحدة', 'الولايات المتحدة'],
    ['وزارة الخارجية', 'زار'],
    ['منيرة', 'منير خان'],
    ['القاعدي', 'القاعدة الخلفية'],
  ])('«%s» does not have «%s»', (text, keyword) => expect(countIn(text, keyword)).toBe(0));
});
