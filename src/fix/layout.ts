import { parseDocument } from '../extract/document.js';
import { splitRow } from '../parse/markdown.js';
import { KINDS, type Kind } from '../types.js';

/** A runbook's lines and the blocks an edit may go into, found line by line (code fences skipped). */
export interface Layout {
  lines: string[];
  headings: Array<{ line: number; depth: number; title: string }>;
  tables: Table[];
  lists: List[];
}

/** Line numbers are 0-based indexes into `lines`. */
export interface Table {
  header: number;
  delimiter: number;
  /** The last line of the table (the delimiter when it has no rows). */
  last: number;
  /** For each row line (header and delimiter excluded): the kinds of item each cell holds. */
  rows: Array<{ line: number; kinds: Kind[][] }>;
  columns: string[];
}

export interface List {
  first: number;
  /** The list's last line: its last item's, continuation lines and nested items included. */
  last: number;
  items: Array<{ line: number; kinds: Kind[]; marker: string; indent: string }>;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+|$)(.*)$/;
/** A table's delimiter row (`|---|:--:|`). */
export const DELIMITER = /^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;
const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])[ \t]+\S/;

/**
 * The runbook's blocks, each line's items as the check itself reads them from the runbook (so a
 * table or list holds the kinds the check sees in it).
 */
export function readLayout(path: string, lines: string[]): Layout {
  const found = itemsByLine(path, lines.join('\n'));
  const kindsIn = (line: number, from = 0, to = Infinity): Kind[] => [
    ...new Set((found.get(line) ?? []).filter((r) => r.column >= from && r.column < to).map((r) => r.kind)),
  ];
  const layout: Layout = { lines, headings: [], tables: [], lists: [] };
  let fence: string | undefined;
  let list: List | undefined;
  let comment = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // An HTML comment block is not shown: its headings and tables are no place for an edit.
    if (comment) {
      if (line.includes('-->')) comment = false;
      list = undefined;
      continue;
    }
    if (/^ {0,3}<!--/.test(line)) {
      comment = !line.slice(line.indexOf('<!--') + 4).includes('-->');
      list = undefined;
      continue;
    }
    const opened = FENCE.exec(line);
    if (fence) {
      // A fence indented under a list item is that item's: the list goes on past it.
      if (list) list.last = i;
      if (opened && opened[1]![0] === fence[0] && opened[1]!.length >= fence.length && line.trim() === opened[0].trim())
        fence = undefined;
      continue;
    }
    if (opened) {
      fence = opened[1];
      if (list && /^\s/.test(line)) list.last = i;
      else list = undefined;
      continue;
    }
    const heading = ATX.exec(line);
    if (heading) {
      layout.headings.push({ line: i, depth: heading[1]!.length, title: heading[2]!.replace(/\s+#+\s*$/, '').trim() });
      list = undefined;
      continue;
    }
    // A setext heading: a line of text underlined with = or - (a paragraph's last line, kept simple).
    const underline = lines[i + 1];
    if (
      !list &&
      underline !== undefined &&
      /^ {0,3}(?:=+|-+)[ \t]*$/.test(underline) &&
      /\S/.test(line) &&
      !/^\s/.test(line) &&
      !line.includes('|') &&
      !LIST_ITEM.test(line) &&
      !FENCE.test(line)
    ) {
      layout.headings.push({ line: i, depth: underline.trim()[0] === '=' ? 1 : 2, title: line.trim() });
      i++;
      continue;
    }
    const next = lines[i + 1];
    if (line.includes('|') && next !== undefined && DELIMITER.test(next) && /[|:]/.test(next)) {
      const columns = splitRow(line).map((c) => c.text);
      const table: Table = { header: i, delimiter: i + 1, last: i + 1, rows: [], columns };
      let j = i + 2;
      for (; j < lines.length && lines[j]!.trim() !== '' && lines[j]!.includes('|'); j++) {
        const cells = splitRow(lines[j]!);
        table.rows.push({
          line: j,
          kinds: cells.map((c, k) => kindsIn(j, c.offset, k + 1 < cells.length ? cells[k + 1]!.offset : Infinity)),
        });
        table.last = j;
      }
      layout.tables.push(table);
      list = undefined;
      i = j - 1;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    const indent = item?.[1]!.length ?? 0;
    if (item && !(list && indent > list.items[0]!.indent.length)) {
      const entry = { line: i, kinds: kindsIn(i), marker: item[2]!, indent: item[1]! };
      if (list && list.items[0]!.indent === entry.indent) {
        list.items.push(entry);
        list.last = i;
      } else {
        list = { first: i, last: i, items: [entry] };
        layout.lists.push(list);
      }
      continue;
    }
    // A nested item or an indented line goes on with the last item; a blank line may be followed
    // by more of the list; anything else ends it.
    if (list && (item || /^\s+\S/.test(line))) {
      list.last = i;
      continue;
    }
    if (list && line.trim() === '') continue;
    // A line right under an item, not indented, is that item's text going on (a lazy continuation).
    if (list && list.last === i - 1 && !/^ {0,3}(?:#|>|\||<)/.test(line)) {
      list.last = i;
      continue;
    }
    list = undefined;
  }
  return layout;
}

/** Each line's items (0-based line, 0-based column in the line), as the runbook is read for the check. */
function itemsByLine(path: string, text: string): Map<number, Array<{ column: number; kind: Kind }>> {
  const doc = parseDocument({ path, text }, 'harvest', KINDS);
  const out = new Map<number, Array<{ column: number; kind: Kind }>>();
  for (const r of doc.references) {
    const at = doc.lines.position(r.offset);
    const list = out.get(at.line - 1) ?? [];
    list.push({ column: at.column - 1, kind: r.kind });
    out.set(at.line - 1, list);
  }
  return out;
}

/** The section a line is in: from its heading to the next heading of the same depth or less. */
export function sectionAround(layout: Layout, headingLine: number): { from: number; to: number } | undefined {
  const at = layout.headings.findIndex((h) => h.line === headingLine);
  if (at === -1) return undefined;
  const depth = layout.headings[at]!.depth;
  const next = layout.headings.slice(at + 1).find((h) => h.depth <= depth);
  return { from: headingLine, to: next === undefined ? layout.lines.length - 1 : next.line - 1 };
}
