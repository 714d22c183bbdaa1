/**
 * planned-env: an environment variable a runbook-bound spec names that no code in the repository
 * reads yet, and the runbook lacks. See docs/rules/planned-env.md. Each test builds a small
 * repository and runs the CLI on it; fixtures mark the lines that must get a finding with
 * `<!-- expect: RULE -->`.
 */
import { repo, runJson } from '../support/harness.js';
import { actualOf, expectedOf, findingsOf, expectMarkedRepo as marked } from './support.js';

const RULE = 'planned-env';
const BOUND = 'Operators follow docs/RUNBOOK.md.\n\n';
const RUNBOOK = '# Runbook\n\n## Configuration\n\n- `DATABASE_URL`: where the database is.\n';

/** The rules' findings held to the markers of a repository of `files` beside the runbook. */
const expectMarkedRepo = (files: Record<string, string>, argv: string[] = [], rules: string[] = [RULE]) =>
  marked(rules, { 'docs/RUNBOOK.md': RUNBOOK, ...files }, ['--no-config', '--root', '.', ...argv]);

const CODE = {
  'api/app/config.py': 'import os\nTTL = os.environ["QUEUE_TTL"]\nDB = os.environ["DATABASE_URL"]\n',
  'docker-compose.yml': 'services:\n  api:\n    environment:\n      - WORKER_COUNT=4\n',
};

describe(RULE, () => {
  test('a variable no code reads is planned; one the code reads or a compose file sets is drift, with where', async () => {
    const { code, report } = await expectMarkedRepo(
      {
        'specs/a.md': [
          '# Worker',
          '',
          BOUND,
          '- Set `RETRY_LIMIT` in the environment. <!-- expect: planned-env -->',
          '- Set `QUEUE_TTL` in the environment. <!-- expect: undocumented-env -->',
          '- Set `WORKER_COUNT` in the environment. <!-- expect: undocumented-env -->',
          '- Set `DATABASE_URL` in the environment.',
          '',
        ].join('\n'),
        ...CODE,
      },
      [],
      [RULE, 'undocumented-env'],
    );
    expect(code).toBe(1);
    const [planned] = findingsOf(report, RULE);
    expect([planned!.item, planned!.kind, planned!.severity, planned!.evidence]).toEqual([
      'RETRY_LIMIT',
      'env',
      'warning',
      undefined,
    ]);
    expect(planned!.message).toContain('(planned: no code in the repository reads it from the environment yet');
    expect(findingsOf(report, 'undocumented-env').map((f) => f.evidence)).toEqual([
      { file: 'api/app/config.py', line: 2, verb: 'read by' },
      { file: 'docker-compose.yml', line: 4, verb: 'set in' },
    ]);
  });

  test('once the code reads it, it is undocumented-env; until then the run exits 0', async () => {
    const spec = `# W\n\n${BOUND}- Set \`RETRY_LIMIT\` in the environment.\n`;
    const files = { 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': spec };
    const before = await runJson(['--no-config', '--root', '.'], await repo(files));
    expect(before.code).toBe(0);
    expect(before.report.findings.map((f) => [f.rule, f.item])).toEqual([[RULE, 'RETRY_LIMIT']]);
    const after = await runJson(
      ['--no-config', '--root', '.'],
      await repo({
        ...files,
        'src/retry.ts': 'export const limit = process.env.RETRY_LIMIT;\n',
      }),
    );
    expect(after.code).toBe(1);
    expect(after.report.findings.map((f) => [f.rule, f.item, f.evidence?.file])).toEqual([
      ['undocumented-env', 'RETRY_LIMIT', 'src/retry.ts'],
    ]);
  });

  test('asks nothing for a constant, what only tests or CI set, or an unbound spec (unless --every-spec env)', async () => {
    const files = {
      'specs/a.md': [
        '# Worker',
        '',
        BOUND,
        '- Set `MAX_BYTES`, `TEST_DB_NAME` and `GITHUB_SHA` in the environment.',
        '- Set `FLUSH_EVERY` in the environment. <!-- expect: planned-env -->',
        '',
      ].join('\n'),
      'specs/b.md': '# Unbound\n\n- Set `SHARD_COUNT` in the environment.\n',
      'api/app/limits.py': 'MAX_BYTES = 1024\n',
      'tests/conftest.py': 'os.environ["TEST_DB_NAME"] = "t"\n',
    };
    await expectMarkedRepo(files);
    const { report } = await runJson(
      ['--no-config', '--root', '.', '--every-spec', 'log,env'],
      await repo({
        'docs/RUNBOOK.md': RUNBOOK,
        ...files,
      }),
    );
    expect(findingsOf(report, RULE).map((f) => [f.file, f.item])).toEqual([
      ['specs/a.md', 'FLUSH_EVERY'],
      ['specs/b.md', 'SHARD_COUNT'],
    ]);
  });

  test('a near miss in the runbook is offered; without the code it is undocumented-env', async () => {
    const spec = `# W\n\n${BOUND}Set \`DATABASE_URI\` in the environment. <!-- expect: planned-env -->\n`;
    const files = { 'specs/a.md': spec };
    const { report } = await expectMarkedRepo(files);
    const [f] = findingsOf(report, RULE);
    expect(f!.message).toContain('did you mean `DATABASE_URL` (RUNBOOK.md:5)?');
    expect(f!.suggestion).toMatchObject({ item: 'DATABASE_URL', file: 'docs/RUNBOOK.md', line: 5 });
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, ...files });
    const off = await runJson(['--no-config', '--root', '.', '--no-code'], dir);
    expect(off.report.findings.map((x) => [x.rule, x.item])).toEqual([['undocumented-env', 'DATABASE_URI']]);
  });

  test('an inline directive, an `env` ignore selector, a waiver, or `off` in config', async () => {
    const spec = [
      '# Worker',
      '',
      BOUND,
      'Set `RETRY_LIMIT` in the environment. <!-- sync-check-ignore-line planned-env -->',
      '',
      'Set `PIPELINE_ATTENTION_MIN` and `PIPELINE_ATTENTION_MAX` in the environment.',
      '',
      'Set `FLUSH_EVERY` in the environment.',
      '',
      'Set `SHARD_COUNT` in the environment. <!-- expect: planned-env -->',
      '',
    ].join('\n');
    const config = {
      ignore: ['env:PIPELINE_ATTENTION_*'],
      waivers: [
        {
          rule: 'planned-env',
          item: 'FLUSH_*',
          owner: 'ops-team',
          reason: 'not shipped',
          expires_at: '2099-12-31',
        },
      ],
    };
    const files = { 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': spec };
    const dir = await repo({ ...files, 'sync-check.config.json': JSON.stringify(config, null, 2) });
    const { report } = await runJson(['--root', '.'], dir);
    expect(actualOf(report, RULE)).toEqual(expectedOf([{ path: 'specs/a.md', text: spec }], RULE));
    expect(report.suppressed.map((f) => [f.rule, f.item, f.suppression.kind])).toEqual([
      [RULE, 'RETRY_LIMIT', 'inline'],
      [RULE, 'PIPELINE_ATTENTION_MIN', 'ignore'],
      [RULE, 'PIPELINE_ATTENTION_MAX', 'ignore'],
      [RULE, 'FLUSH_EVERY', 'waiver'],
    ]);
    const off = await repo({ ...files, 'sync-check.config.json': '{ "rules": { "planned-env": "off" } }' });
    expect((await runJson(['--root', '.'], off)).report.findings).toEqual([]);
  });
});
