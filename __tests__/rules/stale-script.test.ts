/**
 * stale-script: a script, make target or npm script the runbook tells operators to run that
 * the repository does not have. See docs/rules/stale-script.md.
 */
import { git, repo, runJson } from '../support/harness.js';
import { findingsOf, expectMarkedRepo as marked } from './support.js';

const RULE = 'stale-script';

/** The rule's findings held to the markers of a repository of `files`. */
const expectMarkedRepo = (files: Record<string, string>, argv?: string[]) => marked(RULE, files, argv);

const SPEC = { 'specs/a.md': '# A\n\nNothing to run.\n' };

describe(RULE, () => {
  test('reports each missing script, make target and npm script at its runbook line, once, as an error', async () => {
    const runbook = [
      '# Runbook',
      '',
      '## Restart',
      '',
      '```bash',
      './scripts/restart.sh',
      './scripts/gone.sh --force  # <!-- expect: stale-script -->',
      'make build',
      'make deploy  # <!-- expect: stale-script -->',
      'npm run dev',
      'npm run backfill  # <!-- expect: stale-script -->',
      'cd web && make assets  # <!-- expect: stale-script -->',
      '```',
      '',
      '- If that fails, run `./scripts/gone.sh` again.',
      '- Rotate keys with `./scripts/old_keys.sh`. <!-- expect: stale-script -->',
      '',
    ].join('\n');
    const { code, report } = await expectMarkedRepo({
      'docs/RUNBOOK.md': runbook,
      ...SPEC,
      'scripts/restart.sh': '#!/bin/sh\n',
      'tools/old_keys.sh': '#!/bin/sh\n',
      Makefile: 'build:\n\techo build\n',
      'web/Makefile': 'serve:\n\techo serve\n',
      'package.json': '{"scripts":{"dev":"node ."}}\n',
    });
    expect(code).toBe(1);
    const found = findingsOf(report, RULE);
    expect(found.map((f) => [f.item, f.kind, f.severity, f.file])).toEqual([
      ['./scripts/gone.sh', 'script', 'error', 'docs/RUNBOOK.md'],
      ['make deploy', 'script', 'error', 'docs/RUNBOOK.md'],
      ['npm run backfill', 'script', 'error', 'docs/RUNBOOK.md'],
      ['make assets', 'script', 'error', 'docs/RUNBOOK.md'],
      ['./scripts/old_keys.sh', 'script', 'error', 'docs/RUNBOOK.md'],
    ]);
    expect(found.map((f) => f.message)).toEqual([
      'the runbook tells operators to run `./scripts/gone.sh`, but no such file in the repository',
      'the runbook tells operators to run `make deploy`, but the Makefile has no target "deploy"',
      'the runbook tells operators to run `npm run backfill`, but package.json has no script "backfill"',
      'the runbook tells operators to run `make assets`, but the web/Makefile has no target "assets"',
      'the runbook tells operators to run `./scripts/old_keys.sh`, but no such file in the repository; ' +
        'a file of that name is at `tools/old_keys.sh`',
    ]);
  });

  test("paths read as a reader would: after `cd`, as a tail, and a leading `/` as the repository's root", async () => {
    const runbook = [
      '# Runbook',
      '',
      '```bash',
      'cd api && .venv/bin/python scripts/migrate.py',
      'cd api && ./scripts/seed.sh  # <!-- expect: stale-script -->',
      'python scripts/report.py',
      '/scripts/rooted.sh  # <!-- expect: stale-script -->',
      // The repository has no top-level srv/: this is the machine's path.
      '/srv/app/deploy.sh',
      '```',
      '',
    ].join('\n');
    await expectMarkedRepo({
      'docs/RUNBOOK.md': runbook,
      ...SPEC,
      'api/scripts/migrate.py': '',
      // Only at the root: from api/ it does not exist.
      'scripts/seed.sh': '',
      // `scripts/report.py` counts as present wherever a …/scripts/report.py is.
      'services/billing/scripts/report.py': '',
    });
  });

  test('a line marked TODO, TBD, FIXME, [PENDING …] or WIP: is known, there and elsewhere in the runbook', async () => {
    const runbook = [
      '# Runbook',
      '',
      '- Rotate keys with `./scripts/rotate.sh` (TODO: write it).',
      '- Then run `./scripts/rotate.sh --verify`.',
      '- Prune with `./scripts/prune.sh`. TBD',
      '- Compact with `./scripts/compact.sh` [PENDING: lands in v2].',
      '- Reindex with `./scripts/reindex.sh`. WIP: still being written',
      '- Fix up with `./scripts/fixup.sh`. FIXME',
      // A marker inside a code span is a value, not a marker.
      '- Tasks in the `TODO` column are picked by `./scripts/pick.sh`. <!-- expect: stale-script -->',
      '- Jobs stuck in `PENDING:` are retried with `./scripts/retry.sh`. <!-- expect: stale-script -->',
      '- Clean up with `./scripts/cleanup.sh`. <!-- expect: stale-script -->',
      '',
    ].join('\n');
    await expectMarkedRepo({ 'docs/RUNBOOK.md': runbook, ...SPEC });
  });

  test('runs only with the repository at hand: --root, or the git work tree that holds the runbook', async () => {
    const files = {
      'docs/RUNBOOK.md': '# Runbook\n\n- Run `./scripts/gone.sh`. <!-- expect: stale-script -->\n',
      ...SPEC,
    };
    // --no-code: the code scan is not needed; the file list is.
    await expectMarkedRepo(files, ['--no-config', '--root', '.', '--no-code']);
    const loose = await repo(files);
    expect(findingsOf((await runJson(['--no-config'], loose)).report, RULE)).toEqual([]);
    git(loose, 'init', '-q');
    const inGit = await runJson(['--no-config'], loose);
    expect(findingsOf(inGit.report, RULE).map((f) => f.item)).toEqual(['./scripts/gone.sh']);
  });

  test('--kinds without script checks no script of the runbook, and still the files it points at', async () => {
    const runbook = '# Runbook\n\n- Run `./scripts/gone.sh`.\n- See [the guide](GUIDE.md).\n';
    const dir = await repo({ 'docs/RUNBOOK.md': runbook, ...SPEC });
    const all = await runJson(['--no-config', '--root', '.'], dir);
    expect(findingsOf(all.report, RULE).map((f) => f.item)).toEqual(['./scripts/gone.sh']);
    const logs = await runJson(['--no-config', '--root', '.', '--kinds', 'log'], dir);
    expect(findingsOf(logs.report, RULE)).toEqual([]);
    expect(logs.report.findings.map((f) => f.rule)).toEqual(['stale-file']);
  });

  test('config: a severity from `rules`, an `ignore` selector, a waiver on the runbook file, and `off`', async () => {
    const runbook = '# Runbook\n\n```bash\n./scripts/gone.sh\n./scripts/legacy/a.sh\n./scripts/next.sh\n```\n';
    const config = {
      root: '.',
      rules: { [RULE]: 'warning' },
      ignore: [`${RULE}:scripts/legacy/*`],
      waivers: [
        {
          rule: RULE,
          item: './scripts/next.sh',
          file: 'docs/RUNBOOK.md',
          owner: 'ops-team',
          reason: 'lands next sprint',
          expires_at: '2099-12-31',
        },
      ],
    };
    const files = { 'docs/RUNBOOK.md': runbook, ...SPEC };
    const dir = await repo({ ...files, 'sync-check.config.json': JSON.stringify(config) });
    const { code, report } = await runJson([], dir);
    expect(code).toBe(0);
    expect(findingsOf(report, RULE).map((f) => [f.item, f.severity])).toEqual([['./scripts/gone.sh', 'warning']]);
    expect(report.suppressed.map((f) => [f.item, f.suppression.kind])).toEqual([
      ['./scripts/legacy/a.sh', 'ignore'],
      ['./scripts/next.sh', 'waiver'],
    ]);
    const off = { ...files, 'sync-check.config.json': JSON.stringify({ root: '.', rules: { [RULE]: 'off' } }) };
    const quiet = await runJson([], await repo(off));
    expect([quiet.code, findingsOf(quiet.report, RULE)]).toEqual([0, []]);
  });
});
