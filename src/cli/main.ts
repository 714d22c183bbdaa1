import { createRequire } from 'node:module';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import pc from 'picocolors';
import { check, type CheckOptions } from '../api.js';
import { formatReport } from '../format/index.js';
import { guardOutput, oneLine } from '../format/shared.js';
import { BaselineError, ConfigError, GitError } from '../base/errors.js';
import type { Config } from '../config/schema.js';
import { loadConfig } from '../config/load.js';
import { parseBaseline, readBaselineFile, writeBaseline } from '../io/baseline.js';
import { fileAtRevision, gitTopOf, likelyGitTop } from '../io/git.js';
import { writeFileAtomic } from '../io/write-atomic.js';
import { EXIT, exitCodeFor } from '../report/exit-code.js';
import { optional, parseArgs, UsageError, type CliArgs } from './args.js';
import type { Report } from '../types.js';

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
    const loaded = args.config === false ? { config: {} as Config } : await loadConfig(runDir, args.config);
    const config = relativeToRun(loaded.config, loaded.file, runDir);
    const baselineFile =
      args.baseline === undefined ? undefined : await readBaselineFile(path.resolve(runDir, args.baseline));
    const baseline = baselineFile?.fingerprints;

    const configured =
      config.runbook === undefined ? undefined : typeof config.runbook === 'string' ? [config.runbook] : config.runbook;
    // None named: check() finds them by their usual names under the root.
    const runbooks = args.runbook ?? configured;
    // The repository: --root, the config's root, or the git work tree holding the runbook.
    const explicitRoot = args.root ?? config.root;
    if (explicitRoot !== undefined && !(await isDirectory(path.resolve(runDir, explicitRoot)))) {
      throw new UsageError(`--root ${explicitRoot}: no such directory`);
    }
    const ownFiles = [
      ...args.outputs.flatMap((o) => (o.file === undefined ? [] : [o.file])),
      ...(args.baseline !== undefined ? [args.baseline] : []),
      ...(args.writeBaseline !== undefined ? [args.writeBaseline] : []),
      // sync-check's own config names items in waivers and ignores: that is no code using them.
      // package.json is the project's own file too, and stays code.
      ...(loaded.file !== undefined && path.basename(loaded.file) !== 'package.json' ? [loaded.file] : []),
    ];
    const optionsFor = async (root: string | undefined): Promise<CheckOptions> => ({
      specs: args.specs ?? config.specs ?? 'specs',
      ...optional('runbook', runbooks),
      cwd: runDir,
      ...optional('root', root),
      checkRepository: root !== undefined && (await isDirectory(path.resolve(runDir, root))),
      ...optional('kinds', args.kinds ?? config.kinds),
      ...optional('everySpecKinds', args.everySpec ?? config.everySpec),
      ...optional('excludeSections', args.excludeSection ?? config.excludeSections),
      ...optional('maxFileBytes', args.maxFileSize ?? config.maxFileSize),
      ...optional('systemCommands', config.systemCommands),
      ...optional('ruleSeverity', config.rules),
      ...optional('ignore', config.ignore),
      ...optional('waivers', config.waivers),
      ...optional('baseline', baseline),
      ...optional('now', args.now),
      ...optional('changedSince', args.changedSince),
      debug: args.debug,
      ...optional('concurrency', args.concurrency),
      code: args.code ?? config.code ?? true,
      ...optional('codeExclude', args.codeIgnore ?? config.codeIgnore),
      // sync-check's own reports and baseline name every item: never evidence for the next run.
      ownFiles,
      ...optional(
        'cache',
        args.cacheLocation === undefined
          ? undefined
          : { file: path.resolve(runDir, args.cacheLocation), version: packageVersion() },
      ),
    });
    const checkWithRoot = async (root: string | undefined): Promise<Report> => check(await optionsFor(root));
    // Git's answer takes a process; the file system's likely answer is used meanwhile, and the
    // check is run again in the rare case the two differ (core.worktree, no git installed).
    const named = runbooks?.find((r) => !/[*?[{]/.test(r));
    const runbookDir = named === undefined ? runDir : path.dirname(path.resolve(runDir, named));
    const topAsked = explicitRoot === undefined ? gitTopOf(runbookDir) : undefined;
    const guessedRoot = explicitRoot ?? likelyGitTop(runbookDir);
    let report = await checkWithRoot(guessedRoot);
    const gitRoot = await topAsked;
    let usedRoot = guessedRoot;
    if (topAsked && gitRoot !== guessedRoot) {
      usedRoot = gitRoot;
      report = await checkWithRoot(gitRoot);
    }
    // --fix: the runbook gets what it lacks, and the report is of the runbook as it is now.
    let fixPatch: string | undefined;
    if (args.fix !== undefined) {
      const { fixRunbooks } = await import('./fix.js');
      const fixed = await fixRunbooks(report, path.resolve(runDir, usedRoot ?? '.'), args.fix === 'dry-run');
      for (const line of fixed.summary) io.stderr(guardOutput(`sync-check: ${oneLine(line)}\n`));
      if (args.fix === 'dry-run') {
        // The diff takes stdout unless a report was asked for there (`-f github` in CI keeps its annotations).
        // A CRLF runbook's diff keeps its CRs (git apply needs them); nothing else of the documents' text gets through raw.
        const guarded = fixed.diff
          .split('\n')
          .map((line) => (line.endsWith('\r') ? `${guardOutput(line.slice(0, -1))}\r` : guardOutput(line)))
          .join('\n');
        if (!args.outputs.some((o) => o.file === undefined && !o.implicit)) io.stdout(guarded);
        fixPatch = fixed.diff;
      } else if (fixed.written.length > 0) report = await checkWithRoot(usedRoot);
    }

    report = await addHistory(report, args, await optionsFor(usedRoot), loaded.file, runDir);

    // Input problems the baseline accepted (a spec with broken front matter) are reported, but no longer stop the run.
    if (baselineFile && baselineFile.problems.size > 0) {
      report = {
        ...report,
        diagnostics: report.diagnostics.map((d) =>
          !d.fatal && baselineFile.problems.has(`${d.file}\0${d.code}`) ? { ...d, baselined: true } : d,
        ),
      };
    }
    // A pull request that adds entries to the baseline silences drift of its own: say so.
    if (args.changedSince !== undefined && args.baseline !== undefined && baseline !== undefined) {
      const added = await addedToBaseline(path.resolve(runDir, args.baseline), args.changedSince, baseline);
      if (added > 0)
        report = { ...report, baselineAdded: { file: args.baseline.split(path.sep).join('/'), entries: added } };
    }
    if (args.writeBaseline !== undefined) {
      // Today's findings, including those the current baseline already held.
      const all = [...report.findings, ...report.suppressed.filter((f) => f.suppression.kind === 'baseline')];
      await writeOrFail(args.writeBaseline, () =>
        writeBaseline(path.resolve(runDir, args.writeBaseline!), all, report.diagnostics),
      );
    }
    for (const out of args.outputs) {
      // A dry run's stdout is the diff, unless a report was asked for there.
      if (args.fix === 'dry-run' && out.file === undefined && out.implicit) continue;
      const color = out.file === undefined ? (args.color ?? io.colorDefault) : false;
      const text = formatReport(report, out.format, {
        color,
        toolVersion: packageVersion(),
        ...optional('linkBase', args.linkBase),
        ...optional('fullReportUrl', args.fullReportUrl),
        ...optional('fixPatch', fixPatch || undefined),
      });
      // Only the github format writes workflow commands, its document text escaped by that format; every
      // other output is guarded.
      const safe = out.format === 'github' ? text : guardOutput(text, { colour: color && out.format === 'text' });
      if (out.file === undefined) io.stdout(safe);
      else await writeOrFail(out.file, () => writeFileAtomic(path.resolve(runDir, out.file!), safe));
    }
    const code = exitCodeFor(report, {
      allowIncomplete: args.allowIncomplete,
      ...optional('maxWarnings', args.maxWarnings),
    });
    // Every report went to a file: a failing run still says, on stderr, what went wrong and where the reports are.
    if (code !== 0 && args.outputs.every((o) => o.file !== undefined))
      io.stderr(
        guardOutput(
          `sync-check: ${failureSummary(report, code)}; wrote ${args.outputs.map((o) => oneLine(o.file!)).join(', ')}\n`,
        ),
      );
    return code;
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof ConfigError ||
      error instanceof BaselineError ||
      error instanceof GitError
    ) {
      io.stderr(guardOutput(`sync-check: ${oneLine(error.message)}\nRun "sync-check --help" for usage.\n`));
      return EXIT.incomplete;
    }
    const detail = debug && error instanceof Error ? `\n${error.stack}` : '\nRe-run with --debug for the stack trace.';
    io.stderr(
      guardOutput(
        `sync-check: internal error: ${oneLine(error instanceof Error ? error.message : String(error))}${detail}\n`,
      ),
    );
    return EXIT.incomplete;
  }
}

/** Trend points `-f svg` draws when neither --history nor --since says. */
const DEFAULT_SVG_POINTS = 50;

/**
 * --blame, --history, --since: the report with each finding's introduction and the trend. Blame
 * is on by default for a markdown report of a whole repository in git (not in PR mode: the change
 * is the history there).
 */
async function addHistory(
  report: Report,
  args: CliArgs,
  options: CheckOptions,
  configFile: string | undefined,
  runDir: string,
): Promise<Report> {
  const svg = args.outputs.some((o) => o.format === 'svg');
  const points = args.history ?? (svg && args.since === undefined ? DEFAULT_SVG_POINTS : undefined);
  const markdown = args.outputs.some((o) => o.format === 'markdown');
  const root = path.resolve(runDir, options.root ?? '.');
  const blame = args.blame ?? (markdown && args.changedSince === undefined && (await gitTopOf(root)) !== undefined);
  if (!blame && points === undefined && args.since === undefined) return report;
  const { withHistory } = await import('../run/history.js');
  return withHistory(report, options, {
    blame,
    ...optional('points', points),
    ...optional('since', args.since),
    ...optional('config', configFile && path.resolve(runDir, configFile)),
  });
}

/**
 * Paths in a config are relative to the config file; the run resolves paths against its own
 * directory, so they are rebased. Waivers' locations become run-relative, like every report path.
 */
function relativeToRun(config: Config, file: string | undefined, runDir: string): Config {
  if (file === undefined) return config;
  const configDir = path.dirname(path.resolve(runDir, file));
  const rebase = (p: string | undefined): string | undefined =>
    p === undefined ? undefined : path.relative(runDir, path.resolve(configDir, p)) || '.';
  const shown = path.relative(runDir, path.resolve(runDir, file)).split(path.sep).join('/');
  return {
    ...config,
    ...optional('specs', rebase(config.specs)),
    ...optional(
      'runbook',
      typeof config.runbook === 'string' ? rebase(config.runbook) : config.runbook?.map((r) => rebase(r)!),
    ),
    ...optional('root', rebase(config.root)),
    ...optional(
      'codeIgnore',
      config.codeIgnore?.map((p) => rebase(p)!),
    ),
    ...optional(
      'waivers',
      config.waivers?.map((w) => ({ ...w, source: { ...w.source, file: shown } })),
    ),
  };
}

function failureSummary(report: Report, code: number): string {
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  if (code === EXIT.incomplete) {
    const first = errors[0];
    return `input could not be checked (${errors.length} problem${errors.length === 1 ? '' : 's'}${first ? `, first: ${oneLine(first.file)}: ${oneLine(first.message)}` : ''})`;
  }
  const s = report.summary;
  return `drift found: ${s.findings} finding${s.findings === 1 ? '' : 's'} (${s.bySeverity.error} error${s.bySeverity.error === 1 ? '' : 's'}, ${s.bySeverity.warning} warning${s.bySeverity.warning === 1 ? '' : 's'})`;
}

/** Entries of the baseline that it did not have at `revision` (all of them when it is new). */
async function addedToBaseline(file: string, revision: string, now: ReadonlySet<string>): Promise<number> {
  const top = await gitTopOf(path.dirname(file));
  const old = top === undefined ? undefined : await fileAtRevision(top, revision, file);
  let before = new Set<string>();
  try {
    if (old !== undefined) before = parseBaseline(old, file);
  } catch {
    // A baseline that was not one at the base revision held nothing.
  }
  let added = 0;
  for (const f of now) if (!before.has(f)) added++;
  return added;
}

async function writeOrFail(file: string, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot write ${file}: ${code === 'ENOENT' ? 'its directory does not exist' : (error as Error).message}`,
    );
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
