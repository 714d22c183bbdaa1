import { append } from '../base/append.js';
import { basename } from '../canonical/path.js';
import type { SuppressOptions } from '../suppress/index.js';
import { directiveFor, readDirectives } from '../suppress/inline.js';
import { bindingOf, binds, RunbookNames, type Binding } from '../compare/binding.js';
import { RepositoryIndex, type Repository } from '../compare/repository.js';
import { RunbookIndex } from '../compare/runbook-index.js';
import type { CodeIndex } from '../compare/code-index.js';
import { describeEvidence, Grounding } from '../compare/grounding.js';
import { isDocumentedData, isImplementationMention, isTestCase } from '../compare/obligations.js';
import { shellLocals } from '../extract/shell-locals.js';
import { documentedFlags, flagsIn } from '../rules/flags.js';
import { requiredSectionsOf } from '../rules/sections.js';
import { ReportAssembler } from './assemble.js';
import { fileNamesIn, orphanCandidates } from '../rules/orphans.js';
import { RUNBOOK_FAMILIES, SPEC_FAMILIES } from '../rules/families.js';
import type { SpecContext } from '../rules/rule.js';
import { traced, type Roots, type Trace } from './trace.js';
import type { Mention, Obligations, OrphanCandidate, RunbookOutcome, SpecOutcome } from './outcome.js';
import { DEFAULT_EXCLUDED_SECTIONS, underSection } from '../compare/sections.js';
import { parseDocument, referencesOf, withReferences } from '../extract/document.js';
import { readStructure, type ParsedDocument } from '../parse/document.js';
import {
  KINDS,
  type Diagnostic,
  type Finding,
  type Kind,
  type LocatedReference,
  type Report,
  type SourceDocument,
  type SuppressedFinding,
} from '../types.js';

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
export function checkDocuments(
  specs: readonly SourceDocument[],
  runbook: SourceDocument | readonly SourceDocument[],
  options: CheckDocumentsOptions = {},
): Report {
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
  /**
   * What a spec's outcome depends on, besides the spec, the runbooks and the options, that no
   * Trace records: the repository's names shared with a runbook, and the env files the code keeps.
   */
  readonly contextKey: string;
  private readonly assembler: ReportAssembler;

  constructor(
    runbook: SourceDocument | readonly SourceDocument[],
    private readonly options: CheckDocumentsOptions = {},
    memo?: RunbookMemo,
  ) {
    this.runbooks = Array.isArray(runbook) ? runbook : [runbook as SourceDocument];
    this.runbookPaths = new Set(this.runbooks.map((r) => r.path));
    const shared = sharedFileNames(options.repository, this.runbookPaths);
    this.names = new RunbookNames(
      this.runbooks.map((r) => r.path),
      shared,
    );
    this.contextKey = JSON.stringify([[...shared].sort(), [...(options.codeIndex?.envFiles ?? [])]]);
    this.kinds = options.kinds ?? KINDS;
    this.everySpec = options.everySpecKinds ?? ['log'];
    this.excluded = options.excludeSections ?? DEFAULT_EXCLUDED_SECTIONS;
    this.orphans = options.repository !== undefined && !options.partial;
    this.unboundKinds = this.kinds.filter(
      (k) => this.everySpec.includes(k) || (this.orphans && (k === 'log' || k === 'endpoint')),
    );
    const diagnostics: Diagnostic[] = [];
    const findings: Finding[] = [];
    let candidates: OrphanCandidate[] | undefined;
    const read = memo?.read(this.runbooks) ?? readRunbooks(this.runbooks, options);
    append(this.runbookDocs, read.docs);
    append(diagnostics, read.diagnostics);
    this.runbookFlags = read.flags;
    // Every runbook of the set must be understood: checking against part of it would report drift that is not.
    if (this.runbookDocs.length === this.runbooks.length && this.runbooks.length > 0) {
      const envFiles = options.codeIndex?.envFiles ?? new Map<string, string[]>();
      this.index = memo?.index(read, envFiles) ?? indexOf(read, envFiles);
      this.repo = options.repository ? new RepositoryIndex(options.repository) : undefined;
      const strict = read.strict;
      const endpoints = strict.flatMap(({ refs }) => refs.filter((r) => r.kind === 'endpoint').map((r) => r.canonical));
      if (this.repo && options.codeIndex) this.grounding = new Grounding(this.repo, options.codeIndex, endpoints);
      const grounding = this.grounding;
      // A data file the repository tracks, or one nothing writes, is not a log to document.
      const isLog = grounding ? (canonical: string) => grounding.isRuntimeFile(canonical) : undefined;
      for (const { doc, refs } of strict) {
        for (const family of RUNBOOK_FAMILIES)
          append(findings, family.check({ doc, refs, kinds: this.kinds, repo: this.repo, grounding }));
        if (this.orphans)
          append(
            (candidates ??= []),
            orphanCandidates(
              doc,
              refs.filter((r) => (r.kind === 'log' || r.kind === 'endpoint') && this.kinds.includes(r.kind)),
              isLog,
            ),
          );
      }
      // An orphan the code serves is no endpoint to retire: it belongs in the runbook; a spec should name it.
      if (candidates && grounding) for (const c of candidates) if (c.kind === 'endpoint') servedOrphan(c, grounding);
    }
    const paths = this.runbooks.map((r) => r.path);
    this.runbookOutcome = {
      path: paths[0] ?? '',
      paths,
      ok: this.index !== undefined,
      diagnostics,
      findings,
      ...(candidates ? { orphanCandidates: candidates } : {}),
    };
    this.assembler = new ReportAssembler(this.runbookOutcome, options);
  }

  /** The repository and the code as a spec's check queries them: what `trace` records and replays. */
  get roots(): Roots {
    return { repo: this.repo, grounding: this.grounding };
  }

  /**
   * What checking `spec` yields; undefined when there is nothing to check (no runbook, or the
   * runbook itself). With `trace`, every question asked of the repository and the code is recorded.
   */
  outcomeOf(spec: SourceDocument, trace?: Trace): SpecOutcome | undefined {
    const { index, options } = this;
    if (!index || this.runbookPaths.has(spec.path)) return undefined;
    const diagnostics: Diagnostic[] = [];
    const view: View = trace
      ? {
          repo: this.repo && traced(this.repo, trace, ['repo']),
          grounding: this.grounding && traced(this.grounding, trace, ['grounding']),
        }
      : { repo: this.repo, grounding: this.grounding };
    const result = guarded(spec.path, diagnostics, options.debug, () => {
      const { doc, bound, binding, wanted, operator } = this.prepare(spec, view);
      const directives = readDirectives(doc.comments, doc.lines);
      const ctx: SpecContext = {
        doc,
        bound,
        wanted,
        operator,
        directives,
        target: binding.runbook,
        index,
        runbookDocs: this.runbookDocs,
        names: this.names,
        runbookFlags: this.runbookFlags,
        repo: view.repo,
        grounding: view.grounding,
      };
      const drift: { findings: Finding[]; suppressed: SuppressedFinding[] } = { findings: [], suppressed: [] };
      for (const family of SPEC_FAMILIES) {
        const found = family.check(ctx);
        append(drift.suppressed, found.suppressed ?? []);
        if (family.ownDirectives || directives.length === 0) append(drift.findings, found.findings);
        // A comment without selectors covers every rule: the engine applies comments by line for the others.
        else
          for (const f of found.findings) {
            const d = directiveFor(directives, f.line, {
              rule: f.rule,
              kind: f.kind,
              canonical: f.canonical,
              item: f.item,
            });
            if (d) drift.suppressed.push({ ...f, suppression: { kind: 'inline', justification: d.text } });
            else drift.findings.push(f);
          }
      }
      const mentions: Mention[] = [];
      const fileNames = new Set<string>();
      if (this.orphans) {
        for (const r of doc.references)
          if (r.kind === 'log' || r.kind === 'endpoint') mentions.push({ kind: r.kind, canonical: r.canonical });
        fileNamesIn(doc.text, fileNames);
      }
      return { doc, bound, mentions, fileNames: [...fileNames], ...drift };
    });
    if (!result)
      return {
        path: spec.path,
        checked: false,
        bound: false,
        diagnostics,
        findings: [],
        suppressed: [],
        mentions: [],
        fileNames: [],
      };
    append(diagnostics, result.doc.diagnostics);
    return {
      path: spec.path,
      checked: true,
      bound: result.bound,
      diagnostics,
      findings: result.findings,
      suppressed: result.suppressed,
      mentions: result.mentions,
      fileNames: result.fileNames,
    };
  }

  /**
   * What `spec` holds the runbook to, and what in the runbook answers each demand: the
   * evaluation harness deletes those answers one by one and expects the finding to appear.
   */
  obligations(spec: SourceDocument): Obligations | undefined {
    const { index } = this;
    if (!index || this.runbookPaths.has(spec.path)) return undefined;
    const { doc, bound, wanted } = this.prepare(spec, { repo: this.repo, grounding: this.grounding });
    const items = wanted.map((ref) => ({
      ref,
      documentedBy: index.documents(ref),
      ...(index.byReference(ref) ? { byReference: true } : {}),
    }));
    const flags = bound ? documentedFlags(wanted, this.runbookFlags, index) : [];
    return { path: spec.path, bound, items, flags, sections: requiredSectionsOf(doc, this.runbookDocs, this.names) };
  }

  /** The spec read, whether it binds, and the items it holds the runbook to. */
  private prepare(
    spec: SourceDocument,
    view: View,
  ): {
    doc: ParsedDocument;
    bound: boolean;
    binding: Binding;
    wanted: LocatedReference[];
    operator: ReadonlySet<LocatedReference>;
  } {
    const { options } = this;
    const { grounding } = view;
    const structure = readStructure(spec);
    const binding = bindingOf(structure, this.names);
    const partly = binding.bound || binding.sections.length > 0 || binding.lines.size > 0;
    // A spec no part of which binds is held only to the every-spec kinds (and names logs and
    // endpoints for the orphan rule), unless the code can show an item to be operator-facing:
    // without the code, the other kinds are not extracted from it at all.
    const every = partly || grounding !== undefined;
    const doc = withReferences(
      structure,
      'strict',
      this.kinds,
      options.systemCommands,
      every ? undefined : this.unboundKinds,
    );
    if (grounding && this.kinds.includes('env')) {
      doc.references = [...doc.references, ...envTheCodeReads(doc, grounding)].sort((a, b) => a.offset - b.offset);
    }
    const locals = shellLocals(doc.spans);
    // A name the spec records as renamed (`old.sh` -> `new.sh`) is gone wherever the spec names it.
    const former = new Set(doc.references.filter((r) => isFormerName(doc, r)).map((r) => `${r.kind}\0${r.canonical}`));
    const operator = new Set<LocatedReference>();
    const wanted = doc.references.filter((r) => {
      if (former.has(`${r.kind}\0${r.canonical}`)) return false;
      if (underSection(r.section, this.excluded) || !this.isObligation(doc, r, locals, grounding)) return false;
      if (this.everySpec.includes(r.kind) || binds(binding, r)) return true;
      if (!grounding || binding.optOut || !grounding.isOperatorFacing(r) || isImplementationMention(doc, r))
        return false;
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
  private isObligation(
    doc: ParsedDocument,
    r: LocatedReference,
    locals: ReadonlySet<string>,
    grounding: Grounding | undefined,
  ): boolean {
    if (isTestCase(doc, r)) return false;
    // The spec's own script's variables, and files under a directory one of them holds.
    if (r.kind === 'env' && locals.has(r.canonical)) return false;
    if (locals.size > 0 && r.kind === 'log') {
      const m = /^\$\{?([A-Z][A-Z0-9_]*)/.exec(r.raw);
      if (m && locals.has(m[1]!)) return false;
    }
    if (r.kind === 'log' && isDocumentedData(r.canonical)) return false;
    if (!grounding) return true;
    // A file the change touches that the program itself runs (`subprocess.run([… "commit_progress.py"])`) is
    // its machinery, not an operator's command.
    if (
      r.kind === 'script' &&
      isImplementationMention(doc, r) &&
      !grounding.launchedBy(r.canonical) &&
      grounding.code.programNaming(basename(r.canonical))
    )
      return false;
    return grounding.verdict(r).status !== 'none';
  }

  add(spec: SourceDocument): void {
    const outcome = this.outcomeOf(spec);
    if (outcome) this.assembler.add(outcome);
  }

  report(): Report {
    return this.assembler.report();
  }
}

/** The runbooks read: parsed, their flags, and each read strictly, as a spec would be. */
interface RunbooksRead {
  docs: ParsedDocument[];
  diagnostics: Diagnostic[];
  flags: Set<string>;
  /** What each tells operators to run, what it documents. */
  strict: Array<{ doc: ParsedDocument; refs: LocatedReference[] }>;
}

function readRunbooks(runbooks: readonly SourceDocument[], options: CheckDocumentsOptions): RunbooksRead {
  const diagnostics: Diagnostic[] = [];
  const docs: ParsedDocument[] = [];
  const flags = new Set<string>();
  for (const r of runbooks) {
    const doc = guarded(r.path, diagnostics, options.debug, () => parseDocument(r, 'harvest', KINDS));
    if (!doc) continue;
    docs.push(doc);
    append(diagnostics, doc.diagnostics);
    for (const flag of flagsIn(doc.text)) flags.add(flag);
  }
  const strict =
    docs.length === runbooks.length
      ? docs.map((doc) => ({ doc, refs: referencesOf(doc, 'strict', KINDS, options.systemCommands) }))
      : [];
  return { docs, diagnostics, flags, strict };
}

function indexOf(read: RunbooksRead, envFiles: ReadonlyMap<string, readonly string[]>): RunbookIndex {
  const index = new RunbookIndex(read.docs);
  for (const [file, names] of envFiles) index.delegateEnv(file, names);
  return index;
}

/**
 * What Checkers of the same runbooks share: the runbooks read, and their index for each set of
 * env files the code keeps. History builds a Checker per commit; the runbooks change far less.
 * One memo serves one set of options.
 */
export class RunbookMemo {
  private readonly reads = new Map<string, RunbooksRead>();
  private readonly indexes = new Map<RunbooksRead, Map<string, RunbookIndex>>();

  constructor(private readonly options: CheckDocumentsOptions) {}

  read(runbooks: readonly SourceDocument[]): RunbooksRead {
    const key = JSON.stringify(runbooks.map((r) => [r.path, r.text]));
    let read = this.reads.get(key);
    if (!read) this.reads.set(key, (read = readRunbooks(runbooks, this.options)));
    return read;
  }

  index(read: RunbooksRead, envFiles: ReadonlyMap<string, readonly string[]>): RunbookIndex {
    const key = JSON.stringify([...envFiles]);
    const byEnv = this.indexes.get(read) ?? this.indexes.set(read, new Map()).get(read)!;
    let index = byEnv.get(key);
    if (!index) byEnv.set(key, (index = indexOf(read, envFiles)));
    return index;
  }
}

/** The repository and the code a spec is checked against: the Checker's own, or traced copies. */
interface View {
  repo: RepositoryIndex | undefined;
  grounding: Grounding | undefined;
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
    if (
      (span.context !== 'prose' && span.context !== 'code') ||
      doc.text.slice(span.start, span.start + span.text.length) !== span.text
    )
      continue;
    ENV_NAME.lastIndex = 0;
    for (let m = ENV_NAME.exec(span.text); m; m = ENV_NAME.exec(span.text)) {
      const offset = span.start + m.index;
      if (extracted.has(offset)) continue;
      const read = grounding.code.env(m[1]!);
      if (!read || read.test) continue;
      out.push({
        kind: 'env',
        raw: m[1]!,
        canonical: m[1]!,
        offset,
        context: span.context,
        section: span.section,
        ...doc.lines.position(offset),
      });
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
    const detail =
      debug && error instanceof Error && error.stack
        ? `\n${error.stack}`
        : ' (re-run with --debug for the stack trace)';
    diagnostics.push({
      file,
      severity: 'error',
      code: 'internal-error',
      message: `internal error while checking this file: ${error instanceof Error ? error.message : String(error)}${detail}`,
    });
    return undefined;
  }
}
