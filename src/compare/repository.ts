import { basename, matchesWithPlaceholders, PLACEHOLDER } from '../canonical/path.js';
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

  /** The repository file `path` names (exactly, or as the tail of one), if any: the first found. */
  locate(path: string): string | undefined {
    if (this.repo.files.has(path)) return path;
    if (path.includes(PLACEHOLDER) || /^(?:make|npm run) /.test(path)) return undefined;
    this.byBase ??= filesByBase(this.repo.files);
    const tail = `/${path}`;
    return (this.byBase.get(basename(path)) ?? []).find((f) => f.endsWith(tail));
  }

  /**
   * Files a pattern (`scale/generate-s{}.sh`, from `generate-s*.sh` or `run-t{1..7}.sh`) names:
   * those whose path ends with it, placeholders standing for part of one segment. Memoised.
   */
  matching(pattern: string): string[] {
    const known = this.matchingMemo.get(pattern);
    if (known) return known;
    const segs = pattern.split('/');
    const out: string[] = [];
    for (const file of this.repo.files) {
      const theirs = file.split('/');
      if (theirs.length < segs.length) continue;
      const offset = theirs.length - segs.length;
      if (segs.every((s, i) => matchesWithPlaceholders(s, theirs[offset + i]!)) && out.push(file) >= 64) break;
    }
    this.matchingMemo.set(pattern, out);
    return out;
  }

  private readonly matchingMemo = new Map<string, string[]>();

  /** Files elsewhere with this one's name: where a file the runbook names may have moved. */
  sameName(path: string): string[] {
    this.byBase ??= filesByBase(this.repo.files);
    return (this.byBase.get(basename(path)) ?? []).filter((f) => f !== path);
  }

  /**
   * Files of a family: same extension, a name that starts with `prefix` (`generate-` for
   * `generate-s1.sh`: `generate-s2.sh`, `generate-scale.sh`). At most 64, by binary search over
   * the sorted file names.
   */
  family(prefix: string, ext: string): string[] {
    this.byBase ??= filesByBase(this.repo.files);
    this.sortedBases ??= [...this.byBase.keys()].sort();
    const bases = this.sortedBases;
    let lo = 0;
    let hi = bases.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bases[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < bases.length && i < lo + 4096 && bases[i]!.startsWith(prefix); i++) {
      const base = bases[i]!;
      if (base.endsWith(ext) && base.length > prefix.length + ext.length)
        for (const f of this.byBase.get(base)!) if (out.push(f) >= 64) return out;
    }
    return out;
  }

  private sortedBases: string[] | undefined;

  /** A directory at the repository's root, by name. */
  hasTopDirectory(name: string): boolean {
    if (!this.topDirectories) {
      this.topDirectories = new Set();
      for (const f of this.repo.files) {
        const slash = f.indexOf('/');
        if (slash > 0) this.topDirectories.add(f.slice(0, slash));
      }
    }
    return this.topDirectories.has(name);
  }

  private topDirectories: Set<string> | undefined;

  /** A directory exists when some file lies under it. */
  hasDirectory(dir: string): boolean {
    const prefix = `${dir.replace(/\/+$/, '')}/`;
    for (const f of this.repo.files) if (f.startsWith(prefix) || f.includes(`/${prefix}`)) return true;
    return false;
  }

  /** A target of the Makefile in `dir` (`''`: the root); of any Makefile when `dir` has none. */
  hasMakeTarget(dir: string, target: string): boolean {
    return inContext(this.repo.makeTargets, dir, target);
  }

  /** A script of the package.json in `dir` (`''`: the root); of any package.json when `dir` has none. */
  hasNpmScript(dir: string, name: string): boolean {
    return inContext(this.repo.npmScripts, dir, name);
  }

  /** A script reference: a file, or `make TARGET` / `npm run NAME` in the command's directory. */
  hasScript(ref: Pick<Reference, 'canonical' | 'cwd'>): boolean {
    const task = /^(make|npm run) (.+)$/.exec(ref.canonical);
    if (!task) return ref.canonical.includes(PLACEHOLDER) || this.hasFile(ref.canonical);
    return task[1] === 'make'
      ? this.hasMakeTarget(ref.cwd ?? '', task[2]!)
      : this.hasNpmScript(ref.cwd ?? '', task[2]!);
  }
}

/**
 * `cd web && npm run dev` asks web/package.json, a bare `npm run dev` the root's. Where that
 * directory has no package.json (or Makefile) at all, the command must be meant for another
 * one: any that defines the name will do.
 */
function inContext(byDir: ReadonlyMap<string, ReadonlySet<string>>, dir: string, name: string): boolean {
  const here = byDir.get(dir);
  if (here) return here.has(name);
  for (const names of byDir.values()) if (names.has(name)) return true;
  return false;
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
