/**
 * History (`withHistory`, `--blame`, `--history`, `--since`) on repositories built here with a
 * known history: a finding gets the commit that brought it, or the one that brought it back
 * after a fix; a renamed spec keeps its findings' history; a shallow clone says how far it saw;
 * the trend counts the drift at each commit that touched the documents, as a plain check of
 * that commit's files would; and git never runs a program the repository's config names.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { check, type CheckOptions } from '../src/api.js';
import { GitError } from '../src/base/errors.js';
import { withHistory } from '../src/run/history.js';
import type { Introduced, Report } from '../src/types.js';
import { run, tempDir, writeFiles } from './support/harness.js';

const RUNBOOK = [
  '# Runbook',
  '',
  '## Logs',
  '',
  '| Path | Purpose |',
  '|---|---|',
  '| `svc/logs/api.log` | requests |',
  '',
];
const runbook = (...rows: string[]): string =>
  [...RUNBOOK.slice(0, -1), ...rows.map((r) => `| \`${r}\` | kept |`), ''].join('\n');
const spec = (...logs: string[]): string =>
  [
    '# Worker',
    '',
    'Operators follow docs/RUNBOOK.md.',
    '',
    ...logs.map((l) => `- The worker writes \`${l}\`.`),
    '',
  ].join('\n');

const NOW = new Date('2026-03-01T00:00:00Z');

function gitIn(dir: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync(
    'git',
    ['-c', 'user.email=t@example.com', '-c', 'user.name=T', '-c', 'commit.gpgsign=false', ...args],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

/** Writes `files` (null deletes), commits them with `message` at `date`, and returns the commit id. */
async function commit(
  dir: string,
  date: string,
  message: string,
  files: Record<string, string | null>,
): Promise<string> {
  for (const [rel, text] of Object.entries(files)) {
    if (text === null) await fs.rm(path.join(dir, rel));
    else await writeFiles(dir, { [rel]: text });
  }
  gitIn(dir, ['add', '-A']);
  gitIn(dir, ['commit', '-q', '--no-verify', '--allow-empty', '-m', message], {
    GIT_AUTHOR_DATE: `${date}T12:00:00Z`,
    GIT_COMMITTER_DATE: `${date}T12:00:00Z`,
  });
  return gitIn(dir, ['rev-parse', 'HEAD']);
}

async function newRepo(): Promise<string> {
  const dir = await tempDir();
  gitIn(dir, ['init', '-q']);
  return dir;
}

const optionsFor = (dir: string, extra: Partial<CheckOptions> = {}): CheckOptions => ({
  specs: 'specs',
  runbook: 'docs/RUNBOOK.md',
  cwd: dir,
  root: dir,
  now: NOW,
  ...extra,
});

async function blamed(dir: string, extra: Partial<CheckOptions> = {}, since?: string): Promise<Report> {
  const options = optionsFor(dir, extra);
  return withHistory(await check(options), options, { blame: true, ...(since ? { since } : {}) });
}

function introducedOf(report: Report, item: string): Introduced | undefined {
  return report.findings.find((f) => f.item === item)?.introduced;
}

describe('blame: the commit a finding comes from', () => {
  test('a finding introduced at a known commit gets that commit, its date, subject and age', async () => {
    const dir = await newRepo();
    await commit(dir, '2026-01-01', 'start', {
      'docs/RUNBOOK.md': runbook(),
      'specs/worker.md': spec('svc/logs/api.log'),
    });
    const b = await commit(dir, '2026-01-10', 'worker writes a queue log', {
      'specs/worker.md': spec('svc/logs/api.log', 'svc/logs/queue.log'),
    });
    await commit(dir, '2026-01-20', 'unrelated', { 'NOTES.txt': 'hello\n' });
    const report = await blamed(dir);
    expect(report.findings.map((f) => f.item)).toEqual(['svc/logs/queue.log']);
    expect(introducedOf(report, 'svc/logs/queue.log')).toEqual({
      commit: b,
      date: '2026-01-10T12:00:00.000Z',
      summary: 'worker writes a queue log',
      // 49.5 days before NOW: whole days.
      ageDays: 49,
    });
  });

  test('a finding fixed and brought back gets the commit that brought it back', async () => {
    const dir = await newRepo();
    await commit(dir, '2026-01-01', 'start', {
      'docs/RUNBOOK.md': runbook(),
      'specs/worker.md': spec('svc/logs/api.log'),
    });
    await commit(dir, '2026-01-02', 'spec names the queue log', {
      'specs/worker.md': spec('svc/logs/api.log', 'svc/logs/queue.log'),
    });
    await commit(dir, '2026-01-03', 'runbook documents it', { 'docs/RUNBOOK.md': runbook('svc/logs/queue.log') });
    const d = await commit(dir, '2026-01-04', 'runbook loses it again', { 'docs/RUNBOOK.md': runbook() });
    const at = introducedOf(await blamed(dir), 'svc/logs/queue.log');
    expect(at).toMatchObject({ commit: d, summary: 'runbook loses it again' });
  });

  test('a renamed spec keeps the history of its findings', async () => {
    const dir = await newRepo();
    await commit(dir, '2026-01-01', 'start', { 'docs/RUNBOOK.md': runbook() });
    const b = await commit(dir, '2026-01-02', 'add the spec', { 'specs/worker.md': spec('svc/logs/queue.log') });
    gitIn(dir, ['mv', 'specs/worker.md', 'specs/worker-v2.md']);
    await commit(dir, '2026-01-03', 'rename the spec', {});
    const report = await blamed(dir);
    expect(report.findings.map((f) => f.file)).toEqual(['specs/worker-v2.md']);
    expect(introducedOf(report, 'svc/logs/queue.log')).toMatchObject({ commit: b });
  });

  test('a shallow clone: findings older than what it holds are "at least" as old as its oldest commit', async () => {
    const origin = await newRepo();
    await commit(origin, '2026-01-01', 'start', {
      'docs/RUNBOOK.md': runbook(),
      'specs/worker.md': spec('svc/logs/queue.log'),
    });
    await commit(origin, '2026-01-02', 'two', { 'a.txt': '2\n' });
    const three = await commit(origin, '2026-01-03', 'three', { 'a.txt': '3\n' });
    await commit(origin, '2026-01-04', 'four', { 'a.txt': '4\n' });
    const dir = path.join(await tempDir(), 'shallow');
    gitIn(path.dirname(dir), ['clone', '-q', '--depth', '2', `file://${origin}`, dir]);
    const options = optionsFor(dir);
    const report = await withHistory(await check(options), options, { blame: true, points: 5 });
    expect(introducedOf(report, 'svc/logs/queue.log')).toMatchObject({ commit: three, atLeast: true });
    expect(report.history?.shallow).toBe(true);
    const warning = report.diagnostics.find((d) => d.code === 'history-limited');
    expect(warning?.message).toMatch(/shallow/);
  });

  test('--since a revision bounds the walk: older findings are "at least" that old', async () => {
    const dir = await newRepo();
    await commit(dir, '2026-01-01', 'start', {
      'docs/RUNBOOK.md': runbook(),
      'specs/worker.md': spec('svc/logs/queue.log'),
    });
    const two = await commit(dir, '2026-01-02', 'two', { 'a.txt': '2\n' });
    const three = await commit(dir, '2026-01-03', 'three', { 'a.txt': '3\n' });
    expect(introducedOf(await blamed(dir, {}, two), 'svc/logs/queue.log')).toMatchObject({
      commit: three,
      atLeast: true,
    });
    expect(introducedOf(await blamed(dir, {}, '2026-01-02'), 'svc/logs/queue.log')).toMatchObject({
      commit: two,
      atLeast: true,
    });
    const options = optionsFor(dir);
    await expect(withHistory(await check(options), options, { blame: true, since: 'no-such-ref' })).rejects.toThrow(
      GitError,
    );
    await expect(withHistory(await check(options), options, { blame: true, since: '--output=x' })).rejects.toThrow(
      GitError,
    );
  });

  test('a finding only the work tree has is not committed yet', async () => {
    const dir = await newRepo();
    await commit(dir, '2026-01-01', 'start', {
      'docs/RUNBOOK.md': runbook(),
      'specs/worker.md': spec('svc/logs/api.log'),
    });
    await writeFiles(dir, { 'specs/worker.md': spec('svc/logs/api.log', 'svc/logs/new.log') });
    expect(introducedOf(await blamed(dir), 'svc/logs/new.log')).toEqual({ uncommitted: true });
  });

  test('outside a git repository the report is unchanged but for a warning', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { 'docs/RUNBOOK.md': runbook(), 'specs/worker.md': spec('svc/logs/queue.log') });
    const report = await blamed(dir);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]!.introduced).toBeUndefined();
    expect(report.diagnostics.map((d) => [d.code, d.severity])).toEqual([['history-limited', 'warning']]);
  });
});

describe('trend: the drift at each commit that touched the documents', () => {
  test('counts by kind and severity at the last N such commits and at the newest', async () => {
    const dir = await newRepo();
    await commit(dir, '2026-01-01', 'start', {
      'docs/RUNBOOK.md': runbook(),
      'specs/worker.md': spec('svc/logs/a.log'),
    });
    const two = await commit(dir, '2026-01-02', 'two logs', {
      'specs/worker.md': spec('svc/logs/a.log', 'svc/logs/b.log'),
    });
    await commit(dir, '2026-01-03', 'code only', { 'src/x.py': 'print(1)\n' });
    const four = await commit(dir, '2026-01-04', 'document a', { 'docs/RUNBOOK.md': runbook('svc/logs/a.log') });
    const five = await commit(dir, '2026-01-05', 'code again', { 'src/x.py': 'print(2)\n' });
    const options = optionsFor(dir);
    const report = await withHistory(await check(options), options, { blame: false, points: 2 });
    const points = report.history!.points;
    expect(points.map((p) => p.commit)).toEqual([two, four, five]);
    expect(points.map((p) => p.findings)).toEqual([2, 1, 1]);
    expect(points[0]!.byKind.log).toBe(2);
    expect(points.map((p) => p.bySeverity.error + p.bySeverity.warning + p.bySeverity.info)).toEqual([2, 1, 1]);
    expect(report.history!.commitsRead).toBe(5);
    // Without blame the findings are as a plain check gives them.
    expect(report.findings[0]!.introduced).toBeUndefined();
  });

  test('each point equals a plain check of that commit, the repository and its code included', async () => {
    const dir = await newRepo();
    const code = (logs: string[]): string => logs.map((l) => `open("${l}", "a")`).join('\n') + '\n';
    await commit(dir, '2026-01-01', 'start', {
      'docs/RUNBOOK.md': runbook(),
      'specs/worker.md': spec('svc/logs/api.log', 'svc/logs/queue.log', 'svc/logs/jobs.log'),
      'svc/worker.py': code(['svc/logs/api.log']),
    });
    await commit(dir, '2026-01-02', 'code writes the queue log', {
      'svc/worker.py': code(['svc/logs/api.log', 'svc/logs/queue.log']),
    });
    await commit(dir, '2026-01-03', 'spec edit', {
      'specs/worker.md': spec('svc/logs/api.log', 'svc/logs/queue.log', 'svc/logs/jobs.log', 'svc/logs/x.log'),
    });
    await commit(dir, '2026-01-04', 'code writes the jobs log', {
      'svc/worker.py': code(['svc/logs/api.log', 'svc/logs/queue.log', 'svc/logs/jobs.log']),
    });
    await commit(dir, '2026-01-05', 'runbook edit', { 'docs/RUNBOOK.md': runbook('svc/logs/x.log') });
    const repository = { checkRepository: true, code: true };
    const options = optionsFor(dir, repository);
    const report = await withHistory(await check(options), options, { blame: true, points: 10 });
    const commits = gitIn(dir, ['rev-list', '--reverse', 'HEAD']).split('\n');
    expect(report.history!.points.map((p) => p.commit)).toEqual([commits[0], commits[2], commits[4]]);
    for (const p of report.history!.points) {
      const checkout = await tempDir();
      execFileSync('sh', ['-c', `git -C "${dir}" archive ${p.commit} | tar -x -C "${checkout}"`]);
      const plain = await check(optionsFor(checkout, repository));
      expect([p.commit, p.findings, p.byKind]).toEqual([p.commit, plain.findings.length, plain.summary.byKind]);
    }
    // The jobs log became drift when the code came to write it (before, it was planned work).
    expect(introducedOf(report, 'svc/logs/jobs.log')).toMatchObject({ commit: commits[3] });
  });
});

describe('git runs no program of the repository', () => {
  test('hooks, fsmonitor, pager, textconv, external diff and filters named in .git/config never run', async () => {
    const dir = await newRepo();
    await commit(dir, '2026-01-01', 'start', {
      'docs/RUNBOOK.md': runbook(),
      'specs/worker.md': spec('svc/logs/a.log'),
    });
    await commit(dir, '2026-01-02', 'two', { 'specs/worker.md': spec('svc/logs/a.log', 'svc/logs/b.log') });
    const marker = path.join(await tempDir(), 'ran');
    const touch = `touch ${marker}`;
    await writeFiles(dir, {
      '.gitattributes': '*.md diff=evil filter=evil\n',
      'hooks/post-checkout': `#!/bin/sh\n${touch}\n`,
      'hooks/reference-transaction': `#!/bin/sh\n${touch}\n`,
    });
    await fs.chmod(path.join(dir, 'hooks/post-checkout'), 0o755);
    await fs.chmod(path.join(dir, 'hooks/reference-transaction'), 0o755);
    for (const [key, value] of [
      ['core.hooksPath', path.join(dir, 'hooks')],
      ['core.fsmonitor', touch],
      ['core.pager', touch],
      ['diff.external', touch],
      ['diff.evil.textconv', touch],
      ['filter.evil.smudge', touch],
      ['filter.evil.clean', touch],
    ] as const)
      gitIn(dir, ['config', key, value]);
    const options = optionsFor(dir, { checkRepository: true });
    const report = await withHistory(await check(options), options, { blame: true, points: 5 });
    expect(report.history!.points).toHaveLength(2);
    const cli = await run(['--no-config', '--root', '.', '--history', '5', '--blame', '-f', 'json'], dir);
    expect(cli.stderr).toBe('');
    expect((JSON.parse(cli.stdout) as Report).history!.points).toHaveLength(2);
    expect(existsSync(marker)).toBe(false);
  });
});
