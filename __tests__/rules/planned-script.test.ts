/**
 * planned-script: a script a runbook-bound spec names that is not in the repository yet, and the
 * runbook lacks. See docs/rules/planned-script.md. Each test builds a small repository and runs
 * the CLI on it; fixtures mark the lines that must get a finding with `<!-- expect: RULE -->`.
 */
import { repo, runJson } from '../support/harness.js';
import { actualOf, expectedOf, findingsOf, expectMarkedRepo as marked } from './support.js';

const RULE = 'planned-script';
const BOUND = 'Operators follow docs/RUNBOOK.md.\n\n';
const RUNBOOK = '# Runbook\n\n## Scripts\n\n- `scripts/backup.sh` takes a backup.\n';

/** The rules' findings held to the markers of a repository of `files` beside the runbook. */
const expectMarkedRepo = (files: Record<string, string>, argv: string[] = [], rules: string[] = [RULE]) =>
  marked(rules, { 'docs/RUNBOOK.md': RUNBOOK, ...files }, ['--no-config', '--root', '.', ...argv]);

const SPEC = [
  '# Deploy',
  '',
  BOUND,
  '- Run `scripts/deploy.sh` to deploy. <!-- expect: planned-script -->',
  '- Run `scripts/restore.sh` to restore. <!-- expect: undocumented-script -->',
  '- Run `scripts/backup.sh` nightly.',
  '- Run `make migrate` first, then `make build`. <!-- expect: planned-script undocumented-script -->',
  '- Seed with `npm run seed`. <!-- expect: planned-script -->',
  '',
].join('\n');
const FILES = {
  'scripts/restore.sh': '#!/bin/sh\necho restore\n',
  'scripts/backup.sh': '#!/bin/sh\necho backup\n',
  Makefile: 'build:\n\ttrue\n',
  'package.json': '{ "scripts": { "build": "tsc" } }\n',
};

describe(RULE, () => {
  test('a script, make target or npm script the repository lacks is planned (a warning); one it has is drift', async () => {
    const rules = [RULE, 'undocumented-script'];
    const { code, report } = await expectMarkedRepo({ 'specs/a.md': SPEC, ...FILES }, [], rules);
    expect(code).toBe(1);
    const planned = findingsOf(report, RULE);
    expect(planned.map((f) => [f.item, f.kind, f.severity])).toEqual([
      ['scripts/deploy.sh', 'script', 'warning'],
      ['make migrate', 'script', 'warning'],
      ['npm run seed', 'script', 'warning'],
    ]);
    expect(planned[0]!.message).toBe(
      'script `scripts/deploy.sh` is not in RUNBOOK.md ' +
        '(planned: it is not in the repository yet; document it when it ships)',
    );
  });

  test('once the script is in the repository, it is undocumented-script; only planned work left exits 0', async () => {
    const spec = `# Deploy\n\n${BOUND}- Run \`scripts/deploy.sh\` to deploy.\n`;
    const files = { 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': spec, 'scripts/backup.sh': '#!/bin/sh\n' };
    const before = await runJson(['--no-config', '--root', '.'], await repo(files));
    expect(before.code).toBe(0);
    expect(before.report.findings.map((f) => [f.rule, f.item])).toEqual([[RULE, 'scripts/deploy.sh']]);
    const shipped = { ...files, 'scripts/deploy.sh': '#!/bin/sh\n' };
    const after = await runJson(['--no-config', '--root', '.'], await repo(shipped));
    expect(after.code).toBe(1);
    expect(after.report.findings.map((f) => [f.rule, f.item])).toEqual([['undocumented-script', 'scripts/deploy.sh']]);
  });

  test('only bound parts of a spec count; test tooling and patterns are judged by the files they name', async () => {
    await expectMarkedRepo(
      {
        'specs/a.md': [
          '# Tools',
          '',
          BOUND,
          '- Run `tools/migrate-*.sh` after an upgrade. <!-- expect: planned-script -->',
          '- Run `tools/rotate-*.sh` weekly. <!-- expect: undocumented-script -->',
          '- The suite runs `tests/e2e/smoke.sh` and `generate-s1.sh`.',
          '',
        ].join('\n'),
        'specs/b.md': '# Unbound\n\nSomeone may run `scripts/cleanup.sh`.\n',
        'tools/rotate-logs.sh': '#!/bin/sh\n',
        'tests/e2e/scale/generate-s2.sh': '#!/bin/sh\n',
      },
      [],
      [RULE, 'undocumented-script'],
    );
  });

  test('--no-code still judges by the file list; without a repository nothing is planned', async () => {
    const files = { 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': SPEC, ...FILES };
    await expectMarkedRepo({ 'specs/a.md': SPEC, ...FILES }, ['--no-code'], [RULE, 'undocumented-script']);
    const { report } = await runJson(['--no-config'], await repo(files));
    expect(findingsOf(report, RULE)).toEqual([]);
    expect(findingsOf(report, 'undocumented-script').map((f) => f.item)).toEqual([
      'scripts/deploy.sh',
      'scripts/restore.sh',
      'make migrate',
      'make build',
      'npm run seed',
    ]);
  });

  test('an inline directive, an ignore selector, a waiver or a severity from config', async () => {
    const spec = [
      '# Deploy',
      '',
      BOUND,
      '<!-- sync-check-ignore-next-line planned-script -->',
      '- Run `scripts/deploy.sh` to deploy.',
      '- Run `scripts/dev_reset.sh` locally.',
      '- Run `scripts/purge.sh` monthly.',
      '- Run `scripts/prune.sh` yearly. <!-- expect: planned-script -->',
      '',
    ].join('\n');
    const config = {
      rules: { 'planned-script': 'error' },
      ignore: ['planned-script:scripts/dev_*'],
      waivers: [
        {
          rule: 'planned-script',
          item: 'scripts/purge.sh',
          file: 'specs/*.md',
          owner: 'ops-team',
          reason: 'ships with the retention work',
          expires_at: '2099-01-01',
        },
      ],
    };
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': spec,
      'scripts/backup.sh': '#!/bin/sh\n',
      'sync-check.config.json': JSON.stringify(config),
    });
    const { code, report } = await runJson(['--root', '.'], dir);
    expect(actualOf(report, RULE)).toEqual(expectedOf([{ path: 'specs/a.md', text: spec }], RULE));
    // Raised to an error, planned work fails the run like drift.
    expect(findingsOf(report, RULE)[0]!.severity).toBe('error');
    expect(report.findings.map((f) => f.rule)).toEqual([RULE]);
    expect(code).toBe(1);
    expect(report.suppressed.map((f) => [f.rule, f.item, f.suppression.kind])).toEqual([
      [RULE, 'scripts/deploy.sh', 'inline'],
      [RULE, 'scripts/dev_reset.sh', 'ignore'],
      [RULE, 'scripts/purge.sh', 'waiver'],
    ]);
  });
});
