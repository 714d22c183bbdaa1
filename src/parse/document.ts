import type { Diagnostic, LocatedReference, SourceDocument } from '../types.js';
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
