import { readDocument } from '../io/read.js';
import { MAX_DISCOVERED, resolveRunbooks, USUAL_RUNBOOK_NAMES } from '../io/runbooks.js';
import type { Diagnostic, SourceDocument } from '../types.js';
import { realpath, type RunPaths } from './paths.js';

/** The runbooks of a run, read: the set is there only when every one of them could be read. */
export interface RunbookRead {
  /** The runbook files found, absolute. */
  files: string[];
  /** Their real paths: a spec selection that matches a runbook leaves it out. */
  reals: Set<string>;
  /** The runbook set, when it is whole. */
  set: SourceDocument[] | undefined;
  /** Why a runbook could not be read, one for each. */
  unreadable: Diagnostic[];
  diagnostics: Diagnostic[];
}

export async function readRunbooks(
  given: readonly string[] | undefined,
  paths: RunPaths,
  maxBytes: number,
): Promise<RunbookRead> {
  const resolved = await resolveRunbooks(given, paths.cwd);
  const diagnostics = runbookProblems(resolved);
  if (resolved.truncated) {
    diagnostics.push({
      file: '.',
      severity: 'warning',
      code: 'runbooks-truncated',
      message: `${resolved.truncated} more files have a usual runbook name: only the first ${MAX_DISCOVERED} are used; name the runbooks with --runbook`,
    });
  }
  const reals = new Set(await Promise.all(resolved.files.map(realpath)));
  const reads = resolved.files.map((abs) => ({ abs, read: readDocument(abs, paths.display(abs), maxBytes) }));
  const unreadable = reads.flatMap(({ read }) => (read.ok ? [] : [read.diagnostic]));
  const set =
    unreadable.length === 0 && resolved.unmatched.length === 0 && resolved.files.length > 0
      ? reads.map(({ abs, read }) => ({ path: paths.display(abs), text: (read as { text: string }).text }))
      : undefined;
  return { files: resolved.files, reals, set, unreadable, diagnostics };
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
