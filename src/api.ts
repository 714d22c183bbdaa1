import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Checker, type CheckDocumentsOptions } from './core/check-documents.js';
import { discoverSpecs } from './io/discover.js';
import { MAX_FILE_BYTES, readDocument } from './io/read.js';
import { summarize } from './report/summary.js';
import { changedSince, fileAtRevision } from './io/git.js';
import { readRepository } from './io/repository.js';
import type { Diagnostic, Finding, Report, SourceDocument } from './types.js';

export interface CheckOptions extends CheckDocumentsOptions {
  /** A directory of specs (every *.md below it) or a glob. */
  specs: string;
  /** The runbook file. */
  runbook: string;
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
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Reads the specs and the runbook from disk and checks them. Never throws for bad input;
 * rejects with a GitError when `changedSince` is given outside a git work tree or with a bad ref. */
export async function check(options: CheckOptions): Promise<Report> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const root = path.resolve(cwd, options.root ?? '.');
  const display = (absolute: string): string => toPosix(path.relative(root, absolute)) || '.';
  const maxBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
  const diagnostics: Diagnostic[] = [];

  const runbookAbs = path.resolve(cwd, options.runbook);
  const runbookReal = await realpath(runbookAbs);
  const discovered = await discoverSpecs(options.specs, cwd);
  if (discovered.problem) diagnostics.push({ file: options.specs, severity: 'error', code: 'no-specs', message: discovered.problem, fatal: true });
  const candidates = (await Promise.all(discovered.files.map(async (file) => ({ file, real: await realpath(file) })))).filter((c) => c.real !== runbookReal);

  // PR mode: only what changed, plus, when the runbook changed, every spec it may have broken.
  let changed: Set<string> | undefined;
  let runbookChanged = false;
  let changes: Awaited<ReturnType<typeof changedSince>> | undefined;
  if (options.changedSince !== undefined) {
    changes = await changedSince(cwd, options.changedSince);
    changed = new Set(await Promise.all([...changes.changed].map(realpath)));
    runbookChanged = changed.has(runbookReal);
  }
  const toRead = changed && !runbookChanged ? candidates.filter((c) => changed!.has(c.real)) : candidates;

  const runbookRead = await readDocument(runbookAbs, display(runbookAbs), maxBytes);
  const runbook = runbookRead.ok ? { path: display(runbookAbs), text: runbookRead.text } : undefined;
  const core: CheckDocumentsOptions = {
    ...options,
    ...(options.checkRepository && runbook ? { repository: await readRepository(root) } : {}),
    ...(changed ? { partial: true } : {}),
  };
  const checker = runbook ? new Checker(runbook, core) : undefined;
  // PR mode with an edited runbook: the same unchanged specs against the runbook as it was.
  const oldText = changes && runbookChanged && runbook ? await fileAtRevision(changes.top, options.changedSince!, runbookAbs) : undefined;
  const before = oldText !== undefined ? new Checker({ ...runbook!, text: oldText }, core) : undefined;

  // Read, check and let go, a batch at a time: memory follows the batch, not the repository.
  const changedSpecs = new Set<string>();
  for (let i = 0; i < toRead.length; i += READ_BATCH) {
    const batch = await Promise.all(toRead.slice(i, i + READ_BATCH).map(async (c) => ({ ...c, result: await readDocument(c.file, display(c.file), maxBytes) })));
    for (const { file, real, result } of batch) {
      const isChanged = changed?.has(real) ?? false;
      if (isChanged) changedSpecs.add(display(file));
      if (!result.ok) {
        if (!changed || isChanged) diagnostics.push(result.diagnostic);
        continue;
      }
      const doc: SourceDocument = { path: display(file), text: result.text };
      checker?.add(doc);
      if (before && !isChanged) before.add(doc);
    }
  }

  if (!runbookRead.ok || !checker || !runbook) {
    if (!runbookRead.ok) diagnostics.push({ ...runbookRead.diagnostic, fatal: true });
    return { version: 1, runbook: display(runbookAbs), findings: [], suppressed: [], summary: summarize([], diagnostics, 0, 0), diagnostics };
  }
  let report = checker.report();
  if (changes && runbookChanged) {
    // A finding in an unchanged spec counts only if the old runbook did not have it already.
    const already = before ? fingerprints(before.report()) : new Set<string>();
    const isNew = (f: Finding): boolean => changedSpecs.has(f.file) || f.file === runbook.path || !already.has(f.fingerprint);
    const findings = report.findings.filter(isNew);
    const suppressed = report.suppressed.filter(isNew);
    report = { ...report, findings, suppressed, summary: summarize(findings, report.diagnostics, report.summary.specsChecked, report.summary.specsBound, suppressed.length) };
  }
  const all = [...diagnostics, ...report.diagnostics];
  return { ...report, diagnostics: all, summary: { ...report.summary, diagnostics: all.length } };
}

/** Files read at once: enough to keep the disk busy, few enough that memory stays flat. */
const READ_BATCH = 64;

function fingerprints(report: Report): Set<string> {
  return new Set([...report.findings, ...report.suppressed].map((f) => f.fingerprint));
}

function realpath(file: string): Promise<string> {
  return fs.realpath(file).catch(() => path.resolve(file));
}
