import { append } from '../append.js';
import { basename } from '../canonical/path.js';
import { findingAt } from './finding.js';
import type { SuppressOptions } from '../suppress/index.js';
import { directiveFor, readDirectives, type Directive } from '../suppress/inline.js';
import { bindingOf } from '../compare/binding.js';
import { RepositoryIndex, type Repository } from '../compare/repository.js';
import { RunbookIndex } from '../compare/runbook-index.js';
import { plannedScript } from '../rules/repository.js';
import { documentedFlags, fileNamesIn, flagFindings, flagsIn, requiredSectionsOf, sectionFindings, staleReferences } from './runbook-rules.js';
import { ReportAssembler } from './assemble.js';
import { orphanCandidates } from './orphans.js';
import type { Mention, Obligations, OrphanCandidate, RunbookOutcome, SpecOutcome } from './outcome.js';
import { DEFAULT_EXCLUDED_SECTIONS, underSection } from '../compare/sections.js';
import { parseDocument, readStructure, referencesOf, withReferences, type ParsedDocument } from '../parse/document.js';
import { ruleForKind } from '../rules/index.js';
import { KINDS, type Diagnostic, type Finding, type Kind, type LocatedReference, type Report, type SourceDocument, type SuppressedFinding } from '../types.js';

export interface CheckDocumentsOptions extends SuppressOptions {
  /** Kinds to check at all. Default: every kind. */
  kinds?: readonly Kind[];
  /** Kinds taken from every spec; the rest come only from specs bound to the runbook. Default: log. */
  everySpecKinds?: readonly Kind[];
  /** Section titles whose items are ignored. Default: Out of Scope, Non-goals and the like. */
  excludeSections?: readonly string[];
  /** Put stack traces of internal errors in their diagnostics. */
  debug?: boolean;
  /** Commands that are the system's, not the project's (`bin/rails`, `./gradlew`): never scripts. */
  systemCommands?: readonly string[];
  /** The repository's files, Makefile targets and npm scripts: enables stale and planned checks. */
  repository?: Repository;
  /** Only some specs are given (PR mode): rules that need every spec (orphans) stay silent. */
  partial?: boolean;
}

/**
 * The core: a pure function from documents to a report. No file system, no terminal.
 * A spec that cannot be understood becomes a diagnostic; the others are still checked.
 */
export function checkDocuments(specs: readonly SourceDocument[], runbook: SourceDocument, options: CheckDocumentsOptions = {}): Report {
  const checker = new Checker(runbook, options);
  for (const spec of [...specs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) checker.add(spec);
  return checker.report();
}

/**
 * The same core, fed one spec at a time, so a caller can read, check and drop each spec
 * without holding a whole repository in memory. The report does not depend on the order.
 * `outcomeOf` is the pure per-spec step: its result is plain data a caller may cache and
 * give to a `ReportAssembler` built on `runbookOutcome`, in path order.
 */
export class Checker {
  private readonly kinds: readonly Kind[];
  private readonly everySpec: readonly Kind[];
  /** What is extracted from a spec that does not bind to the runbook. */
  private readonly unboundKinds: readonly Kind[];
  private readonly excluded: readonly string[];
  private readonly runbookDoc: ParsedDocument | undefined;
  private readonly index: RunbookIndex | undefined;
  private readonly repo: RepositoryIndex | undefined;
  private readonly runbookFlags: ReadonlySet<string>;
  /** Orphans are upkeep hints for a whole repository: only with every spec and the repository at hand. */
  private readonly orphans: boolean;
  readonly runbookOutcome: RunbookOutcome;
  private readonly assembler: ReportAssembler;

  constructor(
    private readonly runbook: SourceDocument,
    private readonly options: CheckDocumentsOptions = {},
  ) {
    this.kinds = options.kinds ?? KINDS;
    this.everySpec = options.everySpecKinds ?? ['log'];
    this.excluded = options.excludeSections ?? DEFAULT_EXCLUDED_SECTIONS;
    this.orphans = options.repository !== undefined && !options.partial;
    this.unboundKinds = this.kinds.filter((k) => this.everySpec.includes(k) || (this.orphans && (k === 'log' || k === 'endpoint')));
    const diagnostics: Diagnostic[] = [];
    const findings: Finding[] = [];
    let candidates: OrphanCandidate[] | undefined;
    this.runbookDoc = guarded(runbook.path, diagnostics, options.debug, () => parseDocument(runbook, 'harvest', KINDS));
    this.runbookFlags = this.runbookDoc ? flagsIn(this.runbookDoc.text) : new Set();
    if (this.runbookDoc) {
      append(diagnostics, this.runbookDoc.diagnostics);
      this.index = new RunbookIndex(this.runbookDoc);
      this.repo = options.repository ? new RepositoryIndex(options.repository) : undefined;
      // The runbook read strictly, as a spec would be: what it tells operators to run, what it documents.
      const strict = referencesOf(this.runbookDoc, 'strict', KINDS, options.systemCommands);
      if (this.repo) append(findings, staleReferences({ ...this.runbookDoc, references: strict }, strict.filter((r) => r.kind === 'script'), this.repo));
      if (this.orphans) candidates = orphanCandidates(this.runbookDoc, strict.filter((r) => (r.kind === 'log' || r.kind === 'endpoint') && this.kinds.includes(r.kind)));
    }
    this.runbookOutcome = { path: runbook.path, ok: this.index !== undefined, diagnostics, findings, ...(candidates ? { orphanCandidates: candidates } : {}) };
    this.assembler = new ReportAssembler(this.runbookOutcome, options);
  }

  /** What checking `spec` yields; undefined when there is nothing to check (no runbook, or the runbook itself). */
  outcomeOf(spec: SourceDocument): SpecOutcome | undefined {
    const { runbookDoc, index, options } = this;
    if (!runbookDoc || !index || spec.path === this.runbook.path) return undefined;
    const diagnostics: Diagnostic[] = [];
    const result = guarded(spec.path, diagnostics, options.debug, () => {
      const { doc, bound, wanted } = this.prepare(spec);
      const directives = readDirectives(doc.comments, doc.lines);
      const drift = findingsFor(doc, wanted, index, directives, this.repo);
      if (bound) append(drift.findings, flagFindings(doc, wanted, this.runbookFlags, index));
      append(drift.findings, sectionFindings(doc, runbookDoc));
      const mentions: Mention[] = [];
      const fileNames = new Set<string>();
      if (this.orphans) {
        for (const r of doc.references) if (r.kind === 'log' || r.kind === 'endpoint') mentions.push({ kind: r.kind, canonical: r.canonical });
        fileNamesIn(doc.text, fileNames);
      }
      return { doc, bound, mentions, fileNames: [...fileNames], ...drift };
    });
    if (!result) return { path: spec.path, checked: false, bound: false, diagnostics, findings: [], suppressed: [], mentions: [], fileNames: [] };
    append(diagnostics, result.doc.diagnostics);
    return { path: spec.path, checked: true, bound: result.bound, diagnostics, findings: result.findings, suppressed: result.suppressed, mentions: result.mentions, fileNames: result.fileNames };
  }

  /**
   * What `spec` holds the runbook to, and what in the runbook answers each demand: the
   * evaluation harness deletes those answers one by one and expects the finding to appear.
   */
  obligations(spec: SourceDocument): Obligations | undefined {
    const { runbookDoc, index } = this;
    if (!runbookDoc || !index || spec.path === this.runbook.path) return undefined;
    const { doc, bound, wanted } = this.prepare(spec);
    const items = wanted.map((ref) => ({ ref, documentedBy: index.documents(ref) }));
    const flags = bound ? documentedFlags(wanted, this.runbookFlags, index) : [];
    return { path: spec.path, bound, items, flags, sections: requiredSectionsOf(doc, runbookDoc) };
  }

  /** The spec read, whether it binds, and the items it holds the runbook to. */
  private prepare(spec: SourceDocument): { doc: ParsedDocument; bound: boolean; wanted: LocatedReference[] } {
    const { options } = this;
    const structure = readStructure(spec);
    const binding = bindingOf(structure, this.runbook.path);
    // An unbound spec is held only to the every-spec kinds (and names logs and endpoints for
    // the orphan rule): the other kinds are not extracted from it at all.
    const doc = withReferences(structure, 'strict', this.kinds, options.systemCommands, binding.bound ? undefined : this.unboundKinds);
    const wanted = doc.references.filter(
      (r) => (this.everySpec.includes(r.kind) || binding.bound) && !underSection(r.section, this.excluded),
    );
    return { doc, bound: binding.bound, wanted };
  }

  add(spec: SourceDocument): void {
    const outcome = this.outcomeOf(spec);
    if (outcome) this.assembler.add(outcome);
  }

  report(): Report {
    return this.assembler.report();
  }
}

function guarded<T>(file: string, diagnostics: Diagnostic[], debug: boolean | undefined, run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    const detail = debug && error instanceof Error && error.stack ? `\n${error.stack}` : ' (re-run with --debug for the stack trace)';
    diagnostics.push({
      file, severity: 'error', code: 'internal-error',
      message: `internal error while checking this file: ${error instanceof Error ? error.message : String(error)}${detail}`,
    });
    return undefined;
  }
}

/** One finding per item per spec, at its first mention; a bare name joins the full path it abbreviates. */
function findingsFor(
  doc: ParsedDocument,
  refs: LocatedReference[],
  index: RunbookIndex,
  directives: readonly Directive[],
  repo: RepositoryIndex | undefined,
): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const groups = new Map<string, LocatedReference[]>();
  const fullest = fullestForms(refs);
  for (const r of refs) {
    const key = `${r.kind}\0${fullest.get(`${r.kind}\0${r.canonical}`) ?? r.canonical}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const out: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const all of groups.values()) {
    all.sort((a, b) => a.offset - b.offset);
    // Prefer the most specific form as the item: a full path over a bare name.
    const item = all.reduce((a, b) => (b.canonical.length > a.canonical.length ? b : a));
    if (all.some((r) => index.documents(r))) continue;
    // A script the repository does not have yet is planned work, not drift.
    const rule = repo && item.kind === 'script' && !repo.hasScript(item) ? plannedScript : ruleForKind(item.kind);
    // A mention under an ignore comment does not count; the finding moves to the next one.
    let silencedBy: Directive | undefined;
    const group = directives.length === 0 ? all : all.filter((r) => {
      const d = directiveFor(directives, r.line, { rule: rule.id, kind: r.kind, canonical: r.canonical, item: r.raw });
      silencedBy ??= d;
      return d === undefined;
    });
    const first = group[0] ?? all[0]!;
    const nearest = index.nearest(item);
    const runbookFile = index.doc.path;
    const home = nearest ? undefined : index.homeSection(item.kind);
    const runbookName = basename(runbookFile);
    const homeLine = home ? index.doc.lines.position(home.offset).line : 0;
    // A short runbook mention that could be another file is not credited: say why it did not count.
    const ambiguous = index.ambiguity(item);
    const message =
      `${rule.noun} \`${item.raw}\` is not in ${runbookName}` +
      (rule === plannedScript ? ' (planned: it is not in the repository yet; document it when it ships)' : '') +
      (ambiguous
        ? `; the runbook's \`${ambiguous.short.raw}\` (${runbookName}:${ambiguous.short.line}) does not count, as it could be \`${ambiguous.other.raw}\` (${runbookName}:${ambiguous.other.line})`
        : '') +
      (nearest
        ? `; did you mean \`${nearest.raw}\` (${runbookName}:${nearest.line})?`
        : home
          ? `; the runbook lists ${rule.noun}s under "${home.text}" (${runbookName}:${homeLine})`
          : '');
    const finding = findingAt(doc, rule, { offset: first.offset, length: first.length ?? first.raw.length }, item.raw, item.canonical, message);
    finding.otherMentions = group.slice(1).map((r) => ({ raw: r.raw, line: r.line, column: r.column }));
    if (nearest) finding.suggestion = { item: nearest.raw, file: runbookFile, line: nearest.line, column: nearest.column };
    if (home) finding.runbookSection = { heading: home.text, file: runbookFile, line: homeLine };
    if (group.length === 0) suppressed.push({ ...finding, suppression: { kind: 'inline', justification: silencedBy!.text } });
    else out.push(finding);
  }
  return { findings: out, suppressed };
}

/**
 * Within one spec, `agent_runner.log`, `logs/agent_runner.log` and `api/logs/agent_runner.log`
 * are one item: each shorter form maps to the longest path it is a suffix of.
 */
function fullestForms(refs: readonly LocatedReference[]): Map<string, string> {
  const byBase = new Map<string, string[]>();
  for (const r of refs) {
    if (r.kind !== 'log' && r.kind !== 'script') continue;
    const key = `${r.kind}\0${basename(r.canonical)}`;
    const list = byBase.get(key) ?? [];
    if (!list.includes(r.canonical)) list.push(r.canonical);
    byBase.set(key, list);
  }
  const out = new Map<string, string>();
  for (const [key, forms] of byBase) {
    // Hundreds of different paths to one file name is not an abbreviation pattern: leave them apart.
    if (forms.length > 64) continue;
    const kind = key.slice(0, key.indexOf('\0'));
    for (const form of forms) {
      const longer = forms.filter((f) => f.endsWith(`/${form}`));
      // Only an unambiguous abbreviation is merged: one longest form that all others extend.
      const longest = longer.sort((a, b) => b.length - a.length)[0];
      if (longest && longer.every((f) => longest.endsWith(`/${f}`) || longest === f)) out.set(`${kind}\0${form}`, longest);
    }
  }
  return out;
}
