// A tagged PDF read back as a screen reader's library would: pdf.js's structure tree of each page
// and its text content with the marked content around each run.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** A structure element as pdf.js gives it, with the text of its marked content filled in. */
export interface ReadElement {
  role: string;
  alt?: string;
  lang?: string;
  children: ReadNode[];
}

export type ReadNode = ReadElement | { content: string } | { annotation: true };

export interface ReadPage {
  /** The page's part of the structure tree (pdf.js gives each page the elements with content on it). */
  tree: ReadElement | null;
  /** Text drawn inside tagged content (an MCID), inside an artifact, or in neither, in characters. */
  taggedChars: number;
  artifactChars: number;
  untaggedChars: number;
  /** Text items inside artifacts, with their baseline. */
  artifacts: { str: string; y: number }[];
  /** The runs in the order of the content stream, each with its MCID (null: artifact or untagged). */
  runs: { str: string; x: number; y: number; id: string | null }[];
  height: number;
}

export interface ReadStructure {
  pages: ReadPage[];
  marked: boolean;
  language: unknown;
  /** Top-level bookmarks. */
  outline: number;
}

interface PdfjsStructNode {
  role?: string;
  alt?: string;
  lang?: string;
  type?: string;
  id?: string;
  children?: PdfjsStructNode[];
}

export async function readStructure(data: Uint8Array): Promise<ReadStructure> {
  const doc = await getDocument({ data: new Uint8Array(data), verbosity: 0, disableFontFace: true }).promise;
  const pages: ReadPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const open: { tag?: string; id?: string }[] = [];
    const textById = new Map<string, string>();
    const read: ReadPage = {
      tree: null,
      taggedChars: 0,
      artifactChars: 0,
      untaggedChars: 0,
      artifacts: [],
      runs: [],
      height: (page.view as number[])[3]!,
    };
    for (const item of content.items) {
      if ('type' in item) {
        if (item.type === 'endMarkedContent') open.pop();
        else open.push(item as { tag?: string; id?: string });
        continue;
      }
      const chars = item.str.replace(/\s/g, '').length;
      const artifact = open.some((m) => m.tag === 'Artifact');
      const id = [...open].reverse().find((m) => m.id)?.id ?? null;
      const y = item.transform[5] as number;
      if (chars > 0) read.runs.push({ str: item.str, x: item.transform[4] as number, y, id: artifact ? null : id });
      if (artifact) {
        read.artifactChars += chars;
        if (chars > 0) read.artifacts.push({ str: item.str, y });
      } else if (id) {
        read.taggedChars += chars;
        textById.set(id, (textById.get(id) ?? '') + item.str);
      } else read.untaggedChars += chars;
    }
    const tree = (await page.getStructTree()) as PdfjsStructNode | null;
    read.tree = tree ? (fill(tree, textById) as ReadElement) : null;
    pages.push(read);
    page.cleanup();
  }
  const marked = Boolean((await doc.getMarkInfo())?.Marked);
  const { info } = await doc.getMetadata();
  const outline = ((await doc.getOutline()) ?? []).length;
  await doc.destroy();
  return { pages, marked, language: (info as Record<string, unknown>)['Language'], outline };
}

function fill(node: PdfjsStructNode, textById: Map<string, string>): ReadNode {
  if (node.type === 'content') return { content: textById.get(node.id ?? '') ?? '' };
  if (node.type === 'annotation' || node.type === 'object') return { annotation: true };
  const element: ReadElement = {
    role: node.role ?? '',
    children: (node.children ?? []).map((child) => fill(child, textById)),
  };
  if (node.alt) element.alt = node.alt;
  if (node.lang) element.lang = node.lang;
  return element;
}

/** Every element of a page's tree, depth first (document order). */
export function elements(node: ReadNode | null): ReadElement[] {
  if (!node || !('role' in node)) return [];
  return [node, ...node.children.flatMap(elements)];
}

/** The text of an element's marked content, its runs joined by spaces, in structure order. */
export function elementText(node: ReadNode): string {
  if ('content' in node) return node.content.trim();
  if ('annotation' in node) return '';
  return node.children
    .map(elementText)
    .filter((text) => text !== '')
    .join(' ');
}
