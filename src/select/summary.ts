// Extractive executive summary: for each theme, the few sentences of its chosen sections that the
// others most agree with. Biased TextRank (Mihalcea & Tarau 2004; the bias as in Kazemi et al.
// 2020): sentences are nodes, edges weigh shared word stems normalized by length, and the random
// walk restarts preferentially at sentences that mention the theme's terms. Nothing is rewritten:
// every sentence is printed as the article printed it, with its citation.
import { lightStem, tokenize } from './normalize.js';

export interface SentenceSource {
  text: string;
  /** Index of the section (in the theme's ranked list) it comes from. */
  section: number;
  /** How many of the theme's terms it mentions: the walk's restart bias. */
  relevance: number;
}

// Function words carry no topic; left in, they would connect every sentence to every other.
const STOPWORDS = new Set(
  'في من علي الي ان عن مع هذا هذه ذلك تلك التي الذي الذين كان كانت ما لا او ثم قد كما بين بعد قبل حتي الا اذا لم لن هو هي هم انه انها وقد وفي ومن كل اي غير عند منذ خلال حيث لكن وان بان لها له لهم فيها فيه عليه عليها منها منه اما ايضا'.split(' '),
);

const MIN_WORDS = 8;
const MAX_WORDS = 60;
/** Beyond this many candidates the graph costs more than it adds: the top-ranked sections' sentences are kept. */
const MAX_CANDIDATES = 400;

const OPENERS = new Set(['«', '“', '(']);
const CLOSERS = new Set(['»', '”', ')']);

/**
 * Splits a paragraph into sentences at . ! ? ؟ … followed by a space, never inside «…», “…”, (…)
 * or straight "…" quotes (a quoted exclamation does not end the reporting sentence); a one- or
 * two-word piece, or one after an initial like «د.», rejoins its neighbour.
 */
export function sentences(paragraph: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let straightOpen = false;
  let start = 0;
  for (let i = 0; i < paragraph.length; i++) {
    const c = paragraph[i]!;
    if (OPENERS.has(c)) depth++;
    else if (CLOSERS.has(c)) depth = Math.max(0, depth - 1);
    else if (c === '"') straightOpen = !straightOpen;
    else if ('.!?؟…'.includes(c) && depth === 0 && !straightOpen && /\s/.test(paragraph[i + 1] ?? '')) {
      pieces.push(paragraph.slice(start, i + 1));
      start = i + 1;
    }
  }
  pieces.push(paragraph.slice(start));
  const result: string[] = [];
  for (const raw of pieces) {
    const piece = raw.trim();
    if (piece.length === 0) continue;
    const words = piece.split(/\s+/).length;
    if (result.length > 0 && (words <= 2 || /(?:^|\s)\S{1,2}\.$/u.test(result[result.length - 1]!))) result[result.length - 1] += ` ${piece}`;
    else result.push(piece);
  }
  return result;
}

function stems(text: string): Set<string> {
  const set = new Set<string>();
  for (const token of tokenize(text)) {
    if (token.key.length < 3 || STOPWORDS.has(token.key) || /^\d+$/.test(token.key)) continue;
    set.add(lightStem(token.key));
  }
  return set;
}

/** Indices into `candidates` of the `count` sentences to print, most central first. */
export function summarize(candidates: readonly SentenceSource[], count: number): number[] {
  if (count === 0) return [];
  const pool = candidates
    .map((c, index) => ({ ...c, index, words: c.text.split(/\s+/).length }))
    .filter((c) => c.words >= MIN_WORDS && c.words <= MAX_WORDS)
    .slice(0, MAX_CANDIDATES);
  if (pool.length === 0) return [];
  const bags = pool.map((c) => stems(c.text));

  // Edge weights through an inverted index: only sentence pairs that share a stem are visited.
  const postings = new Map<string, number[]>();
  bags.forEach((bag, i) => {
    for (const stem of bag) {
      const list = postings.get(stem);
      if (list) list.push(i);
      else postings.set(stem, [i]);
    }
  });
  const shared: Map<number, number>[] = pool.map(() => new Map());
  for (const list of postings.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const i = list[a]!;
        const j = list[b]!;
        shared[i]!.set(j, (shared[i]!.get(j) ?? 0) + 1);
      }
    }
  }
  const edges: { to: number; weight: number }[][] = pool.map(() => []);
  shared.forEach((row, i) => {
    for (const [j, overlap] of row) {
      const norm = Math.log(bags[i]!.size + 1) + Math.log(bags[j]!.size + 1);
      const weight = overlap / norm;
      edges[i]!.push({ to: j, weight });
      edges[j]!.push({ to: i, weight });
    }
  });
  const outWeight = edges.map((list) => list.reduce((sum, e) => sum + e.weight, 0));

  // Restart distribution: every sentence a little, those naming the theme's terms more.
  const bias = pool.map((c) => 1 + 2 * c.relevance);
  const biasTotal = bias.reduce((a, b) => a + b, 0);
  const restart = bias.map((b) => b / biasTotal);
  const damping = 0.85;
  let rank = restart.slice();
  for (let iteration = 0; iteration < 50; iteration++) {
    const next = restart.map((r) => (1 - damping) * r);
    let dangling = 0;
    rank.forEach((value, i) => {
      if (outWeight[i] === 0) dangling += value;
      else for (const e of edges[i]!) next[e.to]! += (damping * value * e.weight) / outWeight[i]!;
    });
    for (let i = 0; i < next.length; i++) next[i]! += damping * dangling * restart[i]!;
    const change = next.reduce((sum, v, i) => sum + Math.abs(v - rank[i]!), 0);
    rank = next;
    if (change < 1e-9) break;
  }

  // Highest rank first; one sentence per section before any section gives a second; no sentence
  // that mostly repeats one already chosen.
  const order = pool.map((_, i) => i).sort((a, b) => rank[b]! - rank[a]! || a - b);
  const chosen: number[] = [];
  const usedSections = new Set<number>();
  for (const pass of [0, 1]) {
    for (const i of order) {
      if (chosen.length >= count) break;
      if (chosen.includes(i) || (pass === 0 && usedSections.has(pool[i]!.section))) continue;
      if (pool[i]!.relevance === 0 && pass === 0) continue;
      if (chosen.some((j) => overlapRatio(bags[i]!, bags[j]!) > 0.5)) continue;
      chosen.push(i);
      usedSections.add(pool[i]!.section);
    }
  }
  return chosen.map((i) => pool[i]!.index);
}

function overlapRatio(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / Math.max(1, Math.min(a.size, b.size));
}
