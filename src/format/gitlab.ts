import { createHash } from 'node:crypto';
import type { Diagnostic, Finding, Report, Severity } from '../types.js';
import type { FormatOptions } from './shared.js';

type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export function gitlabSeverity(severity: Severity): GitlabSeverity {
  return severity === 'error' ? 'major' : severity === 'warning' ? 'minor' : 'info';
}

export interface CodeQualityIssue {
  type: 'issue';
  check_name: string;
  description: string;
  categories: string[];
  fingerprint: string;
  severity: GitlabSeverity;
  location: { path: string; lines: { begin: number; end?: number } };
}

/**
 * GitLab Code Quality (a subset of the Code Climate issue format): one issue per finding and per
 * input problem. GitLab compares the fingerprints of a merge request's report with the target
 * branch's, so they are stable (the finding's own fingerprint) and unique within the report.
 */
export function formatGitlab(report: Report, _options: FormatOptions): string {
  const seen = new Set<string>();
  const unique = (fingerprint: string): string => {
    let fp = fingerprint;
    for (let n = 1; seen.has(fp); n++) fp = sha(`${fingerprint}\0${n}`);
    seen.add(fp);
    return fp;
  };
  const issues: CodeQualityIssue[] = [
    ...report.findings.map((f) => findingIssue(f, unique)),
    ...report.diagnostics.map((d) => diagnosticIssue(d, unique)),
  ];
  return `${JSON.stringify(issues, null, 2)}\n`;
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

const line = (n: number | undefined): number => Math.max(1, Math.trunc(n ?? 1) || 1);

function findingIssue(f: Finding, unique: (fp: string) => string): CodeQualityIssue {
  const begin = line(f.line);
  const end = Math.max(begin, line(f.endLine));
  return {
    type: 'issue',
    check_name: f.rule,
    description: f.message,
    categories: ['Clarity'],
    fingerprint: unique(f.fingerprint),
    severity: gitlabSeverity(f.severity),
    location: { path: f.file, lines: { begin, ...(end > begin ? { end } : {}) } },
  };
}

function diagnosticIssue(d: Diagnostic, unique: (fp: string) => string): CodeQualityIssue {
  return {
    type: 'issue',
    check_name: `sync-check/${d.code}`,
    description: d.message,
    categories: ['Bug Risk'],
    fingerprint: unique(sha(`diagnostic\0${d.code}\0${d.file}\0${d.message}`)),
    severity: gitlabSeverity(d.severity),
    location: { path: d.file, lines: { begin: line(d.line) } },
  };
}
