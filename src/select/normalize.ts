// Arabic normalization and tokenization for MATCHING ONLY (never for display). Written in-house:
// the npm Arabic stemmers over-stem news text (snowball turns وزارة into زار), which makes themes
// match unrelated sections. We normalize spelling variants and strip attached clitics, nothing more.

const HARAKAT_AND_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF]/g;

export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .replace(HARAKAT_AND_MARKS, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .toLowerCase();
}

// Proclitic combinations, longest first; each must leave a stem of at least 3 letters.
const PROCLITICS = ['وبال', 'وكال', 'وال', 'فال', 'بال', 'كال', 'لل', 'ال'];

export function stripClitics(token: string): string {
  for (const prefix of PROCLITICS) {
    if (token.startsWith(prefix) && token.length - prefix.length >= 3) return token.slice(prefix.length);
  }
  // A lone و/ف is NOT stripped here: it is also a root letter (وزارة, فريق); matching tries both.
  return token;
}

/** Does a text token match a keyword token? As a prefix, optionally after a conjunction و/ف. */
export function tokenMatches(token: string, part: string): boolean {
  if (token.startsWith(part)) return true;
  const first = token.charCodeAt(0);
  return (first === 0x0648 || first === 0x0641) && token.length > part.length && token.startsWith(part, 1);
}

export function tokens(text: string): string[] {
  return normalize(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .map(stripClitics);
}
