import { BaselineError } from '../base/errors.js';
import { byCodePoint } from '../report/summary.js';
import type { Diagnostic, Finding } from '../types.js';
import { writeFileAtomic } from './write-atomic.js';
import { readSettingsFile } from './read.js';

/**
 * A baseline records today's findings by fingerprint (rule, spec, canonical item: no line
 * numbers), so edits above a finding or reordering a spec do not make it "new".
 */
export interface BaselineFile {
  version: 1;
  tool: 'sync-check';
  findings: Array<{ fingerprint: string; rule: string; file: string; item: string }>;
  /**
   * Input problems accepted when the baseline was written (a spec with broken front matter), by
   * file and code: they are still reported, but no longer stop the run. A new one still does.
   */
  inputProblems?: Array<{ file: string; code: string }>;
}

/** A baseline's accepted findings and accepted input problems (`file\0code`). */
export interface Baseline {
  fingerprints: Set<string>;
  problems: Set<string>;
}

export async function readBaselineFile(file: string): Promise<Baseline> {
  const read = readSettingsFile(file);
  if (!read.ok)
    throw new BaselineError(
      `${file}: cannot read baseline (${read.missing ? 'no such file; create it with --write-baseline' : read.reason})`,
    );
  const fingerprints = parseBaseline(read.text, file);
  const problems = new Set<string>();
  const listed = (JSON.parse(read.text) as Partial<BaselineFile>).inputProblems;
  if (Array.isArray(listed))
    for (const p of listed)
      if (typeof p?.file === 'string' && typeof p?.code === 'string') problems.add(`${p.file}\0${p.code}`);
  return { fingerprints, problems };
}

/** A baseline's fingerprints from its text; `file` names it in errors. */
export function parseBaseline(text: string, file: string): Set<string> {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new BaselineError(`${file}: baseline is not valid JSON: ${(e as Error).message}`);
  }
  const findings = (data as Partial<BaselineFile>)?.findings;
  if (
    (data as Partial<BaselineFile>)?.version !== 1 ||
    !Array.isArray(findings) ||
    !findings.every((f) => typeof f?.fingerprint === 'string')
  ) {
    throw new BaselineError(
      `${file}: not a sync-check baseline (expected {"version": 1, "findings": [{"fingerprint": …}]})`,
    );
  }
  return new Set(findings.map((f) => f.fingerprint));
}

export async function writeBaseline(
  file: string,
  findings: readonly Finding[],
  diagnostics: readonly Diagnostic[] = [],
): Promise<void> {
  const entries = findings
    .map((f) => ({ fingerprint: f.fingerprint, rule: f.rule, file: f.file, item: f.item }))
    .sort(
      (a, b) =>
        byCodePoint(a.file, b.file) ||
        byCodePoint(a.rule, b.rule) ||
        byCodePoint(a.item, b.item) ||
        byCodePoint(a.fingerprint, b.fingerprint),
    );
  const unique = entries.filter((e, i) => i === 0 || e.fingerprint !== entries[i - 1]!.fingerprint);
  // Problems with a spec the run got past (never a missing runbook or an empty selection).
  const problems = [
    ...new Map(
      diagnostics
        .filter((d) => d.severity === 'error' && !d.fatal)
        .map((d) => [`${d.file}\0${d.code}`, { file: d.file, code: d.code }]),
    ).values(),
  ].sort((a, b) => byCodePoint(a.file, b.file) || byCodePoint(a.code, b.code));
  const body: BaselineFile = {
    version: 1,
    tool: 'sync-check',
    findings: unique,
    ...(problems.length > 0 ? { inputProblems: problems } : {}),
  };
  await writeFileAtomic(file, `${JSON.stringify(body, null, 2)}\n`);
}
