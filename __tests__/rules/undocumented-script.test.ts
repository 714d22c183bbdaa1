/** undocumented-script: a script, make target or npm script a bound spec names that the runbook lacks. */
import { repo, runJson } from '../support/harness.js';
import { boundSpec, expectMarked, findingsOf, runbook } from './support.js';

const RULE = 'undocumented-script';

/** A runbook that runs one script, a make target and an npm script, from api/ for the first. */
const OPERATIONS = runbook(
  [
    '## Operations',
    '',
    '```bash',
    'cd api && .venv/bin/python scripts/check_pipeline.py',
    'make reindex',
    'npm run backfill',
    '```',
    '',
    'Start the bot with start_with_telegram.',
  ].join('\n'),
);

describe(RULE, () => {
  test('reports each script, make target and npm script the runbook lacks, at the line that names it', () => {
    expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            '- A cron job runs `scripts/reconcile.py` hourly. <!-- expect: undocumented-script -->',
            '- Rebuild with `make reindex`, then `make vacuum`. <!-- expect: undocumented-script -->',
            '- Backfill with `npm run backfill`; lint with `npm run lint`. <!-- expect: undocumented-script -->',
            '- Check the queue with `scripts/check_pipeline.py`.',
          ].join('\n'),
        ),
      ],
      runbook: OPERATIONS,
    });
  });

  test('the runbook documents it in another form: a longer path, a cd prefix, the name without its extension', () => {
    const report = expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            '- Run `api/scripts/check_pipeline.py`.',
            '- Run `scripts/start_with_telegram.sh`.',
            '- Run `./scripts/rotate_keys.sh`. <!-- expect: undocumented-script -->',
          ].join('\n'),
        ),
      ],
      runbook: OPERATIONS,
    });
    // `./scripts/x.sh` is read as the repository path `scripts/x.sh`.
    expect(findingsOf(report, RULE).map((f) => [f.item, f.canonical])).toEqual([
      ['./scripts/rotate_keys.sh', 'scripts/rotate_keys.sh'],
    ]);
  });

  test('only bound parts of a spec count, unless scripts are taken from every spec', () => {
    const specs = [
      { path: 'specs/unbound.md', text: '# Unbound\n\nA cron job runs `scripts/unbound.sh`.\n' },
      {
        path: 'specs/partly.md',
        text: [
          '# Partly',
          '',
          'Design notes mention `scripts/draft.sh`.',
          '',
          '## Operations',
          '',
          'Operators run `scripts/daily.sh` every morning. <!-- expect: undocumented-script -->',
          '',
        ].join('\n'),
      },
    ];
    expectMarked(RULE, { specs, runbook: runbook('## Ops\n\nNothing yet.') });
    const every = expectMarked(RULE, {
      specs: [{ path: 'specs/u.md', text: '# U\n\nRun `scripts/unbound.sh`. <!-- expect: undocumented-script -->\n' }],
      runbook: runbook('## Ops\n\nNothing yet.'),
      options: { everySpecKinds: ['log', 'script'] },
    });
    expect(findingsOf(every, RULE)[0]!.severity).toBe('error');
  });

  test('offers a near miss, or says where the runbook keeps scripts; later mentions are listed, not repeated', () => {
    const report = expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            '- Run `scripts/check_pipline.py`. <!-- expect: undocumented-script -->',
            '- Run `scripts/rotate_keys.sh`. <!-- expect: undocumented-script -->',
            '- Rotate again with `./scripts/rotate_keys.sh`.',
          ].join('\n'),
        ),
      ],
      runbook: runbook('## Scripts\n\n- `scripts/check_pipeline.py`\n- `scripts/backup.sh`\n- `scripts/restore.sh`'),
    });
    const [typo, rotate] = findingsOf(report, RULE);
    expect(typo!.suggestion).toMatchObject({ item: 'scripts/check_pipeline.py', file: 'docs/RUNBOOK.md', line: 5 });
    expect(typo!.message).toContain('did you mean `scripts/check_pipeline.py` (RUNBOOK.md:5)?');
    expect(rotate!.suggestion).toBeUndefined();
    expect(rotate!.runbookSection).toEqual({ heading: 'Scripts', file: 'docs/RUNBOOK.md', line: 3 });
    expect(rotate!.message).toBe(
      'script `scripts/rotate_keys.sh` is not in RUNBOOK.md; the runbook lists scripts under "Scripts" (RUNBOOK.md:3)',
    );
    expect(rotate!.otherMentions.map((m) => m.raw)).toEqual(['./scripts/rotate_keys.sh']);
  });

  test('an inline directive or an ignore selector silences it; a later mention still reports it', () => {
    const report = expectMarked(RULE, {
      specs: [
        boundSpec(
          [
            '<!-- sync-check-ignore-next-line undocumented-script -->',
            '- Run `scripts/a.sh`.',
            '- Run `scripts/dev_reset.sh`.',
            '<!-- sync-check-ignore-next-line undocumented-script -->',
            '- Run `scripts/b.sh`.',
            '- Run `scripts/b.sh` once more. <!-- expect: undocumented-script -->',
          ].join('\n'),
        ),
      ],
      runbook: runbook('## Ops'),
      options: { ignore: ['script:scripts/dev_*'] },
    });
    expect(report.suppressed.map((s) => [s.rule, s.item, s.suppression.kind])).toEqual([
      [RULE, 'scripts/a.sh', 'inline'],
      [RULE, 'scripts/dev_reset.sh', 'ignore'],
    ]);
  });

  test('through the CLI with the repository: absent is planned, present says what runs it', async () => {
    const files = {
      'docs/RUNBOOK.md': '# Runbook\n\n## Operations\n\n```bash\n./scripts/present.sh\n```\n',
      'specs/a.md': boundSpec('- Cron runs `scripts/reconcile.py`.\n- Then `scripts/future.py`.').text,
      'scripts/present.sh': '#!/bin/sh\n',
      'scripts/reconcile.py': 'print(1)\n',
      Makefile: 'reconcile:\n\tpython3 scripts/reconcile.py\n',
    };
    const { code, report } = await runJson(['--no-config', '--root', '.'], await repo(files));
    expect(code).toBe(1);
    const [found] = findingsOf(report, RULE);
    expect(findingsOf(report, RULE).map((f) => [f.item, f.severity])).toEqual([['scripts/reconcile.py', 'error']]);
    expect(found!.evidence).toEqual({ file: 'Makefile', line: 2, verb: 'run by' });
    expect(found!.message).toContain('run by `Makefile:2`');
    expect(findingsOf(report, 'planned-script').map((f) => f.item)).toEqual(['scripts/future.py']);

    const config = { rules: { [RULE]: 'warning' } };
    const configured = { ...files, 'sync-check.config.json': JSON.stringify(config) };
    const lowered = await runJson(['--root', '.'], await repo(configured));
    expect(findingsOf(lowered.report, RULE).map((f) => f.severity)).toEqual(['warning']);
    expect(lowered.code).toBe(0);
  });
});
