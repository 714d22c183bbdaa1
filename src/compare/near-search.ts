/** Pools this small are searched whole: the answer is exact. */
const EXHAUSTIVE = 128;
/** A letter pair held by more items than this says little about which one is near. */
const COMMON_PAIR = 64;
/** The candidates that share most letter pairs with the name, weighed exactly. */
const SHORTLIST = 24;
/** Characters of a name whose letter pairs are counted. */
const NAME_CAP = 64;

/**
 * The items of one kind a "did you mean" search weighs for a name. Every item while there are
 * few; among many, those one deleted character away from it (a typo: a letter dropped, added or
 * changed), and those sharing most of its less common letter pairs (a rename), so one search
 * costs the same however long the runbook is.
 */
export class NearSearch<T> {
  private postings: Map<string, number[]> | undefined;
  private deletions: Map<string, number[]> | undefined;

  constructor(
    private readonly items: readonly T[],
    private readonly keyOf: (item: T) => string,
  ) {}

  candidates(name: string): readonly T[] {
    if (this.items.length <= EXHAUSTIVE) return this.items;
    this.postings ??= this.index();
    const shared = new Map<number, number>();
    for (const pair of pairsOf(name)) {
      const posting = this.postings.get(pair);
      if (!posting || posting.length > COMMON_PAIR) continue;
      for (const i of posting) shared.set(i, (shared.get(i) ?? 0) + 1);
    }
    const chosen = new Set(
      [...shared]
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .slice(0, SHORTLIST)
        .map(([i]) => i),
    );
    this.deletions ??= this.indexDeletions();
    for (const variant of deletionsOf(name))
      for (const i of this.deletions.get(variant)?.slice(0, COMMON_PAIR) ?? []) chosen.add(i);
    return [...chosen].sort((a, b) => a - b).map((i) => this.items[i]!);
  }

  /** Each item under itself and each of its one-character deletions: two names a typo apart share one. */
  private indexDeletions(): Map<string, number[]> {
    const index = new Map<string, number[]>();
    this.items.forEach((item, i) => {
      for (const variant of deletionsOf(this.keyOf(item))) {
        const list = index.get(variant);
        if (!list) index.set(variant, [i]);
        else if (list.at(-1) !== i) list.push(i);
      }
    });
    return index;
  }

  private index(): Map<string, number[]> {
    const postings = new Map<string, number[]>();
    this.items.forEach((item, i) => {
      for (const pair of pairsOf(this.keyOf(item))) {
        const list = postings.get(pair);
        if (!list) postings.set(pair, [i]);
        else if (list.length <= COMMON_PAIR) list.push(i);
      }
    });
    return postings;
  }
}

/** The distinct letter pairs of a name's first characters. */
function pairsOf(name: string): Set<string> {
  const text = name.length > NAME_CAP ? name.slice(0, NAME_CAP) : name;
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) pairs.add(text.slice(i, i + 2));
  return pairs;
}

/** A name and the names one deleted character makes of it (none for names past the cap). */
function deletionsOf(name: string): string[] {
  if (name.length > NAME_CAP) return [];
  const out = [name];
  for (let i = 0; i < name.length; i++) out.push(name.slice(0, i) + name.slice(i + 1));
  return out;
}
