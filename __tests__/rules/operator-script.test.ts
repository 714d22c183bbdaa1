/**
 * operator-script: a script under scripts/, bin/ or ops/ that a launcher other than CI runs,
 * named in a part of a spec that does not bind it to the runbook, that the runbook lacks.
 * See docs/rules/operator-script.md.
 */
import { repo, runJson } from '../support/harness.js';
import { findingsOf, expectMarkedRepo as marked } from './support.js';

const RULE = 'operator-script';

/** The rule's findings held to the markers of a repository of `files`. */
const expectMarkedRepo = (files: Record<string, string>, argv?: string[]) => marked(RULE, files, argv);

const RUNBOOK = '# Runbook\n\n## Scripts\n\n- `./scripts/restart.sh`: restart the service.\n';
/** Scripts, and what runs each: a Makefile, a crontab, a Procfile, CI, or nothing. */
const CODE = {
  'scripts/rotate_keys.sh': '#!/bin/sh\n',
  'bin/backup.sh': '#!/bin/sh\n',
  'ops/purge.sh': '#!/bin/sh\n',
  'scripts/warm.py': 'print("warm")\n',
  'scripts/restart.sh': '#!/bin/sh\n',
  'scripts/ci_gate.sh': '#!/bin/sh\n',
  'scripts/lonely.sh': '#!/bin/sh\n',
  'tools/compact.sh': '#!/bin/sh\n',
  Makefile: [
    'rotate:',
    '\t./scripts/rotate_keys.sh',
    'backup:',
    '\tbin/backup.sh',
    'restart:',
    '\t./scripts/restart.sh',
    'compact:',
    '\t./tools/compact.sh',
    '',
  ].join('\n'),
  'deploy/crontab': '0 3 * * * /srv/app/ops/purge.sh\n',
  Procfile: 'warmer: python scripts/warm.py\n',
  '.github/workflows/ci.yml': 'jobs:\n  gate:\n    steps:\n      - run: ./scripts/ci_gate.sh\n',
};

describe(RULE, () => {
  test("reports a script in an operators' directory that something other than CI runs, as a warning", async () => {
    const spec = [
      '# Keys',
      '',
      '- Keys are rotated with `scripts/rotate_keys.sh`. <!-- expect: operator-script -->',
      '- Nightly, `bin/backup.sh` backs up the database. <!-- expect: operator-script -->',
      '- Old rows go with `ops/purge.sh`. <!-- expect: operator-script -->',
      '- Caches are warmed by `scripts/warm.py`. <!-- expect: operator-script -->',
      '- CI gates merges with `scripts/ci_gate.sh`.',
      '- `scripts/lonely.sh` is a helper nothing runs.',
      '- `tools/compact.sh` compacts the store.',
      '- Restart with `./scripts/restart.sh`.',
      '',
    ].join('\n');
    const { code, report } = await expectMarkedRepo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/keys.md': spec, ...CODE });
    expect(code).toBe(0);
    const found = findingsOf(report, RULE);
    expect(found.map((f) => [f.item, f.kind, f.severity, f.evidence?.file])).toEqual([
      ['scripts/rotate_keys.sh', 'script', 'warning', 'Makefile'],
      ['bin/backup.sh', 'script', 'warning', 'Makefile'],
      ['ops/purge.sh', 'script', 'warning', 'deploy/crontab'],
      ['scripts/warm.py', 'script', 'warning', 'Procfile'],
    ]);
    expect(found[0]!.message).toBe(
      'script `scripts/rotate_keys.sh` is not in RUNBOOK.md; run by `Makefile:2`; ' +
        'no part of the spec binds it to the runbook, but the code shows operators need it',
    );
  });

  test('in a bound part the same script is undocumented-script, an error, still saying what runs it', async () => {
    const { code, report } = await expectMarkedRepo({
      'docs/RUNBOOK.md': RUNBOOK,
      ...CODE,
      'specs/whole.md': '# Whole\n\nOperators follow docs/RUNBOOK.md.\n\n- Rotate with `scripts/rotate_keys.sh`.\n',
      'specs/loose.md': '# Loose\n\n- Rotate keys with `scripts/rotate_keys.sh`. <!-- expect: operator-script -->\n',
    });
    expect(code).toBe(1);
    const [bound] = findingsOf(report, 'undocumented-script');
    expect([bound!.file, bound!.item, bound!.severity]).toEqual(['specs/whole.md', 'scripts/rotate_keys.sh', 'error']);
    expect(bound!.message).toContain('run by `Makefile:2`');
  });

  test('silent without the code, and for a spec that opts out with `runbook: false`', async () => {
    const files = {
      'docs/RUNBOOK.md': RUNBOOK,
      ...CODE,
      'specs/out.md': '---\nrunbook: false\n---\n# Out\n\n- Rotate keys with `scripts/rotate_keys.sh`.\n',
      'specs/in.md': '# In\n\n- Back up with `bin/backup.sh`. <!-- expect: operator-script -->\n',
    };
    await expectMarkedRepo(files);
    const { report } = await runJson(['--no-config', '--root', '.', '--no-code'], await repo(files));
    expect(findingsOf(report, RULE)).toEqual([]);
  });

  test('an inline directive, an `ignore` selector, a waiver and `off` in `rules`', async () => {
    const spec = [
      '# Keys',
      '',
      '- Rotate with `scripts/rotate_keys.sh`. <!-- sync-check-ignore-line operator-script -->',
      '- Back up with `bin/backup.sh`.',
      '- Purge with `ops/purge.sh`.',
      '- Warm with `scripts/warm.py`. <!-- expect: operator-script -->',
      '',
    ].join('\n');
    const config = {
      root: '.',
      ignore: [`${RULE}:bin/*`],
      waivers: [
        {
          rule: RULE,
          item: 'ops/purge.sh',
          owner: 'ops-team',
          reason: 'moves to k8s',
          expires_at: '2099-01-01',
        },
      ],
    };
    const files = { 'docs/RUNBOOK.md': RUNBOOK, 'specs/keys.md': spec, ...CODE };
    const { report } = await expectMarkedRepo({ ...files, 'sync-check.config.json': JSON.stringify(config) }, []);
    expect(report.suppressed.map((f) => [f.item, f.suppression.kind])).toEqual([
      ['scripts/rotate_keys.sh', 'inline'],
      ['bin/backup.sh', 'ignore'],
      ['ops/purge.sh', 'waiver'],
    ]);
    const off = { ...files, 'sync-check.config.json': JSON.stringify({ root: '.', rules: { [RULE]: 'off' } }) };
    expect(findingsOf((await runJson([], await repo(off))).report, RULE)).toEqual([]);
  });
});
