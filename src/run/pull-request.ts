import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Checker } from '../core/check-documents.js';
import { changedSince, fileAtRevision, type Changes } from '../io/git.js';
import { wouldSelect } from '../io/runbooks.js';
import { summarize } from '../report/summary.js';
import type { Finding, Report, SourceDocument } from '../types.js';
import { realpath, toPosix, type RunPaths } from './paths.js';

/** What a pull request changed, as the run needs it. */
export interface PullRequestScope {
  changes: Changes;
  /** Real paths of the files it changed. */
  changed: Set<string>;
  /** It changed, deleted or renamed a runbook: every spec the runbook documented may drift. */
  runbookChanged: boolean;
  /** Runbooks it deleted or renamed away (absolute). */
  removedRunbooks: string[];
}

/**
 * Asks git what changed since `revision`, at once: its processes run on the other core while
 * this one walks and reads. The parser the changed specs need is loaded meanwhile too.
 */
export function askChanges(cwd: string, revision: string): Promise<Changes> {
  const asked = changedSince(cwd, revision);
  asked.catch(() => undefined);
  import('../core/check-documents.js').catch(() => undefined);
  return asked;
}

export async function pullRequestScope(
  asked: Promise<Changes>,
  runbookReals: ReadonlySet<string>,
  given: readonly string[] | undefined,
  cwd: string,
): Promise<PullRequestScope> {
  const changes = await asked;
  const changed = new Set(await Promise.all([...changes.changed].map(realpath)));
  let runbookChanged = [...runbookReals].some((r) => changed.has(r));
  const removedRunbooks: string[] = [];
  for (const file of changes.removed) {
    if (existsSync(file) || !wouldSelect(toPosix(path.relative(cwd, file)), given)) continue;
    runbookChanged = true;
    removedRunbooks.push(file);
  }
  return { changes, changed, runbookChanged, removedRunbooks };
}

/** The runbook set as it was at `revision`: a runbook that did not exist then is left out. */
export async function runbooksAt(
  scope: PullRequestScope,
  revision: string,
  now: readonly SourceDocument[],
  files: readonly string[],
  paths: RunPaths,
): Promise<SourceDocument[]> {
  const out: SourceDocument[] = [];
  for (const [i, doc] of now.entries()) {
    const text = await fileAtRevision(scope.changes.top, revision, files[i]!);
    if (text !== undefined) out.push({ ...doc, text });
  }
  for (const abs of scope.removedRunbooks) {
    const text = await fileAtRevision(scope.changes.top, revision, abs);
    if (text !== undefined) out.push({ path: paths.display(abs), text });
  }
  return out;
}

/**
 * PR mode: a pull request answers for what it changed. A finding in an unchanged spec counts
 * only if the old runbook did not have it already, and the runbook's own findings (stale
 * scripts, orphans) only when the runbook changed and they are new.
 */
export function pullRequestReport(
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

function fingerprints(report: Report): Set<string> {
  return new Set([...report.findings, ...report.suppressed].map((f) => f.fingerprint));
}
