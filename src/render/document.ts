// Markup tree → pdfmake document definition. Every run of text goes through the RTL line layer;
// pdfmake receives finished lines and only stacks them onto pages.
import type { Digits } from '../model.js';
import type { FontFace } from './fonts.js';
import { layoutParagraph, type PdfLineNode, type Span, type TextStyle } from './layout/index.js';
import type { MarkupElement, MarkupNode } from './markup.js';
import { MEASURE, PAGE, RULE_COLOR, STYLES, type BlockStyle, type FaceRole, type StyleName } from './styles.js';
import { withDigits } from './view.js';

export interface Faces {
  regular: FontFace;
  bold: FontFace;
  heading: FontFace;
}

/** pdfmake family names; the seam maps them back to our faces. */
export const FAMILY = { body: 'Body', heading: 'Heading' } as const;

export interface DocumentOptions {
  faces: Faces;
  kashida: boolean;
  justify: boolean;
  digits: Digits;
  title: string;
  marking: string | null;
}

/** A pdfmake content node; we only ever build these shapes. */
export type PdfNode =
  | PdfLineNode
  | { stack: PdfNode[]; margin?: [number, number, number, number]; unbreakable?: boolean; pageBreak?: 'before' | 'after'; id?: string }
  | { canvas: object[]; margin?: [number, number, number, number] }
  | { columns: { width: number; stack: PdfNode[] }[]; margin?: [number, number, number, number] }
  | { text: ''; pageBreak: 'before' | 'after' };

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
  entry: 'entry',
};

export class DocumentBuilder {
  private readonly styleCache = new Map<string, TextStyle>();

  constructor(private readonly options: DocumentOptions) {}

  textStyle(block: BlockStyle, overrides: { bold?: boolean; link?: string } = {}): TextStyle {
    const role: FaceRole = overrides.bold && block.face === 'regular' ? 'bold' : block.face;
    const key = `${role}|${block.size}|${block.color ?? ''}|${overrides.link ?? ''}`;
    const known = this.styleCache.get(key);
    if (known) return known;
    const style: TextStyle = {
      family: role === 'heading' ? FAMILY.heading : FAMILY.body,
      bold: role === 'bold',
      face: this.options.faces[role],
      fontSize: block.size,
      ...(block.color ? { color: block.color } : {}),
      ...(overrides.link ? { link: overrides.link, color: '#1d4f91' } : {}),
    };
    this.styleCache.set(key, style);
    return style;
  }

  /** Text content of an element as styled spans, whitespace collapsed as in HTML. */
  private spans(node: MarkupNode, block: BlockStyle, inherited: { bold?: boolean; link?: string } = {}): Span[] {
    if (node.type === 'text') {
      const text = node.text.replace(/\s+/g, ' ');
      return text.length > 0 ? [{ text, style: this.textStyle(block, inherited) }] : [];
    }
    const next = { ...inherited };
    if (node.name === 'b') next.bold = true;
    if (node.name === 'a' && node.attributes['href']) next.link = node.attributes['href'];
    return node.children.flatMap((child) => this.spans(child, block, next));
  }

  paragraph(spans: Span[], block: BlockStyle, measure = MEASURE): PdfLineNode[] {
    const alignment = block.alignment === 'justify' && !this.options.justify ? 'start' : block.alignment;
    return layoutParagraph(spans, {
      measure,
      alignment,
      kashida: this.options.kashida && alignment === 'justify',
      lineHeight: block.lineHeight,
    });
  }

  /**
   * A text block. Its first two lines stay together (no orphan at a page foot), and so do its last
   * two (no widow at a page top); `keepWith` (a heading) is kept with the opening lines.
   */
  private textBlock(element: MarkupElement, styleName: StyleName, keepWith: PdfNode[] = []): PdfNode | null {
    const block: BlockStyle = STYLES[styleName];
    let spans = this.spans(element, block);
    if (element.name === 'footnote' && element.attributes['marker']) {
      spans = [{ text: `${element.attributes['marker']} `, style: this.textStyle(block) }, ...spans];
    }
    const inset = block.inset ?? 0;
    const lines = this.paragraph(spans, block, MEASURE - 2 * inset);
    if (lines.length === 0) return keepWith.length > 0 ? { stack: keepWith, unbreakable: true } : null;
    if (lines.length <= 4) {
      return { stack: [...keepWith, { stack: lines, margin: [inset, block.spaceBefore, inset, block.spaceAfter] }], unbreakable: true };
    }
    return {
      stack: [
        { stack: [...keepWith, { stack: lines.slice(0, 2), margin: [inset, block.spaceBefore, inset, 0] }], unbreakable: true },
        { stack: lines.slice(2, -2), margin: [inset, 0, inset, 0] },
        { stack: lines.slice(-2), margin: [inset, 0, inset, block.spaceAfter], unbreakable: true },
      ],
    };
  }

  private rule(): PdfNode {
    return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: MEASURE, y2: 0, lineWidth: 0.6, lineColor: RULE_COLOR }], margin: [0, 2, 0, 10] };
  }

  build(element: MarkupElement): PdfNode[] {
    const out: PdfNode[] = [];
    for (const child of element.children) {
      if (child.type === 'text') continue;
      out.push(...this.node(child));
    }
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
        return [{ stack: this.build(element) }];
      case 'chapter':
      case 'appendix': {
        const node: PdfNode = { stack: this.build(element), pageBreak: 'before' };
        if (element.attributes['id']) node.id = element.attributes['id'];
        return [node];
      }
      case 'section':
        return [this.section(element)];
      case 'pagebreak':
        return [{ text: '', pageBreak: 'after' }];
      default:
        return this.build(element);
    }
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

  /** Running header and footer, drawn through the line layer like everything else. */
  furniture(): { header: (page: number) => PdfNode | null; footer: (page: number, pages: number) => PdfNode | null } {
    const block = STYLES.furniture;
    const { digits, title, marking } = this.options;
    return {
      header: (page) => (page === 1 ? null : { stack: this.paragraph([{ text: title, style: this.textStyle(block) }], block), margin: [PAGE.margins[0], 30, PAGE.margins[2], 0] }),
      // Page number at the start side, the marking at the other end: kept apart so neither a reader
      // nor text extraction runs the number into the marking.
      footer: (page, pages) => {
        if (page === 1) return null;
        const half = MEASURE / 2;
        const number = this.paragraph([{ text: withDigits(`صفحة ${page} من ${pages}`, digits), style: this.textStyle(block) }], { ...block, alignment: 'start' }, half);
        const mark = marking ? this.paragraph([{ text: marking, style: this.textStyle(block) }], { ...block, alignment: 'end' }, half) : [];
        return { columns: [{ width: half, stack: mark }, { width: half, stack: number }], margin: [PAGE.margins[0], 24, PAGE.margins[2], 0] };
      },
    };
  }
}

/** Elements that open a section and must not be left alone at a page foot. */
const LEADING = new Set(['h2', 'h3', 'source']);
