/**
 * planned-log: a log or state file a spec names that no code in the repository writes yet, and
 * the runbook lacks. See docs/rules/planned-log.md. Each test builds a small repository and
 * runs the CLI on it; fixtures mark the lines that must get a finding with `<!-- expect: RULE -->`.
 */
import { repo, runJson } from '../support/harness.js';
import { actualOf, expectedOf, findingsOf, expectMarkedRepo as marked } from './support.js';

const RULE = 'planned-log';
const BOUND = 'Operators follow docs/RUNBOOK.md.\n\n';
const RUNBOOK = '# Runbook\n\n## Log Locations\n\n- `api/logs/worker.log`\n- `api/logs/alerts.jsonl`\n';

/** The rules' findings held to the markers of a repository of `files` beside the runbook. */
const expectMarkedRepo = (files: Record<string, string>, argv: string[] = [], rules: string[] = [RULE]) =>
  marked(rules, { 'docs/RUNBOOK.md': RUNBOOK, ...files }, ['--no-config', '--root', '.', ...argv]);

describe(RULE, () => {
  test('a path no code names is planned; one the code writes is drift, with where', async () => {
    const { code, report } = await expectMarkedRepo(
      {
        'specs/a.md': [
          '# Worker',
          '',
          '- Traces go to `api/logs/trace.log`. <!-- expect: planned-log -->',
          '- Metrics go to `api/logs/metrics.jsonl`. <!-- expect: undocumented-log -->',
          '- Each task writes `api/logs/task_{id}.log`. <!-- expect: undocumented-log -->',
          '- Each job writes `api/logs/job_{id}.log`. <!-- expect: planned-log -->',
          '- The worker log is `api/logs/worker.log`, which the runbook lists.',
          '',
        ].join('\n'),
        'api/app/worker.py': 'METRICS = LOG_DIR / "metrics.jsonl"\npath = f"task_{task_id}.log"\n',
      },
      [],
      [RULE, 'undocumented-log'],
    );
    expect(code).toBe(1);
    const planned = findingsOf(report, RULE);
    expect(planned.map((f) => [f.item, f.kind, f.severity, f.evidence])).toEqual([
      ['api/logs/trace.log', 'log', 'warning', undefined],
      ['api/logs/job_{id}.log', 'log', 'warning', undefined],
    ]);
    expect(planned[0]!.message).toContain(
      '(planned: no code in the repository names this file yet; document it when it ships)',
    );
    const metrics = findingsOf(report, 'undocumented-log')[0]!;
    expect(metrics.evidence).toEqual({ file: 'api/app/worker.py', line: 1, verb: 'written by' });
  });

  test('logs come from every spec, bound or not; only planned work left exits 0', async () => {
    const { code } = await expectMarkedRepo({
      'specs/a.md': '# A\n\nNo runbook named here.\n\n- Spans go to `logs/spans.log`. <!-- expect: planned-log -->\n',
      'specs/b.md': `# B\n\n${BOUND}- Audit goes to \`logs/audit.log\`. <!-- expect: planned-log -->\n`,
      'api/app.py': 'pass\n',
    });
    expect(code).toBe(0);
  });

  test('what only tests write, or a data file the repository tracks, asks nothing', async () => {
    await expectMarkedRepo({
      'specs/a.md': [
        '# A',
        '',
        '- Test output goes to `api/logs/pytest.log`.',
        '- The ledger is `data/ledger.jsonl`.',
        '- Replays go to `api/logs/replay.log`. <!-- expect: planned-log -->',
        '',
      ].join('\n'),
      'tests/test_app.py': 'open("pytest.log")\n',
      'data/ledger.jsonl': '{}\n',
    });
  });

  test('a close name in the code is offered, with the runbook line when the runbook documents it', async () => {
    const { report } = await expectMarkedRepo({
      'specs/a.md': [
        '# A',
        '',
        '- Alerts go to `api/logs/alert.jsonl`. <!-- expect: planned-log -->',
        '- Friction goes to `api/logs/friction.jsonl`. <!-- expect: planned-log -->',
        '',
      ].join('\n'),
      'api/app/alerts.py': 'ALERTS = LOG_DIR / "alerts.jsonl"\nFRICTION = LOG_DIR / "friction_events.jsonl"\n',
    });
    const [alert, friction] = findingsOf(report, RULE);
    expect(alert!.message).toContain('did you mean `alerts.jsonl`? The code writes it (`api/app/alerts.py:1`)');
    expect(alert!.message).toContain('and RUNBOOK.md:6 documents it');
    expect(alert!.message).not.toContain('planned:');
    expect(alert!.suggestion).toMatchObject({ item: 'api/logs/alerts.jsonl', file: 'docs/RUNBOOK.md', line: 6 });
    expect(friction!.message).toContain(
      'did you mean `friction_events.jsonl`? The code writes it (`api/app/alerts.py:2`)',
    );
    expect(friction!.message).not.toContain('documents it');
    expect(friction!.suggestion).toBeUndefined();
  });

  test('without the code (--no-code, or no repository) nothing is planned: it is undocumented-log', async () => {
    const files = { 'specs/a.md': '# A\n\n- Traces go to `api/logs/trace.log`. <!-- expect: undocumented-log -->\n' };
    const noCode = await expectMarkedRepo(files, ['--no-code'], [RULE, 'undocumented-log']);
    expect(noCode.code).toBe(1);
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, ...files, 'api/app.py': 'pass\n' });
    const noRepository = await runJson(['--no-config'], dir);
    expect(findingsOf(noRepository.report, RULE)).toEqual([]);
    expect(findingsOf(noRepository.report, 'undocumented-log').map((f) => f.item)).toEqual(['api/logs/trace.log']);
  });

  test('suppressed by its own id or the kind, by an ignore selector, or turned off; undocumented-log does not cover it', async () => {
    const spec = [
      '# A',
      '',
      '<!-- sync-check-ignore-next-line undocumented-log -->',
      '- Traces go to `api/logs/trace.log`. <!-- expect: planned-log -->',
      '<!-- sync-check-ignore-next-line log -->',
      '- Spans go to `api/logs/spans.log`.',
      '<!-- sync-check-ignore-next-line planned-log -->',
      '- Replays go to `api/logs/replay.log`.',
      '- Debug output goes to `api/logs/debug/web.log`.',
      '',
    ].join('\n');
    const config = { ignore: ['planned-log:api/logs/debug/*'] };
    const files = { 'specs/a.md': spec, 'api/app.py': 'pass\n', 'sync-check.config.json': JSON.stringify(config) };
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, ...files });
    const { report } = await runJson(['--root', '.'], dir);
    expect(actualOf(report, RULE)).toEqual(expectedOf([{ path: 'specs/a.md', text: spec }], RULE));
    expect(report.suppressed.filter((f) => f.rule === RULE).map((f) => [f.item, f.suppression.kind])).toEqual([
      ['api/logs/spans.log', 'inline'],
      ['api/logs/replay.log', 'inline'],
      ['api/logs/debug/web.log', 'ignore'],
    ]);
    const off = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      ...files,
      'sync-check.config.json': '{"rules":{"planned-log":"off"}}',
    });
    expect(findingsOf((await runJson(['--root', '.'], off)).report, RULE)).toEqual([]);
  });
});
