import { cutAt } from '../trim.js';
import { basename, stem } from '../canonical/path.js';
import { joinPath } from '../extract/shell.js';
import type { ParsedDocument } from '../parse/document.js';
import { directoryOf } from '../parse/document.js';
import type { Span } from '../parse/markdown.js';
import { isFilesHeading } from './obligations.js';
import { isOperatingHeading, isPassingSection } from './operating.js';
import { isReferenceSection } from './sections.js';

/**
 * Which of a spec's items hold the runbook to account. The whole spec, when it names a
 * runbook of the set (or says so in front matter); otherwise the sections about operating the
 * system, and the line of each passing mention (a file list, a changelog, a deliverables table).
 */
export interface Binding {
  /** The whole spec is bound. */
  bound: boolean;
  /** Why: 'front matter', the line that names the runbook, or the sections that bind. */
  reason: string;
  /** The runbook of the set that the spec names, when it names one. */
  runbook?: string;
  /** Heading trails of sections about operating the system: everything under them is bound. */
  sections: ReadonlyArray<readonly string[]>;
  /** Lines of passing mentions: only their own items are bound. */
  lines: ReadonlySet<number>;
}

/** A file name followed by a comma or a semicolon: one entry of a list of files. */
const FILE_IN_LIST = /[\w./-]+\.[A-Za-z]{1,8}`?\s*[,;]/g;
const FILE_NAME = /[\w./-]+\.(?:md|markdown|txt|rst|ya?ml|json|tla)\b/gi;

/** A passing mention binds at most this many lines of its block. */
const MAX_BLOCK_LINES = 40;

type BindingInput = Pick<ParsedDocument, 'path' | 'frontMatter' | 'spans' | 'lines' | 'headings' | 'text'>;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Does the binding hold the runbook to an item at this place? */
export function binds(binding: Binding, at: { section: readonly string[]; line: number }): boolean {
  if (binding.bound || binding.lines.has(at.line)) return true;
  return binding.sections.some((trail) => trail.length <= at.section.length && trail.every((h, i) => at.section[i] === h));
}

/**
 * A spec binds itself to the runbook set by naming one of its files (its path, its file name,
 * or a link resolved from the spec's own directory) outside a See-also section, or by
 * `runbook: true` in front matter. A name in passing binds its own line only; a section about
 * operating the system binds itself, whether or not the runbook is named.
 */
export function bindingOf(doc: BindingInput, runbookPaths: string | readonly string[]): Binding {
  const paths = typeof runbookPaths === 'string' ? [runbookPaths] : runbookPaths;
  const declared = declaredBinding(doc.frontMatter.data, paths);
  // `runbook: false` is the author's word: nothing in the spec is the runbook's.
  if (declared !== undefined) return { bound: declared.bound, reason: 'front matter', ...(declared.runbook ? { runbook: declared.runbook } : {}), sections: [], lines: new Set() };

  const sections = operatingSections(doc.headings);
  const namers = paths.map(namerOf);
  const docDir = directoryOf(doc.path);
  const lines = new Set<number>();
  let passing: string | undefined;
  for (const span of doc.spans) {
    if (span.context === 'frontmatter' || isReferenceSection(span.section)) continue;
    const named = paths.find((p, i) => (span.context === 'link' ? joinPath(docDir, cutAt(span.text, '#?')) === p : namers[i]!(span)));
    if (!named) continue;
    const line = doc.lines.position(span.start).line;
    if (!isPassing(doc, span, line) && !isCitation(span, named)) return { bound: true, reason: `names the runbook on line ${line}`, runbook: named, sections: [], lines: new Set() };
    // The passing mention's own block: its paragraph, list item or table row.
    const hostStart = span.host ? span.start - span.host.index : span.start;
    const last = doc.lines.position(hostStart + (span.host?.text.length ?? span.text.length)).line;
    for (let l = doc.lines.position(hostStart).line; l <= Math.min(last, line + MAX_BLOCK_LINES); l++) lines.add(l);
    passing ??= named;
  }
  const parts = [...(sections.length > 0 ? [`${sections.length} operating section${sections.length > 1 ? 's' : ''}`] : []), ...(lines.size > 0 ? [`a passing mention on line ${[...lines][0]}`] : [])];
  return { bound: false, reason: parts.length > 0 ? `binds ${parts.join(' and ')}` : 'does not name the runbook', ...(passing ? { runbook: passing } : {}), sections, lines };
}

/**
 * How a span names a runbook: by its file name (any case), or by its bare stem where that is a
 * name rather than a word: written as code, or in capitals as file names are (`RUNBOOK`,
 * `DEPLOYMENT`). "operations" in a sentence is a word, not `operations.md`.
 */
function namerOf(runbookPath: string): (span: Span) => boolean {
  const file = basename(runbookPath).toLowerCase();
  const name = stem(runbookPath);
  const isName = /[A-Z]/.test(name) && name !== name[0] + name.slice(1).toLowerCase();
  const stemWord = new RegExp(`(?<![\\w-])${escapeRegExp(name)}(?![\\w-])`);
  return (span) => {
    if (span.text.toLowerCase().includes(file)) return true;
    if (span.context === 'code') return span.text.trim() === name;
    return isName && stemWord.test(span.text);
  };
}

/**
 * A mention in passing: under a file list, changelog or deliverables heading, or as the subject
 * of a list item or a table cell of its own (`- docs/RUNBOOK.md — updated`, `| RUNBOOK.md | … |`):
 * an index of files, not an instruction to the runbook.
 */
function isPassing(doc: BindingInput, span: Span, line: number): boolean {
  if (span.section.some((h) => isFilesHeading(h) || isPassingSection(h))) return true;
  const source = lineText(doc, line);
  // A line that lists files (`Depends on: a.md, b.md, RUNBOOK.md`) is an index of them.
  if ((source.match(FILE_IN_LIST) ?? []).length >= 1 && (source.match(FILE_NAME) ?? []).length >= 2) return true;
  const item = /^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?(.*)$/.exec(source);
  if (item) {
    // An index entry: the file first, or after a short label (`**Operations Runbook:** specs/RUNBOOK.md (…)`).
    const entry = item[1]!.replace(/^\*\*[^*]{1,60}\*\*:?\s*|^[^\s:`]{1,40}(?:\s[^\s:`]{1,20}){0,3}:\s+/, '');
    return /^[`*_[(<]*[\w./-]+\.(?:md|markdown)\b/i.test(entry) || /^[`*_[(<]*[A-Z][A-Z_-]+[`*_\])>]*(?:\s|$)/.test(entry);
  }
  if (/^\s*\|/.test(source)) {
    const cells = source.split('|').map((c) => c.trim().replace(/^[`*_[(<]+|[`*_\])>]+$/g, '').replace(/\]\(.*$/, ''));
    return cells.some((c) => /^[\w./-]+\.(?:md|markdown)$/i.test(c));
  }
  return false;
}

/**
 * A citation of the runbook, in any language: a pointer at one of its sections
 * (`operations.md §8`, `RUNBOOK.md SS2`, `RUNBOOK.md#restart`). It says the runbook
 * covers what its line speaks of, not that the whole spec is the runbook's.
 */
function isCitation(span: Span, runbookPath: string): boolean {
  if (span.context === 'link') return /#./.test(span.text) && !span.text.startsWith('#');
  const host = span.host?.text ?? span.text;
  const lower = host.toLowerCase();
  const file = basename(runbookPath).toLowerCase();
  const name = stem(runbookPath).toLowerCase();
  for (const needle of [file, name]) {
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + 1)) {
      const after = lower.slice(at + needle.length, at + needle.length + 16);
      if (/^[`*_\]]*\s*(?:§|ss\s?\d|#\w|,?\s*(?:section|sec\.|abschnitt|chapitre|sección)\s*\d)/u.test(after)) return true;
    }
  }
  return false;
}

function lineText(doc: BindingInput, line: number): string {
  const start = doc.lines.lineStart(line);
  const end = doc.text.indexOf('\n', start);
  return doc.text.slice(start, end === -1 ? undefined : end);
}

/** Trails of the headings about operating the system (with their sub-sections, by prefix). */
function operatingSections(headings: BindingInput['headings']): Array<readonly string[]> {
  const out: Array<readonly string[]> = [];
  for (const h of headings) {
    if (isReferenceSection(h.section)) continue;
    if (isOperatingHeading(h.text)) out.push([...h.section, h.text]);
  }
  return out;
}

function declaredBinding(data: Record<string, unknown>, paths: readonly string[]): { bound: boolean; runbook?: string } | undefined {
  const nested = data['sync-check'];
  const value = data.runbook ?? (nested && typeof nested === 'object' ? (nested as Record<string, unknown>).runbook : undefined);
  if (typeof value === 'boolean') return { bound: value };
  if (typeof value === 'string') {
    const v = value.replace(/^\.\//, '');
    const runbook = paths.find((p) => v === p || basename(v) === basename(p));
    return runbook ? { bound: true, runbook } : { bound: false };
  }
  return undefined;
}
