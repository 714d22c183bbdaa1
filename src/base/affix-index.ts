/**
 * Characters of a pattern's literal head or tail that key it: a name looks up each of its prefixes and
 * suffixes up to this length.
 */
const KEY = 64;

/** Patterns one name is tried against at most: more sharing its ends only ever come from hostile input. */
export const MAX_CANDIDATES = 256;

/**
 * Patterns (templates like `task_{}.log`, selectors like `LOG_*`) indexed by their literal
 * ends, so a name is tried only against the patterns that could match it: those whose literal
 * head is where the name starts, or whose literal tail is where it ends. A pattern with no
 * literal at either end is tried against every name. A name meets at most `MAX_CANDIDATES`
 * patterns, the first added, so the cost of a lookup does not grow with the number of patterns;
 * only patterns sharing a whole literal end (or having none) compete for those places.
 */
export class AffixIndex<T> {
  private readonly byHead = new Map<string, Array<[number, T]>>();
  private readonly byTail = new Map<string, Array<[number, T]>>();
  private readonly loose: Array<[number, T]> = [];
  private added = 0;

  get size(): number {
    return this.added;
  }

  /** Adds a pattern by its literal head (before its first wildcard) and tail (after its last). */
  add(head: string, tail: string, value: T): void {
    const entry: [number, T] = [this.added++, value];
    if (head.length === 0 && tail.length === 0) this.loose.push(entry);
    else if (head.length >= tail.length) push(this.byHead, head.slice(0, KEY), entry);
    else push(this.byTail, tail.slice(-KEY), entry);
  }

  /** The patterns that could match `name`, in the order they were added. */
  candidates(name: string): T[] {
    const lists: Array<ReadonlyArray<[number, T]>> = [this.loose];
    for (let k = 1; k <= KEY && k <= name.length; k++) {
      const head = this.byHead.get(name.slice(0, k));
      if (head) lists.push(head);
      const tail = this.byTail.get(name.slice(-k));
      if (tail) lists.push(tail);
    }
    const nonEmpty = lists.filter((l) => l.length > 0);
    if (nonEmpty.length === 1) return nonEmpty[0]!.slice(0, MAX_CANDIDATES).map(([, v]) => v);
    const merged: Array<[number, T]> = [];
    for (const list of nonEmpty) for (let i = 0; i < list.length && i < MAX_CANDIDATES; i++) merged.push(list[i]!);
    merged.sort((a, b) => a[0] - b[0]);
    return merged.slice(0, MAX_CANDIDATES).map(([, v]) => v);
  }
}

function push<T>(map: Map<string, Array<[number, T]>>, key: string, entry: [number, T]): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

/** The literal head and tail of a pattern whose wildcards are the characters in `wild`. */
export function literalEnds(pattern: string, isWild: (c: string) => boolean): { head: string; tail: string } {
  let h = 0;
  while (h < pattern.length && !isWild(pattern[h]!)) h++;
  if (h === pattern.length) return { head: pattern, tail: pattern };
  let t = pattern.length;
  while (t > 0 && !isWild(pattern[t - 1]!)) t--;
  return { head: pattern.slice(0, h), tail: pattern.slice(t) };
}
