// Briefing → the plain data the templates see. Every key is always present (null when empty)
// because templates run in Handlebars' strict mode, where a missing field is an error.
import { dayOfIso, GREGORIAN_MONTHS, HIJRI_MONTHS, hijriOfDay } from '../calendar.js';
import { articleIdentity, packBase } from '../manifest.js';
import type { Article, Block, Briefing, Digits } from '../model.js';

export interface BlockView {
  kind: Block['kind'];
  text: string | null;
  caption: string | null;
  /** A figure's image (the path the ingest stage found), or null. */
  image: string | null;
  marker: string | null;
}

export interface SectionView {
  /** Unique in the pack: the anchor contents entries link to. */
  id: string;
  heading: string;
  source: string;
  /** Other articles that carry the same passage (printed once), or null. */
  alsoIn: string | null;
  /** The article's address, and its host name as the link's text. */
  url: string | null;
  urlHost: string | null;
  /** From an article the previous pack did not print (`mark_new`). */
  isNew: boolean;
  blocks: BlockView[];
}

export interface ThemeView {
  id: string;
  title: string;
  intro: string | null;
  sections: SectionView[];
  /** Distinct articles the theme's sections come from. */
  articleCount: number;
  /** Executive-summary sentences, each with its citation. */
  summary: { text: string; citation: string }[];
  why: WhyView[];
}

/** One line of the «why these sections» appendix. */
export interface WhyView {
  heading: string;
  score: string;
  /** «داعش خراسان (الدولة الإسلامية في أفغانستان، تنظيم الدولة)؛ الانشقاقات (انشقاق)» */
  terms: string;
}

export interface SourceView {
  title: string;
  byline: string | null;
  url: string | null;
}

export interface PackView {
  pack: {
    title: string;
    subtitle: string | null;
    organisation: string | null;
    marking: string | null;
    /** ISO date of the pack, for the date helpers. */
    date: string | null;
    /** «19 يوليو 2024» */
    dateText: string | null;
    /** «13 محرم 1446 هـ» (Umm al-Qura) */
    hijriText: string | null;
  };
  articleCount: number;
  themeCount: number;
  themes: ThemeView[];
  sources: SourceView[];
  /** This copy of a numbered print run, or null for an unnumbered pack. */
  copy: CopyView | null;
  /** Sections new since the previous pack, and its date; null without a previous pack or with mark_new off. */
  news: { count: number; since: string | null } | null;
}

/** A numbered copy: «نسخة 3 من 20», and who it is for when copies go to named recipients. */
export interface CopyView {
  number: number;
  total: number;
  recipient: string | null;
  /** «نسخة 3 من 20» with the configured digits. */
  label: string;
}

export interface CopyNumber {
  number: number;
  total: number;
  recipient: string | null;
}

export function copyLabel(copy: CopyNumber, digits: Digits): string {
  return withDigits(`نسخة ${copy.number} من ${copy.total}`, digits);
}

const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';

export function withDigits(text: string, digits: Digits): string {
  return digits === 'arabic-indic' ? text.replace(/[0-9]/g, (d) => ARABIC_INDIC[Number(d)]!) : text;
}

/** «19 يوليو 2024» in the Gregorian calendar with the configured digits (as ICU's ar-EG prints it). */
export function formatDate(iso: string, digits: Digits): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [NaN, NaN, NaN];
  // Anything but a real day (2024-02-31) is left to Intl, which rolls it over as it always did.
  if (
    !match ||
    year < 1000 ||
    new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day ||
    GREGORIAN_MONTHS[month - 1] === undefined
  )
    return intlFormat(iso, digits, 'gregory');
  return withDigits(`${day} ${GREGORIAN_MONTHS[month - 1]} ${year}`, digits);
}

/** «13 محرم 1446 هـ»: the Umm al-Qura calendar (Saudi Arabia's civil Hijri calendar), configured digits. */
export function formatHijri(iso: string, digits: Digits): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? hijriOfDay(dayOfIso(iso)) : null;
  if (date === null) return intlFormat(iso, digits, 'islamic-umalqura');
  return withDigits(`${date.day} ${HIJRI_MONTHS[date.month - 1]!} ${date.year} هـ`, digits);
}

/**
 * Dates outside what ../calendar.ts covers (before 1882 or after 2174 in the Hijri calendar) are
 * left to Intl. Calendar and numbering system explicit: the defaults depend on the locale data.
 */
function intlFormat(iso: string, digits: Digits, calendar: 'gregory' | 'islamic-umalqura'): string {
  const numberingSystem = digits === 'arabic-indic' ? 'arab' : 'latn';
  const format = new Intl.DateTimeFormat(calendar === 'gregory' ? 'ar-EG' : 'ar-SA', {
    calendar,
    numberingSystem,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return format.format(new Date(`${iso}T12:00:00Z`));
}

/** The source line: the outlet, the people who wrote the piece (else the agency it credits), the date. */
function byline(article: Article, digits: Digits): string | null {
  const outlet = article.outlet ?? article.publisher;
  const people = article.authors.map((a) => a.name).join('، ') || null;
  const credit = people === null && article.credit !== outlet ? article.credit : null;
  const parts = [outlet, people ?? credit, article.date ? formatDate(article.date, digits) : null].filter(
    (p): p is string => p !== null && p.length > 0,
  );
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** «السياق · علي رجب · 19 يوليو 2024», or the article title when nothing else is known. */
function citation(article: Article, digits: Digits): string {
  return byline(article, digits) ?? article.title;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}

function blockView(block: Block): BlockView {
  return {
    kind: block.kind,
    text: block.kind === 'figure' ? null : block.text,
    caption: block.kind === 'figure' ? block.caption : null,
    image: block.kind === 'figure' ? (block.image ?? null) : null,
    marker: block.kind === 'footnote' ? block.marker : null,
  };
}

export function buildView(briefing: Briefing, copy: CopyNumber | null = null): PackView {
  const { config } = briefing;
  const byId = new Map(briefing.articles.map((a) => [a.id, a]));
  const used = new Set<string>();
  const previous = briefing.previous && config.markNew ? new Set(briefing.previous.articles) : null;
  const themes = briefing.themes.map((theme) => ({
    id: theme.id,
    title: theme.title,
    intro: theme.intro ?? null,
    articleCount: new Set(theme.sections.map((s) => s.articleId)).size,
    sections: theme.sections.map((section, index) => {
      const article = byId.get(section.articleId)!;
      used.add(article.id);
      return {
        id: `sec:${theme.id}:${index + 1}`,
        heading: section.heading ?? article.title,
        source: [article.title, byline(article, config.digits)].filter(Boolean).join(' — '),
        alsoIn:
          section.duplicates.length === 0
            ? null
            : section.duplicates
                .map((d) => byId.get(d.articleId)!)
                .map((a) => {
                  used.add(a.id);
                  return [a.title, a.outlet ?? a.publisher].filter(Boolean).join(' — ');
                })
                .join('؛ '),
        url: article.url,
        urlHost: article.url ? hostOf(article.url) : null,
        isNew: previous !== null && !previous.has(articleIdentity(article, packBase(config))),
        blocks: section.blocks.map(blockView),
      };
    }),
    why: theme.sections.map((section) => ({
      heading: section.heading ?? byId.get(section.articleId)!.title,
      score: withDigits(section.score.toFixed(1), config.digits),
      terms: section.matches.map((m) => `${m.term} (${m.forms.slice(0, 4).join('، ')})`).join('؛ '),
    })),
    summary: theme.summary.map((sentence) => ({
      text: sentence.text,
      citation: citation(byId.get(sentence.articleId)!, config.digits),
    })),
  }));
  const sources = briefing.articles
    .filter((a) => used.has(a.id))
    .map((a) => ({ title: a.title, byline: byline(a, config.digits), url: a.url }));
  return {
    pack: {
      title: config.title,
      subtitle: config.subtitle ?? null,
      organisation: config.organisation ?? null,
      marking: config.marking ?? null,
      date: briefing.date,
      dateText: briefing.date ? formatDate(briefing.date, config.digits) : null,
      hijriText: briefing.date ? formatHijri(briefing.date, config.digits) : null,
    },
    articleCount: used.size,
    themeCount: themes.length,
    themes,
    sources,
    copy: copy ? { ...copy, label: copyLabel(copy, config.digits) } : null,
    news:
      previous === null
        ? null
        : {
            count: themes.reduce((n, t) => n + t.sections.filter((s) => s.isNew).length, 0),
            since: briefing.previous?.date ?? null,
          },
  };
}
