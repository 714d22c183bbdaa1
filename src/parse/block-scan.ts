import type { Token } from 'marked';

/**
 * marked's block tokens for the Markdown most specs are written in, found by one pass over the
 * lines instead of marked's lexer. It models, at the top level and at column 0 only: blank
 * lines, ATX headings, closed fenced code, thematic breaks (`---`, `***`, `___`), GFM tables
 * and tight bullet lists of one-line items. For anything else (indentation, tabs, CR, block
 * quotes, HTML, link definitions, ordered, loose, task or multi-line lists, setext headings,
 * unclosed fences, a table marked would not make) it returns undefined and marked reads the
 * document. Where it answers, each token has the type, raw text and the fields the walker in
 * markdown.ts reads that marked's lexer would give (`__tests__/block-scan.test.ts` holds the
 * two side by side).
 */
export function scanBlocks(body: string): Token[] | undefined {
  return hasOtherLineBreaks(body) ? undefined : scanLines(body);
}

/** `.` in marked's rules stops at CR and the Unicode line separators: lines would differ. */
function hasOtherLineBreaks(text: string): boolean {
  return text.includes('\r') || text.includes('\u2028') || text.includes('\u2029');
}

function scanLines(body: string): Token[] | undefined {
  const lines = body.split('\n');
  const tokens: Token[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line === '') {
      // The text after the last newline: empty at the body's end.
      if (i === lines.length - 1) break;
      // Blank lines at the start: marked's space token (there is no block before them to end).
      let j = i;
      while (j < lines.length - 1 && lines[j] === '') j++;
      tokens.push({ type: 'space', raw: '\n'.repeat(j - i) });
      i = j;
      continue;
    }
    const block = blockAt(lines, i);
    if (!block) return undefined;
    tokens.push(block.token);
    i = block.next;
    if (i < lines.length) i = newlineAfter(tokens, lines, i);
  }
  return tokens;
}

/** The block that starts at line `i`, and the line after it. */
function blockAt(lines: readonly string[], i: number): { token: Token; next: number } | undefined {
  const line = lines[i]!;
  switch (classify(line)) {
    case 'heading':
      return { token: heading(line), next: i + 1 };
    case 'fence':
      return fenced(lines, i);
    case 'hr':
      return { token: { type: 'hr', raw: line } as Token, next: i + 1 };
    case 'bullet':
    case 'ordered':
      return bulletList(lines, i);
    case 'text': {
      // A table when the next line is its delimiter row, else a paragraph.
      const next = lines[i + 1];
      return next !== undefined && isDelimiterLike(next) ? gfmTable(lines, i) : paragraphAt(lines, i);
    }
    default:
      return undefined;
  }
}

/**
 * After a block that ended at line `i - 1`: the newline ending it and the blank lines after it
 * become marked's space token (two newlines or more) or the end of the block's raw (one).
 */
function newlineAfter(tokens: Token[], lines: readonly string[], i: number): number {
  let j = i;
  while (j < lines.length - 1 && lines[j] === '') j++;
  const n = 1 + j - i;
  if (n === 1) tokens[tokens.length - 1]!.raw += '\n';
  else tokens.push({ type: 'space', raw: '\n'.repeat(n) });
  return j;
}

type LineKind = 'reject' | 'heading' | 'fence' | 'hr' | 'bullet' | 'ordered' | 'text';

const ATX = /^#{1,6}(?=\s|$)/;
const FENCE_OPEN = /^(?:`{3,}|~{3,})/;
const HR = /^(?:-{3,}|\*{3,}|_{3,})$/;
const HR_LIKE = /^ {0,3}(?:(?:-[\t ]*){3,}|(?:_[ \t]*){3,}|(?:\*[ \t]*){3,})$/;
const UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
const BULLET = /^[-*+](?: |$)/;
const ORDERED = /^\d{1,9}[.)](?:[ \t]|$)/;

/**
 * A line that may open a link reference definition: its label runs to the first unescaped `]`,
 * on this line or (when there is none) a later one, and is followed by `:`.
 */
function mayBeDefinition(line: string): boolean {
  const close = line.indexOf(']');
  return close === -1 || line[close + 1] === ':' || line.lastIndexOf('\\', close) !== -1;
}

/** What a line outside fenced code starts, as far as this scanner models it. */
function classify(line: string): LineKind {
  const c = line.charCodeAt(0);
  if (c === 0x20 || line.includes('\t')) return 'reject';
  // Most lines start with a letter: none of the patterns below can match them.
  if (isLetter(c)) return 'text';
  if (c === 0x23 /* # */ && ATX.test(line)) return 'heading';
  if ((c === 0x60 || c === 0x7e) && FENCE_OPEN.test(line)) return 'fence';
  if (HR.test(line)) return 'hr';
  if (HR_LIKE.test(line) || UNDERLINE.test(line)) return 'reject';
  if (BULLET.test(line)) return 'bullet';
  if (ORDERED.test(line)) return 'ordered';
  if (c === 0x3e /* > */ || c === 0x3c /* < */) return 'reject';
  if (c === 0x5b /* [ */ && mayBeDefinition(line)) return 'reject';
  if (isDelimiterLike(line)) return 'reject';
  return 'text';
}

/** A line marked could take as a table's delimiter row (or that interrupts a paragraph as one). */
const DELIMITER = /^ {0,3}((?:\| *)?:?-+:? *(?:\| *:?-+:? *)*(?:\| *)?)$/;
const TABLE_INTERRUPT = /^ {0,3}\|?(?:[:\- ]*\|)+[:\- ]*$/;
function isDelimiterLike(line: string): boolean {
  const c = line.charCodeAt(0);
  // `|`, `:`, `-` or a space: what both patterns open with.
  if (c !== 0x7c && c !== 0x3a && c !== 0x2d && c !== 0x20) return false;
  return (DELIMITER.test(line) && /[:|]/.test(line)) || TABLE_INTERRUPT.test(line);
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function heading(line: string): Token {
  const hashes = ATX.exec(line)![0].length;
  let text = line.slice(hashes).trim();
  // A closing run of #s goes when a space or tab comes before it (or nothing does).
  if (text.endsWith('#')) {
    let end = text.length;
    while (end > 0 && text[end - 1] === '#') end--;
    const trimmed = text.slice(0, end);
    if (!trimmed || /[ \t]$/.test(trimmed)) text = trimmed.trim();
  }
  return { type: 'heading', raw: line, depth: hashes, text, tokens: [] } as Token;
}

/** A fenced code block opening at `start`, closed by a later line; undefined when it never closes. */
function fenced(lines: readonly string[], start: number): { token: Token; next: number } | undefined {
  const open = lines[start]!;
  const marker = FENCE_OPEN.exec(open)![0];
  const info = open.slice(marker.length);
  // A backtick fence's info string holds no backtick; an escaped character would be unescaped.
  if ((marker[0] === '`' && info.includes('`')) || info.includes('\\')) return undefined;
  const closer = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},} *$`);
  for (let j = start + 1; j < lines.length; j++) {
    if (!closer.test(lines[j]!)) continue;
    const content = lines.slice(start + 1, j);
    let text = content.join('\n');
    if (content.length > 0 && (text === '' || text.endsWith('\n'))) text += '\n';
    const lang = info.trim();
    const token = {
      type: 'code',
      raw: lines.slice(start, j + 1).join('\n'),
      lang: info === '' ? '' : lang,
      text,
    } as Token;
    return { token, next: j + 1 };
  }
  return undefined;
}

/** A paragraph from `start` to the line before a blank line, a heading, a fence, a bullet or `***`. */
function paragraphAt(lines: readonly string[], start: number): { token: Token; next: number } | undefined {
  let j = start + 1;
  for (; j < lines.length; j++) {
    const line = lines[j]!;
    if (line === '') break;
    const kind = classify(line);
    if (kind === 'heading' || kind === 'fence') break;
    if (kind === 'hr') {
      // `---` under a paragraph is a setext heading.
      if (line[0] === '-') return undefined;
      break;
    }
    if (kind === 'bullet' || kind === 'ordered') {
      // Only a bullet or `1.` / `1)` with text after it interrupts a paragraph.
      if (!/^(?:[-*+]|1[.)]) +\S/.test(line)) return undefined;
      break;
    }
    if (kind === 'reject') return undefined;
    // A line followed by a delimiter row would start a table inside the paragraph.
    const after = lines[j + 1];
    if (after !== undefined && isDelimiterLike(after)) return undefined;
  }
  const text = lines.slice(start, j).join('\n');
  return { token: { type: 'paragraph', raw: text, text, tokens: [] } as Token, next: j };
}

/** marked's splitCells: a row's cells, escaped pipes kept, the outer empty cells dropped. */
function splitCells(row: string, count?: number): string[] {
  let marked = '';
  for (let k = 0; k < row.length; k++) {
    if (row[k] === '|') {
      let slashes = 0;
      for (let b = k - 1; b >= 0 && row[b] === '\\'; b--) slashes++;
      marked += slashes % 2 === 1 ? '|' : ' |';
    } else marked += row[k];
  }
  const cells = marked.split(/ \|/);
  if (!cells[0]!.trim()) cells.shift();
  if (cells.length > 0 && !cells[cells.length - 1]!.trim()) cells.pop();
  if (count) {
    if (cells.length > count) cells.splice(count);
    else while (cells.length < count) cells.push('');
  }
  return cells.map((c) => c.trim().replace(/\\\|/g, '|'));
}

/** What ends a table's rows, besides a blank line (marked's gfm table rule). */
const ROW_END = /^(?: {0,3}#{1,6}(?:\s|$)| {0,3}>| {4}| {0,3}(?:`{3,}|~~~)| {0,3}(?:[*+-]|1[.)])[ \t]| {0,3}<)/;

function gfmTable(lines: readonly string[], start: number): { token: Token; next: number } | undefined {
  const header = lines[start]!;
  const delimiter = lines[start + 1]!;
  if (!DELIMITER.test(delimiter) || !/[:|]/.test(delimiter)) return undefined;
  const headers = splitCells(header);
  const aligns = delimiter.replace(/^\||\| *$/g, '').split('|');
  if (headers.length !== aligns.length) return undefined;
  let j = start + 2;
  const rows: string[] = [];
  for (; j < lines.length; j++) {
    const line = lines[j]!;
    if (line === '') break;
    if (line[0] === ' ' || line.includes('\t') || HR_LIKE.test(line)) return undefined;
    if (ROW_END.test(line)) {
      // A heading or a fence may end the table; anything else that would is not modelled.
      const kind = classify(line);
      if (kind === 'heading' || kind === 'fence') break;
      return undefined;
    }
    rows.push(line);
  }
  const cell = (text: string) => ({ text, tokens: [], header: false, align: null });
  const token = {
    type: 'table',
    raw: lines.slice(start, j).join('\n'),
    header: headers.map((text) => ({ ...cell(text), header: true })),
    align: aligns.map(() => null),
    rows: rows.map((row) => splitCells(row, headers.length).map(cell)),
  } as unknown as Token;
  return { token, next: j };
}

const ITEM = /^([-*+]|\d{1,9}[.)])( {1,4})(\S.*)$/;
const TASK = /^\[[ xX]\][ \t]+\S/;

/** What a one-line list item may hold and still be one text token (a task's checkbox aside). */
function plainItem(content: string): boolean {
  return classify(content) === 'text';
}

/** The same list goes on with the same bullet, or an ordered marker with the same delimiter. */
function sameList(marker: string, first: string): boolean {
  return first.length === 1 ? marker === first : marker.length > 1 && marker.endsWith(first[first.length - 1]!);
}

/**
 * A tight list with one kind of marker whose items are one line each, with nested lists of the
 * same kind under them (lines indented to the item's text); undefined for any other list.
 * `nested`: the list is inside an item, where only another list may follow it.
 */
function bulletList(
  lines: readonly string[],
  start: number,
  nested = false,
): { token: Token; next: number } | undefined {
  const first = ITEM.exec(lines[start]!)?.[1];
  if (first === undefined) return undefined;
  const items: Item[] = [];
  let j = start;
  while (j < lines.length) {
    const line = lines[j]!;
    const m = ITEM.exec(line);
    if (!m || !sameList(m[1]!, first)) break;
    if (!plainItem(m[3]!)) return undefined;
    // Lines indented to the item's text belong to it, that indentation taken off.
    const indent = m[1]!.length + m[2]!.length;
    const children: string[] = [];
    let k = j + 1;
    for (; k < lines.length; k++) {
      const next = lines[k]!;
      const spaces = next.length - next.trimStart().length;
      if (next === '' || spaces === 0) break;
      if (spaces < indent || next.includes('\t')) return undefined;
      children.push(next.slice(indent));
    }
    const inner = children.length > 0 ? nestedLists(children) : [];
    if (!inner) return undefined;
    items.push({ text: m[3]!, raw: line, inner });
    j = k;
  }
  const after = lines[j];
  if (after !== undefined && after !== '') {
    // Only a heading, a fence, a thematic break or another kind of list ends an item on the next line.
    const kind = classify(after);
    if (kind === 'bullet' || kind === 'ordered') {
      const marker = /^(?:[-*+]|\d{1,9}[.)])/.exec(after)![0];
      if (sameList(marker, first)) return undefined;
    } else if (nested || (kind !== 'heading' && kind !== 'fence' && kind !== 'hr')) return undefined;
  } else if (after === '') {
    // After a blank line, another item or an indented line would belong to the list.
    let k = j;
    while (k < lines.length && lines[k] === '') k++;
    const resumed = lines[k];
    if (resumed !== undefined && (BULLET.test(resumed) || ORDERED.test(resumed) || resumed[0] === ' '))
      return undefined;
  }
  const consumed = lines.slice(start, j).join('\n');
  // Trailing spaces of the last item go to what follows: not modelled.
  if (consumed.trimEnd().length !== consumed.length) return undefined;
  const last = items[items.length - 1]!;
  if (last.inner.length === 0) last.text = last.text.trimEnd();
  const token = {
    type: 'list',
    raw: consumed,
    ordered: first.length > 1,
    start: first.length > 1 ? Number(first.slice(0, -1)) : '',
    loose: false,
    items: items.map(itemToken),
  } as unknown as Token;
  return { token, next: j };
}

interface Item {
  /** The item's first line, its marker taken off. */
  text: string;
  raw: string;
  /** The lists nested in it. */
  inner: Token[];
}

/**
 * The lists an item holds after its first line: each a list of this kind, the first one of
 * those that may follow a line of text (a bullet, or an ordered list from 1), one after another.
 */
function nestedLists(lines: readonly string[]): Token[] | undefined {
  if (!/^(?:[-*+]|1[.)]) +\S/.test(lines[0]!)) return undefined;
  const tokens: Token[] = [];
  let i = 0;
  while (i < lines.length) {
    const list = bulletList(lines, i, true);
    if (!list) return undefined;
    tokens.push(list.token);
    i = list.next;
    if (i < lines.length) tokens[tokens.length - 1]!.raw += '\n';
  }
  return tokens;
}

/** A list item's tokens: its text (after a task's checkbox token) and the lists nested in it. */
function itemToken(item: Item): unknown {
  const task = TASK.test(item.text);
  const text = task ? item.text.replace(/^\[[ xX]\][ \t]+/, '') : item.text;
  const raw = item.inner.length > 0 ? `${text}\n` : text;
  const tokens: unknown[] = [{ type: 'text', raw, text, tokens: [] }, ...item.inner];
  if (task) {
    const box = /\[[ xX]\]/.exec(item.raw)![0];
    tokens.unshift({ type: 'checkbox', raw: `${box} `, checked: box !== '[ ]' });
  }
  return { type: 'list_item', raw: item.raw, task, loose: false, text, tokens };
}

/**
 * A document's block tokens, marked's for the parts the scanner does not model. A heading at
 * column 0 outside fenced code ends every block marked has (lists, quotes, tables, paragraphs),
 * so the document is cut there and each part read on its own: by the scanner where it can,
 * by marked's lexer where it cannot. Where a cut could land inside a block (an indented fence,
 * an HTML block, a definition's label that goes on past its line) no further cut is made.
 * Returns undefined when marked's lexer fails on a part (the caller reads the whole document
 * as plain lines then, as it does when marked fails on it).
 */
export function blockTokens(
  body: string,
  lex: (part: string) => Token[] | undefined,
  stats?: { scanned: number; lexed: number },
): Token[] | undefined {
  const out: Token[] = [];
  const cut = !hasOtherLineBreaks(body);
  for (const part of cut ? parts(body) : [body]) {
    let tokens = cut ? scanLines(part) : undefined;
    if (tokens) {
      if (stats) stats.scanned++;
    } else {
      tokens = lex(part);
      if (!tokens) return undefined;
      if (stats) stats.lexed++;
    }
    for (const t of tokens) out.push(t);
  }
  return out;
}

const INDENTED_FENCE = /^ {1,3}(?:`{3,}|~{3,})/;
const HTML_START = /^ {0,3}</;
const LABEL_START = /^ {0,3}\[/;

/** The document cut before each heading at column 0 that no block can hold. */
function parts(body: string): string[] {
  const out: string[] = [];
  let partStart = 0;
  let fence: RegExp | undefined;
  for (let at = 0; at < body.length;) {
    let end = body.indexOf('\n', at);
    if (end === -1) end = body.length;
    // A line that starts with a letter opens, closes and cuts nothing.
    if (isLetter(body.charCodeAt(at))) {
      at = end + 1;
      continue;
    }
    const line = body.slice(at, end);
    if (fence) {
      if (fence.test(line)) fence = undefined;
    } else if (line.charCodeAt(0) === 0x23 && ATX.test(line) && at > partStart) {
      out.push(body.slice(partStart, at));
      partStart = at;
    } else if (FENCE_OPEN.test(line)) {
      const marker = FENCE_OPEN.exec(line)![0];
      // A backtick fence's info string holds no backtick: such a line opens nothing.
      if (marker[0] === '~' || !line.slice(marker.length).includes('`'))
        fence = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},} *$`);
    } else if (INDENTED_FENCE.test(line) || HTML_START.test(line) || (LABEL_START.test(line) && !line.includes(']'))) {
      break;
    }
    at = end + 1;
  }
  out.push(body.slice(partStart));
  return out;
}
