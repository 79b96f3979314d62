// «Did you mean …?» for a mistyped config key, option, command or file name: the closest known
// word by edit distance, when it is close enough to be the one meant.

/** Levenshtein distance. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * The candidate nearest to `word` (the first listed among equals), if it is within a third of its
 * own length or `slack` edits, whichever is more; otherwise null. Case is ignored.
 */
export function nearest(word: string, candidates: readonly string[], slack = 2): string | null {
  let best: { known: string; d: number } | null = null;
  for (const known of candidates) {
    const d = distance(word.toLowerCase(), known.toLowerCase());
    if (d <= Math.max(slack, Math.floor(known.length / 3)) && (best === null || d < best.d)) best = { known, d };
  }
  return best?.known ?? null;
}
