import { splitEndpoint } from '../canonical/endpoint.js';
import { basename, extension, PLACEHOLDER, segments } from '../canonical/path.js';
import type { Reference } from '../types.js';
import { CodeLookup, isLauncher, type CodeIndex, type CodeLocation } from './code-index.js';
import type { RepositoryIndex } from './repository.js';

/** Where the code names an item, and how the finding says it ("written by `x.py:42`"). */
export interface Evidence extends CodeLocation {
  verb: string;
}

/**
 * What the repository says about an item a spec names:
 * - `shipped`: the code has it; if the runbook lacks it, that is drift.
 * - `planned`: the code does not have it yet (with the code's closest name, when there is one).
 * - `none`: it is not the runbook's business at all (a committed data file, another host's API).
 */
export type Verdict =
  | { status: 'shipped'; evidence?: Evidence }
  | { status: 'planned'; near?: { name: string; where: CodeLocation } }
  | { status: 'none'; why: string };

/** Data, not logs: a committed file with one of these extensions is never a runtime log. */
export const DATA_EXTENSIONS = new Set(['.json', '.jsonl', '.ndjson', '.csv', '.tsv', '.db', '.sqlite', '.sqlite3', '.parquet']);

/**
 * Holds spec items against the repository's files and code. Pure: the index and the file
 * list were read at the edge.
 */
export class Grounding {
  readonly code: CodeLookup;
  private readonly prefixes: Set<string>;

  constructor(
    private readonly repo: RepositoryIndex,
    code: CodeIndex,
    runbookEndpoints: readonly string[],
  ) {
    this.code = new CodeLookup(code);
    // Prefixes the project serves: the first segment of every path its code or runbook names.
    this.prefixes = new Set();
    for (const path of [...code.paths.keys(), ...runbookEndpoints.map((e) => splitEndpoint(e).path)]) {
      const first = segments(path)[0];
      if (first !== undefined && first !== PLACEHOLDER) this.prefixes.add(first);
    }
  }

  verdict(ref: Pick<Reference, 'kind' | 'canonical' | 'cwd'>): Verdict {
    switch (ref.kind) {
      case 'env': return this.env(ref.canonical);
      case 'log': return this.log(ref.canonical);
      case 'endpoint': return this.endpoint(ref.canonical);
      case 'script': return this.repo.hasScript(ref) ? { status: 'shipped', ...this.launched(ref.canonical) } : { status: 'planned' };
    }
  }

  /** A launcher (shell script, Makefile, workflow…) that runs this script, if any. */
  launchedBy(script: string): Evidence | undefined {
    if (/^(?:make|npm run) /.test(script)) return undefined;
    const where = this.code.launcher(basename(script));
    return where ? { ...where, verb: 'run by' } : undefined;
  }

  private launched(script: string): { evidence?: Evidence } {
    const evidence = this.launchedBy(script);
    return evidence ? { evidence } : {};
  }

  /**
   * Is a log-shaped path the runbook names a runtime artefact? Not a data file the
   * repository tracks, and, for a data file, one the code names.
   */
  isRuntimeFile(canonical: string): boolean {
    if (!DATA_EXTENSIONS.has(extension(canonical))) return true;
    if (canonical.includes('/') && this.repo.repo.files.has(canonical)) return false;
    return this.code.name(basename(canonical)) !== undefined || basename(canonical).includes(PLACEHOLDER);
  }

  /** A data file named in the runbook that the repository neither tracks nor has code writing. */
  isMissingData(canonical: string): boolean {
    const base = basename(canonical);
    if (!DATA_EXTENSIONS.has(extension(canonical)) || base.includes(PLACEHOLDER)) return false;
    return !this.repo.hasFile(canonical) && this.code.name(base) === undefined;
  }

  private env(name: string): Verdict {
    const where = this.code.name(name);
    // A compose file, a workflow or an .env template sets the variable; a program reads it.
    return where ? { status: 'shipped', evidence: { ...where, verb: isLauncher(where.file) || /(?:^|\/)\.env/.test(where.file) ? 'set in' : 'read by' } } : { status: 'planned' };
  }

  private log(path: string): Verdict {
    if (path.includes('/') && DATA_EXTENSIONS.has(extension(path)) && this.repo.repo.files.has(path)) {
      return { status: 'none', why: 'a file the repository tracks: data, not a runtime log' };
    }
    const base = basename(path);
    const where = base.includes(PLACEHOLDER) ? this.code.nameMatching(base) : this.code.name(base);
    if (where) return { status: 'shipped', evidence: { ...where, verb: 'written by' } };
    const near = base.includes(PLACEHOLDER) ? undefined : this.code.closeName(base);
    const nearWhere = near ? this.code.name(near) : undefined;
    return near && nearWhere ? { status: 'planned', near: { name: near, where: nearWhere } } : { status: 'planned' };
  }

  private endpoint(canonical: string): Verdict {
    const { path } = splitEndpoint(canonical);
    const served = this.code.servedPath(path);
    if (served) return { status: 'shipped', evidence: { ...served, verb: 'named in the code at' } };
    const called = this.code.calledPath(path);
    if (called) return { status: 'none', why: `the code calls it on another host (${called.file}:${called.line})` };
    const first = segments(path)[0];
    if (first !== undefined && this.prefixes.has(first)) return { status: 'planned' };
    return { status: 'none', why: 'not under any prefix the project serves' };
  }
}

/** "written by `api/app/x.py:42`" */
export function describeEvidence(e: Evidence): string {
  return `${e.verb} \`${e.file}:${e.line}\``;
}
