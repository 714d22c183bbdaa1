import { existsSync } from 'node:fs';
import path from 'node:path';

export class GitError extends Error {}

async function git(cwd: string, args: string[]): Promise<string> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    // execFile, never a shell: the ref is an argument, not part of a command line.
    execFile('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new GitError((stderr || error.message).trim().split('\n')[0] ?? 'git failed'));
      else resolve(stdout);
    });
  });
}

/** The git work tree containing `dir`, or undefined (not in one, or no git). */
export async function gitTopOf(dir: string): Promise<string | undefined> {
  // No .git above and no GIT_DIR: git would only say so, after a process start.
  if (!process.env['GIT_DIR'] && !hasDotGitAbove(dir)) return undefined;
  return git(dir, ['rev-parse', '--show-toplevel']).then((out) => out.trim() || undefined, () => undefined);
}

function hasDotGitAbove(dir: string): boolean {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, '.git'))) return true;
    if (path.dirname(at) === at) return false;
  }
}

export interface Changes {
  /** The work tree's top directory. */
  top: string;
  /** Absolute paths added, modified, renamed (new name) or copied since the ref, untracked files included. */
  changed: Set<string>;
}

/** What changed between `ref` and the working tree, as `git diff -M` and untracked files say. */
export async function changedSince(cwd: string, ref: string): Promise<Changes> {
  if (ref.startsWith('-') || ref.trim() === '') throw new GitError(`"${ref}" is not a git revision`);
  let top: string;
  try {
    top = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    throw new GitError(`${cwd} is not inside a git work tree, so --changed-since cannot be used`);
  }
  // Three independent questions, asked at once; an unknown revision is the error that counts.
  const [known, diffed, listed] = await Promise.allSettled([
    git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]),
    git(top, ['diff', '--name-status', '-z', '-M', '--end-of-options', ref]),
    git(top, ['ls-files', '--others', '--exclude-standard', '-z']),
  ]);
  if (known.status === 'rejected') throw new GitError(`unknown git revision "${ref}"`);
  if (diffed.status === 'rejected') throw diffed.reason;
  if (listed.status === 'rejected') throw listed.reason;
  const diff = diffed.value;
  const untracked = listed.value;
  const changed = new Set<string>();
  const fields = diff.split('\0');
  for (let i = 0; i < fields.length - 1; ) {
    const status = fields[i]!;
    if (status.startsWith('R') || status.startsWith('C')) {
      changed.add(path.join(top, fields[i + 2]!));
      i += 3;
    } else {
      if (!status.startsWith('D')) changed.add(path.join(top, fields[i + 1]!));
      i += 2;
    }
  }
  for (const file of untracked.split('\0')) if (file) changed.add(path.join(top, file));
  return { top, changed };
}

/** A file's text at `ref`, or undefined when it did not exist there. */
export async function fileAtRevision(top: string, ref: string, absolute: string): Promise<string | undefined> {
  const relative = path.relative(top, absolute).split(path.sep).join('/');
  return git(top, ['show', '--end-of-options', `${ref}:${relative}`]).catch(() => undefined);
}
