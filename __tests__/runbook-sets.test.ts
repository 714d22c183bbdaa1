/**
 * Runbooks by any name, and specs that never say "RUNBOOK": a runbook spread over several files,
 * found by its usual names when none is named, specs bound by their operating sections (in
 * several languages), passing mentions and citations that bind only their own line, and what
 * the code shows operators need, asked for from any spec at a lower severity.
 */
import { checkDocuments } from '../src/core/check-documents.js';
import { isOperatingHeading } from '../src/compare/operating.js';
import type { Finding, Report, SourceDocument } from '../src/types.js';
import { committedRepo, repo, run, runJson, writeFiles } from './support/harness.js';

const items = (findings: readonly Finding[]): Array<[string, string]> => findings.map((f) => [f.rule, f.item]);
const specFindings = (r: Report): Finding[] => r.findings.filter((f) => f.file.startsWith('specs/'));
const check = (spec: string, runbooks: SourceDocument | SourceDocument[], path = 'specs/s.md'): Report =>
  checkDocuments([{ path, text: spec }], runbooks);

const RESTART: SourceDocument = {
  path: 'docs/ops/restart.md',
  text: '# Restart\n\n- `./scripts/restart.sh --force`\n- `GET /api/health`\n',
};
const LOGS: SourceDocument = {
  path: 'docs/ops/logs.md',
  text: '# Logs\n\n## Log Locations\n\n- `api/logs/a.log`\n- `api/logs/b.log`\n- `api/logs/c.log`\n\n## Rotation\n\nLogs rotate daily.\n',
};
const DEPLOY: SourceDocument = { path: 'DEPLOYMENT.md', text: '# Deployment\n\nSet `API_TOKEN` before deploying.\n' };
const SET = [RESTART, LOGS, DEPLOY];

describe('a runbook set: one runbook spread over several files', () => {
  const BOUND = '# S\n\nOperators follow docs/ops/restart.md.\n\n';

  test('an item documented in any runbook of the set is documented', () => {
    const spec = `${BOUND}- Run \`./scripts/restart.sh --force\`; probe \`GET /api/health\`.\n- Writes \`api/logs/b.log\`; needs \`API_TOKEN\`.\n`;
    expect(check(spec, SET).findings).toEqual([]);
  });

  test('a missing item says it is in none of them, and which runbook would hold it', () => {
    const report = check(`${BOUND}- Writes \`api/logs/new.log\`.\n- Set \`NEW_SECRET\` in the environment.\n`, SET);
    expect(report.runbooks).toEqual(['docs/ops/restart.md', 'docs/ops/logs.md', 'DEPLOYMENT.md']);
    const [log, env] = report.findings;
    // Logs have a home in logs.md: the finding points there.
    expect(log!.message).toBe(
      'log path `api/logs/new.log` is not in any runbook (restart.md, logs.md, DEPLOYMENT.md); the runbook lists log paths under "Log Locations" (logs.md:3)',
    );
    expect(log!.runbook).toBe('docs/ops/logs.md');
    expect(log!.runbookSection).toEqual({ heading: 'Log Locations', file: 'docs/ops/logs.md', line: 3 });
    // No home for env vars: the runbook the spec names holds it.
    expect(env!.runbook).toBe('docs/ops/restart.md');
    expect(env!.message).toMatch(/; it belongs in restart\.md$/);
  });

  test('"did you mean" points into the runbook of the set that has the near miss', () => {
    const [f] = check(`${BOUND}- Writes \`api/logs/bb.log\`.\n`, SET).findings;
    expect(f!.suggestion).toEqual({ item: 'api/logs/b.log', file: 'docs/ops/logs.md', line: 6, column: 4 });
    expect(f!.message).toContain('did you mean `api/logs/b.log` (logs.md:6)?');
  });

  test('a required section in any runbook of the set satisfies the spec; a missing one names the set', () => {
    expect(check(`${BOUND}Add a Rotation section to docs/ops/restart.md.\n`, SET).findings).toEqual([]);
    const [f] = check(`${BOUND}Add a Failover section to docs/ops/restart.md.\n`, SET).findings;
    expect(f!.message).toBe('no runbook (restart.md, logs.md, DEPLOYMENT.md) has a section for "Failover"');
  });

  test('a flag is documented by the runbook that documents its script, wherever the flag is written', () => {
    const [f] = check(`${BOUND}Run \`./scripts/restart.sh --drain\`.\n`, SET).findings;
    expect([f!.rule, f!.message]).toEqual([
      'undocumented-flag',
      'flag `--drain` of `./scripts/restart.sh` is not in restart.md, which documents the script but never this flag',
    ]);
  });

  test('a spec that is itself one of the runbooks is not checked as a spec', () => {
    const report = checkDocuments([RESTART, { path: 'specs/s.md', text: '# S\n' }], SET);
    expect(report.summary.specsChecked).toBe(1);
  });
});

describe('--runbook: several files, globs, a config list, or found by the usual names', () => {
  const SPEC = '# S\n\nSee DEPLOYMENT.md for operations.\n\n- Set `API_TOKEN` and `OTHER_TOKEN` in the environment.\n';
  const files = {
    'specs/s.md': SPEC,
    'docs/ops/restart.md': RESTART.text,
    'docs/ops/logs.md': LOGS.text,
    'DEPLOYMENT.md': DEPLOY.text,
  };
  const envItems = (r: Report): string[] => specFindings(r).map((f) => f.item);

  test('repeated --runbook, and a glob, make one runbook', async () => {
    const dir = await repo(files);
    const two = await runJson(['--no-config', '--runbook', 'DEPLOYMENT.md', '--runbook', 'docs/ops/*.md'], dir);
    expect(two.report.runbooks).toEqual(['DEPLOYMENT.md', 'docs/ops/logs.md', 'docs/ops/restart.md']);
    expect(envItems(two.report)).toEqual(['OTHER_TOKEN']);
    const one = await runJson(['--no-config', '--runbook', 'docs/ops/restart.md'], dir);
    expect(one.report.runbooks).toBeUndefined();
  });

  test('a config list of runbooks', async () => {
    const dir = await repo({
      ...files,
      'sync-check.config.yaml': 'runbook:\n  - DEPLOYMENT.md\n  - docs/ops/restart.md\n',
    });
    const { report } = await runJson([], dir);
    expect(report.runbooks).toEqual(['DEPLOYMENT.md', 'docs/ops/restart.md']);
  });

  test('a config runbook that is neither a string nor a list of them is a config error', async () => {
    const dir = await repo({ ...files, 'sync-check.config.yaml': 'runbook: 3\n' });
    const r = await run([], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"runbook": expected a non-empty string/);
  });

  test('a runbook glob that matches nothing stops the run (exit 2), naming it', async () => {
    const { code, report } = await runJson(['--no-config', '--runbook', 'docs/nope/*.md'], await repo(files));
    expect(code).toBe(2);
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ file: 'docs/nope/*.md', code: 'no-runbook', fatal: true }),
    ]);
  });

  test('none named: the files with a usual runbook name are the runbook, and the report says which', async () => {
    const dir = await repo({ ...files, 'docs/guide.md': '# Guide\n', 'node_modules/x/RUNBOOK.md': '# Vendored\n' });
    const r = await run(['--no-config', '--no-color'], dir);
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(
      /\(1 bound to DEPLOYMENT\.md, docs\/ops\/logs\.md and docs\/ops\/restart\.md\)$/,
    );
    const { report } = await runJson(['--no-config'], dir);
    expect(report.runbooks).toEqual(['DEPLOYMENT.md', 'docs/ops/logs.md', 'docs/ops/restart.md']);
  });

  test.each([
    ['docs/RUNBOOK.md'],
    ['RUNBOOK.md'],
    ['runbooks/api.md'],
    ['docs/operations/restart.md'],
    ['docs/specs/operations.md'],
    ['deployment.md'],
    ['docs/ops/troubleshooting.md'],
  ])('%s is found by its usual name', async (name) => {
    const { report } = await runJson(['--no-config'], await repo({ 'specs/s.md': '# S\n', [name]: '# R\n' }));
    expect(report.runbook).toBe(name);
  });

  test('none named and none found: exit 2, saying what was looked for', async () => {
    const { code, report } = await runJson(
      ['--no-config'],
      await repo({ 'specs/s.md': '# S\n', 'docs/guide.md': '# G\n' }),
    );
    expect(code).toBe(2);
    expect(report.diagnostics[0]).toMatchObject({ file: 'docs/RUNBOOK.md', code: 'no-runbook', fatal: true });
    expect(report.diagnostics[0]!.message).toContain('runbooks/**/*.md');
  });
});

describe('which parts of a spec are bound', () => {
  const RUNBOOK: SourceDocument = { path: 'docs/specs/operations.md', text: '# Operations\n' };
  const ENV = (name: string): string => `- Set \`${name}\` in the environment.\n`;
  const checked = (spec: string, path = 'docs/specs/s.md'): string[] =>
    check(spec, RUNBOOK, path).findings.map((f) => f.item);

  test('an operating section binds itself and its sub-sections, not the rest of the spec', () => {
    const spec = `# S\n\n## Design\n\n${ENV('DESIGN_ONLY')}\n## Operations\n\n${ENV('OPS_VAR')}\n### Restarting\n\n${ENV('RESTART_VAR')}\n## API\n\n${ENV('API_VAR')}`;
    expect(checked(spec)).toEqual(['OPS_VAR', 'RESTART_VAR']);
  });

  test.each([
    ['Operations'],
    ['Operator runbook'],
    ['Deployment guide'],
    ['Troubleshooting'],
    ['Disaster recovery'],
    ['Rollback strategy'],
    ['7. On-call'],
    ['Incident response'],
    ['Production deployment'],
    ['Worker runbook'],
    ['Betrieb'],
    ['Fehlerbehebung'],
    ['Déploiement'],
    ['Guide de déploiement'],
    ['Dépannage'],
    ['Despliegue'],
    ['Recuperación'],
    ['運用'],
    ['障害対応'],
    ['トラブルシューティング'],
  ])('"%s" is about operating the system', (heading) => {
    expect(isOperatingHeading(heading)).toBe(true);
  });

  test.each([
    ['Operations dashboard'],
    ['Operator control surface'],
    ['Scenario: Recovery from a crash'],
    ['Password recovery'],
    ['CRUD operations'],
    ['Design'],
    ['Data model'],
    ['Operators'],
    ['Operation'],
    ['Incidents'],
    ['Create deployment'],
    ['Kubernetes Deployment'],
    ['2.1 Requirements'],
    ['Proposed changes'],
  ])('"%s" is not', (heading) => {
    expect(isOperatingHeading(heading)).toBe(false);
  });

  test('specs in German and Japanese: their operating sections bind, their other sections do not', () => {
    const de = `# Warteschlange\n\n## Architektur\n\n- \`ARCH_VAR\` wird gelesen.\n\n## Betrieb\n\n- Setze \`QUEUE_TTL=3600\` in der Umgebung.\n- Protokoll: \`api/logs/queue.log\`.\n`;
    expect(check(de, RUNBOOK, 'docs/specs/de.md').findings.map((f) => f.item)).toEqual([
      'QUEUE_TTL',
      'api/logs/queue.log',
    ]);
    const ja = `# キュー\n\n## 設計\n\n- \`./scripts/design.sh\` を使う。\n\n## 運用\n\n- \`./scripts/drain.sh\` を実行する。\n`;
    expect(check(ja, RUNBOOK, 'docs/specs/ja.md').findings.map((f) => f.item)).toEqual(['./scripts/drain.sh']);
  });

  test("naming the runbook in a sentence binds the whole spec; a link is resolved from the spec's directory", () => {
    expect(checked(`# S\n\nDocument every variable in \`operations.md\`.\n\n## API\n\n${ENV('API_VAR')}`)).toEqual([
      'API_VAR',
    ]);
    expect(checked(`# S\n\nSee the [runbook](./operations.md).\n\n## API\n\n${ENV('API_VAR')}`)).toEqual(['API_VAR']);
    // From docs/other/, ./operations.md is another file.
    expect(checked(`# S\n\nSee the [runbook](./operations.md).\n\n${ENV('API_VAR')}`, 'docs/other/s.md')).toEqual([]);
    expect(
      checked(`# S\n\nSee the [runbook](../specs/operations.md).\n\n${ENV('API_VAR')}`, 'docs/other/s.md'),
    ).toEqual(['API_VAR']);
  });

  test('"operations" as a word is not the file operations.md; DEPLOYMENT in capitals is DEPLOYMENT.md', () => {
    expect(checked(`# S\n\nDay-to-day operations are simple.\n\n${ENV('API_VAR')}`)).toEqual([]);
    const deploy: SourceDocument = { path: 'DEPLOYMENT.md', text: '# D\n' };
    expect(
      check(`# S\n\nUpdate DEPLOYMENT when this ships.\n\n${ENV('API_VAR')}`, deploy).findings.map((f) => f.item),
    ).toEqual(['API_VAR']);
  });

  test('a mention in a file list, a changelog or a deliverables table binds only its own entry', () => {
    const list = `# S\n\n${ENV('API_VAR')}\n## Files to Create/Modify\n\n- \`src/app.ts\` — the app\n- \`docs/specs/operations.md\` — add \`OPS_VAR=1\`\n`;
    expect(checked(list)).toEqual(['OPS_VAR']);
    const changelog = `# S\n\n${ENV('API_VAR')}\n## Changelog\n\n- 2024-05-01: operations.md gained \`LOGGED_VAR=1\`.\n`;
    expect(checked(changelog)).toEqual(['LOGGED_VAR']);
    const table = `# S\n\n${ENV('API_VAR')}\n| Deliverable | File |\n|---|---|\n| Runbook entry for \`TABLE_VAR=1\` | operations.md |\n`;
    expect(checked(table)).toEqual(['TABLE_VAR']);
    const index = `# S\n\n**Depends on**: specs/api.md, specs/operations.md\n\n${ENV('API_VAR')}`;
    expect(checked(index)).toEqual([]);
  });

  test('a citation of a runbook section binds its line: the runbook should cover what the line speaks of', () => {
    const spec = `# S\n\n| \`/api/v1/health\` | Liveness, \`HEALTH_VAR=1\`. See operations.md §8. |\n|---|---|\n\n${ENV('API_VAR')}`;
    expect(checked(spec)).toEqual(['/api/v1/health', 'HEALTH_VAR']);
  });

  test('runbook: false in front matter unbinds a spec whose operating section would bind', () => {
    expect(checked(`---\nrunbook: false\n---\n# S\n\n## Operations\n\n${ENV('OPS_VAR')}`)).toEqual([]);
    expect(checked(`# S\n\n## Operations\n\n${ENV('OPS_VAR')}`)).toEqual(['OPS_VAR']);
  });
});

describe('what the code shows operators need, from any spec: a warning', () => {
  const CODE = {
    'docs/specs/operations.md': '# Operations\n\n- `GET /api/health`\n',
    'src/server.py':
      'import os\nTOKEN = os.environ["SERVICE_TOKEN"]\n@app.get("/api/metrics")\ndef metrics(): ...\n@app.get("/api/orders")\ndef orders(): ...\n',
    'scripts/rotate_keys.sh': '#!/bin/sh\necho rotate\n',
    'scripts/ci_gate.py': 'import os\nprint(os.environ["GATE_LEVEL"])\n',
    '.github/workflows/ci.yml': 'jobs:\n  gate:\n    steps:\n      - run: python scripts/ci_gate.py\n',
    Makefile: 'rotate:\n\t./scripts/rotate_keys.sh\n',
    'scripts/lint_config.py': 'print("lint")\n',
  };
  const SPEC = [
    '# Orders',
    '',
    'The service reads `SERVICE_TOKEN`; its metrics are at `GET /api/metrics`; orders are at `GET /api/orders`.',
    'Keys are rotated with `scripts/rotate_keys.sh`; CI runs `scripts/ci_gate.py` with `GATE_LEVEL`; `scripts/lint_config.py` checks the config.',
    '',
  ].join('\n');

  test("an env var the code reads, a metrics route it serves and a script under scripts/ a launcher runs: operator-* warnings; product routes, CI's own script and a script nothing runs are not", async () => {
    const { report } = await runJson(
      ['--no-config', '--root', '.', '--specs', 'docs/specs'],
      await repo({ ...CODE, 'docs/specs/orders.md': SPEC }),
    );
    const found = report.findings.filter((f) => f.file === 'docs/specs/orders.md');
    expect(found.map((f) => [f.rule, f.item, f.severity])).toEqual([
      ['operator-env', 'SERVICE_TOKEN', 'warning'],
      ['operator-endpoint', 'GET /api/metrics', 'warning'],
      ['operator-script', 'scripts/rotate_keys.sh', 'warning'],
    ]);
    expect(found[0]!.message).toBe(
      'environment variable `SERVICE_TOKEN` is not in operations.md; read by `src/server.py:2`; no part of the spec binds it to the runbook, but the code shows operators need it',
    );
  });

  test('in a bound part the same items are drift (errors), and without the code nothing is asked of an unbound spec', async () => {
    const bound = `${SPEC}\n## Operations\n\nThe service reads \`SERVICE_TOKEN\`.\n`;
    const { report } = await runJson(
      ['--no-config', '--root', '.', '--specs', 'docs/specs'],
      await repo({ ...CODE, 'docs/specs/orders.md': bound }),
    );
    expect(report.findings.filter((f) => f.item === 'SERVICE_TOKEN').map((f) => f.rule)).toEqual(['undocumented-env']);
    const plain = await runJson(
      ['--no-config', '--root', '.', '--no-code', '--specs', 'docs/specs'],
      await repo({ ...CODE, 'docs/specs/orders.md': SPEC }),
    );
    expect(plain.report.findings.filter((f) => f.file === 'docs/specs/orders.md')).toEqual([]);
  });
});

describe("what the repository shows is not the operators': CI, tests, a script's own state, the program's machinery", () => {
  const RUNBOOK = '# Operations\n\nSee `.env.example` for the rest of the settings.\n\n- `GET /api/health`\n';
  const inRepo = async (spec: string, files: Record<string, string>): Promise<Finding[]> => {
    const { report } = await runJson(
      ['--no-config', '--root', '.', '--specs', 'docs/specs'],
      await repo({ 'docs/specs/operations.md': RUNBOOK, 'docs/specs/s.md': spec, ...files }),
    );
    return report.findings.filter((f) => f.file === 'docs/specs/s.md');
  };
  const OPS = (body: string): string => `# S\n\n## Operations\n\n${body}`;

  test("only a name an environment API reads is read from the environment: not its neighbour on the line, not a JS template's ${X}", async () => {
    const found = await inRepo(OPS('- Set `MANIFESTS_DIR`, `LOG_ROOT` and `TAPER_START` in the environment.\n'), {
      'src/a.py': 'import os\nLOG_ROOT = "logs"\nd = os.environ.get("MANIFESTS_DIR", os.path.join(LOG_ROOT, "m"))\n',
      'src/b.tsx': 'export const TAPER_START = 0.8\nconst s = `${TAPER_START * 100}%`\n',
    });
    // LOG_ROOT and TAPER_START are constants the code defines: none of the runbook's business.
    expect(items(found)).toEqual([['undocumented-env', 'MANIFESTS_DIR']]);
  });

  test('a name kept in a variable named for the environment (`ASSET_ENV = "X"`) is one the code reads', async () => {
    const found = await inRepo(OPS('- Set `ASSET_ROOT_DIR` in the environment.\n'), {
      'src/assets.py': 'import os\nASSET_ENV = "ASSET_ROOT_DIR"\nroot = os.environ.get(ASSET_ENV)\n',
    });
    expect(found.map((f) => [f.rule, f.evidence?.file])).toEqual([['undocumented-env', 'src/assets.py']]);
  });

  test('a shell script\'s bare X=… and its $X are its own; export X, and X="${X:-default}", are the environment\'s', async () => {
    const found = await inRepo(OPS('- Set `WORK_DIR`, `API_PORT` and `RETRY_COUNT` in the environment.\n'), {
      'scripts/run.sh':
        '#!/bin/sh\nWORK_DIR="$HOME/work"\nmkdir -p "$WORK_DIR"\nexport API_PORT=8080\nRETRY_COUNT="${RETRY_COUNT:-3}"\n',
    });
    expect(items(found)).toEqual([
      ['undocumented-env', 'API_PORT'],
      ['undocumented-env', 'RETRY_COUNT'],
    ]);
  });

  test("what only CI sets, and the CI platform's own variables, ask nothing of the runbook", async () => {
    const found = await inRepo(OPS('- Set `DEPLOY_CLUSTER` and `GITHUB_SHA` in the environment.\n'), {
      '.github/workflows/deploy.yml': 'env:\n  DEPLOY_CLUSTER: prod\n',
    });
    expect(found).toEqual([]);
  });

  test('a planned script under a test directory, or of a family that lives only there, is test tooling', async () => {
    const found = await inRepo(
      OPS('- Run `tests/e2e/run-s100.sh`, then `generate-s1.sh`, then `scripts/new_tool.sh`.\n'),
      {
        'tests/e2e/scale/generate-s2.sh': '#!/bin/sh\n',
      },
    );
    expect(items(found)).toEqual([['planned-script', 'scripts/new_tool.sh']]);
  });

  test('a name the spec records as renamed (`old.sh` -> `new.sh`) is gone everywhere in the spec', async () => {
    const found = await inRepo(
      OPS('The harness was renamed (`run-old.sh` -> `run-all.sh`).\n\nRun `run-old.sh` for everything.\n'),
      { 'scripts/run-all.sh': '#!/bin/sh\n' },
    );
    expect(items(found)).toEqual([['undocumented-script', 'run-all.sh']]);
  });

  test("a file the change touches that the program itself runs is its machinery, not an operator's command", async () => {
    const spec =
      '# S\n\nOperators follow operations.md.\n\n## Files to Create/Modify\n\n- `scripts/commit_progress.py` — commit after each task\n- `scripts/lonely.py` — a new helper\n';
    const found = await inRepo(spec, {
      'scripts/commit_progress.py': 'print(1)\n',
      'scripts/lonely.py': 'print(1)\n',
      'src/runner.py': 'import subprocess\nsubprocess.run(["python", "scripts/commit_progress.py"])\n',
    });
    expect(items(found)).toEqual([['implementation-script', 'scripts/lonely.py']]);
  });

  test('a runbook that points at a .env template documents the variables it lists', async () => {
    const found = await inRepo(OPS('- Set `LISTED_VAR` and `UNLISTED_VAR` in the environment.\n'), {
      '.env.example': '# settings\nLISTED_VAR=1\n',
      'src/a.py': 'import os\nos.environ["LISTED_VAR"]; os.environ["UNLISTED_VAR"]\n',
    });
    expect(items(found)).toEqual([['undocumented-env', 'UNLISTED_VAR']]);
  });

  test("a local development section is the developers' guide; a Related… section and a labelled index entry bind nothing", async () => {
    const local = `# S\n\nOperators follow operations.md.\n\n## Local Development Setup\n\n- Run \`./scripts/dev.sh\`; it writes \`/tmp/dev.log\`.\n`;
    expect(await inRepo(local, { 'scripts/dev.sh': '#!/bin/sh\n' })).toEqual([]);
    const related = `# S\n\n- Set \`API_VAR=1\` before starting.\n\n## 📚 Related Documentation\n\n- Runbook: docs/specs/operations.md\n`;
    expect(check(related, { path: 'docs/specs/operations.md', text: '# O\n' }, 'docs/specs/s.md').findings).toEqual([]);
    const index = `# S\n\n- Set \`API_VAR=1\` before starting.\n- **Operations Runbook:** \`docs/specs/operations.md\` (incidents)\n`;
    expect(check(index, { path: 'docs/specs/operations.md', text: '# O\n' }, 'docs/specs/s.md').findings).toEqual([]);
  });
});

describe('a runbook line that marks itself pending', () => {
  test('TODO / TBD / PENDING on the line: a missing command or file there is known to its authors, and reported nowhere else', async () => {
    const runbook =
      '# Runbook\n\n| Service | Start |\n|---|---|\n| relay | `node relay/index.mjs` or `npm run dev` [PENDING: once package.json exists] |\n| wall | `npm run dev` |\n\n- `./scripts/gone.sh`\n';
    const { report } = await runJson(
      ['--no-config', '--root', '.', '--runbook', 'RUNBOOK.md'],
      await repo({ 'RUNBOOK.md': runbook, 'specs/s.md': '# S\n', 'package.json': '{"scripts":{}}\n' }),
    );
    expect(report.findings.filter((f) => f.rule === 'stale-script').map((f) => f.item)).toEqual(['./scripts/gone.sh']);
  });
});

describe('a runbook set in PR mode and with the cache', () => {
  const FILES = {
    'docs/ops/logs.md': '# Logs\n\n- `svc/logs/a.log`\n',
    'docs/ops/restart.md': '# Restart\n\n- `svc/logs/b.log`\n',
    'specs/a.md': '# A\n\nWrites `svc/logs/a.log` and `svc/logs/b.log`.\n',
    'specs/c.md': '# C\n\nWrites `svc/logs/c.log`.\n',
  };
  const ARGS = ['--no-config', '--no-code', '--runbook', 'docs/ops/*.md'];

  test('a pull request that removes an item from the second runbook reports the spec that now drifts, and nothing older', async () => {
    const dir = await committedRepo(FILES);
    await writeFiles(dir, { 'docs/ops/restart.md': '# Restart\n' });
    const { report } = await runJson([...ARGS, '--changed-since', 'HEAD'], dir);
    expect(report.findings.map((f) => [f.file, f.item])).toEqual([['specs/a.md', 'svc/logs/b.log']]);
  });

  test('the cache is keyed on every runbook of the set: editing the second one is seen', async () => {
    const dir = await repo(FILES);
    const items = async (): Promise<string[]> =>
      (await runJson([...ARGS, '--cache'], dir)).report.findings.map((f) => f.item);
    expect(await items()).toEqual(['svc/logs/c.log']);
    await writeFiles(dir, { 'docs/ops/restart.md': '# Restart\n\n- `svc/logs/b.log`\n- `svc/logs/c.log`\n' });
    expect(await items()).toEqual([]);
  });
});

describe('names, headings and markers read as they are meant (edge cases)', () => {
  const RB: SourceDocument = { path: 'docs/RUNBOOK.md', text: '# Runbook\n' };
  const ALL = '- Set `FOO_BAR=1` before starting.\n';
  const kinds = (spec: string, runbooks: SourceDocument | SourceDocument[] = RB): string[] =>
    check(spec, runbooks).findings.map((f) => f.item);

  test('a numbered heading and a "Proposed changes" heading are no changelog: a sentence under them binds the whole spec', () => {
    expect(
      kinds(`# S\n\n## 2.1 Requirements\n\nThe commands must be documented in docs/RUNBOOK.md.\n\n## API\n\n${ALL}`),
    ).toEqual(['FOO_BAR']);
    expect(
      kinds(`# S\n\n## Proposed changes\n\nDocument the new variables in docs/RUNBOOK.md.\n\n## API\n\n${ALL}`),
    ).toEqual(['FOO_BAR']);
    expect(kinds(`# S\n\n## v1.2.0\n\n- docs/RUNBOOK.md gained the restart section.\n\n## API\n\n${ALL}`)).toEqual([]);
  });

  test('a file name is matched whole, and a bare name other files share names none of them', () => {
    const deploy: SourceDocument = { path: 'DEPLOYMENT.md', text: '# D\n' };
    expect(kinds(`# S\n\nSee pre-deployment.md first.\n\n${ALL}`, deploy)).toEqual([]);
    const readme: SourceDocument = { path: 'docs/ops/README.md', text: '# Ops\n' };
    const shared = checkDocuments(
      [{ path: 'specs/s.md', text: `# S\n\nUpdate README.md with install notes.\n\n${ALL}` }],
      readme,
      {
        repository: {
          files: new Set(['README.md', 'docs/ops/README.md', 'specs/s.md']),
          makeTargets: new Map(),
          npmScripts: new Map(),
        },
      },
    );
    expect(shared.findings.map((f) => f.item)).toEqual([]);
    expect(kinds(`# S\n\nUpdate docs/ops/README.md with the restart steps.\n\n${ALL}`, readme)).toEqual(['FOO_BAR']);
  });

  test('two runbooks with one file name: the path the spec writes picks one, and messages show paths', () => {
    const set: SourceDocument[] = [
      { path: 'api/RUNBOOK.md', text: '# API\n' },
      { path: 'web/RUNBOOK.md', text: '# Web\n' },
    ];
    const [f] = check(`# S\n\nDocument it in web/RUNBOOK.md.\n\n${ALL}`, set).findings;
    expect(f!.runbook).toBe('web/RUNBOOK.md');
    expect(f!.message).toBe(
      'environment variable `FOO_BAR` is not in any runbook (api/RUNBOOK.md, web/RUNBOOK.md); it belongs in web/RUNBOOK.md',
    );
  });

  test('citations in any of their forms bind only their line; a later plain mention in the same paragraph binds the spec', () => {
    for (const cite of ['RUNBOOK.md §2', 'RUNBOOK.md#restart', 'RUNBOOK.md section 3', 'RUNBOOK.md, Abschnitt 4']) {
      expect(kinds(`# S\n\nSee docs/${cite}.\n\n${ALL}`)).toEqual([]);
    }
    expect(
      kinds(`# S\n\nSee docs/RUNBOOK.md §2. Every variable here must be documented in docs/RUNBOOK.md.\n\n${ALL}`),
    ).toEqual(['FOO_BAR']);
    // § written in ASCII, as some teams do: SS2, S2.3.
    expect(kinds(`# S\n\nCreated at init (RUNBOOK.md SS2, RUNBOOK.md S2.3).\n\n${ALL}`)).toEqual([]);
  });

  test('a runbook named inside a quotation is quoted text; "RUNBOOK/AGENTS.md" names RUNBOOK', () => {
    expect(kinds(`# S\n\n- The status line reads "Running a security pass against RUNBOOK.md".\n\n${ALL}`)).toEqual([]);
    expect(kinds(`# S\n\n- New thresholds: document in RUNBOOK/AGENTS.md.\n\n${ALL}`)).toEqual(['FOO_BAR']);
  });

  test('a list item that opens with an acronym, or a sentence naming one other file, is not a passing mention', () => {
    expect(kinds(`# S\n\n- API keys are rotated monthly; operators follow docs/RUNBOOK.md.\n\n${ALL}`)).toEqual([
      'FOO_BAR',
    ]);
    expect(kinds(`# S\n\nEdit config.yaml, then document it in docs/RUNBOOK.md.\n\n${ALL}`)).toEqual(['FOO_BAR']);
  });

  test('a job state written `PENDING` is no pending marker', async () => {
    const runbook = '# Runbook\n\n- Jobs stuck in `PENDING` are retried with `./scripts/retry_jobs.sh`.\n';
    const { report } = await runJson(
      ['--no-config', '--root', '.', '--runbook', 'RUNBOOK.md'],
      await repo({ 'RUNBOOK.md': runbook, 'specs/s.md': '# S\n' }),
    );
    expect(report.findings.map((f) => f.rule)).toEqual(['stale-script']);
  });
});

describe('env reads the code makes, in the forms programs write them', () => {
  const RUNBOOK = '# Operations\n';
  const found = async (name: string, files: Record<string, string>): Promise<string[]> => {
    const spec = `# S\n\n## Operations\n\n- Set \`${name}\` in the environment.\n`;
    const { report } = await runJson(
      ['--no-config', '--root', '.', '--specs', 'docs/specs'],
      await repo({ 'docs/specs/operations.md': RUNBOOK, 'docs/specs/s.md': spec, ...files }),
    );
    return report.findings
      .filter((f) => f.file === 'docs/specs/s.md')
      .map((f) => `${f.rule} ${f.evidence?.file ?? '-'}`);
  };

  test.each([
    [
      'a call left open at the end of a line',
      'src/a.py',
      'import os\nurl = os.environ.get(\n    "OPEN_CALL_URL", "x")\n',
      'OPEN_CALL_URL',
    ],
    [
      'an extensionless script with a shell #! line',
      'bin/start',
      '#!/usr/bin/env bash\nexec app --db "$START_DB_URL"\n',
      'START_DB_URL',
    ],
    ['PowerShell $env:X', 'deploy.ps1', 'Write-Host $env:DEPLOY_TARGET\n', 'DEPLOY_TARGET'],
    ['an assignment exported later', 'scripts/run.sh', '#!/bin/sh\nLATE_LEVEL=info\nexport LATE_LEVEL\n', 'LATE_LEVEL'],
    [
      "a bot token the program reads, though its prefix is a CI platform's",
      'src/bot.py',
      'import os\ntok = os.environ["GITHUB_TOKEN"]\n',
      'GITHUB_TOKEN',
    ],
  ])('%s', async (_what, file, code, name) => {
    expect(await found(name, { [file]: code })).toEqual([`undocumented-env ${file}`]);
  });

  test("a variable only a script CI alone runs reads is CI's, in a bound part too", async () => {
    expect(
      await found('GATE_LEVEL', {
        'scripts/ci_gate.py': 'import os\nos.environ["GATE_LEVEL"]\n',
        '.github/workflows/ci.yml': 'jobs:\n  gate:\n    steps:\n      - run: python scripts/ci_gate.py\n',
      }),
    ).toEqual([]);
  });
});

describe('--runbook on the command line, and selections that leave nothing to check', () => {
  test('--runbook takes one value each time: a stray path after it is a usage error, an empty value too', async () => {
    const dir = await repo({ 'docs/RUNBOOK.md': '# R\n', 'specs/s.md': '# S\n' });
    const stray = await run(['--no-config', '--runbook', 'docs/RUNBOOK.md', 'specs/s.md'], dir);
    expect(stray.code).toBe(2);
    const empty = await run(['--no-config', '--runbook='], dir);
    expect([empty.code, empty.stderr]).toEqual([2, expect.stringContaining('--runbook needs a value')]);
  });

  test('every file the specs selection matches is a runbook: exit 2, not a clean pass', async () => {
    const { code, report } = await runJson(
      ['--no-config', '--runbook', 'docs/**/*.md', '--specs', 'docs'],
      await repo({ 'docs/ops/a.md': '# A\n', 'docs/b.md': '# B\n' }),
    );
    expect(code).toBe(2);
    expect(report.diagnostics).toEqual([expect.objectContaining({ code: 'no-specs', fatal: true })]);
  });

  test('a runbook reached by two names is one runbook', async () => {
    const dir = await repo({ 'docs/RUNBOOK.md': '# R\n\n- `./scripts/gone.sh`\n', 'specs/s.md': '# S\n' });
    await (await import('node:fs')).promises.symlink('docs/RUNBOOK.md', `${dir}/RUNBOOK.md`);
    const { report } = await runJson(
      ['--no-config', '--root', '.', '--runbook', 'docs/RUNBOOK.md', '--runbook', 'RUNBOOK.md'],
      dir,
    );
    expect(report.runbooks).toBeUndefined();
    expect(report.findings.filter((f) => f.rule === 'stale-script')).toHaveLength(1);
  });

  test('discovery keeps the first 20 files with a usual name, and says so', async () => {
    const files: Record<string, string> = { 'specs/s.md': '# S\n' };
    for (let i = 0; i < 22; i++) files[`runbooks/r${String(i).padStart(2, '0')}.md`] = '# R\n';
    const { report } = await runJson(['--no-config'], await repo(files));
    expect(report.runbooks).toHaveLength(20);
    expect(report.diagnostics).toEqual([expect.objectContaining({ code: 'runbooks-truncated', severity: 'warning' })]);
  });

  test("discovery skips the tests' fixtures and examples", async () => {
    const { report } = await runJson(
      ['--no-config'],
      await repo({
        'specs/s.md': '# S\n',
        'DEPLOYMENT.md': '# D\n',
        'specs-fixtures/x/docs/RUNBOOK.md': '# F\n',
        'examples/docs/RUNBOOK.md': '# E\n',
      }),
    );
    expect([report.runbook, report.runbooks]).toEqual(['DEPLOYMENT.md', undefined]);
  });

  test('PR mode: deleting one runbook of a glob set re-checks the specs it documented', async () => {
    const dir = await committedRepo({
      'docs/ops/restart.md': '# Restart\n\n- `svc/logs/b.log`\n',
      'docs/ops/logs.md': '# Logs\n',
      'specs/a.md': '# A\n\nWrites `svc/logs/b.log`.\n',
    });
    (await import('node:fs')).rmSync(`${dir}/docs/ops/restart.md`);
    const { report } = await runJson(
      ['--no-config', '--no-code', '--runbook', 'docs/ops/*.md', '--changed-since', 'HEAD'],
      dir,
    );
    expect(report.findings.map((f) => [f.file, f.item])).toEqual([['specs/a.md', 'svc/logs/b.log']]);
  });
});
