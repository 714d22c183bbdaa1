import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkDocuments, type CheckDocumentsOptions } from './core/check-documents.js';
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

  const specs: SourceDocument[] = [];
  const changedSpecs = new Set<string>();
  const reads = await Promise.all(toRead.map(async (c) => ({ ...c, result: await readDocument(c.file, display(c.file), maxBytes) })));
  for (const { file, real, result } of reads) {
    if (changed?.has(real)) changedSpecs.add(display(file));
    if (result.ok) specs.push({ path: display(file), text: result.text });
    else if (!changed || changed.has(real)) diagnostics.push(result.diagnostic);
  }

  const runbookRead = await readDocument(runbookAbs, display(runbookAbs), maxBytes);
  if (!runbookRead.ok) {
    diagnostics.push({ ...runbookRead.diagnostic, fatal: true });
    return { version: 1, runbook: display(runbookAbs), findings: [], suppressed: [], summary: summarize([], diagnostics, 0, 0), diagnostics };
  }
  const runbook = { path: display(runbookAbs), text: runbookRead.text };
  const core = {
    ...options,
    ...(options.checkRepository ? { repository: await readRepository(root) } : {}),
    ...(changed ? { partial: true } : {}),
  };
  let report = checkDocuments(specs, runbook, core);
  if (changes && runbookChanged) {
    // A finding in an unchanged spec counts only if the old runbook did not have it already.
    const oldText = await fileAtRevision(changes.top, options.changedSince!, runbookAbs);
    const unchanged = specs.filter((s) => !changedSpecs.has(s.path));
    const before = oldText === undefined ? new Set<string>() : fingerprints(checkDocuments(unchanged, { ...runbook, text: oldText }, core));
    const isNew = (f: Finding): boolean => changedSpecs.has(f.file) || f.file === runbook.path || !before.has(f.fingerprint);
    const findings = report.findings.filter(isNew);
    const suppressed = report.suppressed.filter(isNew);
    report = { ...report, findings, suppressed, summary: summarize(findings, report.diagnostics, report.summary.specsChecked, report.summary.specsBound, suppressed.length) };
  }
  const all = [...diagnostics, ...report.diagnostics];
  return { ...report, diagnostics: all, summary: { ...report.summary, diagnostics: all.length } };
}

function fingerprints(report: Report): Set<string> {
  return new Set([...report.findings, ...report.suppressed].map((f) => f.fingerprint));
}

function realpath(file: string): Promise<string> {
  return fs.realpath(file).catch(() => path.resolve(file));
}
