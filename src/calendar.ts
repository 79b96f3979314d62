// Dates as a briefing prints and reads them: the Gregorian calendar with the month names Egyptian and
// Levantine papers use, and the Umm al-Qura calendar (Saudi Arabia's civil Hijri calendar), from a
// table of its month lengths (./umalqura-data.ts, generated from ICU). Written out rather than asked
// of Intl because the first Intl date formatter a process opens costs ~25 ms of ICU set-up — a
// twentieth of a small build — and because the output should not move with the ICU a Node release
// ships. test/calendar.test.ts checks every day of 1300–1600 AH, and the printed forms, against Intl.
import {
  UMM_AL_QURA_EPOCH_DAY,
  UMM_AL_QURA_FIRST_YEAR,
  UMM_AL_QURA_LAST_YEAR,
  UMM_AL_QURA_MONTHS,
} from './umalqura-data.js';

const DAY_MS = 86_400_000;

export interface CalendarDate {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
}

/** As ICU's Arabic (ar-EG) names them. */
export const GREGORIAN_MONTHS: readonly string[] = [
  'يناير',
  'فبراير',
  'مارس',
  'أبريل',
  'مايو',
  'يونيو',
  'يوليو',
  'أغسطس',
  'سبتمبر',
  'أكتوبر',
  'نوفمبر',
  'ديسمبر',
];

/** As ICU's Arabic (ar-SA) names them. */
export const HIJRI_MONTHS: readonly string[] = [
  'محرم',
  'صفر',
  'ربيع الأول',
  'ربيع الآخر',
  'جمادى الأولى',
  'جمادى الآخرة',
  'رجب',
  'شعبان',
  'رمضان',
  'شوال',
  'ذو القعدة',
  'ذو الحجة',
];

/** Day numbers (days since 1970-01-01) of 1 Muharram of each table year, and one past the last. */
let yearStarts: number[] | null = null;

function startsOfYears(): number[] {
  if (yearStarts) return yearStarts;
  const starts = [UMM_AL_QURA_EPOCH_DAY];
  for (const mask of UMM_AL_QURA_MONTHS) {
    let length = 0;
    for (let month = 0; month < 12; month++) length += mask & (1 << month) ? 30 : 29;
    starts.push(starts[starts.length - 1]! + length);
  }
  yearStarts = starts;
  return starts;
}

function monthLength(year: number, month: number): number {
  return UMM_AL_QURA_MONTHS[year - UMM_AL_QURA_FIRST_YEAR]! & (1 << (month - 1)) ? 30 : 29;
}

/** The Umm al-Qura date of a day number, or null outside 1300–1600 AH (the table's range, and ICU's). */
export function hijriOfDay(dayNumber: number): CalendarDate | null {
  const starts = startsOfYears();
  if (!Number.isInteger(dayNumber) || dayNumber < starts[0]! || dayNumber >= starts[starts.length - 1]!) return null;
  let low = 0;
  let high = starts.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= dayNumber) low = middle;
    else high = middle - 1;
  }
  const year = UMM_AL_QURA_FIRST_YEAR + low;
  let rest = dayNumber - starts[low]!;
  let month = 1;
  while (rest >= monthLength(year, month)) rest -= monthLength(year, month++);
  return { year, month, day: rest + 1 };
}

/** The day number of an Umm al-Qura date, or null when there is no such day in the table. */
export function dayOfHijri(year: number, month: number, day: number): number | null {
  if (!Number.isInteger(year) || year < UMM_AL_QURA_FIRST_YEAR || year > UMM_AL_QURA_LAST_YEAR) return null;
  if (
    !Number.isInteger(month) ||
    month < 1 ||
    month > 12 ||
    !Number.isInteger(day) ||
    day < 1 ||
    day > monthLength(year, month)
  )
    return null;
  let dayNumber = startsOfYears()[year - UMM_AL_QURA_FIRST_YEAR]!;
  for (let m = 1; m < month; m++) dayNumber += monthLength(year, m);
  return dayNumber + day - 1;
}

/** Day number of an ISO date (YYYY-MM-DD), in UTC (a day that does not exist rolls over, as in Date). */
export function dayOfIso(iso: string): number {
  return Math.floor(Date.parse(`${iso}T12:00:00Z`) / DAY_MS);
}

/** ISO date (YYYY-MM-DD) of a day number. */
export function isoOfDay(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}
