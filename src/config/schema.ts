// The briefing.yaml schema, in one place: zod validates configs with it, and scripts/schema.js turns
// it into schema/briefing.schema.json so editors complete and check keys (the default config points
// at that file). Descriptions here are what an editor shows on hover.
import { z } from 'zod';
import { PDF_STANDARDS, standardsConflict } from '../model.js';

// zod compiles a fast validator (new Function) per object schema on its first use, which pays
// only when the schema validates many values; a run validates one config: ~4 ms saved.
z.config({ jitless: true });

/**
 * A term that can match something: it has a letter, or is a number of two digits or more («2030»).
 * Only harakat, tatweel, punctuation or spaces would match nothing, and «\\1» the digit 1 anywhere.
 */
const term = () =>
  z
    .string()
    .min(1)
    .refine(
      (text) => /\p{L}/u.test(text.replace(/\u0640/g, '')) || /\d{2,}/.test(text),
      'expected a word (letters) or a number, not only marks, tatweel, punctuation or spaces',
    );

const weighted = (what: string) =>
  z.union([
    term().describe(`${what} (weight 1)`),
    z
      .strictObject({
        term: term().describe(what),
        weight: z.number().positive().default(1).describe('How much a match counts (default 1)'),
        also: z
          .array(term())
          .default([])
          .describe(
            'Other names for the same thing, counted as this term: rare synonyms then do not outweigh the common name',
          ),
        exact: z
          .boolean()
          .default(false)
          .describe(
            'Match the word itself and its clitics only (و، ب، ل، ال …), no endings: «عدن» then never finds «عدنان»',
          ),
        not: z
          .array(term())
          .default([])
          .describe('Words this term must never match, though they look like it («مساعد» for «المساعدات»)'),
      })
      .describe(`${what} with a weight`),
  ]);

/** `pin:` and `drop:` entries: an article, or one section of it by heading. */
const sectionPick = z.union([
  z.string().min(1).describe("An article: its file name, its path from this file's folder, or its URL"),
  z
    .strictObject({
      article: z.string().min(1).describe("The article: its file name, its path from this file's folder, or its URL"),
      section: z
        .string()
        .min(1)
        .optional()
        .describe('One section of it, by heading as printed (the opening section: the article title)'),
    })
    .describe('One section of an article'),
]);

/** A title as printed: it must have a letter or a digit, not only spaces, marks or controls. */
const printedTitle = () =>
  z
    .string()
    .min(1)
    .refine(
      (text) => /[\p{L}\p{N}]/u.test(text),
      'expected a title with letters or digits (not only spaces, marks or control characters)',
    );

export const themeSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a lower-case id (letters, digits, - and _)')
      .describe('Stable identifier: lower-case letters, digits, - and _'),
    title: printedTitle().describe('Chapter title as printed'),
    intro: z.string().optional().describe('A sentence or two printed under the chapter title'),
    keywords: z
      .array(weighted('A word or words to look for; matched with Arabic spelling variants, clitics and suffixes'))
      .min(1, 'expected at least one keyword')
      .describe('What the theme is about'),
    phrases: z
      .array(weighted('Several words that must occur together, in this order'))
      .default([])
      .describe('Multi-word expressions; a match counts with a phrase bonus'),
    exclude: z.array(term()).default([]).describe('A section mentioning any of these is never chosen for this theme'),
    min_score: z.number().nonnegative().default(1).describe('Sections scoring less are left out (default 1)'),
    min_distinct: z
      .number()
      .int()
      .positive()
      .default(1)
      .describe('How many different keywords or phrases a section must mention (default 1)'),
    max_sections: z.number().int().positive().default(8).describe('At most this many sections (default 8)'),
    summary: z
      .number()
      .int()
      .nonnegative()
      .default(3)
      .describe('Sentences in the executive summary for this theme (0 for none, default 3)'),
    pin: z
      .array(sectionPick)
      .default([])
      .describe('Articles or sections always printed under this theme, whatever they score'),
    drop: z.array(sectionPick).default([]).describe('Articles or sections never printed under this theme'),
  })
  .describe('A theme: one chapter of the pack');

const httpUrl = z
  .string()
  .regex(/^https?:\/\/[^\s/]+/i, 'expected an http:// or https:// address')
  .describe('An http or https address');

/** What `briefing fetch` reads: a feed (RSS 2.0, Atom, JSON Feed) or one article page. */
const sourceOptions = {
  max_items: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe('At most this many new items from this source per fetch (the newest first)'),
  include: z
    .array(z.string().min(1))
    .default([])
    .describe(
      'Keep only items whose address or title matches one of these patterns (* matches anything; case ignored)',
    ),
  exclude: z
    .array(z.string().min(1))
    .default([])
    .describe('Drop items whose address or title matches one of these patterns'),
};

export const sourceSchema = z
  .union([
    z.strictObject({ feed: httpUrl.describe('A feed: RSS 2.0, Atom or JSON Feed'), ...sourceOptions }),
    z.strictObject({ url: httpUrl.describe('One article page'), ...sourceOptions }),
  ])
  .describe('A feed ({feed: URL}) or one article page ({url: URL})');

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors'),
    title: printedTitle().describe('Pack title, on the cover and in running headers'),
    subtitle: z.string().optional().describe('Printed under the title on the cover'),
    organisation: z.string().optional().describe('Who issues the pack'),
    marking: z.string().optional().describe('Handling marking on the cover and every footer, e.g. TLP:AMBER'),
    date: z
      .union([z.literal('auto'), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD or auto')])
      .default('auto')
      .describe('Date of the pack (YYYY-MM-DD), or auto for the newest article’s date'),
    inputs: z
      .array(z.string().min(1))
      .min(1, 'expected at least one input pattern')
      .default(['seeds/*.txt'])
      .describe(
        'Article files relative to this file: paths, folders (every article in one), or patterns with *, ?, ** ' +
          'and {a,b}',
      ),
    digits: z.enum(['arabic-indic', 'latin']).default('latin').describe('Digits in dates, page numbers and counts'),
    justify: z
      .enum(['none', 'spaces', 'kashida'])
      .default('spaces')
      .describe('Paragraph justification: ragged, by spaces, or by kashida (tatweel) then spaces'),
    kashida_per_line: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(2)
      .describe(
        'With justify: kashida, how many words of a line may be elongated (traditional practice: one or two); ' +
          'the spaces take the rest',
      ),
    allow_undated: z
      .boolean()
      .default(false)
      .describe(
        'Accept articles with no date line without a warning (so --strict passes); they sort last and show no date',
      ),
    max_article_mb: z
      .number()
      .positive()
      .default(20)
      .describe('Article files larger than this many megabytes are skipped with a warning (default 20)'),
    allow_overlap: z
      .boolean()
      .default(false)
      .describe('Let a section appear under every theme it qualifies for, not only its best one'),
    page: z
      .strictObject({
        size: z.enum(['A4', 'A5', 'Letter']).default('A4').describe('Paper size'),
        duplex: z
          .boolean()
          .default(true)
          .describe(
            'Printed on both sides: mirrored margins with the binding on the right, every chapter opening on an ' +
              'odd page',
          ),
      })
      .default({ size: 'A4', duplex: true })
      .describe('Paper and printing'),
    pdf_standard: z
      .union([z.enum(PDF_STANDARDS), z.array(z.enum(PDF_STANDARDS))])
      .refine((value) => standardsConflict([value].flat()) === null, {
        message: standardsConflict(['a-2b', 'a-3b'])!,
      })
      .optional()
      .describe(
        'Standards every build meets and claims: a-2b or a-3b (PDF/A, archiving), ua-1 (PDF/UA, accessibility); ' +
          'one or a list. --pdf-standard replaces it',
      ),
    templates: z
      .string()
      .optional()
      .describe('A folder of your own templates (relative to this file); files it lacks come from the built-in ones'),
    fonts: z
      .strictObject({
        regular: z.string().optional().describe('Body font (TTF/OTF)'),
        bold: z.string().optional().describe('Bold font'),
        heading: z.string().optional().describe('Heading font'),
        fallback: z
          .union([z.string(), z.literal(false)])
          .optional()
          .describe(
            'Font for characters the Arabic faces lack (Latin, Greek, Cyrillic, symbols); default DejaVu Serif, ' +
              'false for none',
          ),
        fallback_bold: z
          .string()
          .optional()
          .describe('Bold fallback font (default DejaVu Serif Bold, or the fallback font when that is set)'),
      })
      .default({})
      .describe('Font files, relative to this file'),
    themes: z.array(themeSchema).min(1, 'expected at least one theme').describe('The chapters of the pack, in order'),
    sources: z.array(sourceSchema).default([]).describe('Feeds and article pages that `briefing fetch` brings in'),
    fetched: z
      .string()
      .min(1)
      .default('fetched')
      .describe(
        'Folder (relative to this file) where `briefing fetch` saves pages; every build reads it without it ' +
          'being listed in inputs',
      ),
    fetch: z
      .strictObject({
        max_page_mb: z
          .number()
          .positive()
          .max(100)
          .default(5)
          .describe('A page or feed larger than this many megabytes is abandoned while reading'),
      })
      .default({ max_page_mb: 5 })
      .describe('How `briefing fetch` downloads'),
    window: z
      .string()
      .regex(/^[1-9]\d{0,3}[hdw]$/, 'expected a span such as 36h, 2d or 1w')
      .optional()
      .describe(
        'Only articles dated within this span before the pack date are set (36h, 2d, 1w); undated ones follow ' +
          'allow_undated',
      ),
    mark_new: z
      .boolean()
      .default(true)
      .describe(
        'Mark «جديد» the sections from articles the previous build (its manifest) did not have, and count them ' +
          'on the cover',
      ),
  })
  .describe('A briefing pack: what to read, what to look for, how to print it');

export type RawConfig = z.infer<typeof configSchema>;

/** The keys allowed in the object at a config path, for "did you mean" hints. */
export function keysAt(path: readonly (string | number)[]): string[] {
  if (path.length === 0) return Object.keys(configSchema.shape);
  if (path[0] === 'fonts' && path.length === 1) return ['regular', 'bold', 'heading', 'fallback', 'fallback_bold'];
  if (path[0] === 'page' && path.length === 1) return ['size', 'duplex'];
  if (path[0] === 'fetch' && path.length === 1) return ['max_page_mb'];
  if (path[0] === 'sources' && path.length === 2) return ['feed', 'url', 'max_items', 'include', 'exclude'];
  if (path[0] === 'themes' && path.length === 2) return Object.keys(themeSchema.shape);
  if (path[0] === 'themes' && (path[2] === 'keywords' || path[2] === 'phrases') && path.length === 4)
    return ['term', 'weight', 'also'];
  return [];
}

export function jsonSchema(): object {
  return {
    title: 'briefing.yaml',
    ...z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }),
  };
}
