import {
  FINDING_KINDS,
  type Diagnostic,
  type Finding,
  type FindingKind,
  type Severity,
  type Summary,
} from '../types.js';

export function summarize(
  findings: readonly Finding[],
  diagnostics: readonly Diagnostic[],
  specsChecked: number,
  specsBound: number,
  suppressed = 0,
): Summary {
  const byKind = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>;
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) {
    byKind[f.kind]++;
    bySeverity[f.severity]++;
  }
  return {
    specsChecked,
    specsBound,
    findings: findings.length,
    byKind,
    bySeverity,
    suppressed,
    diagnostics: diagnostics.length,
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file
    ? -1
    : a.file > b.file
      ? 1
      : a.line - b.line || a.column - b.column || byCodePoint(a.rule, b.rule) || byCodePoint(a.item, b.item);
}

/** Locale-independent order: a committed baseline must sort the same on every machine. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
