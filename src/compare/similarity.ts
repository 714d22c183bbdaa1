/** Rows of the table, reused: the distance runs once per spec item per runbook item. */
let rowA = new Int32Array(256);
let rowB = new Int32Array(256);

/** Levenshtein distance with a two-row table; inputs are capped so the cost stays small. */
export function editDistance(a: string, b: string, cap = 200): number {
  let s = a.length > cap ? a.slice(0, cap) : a;
  let t = b.length > cap ? b.slice(0, cap) : b;
  if (s === t) return 0;
  // A shared prefix or suffix never changes the distance: only the middles need the table.
  let head = 0;
  while (head < s.length && head < t.length && s.charCodeAt(head) === t.charCodeAt(head)) head++;
  let tail = 0;
  while (
    tail < s.length - head &&
    tail < t.length - head &&
    s.charCodeAt(s.length - 1 - tail) === t.charCodeAt(t.length - 1 - tail)
  )
    tail++;
  s = s.slice(head, s.length - tail);
  t = t.slice(head, t.length - tail);
  if (s.length === 0 || t.length === 0) return s.length + t.length;
  if (rowA.length <= t.length) {
    rowA = new Int32Array(t.length + 1);
    rowB = new Int32Array(t.length + 1);
  }
  let prev = rowA;
  let curr = rowB;
  for (let j = 0; j <= t.length; j++) prev[j] = j;
  for (let i = 1; i <= s.length; i++) {
    curr[0] = i;
    const c = s.charCodeAt(i - 1);
    for (let j = 1; j <= t.length; j++) {
      const cost = c === t.charCodeAt(j - 1) ? 0 : 1;
      curr[j] = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[t.length]!;
}

/**
 * What `similarity(a, b)` can be at most, from the lengths alone: the distance is at least the
 * difference in (capped) length. Lets a search skip pairs that cannot win.
 */
export function similarityBound(a: string, b: string, cap = 200): number {
  const len = Math.max(a.length, b.length);
  return len === 0 ? 1 : 1 - Math.abs(Math.min(a.length, cap) - Math.min(b.length, cap)) / len;
}

/** 1 for equal strings, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  const len = Math.max(a.length, b.length);
  return len === 0 ? 1 : 1 - editDistance(a, b) / len;
}
