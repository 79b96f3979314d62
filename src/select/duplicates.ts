// The same passage in several articles (agency copy, a republished piece): found so the pack prints
// it once and cites every source. Exact duplicates by a hash of the normalized words; near
// duplicates by word 3-shingles with Jaccard similarity ≥ 0.8.
//
// All-pairs comparison would be quadratic in the corpus, so candidates come from prefix filtering
// (Chaudhuri et al. 2006; Bayardo et al. 2007): order each set's shingles rarest first; two sets
// with Jaccard ≥ t must share a shingle among the first |s| − ⌈t·|s|⌉ + 1 of either. Only pairs
// found that way, with compatible sizes, are verified exactly.

export const NEAR_DUPLICATE_JACCARD = 0.8;

export interface DuplicateLink {
  /** Index of the duplicate in the input list. */
  other: number;
  /** 1 for an exact duplicate. */
  similarity: number;
}

/**
 * Groups texts (given as their normalized word keys) into clusters of duplicates. Returns, for each
 * input, the cluster id (the smallest member index); unique texts are their own cluster.
 */
export function duplicateClusters(
  texts: readonly (readonly string[])[],
  /** Texts with the same group (the same article) are never duplicates of each other: repeats inside
   *  an article are the parser's business, and sections of one article share its boilerplate. */
  groups: readonly string[] = texts.map((_, i) => String(i)),
  threshold = NEAR_DUPLICATE_JACCARD,
): { cluster: number[]; similarity: Map<string, number> } {
  const parent = texts.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const similarity = new Map<string, number>();
  const pairKey = (a: number, b: number): string => (a < b ? `${a}:${b}` : `${b}:${a}`);

  // Exact: identical word sequences.
  const byText = new Map<string, number>();
  texts.forEach((words, i) => {
    if (words.length === 0) return;
    const key = words.join(' ');
    const first = byText.get(key);
    if (first === undefined) byText.set(key, i);
    else if (groups[first] !== groups[i]) {
      union(first, i);
      similarity.set(pairKey(first, i), 1);
    }
  });

  // Near: shingle sets as sorted integer arrays, rarest shingle first.
  const shingleIds = new Map<string, number>();
  const frequency: number[] = [];
  const sets = texts.map((words) => {
    const ids = new Set<number>();
    for (let i = 0; i + 3 <= words.length; i++) {
      const shingle = `${words[i]} ${words[i + 1]} ${words[i + 2]}`;
      let id = shingleIds.get(shingle);
      if (id === undefined) {
        id = shingleIds.size;
        shingleIds.set(shingle, id);
        frequency.push(0);
      }
      if (!ids.has(id)) {
        ids.add(id);
        frequency[id]!++;
      }
    }
    return [...ids];
  });
  const rarestFirst = (a: number, b: number): number => frequency[a]! - frequency[b]! || a - b;
  for (const set of sets) set.sort(rarestFirst);

  const index = new Map<number, number[]>();
  sets.forEach((set, i) => {
    if (set.length === 0) return;
    const prefix = set.length - Math.ceil(threshold * set.length) + 1;
    const checked = new Set<number>();
    for (let p = 0; p < prefix; p++) {
      const posting = index.get(set[p]!);
      if (posting) {
        for (const j of posting) {
          if (checked.has(j) || groups[j] === groups[i]) continue;
          checked.add(j);
          const other = sets[j]!;
          if (Math.min(set.length, other.length) < threshold * Math.max(set.length, other.length)) continue;
          const jaccard = jaccardOfSorted(set, other, rarestFirst);
          if (jaccard >= threshold) {
            union(i, j);
            const key = pairKey(i, j);
            if (!similarity.has(key)) similarity.set(key, jaccard);
          }
        }
        posting.push(i);
      } else index.set(set[p]!, [i]);
    }
  });
  return { cluster: texts.map((_, i) => find(i)), similarity };
}

function jaccardOfSorted(a: readonly number[], b: readonly number[], order: (x: number, y: number) => number): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const c = order(a[i]!, b[j]!);
    if (c === 0) {
      shared++;
      i++;
      j++;
    } else if (c < 0) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/** Jaccard similarity of two word sequences' 3-shingle sets (1 for identical sequences). */
export function shingleJaccard(a: readonly string[], b: readonly string[]): number {
  const shingles = (words: readonly string[]): Set<string> => {
    const set = new Set<string>();
    for (let i = 0; i + 3 <= words.length; i++) set.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
    return set;
  };
  const sa = shingles(a);
  const sb = shingles(b);
  let shared = 0;
  for (const s of sa) if (sb.has(s)) shared++;
  const union = sa.size + sb.size - shared;
  return union === 0 ? (a.join(' ') === b.join(' ') ? 1 : 0) : shared / union;
}
