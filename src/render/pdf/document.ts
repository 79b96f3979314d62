// Markup tree → pdfmake document definition. Every run of text goes through the RTL line layer;
// pdfmake receives finished lines and only stacks them onto pages.
import { readFileSync } from 'node:fs';
import { UserError } from '../../errors.js';
import { detachedString } from '../../shared/kept-between-builds.js';
import type { Digits } from '../../model.js';
import type { FontFace } from '../fonts.js';
import { layoutLines, measureSpans, type Alignment, type Span, type TextStyle } from '../layout/index.js';
import { layoutParagraph, toPdfLine, type PdfInline, type PdfLineNode } from './lines.js';
import { shapeWords, widthInPoints } from '../layout/shape.js';
import type { MarkupElement, MarkupNode } from '../markup.js';
import { ARABIC_DIGITS_TAG, LTR_TAG } from '../layout/tags.js';
import {
  CONTENTS,
  RULE_COLOR,
  STYLES,
  TABLE,
  type BlockStyle,
  type FaceRole,
  type PageGeometry,
  type StyleName,
} from '../styles.js';
import { withDigits } from '../view.js';
import {
  FOOTER,
  HEADER,
  LAYOUT,
  structureNode,
  type ContentMark,
  type LineMark,
  type StructureNode,
  type StructureRole,
} from './structure.js';

export interface Faces {
  regular: FontFace;
  bold: FontFace;
  heading: FontFace;
  /** Faces for characters the Arabic ones lack, opened on first use (null: no fallback configured). */
  fallback: (bold: boolean) => FontFace | null;
}

/** pdfmake family names; the seam maps them back to our faces. */
export const FAMILY = { body: 'Body', heading: 'Heading', fallback: 'Fallback' } as const;

export interface DocumentOptions {
  faces: Faces;
  kashida: boolean;
  /** With kashida, the most words of a line that are elongated. */
  kashidaPerLine: number;
  justify: boolean;
  digits: Digits;
  title: string;
  marking: string | null;
  page: PageGeometry;
  /** Printed on both sides: every division (contents, chapters, appendices) opens on an odd page. */
  duplex: boolean;
  /** The images the ingest stage found saved with the articles: the only files <img> may draw. */
  images: ReadonlySet<string>;
}

/** What pdfmake leaves on a node after layout (the same objects we hand it: it lays them out in place). */
interface LaidOut {
  positions?: { pageNumber: number }[];
}

/** A top-level division and the line it starts with (its position gives the division's first page). */
interface Division {
  title: string;
  firstLine: LaidOut;
}

/** A pdfmake content node; we only ever build these shapes. */
export type PdfNode =
  | PdfLineNode
  | {
      stack: PdfNode[];
      margin?: [number, number, number, number];
      unbreakable?: boolean;
      pageBreak?: 'before' | 'after' | 'beforeEven';
      id?: string;
    }
  | { canvas: object[]; margin?: [number, number, number, number] }
  | { columns: PdfColumn[]; columnGap?: number; margin?: [number, number, number, number]; unbreakable?: boolean }
  | {
      table: { headerRows: number; widths: number[]; body: PdfNode[][]; dontBreakRows: boolean };
      layout: PdfTableLayout;
      margin?: [number, number, number, number];
    }
  | { text: ''; pageBreak: 'before' | 'after' }
  | {
      image: string;
      fit: [number, number];
      alignment: 'center';
      margin?: [number, number, number, number];
      mark?: ContentMark;
    };

type PdfColumn =
  | { width: number | '*'; stack: PdfNode[]; margin?: [number, number, number, number] }
  | {
      width: number;
      text: PdfPageReference[];
      alignment: 'left';
      noWrap: true;
      margin?: [number, number, number, number];
    };

/** An inline pdfmake fills with the page number of a destination once pages are known. */
interface PdfPageReference extends Omit<PdfInline, 'text'> {
  pageReference: string;
}

interface PdfTableLayout {
  hLineWidth: (index: number, node: { table: { body: unknown[] } }) => number;
  vLineWidth: () => number;
  hLineColor: () => string;
  paddingLeft: () => number;
  paddingRight: () => number;
  paddingTop: () => number;
  paddingBottom: () => number;
  fillColor: (row: number) => string | null;
}

/** A heading listed in the contents. */
interface ContentsEntry {
  id: string;
  level: 1 | 2;
  heading: MarkupElement;
}

const ELEMENT_STYLE: Record<string, StyleName> = {
  title: 'coverTitle',
  subtitle: 'coverSubtitle',
  line: 'coverLine',
  marking: 'marking',
  h1: 'h1',
  h2: 'h2',
  h3: 'h3',
  p: 'body',
  intro: 'intro',
  source: 'source',
  blockquote: 'quote',
  figcaption: 'figcaption',
  footnote: 'footnote',
  li: 'listItem',
  entry: 'entry',
};

interface StyleOverrides {
  bold?: boolean;
  /** A citation inside running text: set in the muted colour of source lines. */
  cite?: boolean;
  link?: string;
  /** Internal link to a destination id. */
  goTo?: string;
}

export class DocumentBuilder {
  private readonly styleCache = new Map<string, TextStyle>();
  /** Headings with an id, in document order: what <toc/> lists. Filled by build(). */
  private contents: ContentsEntry[] = [];
  private readonly divisions: Division[] = [];
  /** The pack's content as handed to pdfmake (laid out in place: its nodes learn their pages). */
  private root: PdfNode[] = [];
  /** Pages that carry any text, worked out once the layout is done (see isBlank). */
  private textPages: Set<number> | null = null;
  /** The bookmark an h2 hangs under: the last h1's. */
  private outlineParent: string | null = null;
  private outlineCount = 0;
  /** Pages in the laid-out document, known once pdfmake has drawn a footer. */
  pageCount = 0;
  /** The pack's logical structure (for a tagged PDF), grown in reading order as build() walks the markup. */
  readonly structure: StructureNode = structureNode('Document', null);
  /** The structure element new elements go into. */
  private parent: StructureNode = this.structure;
  /** The level of the last heading, so that a heading never skips one (an h3 straight after an h1 is H2). */
  private headingLevel = 0;
  private noteCount = 0;

  constructor(private readonly options: DocumentOptions) {}

  private get measure(): number {
    return this.options.page.measure;
  }

  textStyle(block: BlockStyle, overrides: StyleOverrides = {}): TextStyle {
    const role: FaceRole = overrides.bold && block.face === 'regular' ? 'bold' : block.face;
    const color = overrides.cite ? STYLES.source.color : block.color;
    const key = `${role}|${block.size}|${color ?? ''}|${overrides.link ?? ''}|${overrides.goTo ?? ''}`;
    const known = this.styleCache.get(key);
    if (known) return known;
    // Styles outlive the build under watch (its kept lines hold them): nothing in them may lead back
    // to this builder or to the template output (a link's address is a substring of it).
    const style: TextStyle = {
      family: role === 'heading' ? FAMILY.heading : FAMILY.body,
      bold: role === 'bold',
      face: this.options.faces[role],
      fontSize: block.size,
      ...(color ? { color } : {}),
      ...(overrides.link ? { link: detachedString(overrides.link), color: '#1d4f91' } : {}),
      ...(overrides.goTo ? { linkToDestination: detachedString(overrides.goTo) } : {}),
    };
    const openFallback = this.options.faces.fallback;
    let fallback: TextStyle | null | undefined;
    const withFallback: TextStyle = {
      ...style,
      fallback: () => {
        if (fallback !== undefined) return fallback;
        const face = openFallback(role !== 'regular');
        fallback = face ? { ...style, family: FAMILY.fallback, bold: role !== 'regular', face } : null;
        return fallback;
      },
    };
    this.styleCache.set(key, withFallback);
    return withFallback;
  }

  /** Text content of an element as styled spans, whitespace collapsed as in HTML. */
  private spans(node: MarkupNode, block: BlockStyle, inherited: StyleOverrides = {}): Span[] {
    if (node.type === 'text') {
      const text = closeUpPunctuation(node.text.replace(/\s+/g, ' '));
      return text.length > 0 ? [{ text, style: this.textStyle(block, inherited) }] : [];
    }
    const next = { ...inherited };
    if (node.name === 'b') next.bold = true;
    if (node.name === 'cite') next.cite = true;
    // Only web and mail links become PDF link actions: a «javascript:» or «file:» address stays text.
    if (node.name === 'a' && node.attributes['href'] && SAFE_LINK.test(node.attributes['href']))
      next.link = node.attributes['href'];
    return node.children.flatMap((child) => this.spans(child, block, next));
  }

  paragraph(spans: Span[], block: BlockStyle, measure: number, mark: LineMark): PdfLineNode[] {
    const alignment = block.alignment === 'justify' && !this.options.justify ? 'start' : block.alignment;
    return layoutParagraph(
      spans,
      {
        measure,
        alignment,
        kashida: this.options.kashida && alignment === 'justify',
        kashidaPerLine: this.options.kashidaPerLine,
        lineHeight: block.lineHeight,
      },
      mark,
    );
  }

  /** Runs `fill` with `node` as the parent of the structure elements it makes. */
  private inside<T>(node: StructureNode, fill: () => T): T {
    const outer = this.parent;
    this.parent = node;
    try {
      return fill();
    } finally {
      this.parent = outer;
    }
  }

  private element(role: StructureRole, from?: MarkupElement): StructureNode {
    const node = structureNode(role, this.parent);
    if (from) node.source = from.source;
    return node;
  }

  /** The structure element a text block's lines belong to (for a list item, its body). */
  private blockElement(element: MarkupElement): StructureNode {
    switch (element.name) {
      case 'title':
        return this.heading(1, element);
      case 'h1':
      case 'h2':
      case 'h3':
        return this.heading(Number(element.name[1]), element);
      case 'blockquote':
        return this.element('BlockQuote', element);
      case 'footnote': {
        const note = this.element('Note', element);
        note.id = `note-${++this.noteCount}`;
        return note;
      }
      case 'li':
        return this.inside(this.element('LI', element), () => this.element('LBody', element));
      case 'figcaption':
        return this.element(this.parent.role === 'Figure' ? 'Caption' : 'P', element);
      default:
        return this.element('P', element);
    }
  }

  private heading(level: number, element: MarkupElement): StructureNode {
    this.headingLevel = Math.min(level, this.headingLevel + 1);
    return this.element(`H${this.headingLevel}` as 'H1' | 'H2' | 'H3', element);
  }

  /** Drops a structure element that turned out to have nothing drawn (a block with no lines). */
  private discard(node: StructureNode): void {
    const parent = node.parent;
    if (!parent) return;
    parent.children.splice(parent.children.indexOf(node), 1);
    // A list item's body goes with its item.
    if (parent.children.length === 0 && parent.role === 'LI') this.discard(parent);
  }

  /**
   * A text block. Its first two lines stay together (no orphan at a page foot), and so do its last
   * two (no widow at a page top); `keepWith` (a heading) is kept with the opening lines.
   */
  private textBlock(element: MarkupElement, styleName: StyleName, keepWith: PdfNode[] = []): PdfNode | null {
    const block: BlockStyle = coverSpacing(STYLES[styleName], styleName, this.options.page);
    let spans = this.spans(element, block);
    // A list item opens with its bullet, at the start (right) of its first line.
    if (element.name === 'li') spans = [{ text: '• ', style: this.textStyle(block) }, ...spans];
    if (element.name === 'footnote' && element.attributes['marker']) {
      spans = [{ text: `${element.attributes['marker']} `, style: this.textStyle(block) }, ...spans];
    }
    const inset = block.inset ?? 0;
    const structure = this.blockElement(element);
    const lines = this.paragraph(spans, block, this.measure - 2 * inset, structure);
    if (lines.length === 0) this.discard(structure);
    const id = element.attributes['id'];
    if (lines[0] && (element.name === 'h1' || element.name === 'h2')) lines[0] = this.bookmarked(lines[0], element, id);
    else if (id && lines[0]) lines[0] = { ...lines[0], id };
    if (lines.length === 0) return keepWith.length > 0 ? { stack: keepWith, unbreakable: true } : null;
    if (lines.length <= 4) {
      return {
        stack: [...keepWith, { stack: lines, margin: [inset, block.spaceBefore, inset, block.spaceAfter] }],
        unbreakable: true,
      };
    }
    return {
      stack: [
        {
          stack: [...keepWith, { stack: lines.slice(0, 2), margin: [inset, block.spaceBefore, inset, 0] }],
          unbreakable: true,
        },
        { stack: lines.slice(2, -2), margin: [inset, 0, inset, 0] },
        { stack: lines.slice(-2), margin: [inset, 0, inset, block.spaceAfter], unbreakable: true },
      ],
    };
  }

  /**
   * A heading's first line as a bookmark (PDF outline): h1 at the top level, h2 under the last h1.
   * The bookmark's text is the heading in logical order; viewers apply the bidi algorithm to it.
   */
  private bookmarked(line: PdfLineNode, heading: MarkupElement, id: string | undefined): PdfLineNode {
    const outlineId = id ?? `outline:${++this.outlineCount}`;
    const parent = heading.name === 'h2' ? this.outlineParent : null;
    if (heading.name === 'h1') this.outlineParent = outlineId;
    return {
      ...line,
      id: outlineId,
      outline: true,
      outlineText: plainText(heading),
      ...(parent ? { outlineParentId: parent } : {}),
    };
  }

  private rule(): PdfNode {
    return {
      canvas: [{ type: 'line', x1: 0, y1: 0, x2: this.measure, y2: 0, lineWidth: 0.6, lineColor: RULE_COLOR }],
      margin: [0, 2, 0, 10],
    };
  }

  /** A division (contents, chapter, appendix) on a new page — an odd one when printing duplex. */
  private division(element: MarkupElement): PdfNode[] {
    const children = this.inside(this.element('Sect', element), () => this.children(element));
    // Duplex: on the next odd page, a blank one between if need be, in pdfmake's one layout pass.
    // pdfmake names page breaks by its 0-based page index: 'beforeEven' lands on page 1, 3, 5 …
    // (test/pack.test.ts reads the pages back).
    const node: PdfNode = { stack: children, pageBreak: this.options.duplex ? 'beforeEven' : 'before' };
    if (element.attributes['id']) node.id = element.attributes['id'];
    const heading = element.children.find((c): c is MarkupElement => c.type === 'element' && c.name === 'h1');
    const firstLine = firstLeaf(children);
    if (firstLine) this.divisions.push({ title: heading ? plainText(heading) : '', firstLine });
    return [node];
  }

  /**
   * Pages left blank so a division opens on an odd page: no running head, no folio. pdfmake calls
   * the header and footer functions once every node has its pages, so the first call finds them.
   */
  private isBlank(page: number): boolean {
    this.textPages ??= pagesWithText(this.root);
    return !this.textPages.has(page);
  }

  /** Whether a division (chapter, appendix, contents) opens on this page. */
  private opensDivision(page: number): boolean {
    return this.divisions.some((division) => division.firstLine.positions?.[0]?.pageNumber === page);
  }

  /** The title of the division a page belongs to, for the running head. */
  private divisionTitle(page: number): string {
    let title = '';
    for (const division of this.divisions) {
      const start = division.firstLine.positions?.[0]?.pageNumber;
      if (start !== undefined && start <= page) title = division.title;
    }
    return title;
  }

  /** The pack's content. Headings with an id are collected first, so <toc/> can list later ones. */
  build(pack: MarkupElement): PdfNode[] {
    this.contents = collectContents(pack);
    this.root = this.children(pack);
    return this.root;
  }

  /**
   * The nodes of an element's children. A heading, source line or caption is never left at a page
   * foot: it is kept with the opening lines of the text block that follows it, in every division
   * (chapters, the summary, appendices) as in sections.
   */
  private children(element: MarkupElement): PdfNode[] {
    const out: PdfNode[] = [];
    let kept: PdfNode[] = [];
    for (const child of element.children) {
      if (child.type === 'text') continue;
      if (KEEP_WITH_NEXT.has(child.name)) {
        kept.push(...this.node(child));
        continue;
      }
      const styleName = ELEMENT_STYLE[child.name];
      if (kept.length > 0 && styleName) {
        const block = this.textBlock(child, styleName, kept);
        if (block) out.push(block);
      } else {
        out.push(...kept, ...this.node(child));
      }
      kept = [];
    }
    out.push(...kept);
    return out;
  }

  private node(element: MarkupElement): PdfNode[] {
    const styleName = ELEMENT_STYLE[element.name];
    if (styleName) {
      const block = this.textBlock(element, styleName);
      if (!block) return [];
      return element.name === 'h1' ? [block, this.rule()] : [block];
    }
    switch (element.name) {
      case 'cover':
        return [{ stack: this.inside(this.element('Div', element), () => this.children(element)) }];
      case 'chapter':
      case 'appendix':
      case 'contents':
        return this.division(element);
      case 'section':
        return [this.inside(this.element('Sect', element), () => this.section(element))];
      case 'pagebreak':
        return [{ text: '', pageBreak: 'after' }];
      case 'toc':
        return this.inside(this.element('TOC', element), () => this.contents.map((entry) => this.contentsEntry(entry)));
      case 'ul':
        return this.inside(this.element('L', element), () => this.children(element));
      case 'table':
        return [this.table(element)];
      case 'figure':
        return this.figure(element);
      case 'img':
        // An image outside a figure is a figure of its own, with no caption.
        return this.parent.role === 'Figure'
          ? [this.image(element, this.parent)]
          : this.inside(this.element('Figure', element), () => [this.image(element, this.parent)]);
      default:
        return this.children(element);
    }
  }

  /** A figure: its image and caption on one page; a caption alone is set as it is. */
  private figure(element: MarkupElement): PdfNode[] {
    const hasImage = element.children.some((c) => c.type === 'element' && c.name === 'img');
    if (!hasImage) return this.children(element);
    // Its caption is what a screen reader says for the image (and the caption is not read again).
    const figure = this.element('Figure', element);
    const caption = element.children.find((c): c is MarkupElement => c.type === 'element' && c.name === 'figcaption');
    if (caption && plainText(caption)) figure.alt = plainText(caption);
    const children = this.inside(figure, () => this.children(element));
    return [{ stack: children, unbreakable: true, margin: [0, 4, 0, 2] }];
  }

  /**
   * An image saved with an article, scaled to fit the measure and at most half the page's height,
   * embedded from its bytes (pdfmake reads no file itself). A template can name no other file.
   */
  private image(element: MarkupElement, figure: StructureNode): PdfNode {
    const source = element.attributes['src'] ?? '';
    if (!this.options.images.has(source))
      throw new UserError(`<img src="${source}">: only an image saved with an article can be drawn`, element.source);
    const bytes = readFileSync(source);
    const type = bytes[0] === 0x89 ? 'image/png' : 'image/jpeg';
    const { page } = this.options;
    return {
      image: `data:${type};base64,${bytes.toString('base64')}`,
      fit: [this.measure, (page.height - page.margins[1] - page.margins[3]) / 2],
      alignment: 'center',
      margin: [0, 2, 0, 4],
      mark: { kind: 'content', node: figure, order: 0 },
    };
  }

  /** A section keeps its heading and source line with the opening lines of its first block. */
  private section(element: MarkupElement): PdfNode {
    const children = element.children.filter((c): c is MarkupElement => c.type === 'element');
    const leading: PdfNode[] = [];
    let i = 0;
    while (i < children.length && LEADING.has(children[i]!.name)) leading.push(...this.node(children[i++]!));
    const out: PdfNode[] = [];
    const first = children[i];
    const firstStyle = first ? ELEMENT_STYLE[first.name] : undefined;
    if (first && firstStyle) {
      const block = this.textBlock(first, firstStyle, leading);
      if (block) out.push(block);
      i++;
    } else if (leading.length > 0) {
      out.push({ stack: leading, unbreakable: true });
    }
    for (; i < children.length; i++) out.push(...this.node(children[i]!));
    return { stack: out, margin: [0, 0, 0, 6] };
  }

  /**
   * One contents entry: the heading's lines (through the line layer, linked to the heading) at the
   * right, a dotted leader from its last line to the page number in a column at the left. pdfmake
   * writes the number once pages are known (pageReference); the seam gives it the configured digits.
   */
  private contentsEntry(entry: ContentsEntry): PdfNode {
    const block = entry.level === 1 ? STYLES.tocChapter : STYLES.tocSection;
    const indent = entry.level === 1 ? 0 : CONTENTS.sectionIndent;
    const numberWidth = this.contentsNumberWidth();
    const measure = this.measure - numberWidth - CONTENTS.gap - indent;
    const spans = this.spans(entry.heading, block, { goTo: entry.id });
    const visual = layoutLines(spans, { measure, alignment: 'start' });
    const reference = this.inside(this.element('TOCI'), () => this.element('Reference'));
    const lines = visual.map((line) => toPdfLine(line, block.lineHeight, reference));
    const style = this.textStyle(block);
    const last = visual.at(-1);
    if (last && lines.length > 0) {
      const leader = this.leader(style, measure - last.width);
      if (leader)
        lines[lines.length - 1] = { ...lines[lines.length - 1]!, text: [...leader, ...lines[lines.length - 1]!.text] };
    }
    const face = style.face;
    const lineAdvance = ((face.ascent - face.descent) / face.unitsPerEm) * block.size * block.lineHeight;
    const number: PdfPageReference = {
      pageReference: entry.id,
      font: style.family,
      bold: style.bold,
      fontSize: style.fontSize,
      fontFeatures: this.options.digits === 'arabic-indic' ? [LTR_TAG, ARABIC_DIGITS_TAG] : [LTR_TAG],
      ...(style.color ? { color: style.color } : {}),
      mark: { kind: 'content', node: reference, order: 0, last: true },
    };
    return {
      columns: [
        // Level with the entry's last line, where the leader ends.
        {
          width: numberWidth,
          text: [number],
          alignment: 'left',
          noWrap: true,
          margin: [0, Math.max(0, lines.length - 1) * lineAdvance, 0, 0],
        },
        { width: '*', stack: lines, margin: [0, 0, indent, 0] },
      ],
      columnGap: CONTENTS.gap,
      margin: [0, block.spaceBefore, 0, block.spaceAfter],
      unbreakable: true,
    };
  }

  /** The page-number column of the contents: as wide as a three-digit number in the chapter style. */
  private contentsNumberWidth(): number {
    const style = this.textStyle(STYLES.tocChapter);
    const digits = this.options.digits === 'arabic-indic' ? '\u0668\u0668\u0668' : '888';
    return Math.ceil(widthInPoints(style.face, shapeWords(style.face, digits, 'ltr'), style.fontSize));
  }

  /**
   * A dotted leader from the page-number column to the entry's heading (`width` is the room left of
   * the heading). Every entry's dots are of one size and stand on one grid that starts at the
   * column's edge, so they line up from row to row and run up to the numbers; a spacer takes the
   * part of a dot step left before the heading. Null if there is no room for a few dots.
   */
  private leader(entryStyle: TextStyle, width: number): PdfInline[] | null {
    const style = this.textStyle(STYLES.tocSection);
    const unit = widthInPoints(style.face, shapeWords(style.face, CONTENTS_LEADER, 'ltr'), style.fontSize);
    const count = Math.floor((width - CONTENTS.leaderGap) / unit);
    if (count < 2) return null;
    const dots: PdfInline = {
      text: CONTENTS_LEADER.repeat(count),
      laidOutWidth: count * unit,
      font: style.family,
      bold: false,
      fontSize: style.fontSize,
      fontFeatures: [LTR_TAG],
      color: CONTENTS.leaderColor,
      mark: LAYOUT,
    };
    const spacer: PdfInline = {
      text: ' ',
      laidOutWidth: width - count * unit,
      font: entryStyle.family,
      bold: entryStyle.bold,
      fontSize: entryStyle.fontSize,
      fontFeatures: [LTR_TAG],
      mark: LAYOUT,
    };
    return [dots, spacer];
  }

  /**
   * A table: columns sized from their cells' min- and max-content widths (as a browser's automatic
   * table layout does) to fill the measure, every cell laid out by the line layer at its column's
   * width, the first column at the right. pdfmake only places the finished cells.
   */
  private table(element: MarkupElement): PdfNode {
    const table = this.element('Table', element);
    const rows = element.children.filter((c): c is MarkupElement => c.type === 'element' && c.name === 'tr');
    const grid = rows.map((row) => {
      const cells = row.children.filter(
        (c): c is MarkupElement => c.type === 'element' && (c.name === 'th' || c.name === 'td'),
      );
      const rowElement = structureNode('TR', table);
      // A header cell heads its column in a row of header cells, else its row.
      const headerRow = cells.every((cell) => cell.name === 'th');
      return cells.map((cell) => {
        const block: BlockStyle = {
          ...(cell.name === 'th' ? STYLES.tableHead : STYLES.tableCell),
          alignment: cellAlignment(cell),
        };
        const structure = structureNode(cell.name === 'th' ? 'TH' : 'TD', rowElement);
        if (cell.name === 'th') structure.scope = headerRow ? 'Column' : 'Row';
        return { spans: this.spans(cell, block), block, header: cell.name === 'th', structure };
      });
    });
    const columns = Math.max(0, ...grid.map((row) => row.length));
    if (columns === 0) throw new UserError('<table> without cells', element.source);
    const minContent = new Array<number>(columns).fill(0);
    const maxContent = new Array<number>(columns).fill(0);
    for (const row of grid) {
      row.forEach((cell, c) => {
        const widths = measureSpans(cell.spans);
        minContent[c] = Math.max(minContent[c]!, widths.minContent);
        maxContent[c] = Math.max(maxContent[c]!, widths.maxContent);
      });
    }
    const widths = distributeColumns(minContent, maxContent, this.measure - columns * 2 * TABLE.padding);
    const headerRows = grid.findIndex((row) => !row.every((cell) => cell.header));
    const body: PdfNode[][] = grid.map((row) => {
      const cells: PdfNode[] = widths.map((width, c) => {
        const cell = row[c];
        return { stack: cell ? this.paragraph(cell.spans, cell.block, width, cell.structure) : [] };
      });
      return cells.reverse();
    });
    const heads = headerRows < 0 ? grid.length : headerRows;
    return {
      table: { headerRows: heads, widths: [...widths].reverse(), body, dontBreakRows: true },
      layout: {
        hLineWidth: (index, node) =>
          index === 0 || index === node.table.body.length
            ? TABLE.headRuleWidth
            : index === heads
              ? TABLE.headRuleWidth
              : TABLE.ruleWidth,
        vLineWidth: () => 0,
        hLineColor: () => RULE_COLOR,
        paddingLeft: () => TABLE.padding,
        paddingRight: () => TABLE.padding,
        paddingTop: () => TABLE.paddingVertical,
        paddingBottom: () => TABLE.paddingVertical,
        fillColor: (row) => (row < heads ? TABLE.headerFill : null),
      },
      margin: [0, STYLES.tableHead.spaceBefore, 0, STYLES.tableHead.spaceAfter],
    };
  }

  /** Running header and footer, drawn through the line layer like everything else. */
  furniture(): { header: (page: number) => PdfNode | null; footer: (page: number, pages: number) => PdfNode | null } {
    const block = STYLES.furniture;
    const { digits, title, marking, page: geometry } = this.options;
    const margin: [number, number, number, number] = [geometry.margins[0], 0, geometry.margins[2], 0];
    return {
      // Running head: «pack title · division title», centred; none on the cover, a blank page or
      // the page a division opens on (its own heading stands there).
      header: (page) => {
        if (page === 1 || this.isBlank(page) || this.opensDivision(page)) return null;
        const division = this.divisionTitle(page);
        const text = division ? `${title} · ${division}` : title;
        return {
          stack: this.paragraph([{ text, style: this.textStyle(block) }], block, this.measure, HEADER),
          margin: [margin[0], 30, margin[2], 0],
        };
      },
      // The folio on the page's outer edge, the marking at the other end: kept apart so neither a
      // reader nor text extraction runs the number into the marking. A right-to-left book is bound
      // on the right, so its odd (recto) pages lie left of the spine: their outer edge is the left.
      // Printed one-sided, every page is a recto.
      footer: (page, pages) => {
        this.pageCount = pages;
        if (page === 1 || this.isBlank(page)) return null;
        const half = this.measure / 2;
        const outerLeft = !this.options.duplex || page % 2 === 1;
        const number = this.paragraph(
          [{ text: withDigits(`صفحة ${page} من ${pages}`, digits), style: this.textStyle(block) }],
          { ...block, alignment: outerLeft ? 'left' : 'right' },
          half,
          FOOTER,
        );
        const mark = marking
          ? this.paragraph(
              [{ text: marking, style: this.textStyle(block) }],
              { ...block, alignment: outerLeft ? 'right' : 'left' },
              half,
              FOOTER,
            )
          : [];
        const columns: PdfColumn[] = outerLeft
          ? [
              { width: half, stack: number },
              { width: half, stack: mark },
            ]
          : [
              { width: half, stack: mark },
              { width: half, stack: number },
            ];
        return { columns, margin: [margin[0], 24, margin[2], 0] };
      },
    };
  }
}

/** The text of an element, whitespace collapsed: for bookmarks and running heads. */
/** The pages any text of the laid-out content is on (pdfmake records each node's positions). */
function pagesWithText(nodes: readonly unknown[]): Set<number> {
  const pages = new Set<number>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as {
      text?: unknown;
      positions?: { pageNumber: number }[];
      stack?: unknown;
      columns?: unknown;
      table?: { body?: unknown };
    };
    if (record.text !== undefined && record.text !== '')
      for (const position of record.positions ?? []) pages.add(position.pageNumber);
    if (record.stack) visit(record.stack);
    if (record.columns) visit(record.columns);
    if (record.table?.body) visit(record.table.body);
  };
  visit(nodes);
  return pages;
}

function plainText(node: MarkupNode): string {
  const raw = node.type === 'text' ? node.text : node.children.map(plainText).join('');
  return node.type === 'text' ? raw : raw.replace(/\s+/g, ' ').trim();
}

/** The first line node in a list of nodes (depth first). */
function firstLeaf(nodes: readonly PdfNode[]): LaidOut | null {
  for (const node of nodes) {
    if ('stack' in node) {
      const inner = firstLeaf(node.stack);
      if (inner) return inner;
    } else if ('text' in node && node.text !== '') return node as LaidOut;
  }
  return null;
}

/**
 * Spaces a source puts before closing punctuation («السلطة .», «قال :») or after opening
 * punctuation («( »), closed up as a typesetter would: a line must never start with a full stop.
 * Runs of dots («. . .») are left as they are.
 */
export function closeUpPunctuation(text: string): string {
  return text
    .replace(/(?<=[^\s.]) +(?=[.,:;!?\u060C\u061B\u061F)\]}\u00BB](?:[\s\u00A0]|$)(?!\s*\.))/g, '')
    .replace(/([([{\u00AB]) +(?=\S)/g, '$1');
}

/** The links a pack may carry: http, https and mailto. */
export const SAFE_LINK = /^(?:https?:\/\/|mailto:)/i;

/** One step of a contents leader. */
const CONTENTS_LEADER = '. ';

/** Elements that open a section and must not be left alone at a page foot. */
const LEADING = new Set(['h2', 'h3', 'source']);
/** Elements that stay on the page of the block after them. */
const KEEP_WITH_NEXT = new Set(['h1', 'h2', 'h3', 'source', 'figcaption']);

/** h1 and h2 elements with an id, in document order. Ids must be unique: they are link targets. */
function collectContents(pack: MarkupElement): ContentsEntry[] {
  const entries: ContentsEntry[] = [];
  const seen = new Set<string>();
  const visit = (element: MarkupElement): void => {
    const id = element.attributes['id'];
    // A heading with nothing visible (a source heading of bidi controls only) sets no line to link to.
    if ((element.name === 'h1' || element.name === 'h2') && id && /[\p{L}\p{N}\p{P}\p{S}]/u.test(plainText(element))) {
      if (seen.has(id)) throw new UserError(`two headings with id "${id}"`, element.source);
      seen.add(id);
      entries.push({ id, level: element.name === 'h1' ? 1 : 2, heading: element });
    }
    for (const child of element.children) if (child.type === 'element') visit(child);
  };
  visit(pack);
  return entries;
}

function cellAlignment(cell: MarkupElement): Alignment {
  const align = cell.attributes['align'];
  return align === 'center' || align === 'end' ? align : 'start';
}

/**
 * Column widths that fill `available`: every column gets its max-content width when they all fit
 * (the rest shared in proportion), else its min-content width plus a share of what is left in
 * proportion to how much it would still grow.
 */
export function distributeColumns(
  minContent: readonly number[],
  maxContent: readonly number[],
  available: number,
): number[] {
  const sumMax = maxContent.reduce((a, b) => a + b, 0);
  const sumMin = minContent.reduce((a, b) => a + b, 0);
  const count = maxContent.length;
  if (sumMax <= available)
    return maxContent.map((w) => w + (available - sumMax) * (sumMax > 0 ? w / sumMax : 1 / count));
  if (sumMin >= available) return minContent.map((w) => (sumMin > 0 ? (w * available) / sumMin : available / count));
  const flex = sumMax - sumMin;
  return minContent.map((w, i) => w + ((available - sumMin) * (maxContent[i]! - w)) / flex);
}

/**
 * The cover's generous vertical spacing is set for A4; on smaller paper (A5, and so a booklet) it
 * shrinks with the page height so the cover, marking and themes table still fit on one page.
 */
function coverSpacing(block: BlockStyle, styleName: StyleName, page: PageGeometry): BlockStyle {
  if (!(styleName.startsWith('cover') || styleName === 'marking')) return block;
  const scale = Math.min(1, page.height / 841.89);
  return scale === 1
    ? block
    : { ...block, spaceBefore: block.spaceBefore * scale * scale, spaceAfter: block.spaceAfter * scale * scale };
}
