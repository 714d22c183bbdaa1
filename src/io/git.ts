import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

import { GitError } from '../base/errors.js';

async function git(cwd: string, args: string[]): Promise<string> {
  const answer = await gitAnswer(cwd, args);
  if (answer.failed) throw new GitError((answer.stderr || answer.failed).trim().split('\n')[0] ?? 'git failed');
  return answer.stdout;
}

/** What git printed, and why it failed if it did (its exit status or the spawn error). */
async function gitAnswer(cwd: string, args: string[]): Promise<{ stdout: string; stderr: string; failed?: string }> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    // execFile, never a shell: the ref is an argument, not part of a command line.
    execFile('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve(error ? { stdout, stderr, failed: error.message } : { stdout, stderr });
    });
  });
}

/** The git work tree containing `dir`, or undefined (not in one, or no git). */
export async function gitTopOf(dir: string): Promise<string | undefined> {
  // No .git above and no GIT_DIR: git would only say so, after a process start.
  if (!process.env['GIT_DIR'] && nearestDotGit(dir) === undefined) return undefined;
  return git(dir, ['rev-parse', '--show-toplevel']).then(
    (out) => out.trim() || undefined,
    () => undefined,
  );
}

/** The nearest directory at or above `dir` holding a `.git` (directory, or file for a worktree or submodule). */
function nearestDotGit(dir: string): string | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, '.git'))) return at;
    if (path.dirname(at) === at) return undefined;
  }
}

/**
 * What `git rev-parse --show-toplevel` will most likely say, read from the file system: the
 * nearest directory holding `.git`, links resolved. Only a guess (GIT_DIR, core.worktree):
 * callers start work with it and check it against git's answer.
 */
export function likelyGitTop(dir: string): string | undefined {
  if (process.env['GIT_DIR'] || process.env['GIT_WORK_TREE']) return undefined;
  const at = nearestDotGit(dir);
  if (at === undefined) return undefined;
  try {
    return realpathSync(at);
  } catch {
    return undefined;
  }
}

export interface Changes {
  /** The work tree's top directory. */
  top: string;
  /** Absolute paths added, modified, renamed (new name) or copied since the ref, untracked files included. */
  changed: Set<string>;
  /** Absolute paths deleted or renamed away (old name) since the ref. */
  removed: Set<string>;
}

/** What changed between `ref` and the working tree, as `git diff -M` and untracked files say. */
export async function changedSince(cwd: string, ref: string): Promise<Changes> {
  if (ref.startsWith('-') || ref.trim() === '') throw new GitError(`"${ref}" is not a git revision`);
  // The diff is asked relative to the top, which is guessed from the file system so that it
  // runs alongside the question of where the top is; asked again if git's answer differs.
  const guess = likelyGitTop(cwd);
  const asked = guess === undefined ? undefined : askAbout(guess, ref);
  asked?.catch(() => undefined);
  // One process says both where the top is and whether the revision is known: it prints the
  // top before it looks the revision up, and fails with status 1 (no message) if it is unknown.
  const where = await gitAnswer(cwd, [
    'rev-parse',
    '--show-toplevel',
    '--verify',
    '--quiet',
    '--end-of-options',
    `${ref}^{commit}`,
  ]);
  const top = where.stdout.split('\n')[0]!.trim();
  if (top === '') throw new GitError(`${cwd} is not inside a git work tree, so --changed-since cannot be used`);
  if (where.failed) throw new GitError(`unknown git revision "${ref}"`);
  const { diff, untracked } = await (top === guess ? asked! : askAbout(top, ref));
  const changed = new Set<string>();
  const removed = new Set<string>();
  const fields = diff.split('\0');
  for (let i = 0; i < fields.length - 1;) {
    const status = fields[i]!;
    if (status.startsWith('R') || status.startsWith('C')) {
      if (status.startsWith('R')) removed.add(path.join(top, fields[i + 1]!));
      changed.add(path.join(top, fields[i + 2]!));
      i += 3;
    } else {
      if (status.startsWith('D')) removed.add(path.join(top, fields[i + 1]!));
      else changed.add(path.join(top, fields[i + 1]!));
      i += 2;
    }
  }
  for (const file of untracked.split('\0')) if (file) changed.add(path.join(top, file));
  return { top, changed, removed };
}

/** What changed in the work tree at `top` since `ref`: `git diff` and untracked files, raw. */
async function askAbout(top: string, ref: string): Promise<{ diff: string; untracked: string }> {
  const [diff, untracked] = await Promise.all([
    git(top, ['diff', '--name-status', '-z', '-M', '--end-of-options', ref]),
    git(top, ['ls-files', '--others', '--exclude-standard', '-z']),
  ]);
  return { diff, untracked };
}

/** A file's text at `ref`, or undefined when it did not exist there. */
export async function fileAtRevision(top: string, ref: string, absolute: string): Promise<string | undefined> {
  const relative = path.relative(top, absolute).split(path.sep).join('/');
  return git(top, ['show', '--end-of-options', `${ref}:${relative}`]).catch(() => undefined);
}
