// CORRECTNESS. A tagged PDF: marked content around everything pdfmake draws and the structure tree
// that gives it its roles and reading order. pdfmake passes `tagged` to pdfkit but marks nothing, so
// this wraps the four methods of pdfmake's Renderer that draw (renderLine, renderVector, renderImage,
// renderWatermark), the text fragment of each run, and the document's end:
//   - each run of a line is drawn inside /P <</MCID n>> BDC … EMC (its element's role; a Latin run
//     as /Span with /Lang), and a run that is a link gets a Link element holding the run and its
//     annotation;
//   - running heads, folios, leaders, rules, fills and the watermark are /Artifact;
//   - a line's runs, which pdfmake holds left to right (in Arabic the reverse of reading order), are
//     drawn and listed in reading order, by their logical offset (ContentMark.order);
//   - at the end the tree (./structure.ts, grown by the document builder in reading order) is
//     written with each element's marked content in that order.
// Active only when the document is tagged (pdfmake's `tagged: true`); otherwise every method is
// pdfmake's own and the bytes are those of an untagged build.
import { createRequire } from 'node:module';
import { writeStandards } from './standards.js';
import type { PdfKitTextDocument } from './fragment.js';
import type { PdfDocumentClass } from './types.js';
import {
  LAYOUT,
  WATERMARK,
  type ArtifactMark,
  type ContentMark,
  type InlineMark,
  type StructureNode,
} from './structure.js';

/** A pdfkit indirect object (PDFReference), as far as we build them. */
export interface PdfRef {
  data: Record<string, unknown>;
  end(): void;
}

/** pdfkit's document, as far as tagging touches it. */
export interface TaggableDocument {
  page: { dictionary: PdfRef; structParentTreeKey: number };
  info: Record<string, unknown>;
  hasMarkInfoDictionary(): boolean;
  addContent(data: string): unknown;
  ref(data?: Record<string, unknown>): PdfRef;
  getStructTreeRoot(): PdfRef;
  getStructParentTree(): { get(key: unknown): (PdfRef | null)[]; add(key: number, value: unknown): unknown };
  createStructParentTreeNextKey(): number;
  appendXML(xml: string, newline?: boolean): void;
  _addInfo?: () => void;
  end(): unknown;
}

/** One run or image drawn inside marked content: where, and what it is in its element. */
interface Drawn {
  page: PdfRef;
  mcid: number;
}

/** A Link element made for a run that is a link: the run's marked content and its annotation. */
interface LinkElement {
  ref: PdfRef;
  drawn: Drawn | null;
  annotations: { ref: PdfRef; page: PdfRef }[];
}

interface Content {
  drawn: Drawn;
  /** The line it was drawn in (lines are read in the order they are drawn). */
  line: number;
  order: number;
  last: boolean;
  link: LinkElement | null;
}

/** One document being drawn: the marked content of each structure element so far. */
class TaggingSession {
  readonly contents = new Map<StructureNode, Content[]>();
  root: StructureNode | null = null;
  lines = 0;

  record(mark: ContentMark, drawn: Drawn, line: number, link: LinkElement | null): void {
    if (this.root === null) {
      let root = mark.node;
      while (root.parent) root = root.parent;
      this.root = root;
    }
    let list = this.contents.get(mark.node);
    if (!list) this.contents.set(mark.node, (list = []));
    list.push({ drawn, line, order: mark.order, last: mark.last ?? false, link });
  }
}

const sessions = new WeakMap<TaggableDocument, TaggingSession>();

/** The line being drawn (rendering is synchronous: one line at a time). */
let drawing: {
  doc: TaggableDocument;
  inlines: readonly { mark?: InlineMark; link?: unknown }[];
  next: number;
  line: number;
} | null = null;

interface RendererLike {
  pdfDocument: TaggableDocument;
}

interface RendererClass {
  prototype: {
    renderLine(this: RendererLike, line: PdfmakeLine, x: number, y: number): unknown;
    renderVector(this: RendererLike, vector: unknown): unknown;
    renderImage(this: RendererLike, image: { mark?: ContentMark }): unknown;
    renderWatermark(this: RendererLike, page: unknown): unknown;
  };
}

interface PdfmakeLine {
  inlines: { mark?: InlineMark; link?: unknown; linkToDestination?: unknown; text: string }[];
}

/** Installs the wrappers (see the header) into pdfmake's Renderer and document. */
export function installTagging(documentProto: PdfDocumentClass['prototype']): void {
  const renderer = (createRequire(import.meta.url)('pdfmake/js/Renderer.js') as { default: RendererClass }).default
    .prototype;
  for (const method of ['renderLine', 'renderVector', 'renderImage', 'renderWatermark'] as const)
    if (typeof renderer[method] !== 'function') throw new Error(`pdfmake seam moved: Renderer.${method} is missing`);
  const { renderLine, renderVector, renderImage, renderWatermark } = renderer;

  renderer.renderLine = function taggedLine(this: RendererLike, line, x, y) {
    const doc = this.pdfDocument;
    if (!doc.hasMarkInfoDictionary()) return renderLine.call(this, line, x, y);
    let session = sessions.get(doc);
    if (!session) sessions.set(doc, (session = new TaggingSession()));
    // Drawn in reading order: each run keeps the position pdfmake gave it, only the order of the
    // content stream changes, so readers that take text in stream order (pdf.js, copy and paste)
    // meet the runs of an Arabic line right to left, as the structure tree lists them. (The line's
    // own list is swapped for the call and put back: pdfmake reads nothing else from it that
    // depends on the order but the destination, which then marks the line's logical start.)
    const drawn = line.inlines;
    const ordered = readingOrder(drawn);
    line.inlines = ordered;
    drawing = { doc, inlines: ordered, next: 0, line: session.lines++ };
    try {
      return renderLine.call(this, line, x, y);
    } finally {
      line.inlines = drawn;
      drawing = null;
    }
  };
  renderer.renderVector = function taggedVector(this: RendererLike, vector) {
    return asArtifact(this.pdfDocument, LAYOUT, () => renderVector.call(this, vector));
  };
  renderer.renderWatermark = function taggedWatermark(this: RendererLike, page) {
    return asArtifact(this.pdfDocument, WATERMARK, () => renderWatermark.call(this, page));
  };
  renderer.renderImage = function taggedImage(this: RendererLike, image) {
    const doc = this.pdfDocument;
    const mark = image.mark;
    if (!doc.hasMarkInfoDictionary() || !mark) return asArtifact(doc, LAYOUT, () => renderImage.call(this, image));
    let session = sessions.get(doc);
    if (!session) sessions.set(doc, (session = new TaggingSession()));
    const drawn = beginContent(doc, 'Figure');
    try {
      return renderImage.call(this, image);
    } finally {
      doc.addContent('EMC');
      session.record(mark, drawn, session.lines++, null);
    }
  };

  const fragment = documentProto._fragment;
  documentProto._fragment = function taggedFragment(this: PdfKitTextDocument & TaggableDocument, text, x, y, options) {
    const line = drawing;
    if (line === null || line.doc !== this) return fragment.call(this, text, x, y, options);
    // pdfmake draws a line's inlines in order, one text() and so one fragment each.
    const inline = line.inlines[line.next++];
    const mark = inline?.mark;
    if (!mark) return fragment.call(this, text, x, y, options);
    if (mark.kind === 'artifact') return asArtifact(this, mark, () => fragment.call(this, text, x, y, options));
    const session = sessions.get(this)!;
    const link = options.link != null || options.goTo != null ? linkElement(this) : null;
    const drawn = beginContent(this, link ? 'Link' : mark.node.role, mark.lang);
    const outer = this._currentStructureElement;
    // pdfkit's convention: a link drawn while a Link element is current hands it its annotation.
    if (link) this._currentStructureElement = linkCollector(this, link, text);
    try {
      return fragment.call(this, text, x, y, options);
    } finally {
      this._currentStructureElement = outer;
      this.addContent('EMC');
      if (link) link.drawn = drawn;
      session.record(mark, drawn, line.line, link);
    }
  };

  const end = documentProto.end;
  documentProto.end = function endTagged(this: TaggableDocument) {
    const session = sessions.get(this);
    if (session?.root) writeStructure(this, session);
    if (this.hasMarkInfoDictionary()) writeStandards(this, session?.root?.standards ?? []);
    return end.call(this);
  };
}

/**
 * A line's runs by their logical offset (a contents entry's page number last), artifacts (leader
 * dots) after them; pdfmake holds them left to right.
 */
function readingOrder<T extends { mark?: InlineMark }>(inlines: T[]): T[] {
  const before = (a: T, b: T): number => rank(a) - rank(b) || (a.mark?.order ?? 0) - (b.mark?.order ?? 0);
  // Most lines are one run, or runs already in order (a left-to-right line): no copy then.
  let sorted = true;
  for (let i = 1; i < inlines.length && sorted; i++) sorted = before(inlines[i - 1]!, inlines[i]!) <= 0;
  // Array.prototype.sort is stable: unmarked and artifact runs keep their left-to-right order.
  return sorted ? inlines : [...inlines].sort(before);
}

function rank(inline: { mark?: InlineMark }): number {
  const mark = inline.mark;
  return mark?.order === undefined ? 2 : mark.kind === 'content' && mark.last ? 1 : 0;
}

function asArtifact<T>(doc: TaggableDocument, mark: ArtifactMark, draw: () => T): T {
  if (!doc.hasMarkInfoDictionary()) return draw();
  doc.addContent(`/Artifact <</Type /${mark.type}${mark.subtype ? ` /Subtype /${mark.subtype}` : ''}>> BDC`);
  try {
    return draw();
  } finally {
    doc.addContent('EMC');
  }
}

/**
 * Opens marked content with the page's next MCID, its entry in the parent tree reserved (filled
 * with its element when the tree is written). A run in another language is a Span of its element
 * with /Lang. Written here rather than by pdfkit's markStructureContent, which also keeps a list
 * of open markings to reopen on a new page: a run never crosses a page, so that bookkeeping, paid
 * for every run, buys nothing here.
 */
function beginContent(doc: TaggableDocument, tag: string, lang?: string): Drawn {
  const page = doc.page;
  const parents = doc.getStructParentTree().get(page.structParentTreeKey);
  const mcid = parents.length;
  parents.push(null);
  doc.addContent(lang ? `/Span <</MCID ${mcid} /Lang (${lang})>> BDC` : `/${tag} <</MCID ${mcid}>> BDC`);
  return { page: page.dictionary, mcid };
}

function linkElement(doc: TaggableDocument): LinkElement {
  return { ref: doc.ref({ Type: 'StructElem', S: 'Link' }), drawn: null, annotations: [] };
}

interface LinkCollector {
  dictionary: { data: { S: 'Link' } };
  add(reference: { annotationRef: PdfRef }): void;
}

/**
 * What pdfkit's annotate() calls add() on: the annotation joins the Link element (its StructParent
 * entry in the parent tree, as PDF/UA asks) and gets a /Contents that says where it leads.
 */
function linkCollector(doc: TaggableDocument, link: LinkElement, text: string): LinkCollector {
  return {
    dictionary: { data: { S: 'Link' } },
    add(reference: { annotationRef: PdfRef }): void {
      const annotation = reference.annotationRef;
      const key = doc.createStructParentTreeNextKey();
      annotation.data['StructParent'] = key;
      doc.getStructParentTree().add(key, link.ref);
      const action = annotation.data['A'] as PdfRef | undefined;
      const uri = action?.data['URI'];
      // A web link says its address; a link within the pack (a contents entry, its page number)
      // says what it leads to, as the run reads.
      const label = text.trim();
      annotation.data['Contents'] =
        uri instanceof String ? uri : new String(/^\d+$/.test(label) ? `صفحة ${label}` : label || 'رابط داخل الحزمة');
      link.annotations.push({ ref: annotation, page: doc.page.dictionary });
    },
  };
}

/**
 * The structure tree, written once every page is drawn: each element with its children in reading
 * order (marked content first, sorted by line and logical offset, then its child elements), /Pg for
 * its first page and marked-content references for content on others; each page's entry of the
 * parent tree names the element of every MCID on it.
 */
function writeStructure(doc: TaggableDocument, session: TaggingSession): void {
  const parentTree = doc.getStructParentTree();
  // An element with nothing drawn in it and no such children is left out (table cells stay: a
  // table's grid must stay whole for its rows and columns to be read right). Decided before any
  // object is made: pdfkit finishes the file only once every object it handed out is written.
  const kept = new Map<StructureNode, boolean>();
  const keeps = (node: StructureNode): boolean => {
    let keep = kept.get(node);
    if (keep === undefined) {
      keep =
        node.parent === null ||
        node.role === 'TD' ||
        node.role === 'TH' ||
        session.contents.has(node) ||
        node.children.some(keeps);
      kept.set(node, keep);
    }
    return keep;
  };
  const write = (node: StructureNode, parent: PdfRef): PdfRef => {
    const contents = [...(session.contents.get(node) ?? [])].sort(
      (a, b) => Number(a.last) - Number(b.last) || a.line - b.line || a.order - b.order,
    );
    const ref = doc.ref({ Type: 'StructElem', S: node.role, P: parent });
    const kids: unknown[] = [];
    let page: PdfRef | null = null;
    const reference = (drawn: Drawn): unknown => {
      page ??= drawn.page;
      return drawn.page === page ? drawn.mcid : { Type: 'MCR', Pg: drawn.page, MCID: drawn.mcid };
    };
    for (const content of contents) {
      if (content.link) {
        writeLink(doc, content.link, ref);
        kids.push(content.link.ref);
        continue;
      }
      parentTree.get(content.drawn.page.data['StructParents'])[content.drawn.mcid] = ref;
      kids.push(reference(content.drawn));
    }
    for (const child of node.children) if (keeps(child)) kids.push(write(child, ref));
    ref.data['K'] = kids;
    if (page) ref.data['Pg'] = page;
    if (node.alt) ref.data['Alt'] = new String(node.alt);
    if (node.id) ref.data['ID'] = new String(node.id);
    if (node.scope) ref.data['A'] = { O: 'Table', Scope: node.scope };
    ref.end();
    return ref;
  };
  const root = doc.getStructTreeRoot();
  root.data['K'] = [write(session.root!, root)];
}

function writeLink(doc: TaggableDocument, link: LinkElement, parent: PdfRef): void {
  const kids: unknown[] = [];
  if (link.drawn) {
    doc.getStructParentTree().get(link.drawn.page.data['StructParents'])[link.drawn.mcid] = link.ref;
    kids.push({ Type: 'MCR', Pg: link.drawn.page, MCID: link.drawn.mcid });
  }
  for (const annotation of link.annotations) kids.push({ Type: 'OBJR', Obj: annotation.ref, Pg: annotation.page });
  link.ref.data['P'] = parent;
  link.ref.data['K'] = kids;
  link.ref.end();
}
