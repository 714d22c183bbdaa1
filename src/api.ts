import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkDocuments, type CheckDocumentsOptions } from './core/check-documents.js';
import { discoverSpecs } from './io/discover.js';
import { MAX_FILE_BYTES, readDocument } from './io/read.js';
import { summarize } from './report/summary.js';
import type { Diagnostic, Report, SourceDocument } from './types.js';

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
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Reads the specs and the runbook from disk and checks them. Never throws for bad input. */
export async function check(options: CheckOptions): Promise<Report> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const root = path.resolve(cwd, options.root ?? '.');
  const display = (absolute: string): string => toPosix(path.relative(root, absolute)) || '.';
  const maxBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
  const diagnostics: Diagnostic[] = [];

  const runbookAbs = path.resolve(cwd, options.runbook);
  const runbookRead = await readDocument(runbookAbs, display(runbookAbs), maxBytes);
  const discovered = await discoverSpecs(options.specs, cwd);
  if (discovered.problem) diagnostics.push({ file: options.specs, severity: 'error', code: 'no-specs', message: discovered.problem, fatal: true });

  const specs: SourceDocument[] = [];
  const reads = await Promise.all(discovered.files.map(async (file) => ({ file, result: await readDocument(file, display(file), maxBytes) })));
  const runbookReal = await fs.realpath(runbookAbs).catch(() => runbookAbs);
  for (const { file, result } of reads) {
    if (file === runbookAbs || (await fs.realpath(file).catch(() => file)) === runbookReal) continue;
    if (result.ok) specs.push({ path: display(file), text: result.text });
    else diagnostics.push(result.diagnostic);
  }

  if (!runbookRead.ok) {
    diagnostics.push({ ...runbookRead.diagnostic, fatal: true });
    return { version: 1, runbook: display(runbookAbs), findings: [], summary: summarize([], diagnostics, 0, 0), diagnostics };
  }
  const report = checkDocuments(specs, { path: display(runbookAbs), text: runbookRead.text }, options);
  const all = [...diagnostics, ...report.diagnostics];
  return { ...report, diagnostics: all, summary: { ...report.summary, diagnostics: all.length } };
}
