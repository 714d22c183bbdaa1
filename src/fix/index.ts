import { isReferenceSection } from '../compare/sections.js';
import { mdCode as code } from '../format/shared.js';
import { splitRow } from '../parse/markdown.js';
import type { Finding, Kind, Report } from '../types.js';
import { readLayout, sectionAround, type Layout, type List, type Table } from './layout.js';
import { joinLines, splitLines, type Lines } from './lines.js';
import { PURPOSE_HEADER, purposeOf } from './purpose.js';

/** Rules whose findings say the runbook lacks an item it could hold: what `--fix` adds. */
export const FIXABLE_RULES: ReadonlySet<string> = new Set([
  'undocumented-log',
  'undocumented-script',
  'undocumented-endpoint',
  'undocumented-env',
  'operator-log',
  'operator-script',
  'operator-endpoint',
  'operator-env',
  'missing-section',
]);

/** One insertion into the runbook: `lines` go before line `before` (0-based; the line count appends). */
export interface RunbookEdit {
  before: number;
  lines: string[];
  /** What the lines are: a table row, a list entry, a new section. */
  how: 'table-row' | 'list-entry' | 'section';
  /** The findings the edit answers. */
  fingerprints: string[];
}

export interface FixResult {
  /** The runbook with the edits made (the same text when there are none). */
  text: string;
  edits: RunbookEdit[];
  /** Findings an edit answers. */
  fixed: Finding[];
  /** This runbook's findings left for a person: planned work, stale references, orphans, waivers, flags. */
  left: Finding[];
}

export interface FixOptions {
  /** A spec's text, to take an item's purpose from the sentence or table row that names it. */
  specText?: (file: string) => string | undefined;
}

const KIND_TITLES: Record<Kind, string> = {
  log: 'Logs',
  script: 'Scripts',
  endpoint: 'Endpoints',
  env: 'Environment Variables',
};

/**
 * The runbook with a row, entry or section added for each finding that says it lacks something
 * (in the runbook's own style: the table that holds such items, else the list, else a new
 * section), and nothing else changed. Purposes come from the spec, or are marked TODO. Pure:
 * the caller reads and writes the file.
 */
export function fixRunbook(
  report: Report,
  runbook: { path: string; text: string },
  options: FixOptions = {},
): FixResult {
  const split = splitLines(runbook.text);
  const lines = split.lines.map((l) => l.text);
  const layout = readLayout(runbook.path, lines);
  const mine = report.findings.filter((f) => f.file !== runbook.path && (f.runbook ?? report.runbook) === runbook.path);
  const left = report.findings.filter(
    (f) => (f.file === runbook.path || (f.runbook ?? report.runbook) === runbook.path) && !FIXABLE_RULES.has(f.rule),
  );
  const edits = new Map<string, RunbookEdit>();
  const byItem = new Map<string, RunbookEdit>();
  const run: FixRun = { layout, options, added: new Map(), specs: new Map(), homes: new Map() };
  const fixed: Finding[] = [];
  for (const f of mine) {
    if (!FIXABLE_RULES.has(f.rule)) continue;
    // The same item named by several specs gets one line.
    const key = `${f.kind}\0${f.canonical}`;
    const known = byItem.get(key);
    if (known) {
      known.fingerprints.push(f.fingerprint);
      fixed.push(f);
      continue;
    }
    const placed = place(f, run);
    // New sections are one per kind (or per required title); rows and entries go where their block ends.
    const id = `${placed.how}\0${placed.before}\0${placed.how === 'section' ? placed.title : ''}`;
    let edit = edits.get(id);
    if (!edit) {
      edit = { before: placed.before, lines: [...placed.lines], how: placed.how, fingerprints: [] };
      edits.set(id, edit);
    } else edit.lines.push(...(placed.entry ?? placed.lines));
    edit.fingerprints.push(f.fingerprint);
    byItem.set(key, edit);
    fixed.push(f);
  }
  // At one position, a table row or list entry (which ends the block there) comes before a new section.
  const rank = (e: RunbookEdit): number => (e.how === 'section' ? 1 : 0);
  const ordered = [...edits.values()].sort((a, b) => a.before - b.before || rank(a) - rank(b));
  return { text: joinLines(applyEdits(split, ordered)), edits: ordered, fixed, left };
}

/**
 * The lines with the edits' lines inserted, each new line ending as most lines do; lines already
 * there keep their own endings. Text added after a last line without a line ending gives that
 * line one, and leaves the new last line without.
 */
export function applyEdits(split: Lines, edits: readonly RunbookEdit[]): Lines {
  const lines = [...split.lines];
  for (const edit of [...edits].reverse()) {
    const added = edit.lines.map((text) => ({ text, end: split.eol }));
    if (edit.before === lines.length && lines.length > 0 && lines[lines.length - 1]!.end === '') {
      lines[lines.length - 1] = { ...lines[lines.length - 1]!, end: split.eol };
      added[added.length - 1]!.end = '';
    }
    lines.splice(edit.before, 0, ...added);
  }
  return { ...split, lines };
}

/** One fixRunbook call: the runbook's layout and what is worked out once for all its findings. */
interface FixRun {
  layout: Layout;
  options: FixOptions;
  /** Entries already added to each list: numbered lists count on. */
  added: Map<List, number>;
  /** Each spec's lines, read and split once. */
  specs: Map<string, string[] | undefined>;
  /** The home of each kind, by kind and section. */
  homes: Map<string, Home>;
}

interface Placement {
  before: number;
  how: RunbookEdit['how'];
  lines: string[];
  /**
   * What the next item that goes to the same place adds, when not `lines`: under a new
   * section's heading, its entry alone.
   */
  entry?: string[];
  /** A new section's title. */
  title?: string;
}

function place(f: Finding, run: FixRun): Placement {
  const { layout, added } = run;
  if (f.rule === 'missing-section') {
    // The whole title as the check writes it: its words satisfy each title it may list (`A / B`).
    const title = f.item;
    const lines = [
      '',
      `${'#'.repeat(sectionDepth(layout))} ${title}`,
      '',
      `TODO: write this section (asked for by ${f.file}:${f.line}).`,
    ];
    return { before: endOfText(layout), how: 'section', lines, entry: [], title };
  }
  const kind = f.kind as Kind;
  const purpose = purposeFor(f, run);
  const { table, list, tableScore, listScore } = homeOf(run, kind, f.runbookSection?.line);
  if (table && tableScore >= listScore)
    return { before: table.last + 1, how: 'table-row', lines: [row(table, layout, kind, f, purpose)] };
  if (list) {
    const line = entry(list, layout, f, purpose, added.get(list) ?? 0);
    added.set(list, (added.get(list) ?? 0) + 1);
    return { before: list.last + 1, how: 'list-entry', lines: [line] };
  }
  const item = `- ${code(f.item)} — ${purpose ?? `TODO: ${todoWhere(f)}`}`;
  const title = KIND_TITLES[kind];
  // A section of that title is there already (holding prose, or a table with no rows): the entry goes at its end.
  const named = layout.headings.find((h) => h.title.toLowerCase() === title.toLowerCase());
  const there = named && sectionAround(layout, named.line);
  if (there) {
    let end = there.to + 1;
    while (end > there.from + 1 && layout.lines[end - 1]!.trim() === '') end--;
    return { before: end, how: 'list-entry', lines: ['', item], entry: [item] };
  }
  return {
    before: endOfText(layout),
    how: 'section',
    lines: ['', `${'#'.repeat(sectionDepth(layout))} ${title}`, '', item],
    entry: [item],
    title,
  };
}

interface Home {
  table: Table | undefined;
  list: List | undefined;
  tableScore: number;
  listScore: number;
}

/**
 * The table and the list that would hold an item of `kind`, given the section the runbook keeps
 * such items in (its heading's 1-based line): found once per kind and section, not per finding.
 */
function homeOf(run: FixRun, kind: Kind, sectionLine: number | undefined): Home {
  const key = `${kind}\0${sectionLine ?? ''}`;
  const known = run.homes.get(key);
  if (known) return known;
  const { layout } = run;
  const section = sectionLine === undefined ? undefined : sectionAround(layout, sectionLine - 1);
  const within = (first: number, last: number): boolean =>
    section !== undefined && first >= section.from && last <= section.to;
  const bonus = (first: number, last: number): number => (within(first, last) ? 1e6 : 0);
  const listCount = (l: List): number => l.items.filter((i) => i.kinds.includes(kind)).length;
  const tableRank = (t: Table): number => bonus(t.header, t.last) + count(t, kind);
  // A home for the item is in the section the runbook keeps such items in, or holds mostly items of
  // its kind: elsewhere, a table or list that names one in passing is not.
  const table = best(
    layout.tables.filter(
      (t) => count(t, kind) > 0 && (within(t.header, t.last) || 2 * count(t, kind) >= t.rows.length),
    ),
    tableRank,
  );
  const list = best(
    layout.lists.filter((l) => {
      const n = listCount(l);
      return n > 0 && (within(l.first, l.last) || 2 * n >= l.items.length);
    }),
    (l) => bonus(l.first, l.last) + listCount(l),
  );
  const home = {
    table,
    list,
    tableScore: table ? tableRank(table) : -1,
    listScore: list ? bonus(list.first, list.last) + list.items.length : -1,
  };
  run.homes.set(key, home);
  return home;
}

function count(t: Table, kind: Kind): number {
  return t.rows.filter((r) => r.kinds.some((k) => k.includes(kind))).length;
}

/** The item with the highest score, the first of those when several have it. */
function best<T>(items: T[], score: (t: T) => number): T | undefined {
  let top: T | undefined;
  let topScore = -Infinity;
  for (const t of items) {
    const n = score(t);
    if (top === undefined || n > topScore) [top, topScore] = [t, n];
  }
  return top;
}

function purposeFor(f: Finding, run: FixRun): string | undefined {
  const { specs, options } = run;
  if (!specs.has(f.file)) specs.set(f.file, options.specText?.(f.file)?.split(/\r?\n/));
  const lines = specs.get(f.file);
  return lines === undefined ? undefined : purposeOf(lines, f.line, f.column, f.written ?? f.item);
}

function todoWhere(f: Finding): string {
  return `describe it (named in ${f.file}:${f.line})`;
}

/** A new row in the table's own style: its pipes, padding and alignment, the item where its column is. */
function row(t: Table, layout: Layout, kind: Kind, f: Finding, purpose: string | undefined): string {
  // The last row is the model, unless it has fewer cells than the header (a ragged row).
  const lastRow = t.rows.length > 0 ? layout.lines[t.rows[t.rows.length - 1]!.line]! : undefined;
  const model =
    lastRow !== undefined && rawCells(lastRow).length >= t.columns.length ? lastRow : layout.lines[t.header]!;
  const cells = rawCells(model);
  const itemColumn = columnOf(t, kind);
  const purposeColumn = purposeColumnOf(t, itemColumn);
  const aligned = isAligned(t, layout);
  const body = cells.map((cell, c) => {
    const value =
      c === itemColumn
        ? code(f.item).replace(/(?<!\\)\|/g, '\\|')
        : c === purposeColumn
          ? (purpose ?? `TODO: ${todoWhere(f)}`).replace(/(?<!\\)\|/g, '\\|')
          : '';
    // Each cell keeps the model's space before and after its text (`| a | b |`, `|a|b|`, `a | b`);
    // an aligned table keeps its widths where the text fits.
    const empty = cell.trim() === '';
    const lead = empty || cell.startsWith(' ') ? ' ' : '';
    const trail = empty || cell.endsWith(' ') ? ' ' : '';
    const width = cell.length - lead.length - trail.length;
    return lead + (aligned && value.length < width ? value.padEnd(width) : value) + trail;
  });
  const trimmed = model.trimStart();
  const lead = trimmed.startsWith('|') ? `${model.slice(0, model.length - trimmed.length)}|` : '';
  const trail = /(?<!\\)\|\s*$/.test(model) ? '|' : '';
  return `${lead}${body.join('|')}${trail}`;
}

/** A row's cells as written, padding kept, without its outer pipes. */
function rawCells(line: string): string[] {
  let text = line.trim();
  if (text.startsWith('|')) text = text.slice(1);
  if (text.endsWith('|') && !text.endsWith('\\|')) text = text.slice(0, -1);
  const cells: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '|') {
      cells.push(text.slice(start, i));
      start = i + 1;
    }
  }
  cells.push(text.slice(start));
  return cells;
}

function columnOf(t: Table, kind: Kind): number {
  const counts = new Map<number, number>();
  for (const r of t.rows) r.kinds.forEach((k, c) => k.includes(kind) && counts.set(c, (counts.get(c) ?? 0) + 1));
  let column = 0;
  for (const [c, n] of counts) if (n > (counts.get(column) ?? 0)) column = c;
  return column;
}

function purposeColumnOf(t: Table, itemColumn: number): number {
  const named = t.columns.findIndex((c, i) => i !== itemColumn && PURPOSE_HEADER.test(c));
  if (named !== -1) return named;
  return t.columns.findIndex((_, i) => i !== itemColumn);
}

/** Every line of the table has its pipes at the same columns. */
function isAligned(t: Table, layout: Layout): boolean {
  const pipes = (line: string): string => [...line.matchAll(/(?<!\\)\|/g)].map((m) => m.index).join(',');
  const first = pipes(layout.lines[t.header]!);
  for (let i = t.header + 1; i <= t.last; i++) if (pipes(layout.lines[i]!) !== first) return false;
  return splitRow(layout.lines[t.header]!).length > 0;
}

/** A new list entry like the list's last: its indentation and marker (numbered on from it). */
function entry(l: List, layout: Layout, f: Finding, purpose: string | undefined, before: number): string {
  const last = l.items[l.items.length - 1]!;
  const numbered = /^(\d+)([.)])$/.exec(last.marker);
  const marker = numbered ? `${Number(numbered[1]) + 1 + before}${numbered[2]}` : last.marker;
  const line = layout.lines[last.line]!;
  const gap = /^\s*(?:[-*+]|\d{1,9}[.)])([ \t]+)/.exec(line)?.[1] ?? ' ';
  return `${last.indent}${marker}${gap}${code(f.item)} — ${purpose ?? `TODO: ${todoWhere(f)}`}`;
}

function sectionDepth(layout: Layout): number {
  const depths = layout.headings.map((h) => h.depth).filter((d) => d > 1);
  return depths.length === 0 ? 2 : Math.min(...depths);
}

/**
 * Where a new section goes: at the end, after the last line that is not blank, or before a last
 * section that only points elsewhere ("See also", "References").
 */
function endOfText(layout: Layout): number {
  const last = layout.headings[layout.headings.length - 1];
  let i = layout.lines.length;
  if (last && isReferenceSection([last.title])) i = last.line;
  while (i > 0 && layout.lines[i - 1]!.trim() === '') i--;
  return i;
}
