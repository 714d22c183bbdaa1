import { directoryOf, readStructure, type DocumentStructure, type ParsedDocument } from '../parse/document.js';
import { BoundedSearch } from '../parse/search.js';
import type { Kind, LocatedReference, SourceDocument } from '../types.js';
import type { ExtractMode } from './candidate.js';
import { extractReferences } from './index.js';

/** A document read (parse) and its items found (extract): the two first stages, for one document. */
export function parseDocument(
  doc: SourceDocument,
  mode: ExtractMode,
  kinds: readonly Kind[],
  systemCommands: readonly string[] = [],
): ParsedDocument {
  return withReferences(readStructure(doc), mode, kinds, systemCommands);
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
