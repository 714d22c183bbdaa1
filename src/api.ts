import { existsSync, promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { append } from './base/append.js';
import type { Checker, CheckDocumentsOptions } from './core/check-documents.js';
import { coreOptions, OUTCOME_OPTIONS } from './core/options.js';
import { ReportAssembler } from './core/assemble.js';
import type { RunbookOutcome, SpecOutcome } from './core/outcome.js';
import { contentHash, contextKey, OutcomeCache, readCacheFile } from './io/cache.js';
import { scanRepositoryCode } from './io/code-scan.js';
import type { CodeIndex } from './compare/code-index.js';
import { discoverSpecs } from './io/discover.js';
import { MAX_FILE_BYTES, readDocument } from './io/read.js';
import { summarize } from './report/summary.js';
import { changedSince, fileAtRevision } from './io/git.js';
import { listRepository } from './io/repository.js';
import { MAX_DISCOVERED, resolveRunbooks, USUAL_RUNBOOK_NAMES, wouldSelect } from './io/runbooks.js';
import type { OutcomePool } from './io/pool.js';
import type { Diagnostic, Finding, Report, SourceDocument } from './types.js';

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

type Repository = NonNullable<CheckDocumentsOptions['repository']>;

/** The parser-heavy core is loaded only when some spec has to be read afresh. */
async function newChecker(runbook: readonly SourceDocument[], options: CheckDocumentsOptions): Promise<Checker> {
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
    absolute.startsWith(rootPrefix) && !absolute.includes(`${path.sep}.`)
      ? toPosix(absolute.slice(rootPrefix.length))
      : toPosix(path.relative(root, absolute)) || '.';
  const maxBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
  const diagnostics: Diagnostic[] = [];

  // PR mode asks git first: its processes run on the other core while this one walks and reads.
  const changesAsked = options.changedSince === undefined ? undefined : changedSince(cwd, options.changedSince);
  changesAsked?.catch(() => undefined);
  // It will need the parser for the changed specs: loading it can overlap git's work too.
  if (changesAsked) import('./core/check-documents.js').catch(() => undefined);
  const given =
    options.runbook === undefined
      ? undefined
      : typeof options.runbook === 'string'
        ? [options.runbook]
        : options.runbook;
  const resolved = await resolveRunbooks(given, cwd);
  append(diagnostics, runbookProblems(resolved));
  if (resolved.truncated) {
    diagnostics.push({
      file: '.',
      severity: 'warning',
      code: 'runbooks-truncated',
      message: `${resolved.truncated} more files have a usual runbook name: only the first ${MAX_DISCOVERED} are used; name the runbooks with --runbook`,
    });
  }
  const runbookReals = new Set(await Promise.all(resolved.files.map(realpath)));
  const runbookReads = resolved.files.map((abs) => ({ abs, read: readDocument(abs, display(abs), maxBytes) }));
  const unreadable = runbookReads.filter((r) => !r.read.ok);
  const runbookSet: SourceDocument[] | undefined =
    unreadable.length === 0 && resolved.unmatched.length === 0 && resolved.files.length > 0
      ? runbookReads.map(({ abs, read }) => ({ path: display(abs), text: (read as { text: string }).text }))
      : undefined;
  const runbook = runbookSet?.[0];
  const runbookPaths = new Set(runbookSet?.map((r) => r.path));
  const listed = options.checkRepository && runbook ? await listRepository(root) : undefined;
  const cacheFile = options.cache ? path.resolve(cwd, options.cache.file) : undefined;
  const cacheData = cacheFile && runbook ? await readCacheFile(cacheFile, options.cache!.version) : undefined;
  // PR mode: only what changed, plus, when the runbook changed, every spec it may have broken.
  let changed: Set<string> | undefined;
  let runbookChanged = false;
  const removedRunbooks: string[] = [];
  let changes: Awaited<ReturnType<typeof changedSince>> | undefined;
  if (changesAsked) {
    changes = await changesAsked;
    changed = new Set(await Promise.all([...changes.changed].map(realpath)));
    runbookChanged = [...runbookReals].some((r) => changed!.has(r));
    // A runbook the change deleted or renamed away is a runbook change too: every spec it documented may drift.
    for (const file of changes.removed) {
      if (existsSync(file) || !wouldSelect(toPosix(path.relative(cwd, file)), given)) continue;
      runbookChanged = true;
      removedRunbooks.push(file);
    }
  }
  // The repository's walk usually covers the specs: they are not walked again. In PR mode with
  // the runbook as it was, only the changed specs are wanted: the walk answers for just those.
  const discovered = await discoverSpecs(
    options.specs,
    cwd,
    [],
    listed?.plain,
    changed && !runbookChanged ? changed : undefined,
    root,
  );
  if (discovered.problem)
    diagnostics.push({
      file: options.specs,
      severity: 'error',
      code: 'no-specs',
      message: discovered.problem,
      fatal: true,
    });
  for (const note of discovered.notes ?? [])
    diagnostics.push({ file: options.specs, severity: 'warning', code: 'walk-limited', message: note });
  const toRead = discovered.files
    .map((file, i) => ({ file, real: discovered.reals[i]! }))
    .filter((c) => !runbookReals.has(c.real));
  if (!discovered.problem && discovered.files.length > 0 && toRead.length === 0 && !changed) {
    diagnostics.push({
      file: options.specs,
      severity: 'error',
      code: 'no-specs',
      fatal: true,
      message: 'every file the specs selection matches is a runbook: nothing is left to check',
    });
  }

  // The code, read once for every spec: the specs, the runbook and the cache are not code.
  const ignored = (options.codeExclude ?? []).map((p) => ({ given: p, path: display(path.resolve(cwd, p)) }));
  const scanned =
    listed && options.code !== false
      ? scanRepositoryCode(
          root,
          listed.repository.files,
          new Set([
            ...runbookPaths,
            ...toRead.map((c) => display(c.file)),
            ...(cacheFile ? [display(cacheFile)] : []),
            ...(options.ownFiles ?? []).map((f) => display(path.resolve(cwd, f))),
          ]),
          maxBytes,
          cacheData?.code,
          ignored.map((i) => i.path),
        )
      : undefined;
  if (listed) append(diagnostics, unmatchedIgnores(ignored, listed.repository.files));
  const core: CheckDocumentsOptions = {
    ...coreOptions(options),
    ...(listed ? { repository: listed.repository } : {}),
    ...(scanned ? { codeIndex: scanned.index } : {}),
    ...(changesAsked ? { partial: true } : {}),
  };
  // The cache file may sit in the repository: it must not be part of its own key.
  const cache =
    cacheFile && runbook
      ? OutcomeCache.from(
          cacheFile,
          cacheData,
          cacheContext(
            options.cache!.version,
            runbookSet!,
            core,
            toPosix(path.relative(root, cacheFile)),
            scanned?.hash,
          ),
          scanned?.scans,
          options.cache!.version,
        )
      : undefined;
  let checker: Checker | undefined;
  const theChecker = async (): Promise<Checker> => (checker ??= await newChecker(runbookSet!, core));
  const runbookOutcome: RunbookOutcome | undefined = runbook
    ? (cache?.runbook() ?? (await theChecker()).runbookOutcome)
    : undefined;
  if (runbookOutcome) cache?.setRunbook(runbookOutcome);
  const assembler = runbookOutcome ? new ReportAssembler(runbookOutcome, core) : undefined;

  // PR mode with an edited runbook: the same unchanged specs against the runbooks as they were.
  const oldSet =
    changes && runbookChanged && runbookSet
      ? await runbooksAt(
          changes,
          options.changedSince!,
          runbookSet,
          resolved.files,
          removedRunbooks.map((f) => ({ abs: f, path: display(f) })),
        )
      : undefined;
  const before = oldSet ? await newChecker(oldSet, core) : undefined;

  // Read, check and let go, a batch at a time: memory follows the batch, not the repository.
  // Specs not in the cache are checked here or, in a big run, by worker threads too; outcomes
  // are merged in read order either way, so the report cannot tell who computed what.
  const changedSpecs = new Set<string>();
  // Each worker gets its own copy of the code index in a small heap: a big index stays on this thread.
  const threads =
    scanned && codeEntries(scanned.index) > MAX_CODE_ENTRIES_FOR_WORKERS
      ? 1
      : threadCount(options.concurrency, toRead.length);
  let pool: OutcomePool | undefined;
  let poolTried = false;
  let misses = 0;
  const queue: Batch[] = [];
  try {
    for (let i = 0; i < toRead.length; i += READ_BATCH) {
      const batch: Batch = { entries: [] };
      for (const c of toRead.slice(i, i + READ_BATCH)) {
        const shown = display(c.file);
        const result = readDocument(c.file, shown, maxBytes);
        const isChanged = changed?.has(c.real) ?? false;
        if (isChanged) changedSpecs.add(shown);
        if (!result.ok) {
          if (!changed || isChanged) diagnostics.push(result.diagnostic);
          continue;
        }
        const doc: SourceDocument = { path: shown, text: result.text };
        if (runbookOutcome?.ok && !runbookPaths.has(doc.path)) {
          const hash = cache ? contentHash(doc.text) : '';
          batch.entries.push({ doc, hash, cached: cache?.spec(doc.path, hash) });
        }
        if (before && !isChanged) before.add(doc);
      }
      const missing = batch.entries.filter((e) => e.cached === undefined);
      misses += missing.length;
      if (missing.length === 0) {
        queue.push(batch);
      } else {
        // 'auto' starts workers only where they pay; a number given asks for them outright.
        if (
          !poolTried &&
          threads > 1 &&
          (typeof options.concurrency === 'number' ||
            (misses >= (cache ? MISSES_BEFORE_POOL : 1) && toRead.length - i >= POOL_MIN_SPECS))
        ) {
          poolTried = true;
          pool = (await import('./io/pool.js')).OutcomePool.open(threads - 1, runbookSet!, core);
        }
        const job = pool?.trySubmit(missing.map((e) => e.doc));
        // A job that fails leaves its specs without outcomes: merge computes them here.
        const done = (outcomes: SpecOutcome[] = []): void => {
          missing.forEach((e, j) => (e.fresh = outcomes[j]));
          batch.job = undefined;
        };
        if (job) batch.job = job.then(done, () => done());
        else await computeMissing(batch);
        queue.push(batch);
      }
      // Let finished jobs' messages in, then merge every complete batch at the head of the queue.
      if (pool) await new Promise((resolve) => setImmediate(resolve));
      while (queue.length > 0 && queue[0]!.job === undefined) await merge(queue.shift()!);
    }
    for (const batch of queue) {
      await batch.job;
      await merge(batch);
    }
  } finally {
    await pool?.close();
  }

  /** Outcomes of a batch's specs that the cache lacks (or a failed worker left), computed on this thread. */
  async function computeMissing(batch: Batch): Promise<void> {
    for (const e of batch.entries)
      if (e.cached === undefined && e.fresh === undefined) e.fresh = (await theChecker()).outcomeOf(e.doc)!;
  }

  async function merge(batch: Batch): Promise<void> {
    await computeMissing(batch);
    for (const { doc, hash, cached, fresh } of batch.entries) {
      if (fresh) cache?.setSpec(doc.path, hash, fresh);
      assembler!.add(cached ?? fresh!);
    }
  }

  if (!assembler || !runbook) {
    for (const { read } of unreadable) if (!read.ok) diagnostics.push({ ...read.diagnostic, fatal: true });
    return reportWithoutRunbook(resolved.files.map(display), diagnostics);
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
  if (changes) report = pullRequestReport(report, { before, runbookPaths, runbookChanged, changedSpecs });
  const all = [...diagnostics, ...report.diagnostics];
  return { ...report, diagnostics: all, summary: { ...report.summary, diagnostics: all.length } };
}

/** A runbook glob that matched nothing, or no runbook found by its usual names: the run cannot go on. */
function runbookProblems(resolved: { files: readonly string[]; unmatched: readonly string[] }): Diagnostic[] {
  const out: Diagnostic[] = resolved.unmatched.map((glob) => ({
    file: glob,
    severity: 'error',
    code: 'no-runbook',
    message: 'runbook glob matched no files',
    fatal: true,
  }));
  if (resolved.files.length === 0 && resolved.unmatched.length === 0) {
    out.push({
      file: 'docs/RUNBOOK.md',
      severity: 'error',
      code: 'no-runbook',
      fatal: true,
      message: `does not exist, and no other file has a usual runbook name (${USUAL_RUNBOOK_NAMES}); name the runbook with --runbook`,
    });
  }
  return out;
}

/** A --code-ignore that names nothing of the repository is most likely a typo: say so rather than read the fixtures. */
function unmatchedIgnores(
  ignored: readonly { given: string; path: string }[],
  files: ReadonlySet<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { given, path: p } of ignored) {
    const under = `${p.replace(/\/+$/, '')}/`;
    let matched = files.has(p);
    for (const f of files) if (matched || (matched = f.startsWith(under))) break;
    if (!matched) {
      out.push({
        file: given,
        severity: 'warning',
        code: 'code-ignore-unmatched',
        message: '--code-ignore / codeIgnore names no file or directory of the repository',
      });
    }
  }
  return out;
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

/**
 * PR mode: a pull request answers for what it changed. A finding in an unchanged spec counts
 * only if the old runbook did not have it already, and the runbook's own findings (stale
 * scripts, orphans) only when the runbook changed and they are new.
 */
function pullRequestReport(
  report: Report,
  pr: {
    before: Checker | undefined;
    runbookPaths: ReadonlySet<string>;
    runbookChanged: boolean;
    changedSpecs: ReadonlySet<string>;
  },
): Report {
  const already = pr.before ? fingerprints(pr.before.report()) : new Set<string>();
  const isNew = (f: Finding): boolean =>
    pr.runbookPaths.has(f.file)
      ? pr.runbookChanged && !already.has(f.fingerprint)
      : pr.changedSpecs.has(f.file) || (pr.runbookChanged && !already.has(f.fingerprint));
  const findings = report.findings.filter(isNew);
  const suppressed = report.suppressed.filter(isNew);
  const { specsChecked, specsBound } = report.summary;
  return {
    ...report,
    findings,
    suppressed,
    summary: summarize(findings, report.diagnostics, specsChecked, specsBound, suppressed.length),
  };
}

/** The runbook set as it was at `revision`: a runbook that did not exist then is left out. */
async function runbooksAt(
  changes: Awaited<ReturnType<typeof changedSince>>,
  revision: string,
  now: readonly SourceDocument[],
  files: readonly string[],
  removed: ReadonlyArray<{ abs: string; path: string }>,
): Promise<SourceDocument[]> {
  const out: SourceDocument[] = [];
  for (const [i, doc] of now.entries()) {
    const text = await fileAtRevision(changes.top, revision, files[i]!);
    if (text !== undefined) out.push({ ...doc, text });
  }
  for (const { abs, path: shown } of removed) {
    const text = await fileAtRevision(changes.top, revision, abs);
    if (text !== undefined) out.push({ path: shown, text });
  }
  return out;
}

/** Files read at once: enough to keep the disk busy, few enough that memory stays flat. */
const READ_BATCH = 64;
/**
 * 'auto' starts worker threads only for a run with this many specs left to read. On the
 * benchmark machine two threads gain nothing below a few thousand specs: a worker's start-up
 * costs about 100 specs' work, and both threads slow down when both parse.
 */
const POOL_MIN_SPECS = 4000;
/** Names, paths and flags in a code index above which worker threads are not started (see WORKER_LIMITS). */
const MAX_CODE_ENTRIES_FOR_WORKERS = 100_000;

function codeEntries(index: CodeIndex): number {
  return (
    index.names.size +
    index.envNames.size +
    index.constants.size +
    index.templates.size +
    index.paths.size +
    index.calledPaths.size +
    index.flags.size +
    index.launched.size +
    index.envFiles.size
  );
}

/** With a cache, workers start only once this many specs turned out to be missing from it. */
const MISSES_BEFORE_POOL = 2 * READ_BATCH;

/** Specs read together, each with its outcome from the cache or computed fresh (here or by a worker). */
interface Batch {
  entries: Array<{ doc: SourceDocument; hash: string; cached: SpecOutcome | undefined; fresh?: SpecOutcome }>;
  /** The worker's job while it is out; undefined once its outcomes are in (or it failed). */
  job?: Promise<void>;
}

/** Threads to check specs on, this one included: `auto` is one per core, up to four. */
function threadCount(concurrency: CheckOptions['concurrency'], specs: number): number {
  // More threads than cores only fight over them, and each holds its own heap: capped by the cores,
  // and never more than there are batches of specs to give them.
  if (typeof concurrency === 'number')
    return Math.max(1, Math.min(Math.floor(concurrency), availableParallelism(), 1 + Math.ceil(specs / READ_BATCH)));
  if (concurrency === 'off') return 1;
  return Math.min(4, availableParallelism());
}

/** Everything besides a spec's own text that its outcome depends on. */
function cacheContext(
  version: string,
  runbooks: readonly SourceDocument[],
  core: CheckDocumentsOptions,
  cacheFile: string,
  codeHash: string | undefined,
): string {
  return contextKey({
    code: codeHash ?? null,
    version,
    runbook: runbooks.map((r) => [r.path, contentHash(r.text)]),
    ...Object.fromEntries(OUTCOME_OPTIONS.map((key) => [key, core[key] ?? null])),
    repository: core.repository ? repositoryFingerprint(core.repository, cacheFile) : null,
  });
}

function repositoryFingerprint(repo: Repository, cacheFile: string): string {
  const sets = (m: ReadonlyMap<string, ReadonlySet<string>>) =>
    [...m].map(([k, v]) => [k, [...v].sort()]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  const files = [...repo.files].filter((f) => f !== cacheFile).sort();
  return contentHash(JSON.stringify([files, sets(repo.makeTargets), sets(repo.npmScripts)]));
}

function fingerprints(report: Report): Set<string> {
  return new Set([...report.findings, ...report.suppressed].map((f) => f.fingerprint));
}

function realpath(file: string): Promise<string> {
  return fs.realpath(file).catch(() => path.resolve(file));
}
