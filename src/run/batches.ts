import { availableParallelism } from 'node:os';
import type { CodeIndex } from '../compare/code-index.js';
import type { Checker, CheckDocumentsOptions } from '../core/check-documents.js';
import type { SpecOutcome } from '../core/outcome.js';
import { contentHash, type OutcomeCache } from '../io/cache.js';
import type { OutcomePool } from '../io/pool.js';
import { readDocument } from '../io/read.js';
import type { Diagnostic, SourceDocument } from '../types.js';
import type { SpecFile } from './specs.js';

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
/** With a cache, workers start only once this many specs turned out to be missing from it. */
const MISSES_BEFORE_POOL = 2 * READ_BATCH;

export type Concurrency = number | 'auto' | 'off' | undefined;

/** What checking the specs needs from the run. */
export interface SpecRun {
  display(absolute: string): string;
  maxBytes: number;
  /** PR mode: real paths of the changed files; a read problem elsewhere is not the change's. */
  changed: ReadonlySet<string> | undefined;
  /** The runbooks, for worker threads. */
  runbooks: readonly SourceDocument[] | undefined;
  /** The runbooks could be read and checked: specs get outcomes only then. */
  runbookOk: boolean;
  runbookPaths: ReadonlySet<string>;
  core: CheckDocumentsOptions;
  codeIndex: CodeIndex | undefined;
  cache: OutcomeCache | undefined;
  /** PR mode with an edited runbook: the unchanged specs are checked against the old one too. */
  before: Checker | undefined;
  checker(): Promise<Checker>;
  concurrency: Concurrency;
  /** Each outcome, in read order. */
  add(outcome: SpecOutcome): void;
}

/** Specs read together, each with its outcome from the cache or computed fresh (here or by a worker). */
interface Batch {
  entries: Array<{ doc: SourceDocument; hash: string; cached: SpecOutcome | undefined; fresh?: SpecOutcome }>;
  /** The worker's job while it is out; undefined once its outcomes are in (or it failed). */
  job?: Promise<void>;
}

/**
 * Reads, checks and lets go, a batch at a time: memory follows the batch, not the repository.
 * Specs not in the cache are checked here or, in a big run, by worker threads too; outcomes
 * are merged in read order either way, so the report cannot tell who computed what.
 */
export async function checkSpecs(
  specs: readonly SpecFile[],
  run: SpecRun,
): Promise<{ diagnostics: Diagnostic[]; changedSpecs: Set<string> }> {
  const diagnostics: Diagnostic[] = [];
  const changedSpecs = new Set<string>();
  const { cache, changed } = run;
  // Each worker gets its own copy of the code index in a small heap: a big index stays on this thread.
  const threads =
    run.codeIndex && codeEntries(run.codeIndex) > MAX_CODE_ENTRIES_FOR_WORKERS
      ? 1
      : threadCount(run.concurrency, specs.length);
  let pool: OutcomePool | undefined;
  let poolTried = false;
  let misses = 0;
  const queue: Batch[] = [];

  /** Outcomes of a batch's specs that the cache lacks (or a failed worker left), computed on this thread. */
  const computeMissing = async (batch: Batch): Promise<void> => {
    for (const e of batch.entries)
      if (e.cached === undefined && e.fresh === undefined) e.fresh = (await run.checker()).outcomeOf(e.doc)!;
  };
  const merge = async (batch: Batch): Promise<void> => {
    await computeMissing(batch);
    for (const { doc, hash, cached, fresh } of batch.entries) {
      if (fresh) cache?.setSpec(doc.path, hash, fresh);
      run.add(cached ?? fresh!);
    }
  };

  try {
    for (let i = 0; i < specs.length; i += READ_BATCH) {
      const batch: Batch = { entries: [] };
      for (const c of specs.slice(i, i + READ_BATCH)) {
        const shown = run.display(c.file);
        const result = readDocument(c.file, shown, run.maxBytes);
        const isChanged = changed?.has(c.real) ?? false;
        if (isChanged) changedSpecs.add(shown);
        if (!result.ok) {
          if (!changed || isChanged) diagnostics.push(result.diagnostic);
          continue;
        }
        const doc: SourceDocument = { path: shown, text: result.text };
        if (run.runbookOk && !run.runbookPaths.has(doc.path)) {
          const hash = cache ? contentHash(doc.text) : '';
          batch.entries.push({ doc, hash, cached: cache?.spec(doc.path, hash) });
        }
        if (run.before && !isChanged) run.before.add(doc);
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
          (typeof run.concurrency === 'number' ||
            (misses >= (cache ? MISSES_BEFORE_POOL : 1) && specs.length - i >= POOL_MIN_SPECS))
        ) {
          poolTried = true;
          pool = (await import('../io/pool.js')).OutcomePool.open(threads - 1, run.runbooks!, run.core);
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
  return { diagnostics, changedSpecs };
}

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

/** Threads to check specs on, this one included: `auto` is one per core, up to four. */
function threadCount(concurrency: Concurrency, specs: number): number {
  // More threads than cores only fight over them, and each holds its own heap: capped by the cores,
  // and never more than there are batches of specs to give them.
  if (typeof concurrency === 'number')
    return Math.max(1, Math.min(Math.floor(concurrency), availableParallelism(), 1 + Math.ceil(specs / READ_BATCH)));
  if (concurrency === 'off') return 1;
  return Math.min(4, availableParallelism());
}
