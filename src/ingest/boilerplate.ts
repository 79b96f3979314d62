// Site boilerplate that saved pages leave in an article's text, known by the shape of the line
// rather than by one site's strings: navigation residue, tag lists, share and print bars, «read
// also» links, copyright and subscription lines, photo credits on their own line. The parser drops
// such a line and says so; it never reaches theme matching.
import { key } from './byline.js';
import { createRequire } from 'node:module';

export type BoilerplateKind =
  'navigation' | 'tags' | 'share bar' | 'read also' | 'copyright' | 'subscription' | 'photo credit' | 'cookie notice';

const CREDITS = new Set(
  (createRequire(import.meta.url)('../../data/credits.json') as { credits: string[] }).credits.map(key),
);

/** Words of a site's navigation links. */
const NAVIGATION_WORDS = new Set([
  'next',
  'previous',
  'prev',
  'home',
  'السابق',
  'التالي',
  'الرئيسية',
  'المقال',
  'الخبر',
  'الموضوع',
  'الصفحة',
  '«',
  '»',
  '|',
  '-',
  '<',
  '>',
  '›',
  '‹',
]);
/** Words of share, print and e-mail bars. */
const SHARE_WORDS = new Set([
  'شارك',
  'شاركها',
  'مشاركة',
  'طباعة',
  'اطبع',
  'أرسل',
  'ارسل',
  'إرسال',
  'ارسال',
  'البريد',
  'الإلكتروني',
  'الالكتروني',
  'بريد',
  'إلكتروني',
  'تويتر',
  'فيسبوك',
  'فيس',
  'بوك',
  'واتساب',
  'واتس',
  'آب',
  'اب',
  'تيليجرام',
  'تلغرام',
  'لينكدإن',
  'لينكد',
  'إن',
  'حفظ',
  'نسخ',
  'الرابط',
  'رابط',
  'المقال',
  'الخبر',
  'عبر',
  'على',
  'تغريد',
  'غرد',
  'share',
  'tweet',
  'email',
  'e-mail',
  'print',
  'whatsapp',
  'facebook',
  'twitter',
  'linkedin',
  'telegram',
  'pinterest',
  'copy',
  'link',
  'save',
  '|',
  '-',
  '·',
  '•',
]);

const TAG_WORDS = [
  ...['سمات', 'الوسوم', 'وسوم', 'الكلمات المفتاحية', 'كلمات مفتاحية', 'الكلمات الدلالية', 'كلمات دلالية'],
  ...['مواضيع ذات صلة', 'موضوعات ذات صلة', 'تاغ', 'هاشتاق', 'tags?', 'keywords'],
];
const TAGS = new RegExp(`^(?:${TAG_WORDS.join('|')})\\s*[:：]?(?:\\s|$)`, 'i');
// No \b: JavaScript's word boundary knows only ASCII letters.
const READ_VERBS = 'اقرأ|إقرأ|اقرا|إقرا|شاهد|طالع|اقرئي';
const ALSO_WORDS = 'أيضا|أيضاً|ايضا|ايضاً|كذلك|المزيد';
const READ_ALSO = new RegExp(
  `^(?:[.…]*\\s*)(?:(?:${READ_VERBS})\\s+(?:${ALSO_WORDS})|read (?:also|more)|see also)(?=$|[\\s:：،.…])`,
  'i',
);
/** A «more» link alone on its line («…المزيد», «للمزيد»); «للمزيد من المعلومات: …» is the article's. */
const MORE_LINK = /^[.…\s]*(?:المزيد|للمزيد|اقرأ المزيد|more)[.…:\s]*$/i;
const COPYRIGHT = /©|\(c\)\s*\d{4}|جميع الحقوق محفوظة|حقوق (?:النشر|الطبع) محفوظة|all rights reserved/i;
const SUBSCRIBE_WORDS = [
  ...['اشترك', 'للاشتراك', 'اشتركوا', 'سجّل', 'سجل الآن', 'تابعونا', 'تابعنا', 'لمتابعة (?:آخر|أحدث)'],
  ...['حمّل تطبيق', 'حمل تطبيق', 'نزّل تطبيق', 'subscribe', 'sign up', 'follow us'],
];
const SUBSCRIPTION = new RegExp(`^(?:${SUBSCRIBE_WORDS.join('|')})`, 'i');
const COOKIES = /ملفات تعريف الارتباط|الكوكيز|ملفات الكوكي|\bcookies?\b/i;
const PHOTO = /^(?:تصوير|الصورة|صورة|عدسة|الصور|photo|credit)\s*[:\-–—]\s*\S/i;

function wordsOf(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

/** Words in a line, counted without making them (every body line of every article passes here). */
function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 0x20 || c === 0x09 || c === 0xa0;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

/** No kind of boilerplate runs longer than a tag list. */
const MAX_WORDS = 60;
/** Navigation and share bars are short. */
const MAX_BAR_WORDS = 12;

/** The kind of boilerplate a body line is, or null for the article's own text. */
export function boilerplateKind(text: string): BoilerplateKind | null {
  const count = wordCount(text);
  if (count === 0 || count > MAX_WORDS) return null;
  if (TAGS.test(text)) return 'tags';
  if (count <= MAX_BAR_WORDS) {
    const lower = wordsOf(text).map((w) => w.toLowerCase().replace(/[:،,]$/, ''));
    if (
      lower.every((w) => NAVIGATION_WORDS.has(w)) &&
      lower.some((w) => /^(?:next|previous|prev|السابق|التالي)$/.test(w))
    )
      return 'navigation';
    if (lower.every((w) => SHARE_WORDS.has(w)) && lower.some((w) => !['|', '-', '·', '•', 'على', 'عبر'].includes(w)))
      return 'share bar';
  }
  if ((READ_ALSO.test(text) && count <= 25) || MORE_LINK.test(text)) return 'read also';
  if (count <= 30 && COPYRIGHT.test(text)) return 'copyright';
  if (count <= 20 && SUBSCRIPTION.test(text)) return 'subscription';
  if (count <= 8 && PHOTO.test(text)) return 'photo credit';
  if (count <= 40 && COOKIES.test(text)) return 'cookie notice';
  // An agency alone on its line, in brackets: the credit under a photo.
  if (count <= 4 && /^[(«[].*[)»\]]$/.test(text) && CREDITS.has(key(text.slice(1, -1)))) return 'photo credit';
  return null;
}
