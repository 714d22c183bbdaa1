import { createHash } from 'node:crypto';
import { fingerprintOf } from '../base/fingerprint.js';
import { addFileScan, emptyCodeIndex, scanCodeText, type CodeIndex, type FileScan } from '../compare/code-index.js';
import type { Repository } from '../compare/repository.js';
import { ReportAssembler } from '../core/assemble.js';
import { Checker, RunbookMemo, type CheckDocumentsOptions } from '../core/check-documents.js';
import type { SpecOutcome } from '../core/outcome.js';
import { stillHolds, Trace } from '../core/trace.js';
import { codeFilter, codeText, GITIGNORE_BYTES, isOwnReport } from '../io/code-scan.js';
import { decodeDocument } from '../io/read.js';
import { makefileTargets, packageScripts } from '../io/repository.js';
import type { Finding, SourceDocument, Summary } from '../types.js';
import type { Entry } from './log.js';

/** Which files of a commit play which part, by the names they have at the newest commit. */
export interface Selection {
  /** Is this path (relative to the root) one of the specs? */
  isSpec(path: string): boolean;
  /** The runbooks, relative to the root. */
  runbooks: readonly string[];
  /** Files that are never code: the run's own reports, its baseline, cache and config. */
  notCode: ReadonlySet<string>;
  /** `--code-ignore`: files or directories, relative to the root. */
  codeIgnore: readonly string[];
}

export interface EngineOptions {
  core: CheckDocumentsOptions;
  /** Hold the specs against the repository's files (and, with `code`, its code), as the run does. */
  repository: boolean;
  code: boolean;
  maxBytes: number;
  /** The root relative to the top of the work tree: '' or `dir/`. */
  prefix: string;
}

/** The check at one commit. */
export interface CommitCheck {
  /** False when the runbooks are not all there and readable: nothing was checked. */
  checked: boolean;
  /** Findings with their fingerprints taken by the names files have at the newest commit. */
  findings: Finding[];
  summary: Summary | undefined;
}

type Read = (oid: string) => Promise<Buffer | undefined>;

/** A spec's outcome, with what it asked of the repository and the code. */
interface Known {
  trace: Trace;
  outcome: SpecOutcome | undefined;
  /** The Checker it was last computed or confirmed with. */
  checker: Checker;
}

/** Outcomes kept for one spec text against one runbook set: a few states of the code. */
const KNOWN_PER_SPEC = 4;

/**
 * Checks commits one after another from their trees, reading each object once: a document's
 * text, a code file's scan and a Makefile's targets are kept by object id, and a spec's outcome
 * is kept by its text and the runbooks' and reused while the repository answers its questions
 * the same way. Pure but for `read`.
 */
export class HistoryEngine {
  private readonly texts = new Map<string, string | undefined>();
  private readonly scans = new Map<string, FileScan | undefined>();
  private readonly targets = new Map<string, Set<string>>();
  private readonly scripts = new Map<string, Set<string>>();
  private readonly known = new Map<string, Known[]>();
  private readonly runbookMemo: RunbookMemo;
  /** The previous commit's repository state, context and Checker. */
  private last:
    | {
        stateKey: string;
        runbookKey: string;
        context: { repository?: Repository; codeIndex?: CodeIndex };
        checker: Checker;
      }
    | undefined;
  private readonly contentIds = new Map<string, string>();
  /** Which paths are code, for each root .gitignore (by object id). */
  private readonly codePaths = new Map<string, Map<string, boolean>>();
  /** Specs checked afresh, and outcomes reused: what the bench reports. */
  readonly counts = { checked: 0, reused: 0 };

  constructor(
    private readonly read: Read,
    private readonly selection: Selection,
    private readonly options: EngineOptions,
  ) {
    this.runbookMemo = new RunbookMemo(options.core);
  }

  /** The check at the commit whose tree (paths relative to the top) is `tree`; `identity` maps its paths to today's. */
  async check(tree: ReadonlyMap<string, Entry>, identity: ReadonlyMap<string, string>): Promise<CommitCheck> {
    const { selection, options } = this;
    const files = new Map<string, Entry>();
    for (const [p, entry] of tree) {
      if (!p.startsWith(options.prefix) || entry.mode === '160000') continue;
      const rel = p.slice(options.prefix.length);
      if (!/(?:^|\/)(?:\.git|node_modules)(?:\/|$)/.test(rel)) files.set(rel, entry);
    }
    const now = (p: string): string => identity.get(p) ?? p;
    const then = new Map<string, string>();
    for (const [p, today] of identity) then.set(today, p);
    const runbookPaths = selection.runbooks.map((r) => then.get(r) ?? r);
    const runbookSet = new Set(runbookPaths);
    const specPaths = [...files.keys()]
      .filter((p) => files.get(p)!.mode !== '120000' && !runbookSet.has(p) && selection.isSpec(now(p)))
      .sort();
    const documents = [...runbookPaths, ...specPaths];
    await this.load(
      documents.flatMap((p) => (files.has(p) ? [files.get(p)!.oid] : [])),
      this.texts,
      (bytes, oid) => {
        const decoded = decodeDocument(bytes, oid, options.maxBytes);
        return decoded.ok ? decoded.text : undefined;
      },
    );
    const runbooks: SourceDocument[] = [];
    for (const p of runbookPaths) {
      const entry = files.get(p);
      const text = entry && entry.mode !== '120000' ? this.texts.get(entry.oid) : undefined;
      if (text === undefined) return { checked: false, findings: [], summary: undefined };
      runbooks.push({ path: p, text });
    }
    const runbookKey = runbookPaths.map((p) => `${p}\0${files.get(p)!.oid}`).join('\0');
    // A commit whose changes leave the repository's files, targets, scripts and code scans as they
    // were keeps the repository, the code index and (same runbooks) the Checker.
    const gathered = options.repository ? await this.gather(files, new Set(documents)) : undefined;
    const stateKey = gathered?.key ?? '';
    const last = this.last;
    const context = last?.stateKey === stateKey ? last.context : (gathered?.build() ?? {});
    const core: CheckDocumentsOptions = { ...options.core, ...context };
    const checker =
      last?.stateKey === stateKey && last.runbookKey === runbookKey
        ? last.checker
        : new Checker(runbooks, core, this.runbookMemo);
    this.last = { stateKey, runbookKey, context, checker };
    if (!checker.runbookOutcome.ok) return { checked: false, findings: [], summary: undefined };
    const assembler = new ReportAssembler(checker.runbookOutcome, core);
    for (const p of specPaths) {
      const oid = files.get(p)!.oid;
      const text = this.texts.get(oid);
      if (text === undefined) continue;
      const outcome = this.outcome(checker, { path: p, text }, `${p}\0${oid}\0${runbookKey}\0${checker.contextKey}`);
      if (outcome) assembler.add(outcome);
    }
    const report = assembler.report();
    const findings = report.findings.map((f) => {
      const file = now(f.file);
      return file === f.file ? f : { ...f, fingerprint: fingerprintOf(f.rule, file, f.canonical) };
    });
    return { checked: true, findings, summary: report.summary };
  }

  private outcome(checker: Checker, spec: SourceDocument, key: string): SpecOutcome | undefined {
    const roots = checker.roots;
    const known = this.known.get(key) ?? [];
    // Against the Checker that last answered it, an outcome holds without asking again.
    const hit = known.find((k) => k.checker === checker) ?? known.find((k) => stillHolds(k.trace, roots));
    if (hit) {
      hit.checker = checker;
      this.counts.reused++;
      return hit.outcome;
    }
    this.counts.checked++;
    const trace = new Trace();
    const outcome = checker.outcomeOf(spec, trace);
    known.unshift({ trace, outcome, checker });
    if (known.length > KNOWN_PER_SPEC) known.pop();
    this.known.set(key, known);
    return outcome;
  }

  /**
   * What the repository's files, Makefile targets, npm scripts and (with `code`) code index at
   * this commit are made of, as a key, and how to build them: two commits with one key have the same.
   */
  private async gather(
    files: ReadonlyMap<string, Entry>,
    documents: ReadonlySet<string>,
  ): Promise<{ key: string; build(): { repository: Repository; codeIndex?: CodeIndex } }> {
    const makefiles: Array<[string, string]> = [];
    const packages: Array<[string, string]> = [];
    for (const [p, { oid }] of files) {
      if (!p.endsWith('akefile') && !p.endsWith('package.json')) continue;
      const slash = p.lastIndexOf('/');
      const base = p.slice(slash + 1);
      const dir = slash === -1 ? '' : p.slice(0, slash);
      if (base === 'Makefile' || base === 'makefile' || base === 'GNUmakefile') makefiles.push([dir, oid]);
      else if (base === 'package.json') packages.push([dir, oid]);
    }
    await this.load(
      makefiles.map(([, oid]) => oid),
      this.targets,
      (bytes) => makefileTargets(bytes.toString('utf8')),
    );
    await this.load(
      packages.map(([, oid]) => oid),
      this.scripts,
      (bytes) => packageScripts(bytes.toString('utf8')),
    );
    const repository = (): Repository => ({
      files: new Set(files.keys()),
      makeTargets: new Map(makefiles.map(([dir, oid]) => [dir, this.targets.get(oid) ?? new Set<string>()])),
      npmScripts: new Map(packages.map(([dir, oid]) => [dir, this.scripts.get(oid) ?? new Set<string>()])),
    });
    const key = [
      [...files.keys()].sort().join('\n'),
      makefiles.map(([dir, oid]) => `${dir}\0${this.contentId(oid, this.targets.get(oid))}`).join('\n'),
      packages.map(([dir, oid]) => `${dir}\0${this.contentId(oid, this.scripts.get(oid))}`).join('\n'),
    ];
    if (!this.options.code) return { key: key.join('\0\0'), build: () => ({ repository: repository() }) };
    const gitignore = files.get('.gitignore');
    const ignoreText = gitignore
      ? (await this.read(gitignore.oid))?.subarray(0, GITIGNORE_BYTES).toString('utf8')
      : undefined;
    const filter = codeFilter(ignoreText, this.selection.codeIgnore);
    const known = this.codePaths.get(gitignore?.oid ?? '') ?? new Map<string, boolean>();
    this.codePaths.set(gitignore?.oid ?? '', known);
    const isCode = (p: string): boolean => known.get(p) ?? (known.set(p, filter(p)), known.get(p)!);
    const code = [...files]
      .filter(([p, e]) => e.mode !== '120000' && !documents.has(p) && !this.selection.notCode.has(p) && isCode(p))
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const maxBytes = this.options.maxBytes;
    await this.load(
      code.map(([, e]) => e.oid),
      this.scans,
      (bytes) => {
        const text = codeText(bytes, maxBytes);
        return text === undefined || isOwnReport(text) ? undefined : scanCodeText(text);
      },
    );
    key.push(code.map(([p, { oid }]) => `${p}\0${this.contentId(oid, this.scans.get(oid))}`).join('\n'));
    return {
      key: key.join('\0\0'),
      build: () => {
        const codeIndex = emptyCodeIndex();
        for (const [p, { oid }] of code) {
          const scan = this.scans.get(oid);
          if (scan) addFileScan(codeIndex, p, scan);
        }
        return { repository: repository(), codeIndex };
      },
    };
  }

  /** An id for what was made of an object (its scan, its targets): objects whose scans are alike share it. */
  private contentId(oid: string, made: unknown): string {
    let id = this.contentIds.get(oid);
    if (id === undefined) {
      const json = JSON.stringify(made, (_k, v: unknown) => (v instanceof Set ? [...v].sort() : v)) ?? '';
      id = createHash('sha1').update(json).digest('hex');
      this.contentIds.set(oid, id);
    }
    return id;
  }

  /** Reads the objects `memo` lacks, all asked at once, and keeps what `make` makes of each. */
  private async load<T>(
    oids: readonly string[],
    memo: Map<string, T>,
    make: (bytes: Buffer, oid: string) => T,
  ): Promise<void> {
    const wanted = [...new Set(oids)].filter((oid) => !memo.has(oid));
    const read = await Promise.all(wanted.map((oid) => this.read(oid)));
    wanted.forEach((oid, i) => memo.set(oid, read[i] === undefined ? (undefined as T) : make(read[i]!, oid)));
  }
}
