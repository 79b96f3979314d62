// The pack's logical structure, as a tagged PDF states it: a tree of standard structure types
// (ISO 32000-1, 14.8.4) that the document builder grows while it walks the markup (so in reading
// order), and the marks it puts on what it draws — an inline's structure element and its place in
// the reading order, or the kind of artifact it is. Nothing here knows pdfkit: ./tag-content.ts
// writes the tree and the marked content when the pages are drawn.
import type { PdfStandard } from '../../model.js';
import type { MarkupElement } from '../markup.js';

type SourceLocation = MarkupElement['source'];

/** The standard structure types the pack uses. */
export type StructureRole =
  | 'Document'
  | 'Sect'
  | 'Div'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'P'
  | 'BlockQuote'
  | 'Note'
  | 'L'
  | 'LI'
  | 'LBody'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'TOC'
  | 'TOCI'
  | 'Reference'
  | 'Figure'
  | 'Caption';

export interface StructureNode {
  readonly role: StructureRole;
  readonly parent: StructureNode | null;
  readonly children: StructureNode[];
  /** Document: the standards the file claims to meet (see ./standards.ts). */
  standards?: readonly PdfStandard[];
  /** Figure: the text a screen reader says for the image (its caption). */
  alt?: string;
  /** TH: whether it heads a column or a row. */
  scope?: 'Column' | 'Row';
  /** Note: the identifier PDF/UA requires of every note. */
  id?: string;
  /** The template line the element was written at, for a build that cannot meet a standard. */
  source?: SourceLocation;
}

export function structureNode(role: StructureRole, parent: StructureNode | null): StructureNode {
  const node: StructureNode = { role, parent, children: [] };
  parent?.children.push(node);
  return node;
}

/** Running heads and folios (Pagination), rules, fills and leaders (Layout): drawn, not read. */
export interface ArtifactMark {
  readonly kind: 'artifact';
  readonly type: 'Pagination' | 'Layout';
  readonly subtype?: 'Header' | 'Footer' | 'Watermark';
  /** A laid-out run's logical offset in its line's paragraph, so even artifacts are drawn in reading order. */
  readonly order?: number;
}

/** Drawn text or an image that belongs to a structure element. */
export interface ContentMark {
  readonly kind: 'content';
  readonly node: StructureNode;
  /**
   * Its place among the element's contents: the logical offset of the run in its paragraph (a
   * line's runs are drawn left to right, which in Arabic is the reverse of reading order). Lines
   * are read in the order they are drawn.
   */
  readonly order: number;
  /** Read after every other content of its element (a contents entry's page number). */
  readonly last?: boolean;
  /** The language of a run in another script than the document's (Latin text: English). */
  readonly lang?: string;
}

export type InlineMark = ArtifactMark | ContentMark;

/** What a line of the layout is drawn as: content of a structure element, or an artifact. */
export type LineMark = StructureNode | ArtifactMark;

export const HEADER: ArtifactMark = Object.freeze({ kind: 'artifact', type: 'Pagination', subtype: 'Header' });
export const FOOTER: ArtifactMark = Object.freeze({ kind: 'artifact', type: 'Pagination', subtype: 'Footer' });
export const LAYOUT: ArtifactMark = Object.freeze({ kind: 'artifact', type: 'Layout' });
export const WATERMARK: ArtifactMark = Object.freeze({ kind: 'artifact', type: 'Pagination', subtype: 'Watermark' });

export function isArtifact(mark: LineMark): mark is ArtifactMark {
  return 'kind' in mark;
}

/** A run's language when it is not the document's Arabic: Latin letters are taken for English. */
export function runLanguage(text: string, rtl: boolean): string | undefined {
  return !rtl && /\p{Script=Latin}/u.test(text) ? 'en' : undefined;
}

/** A requirement of PDF/UA-1 the pack's structure does not meet, where it comes from. */
export interface StructureProblem {
  readonly message: string;
  readonly source?: SourceLocation;
}

/**
 * What PDF/UA-1 asks of the structure beyond tagging itself: every figure has alternative text and
 * every table a header row (ISO 14289-1, 7.3 and 7.5).
 */
export function accessibilityProblems(root: StructureNode): StructureProblem[] {
  const problems: StructureProblem[] = [];
  const visit = (node: StructureNode): void => {
    if (node.role === 'Figure' && !node.alt?.trim())
      problems.push({
        message: 'a figure has no caption to serve as its alternative text (PDF/UA-1 7.3)',
        ...at(node),
      });
    if (node.role === 'Table' && !node.children.some((row) => row.children.some((cell) => cell.role === 'TH')))
      problems.push({ message: 'a table has no header row (<th> cells) (PDF/UA-1 7.5)', ...at(node) });
    node.children.forEach(visit);
  };
  visit(root);
  return problems;
}

function at(node: StructureNode): { source?: SourceLocation } {
  return node.source ? { source: node.source } : {};
}
