// Near-duplicate texts, for both stages that need them: ingest (a paragraph pasted again with a few
// words changed) and select (the same passage in several articles, printed once and cited).
// Exact duplicates by a hash of the word ids; near duplicates by word 3-shingles with Jaccard
// similarity ≥ 0.8.
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
 * Groups texts (given as word ids: equal ids for equal normalized words) into clusters of duplicates. Returns, for each
 * input, the cluster id (the smallest member index); unique texts are their own cluster.
 */
export function duplicateClusters(
  texts: readonly (readonly number[])[],
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

  // Exact: identical word sequences, bucketed by a hash of the ids, then compared word by word.
  const byHash = new Map<number, number[]>();
  texts.forEach((words, i) => {
    if (words.length === 0) return;
    let h = words.length;
    for (const w of words) h = Math.imul(h ^ w, 0x01000193);
    const bucket = byHash.get(h);
    const same = bucket?.find((j) => groups[j] !== groups[i] && sameWords(texts[j]!, words));
    if (same !== undefined) {
      union(same, i);
      similarity.set(pairKey(same, i), 1);
    }
    if (bucket) bucket.push(i);
    else byHash.set(h, [i]);
  });

  // Near: each text's shingles as a sorted set of 31-bit hashes. Prefix filtering is correct for
  // any fixed global order of shingles, so hash order serves (no frequency table over a million
  // shingles). A million distinct shingles in 2^31 hash values collide a few hundred times in
  // all, which can only nudge a similarity up by a shingle now and then.
  const sets = texts.map(shingleSet);

  // Candidates through posting lists of prefix shingles: texts sharing one are compared, each pair
  // once (a stamp per text, not a set of pairs, so memory stays linear in the texts however many).
  const prefixLength = (set: ArrayLike<number>): number => set.length - Math.ceil(threshold * set.length) + 1;
  const postings = new Map<number, number[]>();
  sets.forEach((set, i) => {
    for (let p = 0; p < prefixLength(set) && set.length > 0; p++) {
      const list = postings.get(set[p]!);
      if (list) list.push(i);
      else postings.set(set[p]!, [i]);
    }
  });
  const consider = (i: number, j: number): void => {
    if (groups[i] === groups[j]) return;
    const a = sets[i]!;
    const b = sets[j]!;
    if (Math.min(a.length, b.length) < threshold * Math.max(a.length, b.length)) return;
    const jaccard = jaccardOfSorted(a, b);
    if (jaccard >= threshold) {
      union(i, j);
      const pair = pairKey(i, j);
      if (!similarity.has(pair)) similarity.set(pair, jaccard);
    }
  };
  const stamp = new Int32Array(texts.length).fill(-1);
  sets.forEach((set, i) => {
    for (let p = 0; p < prefixLength(set) && set.length > 0; p++) {
      for (const j of postings.get(set[p]!)!) {
        if (j <= i || stamp[j] === i) continue;
        stamp[j] = i;
        consider(i, j);
      }
    }
  });

  return { cluster: texts.map((_, i) => find(i)), similarity };
}

/** A text's word 3-shingles as sorted, distinct 31-bit hashes. */
function shingleSet(words: readonly number[]): Int32Array {
  const hashes = new Int32Array(Math.max(0, words.length - 2));
  for (let i = 0; i + 3 <= words.length; i++) hashes[i] = shingleHash(words[i]!, words[i + 1]!, words[i + 2]!);
  hashes.sort();
  let unique = 0;
  for (let i = 0; i < hashes.length; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) hashes[unique++] = hashes[i]!;
  return hashes.subarray(0, unique);
}

function sameWords(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A 31-bit hash of three word ids (multiply-xorshift mixing), an SMI in V8. */
function shingleHash(a: number, b: number, c: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77) ^ Math.imul(c + 0x165667b1, 0xc2b2ae3d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 1;
}

function jaccardOfSorted(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/** Jaccard similarity of two word-id sequences' 3-shingle sets (1 for identical sequences). */
export function shingleJaccard(a: readonly number[], b: readonly number[]): number {
  const sa = shingleSet(a);
  const sb = shingleSet(b);
  if (sa.length + sb.length === 0) return sameWords(a, b) ? 1 : 0;
  return jaccardOfSorted(sa, sb);
}
