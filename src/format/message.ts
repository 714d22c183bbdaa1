import type { Diagnostic, Finding, Report, Severity } from '../types.js';

/**
 * What every formatter renders, vfile-style: a finding (drift) and an input problem (a file that
 * could not be read or understood) are one shape, so a formatter has one path for both and
 * tells them apart only where its output format does (SARIF's results and notifications).
 */
export type Message = DriftMessage | ProblemMessage;

interface MessageBase {
  /** The rule id of a finding, the problem code of an input problem. */
  ruleId: string;
  severity: Severity;
  file: string;
  /** Absent for a problem with a file or directory as a whole. */
  line?: number;
  /** Only with a line. */
  column?: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  /** Accepted in the baseline: still reported, no longer failing the check. */
  baselined: boolean;
}

/** A finding: the drift behind it (item, suggestion, mentions) for the formats that show them. */
export interface DriftMessage extends MessageBase {
  fatal: false;
  finding: Finding;
}

/** An input problem, in vfile's sense of fatal: the file could not be checked, whole or in part. */
export interface ProblemMessage extends MessageBase {
  fatal: true;
  severity: Diagnostic['severity'];
  finding?: undefined;
}

/** The report's findings, then its input problems, in report order. */
export function messagesOf(report: Report): Message[] {
  const out: Message[] = report.findings.map(fromFinding);
  for (const d of report.diagnostics)
    out.push({
      fatal: true,
      ruleId: d.code,
      severity: d.severity,
      file: d.file,
      line: d.line,
      column: d.line === undefined ? undefined : d.column,
      message: d.message,
      baselined: d.baselined === true,
    });
  return out;
}

export function fromFinding(f: Finding): DriftMessage {
  return {
    fatal: false,
    ruleId: f.rule,
    severity: f.severity,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    message: f.message,
    baselined: false,
    finding: f,
  };
}

/** Findings and input problems apart, each in report order. */
export function partition(messages: readonly Message[]): { drift: DriftMessage[]; problems: ProblemMessage[] } {
  const drift: DriftMessage[] = [];
  const problems: ProblemMessage[] = [];
  for (const m of messages)
    if (m.fatal) problems.push(m);
    else drift.push(m);
  return { drift, problems };
}

/** Input problems with the errors first: a capped list keeps what stops the check. */
export function errorsFirst<T extends Message>(problems: readonly T[]): T[] {
  return [...problems.filter((m) => m.severity === 'error'), ...problems.filter((m) => m.severity !== 'error')];
}
