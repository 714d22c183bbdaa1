import path from 'node:path';
import { append } from './base/append.js';
import type { Checker, CheckDocumentsOptions } from './core/check-documents.js';
import { coreOptions } from './core/options.js';
import { ReportAssembler } from './core/assemble.js';
import type { RunbookOutcome } from './core/outcome.js';
import { readCacheFile } from './io/cache.js';
import { MAX_FILE_BYTES } from './io/read.js';
import { listRepository } from './io/repository.js';
import { summarize } from './report/summary.js';
import { checkSpecs } from './run/batches.js';
import { openCache } from './run/cache.js';
import { readCode } from './run/code.js';
import { runPaths, toPosix } from './run/paths.js';
import { askChanges, pullRequestReport, pullRequestScope, runbooksAt } from './run/pull-request.js';
import { readRunbooks } from './run/runbooks.js';
import { findSpecs } from './run/specs.js';
import type { Diagnostic, Report, SourceDocument } from './types.js';

export interface CheckOptions extends CheckDocumentsOptions {
  /** A directory of specs (every *.md below it) or a glob. */
  specs: string;
  /**
   * The runbook: a file, a glob, or several of them, one runbook spread over the files. Left
   * out, the files under `cwd` with a usual runbook name are used (see USUAL_RUNBOOKS), as
   * `specs` defaults to `cwd`'s specs/.
   */
  runbook?: string | readonly string[];
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
   * With `checkRepository`, also read the repository's code (default true): spec items no code
   * names are planned work, endpoints the project does not serve are not the runbook's.
   */
  code?: boolean;
  /** Files this run writes or reads as its own (reports, the baseline), relative to `cwd`: never read as code. */
  ownFiles?: readonly string[];
  /** Files or directories never read as code (relative to `cwd`), besides the specs and the runbook. */
  codeExclude?: readonly string[];
  /**
   * Keep each spec's outcome in `file` and reuse it while the spec, the runbook, the options,
   * the repository's files and the tool's `version` stay the same.
   */
  cache?: { file: string; version: string };
  /**
   * Threads that check specs, this one included: a number, 'off' (this thread only), or 'auto'
   * (the default: one per core, up to four, and only for runs big enough to gain from them).
   */
  concurrency?: number | 'auto' | 'off';
}

/** The parser-heavy core is loaded only when some spec has to be read afresh. */
async function newChecker(runbook: readonly SourceDocument[], options: CheckDocumentsOptions): Promise<Checker> {
  const { Checker } = await import('./core/check-documents.js');
  return new Checker(runbook, options);
}

/**
 * Reads the specs and the runbook from disk and checks them: runbooks → pull-request scope →
 * specs → repository and code → cache → each spec's outcome → report. Never throws for bad
 * input; rejects with a GitError when `changedSince` is given outside a git work tree or with
 * a bad ref.
 */
export async function check(options: CheckOptions): Promise<Report> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const paths = runPaths(cwd, path.resolve(cwd, options.root ?? '.'));
  const { display } = paths;
  const maxBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
  const diagnostics: Diagnostic[] = [];

  const revision = options.changedSince;
  const changesAsked = revision === undefined ? undefined : askChanges(cwd, revision);
  const given = typeof options.runbook === 'string' ? [options.runbook] : options.runbook;
  const runbooks = await readRunbooks(given, paths, maxBytes);
  append(diagnostics, runbooks.diagnostics);
  const runbookSet = runbooks.set;
  const runbookPaths = new Set(runbookSet?.map((r) => r.path));
  const listed = options.checkRepository && runbookSet ? await listRepository(paths.root) : undefined;
  const cacheFile = options.cache ? path.resolve(cwd, options.cache.file) : undefined;
  const cacheData = cacheFile && runbookSet ? await readCacheFile(cacheFile, options.cache!.version) : undefined;
  // PR mode: only what changed, plus, when the runbook changed, every spec it may have broken.
  const pr = changesAsked ? await pullRequestScope(changesAsked, runbooks.reals, given, cwd) : undefined;
  const changed = pr?.changed;

  const specs = await findSpecs(
    options.specs,
    paths,
    runbooks.reals,
    listed?.plain,
    pr && !pr.runbookChanged ? pr.changed : undefined,
    pr !== undefined,
  );
  append(diagnostics, specs.diagnostics);

  const code = listed
    ? readCode(
        paths,
        listed.repository.files,
        [
          ...runbookPaths,
          ...specs.files.map((c) => display(c.file)),
          ...(cacheFile ? [display(cacheFile)] : []),
          ...(options.ownFiles ?? []).map((f) => display(path.resolve(cwd, f))),
        ],
        options.codeExclude ?? [],
        maxBytes,
        cacheData?.code,
        options.code !== false,
        cacheFile !== undefined,
      )
    : undefined;
  if (code) append(diagnostics, code.diagnostics);
  const scanned = code?.scanned;
  const core: CheckDocumentsOptions = {
    ...coreOptions(options),
    ...(listed ? { repository: listed.repository } : {}),
    ...(scanned ? { codeIndex: scanned.index } : {}),
    ...(changesAsked ? { partial: true } : {}),
  };
  const cache =
    cacheFile && runbookSet
      ? openCache(
          cacheFile,
          cacheData,
          options.cache!.version,
          runbookSet,
          core,
          toPosix(path.relative(paths.root, cacheFile)),
          scanned,
        )
      : undefined;
  let checker: Checker | undefined;
  const theChecker = async (): Promise<Checker> => (checker ??= await newChecker(runbookSet!, core));
  const runbookOutcome: RunbookOutcome | undefined = runbookSet
    ? (cache?.runbook() ?? (await theChecker()).runbookOutcome)
    : undefined;
  if (runbookOutcome) cache?.setRunbook(runbookOutcome);
  const assembler = runbookOutcome ? new ReportAssembler(runbookOutcome, core) : undefined;

  // PR mode with an edited runbook: the same unchanged specs against the runbooks as they were.
  const oldSet =
    pr?.runbookChanged && runbookSet ? await runbooksAt(pr, revision!, runbookSet, runbooks.files, paths) : undefined;
  const before = oldSet ? await newChecker(oldSet, core) : undefined;

  const checked = await checkSpecs(specs.files, {
    display,
    maxBytes,
    changed,
    runbooks: runbookSet,
    runbookOk: runbookOutcome?.ok ?? false,
    runbookPaths,
    core,
    codeIndex: scanned?.index,
    cache,
    before,
    checker: theChecker,
    concurrency: options.concurrency,
    add: (outcome) => assembler!.add(outcome),
  });
  append(diagnostics, checked.diagnostics);

  if (!assembler || !runbookSet) {
    for (const d of runbooks.unreadable) diagnostics.push({ ...d, fatal: true });
    return reportWithoutRunbook(runbooks.files.map(display), diagnostics);
  }
  if (cache) {
    await cache.save(changed === undefined).catch((error: Error) => {
      diagnostics.push({
        file: toPosix(path.relative(cwd, cacheFile!)),
        severity: 'warning',
        code: 'cache-not-written',
        message: `cannot write the cache: ${error.message}`,
      });
    });
  }
  let report = assembler.report();
  if (pr)
    report = pullRequestReport(report, {
      before,
      runbookPaths,
      runbookChanged: pr.runbookChanged,
      changedSpecs: checked.changedSpecs,
    });
  const all = [...diagnostics, ...report.diagnostics];
  return { ...report, diagnostics: all, summary: { ...report.summary, diagnostics: all.length } };
}

/** The report of a run that had no runbook to check against: only what went wrong. */
function reportWithoutRunbook(runbooks: readonly string[], diagnostics: Diagnostic[]): Report {
  return {
    version: 1,
    runbook: runbooks[0] ?? '',
    ...(runbooks.length > 1 ? { runbooks: [...runbooks] } : {}),
    findings: [],
    suppressed: [],
    summary: summarize([], diagnostics, 0, 0),
    diagnostics,
  };
}
