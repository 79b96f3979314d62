// Keyword matching: which words of a text are which configured terms.
//
// A term (keyword, phrase or exclusion) is a sequence of keyword tokens. A text word matches a
// keyword token when one of its readings (matchVariants: with or without a leading و/ف/ب/ل/ك)
// equals one of the token's BASES followed by an ending the base can take. A token's bases are the
// token itself plus the stems its own endings imply:
//   ايرانيه (الإيرانية) → ايران      so the adjective also finds إيران and الإيرانيين
//   انشقاقات (الانشقاقات) → انشقاق   a plural also finds its singular…
//   مساعدات (المساعدات) → مساعده     …which is X+ة when the dictionary has X+ة: not مساعد (assistant)
//   دوله (الدولة) → دولت, دول+ات      ة becomes ت before a suffix: دولتها; and the plural دولات
//   امريكا (أمريكا) → امريك          so أمريكا finds الأمريكية
// No keyword is ever cut to a shorter word of its own: طالبان is not stemmed to طالب (student),
// البحرين not to بحر (sea). Broken plurals come from data/broken-plurals.json (هجوم finds هجمات);
// others need an `also:` form.
//
// THE LOOK-ALIKE GUARD: which endings a base takes depends on what the keyword is (lexicon.ts).
//   A name (place, group, person) takes clitics and the nisba (ـي، ـية، ـيون، ـيين، ـيات) only: عدن
//     does not find عدنان, حماس not حماسة, كابل not كابلات; and name + ـية that is a dictionary word
//     is that word (تعزية is condolence, not «of Taiz»).
//   Any keyword: ة added to a word that lacks it is another word where the dictionary has that word
//     (السلام/السلامة, مساعد/مساعدة), the feminine otherwise (الوزير/الوزيرة).
//   A final ى stands for ي only in a text that writes ي that way everywhere (فى، الذى): elsewhere
//     اليمنى is «the right-hand», not «the Yemeni».
//   Two different hamza seats are two words (مأرب, مآرب «aims»); a seat and none are one (writers
//     drop hamzas, they do not move them).
// What passes but may still be a look-alike (a name with an ending; a form that is also a
// dictionary word) is kept with a doubt, which `themes --explain` shows so the user can add `not:`.
import { hasAttestedNisba, isFeminineWord, isName, relatedForms, takesNisba } from './lexicon.js';
import { SUFFIXES, isWordAt, matchVariants, normalize, scanWords, tokenKey, tokenize } from './normalize.js';

export interface CompiledTerm {
  /** As configured, for explanations. */
  term: string;
  /** Identity of the term with its forms: two themes listing the same term share its counts. */
  key: string;
  weight: number;
  /** Each way of writing the term (the term and its `also` forms) as keyword-token ids in order. */
  forms: number[][];
  /** Words (normalized keys) the term must never match (`not:`); empty for most terms. */
  not: ReadonlySet<string>;
}

/** How a configured term matches, beyond its spelling. */
export interface TermOptions {
  /** The word itself with clitics only, no endings (`exact: true`). */
  exact?: boolean;
  /** Words it must never match (`not:`). */
  not?: readonly string[];
}

/** Which endings a base accepts (see the header): none (exact, or a name that takes no nisba), the
 *  nisba only (a country, region or movement), any, or — on the stem of a noun in ة (حكوم of حكومة)
 *  — the feminine plural and the nisba (حكومات، الحكومية) but never nothing (حكوم, عمر); afterHamza:
 *  the nisba of a noun in ـاء, on its ئ (كهربائ of الكهرباء). */
type Endings = 'none' | 'nisba' | 'nisbaOnly' | 'any' | 'stem' | 'afterHamza';

interface BaseEntry {
  id: number;
  endings: Endings;
}

/** A keyword token as the guard needs it. */
interface KeywordToken {
  key: string;
  /** The keyword as written, marks removed and clitics peeled like the key: where its hamza seats are. */
  letters: string;
  name: boolean;
  /** A name written without the article (حماس، عدن): with it, it is another word (الحماس). */
  bareName: boolean;
}

/** One way a text key matches a keyword token, before what only the printed word can tell. */
interface Candidate {
  id: number;
  /** Letters peeled off the front of the key (a proclitic) before the base. */
  peeled: number;
  baseLength: number;
  ending: string;
}

const NISBA = new Set(['ي', 'يه', 'يون', 'يين', 'يات', 'يان', 'يتان', 'يتين', 'يا']);
const PLURAL = new Set(['ات', 'اتها', 'اتهم', 'اته']);

function accepts(endings: Endings, ending: string): boolean {
  switch (endings) {
    case 'none':
      return ending === '';
    case 'nisba':
      return ending === '' || NISBA.has(ending);
    case 'nisbaOnly':
    case 'afterHamza':
      return NISBA.has(ending);
    case 'stem':
      return PLURAL.has(ending) || NISBA.has(ending);
    case 'any':
      return true;
  }
}

// What matching peels off a word's end: the inflectional suffixes plus the possessives نا and كم
// and the accusative ـًا (هجومًا، إيرانيًا), which news prints with or without its tanwin.
const ENDINGS = [...SUFFIXES, 'نا', 'كم', 'ا'].sort((a, b) => b.length - a.length);

export class Matcher {
  private readonly tokenIds = new Map<string, number>();
  /** base → the keyword tokens that accept it, each with the endings it takes there. */
  private readonly bases = new Map<string, BaseEntry[]>();
  private readonly keywordTokens: KeywordToken[] = [];
  /** First three letters of every base: a word starting otherwise cannot be base + suffix, which
   *  settles most words of a text without trying its ~30 suffix splits. */
  private readonly basePrefixes = new Set<string>();
  /** text key → the ways it matches keyword tokens; one entry per distinct key. */
  private readonly cache = new Map<string, readonly Candidate[]>();
  /** Printed words seen so far, in an open-addressing table keyed by the scanner's hash: a word is
   *  found by comparing it in place in the text, so the hot path (a million words for a corpus)
   *  neither copies it out nor has V8 hash a fresh string. Slots hold entry index + 1. */
  private slots = new Int32Array(1 << 16);
  private readonly entries: WordEntry[] = [];
  /** key → a small integer, so later stages (duplicates) compare numbers, not strings. */
  private readonly wordIds = new Map<string, number>();
  private readonly keys: string[] = [];

  /** Compiles a configured term and its other spellings; null when none has letters or digits. */
  compile(term: string, weight: number, also: readonly string[] = [], options: TermOptions = {}): CompiledTerm | null {
    const forms = [term, ...also]
      .map((form) => tokenize(form).map((token) => this.tokenId(token.key, token.surface, options.exact ?? false)))
      .filter((parts) => parts.length > 0);
    const not = new Set((options.not ?? []).flatMap((form) => tokenize(form).map((token) => token.key)));
    // Options are part of the term's identity: «عدن» exact and «عدن» are two terms.
    const key =
      [term, ...also].join('\u241F') +
      (options.exact ? '\u241Eexact' : '') +
      (not.size > 0 ? `\u241Enot:${[...not].join(',')}` : '');
    return forms.length > 0 ? { term, key, weight, forms, not } : null;
  }

  private tokenId(key: string, surface: string, exact: boolean): number {
    const identity = exact ? `${key}\u241Eexact` : key;
    let id = this.tokenIds.get(identity);
    if (id !== undefined) return id;
    // A new keyword token changes what words match: what was worked out for words so far is dropped.
    this.cache.clear();
    this.slots.fill(0);
    this.entries.length = 0;
    id = this.keywordTokens.length;
    this.tokenIds.set(identity, id);
    const letters = lettersOf(surface, key);
    const bases = exact ? [{ base: key, endings: 'none' as const }] : [key, ...relatedForms(key)].flatMap(basesOf);
    const named = bases.find(({ base }) => isName(base));
    const name = named !== undefined;
    const nameEndings: Endings = named && takesNisba(named.base) ? 'nisba' : 'none';
    this.keywordTokens.push({ key, letters, name, bareName: name && !hasArticle(surface, key) });
    for (const { base, endings: asWord } of bases) {
      // A name's stems are not words of their own: السعودية finds السعودي but not سعود, غزة not غز.
      const endings =
        !name || asWord === 'none'
          ? asWord
          : base === key || isName(base)
            ? nameEndings
            : nameEndings === 'nisba'
              ? 'nisbaOnly'
              : null;
      if (endings === null) continue;
      if (base.length >= 3) this.basePrefixes.add(base.slice(0, 3));
      const entry: BaseEntry = { id, endings };
      const list = this.bases.get(base);
      if (list) list.push(entry);
      else this.bases.set(base, [entry]);
    }
    return id;
  }

  /** The entry of the printed word text[start, end), whose scanner hash is `hash`. */
  entryAt(text: string, start: number, end: number, hash: number): WordEntry {
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const index = this.slots[slot]!;
      if (index === 0) break;
      const entry = this.entries[index - 1]!;
      if (entry.hash === hash && entry.surface.length === length && text.startsWith(entry.surface, start)) return entry;
    }
    return this.insert(text.slice(start, end), hash);
  }

  private insert(surface: string, hash: number): WordEntry {
    const key = tokenKey(surface);
    let word = this.wordIds.get(key);
    if (word === undefined) {
      word = this.wordIds.size;
      this.wordIds.set(key, word);
      this.keys.push(key);
    }
    const { ids, egyptianIds, doubts } = this.judge(surface, key, this.candidatesFor(key));
    // Built field by field, never by spreading: every entry then has one shape, and entryAt (the
    // hottest loop of selection) stays monomorphic.
    const entry: WordEntry = { surface, hash, key, word, ids, egyptianIds, doubts };
    this.entries.push(entry);
    if (this.entries.length * 2 > this.slots.length) this.rehash();
    else this.place(this.entries.length, hash);
    return entry;
  }

  private place(index: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = index;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.entries.forEach((entry, i) => this.place(i + 1, entry.hash));
  }

  /** The normalized key of a word id. */
  keyOf(word: number): string {
    return this.keys[word]!;
  }

  private candidatesFor(key: string): readonly Candidate[] {
    let found = this.cache.get(key);
    if (found === undefined) {
      found = this.lookup(key);
      this.cache.set(key, found);
    }
    return found;
  }

  private lookup(key: string): readonly Candidate[] {
    let found: Candidate[] | undefined;
    const add = (base: string, peeled: number, ending: string): void => {
      const entries = this.bases.get(base);
      if (!entries) return;
      for (const { id, endings } of entries) {
        // A name already in ـي (الحوثي) is a nisba: its endings are read with that ي (حوثي+ين = ـيين).
        if ((endings === 'nisba' || endings === 'nisbaOnly') && base.endsWith('ي') && ending !== '') {
          if (!accepts(endings, `ي${ending}`)) continue;
          found ??= [];
          if (!found.some((c) => c.id === id))
            found.push({ id, peeled, baseLength: base.length - 1, ending: `ي${ending}` });
          continue;
        }
        if (!accepts(endings, ending)) continue;
        // A name + ـية that the dictionary has is that word: تعزية (condolence), not «of Taiz».
        // (Unless that word is the keyword's own other spelling: سورية for سوريا.)
        if (
          endings !== 'any' &&
          ending === 'يه' &&
          isFeminineWord(base + ending) &&
          !this.bases.get(base + ending)?.some((e) => e.id === id)
        )
          continue;
        found ??= [];
        if (!found.some((c) => c.id === id)) found.push({ id, peeled, baseLength: base.length, ending });
      }
    };
    matchVariants(key).forEach((variant, index) => {
      const peeled = key.length - variant.length;
      add(variant, peeled, '');
      if (variant.length < 4 || !this.basePrefixes.has(variant.slice(0, 3))) return;
      // Peeling a proclitic AND a suffix off leaves a short core that is often a different word
      // (و+زار+ه is وزارة, the ministry, not «visited»): then the core must have 4 letters.
      const shortest = index === 0 ? 3 : 4;
      for (const first of ENDINGS) {
        if (!variant.endsWith(first) || variant.length - first.length < shortest) continue;
        const once = variant.slice(0, -first.length);
        // The accusative alef follows a letter, never ة (حكومةً) or a pronoun: عمرها is عمر+ها.
        if (first === 'ا' && once.endsWith('ه')) continue;
        add(once, peeled, first);
        for (const second of ENDINGS) {
          if (once.endsWith(second) && once.length - second.length >= shortest)
            add(once.slice(0, -second.length), peeled, second + first);
        }
      }
    });
    return found ?? NO_CANDIDATES;
  }

  /** What only the printed word can tell: ة or ه, ى or ي, which hamza seats; and doubts. */
  private judge(surface: string, key: string, candidates: readonly Candidate[]): Judged {
    if (candidates.length === 0) return NO_MATCH;
    const letters = lettersOf(surface, key);
    const last = letters[letters.length - 1];
    const ids: number[] = [];
    const egyptianIds: number[] = [];
    let doubts: Map<number, string> | null = null;
    for (const candidate of candidates) {
      const { id, ending } = candidate;
      const token = this.keywordTokens[id]!;
      // ة after anything but the nisba ي: the feminine of a person (الوزيرة), unless the dictionary
      // has the form as a word of its own (السلامة, المساعدة «aid»); ه there is a pronoun (سلامه).
      if (last === 'ة' && ending.endsWith('ه') && !ending.endsWith('يه') && isFeminineWord(key.slice(candidate.peeled)))
        continue;
      // The keyword's own last letter ة against a printed ه, or the reverse: عمره «his age» is not العمرة.
      if (ending === '' && (last === 'ة' || last === 'ه') && token.letters.endsWith(last === 'ة' ? 'ه' : 'ة')) continue;
      // The article on a name that never takes it makes another word (الحماس «the zeal»).
      if (token.bareName && key.slice(candidate.peeled) === token.key && hasArticle(surface, key)) continue;
      if (seatsDiffer(token, letters, candidate)) continue;
      // A final ى in place of a name's nisba ي: only where the text writes every final ي as ى.
      const egyptianOnly = token.name && last === 'ى' && ending.endsWith('ي');
      if (!egyptianOnly) ids.push(id);
      egyptianIds.push(id);
      const doubt = doubtOf(token, key.slice(candidate.peeled), ending);
      if (doubt) (doubts ??= new Map()).set(id, doubt);
    }
    if (ids.length === 0 && egyptianIds.length === 0) return NO_MATCH;
    return { ids, egyptianIds: egyptianIds.length === ids.length ? ids : egyptianIds, doubts };
  }
}

const NO_CANDIDATES: readonly Candidate[] = Object.freeze([]);
const NONE: readonly number[] = Object.freeze([]);

interface Judged {
  /** Keyword-token ids the word matches. */
  ids: readonly number[];
  /** The same in a text that writes final ي as ى (فى، الذى). */
  egyptianIds: readonly number[];
  /** Matches that stand but may be look-alikes, with why: for `themes --explain`. */
  doubts: ReadonlyMap<number, string> | null;
}

const NO_MATCH: Judged = { ids: NONE, egyptianIds: NONE, doubts: null };

interface WordEntry extends Judged {
  surface: string;
  hash: number;
  key: string;
  word: number;
}

const MARKS =
  /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]/g;

/** A word's letters as printed, marks removed, aligned with the end of its key (clitics peeled). */
function lettersOf(surface: string, key: string): string {
  const letters = surface.replace(MARKS, '');
  return letters.length >= key.length ? letters.slice(letters.length - key.length) : letters;
}

/** Whether normalizing a printed word peeled an article off it (الحماس → حماس, وبالولايات → ولايات). */
function hasArticle(surface: string, key: string): boolean {
  return normalize(surface).length > key.length;
}

const SEATS = new Set(['أ', 'إ', 'آ']);

/** Whether the word and the keyword put hamza on different seats within the base (مآرب vs مأرب). */
function seatsDiffer(token: KeywordToken, letters: string, { peeled, baseLength }: Candidate): boolean {
  const word = letters.slice(peeled);
  const n = Math.min(baseLength, token.letters.length, word.length);
  for (let i = 0; i < n; i++) {
    const a = token.letters[i]!;
    const b = word[i]!;
    if (a !== b && SEATS.has(a) && SEATS.has(b)) return true;
  }
  return false;
}

/** Why a match that stands may still be a look-alike, or null. */
function doubtOf(token: KeywordToken, form: string, ending: string): string | null {
  if (ending === '' || form === token.key) return null;
  // A name's nisba is sure where the lexicon's news uses it (اليمني، الأمريكي); elsewhere, doubtful.
  if (token.name)
    return hasAttestedNisba(form.slice(0, form.length - ending.length))
      ? null
      : `a name with the ending «${ending.replace(/ه$/, 'ة')}», which the lexicon does not know`;
  if (isFeminineWord(form)) return 'also a word of its own';
  return null;
}

/** A base of a keyword token and the endings it takes there. */
export interface Base {
  base: string;
  endings: Endings;
}

/** The bases a keyword token accepts (see the header comment). Short tokens match only themselves. */
export function basesOf(key: string): Base[] {
  const bases: Base[] = [{ base: key, endings: 'any' }];
  if (key.length < 3) return bases;
  const stem = (suffix: string, keep = 3): void => {
    if (key.endsWith(suffix) && key.length - suffix.length >= keep)
      bases.push({ base: key.slice(0, -suffix.length), endings: 'any' });
  };
  if (key.endsWith('ه') && key.length >= 4) {
    bases.push({ base: `${key.slice(0, -1)}ت`, endings: 'any' }); // دولتها
    bases.push({ base: key.slice(0, -1), endings: 'stem' }); // حكومات، الحكومية
  }
  stem('يات');
  stem('يون');
  stem('يين');
  stem('يه');
  if (key.endsWith('ات') && key.length >= 5) {
    // A feminine plural's singular is X+ة when the dictionary has it (مساعدة, not مساعد «assistant»);
    // otherwise X (انشقاق، اجتماع، انتخاب).
    const singular = key.slice(0, -2);
    if (isFeminineWord(`${singular}ه`))
      bases.push({ base: `${singular}ه`, endings: 'any' }, { base: `${singular}ت`, endings: 'any' });
    else bases.push({ base: singular, endings: 'any' });
  }
  // A noun in ـاء makes its nisba on ئ: الكهرباء → الكهربائية، الغذاء → الغذائي.
  if (key.endsWith('اء') && key.length >= 4) bases.push({ base: `${key.slice(0, -1)}ي`, endings: 'afterHamza' });
  if (key.endsWith('يا') && key.length >= 5)
    bases.push({ base: key.slice(0, -2), endings: 'nisbaOnly' }); // تركيا → التركي
  // امريكا → الأمريكية
  else if (key.endsWith('ا') && key.length >= 5) bases.push({ base: key.slice(0, -1), endings: 'any' });
  // Names in ـيا are also printed in ـية: سوريا/سورية.
  if (key.endsWith('يا') && key.length >= 5) bases.push({ base: `${key.slice(0, -1)}ه`, endings: 'none' });
  return bases;
}

/** A text prepared for matching: its words as printed and as keys, and the keyword tokens each matches. */
export interface MatchedText {
  surfaces: string[];
  /** Word ids (one per distinct key, from the Matcher): what duplicate detection compares. */
  words: number[];
  ids: (readonly number[])[];
  /** Indices of the words that match any keyword token: the only places a term can start. */
  hits: number[];
  /** Per hit word with a doubtful match (see the header): keyword-token id → why. */
  doubts: Map<number, ReadonlyMap<number, string>>;
}

// Function words whose final ي a text writes as ى only if it writes every final ي so (Egyptian usage).
const FINAL_YA_MARKERS = ['فى', 'الذى', 'التى'];

/** Whether a text writes final ي as ى (فى، الذى), so that its اليمنى can be اليمني. */
export function writesFinalYaAsAlefMaqsura(text: string): boolean {
  // indexOf, not a regex with \p{L} lookarounds: this can run over every article of a corpus.
  for (const marker of FINAL_YA_MARKERS) {
    for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
      const end = at + marker.length;
      if ((at === 0 || !isWordAt(text, at - 1)) && (end === text.length || !isWordAt(text, end))) return true;
    }
  }
  return false;
}

/**
 * `finalYaAsAlefMaqsura`: the spelling habit of the article the text belongs to (a heading is too
 * short to tell), asked only when a word's match depends on it; found in the text itself when not given.
 */
export function matchText(
  matcher: Matcher,
  text: string,
  finalYaAsAlefMaqsura: () => boolean = () => writesFinalYaAsAlefMaqsura(text),
): MatchedText {
  const surfaces: string[] = [];
  const words: number[] = [];
  const ids: (readonly number[])[] = [];
  const hits: number[] = [];
  const doubts = new Map<number, ReadonlyMap<number, string>>();
  let habit: boolean | undefined;
  scanWords(text, (start, end, hash) => {
    const entry = matcher.entryAt(text, start, end, hash);
    if (entry.key.length === 0) return;
    const matched =
      entry.egyptianIds === entry.ids || !(habit ??= finalYaAsAlefMaqsura()) ? entry.ids : entry.egyptianIds;
    if (matched.length > 0) {
      hits.push(ids.length);
      if (entry.doubts) doubts.set(ids.length, entry.doubts);
    }
    surfaces.push(entry.surface);
    words.push(entry.word);
    ids.push(matched);
  });
  return { surfaces, words, ids, hits, doubts };
}

export interface Occurrence {
  /** Index of the first word. */
  at: number;
  /** Number of words. */
  length: number;
  /** The words as printed, e.g. «وبالولايات المتحدة». */
  surface: string;
  /** Why this may be a look-alike rather than the term (see the header); absent when sure. */
  doubt?: string;
}

/** Where a term (any of its forms) occurs in a text: its tokens matched by consecutive words. */
export function occurrences(text: MatchedText, term: CompiledTerm): Occurrence[] {
  const found: Occurrence[] = [];
  const { ids, surfaces } = text;
  for (const parts of term.forms) {
    const n = parts.length;
    outer: for (const i of text.hits) {
      if (i + n > ids.length) break;
      for (let j = 0; j < n; j++) {
        if (!ids[i + j]!.includes(parts[j]!)) continue outer;
        if (term.not.size > 0 && matchVariants(tokenKey(surfaces[i + j]!)).some((variant) => term.not.has(variant)))
          continue outer;
      }
      let doubt: string | undefined;
      for (let j = 0; j < n && doubt === undefined; j++) doubt = text.doubts.get(i + j)?.get(parts[j]!);
      found.push({ at: i, length: n, surface: surfaces.slice(i, i + n).join(' '), ...(doubt ? { doubt } : {}) });
    }
  }
  if (term.forms.length > 1) found.sort((a, b) => a.at - b.at || b.length - a.length);
  return found;
}

/**
 * The keyword-token ids a text's words match. A term none of whose forms starts with one of them
 * cannot occur in the text: occurrences() would walk every hit of the text for each of its forms
 * to find nothing, for every (section, term) pair of a pack.
 */
export function tokensIn(text: MatchedText): Set<number> {
  const present = new Set<number>();
  for (const i of text.hits) for (const id of text.ids[i]!) present.add(id);
  return present;
}

/** False when `term` cannot occur in a text with these tokens (see tokensIn); true when it may. */
export function mayOccur(present: ReadonlySet<number>, term: CompiledTerm): boolean {
  for (const parts of term.forms) if (parts.length > 0 && present.has(parts[0]!)) return true;
  return false;
}

/** Convenience for tests and the CLI: how often `term` occurs in `text`. */
export function countIn(text: string, term: string): number {
  const matcher = new Matcher();
  const compiled = matcher.compile(term, 1);
  return compiled ? occurrences(matchText(matcher, text), compiled).length : 0;
}
