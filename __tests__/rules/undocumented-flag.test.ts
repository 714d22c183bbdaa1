/** undocumented-flag: a flag a bound spec passes to a script the runbook documents, and the runbook never mentions. */
import { repo, runJson } from '../support/harness.js';
import { boundSpec, expectMarked, findingsOf, runbook } from './support.js';

const RULE = 'undocumented-flag';

/** Documents `check_pipeline.py` (with `--json`) and `run.sh` (with no flag). */
const PIPELINE = runbook('## Pipeline\n\n```bash\npython scripts/check_pipeline.py --json\n./scripts/run.sh\n```');

describe(RULE, () => {
  test('reports each flag of a documented script that the runbook never mentions, once per script and flag', () => {
    const report = expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            'Operators run `check_pipeline.py --attention` to list stuck jobs. <!-- expect: undocumented-flag -->',
            'Combine them: `check_pipeline.py --attention --json -v`. <!-- expect: undocumented-flag -->',
            'Replay with `./scripts/run.sh --backlog FILE`. <!-- expect: undocumented-flag -->',
            'Replay again with `scripts/run.sh --backlog OTHER`.',
          ].join('\n'),
        ),
      ],
      runbook: PIPELINE,
    });
    expect(findingsOf(report, RULE).map((f) => [f.item, f.canonical, f.severity])).toEqual([
      ['check_pipeline.py --attention', 'check_pipeline.py --attention', 'error'],
      ['check_pipeline.py -v', 'check_pipeline.py -v', 'error'],
      ['./scripts/run.sh --backlog', 'run.sh --backlog', 'error'],
    ]);
    expect(findingsOf(report, RULE)[0]!.message).toBe(
      'flag `--attention` of `check_pipeline.py` is not in RUNBOOK.md, which documents the script but never this flag',
    );
  });

  test('a flag the runbook mentions anywhere is documented, even in prose or beside another script', () => {
    expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            'Operators run `check_pipeline.py --attention` and `./scripts/run.sh --backlog FILE`.',
            'Pass `./scripts/run.sh --dry-run` first. <!-- expect: undocumented-flag -->',
          ].join('\n'),
        ),
      ],
      runbook: runbook(
        [
          '## Pipeline',
          '',
          '```bash',
          'python scripts/check_pipeline.py --json',
          './scripts/run.sh',
          './scripts/other.sh --attention',
          '```',
          '',
          'The replay takes `--backlog` and a file.',
        ].join('\n'),
      ),
    });
  });

  test('a script the runbook does not document is undocumented-script instead; `--` is no flag', () => {
    const report = expectMarked(RULE, {
      specs: [boundSpec('Run `./scripts/new.sh --dry-run`.\n\nPass the rest: `./scripts/run.sh -- extra`.')],
      runbook: PIPELINE,
    });
    expect(findingsOf(report, 'undocumented-script').map((f) => f.item)).toEqual(['./scripts/new.sh']);
  });

  test('only specs with a bound part are asked, even when scripts are taken from every spec', () => {
    const unbound = { path: 'specs/u.md', text: '# U\n\nOperators run `check_pipeline.py --attention`.\n' };
    const operating = {
      path: 'specs/o.md',
      text: '# O\n\n## Operations\n\nRun `check_pipeline.py --verbose`. <!-- expect: undocumented-flag -->\n',
    };
    const options = { everySpecKinds: ['log', 'script'] as const };
    expectMarked(RULE, { specs: [unbound, operating], runbook: PIPELINE, options });
  });

  test('an ignore selector, a config severity and a waiver apply to it', async () => {
    const report = expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            'Pass `./scripts/run.sh --dry-run` first.',
            'Then `./scripts/run.sh --verbose`. <!-- expect: undocumented-flag -->',
          ].join('\n'),
        ),
      ],
      runbook: PIPELINE,
      options: { ignore: ['flag:*--dry-run'] },
    });
    expect(report.suppressed.map((s) => [s.rule, s.item, s.suppression.kind])).toEqual([
      [RULE, './scripts/run.sh --dry-run', 'ignore'],
    ]);

    const config = {
      rules: { [RULE]: 'warning' },
      waivers: [
        {
          rule: RULE,
          item: 'check_pipeline.py --attention',
          owner: 'ops-team',
          reason: 'lands with the next release',
          expires_at: '2099-01-01',
        },
      ],
    };
    const {
      code,
      report: cli,
      stderr,
    } = await runJson(
      [],
      await repo({
        'docs/RUNBOOK.md': PIPELINE.text,
        'specs/a.md': boundSpec('Run `check_pipeline.py --attention`.\n\nThen `./scripts/run.sh --backlog FILE`.').text,
        'sync-check.config.json': JSON.stringify(config),
      }),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(findingsOf(cli, RULE).map((f) => [f.item, f.severity])).toEqual([['./scripts/run.sh --backlog', 'warning']]);
    expect(cli.suppressed.map((s) => [s.item, s.suppression.kind])).toEqual([
      ['check_pipeline.py --attention', 'waiver'],
    ]);
  });

  test('with the code read: a flag the script handles says where; one nothing handles yet is planned', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': '# Runbook\n\n## Checks\n\n```bash\npython3 api/scripts/check.py\n```\n',
      'specs/c.md': boundSpec('Run `api/scripts/check.py --attention` or `api/scripts/check.py --verbose`.').text,
      'api/scripts/check.py': 'parser.add_argument("--attention")\n',
    });
    const { code, report } = await runJson(['--no-config', '--root', '.'], dir);
    expect(code).toBe(1);
    const [handled] = findingsOf(report, RULE);
    expect(findingsOf(report, RULE).map((f) => f.item)).toEqual(['api/scripts/check.py --attention']);
    expect(handled!.evidence).toEqual({ file: 'api/scripts/check.py', line: 1, verb: 'handled by' });
    expect(handled!.message).toContain('handled by `api/scripts/check.py:1`');
    expect(findingsOf(report, 'planned-flag').map((f) => f.item)).toEqual(['api/scripts/check.py --verbose']);
  });
  test('an inline comment in the spec covers it, as it covers every rule; one for another rule does not', () => {
    const report = expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            '<!-- sync-check-ignore-next-line undocumented-flag -->',
            'Operators run `check_pipeline.py --attention`.',
            '<!-- sync-check-ignore-next-line env -->',
            'Replay with `./scripts/run.sh --backlog FILE`. <!-- expect: undocumented-flag -->',
          ].join('\n'),
        ),
      ],
      runbook: PIPELINE,
    });
    expect(report.suppressed.filter((f) => f.rule === RULE).map((f) => f.suppression.kind)).toEqual(['inline']);
  });
});
