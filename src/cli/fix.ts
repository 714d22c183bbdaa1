import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { fixRunbook, type FixResult, type RunbookEdit } from '../fix/index.js';
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
    const refused =
      !dryRun && result.text !== text ? await writeRunbook(path.resolve(root, runbook), root, result.text) : undefined;
    if (result.edits.length > 0 || result.left.length > 0)
      run.summary.push(summaryOf(runbook, result, dryRun || refused !== undefined));
    if (refused) run.summary.push(`${runbook} not written: ${refused}`);
    else if (!dryRun && result.text !== text) run.written.push(runbook);
  }
  return run;
}

/**
 * Writes the runbook where it really is (a link is written through, not replaced), keeping its
 * permissions; refuses a runbook outside the repository or one that is read-only. Returns why
 * it was refused, or undefined when it was written.
 */
async function writeRunbook(file: string, root: string, text: string): Promise<string | undefined> {
  const real = await fs.realpath(file);
  const top = await fs.realpath(root);
  if (real !== top && !real.startsWith(`${top}${path.sep}`)) return 'it is a link to a file outside the repository';
  const { mode } = await fs.stat(real);
  if ((mode & 0o222) === 0) return 'it is read-only';
  await writeFileAtomic(real, text, mode & 0o7777);
  return undefined;
}

function summaryOf(runbook: string, result: FixResult, dryRun: boolean): string {
  const of = (how: RunbookEdit['how']): RunbookEdit[] => result.edits.filter((e) => e.how === how);
  // Lines that are rows or entries: not blank, not a new heading, not a section's TODO paragraph.
  const entries = (edits: RunbookEdit[]): number =>
    edits.reduce((n, e) => n + e.lines.filter((l) => l.trim() !== '' && !/^(?:#|TODO:)/.test(l)).length, 0);
  const rows = entries(of('table-row'));
  const listed = entries(of('list-entry'));
  const sections = of('section');
  const underNew = entries(sections);
  const parts = [
    rows > 0 ? `${rows} table row(s)` : '',
    listed > 0 ? `${listed} list entr(y/ies)` : '',
    sections.length > 0
      ? `${sections.length} new section(s)${underNew > 0 ? ` with ${underNew} entr(y/ies)` : ''}`
      : '',
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
