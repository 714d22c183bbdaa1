/**
 * `indexOf` with a budget. Placing items searches the source for their text; on hostile input
 * (thousands of items that do not occur verbatim) plain searches would scan the file once per
 * item. Here the characters scanned across all calls on one document are capped at a fixed
 * multiple of its length, and a needle known to be absent past a point is not searched again.
 * When the budget is spent, callers fall back to their estimate.
 */
export class BoundedSearch {
  private budget: number;
  private readonly absentFrom = new Map<string, number>();

  constructor(
    private readonly source: string,
    factor = 8,
  ) {
    this.budget = factor * source.length + 65_536;
  }

  indexOf(needle: string, from: number): number {
    if (needle === '' || this.budget <= 0) return -1;
    const absent = this.absentFrom.get(needle);
    if (absent !== undefined && from >= absent) return -1;
    const at = this.source.indexOf(needle, from);
    this.budget -= (at === -1 ? this.source.length : at + needle.length) - from;
    if (at === -1) this.absentFrom.set(needle, Math.min(absent ?? Infinity, from));
    return at;
  }
}
