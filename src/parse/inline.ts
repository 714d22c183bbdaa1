import type { SpanContext } from '../types.js';

/** A run of inline text: prose, the inside of a code span, or a link target. */
export interface InlinePiece {
  text: string;
  /** 'comment': an HTML comment, kept only for sync-check directives. */
  context: SpanContext | 'comment';
  /** Index of `text` inside the string that was split. */
  index: number;
}

/**
 * Splits raw Markdown inline text (as it stands in the source) into prose, code spans and
 * link targets. Linear: every character is visited a bounded number of times.
 * HTML comments come back as 'comment' pieces: readers never see them, but directives live there.
 */
const INLINE_SYNTAX = /[`<\]\\]/;

export function splitInline(text: string): InlinePiece[] {
  if (!INLINE_SYNTAX.test(text)) return [{ text, context: 'prose', index: 0 }];
  const pieces: InlinePiece[] = [];
  let proseStart = 0;
  const flushProse = (end: number): void => {
    if (end > proseStart) pieces.push({ text: text.slice(proseStart, end), context: 'prose', index: proseStart });
  };
  const closers = backtickRunIndex(text);

  let i = 0;
  let noLinkBefore = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '`') {
      let run = 1;
      while (text[i + run] === '`') run++;
      const close = findCloser(closers, run, i + run);
      if (close === -1) {
        i += run;
        continue;
      }
      flushProse(i);
      const inner = text.slice(i + run, close);
      const lead = inner.length - inner.trimStart().length;
      pieces.push({ text: inner.trim(), context: 'code', index: i + run + lead });
      i = close + run;
      proseStart = i;
      continue;
    }
    if (ch === '<' && text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      flushProse(i);
      const stop = end === -1 ? text.length : end + 3;
      pieces.push({ text: text.slice(i, stop), context: 'comment', index: i });
      i = stop;
      proseStart = i;
      continue;
    }
    if (ch === ']' && text[i + 1] === '(' && i + 2 >= noLinkBefore) {
      const end = linkTargetEnd(text, i + 2);
      // No link can close before where this scan gave up: skip the region, keeping this linear.
      if (end < 0) noLinkBefore = -end;
      else {
        flushProse(i);
        const target =
          text
            .slice(i + 2, end)
            .trim()
            .split(/\s+/)[0] ?? '';
        const cleaned = target.startsWith('<') && target.endsWith('>') ? target.slice(1, -1) : target;
        pieces.push({ text: cleaned, context: 'link', index: text.indexOf(cleaned, i + 2) });
        i = end + 1;
        proseStart = i;
        continue;
      }
    }
    i++;
  }
  flushProse(text.length);
  return pieces;
}

/** For each backtick-run length, the sorted start offsets of runs of exactly that length. */
function backtickRunIndex(text: string): Map<number, number[]> {
  const runs = new Map<number, number[]>();
  for (let i = text.indexOf('`'); i !== -1;) {
    let run = 1;
    while (text[i + run] === '`') run++;
    const list = runs.get(run) ?? [];
    list.push(i);
    runs.set(run, list);
    i = text.indexOf('`', i + run);
  }
  return runs;
}

function findCloser(runs: Map<number, number[]>, run: number, from: number): number {
  const list = runs.get(run);
  if (!list) return -1;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length ? list[lo]! : -1;
}

/**
 * End of a `(target "title")` link destination, balancing parentheses. When there is none,
 * returns minus the position the scan reached.
 */
function linkTargetEnd(text: string, from: number): number {
  let depth = 0;
  const limit = Math.min(text.length, from + 2048);
  let j = from;
  for (; j < limit; j++) {
    const c = text[j];
    if (c === '\n' && text[j + 1] === '\n') return -(j + 1);
    if (c === '\\') j++;
    else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return j;
      depth--;
    }
  }
  return -Math.max(j, from + 1);
}
