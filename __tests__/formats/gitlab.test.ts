import type { Report } from '../../src/index.js';
import { formatGitlab, type CodeQualityIssue } from '../../src/format/gitlab.js';
import { CLEAN, clone, EVIL_FILE, EVIL_MESSAGE, HOSTILE, OPTIONS, REPORT } from './fixtures.js';

function checkCodeQuality(issues: CodeQualityIssue[], report: Report): void {
  expect(Array.isArray(issues)).toBe(true);
  expect(issues).toHaveLength(report.findings.length + report.diagnostics.length);
  for (const issue of issues) {
    expect(typeof issue.description).toBe('string');
    expect(issue.description.length).toBeGreaterThan(0);
    expect(typeof issue.check_name).toBe('string');
    expect(typeof issue.fingerprint).toBe('string');
    expect(issue.fingerprint.length).toBeGreaterThan(0);
    expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
    expect(typeof issue.location.path).toBe('string');
    expect(Number.isInteger(issue.location.lines.begin)).toBe(true);
    expect(issue.location.lines.begin).toBeGreaterThanOrEqual(1);
  }
  expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
}

describe('gitlab', () => {
  it('one Code Quality issue per finding and diagnostic, with required fields', () => {
    const issues: CodeQualityIssue[] = JSON.parse(formatGitlab(REPORT, OPTIONS));
    checkCodeQuality(issues, REPORT);
    expect(
      issues.slice(0, 5).map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin, i.fingerprint]),
    ).toEqual(
      REPORT.findings.map((f) => [
        f.rule,
        { error: 'major', warning: 'minor', info: 'info' }[f.severity],
        f.file,
        f.line,
        f.fingerprint,
      ]),
    );
    expect(issues[0]!.description).toBe(REPORT.findings[0]!.message);
    expect(issues[5]!.location).toEqual({ path: 'specs/c-broken.md', lines: { begin: 1 } });
    expect(issues[5]!.severity).toBe('major');
  });

  it('an empty array for a clean report', () => {
    expect(JSON.parse(formatGitlab(CLEAN, OPTIONS))).toEqual([]);
  });

  it('fingerprints stay unique even when findings repeat, and hostile text survives', () => {
    const r = clone(HOSTILE);
    r.findings.push(clone(r.findings[0]!), clone(r.findings[0]!));
    const issues: CodeQualityIssue[] = JSON.parse(formatGitlab(r, OPTIONS));
    checkCodeQuality(issues, r);
    expect(issues[0]!.description).toBe(EVIL_MESSAGE);
    expect(issues[0]!.location.path).toBe(EVIL_FILE);
    expect(issues[0]!.fingerprint).toBe(r.findings[0]!.fingerprint);
  });
});
