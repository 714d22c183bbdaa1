/**
 * operator-env: an env var the code reads, named in a part of a spec that does not bind it to
 * the runbook, that the runbook lacks. See docs/rules/operator-env.md.
 */
import type { Report } from '../../src/types.js';
import { repo, runJson } from '../support/harness.js';
import { findingsOf, expectMarkedRepo as marked } from './support.js';

const RULE = 'operator-env';

/** The rule's findings held to the markers of a repository of `files`. */
const expectMarkedRepo = (files: Record<string, string>, argv?: string[]) => marked(RULE, files, argv);

const RUNBOOK = '# Runbook\n\n## Environment\n\n- `DATABASE_URL`: the primary database.\n';
/** Code that reads three variables from the environment and defines one constant. */
const CODE = {
  'src/server.py': [
    'import os',
    'TOKEN = os.environ["SERVICE_TOKEN"]',
    'TTL = os.environ.get("QUEUE_TTL", "60")',
    'DB = os.environ["DATABASE_URL"]',
    'MAX_ROWS = 100',
    '',
  ].join('\n'),
  'tests/test_server.py': 'import os\nos.environ["FAKE_CLOCK"] = "1"\n',
  '.github/workflows/deploy.yml': 'env:\n  DEPLOY_CLUSTER: prod\n',
};

describe(RULE, () => {
  test('reports a variable the code reads that a spec names outside any bound part, as a warning', async () => {
    const spec = [
      '# Orders',
      '',
      'The service reads `SERVICE_TOKEN` at start. <!-- expect: operator-env -->',
      'Entries expire after QUEUE_TTL seconds. <!-- expect: operator-env -->',
      'It connects with `DATABASE_URL`.',
      'Set `RETRY_LIMIT` to bound retries.',
      'Tests pin `FAKE_CLOCK`; CI deploys to `DEPLOY_CLUSTER`; pages hold `MAX_ROWS` rows.',
      '',
    ].join('\n');
    const { code, report } = await expectMarkedRepo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/orders.md': spec, ...CODE });
    // Warnings only: the run does not fail.
    expect(code).toBe(0);
    const [token, ttl] = findingsOf(report, RULE);
    expect([token!.item, token!.kind, token!.severity]).toEqual(['SERVICE_TOKEN', 'env', 'warning']);
    expect(token!.evidence).toEqual({ file: 'src/server.py', line: 2, verb: 'read by' });
    expect(token!.message).toBe(
      'environment variable `SERVICE_TOKEN` is not in RUNBOOK.md; read by `src/server.py:2`; ' +
        'no part of the spec binds it to the runbook, but the code shows operators need it',
    );
    expect(ttl!.evidence?.line).toBe(3);
  });

  test('a compose file that sets the variable is evidence too', async () => {
    const { report } = await expectMarkedRepo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/cache.md': '# Cache\n\nThe stack needs `REDIS_URL`. <!-- expect: operator-env -->\n',
      'docker-compose.yml': 'services:\n  app:\n    environment:\n      - REDIS_URL=${REDIS_URL}\n',
    });
    expect(findingsOf(report, RULE)[0]!.evidence).toEqual({ file: 'docker-compose.yml', line: 4, verb: 'set in' });
  });

  test('named in a bound part, or with env among the every-spec kinds, it is undocumented-env instead', async () => {
    const files = {
      'docs/RUNBOOK.md': RUNBOOK,
      ...CODE,
      // Named before the Operations section and in it: one item, and the bound mention decides.
      'specs/mixed.md': [
        '# Mixed',
        '',
        'The service reads `SERVICE_TOKEN`.',
        '',
        '## Operations',
        '',
        '- Rotate `SERVICE_TOKEN` monthly.',
        '',
      ].join('\n'),
      'specs/whole.md': '# Whole\n\nOperators follow docs/RUNBOOK.md.\n\nThe service reads `QUEUE_TTL`.\n',
      'specs/loose.md': '# Loose\n\nThe service reads `SERVICE_TOKEN`. <!-- expect: operator-env -->\n',
    };
    const { report } = await expectMarkedRepo(files);
    const undocumented = (r: Report): string[] => findingsOf(r, 'undocumented-env').map((f) => `${f.file} ${f.item}`);
    expect(undocumented(report)).toEqual(['specs/mixed.md SERVICE_TOKEN', 'specs/whole.md QUEUE_TTL']);
    const every = await runJson(['--no-config', '--root', '.', '--every-spec', 'log,env'], await repo(files));
    expect(findingsOf(every.report, RULE)).toEqual([]);
    expect(undocumented(every.report)).toContain('specs/loose.md SERVICE_TOKEN');
  });

  test('silent without the code, for a spec that opts out, out of scope, or what the runbook covers', async () => {
    const files = {
      'docs/RUNBOOK.md': `${RUNBOOK}\nSee \`.env.example\` for the rest of the settings.\n`,
      '.env.example': 'QUEUE_TTL=60\n',
      ...CODE,
      'specs/out.md': '---\nrunbook: false\n---\n# Out\n\nThe service reads `SERVICE_TOKEN`.\n',
      'specs/later.md': '# Later\n\n## Out of Scope\n\n- Rotating `SERVICE_TOKEN`.\n',
      'specs/ttl.md': '# TTL\n\nEntries expire after `QUEUE_TTL` seconds.\n',
      'specs/token.md': '# Token\n\nThe service reads `SERVICE_TOKEN`. <!-- expect: operator-env -->\n',
    };
    await expectMarkedRepo(files);
    const { report } = await runJson(['--no-config', '--root', '.', '--no-code'], await repo(files));
    expect(findingsOf(report, RULE)).toEqual([]);
  });

  test('an inline directive moves the finding to the next mention; an ignore-line selector sets it aside', async () => {
    const spec = [
      '# Orders',
      '',
      '<!-- sync-check-ignore-next-line operator-env -->',
      'The service reads `SERVICE_TOKEN`.',
      '',
      'Entries expire after `QUEUE_TTL` seconds. <!-- sync-check-ignore-line env:QUEUE_* -->',
      '',
      'On restart it reads `SERVICE_TOKEN` again. <!-- expect: operator-env -->',
      '',
    ].join('\n');
    const { report } = await expectMarkedRepo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/orders.md': spec, ...CODE });
    expect(report.suppressed.map((f) => [f.rule, f.item, f.suppression.kind])).toEqual([[RULE, 'QUEUE_TTL', 'inline']]);
  });

  test('config: a severity from `rules`, an `ignore` selector, a waiver, and `off`', async () => {
    const spec = '# Orders\n\nThe service reads `SERVICE_TOKEN`, `QUEUE_TTL` and `DATABASE_URL`.\n';
    const config = {
      root: '.',
      rules: { [RULE]: 'error' },
      ignore: [`${RULE}:QUEUE_*`],
      waivers: [
        {
          rule: RULE,
          item: 'SERVICE_TOKEN',
          file: 'specs/*.md',
          owner: 'ops-team',
          reason: 'rotating',
          expires_at: '2099-01-01',
        },
      ],
    };
    const files = {
      'docs/RUNBOOK.md': '# Runbook\n',
      'specs/orders.md': spec,
      ...CODE,
      'sync-check.config.json': JSON.stringify(config),
    };
    const { code, report } = await runJson([], await repo(files));
    expect(code).toBe(1);
    expect(findingsOf(report, RULE).map((f) => [f.item, f.severity])).toEqual([['DATABASE_URL', 'error']]);
    expect(report.suppressed.map((f) => [f.item, f.suppression.kind])).toEqual([
      ['SERVICE_TOKEN', 'waiver'],
      ['QUEUE_TTL', 'ignore'],
    ]);
    const off = { ...files, 'sync-check.config.json': JSON.stringify({ root: '.', rules: { [RULE]: 'off' } }) };
    const quiet = await runJson([], await repo(off));
    expect([quiet.code, findingsOf(quiet.report, RULE)]).toEqual([0, []]);
  });
});
