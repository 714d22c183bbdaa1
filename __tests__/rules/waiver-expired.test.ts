/** waiver-expired: a waiver past its expires_at date. See docs/rules/waiver-expired.md. */
import { checkDocuments, type CheckDocumentsOptions } from '../../src/core/check-documents.js';
import type { Report, Waiver } from '../../src/types.js';
import { repo, runJson } from '../support/harness.js';
import { boundSpec, findingsOf, runbook, lineOf } from './support.js';

const RULE = 'waiver-expired';

const RUNBOOK_TEXT = '# Runbook\n\n## Log Locations\n\n- `svc/logs/worker.log`\n';
const DRIFTING_SPEC = '# A\n\nFollow docs/RUNBOOK.md.\n\n- Writes `svc/logs/a.log`.\n';

/** 1-based line of the first line of `text` that contains `needle`. */

const SOURCE = { file: 'sync-check.config.yaml', line: 4, column: 1 };
const waiver = (over: Partial<Waiver> = {}): Waiver => ({
  rule: 'undocumented-log',
  item: 'svc/logs/a.log',
  owner: 'ops-team',
  reason: 'moves to the ops repo',
  expiresAt: '2026-03-31',
  source: SOURCE,
  ...over,
});
const SPECS = [boundSpec('- Writes `svc/logs/a.log`.')];
const check = (options: CheckDocumentsOptions): Report =>
  checkDocuments(SPECS, runbook('## Log Locations\n\n- `svc/logs/worker.log`'), options);

describe(RULE, () => {
  test('once expired, the waiver stops suppressing and is itself an error at its place in the config', () => {
    const live = check({ waivers: [waiver()], now: new Date('2026-03-01T00:00:00Z') });
    expect(findingsOf(live, RULE)).toEqual([]);
    expect(live.suppressed.map((f) => [f.item, f.suppression.kind])).toEqual([['svc/logs/a.log', 'waiver']]);

    const late = check({ waivers: [waiver()], now: new Date('2026-06-01T00:00:00Z') });
    expect(late.suppressed).toEqual([]);
    expect(findingsOf(late, 'undocumented-log').map((f) => f.item)).toEqual(['svc/logs/a.log']);
    const [expired] = findingsOf(late, RULE);
    expect([expired!.kind, expired!.item, expired!.severity, expired!.file, expired!.line]).toEqual([
      'waiver',
      'svc/logs/a.log',
      'error',
      SOURCE.file,
      SOURCE.line,
    ]);
    for (const part of ['ops-team', '2026-03-31', 'moves to the ops repo']) expect(expired!.message).toContain(part);
    expect(findingsOf(late, 'waiver-stale')).toEqual([]);
  });

  test('a renewed waiver written after the expired one suppresses; the old one is reported as expired', () => {
    const renewed = waiver({ expiresAt: '2026-12-31', reason: 'renewed', source: { ...SOURCE, line: 10 } });
    const r = check({ waivers: [waiver(), renewed], now: new Date('2026-06-01T00:00:00Z') });
    expect(r.suppressed.map((f) => [f.item, f.suppression.justification])).toEqual([
      ['svc/logs/a.log', 'waived by ops-team until 2026-12-31: renewed'],
    ]);
    expect(findingsOf(r, RULE).map((f) => f.line)).toEqual([SOURCE.line]);
    expect(findingsOf(r, 'waiver-stale')).toEqual([]);
  });

  test('a day-only expires_at lasts to the end of that day (UTC); --now sets today', async () => {
    const config = [
      '# waivers',
      'waivers:',
      '  - rule: undocumented-log',
      '    item: svc/logs/a.log',
      '    owner: ops-team',
      '    reason: moves to the ops repo',
      '    expires_at: 2026-03-31',
      '',
    ].join('\n');
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK_TEXT,
      'specs/a.md': DRIFTING_SPEC,
      'sync-check.config.yaml': config,
    });

    const lastDay = await runJson(['--now', '2026-03-31'], dir);
    expect(lastDay.stderr).toBe('');
    expect(lastDay.code).toBe(0);
    expect(findingsOf(lastDay.report, RULE)).toEqual([]);
    expect(lastDay.report.suppressed.map((f) => f.suppression.kind)).toEqual(['waiver']);

    const nextDay = await runJson(['--now', '2026-04-01'], dir);
    expect(nextDay.code).toBe(1);
    expect(findingsOf(nextDay.report, RULE).map((f) => [f.file, f.line])).toEqual([
      ['sync-check.config.yaml', lineOf(config, '- rule: undocumented-log')],
    ]);
    expect(findingsOf(nextDay.report, 'undocumented-log').map((f) => f.item)).toEqual(['svc/logs/a.log']);
  });

  test('an expired waiver whose drift is gone is still expired, not stale, and still fails the run', async () => {
    const waivers = [
      { item: 'svc/logs/a.log', owner: 'ops-team', reason: 'moves', expires_at: '2026-01-31' },
      { item: 'svc/logs/b.log', owner: 'ops-team', reason: 'moves too', expires_at: '2026-02-28' },
    ];
    const config = `${JSON.stringify({ waivers }, null, 2)}\n`;
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK_TEXT,
      'specs/a.md': '# A\n\nFollow docs/RUNBOOK.md.\n\n- Writes `svc/logs/worker.log`.\n',
      'sync-check.config.json': config,
    });
    const { code, report } = await runJson(['--now', '2026-06-01'], dir);
    expect(code).toBe(1);
    // Each at the line that opens its waiver in the JSON file.
    const opening = config.split('\n').flatMap((l, i) => (l.trim() === '{' && i > 0 ? [i + 1] : []));
    expect(report.findings.map((f) => [f.rule, f.item, f.file, f.line])).toEqual([
      [RULE, 'svc/logs/a.log', 'sync-check.config.json', opening[0]],
      [RULE, 'svc/logs/b.log', 'sync-check.config.json', opening[1]],
    ]);
  });

  test('`rules` sets its severity or turns it off; the waiver still stops suppressing either way', async () => {
    const waivers = [{ item: 'svc/logs/a.log', owner: 'ops-team', reason: 'moves', expires_at: '2026-01-31' }];
    const spec = '# A\n\nFollow docs/RUNBOOK.md.\n\n- Writes `svc/logs/worker.log`.\n';
    const run = async (rules: Record<string, string>, specText = spec): Promise<{ code: number; report: Report }> =>
      runJson<Report>(
        ['--now', '2026-06-01'],
        await repo({
          'docs/RUNBOOK.md': RUNBOOK_TEXT,
          'specs/a.md': specText,
          'sync-check.config.json': JSON.stringify({ rules, waivers }),
        }),
      );

    const warned = await run({ [RULE]: 'warning' });
    expect(warned.code).toBe(0);
    expect(findingsOf(warned.report, RULE).map((f) => f.severity)).toEqual(['warning']);

    const off = await run({ [RULE]: 'off' }, DRIFTING_SPEC);
    expect(findingsOf(off.report, RULE)).toEqual([]);
    expect(off.report.suppressed).toEqual([]);
    expect(findingsOf(off.report, 'undocumented-log').map((f) => f.item)).toEqual(['svc/logs/a.log']);
  });
});
