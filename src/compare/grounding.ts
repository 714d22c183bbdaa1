import { splitEndpoint } from '../canonical/endpoint.js';
import { basename, extension, PLACEHOLDER, segments } from '../canonical/path.js';
import type { Reference } from '../types.js';
import { CodeLookup, isLauncher, isTestPath, type CodeIndex, type CodeLocation } from './code-index.js';
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
  | {
      status: 'planned';
      near?: { name: string; where: CodeLocation };
      otherMethods?: { methods: string[]; where: CodeLocation };
    }
  | { status: 'none'; why: string };

/** Data, not logs: a committed file with one of these extensions is never a runtime log. */
export const DATA_EXTENSIONS = new Set([
  '.json',
  '.jsonl',
  '.ndjson',
  '.csv',
  '.tsv',
  '.db',
  '.sqlite',
  '.sqlite3',
  '.parquet',
]);

/**
 * Holds spec items against the repository's files and code. Pure: the index and the file
 * list were read at the edge.
 */
/** Directories whose scripts are run by people: `scripts/`, `bin/`, `ops/`. */
const OPERATOR_SCRIPT_DIR = new Set(['scripts', 'script', 'bin', 'ops']);

const CI_PLATFORM_VARIABLE =
  /^(?:GITHUB|RUNNER|CI|GITLAB|CIRCLE|BUILDKITE|TRAVIS|BITBUCKET|JENKINS|APPVEYOR|DRONE)_[A-Z0-9_]+$/;

/** Path segments of routes for operators: probes, metrics, admin. */
const OPERATOR_SEGMENT =
  /^(?:health|healthz|healthcheck|health-check|ready|readyz|readiness|live|livez|liveness|ping|metrics|admin|_admin)$/i;

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

  /** Items recur in every mention and across specs: each is judged once. */
  private readonly memo = new Map<string, Verdict>();

  verdict(ref: Pick<Reference, 'kind' | 'canonical' | 'cwd'>): Verdict {
    const key = `${ref.kind}\0${ref.cwd ?? ''}\0${ref.canonical}`;
    let verdict = this.memo.get(key);
    if (verdict === undefined) {
      verdict = this.judge(ref);
      this.memo.set(key, verdict);
    }
    return verdict;
  }

  private judge(ref: Pick<Reference, 'kind' | 'canonical' | 'cwd'>): Verdict {
    switch (ref.kind) {
      case 'env':
        return this.env(ref.canonical);
      case 'log':
        return this.log(ref.canonical);
      case 'endpoint':
        return this.endpoint(ref.canonical);
      case 'script':
        return this.script(ref);
    }
  }

  /**
   * Does the code show this item to be one operators deal with, whoever names it? An env var
   * the code reads (outside what CI alone runs); a route it serves whose path says health,
   * readiness, metrics, admin or the service's status; a script under `scripts/` that a
   * launcher other than CI's runs. A product route is not, however many specs name it.
   */
  isOperatorFacing(ref: Pick<Reference, 'kind' | 'canonical' | 'cwd'>): boolean {
    if (ref.kind === 'log') return false;
    const verdict = this.verdict(ref);
    // The code's own word: what only the tests name shows nothing about how the system is run.
    if (verdict.status !== 'shipped' || (verdict.evidence && isTestPath(verdict.evidence.file))) return false;
    if (ref.kind === 'env') return true;
    if (ref.kind === 'endpoint') {
      const { path } = splitEndpoint(ref.canonical);
      const segs = segments(path);
      // `/status` of the node is the operators'; `/jobs/{id}/status` is a resource's, the product's.
      const status = segs.includes('status') && !segs.includes(PLACEHOLDER);
      return status || segs.some((seg) => OPERATOR_SEGMENT.test(seg));
    }
    // A script something other than CI runs (a launcher, a Makefile, a service definition): the operators'.
    const canonical = ref.canonical.startsWith('/') ? ref.canonical.slice(1) : ref.canonical;
    return (
      segments(canonical)
        .slice(0, -1)
        .some((seg) => OPERATOR_SCRIPT_DIR.has(seg)) &&
      verdict.evidence?.verb === 'run by' &&
      !this.code.ciOnly(basename(canonical))
    );
  }

  /** A launcher (shell script, Makefile, workflow…) that runs this script, if any. */
  launchedBy(script: string): Evidence | undefined {
    if (/^(?:make|npm run) /.test(script)) return undefined;
    const where = this.code.launcher(basename(script));
    return where ? { file: where.file, line: where.line, verb: 'run by' } : undefined;
  }

  private script(ref: Pick<Reference, 'canonical' | 'cwd'>): Verdict {
    // A script at an absolute path (`/entrypoint.sh` in a container) is a repository file copied there.
    const canonical = ref.canonical.startsWith('/') ? basename(ref.canonical) : ref.canonical;
    const files = canonical.includes(PLACEHOLDER)
      ? this.repo.matching(canonical)
      : [this.repo.locate(canonical)].filter((f): f is string => f !== undefined);
    // Test tooling (runners under tests/, e2e/…, or a pattern that names only such) is the tests' business.
    if (files.length > 0 && files.every(isTestPath)) return { status: 'none', why: `test tooling (${files[0]})` };
    if (canonical.includes(PLACEHOLDER) && files.length === 0) return this.plannedScript(canonical);
    if (canonical === ref.canonical ? !this.repo.hasScript(ref) : files.length === 0)
      return this.plannedScript(canonical);
    const evidence = this.launchedBy(ref.canonical);
    return evidence ? { status: 'shipped', evidence } : { status: 'shipped' };
  }

  /**
   * A script the repository does not have yet. Under a test directory, or, named bare, of a
   * family that lives only under test directories (`generate-s1.sh` beside the tests'
   * `generate-s2.sh`), it is test tooling, planned or not: the tests' business.
   */
  private plannedScript(canonical: string): Verdict {
    if (/^(?:make|npm run) /.test(canonical)) return { status: 'planned' };
    if (isTestPath(canonical)) return { status: 'none', why: 'test tooling, under a test directory' };
    if (!canonical.includes('/')) {
      // A numbered member (`generate-s1.sh`) of a numbered family (`generate-s2.sh`, `generate-s3.sh`) that
      // lives only in the tests.
      const ext = extension(canonical);
      const name = canonical.slice(0, canonical.length - ext.length);
      const cut = Math.max(name.lastIndexOf('-'), name.lastIndexOf('_'));
      const numbered = (n: string): boolean => /^[a-z]{0,2}\d{1,3}$/i.test(n);
      if (ext && cut > 0 && numbered(name.slice(cut + 1))) {
        const prefix = name.slice(0, cut + 1);
        const family = this.repo
          .family(prefix, ext)
          .filter((f) => numbered(basename(f).slice(prefix.length, basename(f).length - ext.length)));
        if (family.length > 0 && family.every(isTestPath))
          return { status: 'none', why: `test tooling, like ${family[0]}` };
      }
    }
    return { status: 'planned' };
  }

  /**
   * Is a log-shaped path the runbook names a runtime artefact? Not a data file the
   * repository tracks, and, for a data file, one the code names.
   */
  isRuntimeFile(canonical: string): boolean {
    if (!DATA_EXTENSIONS.has(extension(canonical))) return true;
    if (canonical.includes('/') && this.repo.repo.files.has(canonical)) return false;
    return this.code.file(basename(canonical)) !== undefined || basename(canonical).includes(PLACEHOLDER);
  }

  /** A data file named in the runbook that the repository neither tracks nor has code writing. */
  isMissingData(canonical: string): boolean {
    const base = basename(canonical);
    if (!DATA_EXTENSIONS.has(extension(canonical)) || base.includes(PLACEHOLDER)) return false;
    return !this.repo.hasFile(canonical) && this.code.file(base) === undefined;
  }

  private env(name: string): Verdict {
    const read = this.code.env(name);
    // The CI platform's own variables (`GITHUB_SHA`, `CI_COMMIT_SHA`, `RUNNER_OS`), when no program
    // reads them (a bot's `GITHUB_TOKEN` is the operators' to set): CI's.
    if (CI_PLATFORM_VARIABLE.test(name) && (!read || read.ci || read.test))
      return { status: 'none', why: 'set by the CI platform' };
    if (read?.test) return { status: 'none', why: 'only the tests read or set it' };
    // What only CI's own configuration sets, or only a script CI alone runs reads, is CI's business, not the
    // operators'.
    if (read?.ci) return { status: 'none', why: 'only CI configuration sets it' };
    if (read && this.code.ciOnly(basename(read.file)))
      return { status: 'none', why: `only ${read.file}, which CI alone runs, reads it` };
    // A name the code defines as a constant, and never reads from the environment, is no variable of it.
    if (!read)
      return this.code.constant(name)
        ? { status: 'none', why: 'the code defines it as a constant' }
        : { status: 'planned' };
    // A compose file, a workflow or an .env template sets the variable; a program reads it.
    const verb = isLauncher(read.file) || /(?:^|\/)\.env/.test(read.file) ? 'set in' : 'read by';
    return { status: 'shipped', evidence: { file: read.file, line: read.line, verb } };
  }

  private log(path: string): Verdict {
    if (path.includes('/') && DATA_EXTENSIONS.has(extension(path)) && this.repo.repo.files.has(path)) {
      return { status: 'none', why: 'a file the repository tracks: data, not a runtime log' };
    }
    const base = basename(path);
    const where = this.code.file(base);
    if (where?.test) return { status: 'none', why: 'only the tests write it' };
    if (where) return { status: 'shipped', evidence: { file: where.file, line: where.line, verb: 'written by' } };
    const near = base.includes(PLACEHOLDER) ? undefined : this.code.closeName(base);
    const nearWhere = near ? this.code.name(near) : undefined;
    return near && nearWhere ? { status: 'planned', near: { name: near, where: nearWhere } } : { status: 'planned' };
  }

  /**
   * A route the code names is shipped (with a method its lines name, when they name any).
   * Otherwise a path under a prefix the project serves (one the code or the runbook names) is
   * planned; any other is not the project's: another service's API a spec says it consumes.
   */
  private endpoint(canonical: string): Verdict {
    const { method, path } = splitEndpoint(canonical);
    const served = this.code.servedPath(path);
    if (served && (!method || served.methods === null || served.methods.includes(method))) {
      return { status: 'shipped', evidence: { file: served.file, line: served.line, verb: 'named in the code at' } };
    }
    if (served)
      return {
        status: 'planned',
        otherMethods: { methods: served.methods!, where: { file: served.file, line: served.line } },
      };
    const first = segments(path)[0];
    if (first !== undefined && this.prefixes.has(first)) return { status: 'planned' };
    const called = this.code.calledPath(path);
    return {
      status: 'none',
      why: called
        ? `the code calls it on another host (${called.file}:${called.line})`
        : 'under no prefix the project serves',
    };
  }
}

/** "written by `api/app/x.py:42`" */
export function describeEvidence(e: Evidence): string {
  return `${e.verb} \`${e.file}:${e.line}\``;
}
