import { splitRow } from '../parse/markdown.js';
import { DELIMITER } from './layout.js';

const MAX_PURPOSE = 140;

/**
 * What the spec says an item is for, from where it names it: the other cells of its table row
 * (the first that is not the item), or the sentence that names it, its paragraph's lines joined.
 * Undefined when that says nothing besides the item, or names anything else: copied into the
 * runbook, another item would count as documented there, and a link would point elsewhere.
 */
export function purposeOf(lines: readonly string[], line: number, column: number, item: string): string | undefined {
  const own = lines[line - 1];
  if (own === undefined || notProse(lines)[line - 1]) return undefined;
  const text = /^\s*\|/.test(own) ? fromRow(lines, line - 1) : fromParagraph(lines, line - 1, column);
  if (text === undefined) return undefined;
  const plain = text
    .replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s+/, '')
    .replace(/^\[[ xX]\]\s+/, '')
    .replace(/\s+/g, ' ')
    .trim()
    // A list that reads "`item` — what it is": the item is in the row already.
    .replace(new RegExp(`^\`${escapeRegExp(item)}\`\\s*(?:[—–:-]|--)\\s*`), '');
  // Control characters are no purpose (and would reach a terminal through the diff).
  if (/[\u0000-\u001f\u007f-\u009f]/.test(plain)) return undefined;
  if (namesOthers(plain, item) || !balanced(plain)) return undefined;
  // Only the item again, or nothing: no purpose.
  const rest = plain.replace(/`[^`]*`/g, '').replace(/[\s.,:;()–—-]+/g, '');
  if (rest === '') return undefined;
  return plain.length > MAX_PURPOSE ? `${plain.slice(0, MAX_PURPOSE - 1).trimEnd()}…` : plain;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A fragment cut from a longer sentence leaves a bracket or a code span open. */
function balanced(text: string): boolean {
  const n = (c: string): number => text.split(c).length - 1;
  return n('(') === n(')') && n('[') === n(']') && n('`') % 2 === 0;
}

/** A link, a URL, or a code span or path-like word that is not the item. */
function namesOthers(text: string, item: string): boolean {
  if (/\]\(|\]\[|<https?:|https?:\/\//.test(text)) return true;
  for (const m of text.matchAll(/`([^`]+)`/g)) if (m[1]!.trim() !== item) return true;
  const bare = text.replace(/`[^`]*`/g, ' ');
  for (const word of bare.split(/[\s,;()]+/)) {
    const w = word.replace(/[.:!?]+$/, '');
    if (w !== item && (w.includes('/') || /\.[A-Za-z]\w*$/.test(w) || /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/.test(w)))
      return true;
  }
  return false;
}

/** A table's header cell that names what its rows are for. */
export const PURPOSE_HEADER = /purpose|description|descr|what|notes?|meaning|use[sd]?|contents?|details?|comment/i;

/** The row's cell under the table's purpose column, when the table has one. */
function fromRow(lines: readonly string[], at: number): string | undefined {
  let delimiter = at - 1;
  while (delimiter > 0 && !DELIMITER.test(lines[delimiter]!) && /^\s*\|/.test(lines[delimiter]!)) delimiter--;
  if (delimiter < 1 || !DELIMITER.test(lines[delimiter]!)) return undefined;
  const column = splitRow(lines[delimiter - 1]!).findIndex((c) => PURPOSE_HEADER.test(c.text));
  if (column === -1) return undefined;
  const cell = splitRow(lines[at]!)[column]?.text;
  return cell === undefined || cell === '' ? undefined : cell;
}

/** Lines a paragraph cannot take in: headings, table rows, fences, quotes, list items (which start their own). */
const OWN_BLOCK = /^\s*(?:#|\||>|```|~~~)/;
const ITEM_START = /^\s*(?:[-*+]|\d{1,9}[.)])\s/;

/** The sentence around `column` of line `at`, across the lines of its paragraph. */
function fromParagraph(lines: readonly string[], at: number, column: number): string | undefined {
  const joins = (i: number): boolean => /\S/.test(lines[i]!) && !OWN_BLOCK.test(lines[i]!);
  let first = at;
  while (first > 0 && joins(first - 1) && !ITEM_START.test(lines[first]!)) first--;
  let last = at;
  while (last + 1 < lines.length && joins(last + 1) && !ITEM_START.test(lines[last + 1]!)) last++;
  let text = '';
  let offset = 0;
  for (let i = first; i <= last; i++) {
    const line = lines[i]!;
    const lead = i === first ? 0 : line.length - line.trimStart().length;
    const part = i === first ? line.trimEnd() : ` ${line.trim()}`;
    if (i === at) offset = text.length + (i === first ? 0 : 1) + (column - 1 - lead);
    text += part;
  }
  let start = 0;
  for (const m of text.matchAll(/[.!?]\s+/g)) {
    const end = m.index + m[0].length;
    if (end > offset) return text.slice(start, m.index + 1);
    start = end;
  }
  return text.slice(start);
}

const proseMaps = new WeakMap<readonly string[], boolean[]>();

/** For each line: front matter or a fenced code block, which hold data and commands, not sentences. */
function notProse(lines: readonly string[]): boolean[] {
  let out = proseMaps.get(lines);
  if (out) return out;
  out = new Array<boolean>(lines.length).fill(false);
  let i = 0;
  if (lines[0]?.trimEnd() === '---') {
    const close = lines.findIndex((l, k) => k > 0 && l.trimEnd() === '---');
    if (close !== -1) for (; i <= close; i++) out[i] = true;
  }
  let fence: string | undefined;
  for (; i < lines.length; i++) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(lines[i]!);
    if (fence !== undefined) {
      out[i] = true;
      if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length) fence = undefined;
    } else if (m) {
      fence = m[1];
      out[i] = true;
    }
  }
  proseMaps.set(lines, out);
  return out;
}
