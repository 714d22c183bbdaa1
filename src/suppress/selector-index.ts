import { AffixIndex, literalEnds } from '../base/affix-index.js';
import { wildcardMatch, type Subject } from './selector.js';

interface Scoped {
  /** Owners whose selector names the scope alone: every finding of it. */
  whole: number[];
  /** Owners by a pattern without wildcards. */
  exact: Map<string, number[]>;
  /** Wildcard patterns by their literal ends, each with its owners. */
  wild: AffixIndex<Wild>;
  wildByPattern: Map<string, Wild>;
}

interface Wild {
  pattern: string;
  owners: number[];
}

const isWild = (c: string): boolean => c === '*' || c === '?';

/**
 * Owners of one selector weighed for one subject: more only come from a config that repeats itself thousands
 * of times.
 */
const MAX_OWNERS = 4096;

/**
 * Many selectors (ignore patterns, waivers, the selectors of inline directives), each held by
 * an owner numbered in the order that decides which one applies. A subject is tried only
 * against the selectors that could match it: those of its rule or kind, with its item as the
 * pattern, or a wildcard pattern whose literal ends fit it; each distinct pattern once. A
 * lookup's cost does not grow with the number of selectors.
 */
export class SelectorIndex {
  private readonly scopes = new Map<string, Scoped>();
  /** Owners that match every subject (a directive without selectors). */
  private readonly everything: number[] = [];

  /**
   * Owners must be added in increasing order. `selector` is `scope` or `scope:pattern` (see compileSelector);
   * undefined matches everything.
   */
  add(owner: number, selector: string | undefined): void {
    if (selector === undefined) return void this.everything.push(owner);
    const colon = selector.indexOf(':');
    const scope = colon === -1 ? selector : selector.slice(0, colon);
    let scoped = this.scopes.get(scope);
    if (!scoped)
      this.scopes.set(
        scope,
        (scoped = { whole: [], exact: new Map(), wild: new AffixIndex(), wildByPattern: new Map() }),
      );
    if (colon === -1) return void scoped.whole.push(owner);
    const pattern = selector.slice(colon + 1);
    if (![...pattern].some(isWild)) {
      const list = scoped.exact.get(pattern);
      if (list) list.push(owner);
      else scoped.exact.set(pattern, [owner]);
      return;
    }
    const known = scoped.wildByPattern.get(pattern);
    if (known) return void known.owners.push(owner);
    const wild: Wild = { pattern, owners: [owner] };
    scoped.wildByPattern.set(pattern, wild);
    const { head, tail } = literalEnds(pattern, isWild);
    scoped.wild.add(head, tail, wild);
  }

  /** The lowest-numbered owner whose selector matches `subject` and that `accept` takes. */
  first(subject: Subject, accept: (owner: number) => boolean = () => true): number | undefined {
    let best: number | undefined;
    const take = (owners: readonly number[] | undefined): void => {
      if (!owners) return;
      for (let i = 0; i < owners.length && i < MAX_OWNERS; i++) {
        const owner = owners[i]!;
        if (best !== undefined && owner >= best) return;
        if (accept(owner)) return void (best = owner);
      }
    };
    take(this.everything);
    for (const scope of new Set([subject.rule, subject.kind, '*'])) {
      const scoped = this.scopes.get(scope);
      if (!scoped) continue;
      take(scoped.whole);
      take(scoped.exact.get(subject.canonical));
      if (subject.item !== subject.canonical) take(scoped.exact.get(subject.item));
      const tried = new Set<Wild>();
      for (const text of new Set([subject.canonical, subject.item])) {
        for (const wild of scoped.wild.candidates(text)) {
          if (tried.has(wild) || (best !== undefined && wild.owners[0]! >= best)) continue;
          tried.add(wild);
          if (wildcardMatch(wild.pattern, subject.canonical) || wildcardMatch(wild.pattern, subject.item))
            take(wild.owners);
        }
      }
    }
    return best;
  }
}
