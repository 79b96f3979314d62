// What `briefing watch` keeps from one build to the next (parsed articles, matched articles,
// laid-out paragraphs, compressed pages): a map that remembers which entries the current build
// asked for, so that after it the others (an edited article's old version, a page that moved) can
// be let go, and a long watch does not grow without end.

export class KeptBetweenBuilds<K, V> {
  private readonly values = new Map<K, V>();
  private readonly used = new Set<K>();

  /** The kept value, or a new one made and kept; either way it counts as asked for by this build. */
  getOrMake(key: K, make: () => V): V {
    this.used.add(key);
    let value = this.values.get(key);
    if (value === undefined) {
      value = make();
      this.values.set(key, value);
    }
    return value;
  }

  /** After a build: forget what it did not ask for. */
  sweep(): void {
    for (const key of this.values.keys()) if (!this.used.has(key)) this.values.delete(key);
    this.used.clear();
  }
}
