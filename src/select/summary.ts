// Extractive executive summary: for each theme, the few sentences of its chosen sections that the
// others most agree with. Biased TextRank (Mihalcea & Tarau 2004; the bias as in Kazemi et al.
// 2020): sentences are nodes, edges weigh shared word stems normalized by length, and the random
// walk restarts preferentially at sentences that mention the theme's terms. Nothing is rewritten:
// every sentence is printed as the article printed it, with its citation.

export interface SentenceSource {
  text: string;
  /** Index of the section (in the theme's ranked list) it comes from. */
  section: number;
  /** How many of the theme's terms it mentions: the walk's restart bias. */
  relevance: number;
  /** Its content words as distinct stem ids (see contentStems). */
  stems: readonly number[];
}

// Function words carry no topic; left in, they would connect every sentence to every other.
// Normalized spellings (see normalize.ts): ى is ي, ة is ه.
export const STOPWORDS = new Set(
  [
    'في من علي الي ان عن مع هذا هذه ذلك تلك التي الذي الذين كان كانت ما لا او ثم قد كما بين بعد قبل',
    'حتي الا اذا لم لن هو هي هم انه انها وقد وفي ومن كل اي غير عند منذ خلال حيث لكن وان بان لها له',
    'لهم فيها فيه عليه عليها منها منه اما ايضا',
  ]
    .join(' ')
    .split(' '),
);

/** Candidate sentences are 8–60 words: shorter ones are fragments, longer ones are not summaries. */
export const MIN_WORDS = 8;
export const MAX_WORDS = 60;
/** Sentences from the theme's top-ranked sections beyond this many add cost, not a better summary. */
export const MAX_CANDIDATES = 200;

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
    switch (paragraph.charCodeAt(i)) {
      case 0xab: // «
      case 0x201c: // “
      case 0x28: // (
        depth++;
        break;
      case 0xbb: // »
      case 0x201d: // ”
      case 0x29: // )
        depth = Math.max(0, depth - 1);
        break;
      case 0x22: // "
        straightOpen = !straightOpen;
        break;
      case 0x2e: // .
      case 0x21: // !
      case 0x3f: // ?
      case 0x61f: // ؟
      case 0x2026: // …
        if (depth === 0 && !straightOpen && /\s/.test(paragraph[i + 1] ?? '')) {
          pieces.push(paragraph.slice(start, i + 1));
          start = i + 1;
        }
        break;
      default:
    }
  }
  pieces.push(paragraph.slice(start));
  const result: string[] = [];
  for (const raw of pieces) {
    const piece = raw.trim();
    if (piece.length === 0) continue;
    const words = piece.split(/\s+/).length;
    if (result.length > 0 && (words <= 2 || /(?:^|\s)\S{1,2}\.$/u.test(result[result.length - 1]!)))
      result[result.length - 1] += ` ${piece}`;
    else result.push(piece);
  }
  return result;
}

/** Indices into `candidates` of the `count` sentences to print, most central first. */
export function summarize(candidates: readonly SentenceSource[], count: number): number[] {
  if (count === 0) return [];
  const pool = candidates
    .map((c, index) => ({ ...c, index }))
    .filter((c) => c.stems.length > 0)
    .slice(0, MAX_CANDIDATES);
  const n = pool.length;
  if (n === 0) return [];

  // Shared stems per sentence pair, through an inverted index; a dense n×n matrix is small here.
  // A stem in more than half the sentences says nothing about which is central: skipped.
  const postings = new Map<number, number[]>();
  pool.forEach((c, i) => {
    for (const stem of c.stems) {
      const list = postings.get(stem);
      if (list) list.push(i);
      else postings.set(stem, [i]);
    }
  });
  const shared = new Float64Array(n * n);
  for (const list of postings.values()) {
    if (list.length < 2 || list.length > n / 2 + 1) continue;
    for (let a = 0; a < list.length; a++) {
      const row = list[a]! * n;
      for (let b = a + 1; b < list.length; b++) shared[row + list[b]!]!++;
    }
  }
  // Edges as parallel typed arrays per sentence (in the order they are found), not an object each.
  const edgeTo: number[][] = pool.map(() => []);
  const edgeWeight: number[][] = pool.map(() => []);
  const logSize = pool.map((c) => Math.log(c.stems.length + 1));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const overlap = shared[i * n + j]!;
      if (overlap === 0) continue;
      const weight = overlap / (logSize[i]! + logSize[j]!);
      edgeTo[i]!.push(j);
      edgeWeight[i]!.push(weight);
      edgeTo[j]!.push(i);
      edgeWeight[j]!.push(weight);
    }
  }
  const outWeight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (const weight of edgeWeight[i]!) sum += weight;
    outWeight[i] = sum;
  }

  // Restart distribution: every sentence a little, those naming the theme's terms more.
  const bias = pool.map((c) => 1 + 2 * c.relevance);
  const biasTotal = bias.reduce((a, b) => a + b, 0);
  const restart = Float64Array.from(bias, (b) => b / biasTotal);
  const damping = 0.85;
  // Power iteration in two buffers; the arithmetic, and its order, as the plain form it replaces.
  let rank = Float64Array.from(restart);
  let next = new Float64Array(n);
  for (let iteration = 0; iteration < 50; iteration++) {
    for (let i = 0; i < n; i++) next[i] = (1 - damping) * restart[i]!;
    let dangling = 0;
    for (let i = 0; i < n; i++) {
      const value = rank[i]!;
      if (outWeight[i] === 0) {
        dangling += value;
        continue;
      }
      const to = edgeTo[i]!;
      const weights = edgeWeight[i]!;
      for (let k = 0; k < to.length; k++) next[to[k]!]! += (damping * value * weights[k]!) / outWeight[i]!;
    }
    let change = 0;
    for (let i = 0; i < n; i++) {
      next[i]! += damping * dangling * restart[i]!;
      change += Math.abs(next[i]! - rank[i]!);
    }
    [rank, next] = [next, rank];
    if (change < 1e-9) break;
  }

  // Highest rank first; one sentence per section before any section gives a second; no sentence
  // that mostly repeats one already chosen.
  const order = pool.map((_, i) => i).sort((a, b) => rank[b]! - rank[a]! || a - b);
  const bags = pool.map((c) => new Set(c.stems));
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

function overlapRatio(a: Set<number>, b: Set<number>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / Math.max(1, Math.min(a.size, b.size));
}
