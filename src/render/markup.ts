// Document markup (what the templates produce) → a small element tree. A real XML parser
// (htmlparser2 in XML mode) does the reading; we only check the vocabulary.
import { Parser } from 'htmlparser2';
import { UserError } from '../errors.js';

export interface MarkupElement {
  type: 'element';
  name: string;
  attributes: Record<string, string>;
  children: MarkupNode[];
  /** Line in the generated markup. */
  line: number;
  /** The template file and line the element was written in, for error messages. */
  source: { file: string; line?: number };
}

export interface MarkupText {
  type: 'text';
  text: string;
}

export type MarkupNode = MarkupElement | MarkupText;

/** Allowed elements and their allowed attributes. */
export const VOCABULARY: Record<string, readonly string[]> = {
  pack: [],
  cover: [],
  title: [],
  subtitle: [],
  line: [],
  marking: [],
  chapter: ['id'],
  section: [],
  appendix: [],
  h1: ['id'],
  h2: ['id'],
  h3: [],
  p: [],
  intro: [],
  source: [],
  blockquote: [],
  figcaption: [],
  footnote: ['marker'],
  ul: [],
  li: [],
  figure: [],
  img: ['src'],
  entry: [],
  pagebreak: [],
  contents: [],
  toc: [],
  table: [],
  tr: [],
  th: ['align'],
  td: ['align'],
  b: [],
  cite: [],
  a: ['href'],
  span: ['class'],
};

/**
 * Parses generated markup. `sources` lists the template files; the markup carries location marks
 * (processing instructions `<?at N:LINE?>` that renderMarkup puts before every tag of template N),
 * so a problem is reported at the template line that wrote the element.
 */
export function parseMarkup(markup: string, templateFile: string, sources: readonly string[] = []): MarkupElement {
  const root: MarkupElement = {
    type: 'element',
    name: '#root',
    attributes: {},
    children: [],
    line: 1,
    source: { file: templateFile },
  };
  let at: { file: string; line?: number } = { file: templateFile };
  const stack: MarkupElement[] = [root];
  let problem: UserError | undefined;
  /** Where each end tag the parser honoured ends (its '>'). */
  const closedAt = new Set<number>();
  // Tags arrive in document order, so the line count advances incrementally.
  let countedTo = 0;
  let line = 1;
  const lineAt = (index: number): number => {
    for (; countedTo < index && countedTo < markup.length; countedTo++) if (markup.charCodeAt(countedTo) === 10) line++;
    return line;
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const line = lineAt(parser.startIndex);
        const allowed = VOCABULARY[name];
        if (!allowed) {
          problem ??= new UserError(`unknown element <${name}>`, at);
        } else {
          const unknown = Object.keys(attributes).find((attr) => !allowed.includes(attr));
          if (unknown) problem ??= new UserError(`unknown attribute "${unknown}" on <${name}>`, at);
        }
        const element: MarkupElement = { type: 'element', name, attributes, children: [], line, source: at };
        stack[stack.length - 1]!.children.push(element);
        stack.push(element);
      },
      onprocessinginstruction(_name, data) {
        const mark = /^\?at (\d+):(\d+)\??$/.exec(data);
        const file = mark ? sources[Number(mark[1])] : undefined;
        if (mark && file) at = { file, line: Number(mark[2]) };
      },
      ontext(text) {
        stack[stack.length - 1]!.children.push({ type: 'text', text });
      },
      onclosetag(name, isImplied) {
        // An element left open or closed by another's end tag would silently take the rest of the
        // page into it (a cover whose title swallows the date): an error at the line that opened it.
        const open = stack[stack.length - 1]!;
        // htmlparser2 also calls a self-closing tag's close implied; its own text tells them apart.
        // (Its startIndex is one short after a processing instruction, so the tag is found from its end.)
        const tag = markup.slice(markup.lastIndexOf('<', parser.endIndex), parser.endIndex + 1);
        const selfClosing = tag.startsWith(`<${name}`) && tag.endsWith('/>');
        if (isImplied && !selfClosing && open.name !== '#root') {
          problem ??= new UserError(
            `<${open.name}> is never closed${name === open.name ? '' : ` (</${name}> comes first)`}`,
            open.source,
          );
        }
        if (!isImplied) closedAt.add(parser.endIndex);
        if (stack.length > 1) stack.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(markup);
  parser.end();
  // An end tag with nothing open to close is dropped by the parser without a word; it is a typo in
  // a template (a stray </title>) all the same, reported where the template wrote it.
  if (!problem) {
    for (const end of markup.matchAll(/<\/([A-Za-z][\w-]*)\s*>/g)) {
      if (closedAt.has(end.index + end[0].length - 1)) continue;
      problem = new UserError(`</${end[1]}> closes no open element`, markAt(markup, end.index, sources, templateFile));
      break;
    }
  }
  if (problem) throw problem;
  const pack = root.children.find((c): c is MarkupElement => c.type === 'element');
  if (!pack || pack.name !== 'pack')
    throw new UserError('template output must have <pack> as its root element', { file: templateFile });
  return pack;
}

/** The template location of the last location mark before `index` in the markup. */
function markAt(
  markup: string,
  index: number,
  sources: readonly string[],
  templateFile: string,
): { file: string; line?: number } {
  const start = markup.lastIndexOf('<?at ', index);
  const mark = start < 0 ? null : /^<\?at (\d+):(\d+)\??>/.exec(markup.slice(start, start + 32));
  const file = mark ? sources[Number(mark[1])] : undefined;
  return mark && file ? { file, line: Number(mark[2]) } : { file: templateFile };
}
