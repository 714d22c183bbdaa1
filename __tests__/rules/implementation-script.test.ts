/**
 * implementation-script: a script a runbook-bound spec names only as a file its change creates or
 * modifies, that nothing in the repository runs, and the runbook lacks. See
 * docs/rules/implementation-script.md. Each test builds a small repository and runs the CLI on it;
 * fixtures mark the lines that must get a finding with `<!-- expect: RULE -->`.
 */
import { checkDocuments } from '../../src/core/check-documents.js';
import { repo, runJson } from '../support/harness.js';
import { actualOf, boundSpec, expectedOf, findingsOf, runbook, expectMarkedRepo as marked } from './support.js';

const RULE = 'implementation-script';
const BOUND = 'Operators follow docs/RUNBOOK.md.\n\n';
const RUNBOOK = '# Runbook\n\n## Scripts\n\n- `scripts/backup.sh` takes a backup.\n';

/** The rules' findings held to the markers of a repository of `files` beside the runbook. */
const expectMarkedRepo = (files: Record<string, string>, argv: string[] = [], rules: string[] = [RULE]) =>
  marked(rules, { 'docs/RUNBOOK.md': RUNBOOK, 'scripts/backup.sh': '#!/bin/sh\n', ...files }, [
    '--no-config',
    '--root',
    '.',
    ...argv,
  ]);

const SPEC = [
  '# Auto-commit',
  '',
  BOUND,
  '## Files to Create/Modify',
  '',
  '- `api/scripts/commit_progress.py` — new helper <!-- expect: implementation-script -->',
  '- `api/scripts/monitor.py` — add a check <!-- expect: undocumented-script -->',
  '- `api/scripts/brand_new.py` — new <!-- expect: planned-script -->',
  '- `api/scripts/runner.py` — the app calls it',
  '- `scripts/backup.sh` — keep more copies',
  '',
].join('\n');
const CODE = {
  'api/scripts/commit_progress.py': 'pass\n',
  'api/scripts/monitor.py': 'pass\n',
  'api/scripts/runner.py': 'pass\n',
  'api/app/main.py': 'subprocess.run(["python3", "runner.py"])\n',
  'ops/watch.sh': '#!/bin/sh\nwhile true; do python3 api/scripts/monitor.py; sleep 60; done\n',
};

describe(RULE, () => {
  test('a files-to-modify script nothing runs is an implementation file (a warning); a launcher makes it drift', async () => {
    const { code, report } = await expectMarkedRepo(
      { 'specs/a.md': SPEC, ...CODE },
      [],
      [RULE, 'undocumented-script', 'planned-script'],
    );
    expect(code).toBe(1);
    const [f] = findingsOf(report, RULE);
    expect([f!.item, f!.kind, f!.severity, f!.evidence]).toEqual([
      'api/scripts/commit_progress.py',
      'script',
      'warning',
      undefined,
    ]);
    expect(f!.message).toBe(
      'script `api/scripts/commit_progress.py` is not in RUNBOOK.md; the spec names it only ' +
        'as a file its change creates or modifies, and nothing in the repository runs it: document it if operators ' +
        'run it by hand',
    );
    expect(findingsOf(report, 'undocumented-script')[0]!.evidence).toEqual({
      file: 'ops/watch.sh',
      line: 2,
      verb: 'run by',
    });
  });

  test('a front-matter source list counts too; a mention as a command anywhere else makes it undocumented-script', async () => {
    const spec = [
      '---',
      'source:',
      '  - api/scripts/sync.py # <!-- expect: implementation-script -->',
      '  - api/scripts/report.py # <!-- expect: undocumented-script -->',
      '---',
      '# Sync',
      '',
      BOUND,
      'Operators run `api/scripts/report.py` weekly.',
      '',
    ].join('\n');
    const { report } = await expectMarkedRepo(
      {
        'specs/a.md': spec,
        'api/scripts/sync.py': 'pass\n',
        'api/scripts/report.py': 'pass\n',
      },
      [],
      [RULE, 'undocumented-script'],
    );
    // One finding for the item, at its first mention; the command is a later one.
    const command = spec.split('\n').findIndex((l) => l.startsWith('Operators run')) + 1;
    expect(findingsOf(report, 'undocumented-script')[0]!.otherMentions.map((m) => m.line)).toEqual([command]);
  });

  test('once a launcher runs it, it is undocumented-script, and the run fails', async () => {
    const spec = `# A\n\n${BOUND}## Files to Modify\n\n- \`api/scripts/commit_progress.py\` — new helper\n`;
    const files = {
      'docs/RUNBOOK.md': RUNBOOK,
      'scripts/backup.sh': '#!/bin/sh\n',
      'specs/a.md': spec,
      'api/scripts/commit_progress.py': 'pass\n',
    };
    const before = await runJson(['--no-config', '--root', '.'], await repo(files));
    expect(before.code).toBe(0);
    expect(before.report.findings.map((f) => [f.rule, f.item])).toEqual([[RULE, 'api/scripts/commit_progress.py']]);
    const cron = { 'deploy/crontab': '0 * * * * python3 /srv/api/scripts/commit_progress.py\n' };
    const after = await runJson(['--no-config', '--root', '.'], await repo({ ...files, ...cron }));
    expect(after.code).toBe(1);
    expect(after.report.findings.map((f) => [f.rule, f.evidence?.file])).toEqual([
      ['undocumented-script', 'deploy/crontab'],
    ]);
    // A schedule starting with `*` is a crontab line that runs its command, not a comment.
    for (const schedule of ['*/5 * * * *', '* * * * *']) {
      const line = { 'deploy/crontab': `${schedule} python3 /srv/api/scripts/commit_progress.py\n` };
      const starred = await runJson(['--no-config', '--root', '.'], await repo({ ...files, ...line }));
      expect({ schedule, rules: starred.report.findings.map((f) => [f.rule, f.evidence?.file]) }).toEqual({
        schedule,
        rules: [['undocumented-script', 'deploy/crontab']],
      });
    }
  });

  test('without the code nothing is known to run it: --no-code and the plain core report it as well', async () => {
    await expectMarkedRepo(
      {
        'specs/a.md': SPEC.replace(
          '<!-- expect: undocumented-script -->',
          '<!-- expect: implementation-script -->',
        ).replace('— the app calls it', '— the app calls it <!-- expect: implementation-script -->'),
        ...CODE,
      },
      ['--no-code'],
      [RULE, 'undocumented-script'],
    );
    const spec = boundSpec(
      '## Files to Create\n\n- `api/scripts/commit_progress.py` — new helper <!-- expect: implementation-script -->',
    );
    const report = checkDocuments([spec], runbook('## Scripts\n\n- `scripts/backup.sh`'));
    expect(actualOf(report, RULE)).toEqual(expectedOf([spec], RULE));
    expect(findingsOf(report, RULE)[0]!.message).not.toContain('nothing in the repository runs it');
  });

  test('an inline directive, an ignore selector, or a severity from config', async () => {
    const spec = [
      '# A',
      '',
      BOUND,
      '## Files to Create/Modify',
      '',
      '<!-- sync-check-ignore-next-line implementation-script -->',
      '- `api/scripts/commit_progress.py` — new helper',
      '- `api/scripts/dev_seed.py` — local data',
      '- `api/scripts/sync.py` — new <!-- expect: implementation-script -->',
      '',
    ].join('\n');
    const config = { rules: { 'implementation-script': 'info' }, ignore: ['implementation-script:api/scripts/dev_*'] };
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'scripts/backup.sh': '#!/bin/sh\n',
      'specs/a.md': spec,
      'api/scripts/commit_progress.py': 'pass\n',
      'api/scripts/dev_seed.py': 'pass\n',
      'api/scripts/sync.py': 'pass\n',
      'sync-check.config.json': JSON.stringify(config, null, 2),
    });
    const { code, report } = await runJson(['--root', '.'], dir);
    expect(code).toBe(0);
    expect(actualOf(report, RULE)).toEqual(expectedOf([{ path: 'specs/a.md', text: spec }], RULE));
    expect(findingsOf(report, RULE)[0]!.severity).toBe('info');
    expect(report.suppressed.map((f) => [f.rule, f.item, f.suppression.kind])).toEqual([
      [RULE, 'api/scripts/commit_progress.py', 'inline'],
      [RULE, 'api/scripts/dev_seed.py', 'ignore'],
    ]);
  });
});
