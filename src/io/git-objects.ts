import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { GitError } from '../base/errors.js';

/**
 * Git as history reads it: arguments only (never a shell), and nothing git would run on the
 * repository's behalf. A cloned repository's config cannot name a program for these commands
 * to start: no hooks, no fsmonitor, no pager, no external diff or textconv, no lazy fetch.
 */
export const SAFE_GIT = [
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.pager=cat',
  '-c',
  'diff.external=',
  '-c',
  'log.showSignature=false',
  '--no-pager',
];

function safeEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_PAGER: 'cat',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_NO_LAZY_FETCH: '1',
    GIT_NO_REPLACE_OBJECTS: '1',
  };
  delete env['GIT_EXTERNAL_DIFF'];
  delete env['GIT_DIR'];
  delete env['GIT_WORK_TREE'];
  return env;
}

/** What git printed to stdout; a GitError with its first line of stderr when it failed. */
export function gitOutput(top: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...SAFE_GIT, ...args],
      { cwd: top, env: safeEnv(), maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) reject(new GitError((stderr || error.message).trim().split('\n')[0] ?? 'git failed'));
        else resolve(stdout);
      },
    );
  });
}

interface Pending {
  resolve(bytes: Buffer | undefined): void;
  reject(error: Error): void;
}

/**
 * One long-lived `git cat-file --batch`: a blob's bytes by its id, asked in order and answered
 * in order, so many can be in flight at once. No filter or textconv runs: the bytes are the
 * object's own.
 */
export class BlobReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly queue: Pending[] = [];
  private chunks: Buffer[] = [];
  private have = 0;
  /** Bytes the answer at the head of the queue needs before it is worth parsing again. */
  private need = 0;
  private failed: Error | undefined;

  constructor(top: string) {
    this.child = spawn('git', [...SAFE_GIT, 'cat-file', '--batch'], { cwd: top, env: safeEnv() });
    this.child.stdout.on('data', (chunk: Buffer) => this.take(chunk));
    this.child.stderr.resume();
    const fail = (error: Error): void => {
      this.failed = new GitError(`git cat-file stopped: ${error.message}`);
      for (const p of this.queue.splice(0)) p.reject(this.failed);
    };
    this.child.on('error', fail);
    this.child.on('close', (code) => {
      if (this.queue.length > 0) fail(new Error(`exit status ${String(code)}`));
    });
    this.child.stdin.on('error', fail);
  }

  /** The blob's bytes, or undefined when the repository does not have it. */
  read(oid: string): Promise<Buffer | undefined> {
    if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(oid))
      return Promise.reject(new GitError(`"${oid}" is not an object id`));
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject });
      this.child.stdin.write(`${oid}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
  }

  private take(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.have += chunk.length;
    // A big blob arrives in many chunks: they are joined once it is whole, not once per chunk.
    if (this.have < this.need) return;
    let buffered = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.need = 0;
    for (;;) {
      const eol = buffered.indexOf(10);
      if (eol === -1 || this.queue.length === 0) break;
      const header = buffered.subarray(0, eol).toString('latin1');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        buffered = buffered.subarray(eol + 1);
        this.queue.shift()!.resolve(undefined);
        continue;
      }
      const size = Number(header.slice(header.lastIndexOf(' ') + 1));
      // The object, then a newline of git's own.
      if (buffered.length < eol + 1 + size + 1) {
        this.need = eol + 1 + size + 1;
        break;
      }
      const bytes = Buffer.from(buffered.subarray(eol + 1, eol + 1 + size));
      buffered = buffered.subarray(eol + 1 + size + 1);
      this.queue.shift()!.resolve(header.includes(' blob ') ? bytes : undefined);
    }
    this.chunks = buffered.length > 0 ? [buffered] : [];
    this.have = buffered.length;
  }
}
