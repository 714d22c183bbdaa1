import { discoverSpecs, type PlainListing } from '../io/discover.js';
import type { Diagnostic } from '../types.js';

/** A spec file to read: its path as found and its real path (a link's target). */
export interface SpecFile {
  file: string;
  real: string;
}

/**
 * The specs the selection names, less the runbooks. The repository's walk usually covers them,
 * so they are not walked again; `among` (PR mode, the runbook as it was) narrows the walk to
 * the changed files.
 */
export async function findSpecs(
  specs: string,
  paths: { cwd: string; root: string },
  runbookReals: ReadonlySet<string>,
  listing: PlainListing | undefined,
  among: ReadonlySet<string> | undefined,
  prMode: boolean,
): Promise<{ files: SpecFile[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const discovered = await discoverSpecs(specs, paths.cwd, [], listing, among, paths.root);
  if (discovered.problem)
    diagnostics.push({ file: specs, severity: 'error', code: 'no-specs', message: discovered.problem, fatal: true });
  for (const note of discovered.notes ?? [])
    diagnostics.push({ file: specs, severity: 'warning', code: 'walk-limited', message: note });
  const files = discovered.files
    .map((file, i) => ({ file, real: discovered.reals[i]! }))
    .filter((c) => !runbookReals.has(c.real));
  if (!discovered.problem && discovered.files.length > 0 && files.length === 0 && !prMode) {
    diagnostics.push({
      file: specs,
      severity: 'error',
      code: 'no-specs',
      fatal: true,
      message: 'every file the specs selection matches is a runbook: nothing is left to check',
    });
  }
  return { files, diagnostics };
}
