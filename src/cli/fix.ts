import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixRunbook, type FixResult } from '../fix/index.js';
import { unifiedDiff } from '../fix/diff.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import type { Report } from '../types.js';

/** What --fix or --fix-dry-run did to each runbook. */
export interface FixRun {
  /** The change as a unified diff, every runbook's. */
  diff: string;
  /** One line per runbook: what was added and what is left for a person. */
  summary: string[];
  /** Runbooks written (--fix). */
  written: string[];
}

/**
 * Computes the edits for each runbook of the report, from the files as they are on disk, and
 * (unless `dryRun`) writes them, each atomically. Paths in the report are relative to `root`.
 */
export async function fixRunbooks(report: Report, root: string, dryRun: boolean): Promise<FixRun> {
  const run: FixRun = { diff: '', summary: [], written: [] };
  const read = (file: string): string | undefined => {
    try {
      return readFileSync(path.resolve(root, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  for (const runbook of report.runbooks ?? [report.runbook]) {
    const text = read(runbook);
    if (text === undefined) continue;
    const result = fixRunbook(report, { path: runbook, text }, { specText: read });
    run.diff += unifiedDiff(runbook, text, result.edits);
    if (result.edits.length > 0 || result.left.length > 0) run.summary.push(summaryOf(runbook, result, dryRun));
    if (!dryRun && result.text !== text) {
      await writeFileAtomic(path.resolve(root, runbook), result.text);
      run.written.push(runbook);
    }
  }
  return run;
}

function summaryOf(runbook: string, result: FixResult, dryRun: boolean): string {
  const count = (how: string): number =>
    result.edits.filter((e) => e.how === how).reduce((n, e) => n + e.lines.length, 0);
  const sections = result.edits.filter((e) => e.how === 'section').length;
  const parts = [
    count('table-row') > 0 ? `${count('table-row')} table row(s)` : '',
    count('list-entry') > 0 ? `${count('list-entry')} list entr(y/ies)` : '',
    sections > 0 ? `${sections} new section(s)` : '',
  ].filter(Boolean);
  const verb = dryRun ? 'would add' : 'added';
  const fixed =
    result.fixed.length === 0
      ? `nothing to add to ${runbook}`
      : `${verb} ${parts.join(', ')} to ${runbook} for ${result.fixed.length} finding(s)`;
  const rules = [...new Set(result.left.map((f) => f.rule))].sort();
  const left = result.left.length === 0 ? '' : `; left for a person: ${result.left.length} (${rules.join(', ')})`;
  return `${fixed}${left}`;
}
