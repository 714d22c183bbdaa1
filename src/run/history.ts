import { statSync } from 'node:fs';
import path from 'node:path';
import { GitError } from '../base/errors.js';
import { coreOptions } from '../core/options.js';
import { isCodePath } from '../io/code-scan.js';
import { BlobReader, gitOutput } from '../io/git-objects.js';
import { globRegExp } from '../io/glob.js';
import { MAX_FILE_BYTES } from '../io/read.js';
import { introductions, type Seen } from '../history/blame.js';
import { HistoryEngine, type CommitCheck, type Selection } from '../history/engine.js';
import { applyChanges, identities, LOG_FORMAT, parseLog, parseTree, type Change, type Commit } from '../history/log.js';
import type { CheckOptions } from '../api.js';
import type { Diagnostic, HistoryPoint, Report } from '../types.js';
import { toPosix } from './paths.js';

/** First-parent commits read at most, unless `--since` says how far back. */
export const MAX_COMMITS = 1000;

export interface HistoryRequest {
  /** Give each finding its introduction. */
  blame: boolean;
  /** The trend over the last this many commits that touched the specs, the runbooks or the config. */
  points?: number;
  /** How far back: a date (YYYY-MM-DD or an ISO date-time) or a revision; with no `points`, every such commit since. */
  since?: string;
  /** The config file the run used (absolute), whose commits are points of the trend too. */
  config?: string;
  /** First-parent commits to read at most (default MAX_COMMITS). */
  limit?: number;
  /** Told, at the end, how much was read and checked: for the benchmark. */
  onStats?(stats: HistoryStats): void;
}

export interface HistoryStats {
  commits: number;
  /** Commits checked (the others changed nothing a check reads, or were not asked for). */
  evaluated: number;
  /** Spec outcomes computed, and reused from another commit. */
  specsChecked: number;
  specsReused: number;
}

/**
 * The report with history added: each finding's introduction (`blame`) and the trend (`points`
 * or `since`). Documents are read from git objects, never checked out. Outside a git work tree,
 * or in one without commits, the report is returned with a warning saying why.
 */
export async function withHistory(report: Report, options: CheckOptions, request: HistoryRequest): Promise<Report> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const root = path.resolve(cwd, options.root ?? '.');
  const trend = request.points !== undefined || request.since !== undefined;
  let top: string;
  let commits: Commit[];
  try {
    top = (await gitOutput(root, ['rev-parse', '--show-toplevel'])).trim();
    commits = parseLog(await gitOutput(top, await logArgs(top, request)));
  } catch (error) {
    if (request.since !== undefined && error instanceof GitError && /revision/.test(error.message)) throw error;
    return warned(
      report,
      `no git history to read at ${toPosix(path.relative(cwd, root)) || '.'}: ${(error as Error).message}`,
    );
  }
  if (commits.length === 0)
    return warned(report, 'no commits in the history asked for: --blame and --history have nothing to read');
  const oldest = commits[commits.length - 1]!;
  // git shows a shallow clone's boundary commit without parents: the shallow file says which it is.
  const shallow = await isShallowBoundary(top, oldest.oid);
  const reachedRoot = oldest.parents.length === 0 && !shallow;

  const runbooks = report.runbooks ?? [report.runbook];
  const config = request.config === undefined ? undefined : toPosix(path.relative(root, request.config));
  const isSpec = specSelector(options.specs, cwd, root);
  const selection: Selection = {
    isSpec,
    runbooks,
    notCode: new Set(
      [...(options.ownFiles ?? []), ...(options.cache ? [options.cache.file] : [])].map((f) =>
        toPosix(path.relative(root, path.resolve(cwd, f))),
      ),
    ),
    codeIgnore: (options.codeExclude ?? []).map((f) => toPosix(path.relative(root, path.resolve(cwd, f)))),
  };
  const prefix = toPosix(path.relative(top, root));
  const reader = new BlobReader(top);
  try {
    const engine = new HistoryEngine((oid) => reader.read(oid), selection, {
      core: coreOptions(options),
      repository: options.checkRepository === true,
      code: options.checkRepository === true && options.code !== false,
      maxBytes: options.maxFileBytes ?? MAX_FILE_BYTES,
      prefix: prefix === '' ? '' : `${prefix}/`,
    });
    const newestFirst = commits;
    const names = identities(newestFirst);
    const oldestFirst = [...newestFirst].reverse();
    const isDoc = (p: string): boolean => isSpec(p) || runbooks.includes(p) || p === config;
    const within = (p: string): string | undefined =>
      prefix === '' ? p : p.startsWith(`${prefix}/`) ? p.slice(prefix.length + 1) : undefined;
    const touches = oldestFirst.map((c, j) => {
      const identity = names[newestFirst.length - 1 - j]!;
      return c.changes.some((ch) =>
        [ch.path, ch.from].some((p) => {
          const rel = p === undefined ? undefined : within(p);
          return rel !== undefined && isDoc(identity.get(rel) ?? rel);
        }),
      );
    });
    const pointAt = new Set<number>();
    if (trend) {
      const touching = oldestFirst.map((_, j) => j).filter((j) => touches[j]);
      for (const j of request.points === undefined ? touching : touching.slice(-request.points)) pointAt.add(j);
      pointAt.add(oldestFirst.length - 1);
    }
    const tree = parseTree(
      await gitOutput(top, ['ls-tree', '-r', '-z', '--full-tree', '--end-of-options', oldest.oid]),
    );
    const seen: Seen[] = [];
    const points: HistoryPoint[] = [];
    let last: CommitCheck | undefined;
    let evaluated = 0;
    for (let j = 0; j < oldestFirst.length; j++) {
      const commit = oldestFirst[j]!;
      if (j > 0) applyChanges(tree, commit);
      const wanted = request.blame || pointAt.has(j);
      if (!wanted) {
        last = undefined;
        continue;
      }
      // A document is known by the name it has today: an edit under an older name still counts.
      const identity = names[oldestFirst.length - 1 - j]!;
      const isDocNow = (p: string): boolean => isDoc(identity.get(p) ?? p);
      const matters =
        last === undefined ||
        commit.changes.some((c) => mayMatter(c, within, isDocNow, options.checkRepository === true));
      const result: CommitCheck = matters ? await engine.check(tree, names[oldestFirst.length - 1 - j]!) : last!;
      if (matters) evaluated++;
      last = result;
      if (request.blame)
        seen.push({
          commit: commit.oid,
          time: commit.time,
          summary: commit.subject,
          fingerprints: result.checked ? new Set(result.findings.map((f) => f.fingerprint)) : undefined,
        });
      if (pointAt.has(j)) points.push(point(commit, result));
    }
    request.onStats?.({
      commits: commits.length,
      evaluated,
      specsChecked: engine.counts.checked,
      specsReused: engine.counts.reused,
    });
    let out: Report = report;
    if (request.blame) {
      const complete = reachedRoot && !shallow;
      const introduced = introductions(report.findings, seen, complete, options.now ?? new Date());
      out = { ...out, findings: out.findings.map((f) => ({ ...f, introduced: introduced.get(f.fingerprint)! })) };
    }
    if (trend)
      out = {
        ...out,
        history: { points, commitsRead: commits.length, ...(shallow ? { shallow: true as const } : {}) },
      };
    if (shallow)
      out = warned(
        out,
        `the clone is shallow: history was read back to ${oldest.oid.slice(0, 12)} (${isoDay(oldest.time)}) only; older drift shows as "at least" that old`,
      );
    return out;
  } finally {
    reader.close();
  }
}

async function logArgs(top: string, request: HistoryRequest): Promise<string[]> {
  const args = [
    'log',
    '--first-parent',
    '--diff-merges=first-parent',
    '-M',
    '--raw',
    '-z',
    '--no-abbrev',
    '--no-textconv',
    '--no-ext-diff',
    '--no-color',
    `--format=${LOG_FORMAT}`,
    `--max-count=${request.limit ?? MAX_COMMITS}`,
  ];
  const since = request.since;
  if (since === undefined) return [...args, '--end-of-options', 'HEAD'];
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(since) && !Number.isNaN(Date.parse(since)))
    return [...args, `--since=${new Date(Date.parse(since)).toISOString()}`, '--end-of-options', 'HEAD'];
  if (since.startsWith('-') || /[\s\0]/.test(since) || since === '')
    throw new GitError(`--since: "${since}" is not a date or a git revision`);
  const oid = (
    await gitOutput(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${since}^{commit}`]).catch(() => '')
  ).trim();
  if (!/^[0-9a-f]{40,64}$/.test(oid)) throw new GitError(`--since: unknown git revision "${since}"`);
  return [...args, '--end-of-options', 'HEAD', `^${oid}`];
}

/** Is `oid` a commit whose parents this shallow clone does not have? */
async function isShallowBoundary(top: string, oid: string): Promise<boolean> {
  const shallow = (await gitOutput(top, ['rev-parse', '--is-shallow-repository']).catch(() => 'false')).trim();
  if (shallow !== 'true') return false;
  const file = (await gitOutput(top, ['rev-parse', '--git-path', 'shallow'])).trim();
  const { readFileSync } = await import('node:fs');
  try {
    return readFileSync(path.resolve(top, file), 'utf8').split('\n').includes(oid);
  } catch {
    return false;
  }
}

/**
 * Could this change move a finding? Any file added, removed or renamed changes the repository's
 * file list; an edit counts only to a document, code, a Makefile, a package.json or the .gitignore.
 */
function mayMatter(
  c: Change,
  within: (p: string) => string | undefined,
  isDoc: (p: string) => boolean,
  repository: boolean,
): boolean {
  const rel = within(c.path);
  const from = c.from === undefined ? undefined : within(c.from);
  if (rel === undefined && from === undefined) return false;
  if (rel !== undefined && isDoc(rel)) return true;
  if (from !== undefined && isDoc(from)) return true;
  if (!repository) return false;
  if (c.status !== 'M') return true;
  const base = rel!.slice(rel!.lastIndexOf('/') + 1);
  return isCodePath(rel!) || /^(?:GNUmakefile|[Mm]akefile|package\.json|\.gitignore)$/.test(base);
}

/** Which paths (relative to the root) the run's `--specs` selects: a directory's Markdown, a file, or a glob. */
export function specSelector(specs: string, cwd: string, root: string): (p: string) => boolean {
  const absolute = path.resolve(cwd, specs);
  const rel = toPosix(path.relative(root, absolute));
  const stat = (() => {
    try {
      return statSync(absolute);
    } catch {
      return undefined;
    }
  })();
  const hidden = (p: string): boolean => /(?:^|\/)(?:\.|node_modules\/)/.test(p);
  if (stat?.isFile()) return (p) => p === rel;
  if (stat?.isDirectory() || !/[*?[{]/.test(specs)) {
    const under = rel === '' ? '' : `${rel}/`;
    return (p) => p.startsWith(under) && p.endsWith('.md') && !hidden(p.slice(under.length));
  }
  const re = globRegExp(toPosix(specs), false);
  const fromCwd = toPosix(path.relative(cwd, root));
  return (p) => !hidden(p) && re.test(fromCwd === '' ? p : toPosix(path.join(fromCwd, p)));
}

function point(commit: Commit, result: CommitCheck): HistoryPoint {
  const s = result.summary;
  return {
    commit: commit.oid,
    date: new Date(commit.time * 1000).toISOString(),
    summary: commit.subject,
    checked: result.checked,
    findings: s?.findings ?? 0,
    byKind: s?.byKind ?? { log: 0, script: 0, endpoint: 0, env: 0, file: 0, flag: 0, section: 0, waiver: 0 },
    bySeverity: s?.bySeverity ?? { error: 0, warning: 0, info: 0 },
  };
}

function isoDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function warned(report: Report, message: string): Report {
  const d: Diagnostic = { file: '.', severity: 'warning', code: 'history-limited', message };
  return {
    ...report,
    diagnostics: [...report.diagnostics, d],
    summary: { ...report.summary, diagnostics: report.summary.diagnostics + 1 },
  };
}
