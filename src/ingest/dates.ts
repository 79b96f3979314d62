// Date lines as Arabic news sites print them, e.g. «الجمعة 19/يوليو/2024 - 08:19 ص».
// Month names in the Egyptian/Gulf, Levantine (كانون الثاني…) and Maghreb (يناير/جانفي…) systems;
// Hijri dates («12 رمضان 1445هـ», «1445/09/12 هـ») are converted to the Gregorian day with the Umm
// al-Qura calendar that Saudi papers use; a line giving both takes its Gregorian half.
import { dayOfHijri, isoOfDay } from '../calendar.js';

const MONTHS: Record<string, number> = {
  يناير: 1,
  جانفي: 1,
  'كانون الثاني': 1,
  فبراير: 2,
  فيفري: 2,
  شباط: 2,
  مارس: 3,
  آذار: 3,
  أبريل: 4,
  ابريل: 4,
  إبريل: 4,
  أفريل: 4,
  نيسان: 4,
  مايو: 5,
  ماي: 5,
  أيار: 5,
  يونيو: 6,
  يونيه: 6,
  جوان: 6,
  حزيران: 6,
  يوليو: 7,
  يوليه: 7,
  جويلية: 7,
  تموز: 7,
  أغسطس: 8,
  اغسطس: 8,
  أوت: 8,
  آب: 8,
  سبتمبر: 9,
  أيلول: 9,
  أكتوبر: 10,
  اكتوبر: 10,
  'تشرين الأول': 10,
  نوفمبر: 11,
  'تشرين الثاني': 11,
  ديسمبر: 12,
  'كانون الأول': 12,
};

const HIJRI_MONTHS: Record<string, number> = {
  محرم: 1,
  صفر: 2,
  'ربيع الأول': 3,
  'ربيع الاول': 3,
  'ربيع الآخر': 4,
  'ربيع الثاني': 4,
  'ربيع الاخر': 4,
  'جمادى الأولى': 5,
  'جمادى الاولى': 5,
  'جمادى الآخرة': 6,
  'جمادى الثانية': 6,
  'جمادى الاخرة': 6,
  رجب: 7,
  شعبان: 8,
  رمضان: 9,
  شوال: 10,
  'ذو القعدة': 11,
  'ذي القعدة': 11,
  'ذو الحجة': 12,
  'ذي الحجة': 12,
};

const WEEKDAYS = ['الأحد', 'الاثنين', 'الإثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت'];

export interface ParsedDate {
  date: string;
  time: string | null;
}

function toLatinDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

function iso(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2100) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function monthNumber(name: string): number | undefined {
  const clean = name.trim().replace(/\s+/g, ' ');
  if (MONTHS[clean] !== undefined) return MONTHS[clean];
  // «آب/أغسطس» pairs: take either half.
  for (const half of clean.split(/[/\\-]/)) {
    const m = MONTHS[half.trim()];
    if (m !== undefined) return m;
  }
  return undefined;
}

/**
 * Parse a line that is only a date (optionally a weekday and a time). Returns null for anything
 * else, so body text that merely mentions a date is never taken for the date line.
 */
export function parseDateLine(line: string): ParsedDate | null {
  const whole = toLatinDigits(line).trim();
  if (whole.length > 80) return null;
  // «12 رمضان 1445 هـ - 22 مارس 2024 م», «… الموافق …»: either half may carry the date.
  const halves = whole.split(/\s+(?:-|–|—|\||الموافق|الموافق:)\s+(?=\S*\d)/);
  if (halves.length === 2) {
    const [first, second] = halves.map((h) => parseSingleDate(h));
    if (first && second) {
      const chosen = first.hijri && !second.hijri ? second : first;
      return { date: chosen.date, time: chosen.time ?? (chosen === first ? second.time : first.time) };
    }
  }
  const single = parseSingleDate(whole);
  return single ? { date: single.date, time: single.time } : null;
}

function parseSingleDate(input: string): (ParsedDate & { hijri: boolean }) | null {
  let text = input;
  if (text.length > 60) return null;
  for (const day of WEEKDAYS) {
    if (text.startsWith(day)) {
      text = text.slice(day.length).replace(/^[\s،,]+/, '');
      break;
    }
  }
  let time: string | null = null;
  const timeMatch = /\s*[-–|،,]?\s*(\d{1,2}):(\d{2})\s*(ص|م|AM|PM|am|pm)?\s*$/.exec(text);
  if (timeMatch) {
    let hours = Number(timeMatch[1]);
    const minutes = Number(timeMatch[2]);
    const half = timeMatch[3];
    if (half === 'م' || half?.toLowerCase() === 'pm') hours = (hours % 12) + 12;
    if (half === 'ص' || half?.toLowerCase() === 'am') hours = hours % 12;
    if (hours < 24 && minutes < 60) time = `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
    text = text.slice(0, timeMatch.index).trim();
  }
  // Hijri: «12 رمضان 1445 هـ», «1445/09/12هـ», «12/09/1445 هـ».
  const hijri = /\s*(?:هـ|ه)\.?$/.exec(text);
  if (hijri) {
    const h = text.slice(0, hijri.index).trim();
    let m = /^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$/.exec(h);
    if (m) return wrap(hijriToIso(Number(m[1]), Number(m[2]), Number(m[3])), time, true);
    m = /^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$/.exec(h);
    if (m) return wrap(hijriToIso(Number(m[3]), Number(m[2]), Number(m[1])), time, true);
    m = /^(\d{1,2})\s+([^\d]+?)\s+(\d{4})$/.exec(h);
    const month = m ? HIJRI_MONTHS[m[2]!.trim().replace(/\s+/g, ' ')] : undefined;
    if (m && month !== undefined) return wrap(hijriToIso(Number(m[3]), month, Number(m[1])), time, true);
    return null;
  }
  text = text.replace(/\s*م\.?$/, ''); // «2024 م»: the Gregorian era mark
  // 19/يوليو/2024, 19 يوليو 2024, 19-7-2024, 2024-07-19
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return wrap(iso(Number(m[1]), Number(m[2]), Number(m[3])), time, false);
  m = /^(\d{1,2})[/\-.\s]+(\d{1,2})[/\-.\s]+(\d{4})$/.exec(text);
  if (m) return wrap(iso(Number(m[3]), Number(m[2]), Number(m[1])), time, false);
  m = /^(\d{1,2})[/\s]+([^\d]+?)[/\s]+(\d{4})$/.exec(text);
  if (m) {
    const month = monthNumber(m[2]!);
    if (month !== undefined) return wrap(iso(Number(m[3]), month, Number(m[1])), time, false);
  }
  return null;
}

function wrap(date: string | null, time: string | null, hijri: boolean): (ParsedDate & { hijri: boolean }) | null {
  return date ? { date, time, hijri } : null;
}

/** The Gregorian day of a Hijri (Umm al-Qura) date, from the calendar's table (../calendar.ts). */
export function hijriToIso(year: number, month: number, day: number): string | null {
  const dayNumber = dayOfHijri(year, month, day);
  return dayNumber === null ? null : isoOfDay(dayNumber);
}
