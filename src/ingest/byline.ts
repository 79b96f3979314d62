// The byline model: a byline as Arabic papers print it — «بيروت: ثائر عباس», «الرياض - راشد
// السكران», «علي ضباح - نجران», «واس (الرياض)», «اثينا : (أ ف ب)», «عبدالله البرقاوي- سبق- الرياض:»,
// «لندن: «الشرق الأوسط»» — read into the people who wrote it, the dateline place and the agency or
// outlet it credits. Written here rather than taken from a library: name and dateline parsers are
// built for Latin bylines («By X in Y»), and Arabic ones put the parts in any order, with any of
// «:» «-» «–» «—» «،» parentheses and quotes between them. Places and credits are data
// (data/places.json, data/credits.json); a part that is neither must look like a name.
import { createRequire } from 'node:module';
import type { Author } from '../model.js';

export interface Byline {
  /** The byline as printed, spaces tidied and a trailing colon dropped. */
  readonly byline: string;
  /** The people, in order; `marker` is a footnote star attached to a name («أميرة جدون*»). */
  readonly authors: readonly (Author & { marker?: string })[];
  /** The dateline place, or null. */
  readonly place: string | null;
  /** The agency or outlet credited, or null. */
  readonly credit: string | null;
}

export type BylineReading =
  { readonly ok: true; readonly value: Byline } | { readonly ok: false; readonly reason: string };

interface Lexicon {
  places: string[];
  credits: string[];
}

// Through require, as JSON (scripts/bundle.js bundles what createRequire(import.meta.url) loads).
const PLACES = new Set((createRequire(import.meta.url)('../../data/places.json') as Lexicon).places.map(key));
const CREDITS = new Set((createRequire(import.meta.url)('../../data/credits.json') as Lexicon).credits.map(key));

/** The form a place or credit is looked up by: no marks, dots or tatweel; hamza and final forms folded. */
export function key(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/ى/g, 'ي')
    .replace(/[.\u00B7]/g, ' ')
    .replace(/\s+/g, '')
    .trim();
}

/** Roles a word before a name gives it («تصوير – زاهد بخش»: the photographer). */
const ROLES = new Set([
  'تصوير',
  'حاوره',
  'حاورها',
  'إعداد',
  'اعداد',
  'ترجمة',
  'تحرير',
  'عدسة',
  'كتب',
  'بقلم',
  'رسوم',
  'تقرير',
]);
/** Titles, ranks and particles that belong to a name without being one. */
const NAME_PARTICLES = new RegExp(
  `^(?:${[
    ...[String.raw`د\.?`, String.raw`أ\.?`, String.raw`م\.?`, 'الدكتور', 'الدكتورة', 'دكتور', 'المهندس', 'المهندسة'],
    ...['الأستاذ', 'الأستاذة', 'البروفيسور', 'الشيخ', 'الشيخة', 'الأمير', 'الأميرة', 'السيد', 'السيدة', 'الشريف'],
    ...['المستشار', 'معالي', 'سمو', 'اللواء', 'الفريق', 'العميد', 'العقيد', 'المقدم', 'الرائد', 'النقيب', 'الركن'],
    ...['بن', 'ابن', 'بنت', 'أبو', 'ابو', 'أم', 'آل', 'عبد', 'ال'],
  ].join('|')})$`,
);
/** A word of a name: Arabic letters (and marks), or a Latin name part; no digits, no punctuation. */
const NAME_WORD = /^[\u0621-\u064A\u0671-\u06D3\u064B-\u065F\u0670]+$/;
const NAVIGATION =
  /^(?:next|previous|prev|home|menu|share|print|email|tweet|more|read more|السابق|التالي|الرئيسية|القائمة)$/i;
/** A site's «Next Previous» links left in front of the byline when the page was saved as text. */
const LEADING_NAVIGATION = /^(?:(?:next|previous|prev|السابق|التالي)\s+)+/i;

interface Part {
  text: string;
  /** Written in «» or "" quotes, or braces: an outlet's name. */
  quoted: boolean;
  /** Written in parentheses. */
  bracketed: boolean;
  /** The separator after it (':' for a dateline colon), or '' at the end. */
  after: string;
  kind?: 'place' | 'credit' | 'people' | 'role' | 'either';
}

/**
 * Read a line as a byline. `title` (the article's) lets a piece of it be told from a name. A line
 * that is not clearly a byline is refused with the reason: anything not a place, a credit, a role
 * word or a plausible name; a name of one or two letters or a piece of the title; a place alone.
 */
export function readByline(line: string, title = ''): BylineReading {
  const byline = line
    .replace(/[\u00A0\t\u200B\u200E\u200F]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(LEADING_NAVIGATION, '')
    .replace(/\s*:\s*$/, '')
    .trim();
  if (byline.length === 0) return { ok: false, reason: 'empty' };
  if (byline.length > 120) return { ok: false, reason: 'too long for a byline' };
  if (/[0-9\u0660-\u0669]/.test(byline)) return { ok: false, reason: 'has digits' };
  if (/[.!?؟…]$/.test(byline.replace(/\s*[»"”)]$/, '')) && !/\b[دأم]\.$/.test(byline))
    return { ok: false, reason: 'ends a sentence' };
  const parts = splitParts(byline);
  if (parts === null) return { ok: false, reason: 'unbalanced quotes or brackets' };
  if (parts.length === 0 || parts.length > 8) return { ok: false, reason: 'not a byline' };

  splitFromPlace(parts);
  splitJoined(parts);
  for (const part of parts) classify(part);
  // A first part set off by a colon before a name or a credit is the dateline, listed or not.
  const first = parts[0]!;
  if (
    first.kind === 'people' &&
    first.after === ':' &&
    parts.length > 1 &&
    wordsOf(first.text).length <= 3 &&
    !first.quoted
  )
    first.kind = 'place';
  // A name has two words or more: one unlisted word beside a name is a place («عافت الزويد- سبق-
  // الهباس:»). Beside an outlet alone it is the outlet's section («ترجمات - السياق»), not a byline.
  const others = (part: Part): boolean =>
    parts.some((p) => p !== part && p.kind === 'people' && wordsOf(p.text).length > 1);
  for (const part of parts)
    if (part.kind === 'people' && wordsOf(part.text).length === 1 && others(part)) part.kind = 'place';
  // Places that are also papers («الرياض», «المدينة»): the credit where another part is surely a
  // place («المدينة - الاحساء»), else the first is the place and any other the credit.
  const surelyPlaced = parts.some((part) => part.kind === 'place');
  let place: string | null = null;
  let credit: string | null = null;
  const authors: (Author & { marker?: string })[] = [];
  let role: string | null = null;
  for (const part of parts) {
    // Set off by a colon or in brackets, it is a dateline; else a paper where a place is already named.
    if (part.kind === 'either')
      part.kind = part.after === ':' || part.bracketed || (place === null && !surelyPlaced) ? 'place' : 'credit';
    switch (part.kind) {
      case 'place':
        place ??= withoutPrefix(part.text);
        break;
      case 'credit':
        credit ??= part.text;
        break;
      case 'role':
        role = part.text;
        break;
      case 'people':
        for (const person of peopleIn(part.text)) {
          const refusal = nameRefusal(person.name, title);
          if (refusal) return { ok: false, reason: refusal };
          authors.push(role ? { ...person, note: role } : person);
        }
        role = null;
        break;
      default:
        return { ok: false, reason: `«${part.text}» is neither a name, a place nor a credit` };
    }
  }
  if (authors.length === 0 && credit === null)
    return { ok: false, reason: place ? 'a place with no person or credit' : 'no person or credit' };
  // A name has two words or more; one word alone is more likely a piece of something else.
  if (place === null && credit === null && authors.every((a) => !a.name.includes(' ')))
    return { ok: false, reason: `«${byline}» is too short for a name` };
  return { ok: true, value: { byline, authors, place, credit } };
}

/** «إكرامي عبدالله من الرياض»: a name and, after «من», the place it was filed from. */
function splitFromPlace(parts: Part[]): void {
  for (let k = 0; k < parts.length; k++) {
    const split = /^(.*\S)\s+من\s+(\S.*)$/.exec(parts[k]!.text);
    if (!split || !PLACES.has(key(split[2]!))) continue;
    parts.splice(k, 1, { ...parts[k]!, text: split[1]!, after: '' }, { ...parts[k]!, text: split[2]! });
    k++;
  }
}

/** «شمال السعودية», «جنوب لبنان»: a part of a listed place is a place. */
const REGION_OF = /^(?:شمال|جنوب|شرق|غرب|وسط|شمالي|جنوبي|شرقي|غربي)\s+/;

/**
 * Parts printed without a separator between them, cut apart: a role word inside a part
 * («المدينة المنورة تصوير – زاهد بخش»), and a listed place that ends a name part
 * («عبدالرحيم الحدادي المدينة المنورة»).
 */
function splitJoined(parts: Part[]): void {
  for (let k = 0; k < parts.length; k++) {
    const words = wordsOf(parts[k]!.text);
    if (parts[k]!.quoted || words.length < 2) continue;
    const role = words.findIndex((w, i) => i > 0 && ROLES.has(w));
    let cut = role;
    if (cut < 0) {
      for (let tail = 1; tail <= 3 && tail <= words.length - 2; tail++) {
        if (PLACES.has(key(words.slice(-tail).join(' '))) && looksLikeNames(words.slice(0, -tail).join(' ')))
          cut = words.length - tail;
      }
    }
    if (cut <= 0) continue;
    parts.splice(
      k,
      1,
      { ...parts[k]!, text: words.slice(0, cut).join(' '), after: '' },
      { ...parts[k]!, text: words.slice(cut).join(' ') },
    );
  }
}

/** «الرياض» from «من الرياض»: the preposition some datelines carry. */
function withoutPrefix(text: string): string {
  return text.replace(/^من\s+/, '');
}

function wordsOf(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

const OPEN_CLOSE: Record<string, string> = { '«': '»', '"': '"', '“': '”', '{': '}', '(': ')' };

/**
 * The byline's parts: runs of text between separators («:», dashes, a spaced tatweel, «،», «/»,
 * «..», «|»), each quoted or bracketed group a part of its own.
 */
function splitParts(byline: string): Part[] | null {
  const parts: Part[] = [];
  let current = '';
  const push = (after: string, quoted = false, bracketed = false, text = current): void => {
    const trimmed = text.trim();
    if (trimmed.length > 0) parts.push({ text: trimmed, quoted, bracketed, after });
    else if (parts.length > 0 && after === ':') parts[parts.length - 1]!.after = ':';
    if (text === current) current = '';
  };
  for (let i = 0; i < byline.length; i++) {
    const ch = byline[i]!;
    const close = OPEN_CLOSE[ch];
    if (close !== undefined) {
      const end = byline.indexOf(close, i + 1);
      if (end < 0) return null;
      push('');
      const inner = byline.slice(i + 1, end);
      if (ch === '(') {
        // «(بغداد، عمان)», «(تصوير: عبدالله المطوع)», «(«الشرق الأوسط»)»: parts of their own.
        const innerParts = splitParts(inner);
        if (innerParts === null) return null;
        for (const part of innerParts) parts.push({ ...part, bracketed: true });
      } else {
        push('', true, false, inner);
      }
      i = end;
      continue;
    }
    if (ch === ':' || ch === '،' || ch === ',' || ch === '|' || ch === '/' || ch === '؛') {
      push(ch === ':' ? ':' : ch);
      continue;
    }
    if (ch === '.' && byline[i + 1] === '.') {
      while (byline[i + 1] === '.') i++;
      push('..');
      continue;
    }
    // A dash between parts; «ـ» (tatweel) only standing alone between spaces, as a dash.
    const spacedTatweel =
      ch === 'ـ' && (i === 0 || byline[i - 1] === ' ') && (i === byline.length - 1 || byline[i + 1] === ' ');
    if (ch === '-' || ch === '–' || ch === '—' || spacedTatweel) {
      push('-');
      continue;
    }
    current += ch;
  }
  push('');
  // A separator that opened the byline («- الوئام») leaves nothing before it: nothing to undo.
  return parts;
}

function classify(part: Part): void {
  const text = part.text.replace(/\*+$/, '').trim();
  if (part.text.length === 0) return;
  const lookup = key(withoutPrefix(text).replace(REGION_OF, ''));
  const isPlace = PLACES.has(lookup);
  const isCredit = CREDITS.has(key(text)) || CREDITS.has(lookup);
  if (part.quoted) part.kind = isPlace && !isCredit ? 'place' : 'credit';
  else if (isPlace && isCredit) part.kind = 'either';
  else if (isPlace) part.kind = 'place';
  else if (isCredit) part.kind = 'credit';
  else if (ROLES.has(text)) part.kind = 'role';
  else if (LATIN_CREDIT.test(text) && !NAVIGATION.test(text)) part.kind = 'credit';
  else if (looksLikeNames(text)) part.kind = 'people';
}

/** An agency's Latin initials or short name beside the Arabic («الوئام - SKY»). */
const LATIN_CREDIT = /^[A-Za-z][A-Za-z.&]{1,11}$/;

/** One or more names: Arabic letters only, joined by «و»; no word of running text among them. */
function looksLikeNames(text: string): boolean {
  const words = wordsOf(withoutHonorifics(text.replace(/\*+/g, '')));
  if (words.length === 0 || words.length > 10) return false;
  // «أندرو إي. كريمر»: an initial keeps its dot.
  return (
    words.every((w) => (NAME_WORD.test(w.replace(/\.$/, '')) || NAME_PARTICLES.test(w)) && !FUNCTION_WORDS.has(w)) &&
    !words.some((w) => NAVIGATION.test(w))
  );
}

/** «د.الطيب بوعزة», «أ. د.عثمان»: titles before a name, glued or not. */
function withoutHonorifics(text: string): string {
  return text.replace(/(^|\s)(?:أ\.\s*د\.|د\.|أ\.|م\.)\s*/g, '$1').trim();
}

/** Prepositions, conjunctions and pronouns of running text: never part of a name. */
const FUNCTION_WORDS = new Set([
  'في',
  'على',
  'عن',
  'من',
  'إلى',
  'الى',
  'مع',
  'أن',
  'إن',
  'ان',
  'لا',
  'لم',
  'لن',
  'ما',
  'هذا',
  'هذه',
  'ذلك',
  'التي',
  'الذي',
  'الذين',
  'هو',
  'هي',
  'كان',
  'كانت',
  'قد',
  'بعد',
  'قبل',
  'حتى',
  'أو',
  'او',
  'ثم',
  'كما',
  'عند',
  'بين',
  'تحت',
  'فوق',
  'ضد',
  'منذ',
  'خلال',
  'حول',
  'لدى',
]);

/** A name has at most this many words besides particles and titles: «د.بندر بن عبد الله بن تركي آل سعود». */
const MAX_NAME_WORDS = 4;

/**
 * The people in a part: split at «و» joining two names of two words or more each («ثائر عباس ومحمد
 * علي»), never inside a name («أحمد وليد»); a footnote star stays with its name as `marker`.
 */
function peopleIn(text: string): (Author & { marker?: string })[] {
  const words = wordsOf(text);
  const names: string[][] = [[]];
  for (const word of words) {
    const current = names[names.length - 1]!;
    if (word === 'و') {
      if (current.length > 0) names.push([]);
      continue;
    }
    const joined = word.length > 3 && word.startsWith('و') && !NAME_PARTICLES.test(word) && current.length >= 2;
    if (joined && remainingWords(words, word) >= 2) names.push([word.slice(1)]);
    else current.push(word);
  }
  return names
    .filter((n) => n.length > 0)
    .map((n) => {
      const name = n.join(' ');
      const star = /^(.*?)(\*+)$/.exec(name);
      return star ? { name: star[1]!.trim(), marker: star[2]! } : { name };
    });
}

/** Words from `word` (inclusive) to the end of `words`. */
function remainingWords(words: readonly string[], word: string): number {
  return words.length - words.lastIndexOf(word);
}

/** Why a name cannot be one, or null: one or two letters, a particle alone, or the start of the title. */
function nameRefusal(name: string, title: string): string | null {
  if (wordsOf(withoutHonorifics(name)).filter((w) => !NAME_PARTICLES.test(w)).length > MAX_NAME_WORDS)
    return `«${name}» is too long for a name`;
  const letters = name.replace(/[^\u0621-\u064A\u0671-\u06D3A-Za-z]/g, '');
  if (letters.length <= 2) return `«${name}» is too short for a name`;
  if (wordsOf(name).every((w) => NAME_PARTICLES.test(w))) return `«${name}» is not a name`;
  if (title.length > 0 && wordsOf(name).length <= 2 && wordsOf(title).some((w) => w.startsWith(name) && w !== name))
    return `«${name}» is a piece of the title`;
  return null;
}
