import { basename } from '../canonical/path.js';

/**
 * How a message names a runbook of the set: its file name, or its path where another runbook
 * of the set has the same file name (`api/RUNBOOK.md`, `web/RUNBOOK.md`).
 */
export function runbookLabel(file: string, set: readonly string[]): string {
  const base = basename(file);
  return set.some((p) => p !== file && basename(p) === base) ? file : base;
}

/** How "is not in …" names the runbook: its file name, or the set's when there are several. */
export function runbookName(paths: readonly string[]): string {
  if (paths.length === 1) return basename(paths[0]!);
  return paths.length <= 3
    ? `any runbook (${paths.map((p) => runbookLabel(p, paths)).join(', ')})`
    : `any of the ${paths.length} runbooks`;
}
