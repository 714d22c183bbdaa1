import { append } from '../base/append.js';
import type { Span } from '../parse/markdown.js';
import { BoundedSearch } from '../parse/search.js';
import type { Kind, Reference } from '../types.js';
import type { Candidate, ExtractContext, Extractor } from './candidate.js';
import { extractEndpoints } from './endpoints.js';
import { extractEnv } from './env.js';
import { extractLogs } from './logs.js';
import { extractScripts } from './scripts.js';
import { viewSpan } from './words.js';

/**
 * Every item of every kind has one of these: a path separator, an extension (a dot before a
 * letter, unlike a full stop), an env var's underscore, `=` or `$`, or a make/npm command.
 * Spans without any are skipped unread.
 */
const MAY_HOLD_ITEM = /[/_=$]|\.[A-Za-z]|\b(?:make|gmake|npm|pnpm|yarn|bun)\b/;

export const EXTRACTORS: Record<Kind, Extractor> = {
  log: extractLogs,
  script: extractScripts,
  endpoint: extractEndpoints,
  env: extractEnv,
};

/**
 * Runs every extractor over every span and places each item in the source: where the span's
 * text is a verbatim slice of the source the offset is exact; elsewhere (nested blocks, table
 * cells with escapes) the item's own text is searched for from the span's start.
 * With `verbatimOnly`, gives up (undefined) on the first item that would need that search.
 */
export function extractReferences(
  source: string,
  spans: Span[],
  ctx: ExtractContext,
  kinds: readonly Kind[],
  search?: BoundedSearch,
): Reference[];
export function extractReferences(
  source: string,
  spans: Span[],
  ctx: ExtractContext,
  kinds: readonly Kind[],
  search: BoundedSearch,
  verbatimOnly: true,
): Reference[] | undefined;
export function extractReferences(
  source: string,
  spans: Span[],
  ctx: ExtractContext,
  kinds: readonly Kind[],
  search = new BoundedSearch(source),
  verbatimOnly = false,
): Reference[] | undefined {
  const refs: Reference[] = [];
  for (const span of spans) {
    if (!MAY_HOLD_ITEM.test(span.text)) continue;
    const view = viewSpan(span, ctx.docDir, true);
    const found: Candidate[] = [];
    for (const kind of kinds) append(found, EXTRACTORS[kind](view, ctx));
    found.sort((a, b) => a.index - b.index);
    let cursor = span.start;
    for (const c of found) {
      if (verbatimOnly && !isVerbatim(source, span, c)) return undefined;
      const offset = place(source, search, span, c, cursor);
      cursor = Math.max(cursor, offset);
      const ref: Reference = {
        kind: c.kind,
        raw: c.raw,
        canonical: c.canonical,
        offset,
        context: span.context,
        section: span.section,
      };
      if (c.flags) ref.flags = c.flags;
      if (c.length !== undefined) ref.length = c.length;
      if (c.cwd !== undefined) ref.cwd = c.cwd;
      refs.push(ref);
    }
  }
  return refs;
}

/** The item sits in the source exactly where the span puts it: placing it needs no search. */
function isVerbatim(source: string, span: Span, c: Candidate): boolean {
  const expected = span.start + c.index;
  return source.startsWith(c.raw, expected) || (c.length !== undefined && expected + c.length <= source.length);
}

function place(source: string, search: BoundedSearch, span: Span, c: Candidate, cursor: number): number {
  const expected = span.start + c.index;
  if (isVerbatim(source, span, c)) return expected;
  const limit = Math.max(span.end, expected) + c.raw.length;
  const found = search.indexOf(c.raw, cursor);
  if (found !== -1 && found <= limit) return found;
  return Math.min(Math.max(expected, span.start), source.length);
}
