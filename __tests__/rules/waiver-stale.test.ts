/** waiver-stale: a live waiver that matches no finding. See docs/rules/waiver-stale.md. */
import { checkDocuments, type CheckDocumentsOptions } from '../../src/core/check-documents.js';
import type { Report, Waiver } from '../../src/types.js';
import { repo, runJson } from '../support/harness.js';
import { boundSpec, findingsOf, runbook, lineOf } from './support.js';

const RULE = 'waiver-stale';

const NOW = new Date('2026-06-01T00:00:00Z');

/** 1-based line of the first line of `text` that contains `needle`. */

const waiver = (line: number, over: Partial<Waiver> = {}): Waiver => ({
  item: 'svc/logs/a.log',
  owner: 'ops-team',
  reason: 'moves to the ops repo',
  expiresAt: '2099-12-31',
  source: { file: 'sync-check.config.yaml', line, column: 1 },
  ...over,
});
/** One drift finding: undocumented-log `svc/logs/a.log` in specs/a.md. */
const check = (options: CheckDocumentsOptions): Report =>
  checkDocuments([boundSpec('- Writes `svc/logs/a.log`.')], runbook('## Log Locations\n\n- `svc/logs/worker.log`'), {
    now: NOW,
    ...options,
  });
const staleLines = (report: Report): number[] => findingsOf(report, RULE).map((f) => f.line);

describe(RULE, () => {
  test('a live waiver that matches no finding is a warning at its line in the config; one that matches is not', () => {
    const report = check({ waivers: [waiver(3), waiver(9, { item: 'svc/logs/gone.log' })] });
    expect(report.suppressed.map((f) => [f.item, f.suppression.kind])).toEqual([['svc/logs/a.log', 'waiver']]);
    const [stale, ...more] = findingsOf(report, RULE);
    expect(more).toEqual([]);
    expect([stale!.kind, stale!.item, stale!.severity, stale!.file, stale!.line]).toEqual([
      'waiver',
      'svc/logs/gone.log',
      'warning',
      'sync-check.config.yaml',
      9,
    ]);
    expect(stale!.message).toContain('ops-team');
    expect(stale!.message).toContain('matches no finding; remove it');
  });

  test('a waiver whose rule, file or item pattern does not fit the finding is stale and suppresses nothing', () => {
    const report = check({
      waivers: [
        waiver(3, { rule: 'undocumented-env' }),
        waiver(9, { file: 'specs/other-*.md' }),
        waiver(15, { item: 'svc/logs/b*' }),
      ],
    });
    expect(report.suppressed).toEqual([]);
    expect(findingsOf(report, 'undocumented-log').map((f) => f.item)).toEqual(['svc/logs/a.log']);
    expect(staleLines(report)).toEqual([3, 9, 15]);
    // Each narrowing is matched, not ignored: fitted to the finding, each waiver is used.
    const fits: Array<Partial<Waiver>> = [
      { rule: 'undocumented-log' },
      { rule: 'log' },
      { file: 'specs/a*.md' },
      { item: 'svc/logs/*' },
    ];
    for (const over of fits) {
      const fitted = check({ waivers: [waiver(3, over)] });
      expect({ over, used: fitted.suppressed.map((f) => f.suppression.kind), stale: staleLines(fitted) }).toEqual({
        over,
        used: ['waiver'],
        stale: [],
      });
    }
  });

  test('a finding set aside before waivers (an ignore selector, a rule turned off) leaves its waiver stale', () => {
    const ignored = check({ waivers: [waiver(3)], ignore: ['undocumented-log:svc/logs/a.log'] });
    expect(ignored.suppressed.map((f) => f.suppression.kind)).toEqual(['ignore']);
    expect(staleLines(ignored)).toEqual([3]);
    const off = check({ waivers: [waiver(3)], ruleSeverity: { 'undocumented-log': 'off' } });
    expect(off.findings.map((f) => f.rule)).toEqual([RULE]);
  });

  test('an expired waiver is never stale: it is reported as expired, matched or not', () => {
    const report = check({
      waivers: [
        waiver(3, { expiresAt: '2026-01-31' }),
        waiver(9, { item: 'svc/logs/gone.log', expiresAt: '2026-01-31' }),
      ],
    });
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(findingsOf(report, 'waiver-expired').map((f) => f.line)).toEqual([3, 9]);
  });

  test('through the CLI: a warning (exit 0 unless --max-warnings 0), and `rules` can change or drop it', async () => {
    const config = (rules: string): string =>
      [
        rules,
        'waivers:',
        '  - item: svc/logs/gone.log',
        '    owner: ops-team',
        '    reason: retired',
        '    expires_at: 2099-12-31',
        '',
      ].join('\n');
    const files = (rules: string): Record<string, string> => ({
      'docs/RUNBOOK.md': '# Runbook\n\n## Log Locations\n\n- `svc/logs/worker.log`\n',
      'specs/a.md': '# A\n\nFollow docs/RUNBOOK.md.\n\n- Writes `svc/logs/worker.log`.\n',
      'sync-check.config.yaml': config(rules),
    });
    const dir = await repo(files('# no rules'));
    const plain = await runJson([], dir);
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);
    expect(plain.report.findings.map((f) => [f.rule, f.severity, f.file, f.line])).toEqual([
      [RULE, 'warning', 'sync-check.config.yaml', lineOf(config('# no rules'), '- item: svc/logs/gone.log')],
    ]);
    expect((await runJson(['--max-warnings', '0'], dir)).code).toBe(1);

    const strict = await runJson([], await repo(files('rules:\n  waiver-stale: error')));
    expect([strict.code, findingsOf(strict.report, RULE).map((f) => f.severity)]).toEqual([1, ['error']]);
    const off = await runJson(['--max-warnings', '0'], await repo(files('rules:\n  waiver-stale: "off"')));
    expect([off.code, off.report.findings]).toEqual([0, []]);
  });
});
