import { clip, MAX_MESSAGE } from '../base/clip.js';
import { append } from '../base/append.js';
import { compareFindings, summarize } from '../report/summary.js';
import { applySuppressions, type SuppressOptions } from '../suppress/index.js';
import type { Diagnostic, Finding, Report, SuppressedFinding } from '../types.js';
import { selectOrphans } from '../rules/orphans.js';
import type { Mention, RunbookOutcome, SpecOutcome } from './outcome.js';

/**
 * Turns the runbook's outcome and each spec's outcome into the report: orphans, suppression,
 * summary. Needs no parser, so a run whose outcomes all come from the cache never loads one.
 * The report does not depend on the order specs arrive in, except for diagnostics, which
 * keep it: callers add specs in path order.
 */
export class ReportAssembler {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly findings: Finding[] = [];
  private readonly inlineSuppressed: SuppressedFinding[] = [];
  private readonly mentions: Mention[] = [];
  private readonly namedFiles = new Set<string>();
  private checked = 0;
  private bound = 0;

  constructor(
    private readonly runbook: RunbookOutcome,
    private readonly options: SuppressOptions = {},
  ) {
    append(this.diagnostics, runbook.diagnostics.map(clipped));
    append(this.findings, runbook.findings);
  }

  add(outcome: SpecOutcome): void {
    append(this.diagnostics, outcome.diagnostics.map(clipped));
    if (!outcome.checked) return;
    this.checked++;
    if (outcome.bound) this.bound++;
    append(this.findings, outcome.findings);
    append(this.inlineSuppressed, outcome.suppressed);
    append(this.mentions, outcome.mentions);
    for (const name of outcome.fileNames) this.namedFiles.add(name);
  }

  report(): Report {
    const findings = [...this.findings];
    if (this.runbook.orphanCandidates)
      append(findings, selectOrphans(this.runbook.orphanCandidates, this.mentions, this.namedFiles));
    const after = applySuppressions(findings, this.options);
    const suppressed = [...this.inlineSuppressed, ...after.suppressed].sort(compareFindings);
    after.findings.sort(compareFindings);
    return {
      version: 1,
      runbook: this.runbook.path,
      ...(this.runbook.paths.length > 1 ? { runbooks: this.runbook.paths } : {}),
      findings: after.findings,
      suppressed,
      summary: summarize(after.findings, this.diagnostics, this.checked, this.bound, suppressed.length),
      diagnostics: [...this.diagnostics],
    };
  }
}

/** A diagnostic whose message quotes too much of a document is cut to a readable length. */
function clipped(d: Diagnostic): Diagnostic {
  return d.message.length <= MAX_MESSAGE ? d : { ...d, message: clip(d.message, MAX_MESSAGE) };
}
