/**
 * The runbook held against the repository at hand (--root DIR, `root:` in config, or the git
 * work tree holding the runbook): stale scripts and files, planned scripts, undocumented flags,
 * sections specs require, and orphaned log paths and endpoints. Through main(argv, io) with a
 * fake Io; every repository is a fresh directory under os.tmpdir() with real (empty) files.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { run, runJson as runJsonAs, repo, git, commitAll, committedRepo } from './support/harness.js';

const runJson = (argv: string[], cwd: string) => runJsonAs<JsonReport>(argv, cwd);

interface JsonFinding {
  rule: string;
  kind: string;
  item: string;
  canonical: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  message: string;
}
interface JsonReport {
  runbook: string;
  findings: JsonFinding[];
  suppressed: JsonFinding[];
  summary: { specsChecked: number; findings: number; bySeverity: Record<string, number> };
  diagnostics: Array<{ file: string; code: string; message: string }>;
}

/** Runs with `--root .` (the run directory is the repository) and no config discovery. */
const runRepo = (dir: string, extra: string[] = []): ReturnType<typeof runJson> =>
  runJson(['--no-config', '--root', '.', ...extra], dir);

const of = (report: JsonReport, rule: string): JsonFinding[] => report.findings.filter((f) => f.rule === rule);
const items = (report: JsonReport, rule: string): string[] =>
  of(report, rule)
    .map((f) => f.item)
    .sort();
const canonicals = (report: JsonReport, rule: string): string[] =>
  of(report, rule)
    .map((f) => f.canonical)
    .sort();
const rulesOf = (report: JsonReport): string[] => report.findings.map((f) => f.rule).sort();

const REPOSITORY_RULES = ['stale-script', 'stale-file', 'planned-script', 'orphan-log', 'orphan-endpoint'];
const repositoryFindings = (report: JsonReport): JsonFinding[] =>
  report.findings.filter((f) => REPOSITORY_RULES.includes(f.rule));

/** 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i === -1) throw new Error(`"${needle}" is not in the text`);
  return i + 1;
}

/** A runbook naming a script that exists, one that does not, a stale document and an orphaned log. */
const DRIFTED_RUNBOOK = [
  '# Runbook',
  '',
  '## Log Locations',
  '',
  '- `api/logs/forgotten.log`',
  '',
  '## Operations',
  '',
  '```bash',
  './scripts/present.sh',
  './scripts/gone.sh',
  '```',
  '',
  'Escalation: see `docs/ESCALATION.md`.',
  '',
].join('\n');
/** A bound spec naming a script nobody has written yet. */
const PLANNING_SPEC = '# P\n\nFollow docs/RUNBOOK.md.\n\nA new job runs `scripts/future_job.py` nightly.\n';
const DRIFTED = {
  'docs/RUNBOOK.md': DRIFTED_RUNBOOK,
  'specs/p.md': PLANNING_SPEC,
  'scripts/present.sh': '',
};

describe('which repository is at hand', () => {
  test('--root DIR: the runbook is held against that directory', async () => {
    const dir = await repo(DRIFTED);
    const { code, report, stderr } = await runRepo(dir);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(items(report, 'stale-script')).toEqual(['./scripts/gone.sh']);
    expect(items(report, 'stale-file')).toEqual(['docs/ESCALATION.md']);
    expect(items(report, 'planned-script')).toEqual(['scripts/future_job.py']);
    expect(items(report, 'orphan-log')).toEqual(['api/logs/forgotten.log']);
    expect(of(report, 'stale-script')[0]).toMatchObject({
      file: 'docs/RUNBOOK.md',
      line: lineOf(DRIFTED_RUNBOOK, 'gone.sh'),
      severity: 'error',
    });
  });

  test('--root names another directory: it, not the run directory, is the repository', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': '# Runbook\n\n```bash\n./scripts/only_in_app.sh\n./scripts/only_in_run_dir.sh\n```\n',
      'specs/a.md': '# A\n',
      'scripts/only_in_run_dir.sh': '',
      'app/scripts/only_in_app.sh': '',
    });
    const { report } = await runJson(['--no-config', '--root', 'app'], dir);
    expect(canonicals(report, 'stale-script')).toEqual(['scripts/only_in_run_dir.sh']);
  });

  test('root: in a config file does the same', async () => {
    const dir = await repo({ ...DRIFTED, 'sync-check.config.yaml': 'root: .\n' });
    const { code, report } = await runJson([], dir);
    expect(code).toBe(1);
    expect(items(report, 'stale-script')).toEqual(['./scripts/gone.sh']);
    expect(items(report, 'planned-script')).toEqual(['scripts/future_job.py']);
  });

  test('root: in a config given with --config is relative to that file', async () => {
    const dir = await repo({
      'proj/docs/RUNBOOK.md': '# Runbook\n\n```bash\n./scripts/here.sh\n./scripts/gone.sh\n```\n',
      'proj/specs/a.md': '# A\n',
      'proj/scripts/here.sh': '',
      'proj/ci/sync.yaml': 'specs: ../specs\nrunbook: ../docs/RUNBOOK.md\nroot: ..\n',
    });
    const { report } = await runJson(['--config', 'proj/ci/sync.yaml'], dir);
    expect(report.runbook).toBe('docs/RUNBOOK.md');
    expect(canonicals(report, 'stale-script')).toEqual(['scripts/gone.sh']);
  });

  test('by default: the git work tree that holds the runbook', async () => {
    const dir = await repo(DRIFTED);
    git(dir, 'init', '-q');
    const { code, report } = await runJson(['--no-config'], dir);
    expect(code).toBe(1);
    expect(items(report, 'stale-script')).toEqual(['./scripts/gone.sh']);
    expect(items(report, 'stale-file')).toEqual(['docs/ESCALATION.md']);
    expect(items(report, 'planned-script')).toEqual(['scripts/future_job.py']);
    expect(items(report, 'orphan-log')).toEqual(['api/logs/forgotten.log']);
  });

  test('by default, run from outside it: still the git work tree that holds the runbook', async () => {
    const dir = await repo({
      'project/docs/RUNBOOK.md': '# Runbook\n\n```bash\n./scripts/here.sh\n./scripts/gone.sh\n```\n',
      'project/specs/a.md': '# A\n',
      'project/scripts/here.sh': '',
    });
    git(path.join(dir, 'project'), 'init', '-q');
    const { report } = await runJson(
      ['--no-config', '--runbook', 'project/docs/RUNBOOK.md', '--specs', 'project/specs'],
      dir,
    );
    expect(canonicals(report, 'stale-script')).toEqual(['scripts/gone.sh']);
  });

  // The work tree is first guessed from the nearest `.git`, while git is asked; where git's
  // answer differs, git's answer is the one the report is made with.
  test('a `.git` that is not a repository (a stray gitdir file): git says no work tree, so no repository rules', async () => {
    const dir = await repo({ ...DRIFTED, '.git': 'gitdir: /nonexistent/modules/x\n' });
    const { report, stderr } = await runJson(['--no-config'], dir);
    expect(stderr).toBe('');
    expect(repositoryFindings(report)).toEqual([]);
    expect(items(report, 'undocumented-script')).toEqual(['scripts/future_job.py']);
  });

  test('core.worktree pointing elsewhere: the repository is that work tree, not the directory holding .git', async () => {
    const dir = await repo({
      'meta/docs/RUNBOOK.md': '# Runbook\n\n```bash\n./scripts/here.sh\n./scripts/gone.sh\n```\n',
      'meta/specs/a.md': '# A\n',
      'meta/scripts/gone.sh': '',
      'tree/scripts/here.sh': '',
    });
    git(path.join(dir, 'meta'), 'init', '-q');
    git(path.join(dir, 'meta'), 'config', 'core.worktree', path.join(dir, 'meta', 'docs'));
    // git's work tree is meta/docs: neither script is below it, so both are stale there;
    // the guessed meta/ would have had gone.sh.
    const { report } = await runJson(
      ['--no-config', '--runbook', 'meta/docs/RUNBOOK.md', '--specs', 'meta/specs'],
      dir,
    );
    expect(canonicals(report, 'stale-script')).toEqual(['scripts/gone.sh', 'scripts/here.sh']);
  });

  test('outside any git repository and without --root or root: every repository rule is silent', async () => {
    const dir = await repo(DRIFTED);
    const { code, report, stderr } = await runJson(['--no-config'], dir);
    expect(stderr).toBe('');
    expect(repositoryFindings(report)).toEqual([]);
    expect(report.suppressed.filter((f) => REPOSITORY_RULES.includes(f.rule))).toEqual([]);
    // Without a repository there is no "planned": the spec's script is plain drift.
    expect(items(report, 'undocumented-script')).toEqual(['scripts/future_job.py']);
    expect(code).toBe(1);
  });
});

describe('stale-script: scripts the runbook runs that the repository lacks', () => {
  const runbookWith = (block: string): string => `# Runbook\n\n## Operations\n\n\`\`\`bash\n${block}\n\`\`\`\n`;
  const check = async (block: string, files: Record<string, string>): Promise<{ code: number; report: JsonReport }> => {
    const dir = await repo({ 'docs/RUNBOOK.md': runbookWith(block), 'specs/a.md': '# A\n', ...files });
    return runRepo(dir);
  };

  test('cd context: `cd api && .venv/bin/python scripts/x.py` is api/scripts/x.py', async () => {
    const block = 'cd api && .venv/bin/python scripts/x.py';
    const present = await check(block, { 'api/scripts/x.py': '' });
    expect(of(present.report, 'stale-script')).toEqual([]);
    expect(present.code).toBe(0);

    const missing = await check(block, { 'api/other.py': '' });
    expect(missing.code).toBe(1);
    expect(of(missing.report, 'stale-script').map((f) => [f.item, f.canonical, f.severity])).toEqual([
      ['scripts/x.py', 'api/scripts/x.py', 'error'],
    ]);
  });

  test('cd context is not lenient: api/scripts/x.py is stale even when scripts/x.py exists at the root', async () => {
    const { report } = await check('cd api && .venv/bin/python scripts/x.py', { 'scripts/x.py': '' });
    expect(canonicals(report, 'stale-script')).toEqual(['api/scripts/x.py']);
  });

  test('lenient without cd: `scripts/x.py` counts as present when api/scripts/x.py exists', async () => {
    const present = await check('python3 scripts/x.py --once', { 'api/scripts/x.py': '' });
    expect(of(present.report, 'stale-script')).toEqual([]);
    const missing = await check('python3 scripts/x.py --once', { 'api/scripts/y.py': '' });
    expect(items(missing.report, 'stale-script')).toEqual(['scripts/x.py']);
  });

  test('lenient without cd: a bare `x.py` counts when any x.py exists', async () => {
    const present = await check('python3 x.py', { 'deep/down/tools/x.py': '' });
    expect(of(present.report, 'stale-script')).toEqual([]);
    const missing = await check('python3 x.py', { 'deep/down/tools/y.py': '' });
    expect(items(missing.report, 'stale-script')).toEqual(['x.py']);
  });

  test('make TARGET against the root Makefile', async () => {
    const files = { Makefile: 'build: deps\n\tcc -o app app.c\n\ntest:\n\t./run-tests\n' };
    const { code, report } = await check('make build\nmake test\nmake deploy', files);
    expect(code).toBe(1);
    expect(of(report, 'stale-script').map((f) => [f.item, f.canonical])).toEqual([['make deploy', 'make deploy']]);
    expect(of(report, 'stale-script')[0]!.message).toContain('deploy');
  });

  test('make TARGET with no Makefile at all is stale', async () => {
    const { report } = await check('make build', { 'README.md': '' });
    expect(canonicals(report, 'stale-script')).toEqual(['make build']);
  });

  test('`cd web && make build` is checked against web/Makefile, not the root one', async () => {
    const onlyRoot = await check('cd web && make build', {
      Makefile: 'build:\n\ttrue\n',
      'web/Makefile': 'serve:\n\ttrue\n',
    });
    expect(canonicals(onlyRoot.report, 'stale-script')).toEqual(['make build']);
    expect(of(onlyRoot.report, 'stale-script')[0]!.message).toContain('web/Makefile');

    const inWeb = await check('cd web && make build', {
      Makefile: 'serve:\n\ttrue\n',
      'web/Makefile': 'build:\n\ttrue\n',
    });
    expect(of(inWeb.report, 'stale-script')).toEqual([]);
  });

  test('`make -C web build` is checked against web/Makefile, not the root one', async () => {
    const onlyRoot = await check('make -C web build', {
      Makefile: 'build:\n\ttrue\n',
      'web/Makefile': 'serve:\n\ttrue\n',
    });
    expect(canonicals(onlyRoot.report, 'stale-script')).toEqual(['make build']);
    expect(of(onlyRoot.report, 'stale-script')[0]!.message).toContain('web/Makefile');

    const inWeb = await check('make -C web build', {
      Makefile: 'serve:\n\ttrue\n',
      'web/Makefile': 'build:\n\ttrue\n',
    });
    expect(of(inWeb.report, 'stale-script')).toEqual([]);
  });

  test('`make build` at the root and `cd web && make build` are each checked against their own Makefile', async () => {
    const webLacksIt = await check('make build\ncd web && make build', {
      Makefile: 'build:\n\ttrue\n',
      'web/Makefile': 'serve:\n\ttrue\n',
    });
    expect(of(webLacksIt.report, 'stale-script').map((f) => [f.canonical, f.line])).toEqual([['make build', 7]]);
    expect(of(webLacksIt.report, 'stale-script')[0]!.message).toContain('web/Makefile');

    const rootLacksIt = await check('cd web && make build\nmake build', {
      Makefile: 'serve:\n\ttrue\n',
      'web/Makefile': 'build:\n\ttrue\n',
    });
    expect(of(rootLacksIt.report, 'stale-script').map((f) => [f.canonical, f.line])).toEqual([['make build', 7]]);
  });

  test('`npm run dev` at the root and `cd web && npm run dev` are each checked against their own package.json', async () => {
    const files = {
      'package.json': `${JSON.stringify({ scripts: { dev: 'vite' } })}\n`,
      'web/package.json': `${JSON.stringify({ scripts: { build: 'vite build' } })}\n`,
    };
    const { report } = await check('npm run dev\ncd web && npm run dev', files);
    expect(of(report, 'stale-script').map((f) => [f.canonical, f.line])).toEqual([['npm run dev', 7]]);
  });

  test('npm run NAME against package.json scripts', async () => {
    const pkg = `${JSON.stringify({ name: 'app', private: true, scripts: { lint: 'eslint .', 'rotate-logs': 'node rotate.js' } }, null, 2)}\n`;
    const { code, report } = await check('npm run lint\nnpm run rotate-logs\nnpm run backfill', {
      'package.json': pkg,
    });
    expect(code).toBe(1);
    expect(of(report, 'stale-script').map((f) => [f.item, f.canonical])).toEqual([
      ['npm run backfill', 'npm run backfill'],
    ]);
    expect(of(report, 'stale-script')[0]!.message).toContain('backfill');
  });

  test('npm run NAME: a dependency named like the script does not make it one', async () => {
    const pkg = `${JSON.stringify({ name: 'app', dependencies: { backfill: '1.0.0' }, scripts: {} }, null, 2)}\n`;
    const { report } = await check('npm run backfill', { 'package.json': pkg });
    expect(canonicals(report, 'stale-script')).toEqual(['npm run backfill']);
  });

  test('`cd web && npm run dev` is checked against web/package.json', async () => {
    const webPkg = `${JSON.stringify({ scripts: { dev: 'vite' } })}\n`;
    const rootPkg = `${JSON.stringify({ scripts: { lint: 'eslint .' } })}\n`;
    const inWeb = await check('cd web && npm run dev', { 'package.json': rootPkg, 'web/package.json': webPkg });
    expect(of(inWeb.report, 'stale-script')).toEqual([]);
    const notInWeb = await check('cd web && npm run lint', { 'package.json': rootPkg, 'web/package.json': webPkg });
    expect(canonicals(notInWeb.report, 'stale-script')).toEqual(['npm run lint']);
  });

  test('log paths and runtime artifacts are never stale', async () => {
    const block = [
      'tail -f api/logs/x.log',
      'cat restart_requested.json',
      'touch api/restart_requested.json',
      './scripts/restart.sh >> api/logs/restart.log 2>&1',
      'grep ERROR api/logs/worker.log | tail -n 20',
    ].join('\n');
    const runbook = `${runbookWith(block)}\nLogs go to \`api/logs/x.log\`; a restart writes \`restart_requested.json\` and \`api/state/restart_requested.json\`; the last run is in \`api/logs/last_run.yaml\`.\n`;
    const dir = await repo({ 'docs/RUNBOOK.md': runbook, 'specs/a.md': '# A\n', 'scripts/restart.sh': '' });
    const { report } = await runRepo(dir);
    expect(of(report, 'stale-script')).toEqual([]);
    expect(of(report, 'stale-file')).toEqual([]);
  });

  test('a script mentioned twice is reported once', async () => {
    const { report } = await check('./scripts/gone.sh\n./scripts/gone.sh --again', {});
    expect(of(report, 'stale-script')).toHaveLength(1);
  });
});

describe('cd inside one code block', () => {
  const block = (lines: string[]): string => `# Runbook\n\n## Ops\n\n\`\`\`bash\n${lines.join('\n')}\n\`\`\`\n`;

  test('one-liners that each start with `cd api &&` resolve against the block start (no api/api)', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': block([
        'cd api && ./scripts/a.sh',
        'cd api && ./scripts/b.sh',
        'cd api && .venv/bin/python scripts/c.py',
      ]),
      'specs/s.md': '# S\n',
      'api/scripts/a.sh': '',
      'api/scripts/b.sh': '',
      'api/scripts/c.py': '',
    });
    const { report } = await runRepo(dir);
    expect(of(report, 'stale-script')).toEqual([]);
  });

  test('after a one-liner, the next line runs from the block start again', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': block(['cd api && ./scripts/a.sh', './scripts/d.sh']),
      'specs/s.md': '# S\n',
      'api/scripts/a.sh': '',
      'scripts/d.sh': '',
    });
    const { report } = await runRepo(dir);
    expect(of(report, 'stale-script')).toEqual([]);
  });

  test('a lone `cd api` line moves the lines after it', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': block(['cd api', './scripts/c.sh', './scripts/e.sh']),
      'specs/s.md': '# S\n',
      // Only at the root: from api/ they do not exist.
      'scripts/c.sh': '',
      'api/scripts/e.sh': '',
    });
    const { report } = await runRepo(dir);
    expect(canonicals(report, 'stale-script')).toEqual(['api/scripts/c.sh']);
  });
});

describe('stale-file: documents and config the runbook points at', () => {
  const RUNBOOK = [
    '# Runbook',
    '',
    'Escalate per [the guide](ESCALATION.md) or [the policy](../policy/ONCALL.md).',
    '',
    'Settings live in `config/app.yml`, `config/worker.yaml` and `deploy/settings.toml`.',
    '',
  ].join('\n');

  test('missing ones are warnings (exit 0), at the runbook line that names them', async () => {
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': '# A\n', 'config/worker.yaml': '' });
    const { code, report } = await runRepo(dir);
    expect(code).toBe(0);
    expect(canonicals(report, 'stale-file')).toEqual([
      'config/app.yml',
      'deploy/settings.toml',
      'docs/ESCALATION.md',
      'policy/ONCALL.md',
    ]);
    expect(of(report, 'stale-file').every((f) => f.severity === 'warning' && f.file === 'docs/RUNBOOK.md')).toBe(true);
    expect(of(report, 'stale-file').find((f) => f.canonical === 'config/app.yml')!.line).toBe(
      lineOf(RUNBOOK, 'config/app.yml'),
    );
    expect(of(report, 'stale-file').find((f) => f.canonical === 'docs/ESCALATION.md')!.line).toBe(
      lineOf(RUNBOOK, 'ESCALATION.md'),
    );
  });

  test('present ones are not reported; a link resolves against the runbook directory', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': '# A\n',
      'docs/ESCALATION.md': '',
      'policy/ONCALL.md': '',
      'config/app.yml': '',
      'config/worker.yaml': '',
      'deploy/settings.toml': '',
    });
    const { code, report } = await runRepo(dir);
    expect(of(report, 'stale-file')).toEqual([]);
    expect(code).toBe(0);
  });

  test('a link to a document at the repository root, written as if it were next to the runbook, is stale', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': '# Runbook\n\nSee [the guide](ESCALATION.md).\n',
      'specs/a.md': '# A\n',
      'ESCALATION.md': '',
    });
    const { report } = await runRepo(dir);
    expect(canonicals(report, 'stale-file')).toEqual(['docs/ESCALATION.md']);
  });

  test('URLs are never stale files', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md':
        '# Runbook\n\nSee [upstream](https://example.com/docs/GUIDE.md) and https://example.com/config/app.yml.\n',
      'specs/a.md': '# A\n',
    });
    const { report } = await runRepo(dir);
    expect(of(report, 'stale-file')).toEqual([]);
  });
});

describe('planned-script and undocumented-script: scripts bound specs name', () => {
  const RUNBOOK = '# Runbook\n\n## Operations\n\n```bash\n./scripts/present.sh\n```\n';
  const spec = (text: string): string => `# Feature\n\nDocument the operations in docs/RUNBOOK.md.\n\n${text}\n`;

  test('a script that does not exist yet is planned work: a warning, exit 0', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/f.md': spec('A cron job runs `scripts/reconcile.py` hourly.'),
      'scripts/present.sh': '',
    });
    const { code, report } = await runRepo(dir);
    expect(of(report, 'planned-script').map((f) => [f.item, f.severity, f.file])).toEqual([
      ['scripts/reconcile.py', 'warning', 'specs/f.md'],
    ]);
    expect(of(report, 'undocumented-script')).toEqual([]);
    expect(code).toBe(0);
  });

  test('once it exists and the runbook still lacks it: undocumented-script, an error, exit 1', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/f.md': spec('A cron job runs `scripts/reconcile.py` hourly.'),
      'scripts/present.sh': '',
      'scripts/reconcile.py': '',
    });
    const { code, report } = await runRepo(dir);
    expect(of(report, 'undocumented-script').map((f) => [f.item, f.severity])).toEqual([
      ['scripts/reconcile.py', 'error'],
    ]);
    expect(of(report, 'planned-script')).toEqual([]);
    expect(code).toBe(1);
  });

  test('the lenient lookup applies: present as api/scripts/reconcile.py is present', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/f.md': spec('A cron job runs `scripts/reconcile.py` hourly.'),
      'scripts/present.sh': '',
      'api/scripts/reconcile.py': '',
    });
    const { report } = await runRepo(dir);
    expect(items(report, 'undocumented-script')).toEqual(['scripts/reconcile.py']);
    expect(of(report, 'planned-script')).toEqual([]);
  });

  test('documented in the runbook: neither', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': `${RUNBOOK}\nReconcile with \`python scripts/reconcile.py\`.\n`,
      'specs/f.md': spec('A cron job runs `scripts/reconcile.py` hourly.'),
      'scripts/present.sh': '',
      'scripts/reconcile.py': '',
    });
    const { code, report } = await runRepo(dir);
    expect(rulesOf(report)).toEqual([]);
    expect(code).toBe(0);
  });

  test('`make reindex`: planned without the target, undocumented once the Makefile has it', async () => {
    const files = {
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/f.md': spec('Rebuild the index with `make reindex`.'),
      'scripts/present.sh': '',
    };
    const planned = await runRepo(await repo({ ...files, Makefile: 'build:\n\ttrue\n' }));
    expect(of(planned.report, 'planned-script').map((f) => [f.canonical, f.severity])).toEqual([
      ['make reindex', 'warning'],
    ]);
    expect(of(planned.report, 'undocumented-script')).toEqual([]);
    expect(planned.code).toBe(0);

    const shipped = await runRepo(
      await repo({ ...files, Makefile: 'build:\n\ttrue\n\nreindex: build\n\t./reindex\n' }),
    );
    expect(of(shipped.report, 'undocumented-script').map((f) => [f.canonical, f.severity])).toEqual([
      ['make reindex', 'error'],
    ]);
    expect(of(shipped.report, 'planned-script')).toEqual([]);
    expect(shipped.code).toBe(1);
  });

  test('`npm run backfill`: planned without the script, undocumented once package.json has it', async () => {
    const files = {
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/f.md': spec('Backfill old rows with `npm run backfill`.'),
      'scripts/present.sh': '',
    };
    const planned = await runRepo(
      await repo({ ...files, 'package.json': `${JSON.stringify({ scripts: { build: 'tsc' } })}\n` }),
    );
    expect(of(planned.report, 'planned-script').map((f) => [f.canonical, f.severity])).toEqual([
      ['npm run backfill', 'warning'],
    ]);
    expect(of(planned.report, 'undocumented-script')).toEqual([]);
    expect(planned.code).toBe(0);

    const shipped = await runRepo(
      await repo({
        ...files,
        'package.json': `${JSON.stringify({ scripts: { build: 'tsc', backfill: 'node backfill.js' } })}\n`,
      }),
    );
    expect(of(shipped.report, 'undocumented-script').map((f) => [f.canonical, f.severity])).toEqual([
      ['npm run backfill', 'error'],
    ]);
    expect(of(shipped.report, 'planned-script')).toEqual([]);
    expect(shipped.code).toBe(1);
  });

  test('a spec that does not name the runbook is not asked for scripts at all', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/u.md': '# U\n\nA cron job runs `scripts/reconcile.py` hourly.\n',
      'scripts/present.sh': '',
    });
    const { report } = await runRepo(dir);
    expect(of(report, 'planned-script')).toEqual([]);
    expect(of(report, 'undocumented-script')).toEqual([]);
  });
});

describe('undocumented-flag: flags bound specs pass to scripts the runbook documents', () => {
  const RUNBOOK = [
    '# Runbook',
    '',
    '## Pipeline',
    '',
    '```bash',
    'python scripts/check_pipeline.py --json',
    './scripts/run.sh',
    '```',
    '',
  ].join('\n');
  // The scripts handle their flags, as argparse and a shell `case` do.
  const FILES = {
    'scripts/check_pipeline.py': 'parser.add_argument("--json")\nparser.add_argument("--attention")\n',
    'scripts/run.sh': '#!/bin/sh\ncase "$1" in --backlog) shift ;; esac\n',
  };
  const BOUND = [
    '# Attention',
    '',
    'Document it in docs/RUNBOOK.md.',
    '',
    'Operators run `check_pipeline.py --attention` to list stuck jobs.',
    '',
    '```bash',
    './scripts/run.sh --backlog FILE',
    '```',
    '',
  ].join('\n');

  test('a flag the runbook never mentions is an error at the spec', async () => {
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': BOUND, ...FILES });
    const { code, report } = await runRepo(dir);
    expect(code).toBe(1);
    const flags = of(report, 'undocumented-flag');
    expect(flags.map((f) => f.item).sort()).toEqual(['./scripts/run.sh --backlog', 'check_pipeline.py --attention']);
    expect(flags.every((f) => f.severity === 'error' && f.file === 'specs/a.md')).toBe(true);
    expect(flags.find((f) => f.item === 'check_pipeline.py --attention')!.line).toBe(lineOf(BOUND, '--attention'));
    expect(flags.find((f) => f.item === './scripts/run.sh --backlog')!.line).toBe(lineOf(BOUND, '--backlog'));
    // The scripts themselves are documented: no other finding.
    expect(rulesOf(report)).toEqual(['undocumented-flag', 'undocumented-flag']);
  });

  test('a flag the runbook mentions anywhere (even in prose, away from the script) is documented', async () => {
    const runbook = `${RUNBOOK}\n## Notes\n\nPass \`--attention\` to list stuck jobs; \`--backlog\` takes a file.\n`;
    const dir = await repo({ 'docs/RUNBOOK.md': runbook, 'specs/a.md': BOUND, ...FILES });
    const { code, report } = await runRepo(dir);
    expect(of(report, 'undocumented-flag')).toEqual([]);
    expect(code).toBe(0);
  });

  test('a script the runbook does not document at all: undocumented-script, not undocumented-flag', async () => {
    const runbook = '# Runbook\n\n## Pipeline\n\n```bash\n./scripts/other.sh\n```\n';
    const dir = await repo({ 'docs/RUNBOOK.md': runbook, 'specs/a.md': BOUND, ...FILES, 'scripts/other.sh': '' });
    const { report } = await runRepo(dir);
    expect(of(report, 'undocumented-flag')).toEqual([]);
    expect(items(report, 'undocumented-script')).toEqual(['./scripts/run.sh', 'check_pipeline.py']);
  });

  test('`--` and the `-->` closing a comment are not flags (a property test found `-->`)', async () => {
    const runbook = '# RUNBOOK\n\n```bash\n\n./scripts/run.sh <!-- ./scripts/run.sh --> `a.log\n';
    const dir = await repo({
      'docs/RUNBOOK.md': runbook,
      'specs/a.md': runbook,
      'specs/b.md': '# B\n\nSee docs/RUNBOOK.md: `./scripts/run.sh -- extra`.\n',
      ...FILES,
    });
    const { report } = await runRepo(dir);
    expect(of(report, 'undocumented-flag')).toEqual([]);
  });

  test('a spec not bound to the runbook: no flag findings', async () => {
    const unbound = BOUND.replace('Document it in docs/RUNBOOK.md.', 'Nothing to add.');
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': unbound, ...FILES });
    const { code, report } = await runRepo(dir);
    expect(of(report, 'undocumented-flag')).toEqual([]);
    expect(code).toBe(0);
    // Even when scripts are taken from every spec, flags are asked of bound specs only.
    const everySpec = await runRepo(dir, ['--every-spec', 'log', '--every-spec', 'script']);
    expect(of(everySpec.report, 'undocumented-flag')).toEqual([]);
  });

  test('holds without the repository at hand too', async () => {
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': BOUND });
    const { report } = await runJson(['--no-config'], dir);
    expect(items(report, 'undocumented-flag')).toEqual(['./scripts/run.sh --backlog', 'check_pipeline.py --attention']);
  });
});

describe('missing-section: sections a spec requires of the runbook', () => {
  const runbookWith = (...headings: string[]): string =>
    `# Runbook\n\n${headings.map((h) => `## ${h}\n\nText.\n`).join('\n')}`;
  const check = async (runbook: string, spec: string): Promise<{ code: number; report: JsonReport }> =>
    runRepo(await repo({ 'docs/RUNBOOK.md': runbook, 'specs/s.md': spec }));

  describe('from front matter `runbook-sections`', () => {
    const SPEC = '---\nrunbook-sections: [Rollback, Dead Letters]\n---\n# Spec\n\nBody.\n';

    test('each missing one is an error at its place in the front matter', async () => {
      const { code, report } = await check(runbookWith('Rollback'), SPEC);
      expect(code).toBe(1);
      expect(of(report, 'missing-section').map((f) => [f.item, f.severity, f.file, f.line, f.column])).toEqual([
        ['Dead Letters', 'error', 'specs/s.md', 2, SPEC.split('\n')[1]!.indexOf('Dead Letters') + 1],
      ]);
    });

    test('all present: no finding', async () => {
      const { code, report } = await check(runbookWith('Rollback', 'Dead Letters'), SPEC);
      expect(of(report, 'missing-section')).toEqual([]);
      expect(code).toBe(0);
    });

    test('block-style lists work too', async () => {
      const spec = '---\ntitle: X\nrunbook-sections:\n  - Rollback\n  - Dead Letters\n---\n# Spec\n';
      const { report } = await check(runbookWith('Dead Letters'), spec);
      expect(of(report, 'missing-section').map((f) => [f.item, f.line])).toEqual([['Rollback', 4]]);
    });
  });

  describe('from prose that tells the runbook to add a section', () => {
    const SPEC = '# Postgres\n\n## Changes\n\n- `docs/RUNBOOK.md` — Add PostgreSQL troubleshooting section\n';

    test('missing: an error pointing at the title in the spec', async () => {
      const { code, report } = await check(runbookWith('Log Locations'), SPEC);
      expect(code).toBe(1);
      const found = of(report, 'missing-section');
      expect(found.map((f) => [f.item, f.severity, f.file, f.line])).toEqual([
        ['PostgreSQL troubleshooting', 'error', 'specs/s.md', 5],
      ]);
      expect(found[0]!.column).toBe(SPEC.split('\n')[4]!.indexOf('PostgreSQL') + 1);
    });

    test.each([
      ['the same words', 'PostgreSQL troubleshooting'],
      ['another case', 'POSTGRESQL TROUBLESHOOTING'],
      ['another order with punctuation', 'Troubleshooting: PostgreSQL'],
      ['plural', 'PostgreSQL Troubleshootings'],
      ['more words around them', 'Troubleshooting the PostgreSQL database'],
    ])('satisfied by a heading with %s: "%s"', async (_label, heading) => {
      const { report } = await check(runbookWith('Log Locations', heading), SPEC);
      expect(of(report, 'missing-section')).toEqual([]);
    });

    test('satisfied by a bold list lead-in', async () => {
      const runbook =
        '# Runbook\n\n## Operations\n\n- **PostgreSQL troubleshooting** (on call): check `pg_isready` first.\n';
      const { report } = await check(runbook, SPEC);
      expect(of(report, 'missing-section')).toEqual([]);
    });

    test('bold text inside a code block is not a heading', async () => {
      const runbook = '# Runbook\n\n## Operations\n\n```text\n**PostgreSQL troubleshooting**\n```\n';
      const { report } = await check(runbook, SPEC);
      expect(items(report, 'missing-section')).toEqual(['PostgreSQL troubleshooting']);
    });

    test('a bold lead-in like `- **Auto-commit** …` counts as a heading', async () => {
      const spec = '# Auto\n\nUpdate `docs/RUNBOOK.md`: add an Auto-commit section.\n';
      const runbook = '# Runbook\n\n## Jobs\n\n- **Auto-commit** (hourly): commits pending changes.\n';
      const missing = await check(runbookWith('Jobs'), spec);
      expect(items(missing.report, 'missing-section')).toEqual(['Auto-commit']);
      const present = await check(runbook, spec);
      expect(of(present.report, 'missing-section')).toEqual([]);
    });

    test('not satisfied by a heading with other words: "PostgreSQL migration"', async () => {
      const { report } = await check(runbookWith('PostgreSQL migration', 'Troubleshooting Redis'), SPEC);
      expect(items(report, 'missing-section')).toEqual(['PostgreSQL troubleshooting']);
    });

    test('a `#` comment inside a fenced code block is not a heading', async () => {
      const runbook =
        '# Runbook\n\n## Database\n\n```bash\n# PostgreSQL troubleshooting\npg_isready -h localhost\n```\n';
      const { code, report } = await check(runbook, SPEC);
      expect(items(report, 'missing-section')).toEqual(['PostgreSQL troubleshooting']);
      expect(code).toBe(1);
    });

    test('"add a new Rollback section" asks for "Rollback", not for "new Rollback"', async () => {
      const spec = '# Rollback\n\nAdd a new Rollback section to docs/RUNBOOK.md.\n';
      const present = await check(runbookWith('Rollback'), spec);
      expect(of(present.report, 'missing-section')).toEqual([]);
      const missing = await check(runbookWith('Log Locations'), spec);
      expect(items(missing.report, 'missing-section')).toEqual(['Rollback']);
    });

    test('prose that does not mention the runbook requires nothing of it', async () => {
      const spec = '# Postgres\n\n- `docs/DESIGN.md` — Add PostgreSQL troubleshooting section\n';
      const { report } = await check(runbookWith('Log Locations'), spec);
      expect(of(report, 'missing-section')).toEqual([]);
    });
  });

  describe('from an acceptance line listing headings', () => {
    const SPEC = [
      '# Runbook upkeep',
      '',
      '## Acceptance',
      '',
      '- [ ] Check that docs/RUNBOOK.md contains section headings (or equivalent) for: Log Locations, API Restart, and at least one of (Key Endpoints / Pipeline Effectiveness)',
      '',
    ].join('\n');

    test('all present (one of the alternatives is enough): no finding', async () => {
      const { report } = await check(runbookWith('Log Locations', 'Restart: API', 'Pipeline Effectiveness'), SPEC);
      expect(of(report, 'missing-section')).toEqual([]);
    });

    test('a missing heading is reported by itself, at the acceptance line', async () => {
      const { code, report } = await check(runbookWith('Log Locations', 'Key Endpoints'), SPEC);
      expect(code).toBe(1);
      expect(of(report, 'missing-section').map((f) => [f.item, f.file, f.line])).toEqual([
        ['API Restart', 'specs/s.md', 5],
      ]);
    });

    test('no alternative present: one finding naming them all', async () => {
      const { report } = await check(runbookWith('Log Locations', 'API Restart'), SPEC);
      expect(items(report, 'missing-section')).toEqual(['Key Endpoints / Pipeline Effectiveness']);
      expect(of(report, 'missing-section')[0]!.line).toBe(5);
    });

    test('an empty runbook misses all three', async () => {
      const { report } = await check('# Runbook\n', SPEC);
      expect(items(report, 'missing-section')).toEqual([
        'API Restart',
        'Key Endpoints / Pipeline Effectiveness',
        'Log Locations',
      ]);
    });

    test('the acceptance line written as "the file", in a list that names the runbook', async () => {
      const spec = [
        '# Runbook upkeep',
        '',
        '## Acceptance',
        '',
        'In docs/RUNBOOK.md: check that the file contains section headings (or equivalent) for: Log Locations, API Restart, and at least one of (Key Endpoints / Pipeline Effectiveness).',
        '',
      ].join('\n');
      const { report } = await check(runbookWith('Log Locations'), spec);
      expect(items(report, 'missing-section')).toEqual(['API Restart', 'Key Endpoints / Pipeline Effectiveness']);
    });
  });
});

describe('orphan-log and orphan-endpoint: what the runbook documents that no spec names', () => {
  const RUNBOOK = [
    '# Runbook',
    '',
    '## Log Locations',
    '',
    '- `api/logs/worker.log`',
    '- `api/logs/legacy.log`',
    '',
    '## Key Endpoints',
    '',
    '- `GET /api/health`',
    '- `GET /api/legacy/status`',
    '',
  ].join('\n');
  const SPEC = '# Worker\n\nFollow docs/RUNBOOK.md.\n\n- Writes `api/logs/worker.log`.\n- Serves `GET /api/health`.\n';

  test('info findings at the runbook; they do not affect the exit code', async () => {
    const dir = await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/w.md': SPEC });
    const { code, report } = await runRepo(dir, ['--max-warnings', '0']);
    expect(code).toBe(0);
    expect(report.findings.map((f) => [f.rule, f.item, f.severity, f.file, f.line])).toEqual([
      ['orphan-log', 'api/logs/legacy.log', 'info', 'docs/RUNBOOK.md', 6],
      ['orphan-endpoint', 'GET /api/legacy/status', 'info', 'docs/RUNBOOK.md', 11],
    ]);
  });

  test('a spec naming the bare file name anywhere counts as naming the log', async () => {
    const spec = `${SPEC}\nThe old legacy.log is rotated away weekly.\n`;
    const { report } = await runRepo(await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/w.md': spec }));
    expect(of(report, 'orphan-log')).toEqual([]);
    expect(items(report, 'orphan-endpoint')).toEqual(['GET /api/legacy/status']);
  });

  test('a spec that is not bound to the runbook still names things', async () => {
    const other = '# Legacy\n\n- `GET /api/legacy/status` reports the old pipeline.\n- Writes `api/logs/legacy.log`.\n';
    const { report } = await runRepo(
      await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/w.md': SPEC, 'specs/legacy.md': other }),
    );
    expect(repositoryFindings(report)).toEqual([]);
  });

  test('runtime files under a log directory count as named by their bare file name, even in passing', async () => {
    const runbook = '# Runbook\n\n## Log Locations\n\n- `api/logs/scheduler_state.json`\n- `api/logs/alerts.jsonl`\n';
    // The code writes both: runtime files, not data the repository keeps.
    const code = { 'api/app/state.py': 'STATE = "logs/scheduler_state.json"\nALERTS = "logs/alerts.jsonl"\n' };
    const orphaned = await runRepo(
      await repo({ 'docs/RUNBOOK.md': runbook, 'specs/s.md': '# S\n\nNothing about files.\n', ...code }),
    );
    expect(items(orphaned.report, 'orphan-log')).toEqual(['api/logs/alerts.jsonl', 'api/logs/scheduler_state.json']);

    const prose =
      '# S\n\nThe scheduler persists scheduler_state.json between runs.\n\n## Out of Scope\n\nRotating alerts.jsonl.\n';
    const named = await runRepo(await repo({ 'docs/RUNBOOK.md': runbook, 'specs/s.md': prose, ...code }));
    expect(of(named.report, 'orphan-log')).toEqual([]);
    expect(of(named.report, 'stale-file')).toEqual([]);
  });

  test('an endpoint a spec names without its method is not orphaned', async () => {
    const spec = `${SPEC}\nThe \`/api/legacy/status\` endpoint stays for old clients.\n`;
    const { report } = await runRepo(await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/w.md': spec }));
    expect(of(report, 'orphan-endpoint')).toEqual([]);
    expect(items(report, 'orphan-log')).toEqual(['api/logs/legacy.log']);
  });

  test('an endpoint a spec names with another parameter spelling is not orphaned', async () => {
    const runbook = '# Runbook\n\n## Key Endpoints\n\n- `GET /api/jobs/{id}`\n';
    const spec = '# Jobs\n\n- Serves `GET /api/jobs/:job_id`.\n';
    const { report } = await runRepo(await repo({ 'docs/RUNBOOK.md': runbook, 'specs/j.md': spec }));
    expect(of(report, 'orphan-endpoint')).toEqual([]);
  });

  test('without the repository at hand: no orphans', async () => {
    const { report } = await runJson(['--no-config'], await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/w.md': SPEC }));
    expect(of(report, 'orphan-log')).toEqual([]);
    expect(of(report, 'orphan-endpoint')).toEqual([]);
  });

  describe('never in PR mode (--changed-since): not every spec is read', () => {
    const setUp = (): Promise<string> =>
      committedRepo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/w.md': SPEC, 'specs/other.md': '# Other\n' }, 'start');

    test('a spec changed: orphans are silent, though the full run reports them', async () => {
      const dir = await setUp();
      await fs.writeFile(path.join(dir, 'specs/other.md'), '# Other\n\nNothing new.\n');
      commitAll(dir, 'edit a spec');
      const full = await runJson(['--no-config'], dir);
      expect(rulesOf(full.report)).toEqual(['orphan-endpoint', 'orphan-log']);
      const pr = await runJson(['--no-config', '--changed-since', 'HEAD~1'], dir);
      expect(pr.stderr).toBe('');
      expect(of(pr.report, 'orphan-log')).toEqual([]);
      expect(of(pr.report, 'orphan-endpoint')).toEqual([]);
    });

    test('the runbook changed (every spec is read): still silent', async () => {
      const dir = await setUp();
      await fs.writeFile(path.join(dir, 'docs/RUNBOOK.md'), `${RUNBOOK}- \`api/logs/newer.log\`\n`);
      commitAll(dir, 'edit the runbook');
      const pr = await runJson(['--no-config', '--changed-since', 'HEAD~1'], dir);
      expect(pr.stderr).toBe('');
      expect(of(pr.report, 'orphan-log')).toEqual([]);
      expect(of(pr.report, 'orphan-endpoint')).toEqual([]);
    });

    test('--root with --changed-since: still silent', async () => {
      const dir = await setUp();
      await fs.writeFile(path.join(dir, 'specs/other.md'), '# Other\n\nNothing new.\n');
      commitAll(dir, 'edit a spec');
      const pr = await runJson(['--no-config', '--root', '.', '--changed-since', 'HEAD~1'], dir);
      expect(of(pr.report, 'orphan-log')).toEqual([]);
      expect(of(pr.report, 'orphan-endpoint')).toEqual([]);
    });
  });
});

describe('rules: in config changes the new rules', () => {
  const RUNBOOK =
    '# Runbook\n\n## Log Locations\n\n- `api/logs/lonely.log`\n\n## Key Endpoints\n\n- `GET /api/lonely`\n\nSee `config/missing.yml`.\n';

  test('defaults: orphans are info, stale-file a warning: exit 0', async () => {
    const { code, report } = await runRepo(await repo({ 'docs/RUNBOOK.md': RUNBOOK, 'specs/a.md': '# A\n' }));
    expect(code).toBe(0);
    expect(report.findings.map((f) => [f.rule, f.severity]).sort()).toEqual([
      ['orphan-endpoint', 'info'],
      ['orphan-log', 'info'],
      ['stale-file', 'warning'],
    ]);
  });

  test('`rules: { orphan-log: off, stale-file: error }` drops the one and fails on the other', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': RUNBOOK,
      'specs/a.md': '# A\n',
      'sync-check.config.yaml': 'root: .\nrules:\n  orphan-log: off\n  stale-file: error\n',
    });
    const { code, report, stderr } = await runJson([], dir);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.rule, f.severity]).sort()).toEqual([
      ['orphan-endpoint', 'info'],
      ['stale-file', 'error'],
    ]);
  });

  test('stale-script: warning and planned-script: error, in JSON config', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': '# Runbook\n\n```bash\n./scripts/gone.sh\n```\n',
      'specs/a.md': PLANNING_SPEC,
      'sync-check.config.json': `${JSON.stringify({ root: '.', rules: { 'stale-script': 'warning', 'planned-script': 'error' } })}\n`,
    });
    const { code, report } = await runJson([], dir);
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.rule, f.severity]).sort()).toEqual([
      ['planned-script', 'error'],
      ['stale-script', 'warning'],
    ]);
  });

  test('missing-section and undocumented-flag can be turned off', async () => {
    const dir = await repo({
      'docs/RUNBOOK.md': '# Runbook\n\n```bash\n./scripts/run.sh\n```\n',
      'specs/a.md':
        '---\nrunbook-sections: [Rollback]\n---\n# A\n\nFollow docs/RUNBOOK.md: `./scripts/run.sh --backlog FILE`.\n',
      'scripts/run.sh': 'case "$1" in --backlog) ;; esac\n',
    });
    const before = await runRepo(dir);
    expect(rulesOf(before.report)).toEqual(['missing-section', 'undocumented-flag']);
    await fs.writeFile(
      path.join(dir, 'sync-check.config.yaml'),
      'rules:\n  missing-section: off\n  undocumented-flag: warning\n',
    );
    const { code, report } = await runJson(['--root', '.'], dir);
    expect(code).toBe(0);
    expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([['undocumented-flag', 'warning']]);
  });
});

describe('--root that is not a directory', () => {
  test('is a usage error, not a silent switch-off of the repository rules', async () => {
    const dir = await repo({ 'docs/RUNBOOK.md': '# R\n', 'specs/a.md': '# A\n' });
    const r = await run(['--no-config', '--root', 'nope'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--root nope: no such directory');
  });
});
