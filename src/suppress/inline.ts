import type { Comment } from '../parse/markdown.js';
import type { LineIndex } from '../parse/text.js';
import { compileSelector, type Subject } from './selector.js';

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
  /** The comment's own text, for reports of what suppressed a finding. */
  text: string;
}

const DIRECTIVE = /^<!--\s*sync-check-(ignore-next-line|ignore-line|disable|enable)(?:\s+([^]*?))?\s*-->$/;

export function readDirectives(comments: readonly Comment[], lines: LineIndex): Directive[] {
  const out: Directive[] = [];
  const open: Array<{ line: number; matches: (s: Subject) => boolean; text: string }> = [];
  for (const comment of comments) {
    if (comment.text.length > 1024) continue;
    const m = DIRECTIVE.exec(comment.text.trim());
    if (!m) continue;
    const selectors = (m[2] ?? '').split(/[\s,]+/).filter(Boolean).map(compileSelector);
    const matches = (s: Subject): boolean => selectors.length === 0 || selectors.some((f) => f(s));
    const start = lines.position(comment.offset).line;
    const end = lines.position(comment.offset + comment.text.length).line;
    const text = comment.text.trim();
    if (m[1] === 'ignore-next-line') out.push({ firstLine: end + 1, lastLine: end + 1, matches, text });
    else if (m[1] === 'ignore-line') out.push({ firstLine: start, lastLine: end, matches, text });
    else if (m[1] === 'disable') open.push({ line: start, matches, text });
    else {
      // enable closes every open disable: ranges do not nest.
      for (const d of open.splice(0)) out.push({ firstLine: d.line, lastLine: start, matches: d.matches, text: d.text });
    }
  }
  for (const d of open) out.push({ firstLine: d.line, lastLine: Number.MAX_SAFE_INTEGER, matches: d.matches, text: d.text });
  return out;
}

export function directiveFor(directives: readonly Directive[], line: number, subject: Subject): Directive | undefined {
  if (directives.length <= 8) return directives.find((d) => line >= d.firstLine && line <= d.lastLine && d.matches(subject));
  // Many directives: one-line ones are looked up by line, ranges (disable … enable) scanned; the
  // first in document order that matches still wins. Thousands of comments stay linear.
  let index = INDEXES.get(directives);
  if (!index) INDEXES.set(directives, (index = indexOf(directives)));
  let best: number | undefined;
  for (const i of index.byLine.get(line) ?? []) if ((best === undefined || i < best) && directives[i]!.matches(subject)) best = i;
  for (const i of index.ranges) {
    if (best !== undefined && i > best) break;
    const d = directives[i]!;
    if (line >= d.firstLine && line <= d.lastLine && d.matches(subject)) best = i;
  }
  return best === undefined ? undefined : directives[best];
}

const INDEXES = new WeakMap<readonly Directive[], { byLine: Map<number, number[]>; ranges: number[] }>();

function indexOf(directives: readonly Directive[]): { byLine: Map<number, number[]>; ranges: number[] } {
  const byLine = new Map<number, number[]>();
  const ranges: number[] = [];
  directives.forEach((d, i) => {
    if (d.firstLine === d.lastLine) (byLine.get(d.firstLine) ?? byLine.set(d.firstLine, []).get(d.firstLine)!).push(i);
    else ranges.push(i);
  });
  return { byLine, ranges };
}
