import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { globRegExp } from './glob.js';

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
];

/** The usual names as a reader would write them. */
export const USUAL_RUNBOOK_NAMES =
  'RUNBOOK.md anywhere, runbooks/**/*.md, docs/ops*/…, docs/operations/…, docs/**/operations.md, DEPLOYMENT.md, docs/**/deployment.md, TROUBLESHOOTING.md, docs/**/troubleshooting.md';

/**
 * More than this many discovered files is no runbook but a documentation tree: the first ones are kept, with
 * a warning.
 */
export const MAX_DISCOVERED = 20;

/** Never a runbook, named or not: dependencies and the repository's own metadata. */
const NEVER = ['**/node_modules/**', '**/.git/**'];
/**
 * Not where a repository keeps its own runbook: vendored and generated trees, and the tests'
 * fixtures and examples (a sample runbook is the tests' data).
 */
const NOT_DISCOVERED = [
  ...NEVER,
  '**/vendor/**',
  '**/third_party/**',
  '**/dist/**',
  '**/build/**',
  '**/target/**',
  '**/.venv/**',
  '**/venv/**',
  '**/test/**',
  '**/tests/**',
  '**/__tests__/**',
  '**/testdata/**',
  '**/*fixture*/**',
  '**/example/**',
  '**/examples/**',
];

export interface ResolvedRunbooks {
  /** Absolute paths, each once, in the order given (a glob's matches sorted). */
  files: string[];
  /** True when none was named and these were found by their usual names. */
  discovered: boolean;
  /**
   * Given names that match nothing (a glob with no match); a missing plain path stays in `files`, for the
   * reader to report.
   */
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
  // Each file once, under the first name it is given (a link to another runbook is that runbook).
  const add = async (file: string): Promise<void> => {
    const real = await fs.realpath(file).catch(() => file);
    if (!seen.has(real)) (files.push(file), seen.add(real));
  };
  if (given && given.length > 0) {
    const unmatched: string[] = [];
    for (const entry of given) {
      if (!fg.isDynamicPattern(entry)) {
        await add(path.resolve(cwd, entry));
        continue;
      }
      const found = (
        await fg(entry, {
          cwd,
          onlyFiles: false,
          suppressErrors: true,
          dot: false,
          ignore: NEVER,
          followSymbolicLinks: false,
          deep: 32,
        })
      )
        .filter((f) => !statSync(path.resolve(cwd, f), { throwIfNoEntry: false })?.isDirectory())
        .sort();
      if (found.length === 0) unmatched.push(entry);
      for (const f of found) await add(path.resolve(cwd, f));
    }
    return { files, discovered: false, unmatched };
  }
  // Not onlyFiles: a usual name that is a directory or a FIFO reaches the reader, which says what is wrong with it.
  const found = await fg(USUAL_RUNBOOKS, {
    cwd: root,
    onlyFiles: false,
    onlyDirectories: false,
    suppressErrors: true,
    dot: false,
    caseSensitiveMatch: false,
    ignore: NOT_DISCOVERED,
    deep: 8,
    followSymbolicLinks: false,
  });
  // Shallow files first (the repository's own runbook before a sub-project's), then by name.
  found.sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0));
  for (const f of found) if (/\.md$/i.test(f) && files.length < MAX_DISCOVERED) await add(path.resolve(root, f));
  const more = found.filter((f) => /\.md$/i.test(f)).length - files.length;
  return {
    files,
    discovered: true,
    unmatched: [],
    ...(files.length === MAX_DISCOVERED && more > 0 ? { truncated: more } : {}),
  };
}

/**
 * Would this file (relative to the run directory) be one of the runbooks `given` selects, or,
 * with none given, one with a usual runbook name? For a runbook PR mode no longer sees: one
 * the change deleted or renamed.
 */
export function wouldSelect(file: string, given: readonly string[] | undefined): boolean {
  if (given && given.length > 0) return given.some((g) => globRegExp(g.replace(/^\.\//, ''), false).test(file));
  return (
    !NOT_DISCOVERED.some((p) => globRegExp(p, true).test(file)) &&
    USUAL_RUNBOOKS.some((p) => globRegExp(p, true).test(file))
  );
}
