import { readFileSync } from 'node:fs';
import { RULES, type Report } from '../../src/index.js';
import { formatSarif } from '../../src/format/sarif.js';
import { A, CLEAN, clone, EVIL_ITEM, EVIL_MESSAGE, HOSTILE, OPTIONS, REPORT } from './fixtures.js';

function checkSarif(log: any, report: Report): void {
  expect(log.version).toBe('2.1.0');
  expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
  expect(log.runs).toHaveLength(1);
  const run = log.runs[0];
  expect(run.tool.driver.name).toBe('sync-check');
  const rules: any[] = run.tool.driver.rules;
  expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
  for (const rule of rules) {
    expect(typeof rule.name).toBe('string');
    expect(rule.shortDescription.text.length).toBeGreaterThan(0);
    expect(rule.fullDescription.text.length).toBeGreaterThan(0);
    expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
  }
  expect(run.originalUriBaseIds['%SRCROOT%']).toBeDefined();
  expect(run.results).toHaveLength(report.findings.length);
  run.results.forEach((res: any, i: number) => {
    const f = report.findings[i]!;
    expect(res.ruleId).toBe(f.rule);
    expect(rules[res.ruleIndex].id).toBe(res.ruleId);
    expect(res.level).toBe({ error: 'error', warning: 'warning', info: 'note' }[f.severity]);
    expect(res.message.text).toBe(f.message);
    expect(res.locations).toHaveLength(1);
    const loc = res.locations[0].physicalLocation;
    expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
    expect(decodeURIComponent(loc.artifactLocation.uri)).toBe(f.file);
    expect(loc.artifactLocation.uri).toMatch(/^[A-Za-z0-9\-._~%/]+$/);
    expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
    expect(loc.region).toEqual({
      startLine: f.line,
      startColumn: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
    });
    expect(res.partialFingerprints).toEqual({ 'syncCheck/v1': f.fingerprint });
    for (const rel of res.relatedLocations ?? []) {
      expect(rel.message.text.length).toBeGreaterThan(0);
      expect(rel.physicalLocation.artifactLocation.uri.length).toBeGreaterThan(0);
      expect(rel.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    }
  });
}

describe('sarif', () => {
  const log = JSON.parse(formatSarif(REPORT, OPTIONS));

  it('has the structure GitHub code scanning requires', () => {
    checkSarif(log, REPORT);
    expect(log.runs[0].tool.driver.version).toBe('1.2.3');
  });

  it("carries each rule's docs page as its help, for code scanning's rule panel", () => {
    const rules: any[] = JSON.parse(formatSarif(REPORT, OPTIONS)).runs[0].tool.driver.rules;
    for (const rule of RULES) {
      const page = readFileSync(new URL(`../../docs/rules/${rule.id}.md`, import.meta.url), 'utf8');
      const descriptor = rules.find((r) => r.id === rule.id);
      expect(descriptor.help.markdown).toBe(page);
      expect(descriptor.help.text.length).toBeGreaterThan(0);
    }
  });

  it('maps severities to levels', () => {
    const levels = Object.fromEntries(log.runs[0].results.map((r: any) => [r.properties.item, r.level]));
    expect(levels).toEqual({
      'api/logs/metrics.jsonl': 'error',
      'api/logs/alert.jsonl': 'error',
      'scripts/backfill.sh': 'error',
      'POST /api/jobs/{id}/retry': 'note',
      QUEUE_TTL_HOURS: 'warning',
    });
  });

  it('relates later mentions and the runbook suggestion or section', () => {
    const result = (item: string): any => log.runs[0].results.find((r: any) => r.properties.item === item);
    const related = (item: string): Array<[string, number, number | undefined]> =>
      (result(item).relatedLocations ?? []).map((l: any) => [
        l.physicalLocation.artifactLocation.uri,
        l.physicalLocation.region.startLine,
        l.physicalLocation.region.startColumn,
      ]);
    expect(related('api/logs/metrics.jsonl')).toEqual([
      ['docs/RUNBOOK.md', 3, undefined],
      [A, 6, 25],
    ]);
    expect(related('api/logs/alert.jsonl')).toEqual([['docs/RUNBOOK.md', 6, 4]]);
    expect(result('api/logs/alert.jsonl').relatedLocations[0].message.text).toContain('api/logs/alerts.jsonl');
    expect(related('scripts/backfill.sh')).toEqual([]);
    const ids = result('api/logs/metrics.jsonl').relatedLocations.map((l: any) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reports input problems as tool execution notifications', () => {
    const inv = log.runs[0].invocations[0];
    expect(inv.executionSuccessful).toBe(false);
    expect(inv.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: REPORT.diagnostics[0]!.message },
        descriptor: { id: 'frontmatter-language' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'specs/c-broken.md', uriBaseId: '%SRCROOT%' },
              region: { startLine: 1, startColumn: 4 },
            },
          },
        ],
      },
    ]);
  });

  it('a clean run: no results, execution successful', () => {
    const clean = JSON.parse(formatSarif(CLEAN, OPTIONS));
    checkSarif(clean, CLEAN);
    expect(clean.runs[0].results).toEqual([]);
    expect(clean.runs[0].invocations[0].executionSuccessful).toBe(true);
    expect(clean.runs[0].invocations[0].toolExecutionNotifications).toBeUndefined();
  });

  it('hostile input stays valid JSON with exact messages and encoded URIs', () => {
    const evil = JSON.parse(formatSarif(HOSTILE, OPTIONS));
    checkSarif(evil, HOSTILE);
    const first = evil.runs[0].results.find((r: any) => r.properties.item === EVIL_ITEM);
    expect(first.message.text).toBe(EVIL_MESSAGE);
    expect(first.locations[0].physicalLocation.artifactLocation.uri).toBe(
      'specs/evil%20%40octocat%7C%3Cb%3Ex%3C/b%3E%20%60t%60%2Ca%3Ab%25.md',
    );
    // A warning diagnostic does not make the run unsuccessful; the error one does.
    expect(evil.runs[0].invocations[0].toolExecutionNotifications.map((n: any) => n.level)).toEqual([
      'error',
      'warning',
    ]);
    expect(
      evil.runs[0].invocations[0].toolExecutionNotifications[1].locations[0].physicalLocation.region,
    ).toBeUndefined();
  });

  it('never emits a region whose end is before its start', () => {
    const r = clone(REPORT);
    Object.assign(r.findings[0]!, { line: 0, column: 0, endLine: 0, endColumn: 0 });
    const region = JSON.parse(formatSarif(r, OPTIONS)).runs[0].results[0].locations[0].physicalLocation.region;
    expect(region).toEqual({ startLine: 1, startColumn: 1 });
  });
});
