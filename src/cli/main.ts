import { createRequire } from 'node:module';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import pc from 'picocolors';
import { check } from '../api.js';
import { formatReport } from '../format/index.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import { EXIT, exitCodeFor } from '../report/exit-code.js';
import { parseArgs, UsageError } from './args.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Whether colour is on when the user did not say: picocolors' own detection (TTY, NO_COLOR, FORCE_COLOR). */
  colorDefault: boolean;
}

function packageVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

/** The whole CLI as a function of argv and I/O, returning the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  let debug = argv.includes('--debug');
  try {
    const args = await parseArgs(argv, packageVersion());
    if ('exit' in args) {
      io.stdout(args.output.endsWith('\n') ? args.output : `${args.output}\n`);
      return args.exit;
    }
    debug = args.debug;
    const runDir = args.cwd === undefined ? io.cwd : path.resolve(io.cwd, args.cwd);
    if (!(await isDirectory(runDir))) throw new UsageError(`--cwd ${args.cwd}: no such directory`);
    const report = await check({
      specs: args.specs, runbook: args.runbook, cwd: runDir, kinds: args.kinds, everySpecKinds: args.everySpec,
      excludeSections: args.excludeSection, maxFileBytes: args.maxFileSize, debug: args.debug,
      ...(args.root === undefined ? {} : { root: args.root }),
    });
    const color = args.outputFile ? false : (args.color ?? io.colorDefault);
    const output = formatReport(report, args.format, { color });
    if (args.outputFile) {
      const target = path.resolve(runDir, args.outputFile);
      try {
        await writeFileAtomic(target, output);
      } catch (error) {
        throw new UsageError(`cannot write ${args.outputFile}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its directory does not exist' : (error as Error).message}`);
      }
    }
    else io.stdout(output);
    return exitCodeFor(report, { allowIncomplete: args.allowIncomplete });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`sync-check: ${error.message}\nRun "sync-check --help" for usage.\n`);
      return EXIT.incomplete;
    }
    const detail = debug && error instanceof Error ? `\n${error.stack}` : '\nRe-run with --debug for the stack trace.';
    io.stderr(`sync-check: internal error: ${error instanceof Error ? error.message : String(error)}${detail}\n`);
    return EXIT.incomplete;
  }
}

async function isDirectory(dir: string): Promise<boolean> {
  return (await fs.stat(dir).catch(() => undefined))?.isDirectory() ?? false;
}

export function defaultIo(): Io {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    colorDefault: pc.isColorSupported,
  };
}
