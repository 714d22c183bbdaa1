/**
 * The JSON format, the contract other tools parse (README, "--format json"): the report object
 * itself, pretty-printed, versioned, with its documented keys in their documented order.
 */
import { checkDocuments, FINDING_KINDS, formatReport, type Report } from '../../src/index.js';
import { formatJson } from '../../src/format/json.js';
import { A, CLEAN, clone, HOSTILE, LINK_BASE, OPTIONS, REPORT, RUNBOOK, SPECS } from './fixtures.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** REPORT's documents against a set of two runbooks, with env findings ignored. */
const SET: Report = checkDocuments(SPECS, [RUNBOOK, { path: 'docs/ops.md', text: '# Ops\n' }], { ignore: ['env'] });

describe('json', () => {
  it('is the report exactly: JSON.stringify(report, null, 2) and a newline, parsing back to the report', () => {
    for (const report of [REPORT, CLEAN, HOSTILE, SET]) {
      const out = formatJson(report);
      expect(out).toBe(`${JSON.stringify(report, null, 2)}\n`);
      expect(JSON.parse(out)).toEqual(report);
      expect(out.endsWith('}\n')).toBe(true);
    }
  });

  it('is what formatReport gives for "json", whatever the options', () => {
    for (const options of [OPTIONS, { color: true }, { color: false, linkBase: LINK_BASE, toolVersion: '9.9.9' }])
      expect(formatReport(REPORT, 'json', options)).toBe(formatJson(REPORT));
    expect(formatReport(REPORT, 'json', { color: true })).not.toContain('\u001b');
  });

  it('has version 1 and the documented top-level keys, in order', () => {
    for (const report of [REPORT, CLEAN]) {
      const json = JSON.parse(formatJson(report));
      expect(json.version).toBe(1);
      expect(Object.keys(json)).toEqual(['version', 'runbook', 'findings', 'suppressed', 'summary', 'diagnostics']);
      expect(json.runbook).toBe('docs/RUNBOOK.md');
    }
  });

  it('adds `runbooks` after `runbook` only when there are several, and each drift finding names its runbook', () => {
    const json = JSON.parse(formatJson(SET));
    expect(Object.keys(json)).toEqual([
      'version',
      'runbook',
      'runbooks',
      'findings',
      'suppressed',
      'summary',
      'diagnostics',
    ]);
    expect(json.runbooks).toEqual(['docs/RUNBOOK.md', 'docs/ops.md']);
    expect(json.findings.map((f: any) => f.runbook)).toEqual(json.findings.map(() => 'docs/RUNBOOK.md'));
    expect(JSON.parse(formatJson(REPORT)).findings.some((f: any) => 'runbook' in f)).toBe(false);
  });

  it('writes each finding with the documented fields', () => {
    const [metrics, alert] = JSON.parse(formatJson(REPORT)).findings;
    expect(metrics).toEqual({
      rule: 'undocumented-log',
      kind: 'log',
      item: 'api/logs/metrics.jsonl',
      canonical: 'api/logs/metrics.jsonl',
      file: A,
      line: 3,
      column: 20,
      endLine: 3,
      endColumn: 42,
      severity: 'error',
      message: REPORT.findings[0]!.message,
      otherMentions: [{ raw: 'api/logs/metrics.jsonl', line: 6, column: 25 }],
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      runbookSection: { heading: 'Log Locations', file: 'docs/RUNBOOK.md', line: 3 },
    });
    expect(Object.keys(metrics).slice(0, 13)).toEqual([
      'rule',
      'kind',
      'item',
      'canonical',
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'severity',
      'message',
      'otherMentions',
      'fingerprint',
    ]);
    expect(alert.suggestion).toEqual({ item: 'api/logs/alerts.jsonl', file: 'docs/RUNBOOK.md', line: 6, column: 4 });
    // Severities as configured, not as the rule defaults them.
    expect(
      Object.fromEntries(JSON.parse(formatJson(REPORT)).findings.map((f: any) => [f.item, f.severity])),
    ).toMatchObject({ QUEUE_TTL_HOURS: 'warning', 'POST /api/jobs/{id}/retry': 'info' });
  });

  it('writes the summary with every kind and severity counted, zeros included', () => {
    const { summary } = JSON.parse(formatJson(REPORT));
    expect(Object.keys(summary)).toEqual([
      'specsChecked',
      'specsBound',
      'findings',
      'byKind',
      'bySeverity',
      'suppressed',
      'diagnostics',
    ]);
    expect(Object.keys(summary.byKind)).toEqual([...FINDING_KINDS]);
    expect(Object.keys(summary.bySeverity)).toEqual(['error', 'warning', 'info']);
    expect(summary).toMatchObject({
      specsChecked: 3,
      specsBound: 1,
      findings: 5,
      byKind: { log: 2, script: 1, endpoint: 1, env: 1, file: 0, flag: 0, section: 0, waiver: 0 },
      suppressed: 0,
      diagnostics: 1,
    });
  });

  it('keeps suppressed findings under `suppressed`, each with why', () => {
    const json = JSON.parse(formatJson(SET));
    expect(json.summary.suppressed).toBe(1);
    expect(json.suppressed).toHaveLength(1);
    expect(json.suppressed[0]).toMatchObject({
      rule: 'undocumented-env',
      item: 'QUEUE_TTL_HOURS',
      file: 'specs/b-queue.md',
      suppression: { kind: 'ignore', justification: 'ignore pattern "env"' },
    });
    expect(json.findings.some((f: any) => f.item === 'QUEUE_TTL_HOURS')).toBe(false);
  });

  it('writes input problems under `diagnostics`, with line and column only when known', () => {
    const json = JSON.parse(formatJson(HOSTILE));
    expect(json.diagnostics[0]).toEqual({
      file: 'specs/c-broken.md',
      line: 1,
      column: 4,
      severity: 'error',
      code: 'frontmatter-language',
      message: HOSTILE.diagnostics[0]!.message,
    });
    expect(json.diagnostics[1]).toEqual({
      file: 'specs/d,e:f.md',
      severity: 'warning',
      code: 'read-warning',
      message: 'no line, no column',
    });
  });

  it('keeps hostile text exact and the output well-formed: no raw control characters or lone surrogates', () => {
    const out = formatJson(HOSTILE);
    expect(out).not.toMatch(LONE_SURROGATE);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(out).toContain('\\u0007\\u0000\\ud800');
    expect(JSON.parse(out).findings).toEqual(HOSTILE.findings);
  });
});
