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

export function parseDocument(doc: SourceDocument, mode: ExtractMode, kinds: readonly Kind[], systemCommands: readonly string[] = []): ParsedDocument {
  const text = normalizeText(doc.text);
  const lines = new LineIndex(text);
  const frontMatter = readFrontMatter(doc.path, text);
  const search = new BoundedSearch(text);
  const structure = readMarkdown(text, frontMatter.bodyOffset, search);
  const fmSpans: Span[] = frontMatter.scalars.map((s) => ({
    text: s.value, context: 'frontmatter', start: s.offset, end: Math.min(text.length, s.offset + s.value.length + 64), section: [], keyPath: s.keyPath,
  }));
  const spans = [...fmSpans, ...structure.spans];
  const references = referencesOf({ path: doc.path, text, lines, spans }, mode, kinds, systemCommands, search);
  return { path: doc.path, text, lines, frontMatter, spans, headings: structure.headings, comments: structure.comments, references, diagnostics: [...frontMatter.diagnostics] };
}

/** The items a parsed document names, read in `mode`; the Markdown is not lexed again. */
export function referencesOf(
  doc: Pick<ParsedDocument, 'path' | 'text' | 'lines' | 'spans'>,
  mode: ExtractMode,
  kinds: readonly Kind[],
  systemCommands: readonly string[] = [],
  search = new BoundedSearch(doc.text),
): LocatedReference[] {
  const ctx = { mode, docDir: directoryOf(doc.path), systemCommands: new Set(systemCommands) };
  return extractReferences(doc.text, doc.spans, ctx, kinds, search).map((r) => {
    const located = r as LocatedReference;
    const at = doc.lines.position(r.offset);
    located.line = at.line;
    located.column = at.column;
    return located;
  });
}
