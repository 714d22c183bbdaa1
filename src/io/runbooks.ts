import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Where runbooks are kept when none is named: the names operators' documents usually have,
 * relative to the run directory, matched without regard to case.
 */
export const USUAL_RUNBOOKS = [
  '**/runbook.md',
  '**/runbooks/**/*.md',
  'docs/ops*/**/*.md',
  'docs/operations/**/*.md',
  'docs/**/operations.md',
  'deployment.md',
  'docs/**/deployment.md',
  'troubleshooting.md',
  'docs/**/troubleshooting.md',
  '**/*-troubleshooting.md',
];

/** The usual names as a reader would write them. */
export const USUAL_RUNBOOK_NAMES = 'RUNBOOK.md or runbook.md anywhere, runbooks/*.md, docs/ops*/…, docs/operations/…, docs/**/operations.md, DEPLOYMENT.md, docs/**/deployment.md, *-troubleshooting.md';

/** More than this many discovered files is no runbook but a documentation tree: the first ones are kept, with a warning. */
export const MAX_DISCOVERED = 20;

const SKIPPED = ['**/node_modules/**', '**/.git/**', '**/vendor/**', '**/third_party/**', '**/dist/**', '**/target/**', '**/.venv/**', '**/venv/**'];

export interface ResolvedRunbooks {
  /** Absolute paths, each once, in the order given (a glob's matches sorted). */
  files: string[];
  /** True when none was named and these were found by their usual names. */
  discovered: boolean;
  /** Given names that match nothing (a glob with no match); a missing plain path stays in `files`, for the reader to report. */
  unmatched: string[];
  /** More were found than MAX_DISCOVERED. */
  truncated?: number;
}

/**
 * The runbook set: each given path or glob (relative to `cwd`), or, with none given, the files
 * under `cwd` with a usual runbook name. A plain path is kept as given even when it does not
 * exist: reading it says why it cannot be used.
 */
export async function resolveRunbooks(given: readonly string[] | undefined, cwd: string): Promise<ResolvedRunbooks> {
  const root = cwd;
  const fg = (await import('fast-glob')).default;
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    if (!seen.has(file)) files.push(file), seen.add(file);
  };
  if (given && given.length > 0) {
    const unmatched: string[] = [];
    for (const entry of given) {
      if (!fg.isDynamicPattern(entry)) {
        add(path.resolve(cwd, entry));
        continue;
      }
      const found = (await fg(entry, { cwd, onlyFiles: true, suppressErrors: true, dot: false, ignore: SKIPPED })).sort();
      if (found.length === 0) unmatched.push(entry);
      for (const f of found) add(path.resolve(cwd, f));
    }
    return { files, discovered: false, unmatched };
  }
  // Not onlyFiles: a usual name that is a directory or a FIFO reaches the reader, which says what is wrong with it.
  const found = await fg(USUAL_RUNBOOKS, { cwd: root, onlyFiles: false, onlyDirectories: false, suppressErrors: true, dot: false, caseSensitiveMatch: false, ignore: SKIPPED, deep: 8 });
  // Shallow files first (the repository's own runbook before a sub-project's), then by name.
  found.sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0));
  const real = await Promise.all(found.map((f) => fs.realpath(path.resolve(root, f)).catch(() => path.resolve(root, f))));
  const seenReal = new Set<string>();
  // A directory matched only by a tree pattern (`runbooks/**`) is no candidate; one with a runbook's own name is.
  const unique = found.filter((f, i) => !seenReal.has(real[i]!) && (seenReal.add(real[i]!), /\.md$/i.test(f)));
  for (const f of unique.slice(0, MAX_DISCOVERED)) add(path.resolve(root, f));
  return { files, discovered: true, unmatched: [], ...(unique.length > MAX_DISCOVERED ? { truncated: unique.length - MAX_DISCOVERED } : {}) };
}
