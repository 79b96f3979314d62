import { describe, expect, it } from 'vitest';
import { dayOfHijri, dayOfIso, hijriOfDay, isoOfDay } from '../src/calendar.js';
import { hijriToIso } from '../src/ingest/dates.js';
import { formatDate, formatHijri } from '../src/render/view.js';

const DAY_MS = 86_400_000;
// ICU's own reading, through Intl: what src/calendar.ts must agree with.
const umalqura = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', {
  day: 'numeric',
  month: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});
const intlHijri = (dayNumber: number) => {
  const parts = Object.fromEntries(umalqura.formatToParts(new Date(dayNumber * DAY_MS)).map((p) => [p.type, p.value]));
  return { year: Number(parts['year']), month: Number(parts['month']), day: Number(parts['day']) };
};
const intlPrinted = (iso: string, digits: 'arabic-indic' | 'western', calendar: 'gregory' | 'islamic-umalqura') =>
  new Intl.DateTimeFormat(calendar === 'gregory' ? 'ar-EG' : 'ar-SA', {
    calendar,
    numberingSystem: digits === 'arabic-indic' ? 'arab' : 'latn',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T12:00:00Z`));

describe('the Umm al-Qura table', () => {
  it('gives the Hijri date Intl gives for every day of 1300–1600 AH, and back', () => {
    const first = dayOfHijri(1300, 1, 1)!;
    const last = dayOfHijri(1600, 12, 29)!;
    expect(isoOfDay(first)).toBe('1882-11-12');
    expect(last - first).toBeGreaterThan(106_000);
    let checked = 0;
    for (let day = first; day <= last + 1; day++) {
      const ours = hijriOfDay(day);
      if (ours === null) break; // past the table's last day
      expect(ours, isoOfDay(day)).toEqual(intlHijri(day));
      expect(dayOfHijri(ours.year, ours.month, ours.day)).toBe(day);
      checked++;
    }
    expect(checked).toBe(last - first + 1 + (hijriOfDay(last + 1) ? 1 : 0));
    expect(hijriOfDay(first - 1)).toBeNull();
    expect(hijriOfDay(Number.NaN)).toBeNull();
  });

  it('refuses days that are not in the calendar', () => {
    expect(dayOfHijri(1445, 13, 1)).toBeNull();
    expect(dayOfHijri(1299, 12, 1)).toBeNull();
    expect(dayOfHijri(1446, 1, 31)).toBeNull();
    const shortMonth = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].find((m) => dayOfHijri(1445, m, 30) === null)!;
    expect(shortMonth).toBeDefined();
    expect(hijriToIso(1445, shortMonth, 30)).toBeNull();
    expect(hijriToIso(1445, 9, 1)).toBe('2024-03-11'); // 1 Ramadan 1445
  });
});

describe('printed dates', () => {
  it('read exactly as ICU prints them in Arabic, both calendars and both digit styles', () => {
    let day = dayOfIso('1950-01-01');
    const end = dayOfIso('2060-12-31');
    let checked = 0;
    for (; day <= end; day += 13) {
      const iso = isoOfDay(day);
      for (const digits of ['arabic-indic', 'western'] as const) {
        expect(formatDate(iso, digits), iso).toBe(intlPrinted(iso, digits, 'gregory'));
        expect(formatHijri(iso, digits), iso).toBe(intlPrinted(iso, digits, 'islamic-umalqura'));
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(3000);
    expect(formatDate('2024-07-19', 'arabic-indic')).toBe('١٩ يوليو ٢٠٢٤');
    expect(formatHijri('2024-07-19', 'arabic-indic')).toBe('١٣ محرم ١٤٤٦ هـ');
  });

  it('a day that does not exist is printed as Intl prints it (rolled over)', () => {
    for (const digits of ['arabic-indic', 'western'] as const) {
      expect(formatDate('2023-02-29', digits)).toBe(intlPrinted('2023-02-29', digits, 'gregory'));
      expect(formatHijri('2023-02-29', digits)).toBe(intlPrinted('2023-02-29', digits, 'islamic-umalqura'));
    }
  });

  it('outside the table, Hijri dates are still printed (by Intl)', () => {
    expect(formatHijri('1800-01-01', 'arabic-indic')).toBe(
      intlPrinted('1800-01-01', 'arabic-indic', 'islamic-umalqura'),
    );
  });
});
