/**
 * What the CLI-level test files share: the CLI run in-process with a fake Io, temporary
 * repositories on disk (removed after each file), and git with a fixed identity.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main, type Io } from '../../src/cli/main.js';
import type { Report } from '../../src/types.js';

/** A V8 stack frame: "    at fn (file:line:col)" or "    at file:line:col". */
export const STACK_FRAME = /^\s+at .*:\d+:\d+\)?$/m;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(argv: string[], cwd: string, colorDefault = false): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd,
    colorDefault,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Runs with `-f json` and parses the report. */
export async function runJson<R = Report>(
  argv: string[],
  cwd: string,
): Promise<{ code: number; report: R; stderr: string }> {
  const r = await run(['-f', 'json', ...argv], cwd);
  let report: R;
  try {
    report = JSON.parse(r.stdout) as R;
  } catch {
    throw new Error(`not JSON (exit ${r.code}): stdout=${r.stdout} stderr=${r.stderr}`);
  }
  return { code: r.code, report, stderr: r.stderr };
}

const created: string[] = [];

afterAll(async () => {
  await Promise.all(created.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

/** A fresh directory, by its real path: os.tmpdir() can be a symbolic link, and git reports real paths. */
export async function tempDir(prefix = 'sync-check-test-'): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

export async function writeFiles(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
  }
}

/** Writes `files` (path relative to the repo → contents) into a fresh temporary directory. */
export async function repo(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await tempDir();
  await writeFiles(dir, files);
  return dir;
}

/** Runs git with a fixed identity and no signing, whatever the user's global config says. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.email=test@example.com',
      '-c',
      'user.name=Test',
      '-c',
      'commit.gpgsign=false',
      '-c',
      'core.autocrlf=false',
      ...args,
    ],
    { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/**
 * Writes `files` (null deletes one), commits everything at `when` (an ISO date-time, as author and
 * committer date) with `subject`, and returns the commit id: a history with known dates.
 */
export async function commitAt(
  dir: string,
  when: string,
  subject: string,
  files: Record<string, string | null> = {},
): Promise<string> {
  for (const [rel, text] of Object.entries(files)) {
    if (text === null) await fs.rm(path.join(dir, rel));
    else await writeFiles(dir, { [rel]: text });
  }
  const env = { ...process.env, GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when };
  const dated = (...args: string[]): string =>
    execFileSync(
      'git',
      ['-c', 'user.email=test@example.com', '-c', 'user.name=Test', '-c', 'commit.gpgsign=false', ...args],
      {
        cwd: dir,
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    ).trim();
  dated('add', '-A');
  dated('commit', '-q', '--no-verify', '--allow-empty', '-m', subject);
  return dated('rev-parse', 'HEAD');
}

export function commitAll(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-verify', '-m', message);
}

/** A new git repository holding `files`, all committed. */
export async function committedRepo(files: Record<string, string | Buffer>, message = 'initial'): Promise<string> {
  const dir = await repo(files);
  git(dir, 'init', '-q');
  commitAll(dir, message);
  return dir;
}
