/**
 * PR mode (--changed-since REF): only specs changed since REF are checked, plus every spec when
 * the runbook changed, reporting only drift the change introduced. Each test builds a real
 * temporary git repository under os.tmpdir().
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Report } from '../src/types.js';
import {
  STACK_FRAME,
  committedRepo,
  run as runCli,
  runJson as runJsonCli,
  tempDir,
  writeFiles,
  git,
} from './support/harness.js';

// These repositories hold specs and a runbook but no code: every item would be planned work.
// PR mode is what is tested here, so the code is not consulted (one test below turns it on).
const run = (argv: string[], cwd: string) => runCli(['--no-code', ...argv], cwd);
const runJson = (argv: string[], cwd: string) => runJsonCli(['--no-code', ...argv], cwd);

const RUNBOOK = '# Runbook\n\n## Log Locations\n\n- `svc/logs/worker.log`\n- `svc/logs/api.log`\n';
const FILES: Record<string, string> = {
  'docs/RUNBOOK.md': RUNBOOK,
  'specs/worker.md': '# Worker\n\nThe worker writes `svc/logs/worker.log`.\n',
  'specs/api.md': '# API\n\nThe API writes `svc/logs/api.log`.\n',
  /** Drift that was already there before the change under review. */
  'specs/legacy.md': '# Legacy\n\nThe old cron writes `svc/logs/legacy.log`.\n',
};

/** A repository with FILES committed on the current branch. */
const gitRepo = (): Promise<string> => committedRepo(FILES);

const located = (r: Report): Array<[string, string]> => r.findings.map((f) => [f.file, f.item]);

describe('the repository the tests start from', () => {
  test('a full check sees the pre-existing drift in specs/legacy.md', async () => {
    const { code, report } = await runJson([], await gitRepo());
    expect(code).toBe(1);
    expect(report.summary.specsChecked).toBe(3);
    expect(located(report)).toEqual([['specs/legacy.md', 'svc/logs/legacy.log']]);
  });
});

describe('--changed-since', () => {
  test('(a) a new spec, staged: only it is checked', async () => {
    const dir = await gitRepo();
    await writeFiles(dir, { 'specs/new.md': '# New\n\nWrites `svc/logs/new.log` and `svc/logs/worker.log`.\n' });
    git(dir, 'add', 'specs/new.md');
    const { code, report, stderr } = await runJson(['--changed-since', 'HEAD'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(report.summary.specsChecked).toBe(1);
    expect(located(report)).toEqual([['specs/new.md', 'svc/logs/new.log']]);
  });

  test('(a) a new spec, committed on a branch: only it is checked against the base', async () => {
    const dir = await gitRepo();
    git(dir, 'checkout', '-q', '-b', 'feature');
    await writeFiles(dir, { 'specs/new.md': '# New\n\nWrites `svc/logs/new.log`.\n' });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'add spec');
    const { code, report } = await runJson(['--changed-since', 'HEAD~1'], dir);
    expect(code).toBe(1);
    expect(report.summary.specsChecked).toBe(1);
    expect(located(report)).toEqual([['specs/new.md', 'svc/logs/new.log']]);
    // Against itself nothing changed.
    const same = await runJson(['--changed-since', 'HEAD'], dir);
    expect(same.code).toBe(0);
    expect(same.report.summary.specsChecked).toBe(0);
  });

  test('(b) a modified spec: only it is checked', async () => {
    const dir = await gitRepo();
    await fs.appendFile(path.join(dir, 'specs/api.md'), '\nErrors go to `svc/logs/api-error.log`.\n');
    const { code, report } = await runJson(['--changed-since', 'HEAD'], dir);
    expect(code).toBe(1);
    expect(report.summary.specsChecked).toBe(1);
    expect(located(report)).toEqual([['specs/api.md', 'svc/logs/api-error.log']]);
  });

  test('(b) a modified spec without new drift: exit 0, though an unchanged spec has drift', async () => {
    const dir = await gitRepo();
    await fs.appendFile(path.join(dir, 'specs/api.md'), '\nNothing new here.\n');
    const { code, report } = await runJson(['--changed-since', 'HEAD'], dir);
    expect(code).toBe(0);
    expect(report.summary.specsChecked).toBe(1);
    expect(report.findings).toEqual([]);
  });

  test('(c) a spec renamed with git mv and changed: checked under its new name', async () => {
    const dir = await gitRepo();
    git(dir, 'mv', 'specs/api.md', 'specs/http-api.md');
    await fs.appendFile(path.join(dir, 'specs/http-api.md'), '\nErrors go to `svc/logs/api-error.log`.\n');
    const { code, report } = await runJson(['--changed-since', 'HEAD'], dir);
    expect(code).toBe(1);
    expect(report.summary.specsChecked).toBe(1);
    expect(located(report)).toEqual([['specs/http-api.md', 'svc/logs/api-error.log']]);
  });

  test('(c) a renamed spec is checked whole: its old drift comes with it under the new name', async () => {
    const dir = await gitRepo();
    git(dir, 'mv', 'specs/legacy.md', 'specs/old-cron.md');
    await fs.appendFile(path.join(dir, 'specs/old-cron.md'), '\nStill running.\n');
    git(dir, 'commit', '-q', '-m', 'rename');
    const { code, report } = await runJson(['--changed-since', 'HEAD~1'], dir);
    expect(code).toBe(1);
    expect(report.summary.specsChecked).toBe(1);
    expect(located(report)).toEqual([['specs/old-cron.md', 'svc/logs/legacy.log']]);
  });

  test('(d) an untracked new spec counts', async () => {
    const dir = await gitRepo();
    await writeFiles(dir, { 'specs/draft.md': '# Draft\n\nWrites `svc/logs/draft.log`.\n' });
    const { code, report } = await runJson(['--changed-since', 'HEAD'], dir);
    expect(code).toBe(1);
    expect(report.summary.specsChecked).toBe(1);
    expect(located(report)).toEqual([['specs/draft.md', 'svc/logs/draft.log']]);
  });

  test('(d) an untracked spec that .gitignore excludes does not count', async () => {
    const dir = await gitRepo();
    await writeFiles(dir, {
      '.gitignore': 'specs/scratch.md\n',
      'specs/scratch.md': '# Scratch\n\nWrites `svc/logs/scratch.log`.\n',
    });
    const { code, report } = await runJson(['--changed-since', 'HEAD'], dir);
    expect(code).toBe(0);
    expect(report.summary.specsChecked).toBe(0);
  });

  test('(e) no changes: 0 specs checked, exit 0, despite drift in the repository', async () => {
    const dir = await gitRepo();
    const { code, report, stderr } = await runJson(['--changed-since', 'HEAD'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(report.summary.specsChecked).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.diagnostics).toEqual([]);
  });

  test('(e) a change outside specs and runbook: 0 specs checked', async () => {
    const dir = await gitRepo();
    await writeFiles(dir, {
      'src/main.py': 'print("hi")\n',
      'README.md': '# Readme\n\nWrites `svc/logs/readme.log`.\n',
    });
    const { code, report } = await runJson(['--changed-since', 'HEAD'], dir);
    expect(code).toBe(0);
    expect(report.summary.specsChecked).toBe(0);
  });

  test('(f) removing an item from the runbook reports the unchanged spec that named it, not older drift', async () => {
    const dir = await gitRepo();
    await fs.writeFile(path.join(dir, 'docs/RUNBOOK.md'), '# Runbook\n\n## Log Locations\n\n- `svc/logs/worker.log`\n');
    const { code, report } = await runJson(['--changed-since', 'HEAD'], dir);
    expect(code).toBe(1);
    expect(located(report)).toEqual([['specs/api.md', 'svc/logs/api.log']]);
    expect(report.findings.some((f) => f.file === 'specs/legacy.md')).toBe(false);
    expect(report.summary.findings).toBe(1);
  });

  test('(f) a runbook edit that removes nothing: exit 0, older drift not reported', async () => {
    const dir = await gitRepo();
    await fs.appendFile(path.join(dir, 'docs/RUNBOOK.md'), '\n## Contacts\n\nPage the on-call.\n');
    const { code, report } = await runJson(['--changed-since', 'HEAD'], dir);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
  });

  test('(f) runbook and a spec both changed: all drift of the changed spec, only new drift of the others', async () => {
    const dir = await gitRepo();
    await fs.writeFile(path.join(dir, 'docs/RUNBOOK.md'), '# Runbook\n\n## Log Locations\n\n- `svc/logs/worker.log`\n');
    await fs.appendFile(path.join(dir, 'specs/legacy.md'), '\nAnd `svc/logs/legacy-2.log`.\n');
    const { code, report } = await runJson(['--changed-since', 'HEAD'], dir);
    expect(code).toBe(1);
    expect(located(report)).toEqual([
      ['specs/api.md', 'svc/logs/api.log'],
      ['specs/legacy.md', 'svc/logs/legacy.log'],
      ['specs/legacy.md', 'svc/logs/legacy-2.log'],
    ]);
  });

  test('works from a subdirectory of the work tree', async () => {
    const dir = await gitRepo();
    await fs.appendFile(path.join(dir, 'specs/api.md'), '\nErrors go to `svc/logs/api-error.log`.\n');
    const { code, report } = await runJson(
      ['-C', 'specs', '--specs', '.', '--runbook', '../docs/RUNBOOK.md', '--changed-since', 'HEAD'],
      dir,
    );
    expect(code).toBe(1);
    expect(report.summary.specsChecked).toBe(1);
    expect(report.findings.map((f) => f.item)).toEqual(['svc/logs/api-error.log']);
  });

  test('(g) outside a git repository: exit 2, "not inside a git work tree"', async () => {
    const dir = await tempDir();
    await writeFiles(dir, FILES);
    // Stop git from finding a repository above the temporary directory.
    const saved = process.env.GIT_CEILING_DIRECTORIES;
    process.env.GIT_CEILING_DIRECTORIES = path.dirname(dir);
    try {
      const r = await run(['--changed-since', 'HEAD'], dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^sync-check: /);
      expect(r.stderr).toContain('not inside a git work tree');
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(r.stderr).not.toMatch(/internal error/);
    } finally {
      if (saved === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
      else process.env.GIT_CEILING_DIRECTORIES = saved;
    }
  });

  test.each(['no-such-branch', 'HEAD~5', 'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef', 'HEAD:docs'])(
    '(h) a bad ref (%s): exit 2, "unknown git revision"',
    async (ref) => {
      const r = await run(['--changed-since', ref], await gitRepo());
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('unknown git revision');
      expect(r.stderr).toContain(ref);
      expect(r.stderr).not.toMatch(STACK_FRAME);
    },
  );

  test.each(['-rf', '--output=PWNED', '--no-index', '-p'])(
    '(i) a ref starting with "-" (%s) is refused: exit 2, no option reaches git',
    async (ref) => {
      const dir = await gitRepo();
      const target = path.join(dir, 'pwned.txt');
      const r = await run([`--changed-since=${ref.replace('PWNED', target)}`], dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^sync-check: /);
      expect(r.stderr).toMatch(/git revision/);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(existsSync(target)).toBe(false);
      // Nothing in the work tree changed.
      expect(git(dir, 'status', '--porcelain')).toBe('');
    },
  );

  test('(i) an empty ref is refused', async () => {
    const r = await run(['--changed-since='], await gitRepo());
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('--changed-since with the code at hand', () => {
  test('a new log the code writes is drift; one no code writes is planned, a warning that does not fail the check', async () => {
    const dir = await committedRepo({ ...FILES, 'svc/app.py': 'open("svc/logs/api-error.log", "a")\n' });
    await fs.appendFile(
      path.join(dir, 'specs/api.md'),
      '\nErrors go to `svc/logs/api-error.log`; traces to `svc/logs/trace.log`.\n',
    );
    const { code, report } = await runJsonCli(['--changed-since', 'HEAD'], dir);
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.rule, f.item, f.severity])).toEqual([
      ['undocumented-log', 'svc/logs/api-error.log', 'error'],
      ['planned-log', 'svc/logs/trace.log', 'warning'],
    ]);
    expect(report.findings[0]!.message).toContain('written by `svc/app.py:1`');
  });
});

describe('a pull request that edits the baseline', () => {
  test('adding entries that silence its own new drift is visible in the checklist, the Markdown report and the text', async () => {
    const dir = await committedRepo({
      ...FILES,
      '.sync-check-baseline.json': '{"version":1,"tool":"sync-check","findings":[]}\n',
    });
    await writeFiles(dir, { 'specs/new.md': '# New\n\nWrites `svc/logs/new.log`.\n' });
    // The pull request records its own drift in the baseline.
    expect((await run(['--write-baseline', '.sync-check-baseline.json', '-f', 'json'], dir)).code).toBe(1);
    const checklist = await run(
      ['--changed-since', 'HEAD', '--baseline', '.sync-check-baseline.json', '-f', 'checklist'],
      dir,
    );
    expect(checklist.code).toBe(0);
    expect(checklist.stdout).toContain('This pull request adds 2 entries to the baseline (.sync-check-baseline.json)');
    const text = await run(['--changed-since', 'HEAD', '--baseline', '.sync-check-baseline.json', '--no-color'], dir);
    expect(text.stdout).toContain('This pull request adds 2 entries to the baseline');
    const unchanged = await run(
      ['--changed-since', 'HEAD', '--baseline', '.sync-check-baseline.json', '-f', 'markdown'],
      await committedRepo({
        ...FILES,
        '.sync-check-baseline.json': '{"version":1,"tool":"sync-check","findings":[]}\n',
      }),
    );
    expect(unchanged.stdout).not.toContain('adds');
  });

  test('a baseline with a UTF-8 byte order mark is read', async () => {
    const dir = await committedRepo({
      ...FILES,
      '.sync-check-baseline.json': '\uFEFF{"version":1,"tool":"sync-check","findings":[]}\n',
    });
    const r = await run(['--baseline', '.sync-check-baseline.json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });
});

describe("the runbook's own findings in PR mode", () => {
  const STALE = `${RUNBOOK}\n- Restart with \`./scripts/gone.sh\`.\n`;
  test('a pull request that does not touch the runbook is not told about its stale scripts; one that adds one is', async () => {
    const dir = await committedRepo({ ...FILES, 'docs/RUNBOOK.md': STALE });
    await writeFiles(dir, {
      'specs/worker.md': '# Worker\n\nThe worker writes `svc/logs/worker.log` and `svc/logs/extra.log`.\n',
    });
    const untouched = await runJson(['--root', '.', '--changed-since', 'HEAD'], dir);
    expect(untouched.report.findings.map((f) => [f.rule, f.item])).toEqual([
      ['undocumented-log', 'svc/logs/extra.log'],
    ]);
    await writeFiles(dir, { 'docs/RUNBOOK.md': `${STALE}- Then \`./scripts/also_gone.sh\`.\n` });
    const touched = await runJson(['--root', '.', '--changed-since', 'HEAD'], dir);
    expect(touched.report.findings.filter((f) => f.file === 'docs/RUNBOOK.md').map((f) => f.item)).toEqual([
      './scripts/also_gone.sh',
    ]);
  });
});
