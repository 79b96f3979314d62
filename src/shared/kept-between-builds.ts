// What `briefing watch` keeps from one build to the next (parsed articles, matches and scores,
// laid-out paragraphs, shaped inlines, compressed pages). Keeping is off for a single build, which
// would only pay for the keys; watch turns it on once, and after each build sweeps every kept map,
// so that what the build did not ask for (an edited article's old version, a page that moved) is
// let go and a long watch does not grow without end.

let keeping = false;
/** Every map made by keptMap, and the forget steps of state kept another way (select's). */
const everyMap = new Set<KeptBetweenBuilds<unknown, unknown>>();
const forgetSteps: (() => void)[] = [];

/** Whether work is kept between builds (watch). */
export function keepingWork(): boolean {
  return keeping;
}

/** Keep work between builds from now on (watch, once, before its first build). */
export function keepWorkBetweenBuilds(): void {
  keeping = true;
}

/** After a build: each kept map forgets what the build did not ask for. */
export function sweepKeptWork(): void {
  for (const map of everyMap) map.sweep();
}

/** Stop keeping and forget everything kept (tests that compare kept builds with fresh ones). */
export function forgetKeptWork(): void {
  keeping = false;
  for (const map of everyMap) map.clear();
  for (const forget of forgetSteps) forget();
}

/** A map whose contents live as long as keeping is on and builds ask for them. */
export function keptMap<K, V>(): KeptBetweenBuilds<K, V> {
  const map = new KeptBetweenBuilds<K, V>();
  everyMap.add(map as KeptBetweenBuilds<unknown, unknown>);
  return map;
}

/**
 * A copy of `text` that holds on to nothing else. V8 makes a substring a view of the string it was
 * cut from: a kept value holding one (a link's address cut from a build's template output) would
 * keep that whole output alive for as long as the value is kept.
 */
export function detachedString(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

/** State kept some other way, to be dropped by forgetKeptWork. */
export function onForgetKeptWork(forget: () => void): void {
  forgetSteps.push(forget);
}

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

  clear(): void {
    this.values.clear();
    this.used.clear();
  }
}
