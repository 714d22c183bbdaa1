import type { RunbookEdit } from './index.js';
import { splitLines } from './lines.js';

const CONTEXT = 3;
const NO_NEWLINE = '\\ No newline at end of file';

/**
 * The edits to `text` as a unified diff that `git apply` and `patch -p1` take: hunks of
 * insertions with three lines of context, nearby edits in one hunk. Lines keep their own
 * endings (a CRLF line's CR is part of it), a BOM stays on the first line, and a last line
 * without a line ending is marked as such (and shown as changed when text is added after it).
 */
export function unifiedDiff(file: string, text: string, edits: readonly RunbookEdit[]): string {
  if (edits.length === 0) return '';
  const { bom, lines, eol } = splitLines(text);
  const show = (i: number): string => (i === 0 ? bom : '') + lines[i]!.text;
  const cr = (end: string): string => (end === '\r\n' ? '\r' : '');
  const sorted = [...edits].sort((a, b) => a.before - b.before);
  const groups: RunbookEdit[][] = [];
  for (const edit of sorted) {
    const group = groups[groups.length - 1];
    if (group && edit.before - group[group.length - 1]!.before <= 2 * CONTEXT) group.push(edit);
    else groups.push([edit]);
  }
  const out = [`--- a/${file}`, `+++ b/${file}`];
  let shift = 0;
  const unterminated = lines.length > 0 && lines[lines.length - 1]!.end === '';
  for (const group of groups) {
    const from = Math.max(0, group[0]!.before - CONTEXT);
    const to = Math.min(lines.length, group[group.length - 1]!.before + CONTEXT);
    const appends = group.some((e) => e.before === lines.length);
    const body: string[] = [];
    let oldCount = 0;
    let newCount = 0;
    for (let i = from; i <= to; i++) {
      const added = group.filter((e) => e.before === i).flatMap((e) => e.lines);
      if (added.length > 0) {
        const last = i === lines.length;
        added.forEach((line, k) => {
          const end = last && unterminated && k === added.length - 1 ? '' : eol;
          body.push(`+${line}${cr(end)}`);
          if (end === '') body.push(NO_NEWLINE);
        });
        newCount += added.length;
      }
      if (i === to) break;
      const line = lines[i]!;
      if (i === lines.length - 1 && unterminated && appends) {
        // The last line gets a line ending: shown as changed.
        body.push(`-${show(i)}`, NO_NEWLINE, `+${show(i)}${cr(eol)}`);
        oldCount++;
        newCount++;
        continue;
      }
      body.push(` ${show(i)}${cr(line.end)}`);
      if (line.end === '') body.push(NO_NEWLINE);
      oldCount++;
      newCount++;
    }
    const oldStart = oldCount === 0 ? from : from + 1;
    const newStart = newCount === 0 ? from + shift : from + 1 + shift;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...body);
    shift += newCount - oldCount;
  }
  return `${out.join('\n')}\n`;
}
