import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Checker, CheckDocumentsOptions } from './core/check-documents.js';
import { ReportAssembler } from './core/assemble.js';
import type { RunbookOutcome, SpecOutcome } from './core/outcome.js';
import { contentHash, contextKey, OutcomeCache } from './io/cache.js';
import { discoverSpecs } from './io/discover.js';
import { MAX_FILE_BYTES, readDocument } from './io/read.js';
import { summarize } from './report/summary.js';
import { changedSince, fileAtRevision } from './io/git.js';
import { readRepository } from './io/repository.js';
import type { Diagnostic, Finding, Report, SourceDocument } from './types.js';

export interface CheckOptions extends CheckDocumentsOptions {
  /** A directory of specs (every *.md below it) or a glob. */
  specs: string;
  /** The runbook file. */
  runbook: string;
  /** Directory the two paths are relative to. Default: process.cwd(). */
  cwd?: string;
  /** Repository root: file paths in the report, and paths in documents, are relative to it. Default: cwd. */
  root?: string;
  /** Files larger than this many bytes are skipped with a diagnostic. */
  maxFileBytes?: number;
  /** PR mode: check only specs changed since this git revision, and the runbook if it changed. */
  changedSince?: string;
  /**
   * Check the runbook against the repository at `root` (its files, Makefile targets, npm
   * scripts): stale references and planned scripts. Off by default: outside a repository
   * everything would look stale.
   */
  checkRepository?: boolean;
  /**
   * Keep each spec's outcome in `file` and reuse it while the spec, the runbook, the options,
   * the repository's files and the tool's `version` stay the same.
   */
  cache?: { file: string; version: string };
}

type Repository = NonNullable<CheckDocumentsOptions['repository']>;

/** The parser-heavy core is loaded only when some spec has to be read afresh. */
async function newChecker(runbook: SourceDocument, options: CheckDocumentsOptions): Promise<Checker> {
  const { Checker } = await import('./core/check-documents.js');
  return new Checker(runbook, options);
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Reads the specs and the runbook from disk and checks them. Never throws for bad input;
 * rejects with a GitError when `changedSince` is given outside a git work tree or with a bad ref. */
export async function check(options: CheckOptions): Promise<Report> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const root = path.resolve(cwd, options.root ?? '.');
  const rootPrefix = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  // The common case, a file below the root, without path.relative's normalising.
  const display = (absolute: string): string =>
    absolute.startsWith(rootPrefix) && !absolute.includes(`${path.sep}.`) ? toPosix(absolute.slice(rootPrefix.length)) : toPosix(path.relative(root, absolute)) || '.';
  const maxBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
  const diagnostics: Diagnostic[] = [];

  const runbookAbs = path.resolve(cwd, options.runbook);
  const runbookReal = await realpath(runbookAbs);
  const discovered = await discoverSpecs(options.specs, cwd);
  if (discovered.problem) diagnostics.push({ file: options.specs, severity: 'error', code: 'no-specs', message: discovered.problem, fatal: true });
  const candidates = discovered.files.map((file, i) => ({ file, real: discovered.reals[i]! })).filter((c) => c.real !== runbookReal);

  // PR mode: only what changed, plus, when the runbook changed, every spec it may have broken.
  let changed: Set<string> | undefined;
  let runbookChanged = false;
  let changes: Awaited<ReturnType<typeof changedSince>> | undefined;
  if (options.changedSince !== undefined) {
    changes = await changedSince(cwd, options.changedSince);
    changed = new Set(await Promise.all([...changes.changed].map(realpath)));
    runbookChanged = changed.has(runbookReal);
  }
  const toRead = changed && !runbookChanged ? candidates.filter((c) => changed!.has(c.real)) : candidates;

  const runbookRead = readDocument(runbookAbs, display(runbookAbs), maxBytes);
  const runbook = runbookRead.ok ? { path: display(runbookAbs), text: runbookRead.text } : undefined;
  const core: CheckDocumentsOptions = {
    ...options,
    ...(options.checkRepository && runbook ? { repository: await readRepository(root) } : {}),
    ...(changed ? { partial: true } : {}),
  };
  const cacheFile = options.cache ? path.resolve(cwd, options.cache.file) : undefined;
  // The cache file may sit in the repository: it must not be part of its own key.
  const cache = cacheFile && runbook
    ? await OutcomeCache.open(cacheFile, cacheContext(options.cache!.version, runbook, core, toPosix(path.relative(root, cacheFile))))
    : undefined;
  let checker: Checker | undefined;
  const theChecker = async (): Promise<Checker> => (checker ??= await newChecker(runbook!, core));
  const runbookOutcome: RunbookOutcome | undefined = runbook ? (cache?.runbook() ?? (await theChecker()).runbookOutcome) : undefined;
  if (runbookOutcome) cache?.setRunbook(runbookOutcome);
  const assembler = runbookOutcome ? new ReportAssembler(runbookOutcome, core) : undefined;
  // PR mode with an edited runbook: the same unchanged specs against the runbook as it was.
  const oldText = changes && runbookChanged && runbook ? await fileAtRevision(changes.top, options.changedSince!, runbookAbs) : undefined;
  const before = oldText !== undefined ? await newChecker({ ...runbook!, text: oldText }, core) : undefined;

  // Read, check and let go, a batch at a time: memory follows the batch, not the repository.
  const changedSpecs = new Set<string>();
  for (let i = 0; i < toRead.length; i += READ_BATCH) {
    const batch = toRead.slice(i, i + READ_BATCH).map((c) => {
      const shown = display(c.file);
      return { ...c, shown, result: readDocument(c.file, shown, maxBytes) };
    });
    for (const { real, shown, result } of batch) {
      const isChanged = changed?.has(real) ?? false;
      if (isChanged) changedSpecs.add(shown);
      if (!result.ok) {
        if (!changed || isChanged) diagnostics.push(result.diagnostic);
        continue;
      }
      const doc: SourceDocument = { path: shown, text: result.text };
      if (runbookOutcome?.ok && doc.path !== runbook!.path) assembler!.add(await outcomeOf(doc));
      if (before && !isChanged) before.add(doc);
    }
  }

  async function outcomeOf(doc: SourceDocument): Promise<SpecOutcome> {
    const hash = cache ? contentHash(doc.text) : '';
    const cached = cache?.spec(doc.path, hash);
    if (cached) return cached;
    const outcome = (await theChecker()).outcomeOf(doc)!;
    cache?.setSpec(doc.path, hash, outcome);
    return outcome;
  }

  if (!runbookRead.ok || !assembler || !runbook) {
    if (!runbookRead.ok) diagnostics.push({ ...runbookRead.diagnostic, fatal: true });
    return { version: 1, runbook: display(runbookAbs), findings: [], suppressed: [], summary: summarize([], diagnostics, 0, 0), diagnostics };
  }
  if (cache) {
    await cache.save(changed === undefined).catch((error: Error) => {
      diagnostics.push({ file: toPosix(path.relative(cwd, cacheFile!)), severity: 'warning', code: 'cache-not-written', message: `cannot write the cache: ${error.message}` });
    });
  }
  let report = assembler.report();
  if (changes && runbookChanged) {
    // A finding in an unchanged spec counts only if the old runbook did not have it already.
    const already = before ? fingerprints(before.report()) : new Set<string>();
    const isNew = (f: Finding): boolean => changedSpecs.has(f.file) || f.file === runbook.path || !already.has(f.fingerprint);
    const findings = report.findings.filter(isNew);
    const suppressed = report.suppressed.filter(isNew);
    report = { ...report, findings, suppressed, summary: summarize(findings, report.diagnostics, report.summary.specsChecked, report.summary.specsBound, suppressed.length) };
  }
  const all = [...diagnostics, ...report.diagnostics];
  return { ...report, diagnostics: all, summary: { ...report.summary, diagnostics: all.length } };
}

/** Files read at once: enough to keep the disk busy, few enough that memory stays flat. */
const READ_BATCH = 64;

/** Everything besides a spec's own text that its outcome depends on. */
function cacheContext(version: string, runbook: SourceDocument, core: CheckDocumentsOptions, cacheFile: string): string {
  return contextKey({
    version, runbook: [runbook.path, contentHash(runbook.text)],
    kinds: core.kinds ?? null, everySpec: core.everySpecKinds ?? null, excluded: core.excludeSections ?? null,
    systemCommands: core.systemCommands ?? null, debug: core.debug ?? false, partial: core.partial ?? false,
    repository: core.repository ? repositoryFingerprint(core.repository, cacheFile) : null,
  });
}

function repositoryFingerprint(repo: Repository, cacheFile: string): string {
  const sets = (m: ReadonlyMap<string, ReadonlySet<string>>) => [...m].map(([k, v]) => [k, [...v].sort()]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  const files = [...repo.files].filter((f) => f !== cacheFile).sort();
  return contentHash(JSON.stringify([files, sets(repo.makeTargets), sets(repo.npmScripts)]));
}

function fingerprints(report: Report): Set<string> {
  return new Set([...report.findings, ...report.suppressed].map((f) => f.fingerprint));
}

function realpath(file: string): Promise<string> {
  return fs.realpath(file).catch(() => path.resolve(file));
}
