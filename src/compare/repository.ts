import { basename, PLACEHOLDER } from '../canonical/path.js';
import type { Reference } from '../types.js';

/** What the repository holds, read at the edge and handed to the pure core. */
export interface Repository {
  /** Every file, relative to the repository root, with forward slashes. */
  files: ReadonlySet<string>;
  /** Makefile directory ('' for the root) → its targets. */
  makeTargets: ReadonlyMap<string, ReadonlySet<string>>;
  /** package.json directory → its script names. */
  npmScripts: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Does the repository have this path? Exactly, or, the way a reader would take it, as the
 * tail of a longer path (`scripts/x.py` run from `api/`) or a bare name anywhere. Lenient on
 * purpose: a false "stale" costs more than a missed one.
 */
export class RepositoryIndex {
  /** Files by name, built once enough questions were asked (most runs ask only a few). */
  private byBase: Map<string, string[]> | undefined;
  private scans = 0;

  constructor(readonly repo: Repository) {}

  hasFile(path: string): boolean {
    if (this.repo.files.has(path)) return true;
    // `x.py` anywhere, `scripts/x.py` as the tail of a longer path: both end in `/path`.
    const tail = `/${path}`;
    if (this.byBase === undefined && this.scans++ < SCANS_BEFORE_INDEX) {
      for (const f of this.repo.files) if (f.endsWith(tail)) return true;
      return false;
    }
    this.byBase ??= filesByBase(this.repo.files);
    return (this.byBase.get(basename(path)) ?? []).some((f) => f.endsWith(tail));
  }

  /** A directory exists when some file lies under it. */
  hasDirectory(dir: string): boolean {
    const prefix = `${dir.replace(/\/+$/, '')}/`;
    for (const f of this.repo.files) if (f.startsWith(prefix) || f.includes(`/${prefix}`)) return true;
    return false;
  }

  hasMakeTarget(dir: string, target: string): boolean {
    return this.repo.makeTargets.get(dir)?.has(target) ?? false;
  }

  hasNpmScript(dir: string, name: string): boolean {
    return this.repo.npmScripts.get(dir)?.has(name) ?? false;
  }

  /** A script reference: a file, or `make TARGET` / `npm run NAME` in the command's directory. */
  hasScript(ref: Pick<Reference, 'canonical' | 'cwd'>): boolean {
    const task = /^(make|npm run) (.+)$/.exec(ref.canonical);
    if (!task) return ref.canonical.includes(PLACEHOLDER) || this.hasFile(ref.canonical);
    return task[1] === 'make' ? this.hasMakeTarget(ref.cwd ?? '', task[2]!) : this.hasNpmScript(ref.cwd ?? '', task[2]!);
  }
}

/** Questions answered by scanning every file before the files are indexed by name. */
const SCANS_BEFORE_INDEX = 16;

function filesByBase(files: Iterable<string>): Map<string, string[]> {
  const byBase = new Map<string, string[]>();
  for (const file of files) {
    const base = basename(file);
    const list = byBase.get(base);
    if (list) list.push(file);
    else byBase.set(base, [file]);
  }
  return byBase;
}
