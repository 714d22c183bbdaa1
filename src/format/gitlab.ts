import { createHash } from 'node:crypto';
import type { Report, Severity } from '../types.js';
import { messagesOf, type Message } from './message.js';
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
  const issues = messagesOf(report).map((m) => messageIssue(m, unique));
  return `${JSON.stringify(issues, null, 2)}\n`;
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

const line = (n: number | undefined): number => Math.max(1, Math.trunc(n ?? 1) || 1);

function messageIssue(m: Message, unique: (fp: string) => string): CodeQualityIssue {
  const begin = line(m.line);
  const end = Math.max(begin, line(m.endLine));
  // An input problem has no fingerprint of its own: its code, file and message are its identity.
  const fingerprint = m.finding?.fingerprint ?? sha(`diagnostic\0${m.ruleId}\0${m.file}\0${m.message}`);
  return {
    type: 'issue',
    check_name: m.fatal ? `sync-check/${m.ruleId}` : m.ruleId,
    description: m.message,
    categories: [m.fatal ? 'Bug Risk' : 'Clarity'],
    fingerprint: unique(fingerprint),
    severity: gitlabSeverity(m.severity),
    location: { path: m.file, lines: { begin, ...(end > begin ? { end } : {}) } },
  };
}
