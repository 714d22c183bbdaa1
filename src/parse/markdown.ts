import { cwdHint } from './cwd-hint.js';
import { trailingRun } from '../base/trim.js';
import { Lexer, type Token, type Tokens } from 'marked';
import type { SpanContext } from '../types.js';
import { blockTokens as scannedTokens } from './block-scan.js';
import { splitInline } from './inline.js';
import { BoundedSearch } from './search.js';

/** A piece of a document's text with what it is (prose, code, link target) and where it sits. */
export interface Span {
  text: string;
  context: SpanContext;
  /** Source offset where the span's text starts (best effort for nested blocks). */
  start: number;
  /** Source offset the span's text cannot extend past. */
  end: number;
  section: readonly string[];
  /** Fenced/indented code only: the info string's language, '' when none. */
  lang?: string;
  /** Code blocks: a working directory given by the prose just before them ("from api/"). */
  cwd?: string;
  /** Front matter only: the key path holding the value. */
  keyPath?: string[];
  /** Inline pieces: the whole paragraph/cell/item text and where this piece sits in it. */
  host?: { text: string; index: number };
}

export interface Heading {
  text: string;
  depth: number;
  offset: number;
  section: readonly string[];
}

/** An HTML comment: invisible to readers, where `sync-check-…` directives are written. */
export interface Comment {
  text: string;
  offset: number;
}

export interface MarkdownStructure {
  spans: Span[];
  headings: Heading[];
  comments: Comment[];
}

/** Nesting deeper than this is read as plain lines: marked recurses once per level. */
export const MAX_NESTING = 32;

/**
 * Reads Markdown structurally with marked's block lexer. Inline syntax that matters here
 * (code spans, link targets) is split by `splitInline`, which is linear, so marked's inline
 * lexer, the slow and super-linear part, never runs.
 */
export function readMarkdown(
  source: string,
  bodyOffset: number,
  search = new BoundedSearch(source),
  options: { scan?: boolean } = {},
): MarkdownStructure {
  const body = source.slice(bodyOffset);
  // The line scanner gives marked's tokens for what it models; `scan: false` is marked alone (for tests).
  const tokens =
    nestingDepth(body) > MAX_NESTING
      ? undefined
      : options.scan === false
        ? markedTokens(body)
        : scannedTokens(body, markedTokens);
  const walker = new Walker(source, search);
  if (tokens === undefined) {
    walker.plainLines(body, bodyOffset);
  } else {
    let offset = bodyOffset;
    for (const token of tokens) {
      walker.block(token, offset, offset + token.raw.length);
      offset += token.raw.length;
    }
  }
  return { spans: walker.spans, headings: walker.headings, comments: walker.comments };
}

/**
 * marked's block tokens, or undefined where marked itself fails: some malformed nestings
 * (a list item holding "> 2) >" and a NUL) make its lexer throw. Such text is read as plain
 * lines, like text nested too deep, rather than losing the whole file.
 */
function markedTokens(body: string): Token[] | undefined {
  try {
    return new Lexer({ gfm: true }).blockTokens(body);
  } catch {
    return undefined;
  }
}

/** Cheap upper bound on block nesting: blockquote markers and list indentation per line. */
export function nestingDepth(text: string): number {
  let max = 0;
  for (let start = 0; start < text.length;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    let depth = 0;
    let indent = 0;
    let markers = 0;
    for (let i = start; i < end && i - start < 4096; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x3e /* > */) depth++;
      else if (c === 0x20) indent++;
      else if (c === 0x09) indent += 4;
      else if ((c === 0x2d || c === 0x2a || c === 0x2b) && text.charCodeAt(i + 1) === 0x20) markers++;
      else if (c >= 0x30 && c <= 0x39) {
        // "1. " and "1) " open ordered lists, which nest like bullets.
        let j = i;
        while (j < end && j - i < 9 && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
        const d = text.charCodeAt(j);
        if ((d !== 0x2e && d !== 0x29) || text.charCodeAt(j + 1) !== 0x20) break;
        markers++;
        i = j;
      } else break;
    }
    // Indentation nests only list items; an indented code line recurses nowhere.
    if (markers > 0) depth += markers + (indent >> 1);
    if (depth > max) max = depth;
    start = end + 1;
  }
  return max;
}

const NO_SECTION: readonly string[] = [];

class Walker {
  readonly spans: Span[] = [];
  readonly headings: Heading[] = [];
  readonly comments: Comment[] = [];
  /** Heading trail; replaced, never mutated, so spans can share it. */
  private section: readonly string[] = [];
  /** Depths of the open headings, and the trail as it stood at each of them. */
  private readonly depths: number[] = [];
  private readonly trails: Array<readonly string[]> = [];
  private lastProse = '';

  constructor(
    private readonly source: string,
    private readonly search: BoundedSearch,
  ) {}

  block(token: Token, start: number, end: number): void {
    switch (token.type) {
      case 'space':
      case 'hr':
        return;
      case 'heading': {
        const t = token as Tokens.Heading;
        let keep = this.depths.length;
        while (keep > 0 && this.depths[keep - 1]! >= t.depth) keep--;
        const parent = keep === 0 ? NO_SECTION : this.trails[keep - 1]!;
        const headingStart = this.locate(t.text, start, end);
        const title = plainHeading(t.text);
        this.headings.push({ text: title, depth: t.depth, offset: headingStart, section: parent });
        this.section = [...parent, title];
        // pop(), not `length = keep`: V8 makes truncating through length slow.
        while (this.depths.length > keep) {
          this.depths.pop();
          this.trails.pop();
        }
        this.depths.push(t.depth);
        this.trails.push(this.section);
        this.inline(t.text, headingStart, end);
        this.lastProse = '';
        return;
      }
      case 'paragraph':
      case 'text': {
        const text = (token as Tokens.Paragraph).text;
        this.inline(text, this.locate(text, start, end), end);
        this.lastProse = text;
        return;
      }
      case 'code': {
        const t = token as Tokens.Code;
        const lang = (t.lang ?? '').trim().split(/\s+/)[0]!.toLowerCase();
        const cwd = cwdHint(this.lastProse);
        this.spans.push({
          text: t.text,
          context: 'code',
          start: this.locate(t.text, start, end),
          end,
          section: this.section,
          lang,
          ...(cwd === undefined ? {} : { cwd }),
        });
        return;
      }
      case 'table': {
        this.table(token as Tokens.Table, start, end);
        this.lastProse = '';
        return;
      }
      case 'list': {
        let cursor = start;
        for (const item of (token as Tokens.List).items) {
          cursor = this.children(item.tokens, cursor, end);
        }
        return;
      }
      case 'blockquote':
        this.children((token as Tokens.Blockquote).tokens, start, end);
        return;
      case 'html': {
        const text = (token as Tokens.HTML).text;
        // A block that opens with a comment runs to the blank line: text after the comment is
        // shown to readers, so it is read; the comments themselves go to the directives.
        if (text.trimStart().startsWith('<!--')) this.inline(text, start, end);
        else this.inline(stripTags(text), start, end);
        return;
      }
      case 'def': {
        const href = (token as Tokens.Def).href;
        this.spans.push({
          text: href,
          context: 'link',
          start: this.locate(href, start, end),
          end,
          section: this.section,
        });
        return;
      }
      default: {
        const nested = (token as { tokens?: Token[] }).tokens;
        if (Array.isArray(nested)) this.children(nested, start, end);
        else if (typeof (token as { text?: unknown }).text === 'string') {
          const text = (token as { text: string }).text;
          this.inline(text, this.locate(text, start, end), end);
        }
      }
    }
  }

  /**
   * Table cells are read from the row's own text (escapes kept), so every cell has its exact
   * offset; rows marked could not map to a line fall back to a search.
   */
  private table(t: Tokens.Table, start: number, end: number): void {
    const raw = this.source.slice(start, Math.min(end, start + t.raw.length));
    const lineStarts: number[] = [0];
    for (let i = raw.indexOf('\n'); i !== -1; i = raw.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    const rows = [t.header, ...t.rows];
    rows.forEach((cells, r) => {
      const lineIndex = r === 0 ? 0 : r + 1;
      const lineStart = lineStarts[lineIndex];
      if (lineStart === undefined) {
        for (const cell of cells) this.inline(cell.text, this.locate(cell.text, start, end), end);
        return;
      }
      const lineEnd = lineStarts[lineIndex + 1] === undefined ? raw.length : lineStarts[lineIndex + 1]! - 1;
      const pieces = splitRow(raw.slice(lineStart, lineEnd));
      for (const piece of pieces.slice(0, cells.length)) {
        if (piece.text !== '') this.inline(piece.text, start + lineStart + piece.offset, end);
      }
    });
  }

  /** Walks nested block tokens, whose raw text is no longer a contiguous slice of the source. */
  private children(tokens: Token[], start: number, end: number): number {
    let cursor = start;
    for (const child of tokens) {
      const probe = (child as { text?: string }).text ?? child.raw;
      const childStart = this.locate(probe, cursor, end);
      this.block(child, childStart, end);
      // Identical items follow each other: search the next one past this one.
      if (probe.trim() !== '') cursor = Math.max(cursor, childStart + 1);
    }
    return cursor;
  }

  private inline(text: string, start: number, end: number): void {
    for (const piece of splitInline(text)) {
      if (piece.context === 'comment') {
        this.comments.push({ text: piece.text, offset: start + piece.index });
        continue;
      }
      if (piece.text.trim() === '') continue;
      this.spans.push({
        text: piece.text,
        context: piece.context,
        start: start + piece.index,
        end,
        section: this.section,
        host: { text, index: piece.index },
      });
    }
  }

  /** Where `text` (or its first line) starts in the source, searching [from, to); `from` if not found. */
  private locate(text: string, from: number, to: number): number {
    // Most blocks start within a few characters of `from` ("# ", "- ", "> "): look there first.
    for (let k = 0; k < 8 && from + k < to; k++) if (this.source.startsWith(text, from + k)) return from + k;
    const firstLine = text.slice(0, Math.min(text.length, 256)).split('\n', 1)[0]!.trim();
    if (firstLine === '') return from;
    const at = this.search.indexOf(firstLine, from);
    if (at === -1 || at >= to) return from;
    return Math.max(from, at - text.indexOf(firstLine));
  }

  /** Fallback for pathologically nested input: each line is prose, fenced regions are code. */
  plainLines(body: string, bodyOffset: number): void {
    let offset = bodyOffset;
    let fence: { marker: string; start: number; lines: string[] } | undefined;
    for (const line of body.split('\n')) {
      const stripped = line.replace(/^[\s>*+-]*/, '');
      const fenceMatch = /^(`{3,}|~{3,})/.exec(stripped);
      if (fence) {
        if (fenceMatch && fenceMatch[1]!.startsWith(fence.marker)) {
          this.spans.push({
            text: fence.lines.join('\n'),
            context: 'code',
            start: fence.start,
            end: offset,
            section: this.section,
            lang: '',
          });
          fence = undefined;
        } else fence.lines.push(stripped);
      } else if (fenceMatch) {
        fence = { marker: fenceMatch[1]!, start: offset + line.length + 1, lines: [] };
      } else if (stripped.trim() !== '') {
        const lineStart = offset + (line.length - stripped.length);
        this.inline(stripped, lineStart, offset + line.length);
      }
      offset += line.length + 1;
    }
    if (fence)
      this.spans.push({
        text: fence.lines.join('\n'),
        context: 'code',
        start: fence.start,
        end: offset,
        section: this.section,
        lang: '',
      });
  }
}

/** Splits a table row on unescaped pipes; offsets are of each trimmed cell within the row. */
export function splitRow(row: string): Array<{ text: string; offset: number }> {
  const cells: Array<{ text: string; offset: number }> = [];
  let i = 0;
  while (i < row.length && (row[i] === ' ' || row[i] === '\t')) i++;
  if (row[i] === '|') i++;
  let cellStart = i;
  const flush = (endAt: number): void => {
    const cell = row.slice(cellStart, endAt);
    const lead = cell.length - cell.trimStart().length;
    cells.push({ text: cell.trim(), offset: cellStart + lead });
  };
  for (; i < row.length; i++) {
    if (row[i] === '\\') i++;
    else if (row[i] === '|') {
      flush(i);
      cellStart = i + 1;
    }
  }
  if (row.slice(cellStart).trim() !== '') flush(row.length);
  return cells;
}

function plainHeading(text: string): string {
  if (!/[`*_#]/.test(text)) return text.trim();
  // A closing "## " sequence is not part of the title.
  let title = text.replace(/[`*_]/g, '').trimEnd();
  const hashes = trailingRun(title, '#');
  if (hashes > 0 && /\s/.test(title[title.length - hashes - 1] ?? '')) title = title.slice(0, title.length - hashes);
  return title.trim();
}

function stripTags(html: string): string {
  return html.replace(/<[^<>\n]{0,512}>/g, (tag) => ' '.repeat(tag.length));
}
