// The vocabulary a laid-out run carries to the drawing backend, as pdfmake «font features» (the one
// per-inline list pdfmake passes through untouched): its direction, its digits, how much its spaces
// stretch, and which tatweels justification inserted. The layout writes these; the backend
// (../pdf/seam.ts) reads them. Kept here so that the layout depends on nothing downstream of it.

/** Pseudo feature tags carrying a run's direction from the line layer to the backend. */
export const RTL_TAG = 'bidi-rtl';
export const LTR_TAG = 'bidi-ltr';
/**
 * Draw ASCII digits as Arabic-Indic ones. For text pdfmake writes itself after layout, which is
 * only the page numbers of contents entries (pdfmake's pageReference): everything else already
 * carries the configured digits.
 */
export const ARABIC_DIGITS_TAG = 'digits-arab';

/**
 * The pseudo tag that stretches every U+0020 of a run by `extraUnits` font units: how a justified
 * line's wider spaces reach pdfkit without splitting the line into one inline per word and gap.
 */
export function spaceTag(extraUnits: number): string {
  return `${SPACE_TAG}${spaceExtraUnits(extraUnits).toFixed(3)}`;
}

/** The stretch a space tag carries, as the backend reads it back (three decimals of a font unit). */
export function spaceExtraUnits(extraUnits: number): number {
  return Number(extraUnits.toFixed(3));
}

export const SPACE_TAG = 'bidi-space+';

/**
 * The pseudo tag naming the tatweels kashida justification inserted into a run's text, as
 * `offset+count` pairs: the run draws them, and its text layer gives back the source without them.
 */
export function insertedTag(inserted: readonly (readonly [number, number])[]): string {
  return `${INSERTED_TAG}${inserted.map(([offset, count]) => `${offset}+${count}`).join(',')}`;
}

export const INSERTED_TAG = 'kashida-inserted:';
