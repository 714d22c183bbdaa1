import type { Comment } from '../parse/markdown.js';
import type { LineIndex } from '../parse/text.js';
import { compileSelector, type Subject } from './selector.js';
import { SelectorIndex } from './selector-index.js';

/**
 * Directives in HTML comments, as markdownlint has them:
 *   <!-- sync-check-ignore-next-line [selector …] -->
 *   <!-- sync-check-ignore-line [selector …] -->
 *   <!-- sync-check-disable [selector …] --> … <!-- sync-check-enable -->
 * Without selectors a directive covers every rule.
 */
export interface Directive {
  firstLine: number;
  lastLine: number;
  matches: (s: Subject) => boolean;
  /** Its selectors; none: every rule. */
  selectors: readonly string[];
  /** A disable … enable range, rather than a comment's own lines. */
  disable: boolean;
  /** The comment's own text, for reports of what suppressed a finding. */
  text: string;
}

const DIRECTIVE = /^<!--\s*sync-check-(ignore-next-line|ignore-line|disable|enable)(?:\s+([^]*?))?\s*-->$/;

export function readDirectives(comments: readonly Comment[], lines: LineIndex): Directive[] {
  const out: Directive[] = [];
  const open: Array<{ line: number; matches: (s: Subject) => boolean; selectors: string[]; text: string }> = [];
  for (const comment of comments) {
    if (comment.text.length > 1024) continue;
    const m = DIRECTIVE.exec(comment.text.trim());
    if (!m) continue;
    const selectors = (m[2] ?? '').split(/[\s,]+/).filter(Boolean);
    const compiled = selectors.map(compileSelector);
    const matches = (s: Subject): boolean => compiled.length === 0 || compiled.some((f) => f(s));
    const start = lines.position(comment.offset).line;
    const end = lines.position(comment.offset + comment.text.length).line;
    const text = comment.text.trim();
    if (m[1] === 'ignore-next-line')
      out.push({ firstLine: end + 1, lastLine: end + 1, matches, selectors, disable: false, text });
    else if (m[1] === 'ignore-line')
      out.push({ firstLine: start, lastLine: end, matches, selectors, disable: false, text });
    else if (m[1] === 'disable') open.push({ line: start, matches, selectors, text });
    else {
      // enable closes every open disable: ranges do not nest.
      for (const d of open.splice(0))
        out.push({
          firstLine: d.line,
          lastLine: start,
          matches: d.matches,
          selectors: d.selectors,
          disable: true,
          text: d.text,
        });
    }
  }
  for (const d of open)
    out.push({
      firstLine: d.line,
      lastLine: Number.MAX_SAFE_INTEGER,
      matches: d.matches,
      selectors: d.selectors,
      disable: true,
      text: d.text,
    });
  return out;
}

export function directiveFor(directives: readonly Directive[], line: number, subject: Subject): Directive | undefined {
  if (directives.length <= 8)
    return directives.find((d) => line >= d.firstLine && line <= d.lastLine && d.matches(subject));
  // Many directives: the first (in the list's order) that covers the line and matches wins, found
  // through indexes by line and by selector, so thousands of comments stay linear.
  let index = INDEXES.get(directives);
  if (!index) INDEXES.set(directives, (index = new DirectiveIndex(directives)));
  const found = index.first(line, subject);
  return found === undefined ? undefined : directives[found];
}

const INDEXES = new WeakMap<readonly Directive[], DirectiveIndex>();

/** Directives over consecutive lines, the earliest starting first; a line is covered by at most two neighbours. */
interface Group {
  firstLine: number;
  lastLine: number;
  selectors: SelectorIndex;
}

class DirectiveIndex {
  private readonly byLine = new Map<number, Group>();
  /** A comment's own lines, for directives in comments over several lines. */
  private readonly spans: Group[] = [];
  /** Disable … enable ranges, grouped by the enable that closes them. */
  private readonly ranges: Group[] = [];

  constructor(private readonly directives: readonly Directive[]) {
    const rangeByEnd = new Map<number, Group>();
    directives.forEach((d, i) => {
      let group: Group | undefined;
      if (d.firstLine === d.lastLine) group = this.byLine.get(d.firstLine) ?? put(this.byLine, d.firstLine, d);
      else if (!d.disable) this.spans.push((group = groupOf(d)));
      else group = rangeByEnd.get(d.lastLine) ?? put(rangeByEnd, d.lastLine, d);
      if (d.disable) group.firstLine = Math.min(group.firstLine, d.firstLine);
      if (d.selectors.length === 0) group.selectors.add(i, undefined);
      for (const selector of d.selectors) group.selectors.add(i, selector);
    });
    this.ranges.push(...rangeByEnd.values());
    this.spans.sort((a, b) => a.firstLine - b.firstLine);
    this.ranges.sort((a, b) => a.firstLine - b.firstLine);
  }

  first(line: number, subject: Subject): number | undefined {
    const covers = (i: number): boolean =>
      this.directives[i]!.firstLine <= line && line <= this.directives[i]!.lastLine;
    let best: number | undefined;
    const consider = (group: Group | undefined): void => {
      const found = group?.selectors.first(subject, covers);
      if (found !== undefined && (best === undefined || found < best)) best = found;
    };
    consider(this.byLine.get(line));
    for (const groups of [this.spans, this.ranges]) {
      const k = lastStartingBy(groups, line);
      consider(groups[k]);
      consider(groups[k - 1]);
    }
    return best;
  }
}

function groupOf(d: Directive): Group {
  return { firstLine: d.firstLine, lastLine: d.lastLine, selectors: new SelectorIndex() };
}

function put(map: Map<number, Group>, key: number, d: Directive): Group {
  const group = groupOf(d);
  map.set(key, group);
  return group;
}

/** The index of the last group starting at or before `line` (-1 if none). */
function lastStartingBy(groups: readonly Group[], line: number): number {
  let lo = 0;
  let hi = groups.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (groups[mid]!.firstLine <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
