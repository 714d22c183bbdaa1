/**
 * planned-flag: a flag a runbook-bound spec passes to a script the runbook documents, that the
 * runbook never mentions and nothing in the repository handles or passes yet. See
 * docs/rules/planned-flag.md. Each test builds a small repository and runs the CLI on it;
 * fixtures mark the lines that must get a finding with `<!-- expect: RULE -->`.
 */
import type { Report } from '../../src/types.js';
import { repo, runJson } from '../support/harness.js';
import { actualOf, expectedOf, findingsOf, expectMarkedRepo as marked } from './support.js';

const RULE = 'planned-flag';
const BOUND = 'Operators follow docs/RUNBOOK.md.\n\n';
const RUNBOOK = '# Runbook\n\n## Checks\n\n```bash\npython3 api/scripts/check.py --json\n```\n';
const SCRIPT = {
  'api/scripts/check.py': 'import argparse\np = argparse.ArgumentParser()\np.add_argument("--attention")\n',
};

/** The rules' findings held to the markers of a repository of `files` beside the runbook. */
const expectMarkedRepo = (files: Record<string, string>, argv: string[] = [], rules: string[] = [RULE]) =>
  marked(rules, { 'docs/RUNBOOK.md': RUNBOOK, ...files }, ['--no-config', '--root', '.', ...argv]);

describe(RULE, () => {
  test('a flag nothing handles or passes is planned; one the script handles, or a launcher passes, is drift', async () => {
    const { code, report } = await expectMarkedRepo(
      {
        'specs/a.md': [
          '# Checks',
          '',
          BOUND,
          '- Run `api/scripts/check.py --verbose` to see more. <!-- expect: planned-flag -->',
          '- Run `api/scripts/check.py --attention` for what needs it. <!-- expect: undocumented-flag -->',
          '- Run `api/scripts/check.py --dry-run` first. <!-- expect: undocumented-flag -->',
          '- Run `api/scripts/check.py --json` for a report.',
          '',
        ].join('\n'),
        ...SCRIPT,
        'scripts/nightly.sh': '#!/bin/sh\npython3 api/scripts/check.py --dry-run\n',
      },
      [],
      [RULE, 'undocumented-flag'],
    );
    expect(code).toBe(1);
    const [planned] = findingsOf(report, RULE);
    expect([planned!.item, planned!.canonical, planned!.kind, planned!.severity]).toEqual([
      'api/scripts/check.py --verbose',
      'check.py --verbose',
      'flag',
      'warning',
    ]);
    expect(planned!.message).toBe(
      'flag `--verbose` of `api/scripts/check.py` is not in RUNBOOK.md, which ' +
        'documents the script but never this flag (planned: nothing in the repository handles or passes it yet)',
    );
    expect(planned!.evidence).toBeUndefined();
    expect(findingsOf(report, 'undocumented-flag').map((f) => f.evidence)).toEqual([
      { file: 'api/scripts/check.py', line: 3, verb: 'handled by' },
      { file: 'scripts/nightly.sh', line: 2, verb: 'handled by' },
    ]);
  });

  test('once the script handles the flag, it is undocumented-flag; until then the run exits 0', async () => {
    const spec = `# Checks\n\n${BOUND}Run \`api/scripts/check.py --verbose\` to see more.\n`;
    const run = async (script: string): Promise<{ code: number; report: Report }> =>
      runJson(
        ['--no-config', '--root', '.'],
        await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': spec, 'api/scripts/check.py': script }),
      );
    const before = await run('import argparse\n');
    expect(before.code).toBe(0);
    expect(before.report.findings.map((f) => f.rule)).toEqual([RULE]);
    const after = await run('import argparse\np.add_argument("--verbose")\n');
    expect(after.code).toBe(1);
    expect(after.report.findings.map((f) => [f.rule, f.evidence?.line])).toEqual([['undocumented-flag', 2]]);
  });

  test('only flags of a script the runbook documents, in bound specs, that the runbook never mentions', async () => {
    await expectMarkedRepo({
      'specs/a.md': [
        '# Checks',
        '',
        BOUND,
        '- Run `api/scripts/check.py --since` for a window. <!-- expect: planned-flag -->',
        '- Run `api/scripts/report.py --weekly` on Mondays.',
        '- `--json` is mentioned in the runbook, so `api/scripts/check.py --json` is documented.',
        '',
      ].join('\n'),
      'specs/b.md': '# Unbound\n\nSomeone runs `api/scripts/check.py --loud`.\n',
      ...SCRIPT,
      'api/scripts/report.py': 'pass\n',
    });
  });

  test('without the code (--no-code, or no repository) it is undocumented-flag', async () => {
    const files = {
      'specs/a.md': `# Checks\n\n${BOUND}Run \`api/scripts/check.py --verbose\`. <!-- expect: undocumented-flag -->\n`,
      ...SCRIPT,
    };
    await expectMarkedRepo(files, ['--no-code'], [RULE, 'undocumented-flag']);
    const { report } = await runJson(['--no-config'], await repo({ 'docs/RUNBOOK.md': RUNBOOK, ...files }));
    expect(report.findings.map((f) => f.rule)).toEqual(['undocumented-flag']);
  });

  test('an inline directive, an ignore selector on the canonical `script flag`, a waiver, a severity', async () => {
    const spec = [
      '# Checks',
      '',
      BOUND,
      '<!-- sync-check-ignore-next-line planned-flag -->',
      '- Run `api/scripts/check.py --quiet` to see less.',
      '- Run `api/scripts/check.py --verbose` to see more. <!-- expect: planned-flag -->',
      '- Run `api/scripts/check.py --debug-sql` when stuck.',
      '- Run `api/scripts/check.py --since` for a window.',
      '',
    ].join('\n');
    const config = {
      rules: { 'planned-flag': 'error' },
      ignore: ['planned-flag:check.py --debug-*'],
      waivers: [
        {
          rule: 'planned-flag',
          item: '*--since',
          file: 'specs/a.md',
          owner: 'ops-team',
          reason: 'lands with the history work',
          expires_at: '2099-01-01',
        },
      ],
    };
    const files = { 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': spec, ...SCRIPT };
    const configText = JSON.stringify(config, null, 2);
    const dir = await repo({ ...files, 'sync-check.config.json': configText });
    const { code, report } = await runJson(['--root', '.'], dir);
    expect(actualOf(report, RULE)).toEqual(expectedOf([{ path: 'specs/a.md', text: spec }], RULE));
    expect(findingsOf(report, RULE)[0]!.severity).toBe('error');
    expect(code).toBe(1);
    expect(report.suppressed.map((f) => [f.rule, f.item, f.suppression.kind])).toEqual([
      [RULE, 'api/scripts/check.py --quiet', 'inline'],
      [RULE, 'api/scripts/check.py --debug-sql', 'ignore'],
      [RULE, 'api/scripts/check.py --since', 'waiver'],
    ]);
    const off = await repo({ ...files, 'sync-check.config.json': '{ "rules": { "planned-flag": "off" } }' });
    expect((await runJson(['--root', '.'], off)).report.findings).toEqual([]);
  });
});
