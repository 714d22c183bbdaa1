import { append } from '../base/append.js';
import { displayEndpoint, splitEndpoint } from '../canonical/endpoint.js';
import { basename, matchesWithPlaceholders, PLACEHOLDER, segments } from '../canonical/path.js';
import { findingAt } from './finding.js';
import type { SuppressOptions } from '../suppress/index.js';
import { directiveFor, readDirectives, type Directive } from '../suppress/inline.js';
import { bindingOf, binds, RunbookNames, type Binding } from '../compare/binding.js';
import { RepositoryIndex, type Repository } from '../compare/repository.js';
import { isGlob, RunbookIndex, type RunbookMention } from '../compare/runbook-index.js';
import { plannedScript } from '../rules/planned-script.js';
import { implementationScript } from '../rules/implementation-script.js';
import { plannedRuleFor } from '../rules/planned.js';
import { operatorRuleFor } from '../rules/operator.js';
import type { CodeIndex } from '../compare/code-index.js';
import { describeEvidence, Grounding, type Evidence, type Verdict } from '../compare/grounding.js';
import { isDocumentedData, isImplementationMention, isTestCase } from '../compare/obligations.js';
import { shellLocals } from '../extract/shell-locals.js';
import { documentedFlags, flagFindings, flagsIn } from '../rules/flags.js';
import { requiredSectionsOf, sectionFindings } from '../rules/sections.js';
import { staleDataFiles, staleReferences } from '../rules/stale.js';
import { runbookLabel, runbookName } from './runbook-label.js';
import { ReportAssembler } from './assemble.js';
import { fileNamesIn, orphanCandidates } from '../rules/orphans.js';
import type { Mention, Obligations, OrphanCandidate, RunbookOutcome, SpecOutcome } from './outcome.js';
import { DEFAULT_EXCLUDED_SECTIONS, underSection } from '../compare/sections.js';
import { parseDocument, readStructure, referencesOf, withReferences, type ParsedDocument } from '../parse/document.js';
import { ruleForKind, type RuleDefinition } from '../rules/index.js';
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
  /**
   * What the repository's code names (with `repository`): items the code lacks are planned
   * work, not drift, and endpoints the project does not serve are not the runbook's business.
   */
  codeIndex?: CodeIndex;
}

/**
 * The core: a pure function from documents to a report. No file system, no terminal.
 * A spec that cannot be understood becomes a diagnostic; the others are still checked.
 */
export function checkDocuments(specs: readonly SourceDocument[], runbook: SourceDocument | readonly SourceDocument[], options: CheckDocumentsOptions = {}): Report {
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
  /** The runbooks: one runbook spread over one or more files. */
  private readonly runbooks: readonly SourceDocument[];
  private readonly runbookPaths: ReadonlySet<string>;
  /** The names a spec may call the runbooks by: built once, read once per span. */
  private readonly names: RunbookNames;
  private readonly runbookDocs: ParsedDocument[] = [];
  private readonly index: RunbookIndex | undefined;
  private readonly repo: RepositoryIndex | undefined;
  private readonly grounding: Grounding | undefined;
  private readonly runbookFlags: ReadonlySet<string>;
  /** Orphans are upkeep hints for a whole repository: only with every spec and the repository at hand. */
  private readonly orphans: boolean;
  readonly runbookOutcome: RunbookOutcome;
  private readonly assembler: ReportAssembler;

  constructor(
    runbook: SourceDocument | readonly SourceDocument[],
    private readonly options: CheckDocumentsOptions = {},
  ) {
    this.runbooks = Array.isArray(runbook) ? runbook : [runbook as SourceDocument];
    this.runbookPaths = new Set(this.runbooks.map((r) => r.path));
    this.names = new RunbookNames(this.runbooks.map((r) => r.path), sharedFileNames(options.repository, this.runbookPaths));
    this.kinds = options.kinds ?? KINDS;
    this.everySpec = options.everySpecKinds ?? ['log'];
    this.excluded = options.excludeSections ?? DEFAULT_EXCLUDED_SECTIONS;
    this.orphans = options.repository !== undefined && !options.partial;
    this.unboundKinds = this.kinds.filter((k) => this.everySpec.includes(k) || (this.orphans && (k === 'log' || k === 'endpoint')));
    const diagnostics: Diagnostic[] = [];
    const findings: Finding[] = [];
    let candidates: OrphanCandidate[] | undefined;
    const flags = new Set<string>();
    for (const r of this.runbooks) {
      const doc = guarded(r.path, diagnostics, options.debug, () => parseDocument(r, 'harvest', KINDS));
      if (!doc) continue;
      this.runbookDocs.push(doc);
      append(diagnostics, doc.diagnostics);
      for (const flag of flagsIn(doc.text)) flags.add(flag);
    }
    this.runbookFlags = flags;
    // Every runbook of the set must be understood: checking against part of it would report drift that is not.
    if (this.runbookDocs.length === this.runbooks.length && this.runbooks.length > 0) {
      this.index = new RunbookIndex(this.runbookDocs);
      for (const [file, names] of options.codeIndex?.envFiles ?? []) this.index.delegateEnv(file, names);
      this.repo = options.repository ? new RepositoryIndex(options.repository) : undefined;
      // Each runbook read strictly, as a spec would be: what it tells operators to run, what it documents.
      const strict = this.runbookDocs.map((doc) => ({ doc, refs: referencesOf(doc, 'strict', KINDS, options.systemCommands) }));
      const endpoints = strict.flatMap(({ refs }) => refs.filter((r) => r.kind === 'endpoint').map((r) => r.canonical));
      if (this.repo && options.codeIndex) this.grounding = new Grounding(this.repo, options.codeIndex, endpoints);
      const grounding = this.grounding;
      // A data file the repository tracks, or one nothing writes, is not a log to document.
      const isLog = grounding ? (canonical: string) => grounding.isRuntimeFile(canonical) : undefined;
      for (const { doc, refs } of strict) {
        // Only scripts checked at all (--kinds) can be stale; the files the runbook points at always can.
        const scripts = this.kinds.includes('script') ? refs.filter((r) => r.kind === 'script') : [];
        if (this.repo) append(findings, staleReferences({ ...doc, references: refs }, scripts, this.repo));
        if (grounding) append(findings, staleDataFiles(doc, refs, grounding));
        if (this.orphans) append((candidates ??= []), orphanCandidates(doc, refs.filter((r) => (r.kind === 'log' || r.kind === 'endpoint') && this.kinds.includes(r.kind)), isLog));
      }
      // An orphan the code serves is no endpoint to retire: it belongs in the runbook; a spec should name it.
      if (candidates && grounding) for (const c of candidates) if (c.kind === 'endpoint') servedOrphan(c, grounding);
    }
    const paths = this.runbooks.map((r) => r.path);
    this.runbookOutcome = { path: paths[0] ?? '', paths, ok: this.index !== undefined, diagnostics, findings, ...(candidates ? { orphanCandidates: candidates } : {}) };
    this.assembler = new ReportAssembler(this.runbookOutcome, options);
  }

  /** What checking `spec` yields; undefined when there is nothing to check (no runbook, or the runbook itself). */
  outcomeOf(spec: SourceDocument): SpecOutcome | undefined {
    const { index, options } = this;
    if (!index || this.runbookPaths.has(spec.path)) return undefined;
    const diagnostics: Diagnostic[] = [];
    const result = guarded(spec.path, diagnostics, options.debug, () => {
      const { doc, bound, binding, wanted, operator } = this.prepare(spec);
      const directives = readDirectives(doc.comments, doc.lines);
      const drift = findingsFor(doc, wanted, { index, target: binding.runbook, operator, directives, repo: this.repo, grounding: this.grounding });
      const more = [
        ...(bound ? flagFindings(doc, wanted.filter((r) => !operator.has(r)), this.runbookFlags, index, this.grounding) : []),
        ...sectionFindings(doc, this.runbookDocs, this.names),
      ];
      // Inline comments cover these rules too: a comment without selectors covers every rule.
      for (const f of more) {
        const d = directives.length === 0 ? undefined : directiveFor(directives, f.line, { rule: f.rule, kind: f.kind, canonical: f.canonical, item: f.item });
        if (d) drift.suppressed.push({ ...f, suppression: { kind: 'inline', justification: d.text } });
        else drift.findings.push(f);
      }
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
    const { index } = this;
    if (!index || this.runbookPaths.has(spec.path)) return undefined;
    const { doc, bound, wanted } = this.prepare(spec);
    const items = wanted.map((ref) => ({ ref, documentedBy: index.documents(ref), ...(index.byReference(ref) ? { byReference: true } : {}) }));
    const flags = bound ? documentedFlags(wanted, this.runbookFlags, index) : [];
    return { path: spec.path, bound, items, flags, sections: requiredSectionsOf(doc, this.runbookDocs, this.names) };
  }

  /** The spec read, whether it binds, and the items it holds the runbook to. */
  private prepare(spec: SourceDocument): { doc: ParsedDocument; bound: boolean; binding: Binding; wanted: LocatedReference[]; operator: ReadonlySet<LocatedReference> } {
    const { options, grounding } = this;
    const structure = readStructure(spec);
    const binding = bindingOf(structure, this.names);
    const partly = binding.bound || binding.sections.length > 0 || binding.lines.size > 0;
    // A spec no part of which binds is held only to the every-spec kinds (and names logs and
    // endpoints for the orphan rule), unless the code can show an item to be operator-facing:
    // without the code, the other kinds are not extracted from it at all.
    const every = partly || grounding !== undefined;
    const doc = withReferences(structure, 'strict', this.kinds, options.systemCommands, every ? undefined : this.unboundKinds);
    if (grounding && this.kinds.includes('env')) {
      doc.references = [...doc.references, ...envTheCodeReads(doc, grounding)].sort((a, b) => a.offset - b.offset);
    }
    const locals = shellLocals(doc.spans);
    // A name the spec records as renamed (`old.sh` -> `new.sh`) is gone wherever the spec names it.
    const former = new Set(doc.references.filter((r) => isFormerName(doc, r)).map((r) => `${r.kind}\0${r.canonical}`));
    const operator = new Set<LocatedReference>();
    const wanted = doc.references.filter((r) => {
      if (former.has(`${r.kind}\0${r.canonical}`)) return false;
      if (underSection(r.section, this.excluded) || !this.isObligation(doc, r, locals)) return false;
      if (this.everySpec.includes(r.kind) || binds(binding, r)) return true;
      if (!grounding || binding.optOut || !grounding.isOperatorFacing(r) || isImplementationMention(doc, r)) return false;
      operator.add(r);
      return true;
    });
    return { doc, bound: partly, binding, wanted, operator };
  }

  /**
   * Does naming this item ask the runbook for it? Not in a test case, not a variable of the
   * spec's own shell code, not a data file kept with the docs, and, with the repository at
   * hand, nothing the repository shows is none of the runbook's business: a committed data
   * file, an endpoint the project does not serve, a constant, test tooling, what only tests use.
   */
  private isObligation(doc: ParsedDocument, r: LocatedReference, locals: ReadonlySet<string>): boolean {
    if (isTestCase(doc, r)) return false;
    // The spec's own script's variables, and files under a directory one of them holds.
    if (r.kind === 'env' && locals.has(r.canonical)) return false;
    if (locals.size > 0 && r.kind === 'log') {
      const m = /^\$\{?([A-Z][A-Z0-9_]*)/.exec(r.raw);
      if (m && locals.has(m[1]!)) return false;
    }
    if (r.kind === 'log' && isDocumentedData(r.canonical)) return false;
    if (!this.grounding) return true;
    // A file the change touches that the program itself runs (`subprocess.run([… "commit_progress.py"])`) is its machinery, not an operator's command.
    if (r.kind === 'script' && isImplementationMention(doc, r) && !this.grounding.launchedBy(r.canonical) && this.grounding.code.programNaming(basename(r.canonical))) return false;
    return this.grounding.verdict(r).status !== 'none';
  }

  add(spec: SourceDocument): void {
    const outcome = this.outcomeOf(spec);
    if (outcome) this.assembler.add(outcome);
  }

  report(): Report {
    return this.assembler.report();
  }
}

const ENV_NAME = /(?<![\w$./-])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?![\w/(-])/g;

/**
 * Env vars a spec names without an English cue ("set `X`", "via `X`"): with the code at hand,
 * an UPPER_SNAKE name the code reads from the environment is one, in a spec in any language.
 * Only where the span's text is the source's own (its offsets exact), and each name once per place.
 */
function envTheCodeReads(doc: ParsedDocument, grounding: Grounding): LocatedReference[] {
  const extracted = new Set(doc.references.filter((r) => r.kind === 'env').map((r) => r.offset));
  const out: LocatedReference[] = [];
  for (const span of doc.spans) {
    if ((span.context !== 'prose' && span.context !== 'code') || doc.text.slice(span.start, span.start + span.text.length) !== span.text) continue;
    ENV_NAME.lastIndex = 0;
    for (let m = ENV_NAME.exec(span.text); m; m = ENV_NAME.exec(span.text)) {
      const offset = span.start + m.index;
      if (extracted.has(offset)) continue;
      const read = grounding.code.env(m[1]!);
      if (!read || read.test) continue;
      out.push({ kind: 'env', raw: m[1]!, canonical: m[1]!, offset, context: span.context, section: span.section, ...doc.lines.position(offset) });
    }
  }
  return out;
}

/**
 * Runbook file names (lower case) that other Markdown files of the repository also have
 * (`README.md`, `index.md`): named bare, they could be any of them, so only a path names the runbook.
 */
function sharedFileNames(repository: Repository | undefined, runbooks: ReadonlySet<string>): Set<string> {
  const wanted = new Set([...runbooks].map((p) => basename(p).toLowerCase()));
  const counts = new Map<string, number>();
  for (const p of runbooks) counts.set(basename(p).toLowerCase(), (counts.get(basename(p).toLowerCase()) ?? 0) + 1);
  if (repository) {
    for (const f of repository.files) {
      const base = basename(f).toLowerCase();
      if (wanted.has(base) && !runbooks.has(f)) counts.set(base, (counts.get(base) ?? 0) + 1);
    }
  }
  return new Set([...counts].filter(([, n]) => n > 1).map(([base]) => base));
}

/** `old.sh` -> `new.sh`, `A → B`: the name before a rename arrow is gone; the one after it is the item. */
function isFormerName(doc: ParsedDocument, r: LocatedReference): boolean {
  const end = r.offset + (r.length ?? r.raw.length);
  return /^[`*_'")\]]*\s*(?:->|→|=>|⟶|⇒)\s*[`*_'"(]*[\w./$~-]/.test(doc.text.slice(end, end + 24));
}

function servedOrphan(c: OrphanCandidate, grounding: Grounding): void {
  const served = grounding.verdict({ kind: 'endpoint', canonical: c.canonical });
  if (served.status !== 'shipped' || !served.evidence) return;
  c.finding.message = `the runbook documents endpoint \`${c.finding.item}\`, which the code serves (${describeEvidence(served.evidence)}), but no spec names it: keep it, and name it in a spec`;
  c.finding.evidence = served.evidence;
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

interface FindingContext {
  index: RunbookIndex;
  /** The runbook of a set that the spec names: where its items belong. */
  target: string | undefined;
  /** Items held to the runbook only because the code shows them operator-facing. */
  operator: ReadonlySet<LocatedReference>;
  directives: readonly Directive[];
  repo: RepositoryIndex | undefined;
  grounding: Grounding | undefined;
}

/** One finding per item per spec, at its first mention; a bare name joins the full path it abbreviates. */
function findingsFor(doc: ParsedDocument, refs: LocatedReference[], ctx: FindingContext): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const { index, directives } = ctx;
  const groups = new Map<string, LocatedReference[]>();
  const fullest = fullestForms(refs);
  const templates = templateForms(refs);
  for (const r of refs) {
    const form = `${r.kind}\0${r.canonical}`;
    const key = `${r.kind}\0${fullest.get(form) ?? templates.get(form) ?? r.canonical}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const out: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const all of groups.values()) {
    all.sort((a, b) => a.offset - b.offset);
    // Prefer the most specific form as the item: a full path over a bare name, a template over an instance.
    const item = all.reduce((a, b) => (preferred(b, a) ? b : a));
    if (all.some((r) => index.documents(r))) continue;
    const judged = judge(doc, item, all, ctx);
    // Named only outside the spec's bound parts: the code, not the spec, asks for it, at a lower severity.
    const operatorRule = all.every((r) => ctx.operator.has(r)) && judged.rule.id.startsWith('undocumented-') ? operatorRuleFor(item.kind) : undefined;
    if (operatorRule) {
      judged.rule = operatorRule;
      judged.note += '; no part of the spec binds it to the runbook, but the code shows operators need it';
    }
    const { rule } = judged;
    // A mention under an ignore comment does not count; the finding moves to the next one.
    let silencedBy: Directive | undefined;
    const group = directives.length === 0 ? all : all.filter((r) => {
      const d = directiveFor(directives, r.line, { rule: rule.id, kind: r.kind, canonical: r.canonical, item: r.raw });
      silencedBy ??= d;
      return d === undefined;
    });
    const first = group[0] ?? all[0]!;
    const shown = item.kind === 'endpoint' ? displayEndpoint(item.raw, item.canonical) : item.raw;
    const finding = findingAt(doc, rule, { offset: first.offset, length: first.length ?? first.raw.length }, shown, item.canonical, '');
    const advice = adviceFor(item, index, judged.verdict);
    const files = index.files;
    finding.message = `${rule.noun} \`${shown}\` is not in ${runbookName(files)}${judged.note}${advice.text}`;
    if (files.length > 1) {
      // With a set of runbooks, say which one would hold it: where such items are kept, the one the spec names, the busiest.
      finding.runbook = advice.home?.file ?? advice.suggestion?.file ?? ctx.target ?? index.busiest(item.kind);
      if (!advice.home && !advice.suggestion) finding.message += `; it belongs in ${runbookLabel(finding.runbook, files)}`;
    }
    finding.otherMentions = group.slice(1).map((r) => ({ raw: r.raw, line: r.line, column: r.column }));
    if (advice.suggestion) finding.suggestion = advice.suggestion;
    if (advice.home) finding.runbookSection = advice.home;
    if (judged.evidence) finding.evidence = judged.evidence;
    if (shown !== item.raw) finding.written = item.raw;
    if (group.length === 0) suppressed.push({ ...finding, suppression: { kind: 'inline', justification: silencedBy!.text } });
    else out.push(finding);
  }
  return { findings: out, suppressed };
}

/** A full path over a bare name; a template over a concrete instance of it; anything over a glob. */
function preferred(b: LocatedReference, a: LocatedReference): boolean {
  // A glob is never the item: what it matches is.
  if (isGlob(a.raw) !== isGlob(b.raw)) return isGlob(a.raw);
  const ta = a.canonical.includes(PLACEHOLDER);
  const tb = b.canonical.includes(PLACEHOLDER);
  if (ta !== tb && (a.kind === 'endpoint' || basename(a.canonical) !== basename(b.canonical))) return tb;
  return b.canonical.length > a.canonical.length;
}

/** The rule an undocumented item falls under, what the repository says of it, and the note that says so. */
function judge(doc: ParsedDocument, item: LocatedReference, all: readonly LocatedReference[], ctx: FindingContext): { rule: RuleDefinition; verdict?: Verdict; evidence?: Evidence; note: string } {
  const { repo, grounding } = ctx;
  // A script named only as a file the change touches is an implementation file, unless something runs it.
  const implementation = item.kind === 'script' && all.every((r) => isImplementationMention(doc, r));
  if (item.kind === 'script') {
    const planned = grounding ? grounding.verdict(item).status === 'planned' : repo !== undefined && !repo.hasScript(item);
    if (planned) return { rule: plannedScript, note: ' (planned: it is not in the repository yet; document it when it ships)' };
    const launched = grounding?.launchedBy(item.canonical);
    if (implementation && !launched) {
      return { rule: implementationScript, note: `; the spec names it only as a file its change creates or modifies${grounding ? ', and nothing in the repository runs it' : ''}: document it if operators run it by hand` };
    }
    return launched ? { rule: ruleForKind('script'), evidence: launched, note: `; ${describeEvidence(launched)}` } : { rule: ruleForKind('script'), note: '' };
  }
  const verdict = grounding?.verdict(item);
  if (verdict?.status === 'planned') {
    const planned = plannedRuleFor(item.kind);
    // With a close name in the code, the spec more likely misnames the item than plans it.
    if (planned) {
      const other = verdict.otherMethods;
      if (other) {
        const list = other.methods.map((m) => `\`${m}\``).join(', ');
        return { rule: planned, verdict, note: ` (planned: the code serves only ${list} on this path, at \`${other.where.file}:${other.where.line}\`; document it when it ships)` };
      }
      return { rule: planned, verdict, note: verdict.near ? ` (${NOT_IN_CODE[item.kind]})` : ` (planned: ${NOT_IN_CODE[item.kind]} yet; document it when it ships)` };
    }
  }
  const evidence = verdict?.status === 'shipped' ? verdict.evidence : undefined;
  return evidence ? { rule: ruleForKind(item.kind), verdict, evidence, note: `; ${describeEvidence(evidence)}` } : { rule: ruleForKind(item.kind), note: '' };
}

/** What the code scan found no trace of: worded for what it reads (literals, outside tests and vendored trees). */
const NOT_IN_CODE: Record<string, string> = {
  log: 'no code in the repository names this file',
  env: 'no code in the repository reads it from the environment',
  endpoint: 'no code in the repository names this route',
};

/** What to do: the runbook's near miss, the code's real name, or where the runbook keeps such items. */
function adviceFor(item: LocatedReference, index: RunbookIndex, verdict: Verdict | undefined): {
  text: string;
  suggestion?: Finding['suggestion'];
  home?: Finding['runbookSection'];
} {
  let text = '';
  const at = (m: RunbookMention): string => `${runbookLabel(m.file, index.files)}:${m.line}`;
  // A short runbook mention that could be another file is not credited: say why it did not count.
  const ambiguous = index.ambiguity(item);
  if (ambiguous) {
    text += `; the runbook's \`${ambiguous.short.raw}\` (${at(ambiguous.short)}) does not count, as it could be \`${ambiguous.other.raw}\` (${at(ambiguous.other)})`;
  }
  if (verdict?.status === 'planned' && verdict.near) {
    const { name, where } = verdict.near;
    const inRunbook = index.documents({ ...item, raw: name, canonical: name });
    text += `; did you mean \`${name}\`? The code writes it (\`${where.file}:${where.line}\`)${inRunbook ? ` and ${at(inRunbook)} documents it` : ''}`;
    return inRunbook ? { text, suggestion: { item: inRunbook.raw, file: inRunbook.file, line: inRunbook.line, column: inRunbook.column } } : { text };
  }
  const methods = index.otherMethods(item);
  if (methods.length > 0) {
    const list = [...new Set(methods.map((m) => splitEndpoint(m.canonical).method!))].map((m) => `\`${m}\``).join(', ');
    return { text: `${text}; the runbook documents only ${list} on this path (${at(methods[0]!)})` };
  }
  const nearest = index.nearest(item);
  if (nearest) {
    return { text: `${text}; did you mean \`${nearest.raw}\` (${at(nearest)})?`, suggestion: { item: nearest.raw, file: nearest.file, line: nearest.line, column: nearest.column } };
  }
  const home = index.homeSection(item.kind);
  if (!home) return { text };
  return { text: `${text}; the runbook lists ${RULE_NOUNS[item.kind]}s under "${home.heading}" (${runbookLabel(home.file, index.files)}:${home.line})`, home };
}

const RULE_NOUNS: Record<string, string> = { log: 'log path', script: 'script', endpoint: 'endpoint', env: 'environment variable' };

/**
 * Within one spec, a concrete item and the template it is an instance of are one item: the
 * instance (`GET /api/jobs/42/status`, `0B41_ALL_20260215.jsonl`) maps to the template
 * (`GET /api/jobs/{id}/status`, `0B41_ALL_<date>.jsonl`). So does a glob (`/tmp/app-*.log`) to
 * the first item it matches: it names no file of its own.
 */
function templateForms(refs: readonly LocatedReference[]): Map<string, string> {
  const out = shorthandEndpoints(refs);
  const templates = refs.filter((r) => (r.kind === 'endpoint' || r.kind === 'log') && r.canonical.includes(PLACEHOLDER));
  if (templates.length === 0 || templates.length > 256) return out;
  const concrete = refs.filter((r) => (r.kind === 'endpoint' || r.kind === 'log') && !r.canonical.includes(PLACEHOLDER));
  for (const t of templates) {
    if (!isGlob(t.raw)) continue;
    const match = concrete.find((r) => r.kind === t.kind && instanceOf(t, r));
    if (match) out.set(`${t.kind}\0${t.canonical}`, match.canonical);
  }
  for (const r of concrete) {
    const template = templates.find((t) => t.kind === r.kind && !isGlob(t.raw) && instanceOf(t, r));
    if (template) out.set(`${r.kind}\0${r.canonical}`, template.canonical);
  }
  return out;
}

/**
 * `POST /channels/publish` in a spec that also names `POST /api/v1/channels/publish` is the
 * same endpoint written short: it maps to the full form (two shared segments at least). A
 * path without a method beside the same path with one method maps to that one.
 */
function shorthandEndpoints(refs: readonly LocatedReference[]): Map<string, string> {
  const out = new Map<string, string>();
  const endpoints = [...new Map(refs.filter((r) => r.kind === 'endpoint').map((r) => [r.canonical, splitEndpoint(r.canonical)])).entries()];
  if (endpoints.length > 256) return out;
  // `/api/x` beside `GET /api/x` (or a URL with a host, which reads the same) is a mention of it.
  const withMethod = new Map<string, string[]>();
  for (const [canonical, e] of endpoints) if (e.method) withMethod.set(e.path, [...(withMethod.get(e.path) ?? []), canonical]);
  for (const [canonical, e] of endpoints) {
    // With several methods on the path, which one a bare mention means is not said: it stays apart.
    const full = e.method ? undefined : withMethod.get(e.path);
    if (full?.length === 1) out.set(`endpoint\0${canonical}`, full[0]!);
  }
  for (const [canonical, short] of endpoints) {
    if (out.has(`endpoint\0${canonical}`)) continue;
    const segs = segments(short.path);
    if (segs.length < 2) continue;
    let fullest: string | undefined;
    let fullestLength = segs.length;
    for (const [other, long] of endpoints) {
      const theirs = segments(long.path);
      if (theirs.length <= fullestLength || (short.method && long.method && short.method !== long.method)) continue;
      if (segs.every((s, i) => s === theirs[theirs.length - segs.length + i])) {
        fullest = other;
        fullestLength = theirs.length;
      }
    }
    if (fullest) out.set(`endpoint\0${canonical}`, fullest);
  }
  return out;
}

function instanceOf(template: LocatedReference, ref: LocatedReference): boolean {
  if (ref.kind === 'log') return matchesWithPlaceholders(template.canonical, ref.canonical);
  const a = splitEndpoint(ref.canonical);
  const b = splitEndpoint(template.canonical);
  return (!a.method || !b.method || a.method === b.method) && matchesWithPlaceholders(b.path, a.path);
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
