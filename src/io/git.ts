import { execFile } from 'node:child_process';
import path from 'node:path';

export class GitError extends Error {}

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // execFile, never a shell: the ref is an argument, not part of a command line.
    execFile('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new GitError((stderr || error.message).trim().split('\n')[0] ?? 'git failed'));
      else resolve(stdout);
    });
  });
}

/** The git work tree containing `dir`, or undefined (not in one, or no git). */
export function gitTopOf(dir: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8' }, (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined));
  });
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
  await git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).catch(() => {
    throw new GitError(`unknown git revision "${ref}"`);
  });
  const diff = await git(top, ['diff', '--name-status', '-z', '-M', '--end-of-options', ref]);
  const untracked = await git(top, ['ls-files', '--others', '--exclude-standard', '-z']);
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
