import type { RunbookEdit } from './index.js';

const CONTEXT = 3;

/**
 * The edits as a unified diff (`git apply` and `patch -p1` take it): hunks of insertions with
 * three lines of context, nearby edits in one hunk. `lines` is the file before, split on line ends.
 */
export function unifiedDiff(file: string, lines: readonly string[], edits: readonly RunbookEdit[]): string {
  if (edits.length === 0) return '';
  const sorted = [...edits].sort((a, b) => a.before - b.before);
  const groups: RunbookEdit[][] = [];
  for (const edit of sorted) {
    const group = groups[groups.length - 1];
    if (group && edit.before - group[group.length - 1]!.before <= 2 * CONTEXT) group.push(edit);
    else groups.push([edit]);
  }
  const out = [`--- a/${file}`, `+++ b/${file}`];
  let shift = 0;
  for (const group of groups) {
    const from = Math.max(0, group[0]!.before - CONTEXT);
    const to = Math.min(lines.length, group[group.length - 1]!.before + CONTEXT);
    const body: string[] = [];
    let added = 0;
    for (let i = from; i <= to; i++) {
      for (const edit of group) {
        if (edit.before !== i) continue;
        for (const line of edit.lines) body.push(`+${line}`);
        added += edit.lines.length;
      }
      if (i < to) body.push(` ${lines[i]}`);
    }
    const oldLength = to - from;
    const oldStart = oldLength === 0 ? from : from + 1;
    out.push(`@@ -${oldStart},${oldLength} +${from + 1 + shift},${oldLength + added} @@`, ...body);
    shift += added;
  }
  return `${out.join('\n')}\n`;
}
