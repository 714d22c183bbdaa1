import { PLACEHOLDER } from '../canonical/path.js';

/** One path the code names, and where. */
export interface RouteEntry<S> {
  site: S;
  segs: readonly string[];
}

interface Node<S> {
  literal: Map<string, Node<S>>;
  wild?: Node<S>;
  /** A code path that ends here (read from its last segment back). */
  end?: RouteEntry<S>;
}

export interface RouteHit<S> {
  entry: RouteEntry<S>;
  /** Segments the two paths share, counted from the end. */
  shared: number;
}

/** Nodes one question may visit: a spec path of placeholders must not walk a whole tree. */
const MAX_VISITS = 4096;

/**
 * Paths the code names, as a trie over their segments from the last one back, so a question
 * walks only the paths that end the way it does. A code path matches a spec path when one is
 * the other's tail, segment by segment (a router mounted under a prefix defines `/tasks/{id}`
 * for `/api/agent/tasks/{id}`): the spec's parameters match any segment, the code's only a
 * value (`42`), never a name (`/api/{resource}` in a comment defines no `/api/agent`).
 */
export class RouteTrie<S> {
  private readonly root: Node<S> = { literal: new Map() };

  /** Adds a path (its segments); the first entry for a path is kept. */
  add(segs: readonly string[], site: S): void {
    // A path with no literal segment (`/{id}`) would match anything.
    if (!segs.some((s) => s !== PLACEHOLDER)) return;
    let node = this.root;
    for (let i = segs.length - 1; i >= 0; i--) {
      const seg = segs[i]!;
      if (seg === PLACEHOLDER) node = node.wild ??= { literal: new Map() };
      else {
        let next = node.literal.get(seg);
        if (!next) node.literal.set(seg, (next = { literal: new Map() }));
        node = next;
      }
    }
    node.end ??= { site, segs };
  }

  /**
   * The code path sharing the longest tail with `segs`, among those that match. One shared
   * segment is a match only between one-segment paths, or for a one-segment code path whose
   * line `isRoute` (`RUN_DIR + "/tick"` is not `/relay/tick`), and the shorter side must say
   * something literal in the shared tail. `better` breaks ties.
   */
  match(
    segs: readonly string[],
    better: (a: S, b: S) => boolean = () => false,
    isRoute: (s: S) => boolean = () => false,
  ): RouteHit<S> | undefined {
    if (segs.length === 0) return undefined;
    const specHasLiteral = segs.some((s) => s !== PLACEHOLDER);
    let best: RouteHit<S> | undefined;
    let visits = 0;
    const consider = (entry: RouteEntry<S>, shared: number, codeLiteral: boolean): void => {
      const shorterIsCode = entry.segs.length <= segs.length;
      if (shorterIsCode ? !codeLiteral : !specHasLiteral) return;
      // A one-segment route (`.route("/status", get(h))` in a scope) is enough when its line defines a route.
      if (shared < 2 && !(entry.segs.length === 1 && (segs.length === 1 || isRoute(entry.site)))) return;
      if (!best || shared > best.shared || (shared === best.shared && better(entry.site, best.entry.site)))
        best = { entry, shared };
    };
    // Depth-first from the last segment; `depth` segments of both are matched so far.
    const walk = (node: Node<S>, depth: number, codeLiteral: boolean): void => {
      if (++visits > MAX_VISITS) return;
      if (node.end && depth > 0) consider(node.end, depth, codeLiteral);
      if (depth === segs.length) {
        // The spec's path is the tail of longer code paths: any one below answers.
        const deeper = firstEnd(node, () => ++visits <= MAX_VISITS);
        if (deeper && deeper !== node.end) consider(deeper, depth, true);
        return;
      }
      const seg = segs[segs.length - 1 - depth]!;
      if (seg === PLACEHOLDER) {
        for (const child of node.literal.values()) {
          walk(child, depth + 1, true);
          if (visits > MAX_VISITS) return;
        }
        if (node.wild) walk(node.wild, depth + 1, codeLiteral);
        return;
      }
      const exact = node.literal.get(seg);
      if (exact) walk(exact, depth + 1, true);
      if (node.wild && /\d/.test(seg)) walk(node.wild, depth + 1, codeLiteral);
    };
    walk(this.root, 0, false);
    return best;
  }
}

/** The first path that ends at or below `node`, breadth first, while `more()` allows. */
function firstEnd<S>(node: Node<S>, more: () => boolean): RouteEntry<S> | undefined {
  const queue: Node<S>[] = [node];
  for (let i = 0; i < queue.length && more(); i++) {
    const n = queue[i]!;
    if (n.end && n !== node) return n.end;
    for (const child of n.literal.values()) {
      if (queue.length >= MAX_VISITS) break;
      queue.push(child);
    }
    if (n.wild && queue.length < MAX_VISITS) queue.push(n.wild);
  }
  return undefined;
}
