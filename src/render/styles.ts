// Every typographic decision of the pack in one place: faces, sizes, colours, spacing.
// Line heights are multipliers of the face's own ascent−descent (Amiri's is 1.76 em, Noto Kufi's
// 1.90 em), chosen to land body text near 1.55 em and headings near 1.35 em.
import type { Alignment } from './layout/index.js';

export type FaceRole = 'regular' | 'bold' | 'heading';

export interface BlockStyle {
  face: FaceRole;
  size: number;
  lineHeight: number;
  color?: string;
  alignment: Alignment;
  /** Points above and below the block. */
  spaceBefore: number;
  spaceAfter: number;
  /** Points of inset on both sides (quotes, footnotes). */
  inset?: number;
}

export type PageSize = 'A4' | 'A5' | 'Letter';

/** A page size with its margins. Margins are symmetric in pdfmake's terms; for duplex printing the
 *  seam shifts each page's content by half the gutter towards the outer edge (see pdf/seam.ts). */
export interface PageGeometry {
  size: PageSize;
  width: number;
  height: number;
  /** left, top, right, bottom */
  margins: [number, number, number, number];
  /** Extra inner margin at the binding edge when printed on both sides. */
  gutter: number;
  /** Width of the text block. */
  measure: number;
}

const SIZES: Record<
  PageSize,
  { width: number; height: number; margins: [number, number, number, number]; gutter: number }
> = {
  A4: { width: 595.28, height: 841.89, margins: [62, 70, 62, 66], gutter: 14 },
  A5: { width: 419.53, height: 595.28, margins: [42, 54, 42, 50], gutter: 10 },
  Letter: { width: 612, height: 792, margins: [66, 66, 66, 62], gutter: 14 },
};

export function pageGeometry(size: PageSize): PageGeometry {
  const { width, height, margins, gutter } = SIZES[size];
  return { size, width, height, margins, gutter, measure: width - margins[0] - margins[2] };
}

export const STYLES = {
  body: { face: 'regular', size: 12, lineHeight: 0.88, alignment: 'justify', spaceBefore: 0, spaceAfter: 7 },
  lede: {
    face: 'bold',
    size: 12.5,
    lineHeight: 0.88,
    color: '#333333',
    alignment: 'justify',
    spaceBefore: 0,
    spaceAfter: 8,
  },
  h1: {
    face: 'heading',
    size: 20,
    lineHeight: 0.75,
    color: '#1b2a49',
    alignment: 'start',
    spaceBefore: 0,
    spaceAfter: 14,
  },
  h2: {
    face: 'heading',
    size: 13.5,
    lineHeight: 0.75,
    color: '#1b2a49',
    alignment: 'start',
    spaceBefore: 14,
    spaceAfter: 2,
  },
  h3: {
    face: 'heading',
    size: 12.5,
    lineHeight: 0.75,
    color: '#1b2a49',
    alignment: 'start',
    spaceBefore: 12,
    spaceAfter: 4,
  },
  source: {
    face: 'regular',
    size: 9.5,
    lineHeight: 0.85,
    color: '#4a4a4a',
    alignment: 'start',
    spaceBefore: 0,
    spaceAfter: 8,
  },
  quote: {
    face: 'regular',
    size: 12,
    lineHeight: 0.88,
    color: '#333333',
    alignment: 'justify',
    spaceBefore: 2,
    spaceAfter: 9,
    inset: 24,
  },
  figcaption: {
    face: 'bold',
    size: 10,
    lineHeight: 0.85,
    color: '#333333',
    alignment: 'center',
    spaceBefore: 2,
    spaceAfter: 9,
  },
  listItem: {
    face: 'regular',
    size: 12,
    lineHeight: 0.88,
    alignment: 'justify',
    spaceBefore: 0,
    spaceAfter: 4,
    inset: 0,
  },
  footnote: {
    face: 'regular',
    size: 9.5,
    lineHeight: 0.85,
    color: '#333333',
    alignment: 'justify',
    spaceBefore: 0,
    spaceAfter: 4,
    inset: 0,
  },
  intro: {
    face: 'regular',
    size: 12,
    lineHeight: 0.88,
    color: '#333333',
    alignment: 'justify',
    spaceBefore: 0,
    spaceAfter: 10,
  },
  coverTitle: {
    face: 'heading',
    size: 28,
    lineHeight: 0.8,
    color: '#1b2a49',
    alignment: 'center',
    spaceBefore: 120,
    spaceAfter: 16,
  },
  coverSubtitle: {
    face: 'regular',
    size: 16,
    lineHeight: 0.9,
    color: '#333333',
    alignment: 'center',
    spaceBefore: 0,
    spaceAfter: 40,
  },
  coverLine: {
    face: 'regular',
    size: 13,
    lineHeight: 0.9,
    color: '#222222',
    alignment: 'center',
    spaceBefore: 0,
    spaceAfter: 6,
  },
  marking: {
    face: 'heading',
    size: 12,
    lineHeight: 0.8,
    color: '#000000',
    alignment: 'center',
    spaceBefore: 30,
    spaceAfter: 60,
  },
  entry: { face: 'regular', size: 10.5, lineHeight: 0.85, alignment: 'start', spaceBefore: 0, spaceAfter: 6 },
  tocChapter: {
    face: 'heading',
    size: 12.5,
    lineHeight: 0.8,
    color: '#1b2a49',
    alignment: 'start',
    spaceBefore: 8,
    spaceAfter: 2,
  },
  tocSection: {
    face: 'regular',
    size: 10.5,
    lineHeight: 0.8,
    color: '#222222',
    alignment: 'start',
    spaceBefore: 0,
    spaceAfter: 1,
  },
  tableHead: {
    face: 'bold',
    size: 10.5,
    lineHeight: 0.8,
    color: '#1b2a49',
    alignment: 'start',
    spaceBefore: 6,
    spaceAfter: 10,
  },
  tableCell: {
    face: 'regular',
    size: 10.5,
    lineHeight: 0.8,
    color: '#222222',
    alignment: 'start',
    spaceBefore: 0,
    spaceAfter: 0,
  },
  furniture: {
    face: 'regular',
    size: 9,
    lineHeight: 0.8,
    color: '#444444',
    alignment: 'center',
    spaceBefore: 0,
    spaceAfter: 0,
  },
} satisfies Record<string, BlockStyle>;

export type StyleName = keyof typeof STYLES;

export const RULE_COLOR = '#9aa5b8';

/** Contents: page numbers sit in a column at the left (the end side in Arabic), leaders run to them. */
/**
 * Contents: the gap between page numbers and leaders, the least room between a leader and its heading, section indent.
 */
export const CONTENTS = { gap: 4, leaderGap: 4, sectionIndent: 18, leaderColor: '#8a8a8a' };

/** Tables: cell padding (points), rules, the header row's tint. */
export const TABLE = { padding: 5, paddingVertical: 3, headerFill: '#eef1f6', ruleWidth: 0.5, headRuleWidth: 0.9 };
