/**
 * stale-file: a document or config file the runbook points at, or (with the code read) a data
 * file it names, that the repository does not have. See docs/rules/stale-file.md.
 */
import { repo, runJson } from '../support/harness.js';
import { findingsOf, expectMarkedRepo as marked } from './support.js';

const RULE = 'stale-file';

/** The rule's findings held to the markers of a repository of `files`. */
const expectMarkedRepo = (files: Record<string, string>, argv?: string[]) => marked(RULE, files, argv);

const SPEC = { 'specs/a.md': '# A\n\nNothing to point at.\n' };

describe(RULE, () => {
  test('reports a missing document or config file at the runbook line that names it, as a warning', async () => {
    const runbook = [
      '# Runbook',
      '',
      'Escalate per [the guide](ESCALATION.md). <!-- expect: stale-file -->',
      'The policy is [on-call](../policy/ONCALL.md). <!-- expect: stale-file -->',
      'Settings live in `config/app.yml` and `config/worker.yaml`. <!-- expect: stale-file -->',
      'Tuning is in config/tuning.ini. <!-- expect: stale-file -->',
      'The old settings are in `config/legacy.toml`. <!-- expect: stale-file -->',
      '',
      '```bash',
      'cat deploy/values.yaml  # <!-- expect: stale-file -->',
      '```',
      '',
      'Escalate per [the guide](ESCALATION.md) again.',
      '',
    ].join('\n');
    const { code, report } = await expectMarkedRepo({
      'docs/RUNBOOK.md': runbook,
      ...SPEC,
      'config/worker.yaml': '',
      'archive/legacy.toml': '',
      // At the root, not next to the runbook, where the link points.
      'ESCALATION.md': '',
    });
    expect(code).toBe(0);
    const found = findingsOf(report, RULE);
    expect(found.map((f) => [f.item, f.canonical, f.kind, f.severity])).toEqual([
      ['ESCALATION.md', 'docs/ESCALATION.md', 'file', 'warning'],
      ['../policy/ONCALL.md', 'policy/ONCALL.md', 'file', 'warning'],
      ['config/app.yml', 'config/app.yml', 'file', 'warning'],
      ['config/tuning.ini', 'config/tuning.ini', 'file', 'warning'],
      ['config/legacy.toml', 'config/legacy.toml', 'file', 'warning'],
      ['deploy/values.yaml', 'deploy/values.yaml', 'file', 'warning'],
    ]);
    const missing = (item: string): string =>
      `the runbook points at \`${item}\`, but there is no such file in the repository`;
    // The link resolves from the runbook's directory; the finding says where a file of that name is.
    expect(found.map((f) => f.message)).toEqual([
      `${missing('ESCALATION.md')}; a file of that name is at \`ESCALATION.md\``,
      missing('../policy/ONCALL.md'),
      missing('config/app.yml'),
      missing('config/tuning.ini'),
      `${missing('config/legacy.toml')}; a file of that name is at \`archive/legacy.toml\``,
      missing('deploy/values.yaml'),
    ]);
  });

  test('not checked: URLs, bare names outside links, patterns, front matter, logs and other file types', async () => {
    const runbook = [
      '---',
      'related: docs/FRONT.md',
      '---',
      '# Runbook',
      '',
      'Upstream: https://example.com/docs/GUIDE.md and [the chart](https://example.com/chart/values.yaml).',
      'Edit `settings.toml` by hand.',
      'Per environment: `config/{env}.yml`, `deploy/<region>.toml`, `conf/*.conf`, `$HOME/app.cfg`.',
      'Notes land in `api/logs/notes.md`; the schema is `config/schema.json`.',
      "The chart's values are in [values](chart/values.yaml). <!-- expect: stale-file -->",
      '',
    ].join('\n');
    await expectMarkedRepo({ 'docs/RUNBOOK.md': runbook, ...SPEC });
  });

  test('with the code read, a log-shaped data file neither tracked nor named by any code is stale', async () => {
    const runbook = [
      '# Runbook',
      '',
      '## State',
      '',
      '- `api/logs/gone.json` <!-- expect: stale-file -->',
      '- `logs/events.jsonl` <!-- expect: stale-file -->',
      '- `api/logs/written.json`',
      '- `api/logs/tracked.csv`',
      '- `/var/lib/app/logs/queue.db`',
      '',
    ].join('\n');
    const files = {
      'docs/RUNBOOK.md': runbook,
      ...SPEC,
      'api/app/state.py': 'STATE = LOG_DIR / "written.json"\n',
      'api/logs/tracked.csv': 'a,b\n',
    };
    const { report } = await expectMarkedRepo(files);
    expect(findingsOf(report, RULE).map((f) => f.message)).toEqual([
      'the runbook points at `api/logs/gone.json`, but the repository has no such file and no code names it',
      'the runbook points at `logs/events.jsonl`, but the repository has no such file and no code names it',
    ]);
    // Without the code, whether anything writes them is unknown: they are not stale.
    const plain = await runJson(['--no-config', '--root', '.', '--no-code'], await repo(files));
    expect(findingsOf(plain.report, RULE)).toEqual([]);
  });

  test('a document on a line marked TODO, TBD or [PENDING …] is known, there and elsewhere', async () => {
    const runbook = [
      '# Runbook',
      '',
      '- The retry ADR, `docs/adr/0007-retry.md`, is TBD.',
      '- See `docs/adr/0007-retry.md` for why.',
      '- Limits: `config/limits.yml` [PENDING: needs sign-off].',
      '- TODO: move `config/alerts.yml` into the chart.',
      '- Jobs in `PENDING` read `config/queue.yml`. <!-- expect: stale-file -->',
      '',
    ].join('\n');
    await expectMarkedRepo({ 'docs/RUNBOOK.md': runbook, ...SPEC });
  });

  test('with the code read, a data file on a line marked TODO or PENDING is known too, there and elsewhere', async () => {
    const runbook = [
      '# Runbook',
      '',
      '- TODO: `logs/pending.jsonl` once the exporter ships.',
      '- Tail `logs/pending.jsonl` for exports.',
      '- `logs/gone.jsonl` <!-- expect: stale-file -->',
      '',
    ].join('\n');
    await expectMarkedRepo({ 'docs/RUNBOOK.md': runbook, ...SPEC, 'api/app/x.py': 'X = 1\n' });
  });

  test('config: a severity from `rules`, an `ignore` selector, a waiver on the runbook file, and `off`', async () => {
    const runbook = '# Runbook\n\nSee `config/app.yml`, `config/old/a.yml` and `docs/HANDOVER.md`.\n';
    const config = {
      root: '.',
      rules: { [RULE]: 'error' },
      ignore: [`${RULE}:config/old/*`],
      waivers: [
        {
          rule: RULE,
          item: 'docs/HANDOVER.md',
          file: 'docs/RUNBOOK.md',
          owner: 'ops-team',
          reason: 'being written',
          expires_at: '2099-12-31',
        },
      ],
    };
    const files = { 'docs/RUNBOOK.md': runbook, ...SPEC };
    const dir = await repo({ ...files, 'sync-check.config.json': JSON.stringify(config) });
    const { code, report } = await runJson([], dir);
    expect(code).toBe(1);
    expect(findingsOf(report, RULE).map((f) => [f.item, f.severity])).toEqual([['config/app.yml', 'error']]);
    expect(report.suppressed.map((f) => [f.item, f.suppression.kind])).toEqual([
      ['config/old/a.yml', 'ignore'],
      ['docs/HANDOVER.md', 'waiver'],
    ]);
    const off = { ...files, 'sync-check.config.json': JSON.stringify({ root: '.', rules: { [RULE]: 'off' } }) };
    expect(findingsOf((await runJson([], await repo(off))).report, RULE)).toEqual([]);
  });
});
