// Glyph coverage, checked before anything is drawn: every character the pack will print must be in
// the face that prints it or in the fallback face. A character in neither would come out as an empty
// box (.notdef) on paper, so each one is reported with the file and line it comes from.
import type { Briefing, PackWarning } from '../model.js';
import { covers, needsGlyph, type FontFace } from './fonts.js';
import type { Faces } from './pdf/document.js';

interface Text {
  text: string;
  file: string;
  line?: number;
  /** Headings and titles are set in the heading face, everything else in the body face. */
  heading: boolean;
}

/** Everything of the model the templates can print, with where it comes from. */
function printedTexts(briefing: Briefing): Text[] {
  const { config } = briefing;
  const texts: Text[] = [];
  const fromConfig = (text: string | undefined, heading: boolean): void => {
    if (text) texts.push({ text, file: config.file, heading });
  };
  fromConfig(config.title, true);
  fromConfig(config.subtitle, false);
  fromConfig(config.organisation, false);
  fromConfig(config.marking, false);
  for (const theme of config.themes) {
    fromConfig(theme.title, true);
    fromConfig(theme.intro, false);
  }
  const used = new Set(briefing.themes.flatMap((t) => t.sections.map((s) => s.articleId)));
  for (const article of briefing.articles) {
    if (!used.has(article.id)) continue;
    texts.push({ text: article.title, file: article.file, line: 1, heading: true });
    for (const author of article.authors) texts.push({ text: author.name, file: article.file, heading: false });
    if (article.outlet) texts.push({ text: article.outlet, file: article.file, heading: false });
  }
  const files = new Map(briefing.articles.map((a) => [a.id, a.file]));
  for (const theme of briefing.themes) {
    for (const section of theme.sections) {
      const file = files.get(section.articleId) ?? section.file;
      for (const block of section.blocks) {
        const text = block.kind === 'figure' ? block.caption : block.text;
        texts.push({ text, file, line: block.line, heading: block.kind === 'heading' });
      }
    }
  }
  return texts;
}

/**
 * One warning per (file, character): «no glyph for U+0416 «Ж» in Amiri-Regular or the fallback
 * font (3 times)», at the first line it occurs on.
 */
export function missingGlyphs(briefing: Briefing, faces: Faces): PackWarning[] {
  const found = new Map<string, { file: string; line?: number; codePoint: number; face: FontFace; count: number }>();
  for (const item of printedTexts(briefing)) {
    const face = item.heading ? faces.heading : faces.regular;
    // By code unit, not `for…of` (a string per character: a pack's whole text, a second time).
    const text = item.text;
    for (let i = 0; i < text.length; i++) {
      const codePoint = text.codePointAt(i)!;
      if (codePoint > 0xffff) i++;
      if (!needsGlyph(codePoint) || covers(face, codePoint)) continue;
      const fallback = faces.fallback(item.heading);
      if (fallback && covers(fallback, codePoint)) continue;
      const key = `${item.file}\u0000${codePoint}`;
      const known = found.get(key);
      if (known) known.count++;
      else
        found.set(key, {
          file: item.file,
          ...(item.line !== undefined ? { line: item.line } : {}),
          codePoint,
          face,
          count: 1,
        });
    }
  }
  return [...found.values()].map(({ file, line, codePoint, face, count }) => ({
    file,
    ...(line !== undefined ? { line } : {}),
    message:
      `no glyph for ${describeCodePoint(codePoint)} in ${face.key}` +
      (faces.fallback(false) ? ' or the fallback font' : ' (no fallback font)') +
      (count > 1 ? ` (${count} times)` : ''),
  }));
}

export function describeCodePoint(codePoint: number): string {
  const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
  return `U+${hex} «${String.fromCodePoint(codePoint)}»`;
}
