// Bounds on what one paragraph may hold, so that no input makes layout's work or memory explode: a
// megabyte-long "word" (a pasted data blob, a runaway line) is cut into pieces, and a paragraph
// longer than any article's is split at its spaces. Real text never comes near either bound.

/** Longer than any word or URL worth setting; a longer run of non-spaces is cut into pieces this long. */
export const MAX_WORD_CHARS = 1000;
/** A paragraph longer than this (about 20 pages of text) is split at the space nearest each bound. */
export const MAX_PARAGRAPH_CHARS = 50_000;

const LONG_WORD = new RegExp(`\\S{${MAX_WORD_CHARS + 1},}`, 'g');

/** The text as paragraphs within the bounds, and what was done to it (null when nothing). */
export function boundParagraph(text: string): { pieces: string[]; change: string | null } {
  let changes: string[] = [];
  let bounded = text;
  if (text.length > MAX_WORD_CHARS) {
    bounded = text.replace(LONG_WORD, (word) => {
      changes.push(`a word of ${word.length} characters cut into pieces of ${MAX_WORD_CHARS}`);
      return word.match(new RegExp(`.{1,${MAX_WORD_CHARS}}`, 'gs'))!.join(' ');
    });
  }
  if (bounded.length <= MAX_PARAGRAPH_CHARS)
    return { pieces: [bounded], change: changes.length > 0 ? changes[0]! : null };
  const pieces: string[] = [];
  let rest = bounded;
  while (rest.length > MAX_PARAGRAPH_CHARS) {
    const cut = rest.lastIndexOf(' ', MAX_PARAGRAPH_CHARS);
    const at = cut > 0 ? cut : MAX_PARAGRAPH_CHARS;
    pieces.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest.length > 0) pieces.push(rest);
  changes = [...changes, `a paragraph of ${bounded.length} characters split into ${pieces.length}`];
  return { pieces, change: changes.join('; ') };
}
