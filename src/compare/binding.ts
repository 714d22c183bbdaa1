import { cutAt } from '../base/trim.js';
import { basename, stem } from '../canonical/path.js';
import { joinPath } from '../canonical/path.js';
import type { ParsedDocument } from '../parse/document.js';
import { directoryOf } from '../parse/document.js';
import type { Span } from '../parse/markdown.js';
import { isFilesHeading } from './obligations.js';
import { isOperatingHeading, isPassingSection } from './operating.js';
import { isReferenceSection } from './sections.js';

/**
 * Which of a spec's items hold the runbook to account. The whole spec, when it names a
 * runbook of the set (or says so in front matter); otherwise the sections about operating the
 * system, and the block of each passing mention (a file list, a changelog, a deliverables table).
 */
export interface Binding {
  /** The whole spec is bound. */
  bound: boolean;
  /** Why: 'front matter', the line that names the runbook, or the sections that bind. */
  reason: string;
  /** The runbook of the set that the spec names, when it names one. */
  runbook?: string;
  /** `runbook: false` in front matter: the author says nothing here is the runbook's. */
  optOut?: boolean;
  /** Heading trails of sections about operating the system: everything under them is bound. */
  sections: ReadonlyArray<readonly string[]>;
  /** Lines of passing mentions: only their own items are bound. */
  lines: ReadonlySet<number>;
}

type BindingInput = Pick<ParsedDocument, 'path' | 'frontMatter' | 'spans' | 'lines' | 'headings' | 'text'>;

/** A passing mention binds at most this many lines of its block. */
const MAX_BLOCK_LINES = 40;
/** Lines longer than this are read only this far when deciding whether a mention is in passing. */
const MAX_LINE = 4096;

/** A file name with a Markdown extension, possibly with its directories. */
const MD_TOKEN = /(?<![\w.-])((?:[\w.-]+\/)*[\w-][\w.-]*\.(?:md|markdown))(?![\w-])/gi;
/** How every MD_TOKEN ends: text without it has none, and MD_TOKEN is slow to find that out. */
const MD_END = /\.(?:md|markdown)(?![\w-])/i;
/** A word in capitals, as a file's bare name is written (`RUNBOOK`, `DEPLOYMENT`, `RUNBOOK/AGENTS.md` for either). */
const CAPS_TOKEN = /(?<![\w.-]|[a-z0-9]\/)([A-Z][A-Z0-9_-]*[A-Z0-9])(?![\w-]|\/[a-z0-9]|\.\w)/g;
/**
 * What follows a runbook's name when the spec cites one of its sections: `§8`, `SS2` / `S2.3` (§ in ASCII),
 * `#restart`, `section 3`, `Abschnitt 2`.
 */
const SECTION_POINTER =
  /^[`*_\])]*\s*(?:§|#[\p{L}\d]|S{1,2}\s?\d|,?\s*(?:[Ss]ection|[Ss]ec\.|[Cc]hapter|[Aa]bschnitt|[Kk]apitel|[Cc]hapitre|[Ss]ección|[Ss]eção|[Ss]ezione)\s*\d)/u;

/**
 * The runbooks of a set, by the names a spec may call them: a path or a path's tail, a file
 * name no other file of the repository has, or a bare name written as a name. Built once per
 * run; each span is read once whatever the size of the set.
 */
export class RunbookNames {
  private readonly byFile = new Map<string, string[]>();
  private readonly byStem = new Map<string, string[]>();
  readonly paths: readonly string[];

  /** `shared`: lower-case file names more than one file of the repository has (a bare one names none of them). */
  constructor(paths: readonly string[], shared: ReadonlySet<string> = new Set()) {
    this.paths = paths;
    for (const p of paths) {
      const file = basename(p).toLowerCase();
      (this.byFile.get(file) ?? this.byFile.set(file, []).get(file)!).push(p);
      const name = stem(p);
      // `RUNBOOK`, `DEPLOYMENT`: a name; `operations`, `Runbook` could be words.
      if (/[A-Z]/.test(name) && name !== name[0] + name.slice(1).toLowerCase() && !shared.has(file)) {
        (this.byStem.get(name) ?? this.byStem.set(name, []).get(name)!).push(p);
      }
    }
    for (const file of shared) if (this.byFile.has(file)) this.ambiguous.add(file);
  }

  private readonly ambiguous = new Set<string>();

  /** The runbook a written name stands for, if exactly one: the longest path tail, or a name only one runbook has. */
  resolve(written: string): string | undefined {
    const lower = written.toLowerCase().replace(/^\.\//, '');
    const file = lower.slice(lower.lastIndexOf('/') + 1);
    const candidates = this.byFile.get(file);
    if (!candidates) return undefined;
    if (lower.includes('/')) {
      const tails = candidates.filter((p) => p.toLowerCase() === lower || p.toLowerCase().endsWith(`/${lower}`));
      return tails.length === 1 ? tails[0] : undefined;
    }
    return candidates.length === 1 && !this.ambiguous.has(file) ? candidates[0] : undefined;
  }

  /** Each mention of a runbook in the span's text: which runbook, and where in the text it ends. */
  mentions(span: Span, docDir: string): Array<{ path: string; end: number }> {
    const out: Array<{ path: string; end: number }> = [];
    if (span.context === 'link') {
      const target = joinPath(docDir, cutAt(span.text, '#?'));
      if (this.paths.includes(target)) out.push({ path: target, end: span.text.length });
      return out;
    }
    const text = span.text;
    if (span.context === 'code') {
      const only = this.byStem.get(text.trim()) ?? [];
      if (only.length === 1) return [{ path: only[0]!, end: text.length }];
    }
    if (text.includes('.') && MD_END.test(text)) {
      MD_TOKEN.lastIndex = 0;
      for (let m = MD_TOKEN.exec(text); m; m = MD_TOKEN.exec(text)) {
        const path = this.resolve(m[1]!);
        if (path) out.push({ path, end: m.index + m[0].length });
      }
    }
    if (this.byStem.size > 0 && span.context === 'prose') {
      CAPS_TOKEN.lastIndex = 0;
      for (let m = CAPS_TOKEN.exec(text); m; m = CAPS_TOKEN.exec(text)) {
        const found = this.byStem.get(m[1]!);
        if (found?.length === 1) out.push({ path: found[0]!, end: m.index + m[0].length });
      }
    }
    return out;
  }

  /** Does the text name a runbook of the set (as `mentions` reads a sentence)? */
  namedIn(text: string): boolean {
    return this.mentions({ text, context: 'prose', start: 0, end: text.length, section: [] }, '').length > 0;
  }
}

/** Does the binding hold the runbook to an item at this place? */
export function binds(binding: Binding, at: { section: readonly string[]; line: number }): boolean {
  if (binding.bound || binding.lines.has(at.line)) return true;
  if (binding.sections.length === 0) return false;
  return underAny(binding, at.section);
}

const trailKeys = new WeakMap<Binding, Set<string>>();
const trailMemo = new WeakMap<Binding, WeakMap<readonly string[], boolean>>();

/** Is the trail under one of the binding's sections? Each distinct trail is answered once, by its prefixes. */
function underAny(binding: Binding, trail: readonly string[]): boolean {
  let memo = trailMemo.get(binding);
  if (!memo) trailMemo.set(binding, (memo = new WeakMap()));
  const cached = memo.get(trail);
  if (cached !== undefined) return cached;
  let keys = trailKeys.get(binding);
  if (!keys) trailKeys.set(binding, (keys = new Set(binding.sections.map((t) => t.join('\0')))));
  let prefix = '';
  let answer = false;
  for (let i = 0; i < trail.length && !answer; i++) {
    prefix = i === 0 ? trail[0]! : `${prefix}\0${trail[i]!}`;
    answer = keys.has(prefix);
  }
  memo.set(trail, answer);
  return answer;
}

/**
 * A spec binds itself to the runbook set by naming one of its files (its path, its file name,
 * or a link resolved from the spec's own directory) outside a See-also section, or by
 * `runbook: true` in front matter. A name in passing or a citation of one of the runbook's
 * sections binds its own block only; a section about operating the system binds itself,
 * whether or not the runbook is named.
 */
export function bindingOf(doc: BindingInput, runbooks: RunbookNames | string | readonly string[]): Binding {
  const names =
    runbooks instanceof RunbookNames
      ? runbooks
      : new RunbookNames(typeof runbooks === 'string' ? [runbooks] : runbooks);
  const declared = declaredBinding(doc.frontMatter.data, names);
  // `runbook: false` is the author's word: nothing in the spec is the runbook's.
  if (declared?.bound === false && !declared.other)
    return { bound: false, reason: 'front matter', optOut: true, sections: [], lines: new Set() };
  if (declared?.bound)
    return {
      bound: true,
      reason: 'front matter',
      ...(declared.runbook ? { runbook: declared.runbook } : {}),
      sections: [],
      lines: new Set(),
    };

  const sections = operatingSections(doc.headings);
  // Front matter naming another file: the spec's runbook is not this set; only its operating sections speak
  // to this one.
  if (declared?.other)
    return { bound: false, reason: 'front matter names another runbook', sections, lines: new Set() };
  const docDir = directoryOf(doc.path);
  const lines = new Set<number>();
  const passingLine = new Map<number, boolean>();
  let passing: string | undefined;
  for (const span of doc.spans) {
    if (span.context === 'frontmatter' || isReferenceSection(span.section)) continue;
    const mentions = names.mentions(span, docDir);
    if (mentions.length === 0) continue;
    const line = doc.lines.position(span.start).line;
    let isPassingLine = passingLine.get(line);
    if (isPassingLine === undefined) passingLine.set(line, (isPassingLine = isPassing(doc, span, line, names)));
    const binding = isPassingLine
      ? undefined
      : mentions.find((m) => !isCitation(span, m.end) && !isQuoted(span, m.end));
    if (binding)
      return {
        bound: true,
        reason: `names the runbook on line ${line}`,
        runbook: binding.path,
        sections: [],
        lines: new Set(),
      };
    // The passing mention's own block: its paragraph, list item or table row.
    const hostStart = span.host ? span.start - span.host.index : span.start;
    const last = doc.lines.position(hostStart + (span.host?.text.length ?? span.text.length)).line;
    for (let l = doc.lines.position(hostStart).line; l <= Math.min(last, line + MAX_BLOCK_LINES); l++) lines.add(l);
    passing ??= mentions[0]!.path;
  }
  const parts = [
    ...(sections.length > 0 ? [`${sections.length} operating section${sections.length > 1 ? 's' : ''}`] : []),
    ...(lines.size > 0 ? [`a passing mention on line ${[...lines][0]}`] : []),
  ];
  return {
    bound: false,
    reason: parts.length > 0 ? `binds ${parts.join(' and ')}` : 'does not name the runbook',
    ...(passing ? { runbook: passing } : {}),
    sections,
    lines,
  };
}

/**
 * A citation of one of the runbook's sections, in any language (`operations.md §8`,
 * `RUNBOOK.md#restart`, `RUNBOOK.md section 3`): it says the runbook covers what its line
 * speaks of, not that the whole spec is the runbook's.
 */
function isCitation(span: Span, end: number): boolean {
  if (span.context === 'link') return /#./.test(span.text) && !span.text.startsWith('#');
  let after = span.text.slice(end, end + 24);
  // An inline code span's citation follows it in its paragraph.
  if (span.context === 'code' && end >= span.text.length && span.host) {
    const at = span.host.index + span.text.length;
    after = span.host.text.slice(at, at + 24);
  }
  return SECTION_POINTER.test(after);
}

/**
 * A mention inside quotation marks (`"Running a pass against operations.md"`): quoted text, not the spec's
 * own instruction.
 */
function isQuoted(span: Span, end: number): boolean {
  if (span.context !== 'prose') return false;
  const before = (span.host ? span.host.text.slice(0, span.host.index) : '') + span.text.slice(0, end);
  const tail = before.slice(-2000);
  const straight = (tail.match(/"/g) ?? []).length % 2 === 1;
  return straight || tail.lastIndexOf('“') > tail.lastIndexOf('”') || tail.lastIndexOf('„') > tail.lastIndexOf('“');
}

/**
 * A mention in passing: under a file list, changelog or deliverables heading, as the entry of
 * a list item or a table cell of its own (`- docs/RUNBOOK.md — updated`, `| RUNBOOK.md | … |`,
 * `- **Runbook:** docs/RUNBOOK.md`), or on a line that lists files (`Depends on: a.md, RUNBOOK.md`):
 * an index of files, not an instruction to the runbook.
 */
function isPassing(doc: BindingInput, span: Span, line: number, names: RunbookNames): boolean {
  if (span.section.some((h) => isFilesHeading(h) || isPassingSection(h))) return true;
  const source = lineText(doc, line);
  if (listsFiles(source)) return true;
  const item = /^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?(.*)$/.exec(source);
  if (item) {
    // The entry, after a short label (`**Operations Runbook:**`, `Runbook:`).
    const entry = item[1]!.replace(/^\*\*[^*]{1,60}\*\*:?\s*|^[^\s:`]{1,40}(?:\s[^\s:`]{1,20}){0,3}:\s+/, '');
    const first = /^[`*_[(<]*([^\s`*_\])>|]+)/.exec(entry)?.[1] ?? '';
    return (
      names.resolve(first) !== undefined ||
      (first !== '' &&
        names.mentions({ text: first, context: 'code', start: 0, end: first.length, section: [] }, '').length > 0)
    );
  }
  if (/^\s*\|/.test(source)) {
    const cells = source.split('|').map((c) =>
      c
        .trim()
        .replace(/^[`*_[(<]+|[`*_\])>]+$/g, '')
        .replace(/\]\(.*$/, ''),
    );
    return cells.some((c) => /^[\w./-]{1,200}\.(?:md|markdown)$/i.test(c));
  }
  return false;
}

/** A file name followed by a comma or semicolon, then another file name: a line that lists files. */
function listsFiles(line: string): boolean {
  const tokens = line.split(/\s+/);
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (
      /[,;]$/.test(tokens[i]!) &&
      isFileToken(tokens[i]!.slice(0, -1)) &&
      isFileToken(tokens[i + 1]!.replace(/[,;.]$/, ''))
    )
      return true;
  }
  return false;
}

function isFileToken(token: string): boolean {
  return /^[`*_([]*[\w/-][\w./-]*\.[A-Za-z]{1,8}[`*_)\]]*$/.test(token);
}

function lineText(doc: BindingInput, line: number): string {
  const start = doc.lines.lineStart(line);
  const end = doc.text.indexOf('\n', start);
  return doc.text.slice(start, Math.min(end === -1 ? doc.text.length : end, start + MAX_LINE));
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

function declaredBinding(
  data: Record<string, unknown>,
  names: RunbookNames,
): { bound: boolean; runbook?: string; other?: boolean } | undefined {
  const nested = data['sync-check'];
  const value =
    data.runbook ?? (nested && typeof nested === 'object' ? (nested as Record<string, unknown>).runbook : undefined);
  if (typeof value === 'boolean') return { bound: value };
  if (typeof value === 'string') {
    // A runbook of the set binds the spec; another file is the spec's runbook instead.
    const runbook = names.resolve(value);
    return runbook ? { bound: true, runbook } : { bound: false, other: true };
  }
  return undefined;
}
