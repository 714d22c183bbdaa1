import type { ExtractMode } from '../extract/candidate.js';
import { extractReferences } from '../extract/index.js';
import type { Diagnostic, Kind, LocatedReference, SourceDocument } from '../types.js';
import { readFrontMatter, type FrontMatter } from './frontmatter.js';
import { readMarkdown, type Comment, type Heading, type Span } from './markdown.js';
import { BoundedSearch } from './search.js';
import { LineIndex, normalizeText } from './text.js';

/** A document read and understood: its spans, headings, front matter and the items it names. */
export interface ParsedDocument {
  path: string;
  text: string;
  lines: LineIndex;
  frontMatter: FrontMatter;
  spans: Span[];
  headings: Heading[];
  comments: Comment[];
  references: LocatedReference[];
  diagnostics: Diagnostic[];
}

export function directoryOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** A document read, but its items not yet extracted: enough to tell whether it binds to the runbook. */
export type DocumentStructure = Omit<ParsedDocument, 'references'> & { search: BoundedSearch };

export function parseDocument(
  doc: SourceDocument,
  mode: ExtractMode,
  kinds: readonly Kind[],
  systemCommands: readonly string[] = [],
): ParsedDocument {
  return withReferences(readStructure(doc), mode, kinds, systemCommands);
}

export function readStructure(doc: SourceDocument): DocumentStructure {
  const text = normalizeText(doc.text);
  const lines = new LineIndex(text);
  const frontMatter = readFrontMatter(doc.path, text);
  const search = new BoundedSearch(text);
  const structure = readMarkdown(text, frontMatter.bodyOffset, search);
  const fmSpans: Span[] = frontMatter.scalars.map((s) => ({
    text: s.value,
    context: 'frontmatter',
    start: s.offset,
    end: Math.min(text.length, s.offset + s.value.length + 64),
    section: [],
    keyPath: s.keyPath,
  }));
  const spans = [...fmSpans, ...structure.spans];
  return {
    path: doc.path,
    text,
    lines,
    frontMatter,
    spans,
    headings: structure.headings,
    comments: structure.comments,
    diagnostics: [...frontMatter.diagnostics],
    search,
  };
}

/**
 * The document with its items of `kinds`. With `only` (some of `kinds`), just those items,
 * exactly as the whole extraction would place them: where placing one would need a search
 * (whose cursor and budget the other kinds' items move), the whole extraction runs.
 */
export function withReferences(
  structure: DocumentStructure,
  mode: ExtractMode,
  kinds: readonly Kind[],
  systemCommands: readonly string[] = [],
  only?: readonly Kind[],
): ParsedDocument {
  const { search, ...doc } = structure;
  const kept = only && kinds.filter((k) => only.includes(k));
  const narrowed = kept && kept.length < kinds.length ? kept : undefined;
  const references =
    (narrowed && referencesOf(doc, mode, narrowed, systemCommands, search, true)) ??
    referencesOf(doc, mode, kinds, systemCommands, search).filter((r) => !narrowed || narrowed.includes(r.kind));
  return { ...doc, references };
}

/** The items a parsed document names, read in `mode`; the Markdown is not lexed again. */
export function referencesOf(
  doc: Pick<ParsedDocument, 'path' | 'text' | 'lines' | 'spans'>,
  mode: ExtractMode,
  kinds: readonly Kind[],
  systemCommands?: readonly string[],
  search?: BoundedSearch,
): LocatedReference[];
export function referencesOf(
  doc: Pick<ParsedDocument, 'path' | 'text' | 'lines' | 'spans'>,
  mode: ExtractMode,
  kinds: readonly Kind[],
  systemCommands: readonly string[],
  search: BoundedSearch,
  verbatimOnly: true,
): LocatedReference[] | undefined;
export function referencesOf(
  doc: Pick<ParsedDocument, 'path' | 'text' | 'lines' | 'spans'>,
  mode: ExtractMode,
  kinds: readonly Kind[],
  systemCommands: readonly string[] = [],
  search = new BoundedSearch(doc.text),
  verbatimOnly = false,
): LocatedReference[] | undefined {
  const ctx = { mode, docDir: directoryOf(doc.path), systemCommands: new Set(systemCommands) };
  const refs = verbatimOnly
    ? extractReferences(doc.text, doc.spans, ctx, kinds, search, true)
    : extractReferences(doc.text, doc.spans, ctx, kinds, search);
  return refs?.map((r) => {
    const located = r as LocatedReference;
    const at = doc.lines.position(r.offset);
    located.line = at.line;
    located.column = at.column;
    return located;
  });
}
