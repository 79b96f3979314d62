import type { TextStyle } from '../../src/render/layout/index.js';
import { loadFace } from '../../src/render/fonts.js';

export const regular = loadFace('fonts/Amiri-Regular.ttf');
export const bold = loadFace('fonts/Amiri-Bold.ttf');
export const body: TextStyle = { family: 'Body', bold: false, face: regular, fontSize: 12 };
export const strong: TextStyle = { family: 'Body', bold: true, face: bold, fontSize: 12 };

/** Every paragraph line (≥ 8 words) of the seed files. */
export async function seedParagraphs(): Promise<string[]> {
  const { readdirSync, readFileSync } = await import('node:fs');
  return readdirSync('seeds')
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .flatMap((f) => readFileSync(`seeds/${f}`, 'utf8').split('\n'))
    .map((l) => l.replace(/\u00a0/g, ' ').trim())
    .filter((l) => l.split(/\s+/).length >= 8);
}

export const MIXED = [
  'في عام 2024 قال (CNA) إن نسبة 3.5% من «داعش» ISIS-K تراجعت.',
  'بين عامي 2015–2020 ارتفع العدد إلى ٢٠٢٤ مقاتلًا [بحسب التقرير] في ولاية خراسان.',
  'راجع https://warontherocks.com/2021/10/the-taliban-cant-take-on-the-islamic-state-alone/ أو راسل info@bayancenter.org للمزيد.',
  'قال مايكل كوجلمان من مركز Wilson Center إن «طالبان الأفغانية» لا تريد الصدام.',
  'يُعَدُّ التنظيمُ الإرهابيُّ لاعبًا رئيسيًّا، لا سيّما في الشرق (ننگرهار).',
  'بلغت نسبة الهجمات ٪١٢ في عام ٢٠٢١م، أي 12% تقريبًا.',
];
