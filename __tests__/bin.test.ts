/**
 * The built executable, spawned as a user would run it. Needs `npm run build` first: the test
 * never builds, it fails with a clear message when dist/ is missing.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(PROJECT, 'dist', 'cli', 'bin.js');
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/;
const STACK_FRAME = /^\s+at .*:\d+:\d+\)?$/m;

/** Variables that make picocolors (or CI detection) turn colour on or off. */
const COLOR_VARS = [
  'NO_COLOR',
  'FORCE_COLOR',
  'CI',
  'CONTINUOUS_INTEGRATION',
  'BUILD_NUMBER',
  'RUN_ID',
  'GITHUB_ACTIONS',
  'GITLAB_CI',
  'CIRCLECI',
  'TRAVIS',
  'BUILDKITE',
  'DRONE',
  'APPVEYOR',
  'TF_BUILD',
  'TEAMCITY_VERSION',
  'JENKINS_URL',
  'CI_NAME',
  'CODEBUILD_BUILD_ID',
  'BITBUCKET_BUILD_NUMBER',
];

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env };
  for (const name of COLOR_VARS) delete e[name];
  return { ...e, TERM: 'xterm-256color', ...extra };
}

function runBin(args: string[], extraEnv: Record<string, string> = {}): SpawnSyncReturns<string> {
  if (!existsSync(BIN))
    throw new Error(`${path.relative(PROJECT, BIN)} is missing: run \`npm run build\` before the tests.`);
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: PROJECT,
    env: env(extraEnv),
    encoding: 'utf8',
    timeout: 20000,
  });
  if (result.error) throw result.error;
  return result;
}

beforeAll(() => {
  if (!existsSync(BIN))
    throw new Error(`${path.relative(PROJECT, BIN)} is missing: run \`npm run build\` before the tests.`);
});

const EXAMPLE = ['-C', 'specs-fixtures/example'];

describe('dist/cli/bin.js (the bundled bin)', () => {
  test('exits 1 on the bundled example, printing its findings and the summary', () => {
    const r = runBin([...EXAMPLE, '--no-color']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('specs/010-worker-logging.md\n');
    // Drift first, what the code names (with where); planned work apart, after it.
    expect(r.stdout).toMatch(
      /^ {2}4:5 +error +log +log path `svc\/logs\/audit\.log` is not in RUNBOOK\.md; written by `svc\/app\/worker\.py:15`/m,
    );
    const planned = r.stdout.indexOf('Planned or internal work (4)');
    expect(planned).toBeGreaterThan(r.stdout.indexOf('specs/060-dead-letters.md'));
    const typo =
      /^ {2}19:21 +warning +log +log path `svc\/logs\/alert\.jsonl` is not in RUNBOOK\.md \(no code in the repository names this file\); did you mean `alerts\.jsonl`\? The code writes it \(`svc\/app\/worker\.py:\d+`\) and RUNBOOK\.md:12 documents it/m;
    expect(r.stdout).toMatch(typo);
    expect(r.stdout.search(typo)).toBeGreaterThan(planned);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe(
      '✖ 21 findings (log 5, script 6, endpoint 3, env 3, file 2, flag 1, section 1) in 6 files; 5 specs checked (3 bound to docs/RUNBOOK.md)',
    );
    // A spec that never names the runbook still asks for what the code shows operators use, as a warning.
    expect(r.stdout).toMatch(
      /^ {2}4:46 +warning +script +script `svc\/scripts\/serve\.sh` is not in RUNBOOK\.md; run by `Makefile:7`; no part of the spec binds it to the runbook, but the code shows operators need it +operator-script$/m,
    );
  });

  test('--format json on the example is one parseable JSON object', () => {
    const r = runBin([...EXAMPLE, '--format', 'json'], { FORCE_COLOR: '1' });
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(ANSI);
    const report = JSON.parse(r.stdout);
    // The example is a repository of its own (its config sets root: .): the runbook is held
    // against its files and code too: stale scripts and files, planned work, orphans.
    expect(report.findings).toHaveLength(21);
    expect(report.summary.byKind).toEqual({
      log: 5,
      script: 6,
      endpoint: 3,
      env: 3,
      file: 2,
      flag: 1,
      section: 1,
      waiver: 0,
    });
    expect(
      report.findings
        .filter((f: { file: string }) => f.file === 'docs/RUNBOOK.md')
        .map((f: { rule: string; item: string }) => [f.rule, f.item]),
    ).toEqual([
      // A data file nothing writes and the repository does not keep.
      ['stale-file', 'svc/logs/scheduler_state.json'],
      ['orphan-log', 'svc/logs/alerts.jsonl'],
      ['stale-file', 'ESCALATION.md'],
      ['orphan-endpoint', 'GET /api/health'],
      ['stale-script', './scripts/cleanup_jobs.sh'],
    ]);
  });

  test('--version prints the package.json version', async () => {
    const pkg = JSON.parse(await fs.readFile(path.join(PROJECT, 'package.json'), 'utf8')) as { version: string };
    const r = runBin(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  test('exits 2 without a stack trace for a missing -C directory', () => {
    const r = runBin(['-C', 'specs-fixtures/no-such-dir']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sync-check: .*no-such-dir/);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  describe('colour', () => {
    test('piped output without NO_COLOR / FORCE_COLOR / CI has no ANSI escapes', () => {
      const r = runBin(EXAMPLE);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('svc/logs/audit.log');
      expect(r.stdout).not.toMatch(ANSI);
    });

    test('NO_COLOR=1 turns colour off', () => {
      const r = runBin(EXAMPLE, { NO_COLOR: '1' });
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('svc/logs/audit.log');
      expect(r.stdout).not.toMatch(ANSI);
    });

    test('FORCE_COLOR=1 turns colour on, even into a pipe', () => {
      const r = runBin(EXAMPLE, { FORCE_COLOR: '1' });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(ANSI);
    });

    test('--color overrides NO_COLOR=1', () => {
      const r = runBin([...EXAMPLE, '--color'], { NO_COLOR: '1' });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(ANSI);
    });

    test('--color turns colour on into a pipe', () => {
      expect(runBin([...EXAMPLE, '--color']).stdout).toMatch(ANSI);
    });

    test('--no-color overrides FORCE_COLOR=1', () => {
      const r = runBin([...EXAMPLE, '--no-color'], { FORCE_COLOR: '1' });
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('svc/logs/audit.log');
      expect(r.stdout).not.toMatch(ANSI);
    });

    test('the last of --color / --no-color wins', () => {
      expect(runBin([...EXAMPLE, '--color', '--no-color']).stdout).not.toMatch(ANSI);
      expect(runBin([...EXAMPLE, '--no-color', '--color']).stdout).toMatch(ANSI);
    });
  });
});
