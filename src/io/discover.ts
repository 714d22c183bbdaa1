import { promises as fs, realpathSync } from 'node:fs';
import path from 'node:path';
import { walkPlain } from './walk.js';
import { walkWithLinks } from './walk-links.js';
import { globRegExp } from './glob.js';

export interface Discovered {
  /** Absolute paths of spec files, sorted. */
  files: string[];
  /** The real path of each file (symbolic links resolved), in the same order. */
  reals: string[];
  /** Why nothing was found, when nothing was. */
  problem?: string;
  /** What the walk did not follow or finish: links leaving the root, a bound reached. */
  notes?: string[];
}

/**
 * `--specs` takes a directory (every *.md below it) or a glob. A path that does not exist and
 * a glob that matches nothing are problems to report, never a silently clean run.
 * With `among` (real paths: what git says changed), only those specs are returned; the
 * problem, if any, is still the whole selection's. A listing then answers without listing the rest.
 */
export async function discoverSpecs(
  spec: string,
  cwd: string,
  ignore: readonly string[] = [],
  listing?: PlainListing,
  among?: ReadonlySet<string>,
  root = cwd,
): Promise<Discovered> {
  const found = await discoverAll(spec, cwd, ignore, listing, among, root);
  return among ? only(found, among) : found;
}

async function discoverAll(
  spec: string,
  cwd: string,
  ignore: readonly string[],
  listing: PlainListing | undefined,
  among: ReadonlySet<string> | undefined,
  root: string,
): Promise<Discovered> {
  const absolute = path.resolve(cwd, spec);
  let pattern: string;
  let base = cwd;
  let statError: string | undefined;
  const stat = await fs.stat(absolute).catch((e: NodeJS.ErrnoException) => {
    statError = e.code;
    return undefined;
  });
  if (stat?.isDirectory()) {
    base = absolute;
    pattern = DIRECTORY_PATTERN;
  } else if (stat) {
    // A file, or a FIFO or device named as the specs: the reader says what is wrong with it.
    return { files: [absolute], reals: [await fs.realpath(absolute).catch(() => absolute)] };
  } else if ((await import('fast-glob')).default.isDynamicPattern(spec)) {
    pattern = spec;
  } else {
    return {
      files: [],
      reals: [],
      problem:
        statError === 'ENAMETOOLONG'
          ? 'the name is too long for the file system'
          : statError === 'EACCES'
            ? 'permission denied'
            : 'no such file or directory',
    };
  }
  if (pattern === DIRECTORY_PATTERN) {
    const plain =
      ignore.length === 0 ? ((listing && specsInListing(base, listing, among)) ?? plainSpecs(base)) : undefined;
    if (plain) return plain;
    // Links or special files: a bounded walk that follows links inside the root, each real file once.
    const ignored = ignore.map((g) => globRegExp(g, false));
    const walked = filterWalk(walkWithLinks(base, root), base, ignored);
    const notes = [
      ...(walked.outside > 0
        ? [
            `${walked.outside} symbolic link${walked.outside > 1 ? 's' : ''} below ${spec} lead outside the repository and ${walked.outside > 1 ? 'were' : 'was'} not followed`,
          ]
        : []),
      ...(walked.stopped ? [`${walked.stopped}: some specs below ${spec} may not have been checked`] : []),
    ];
    const found = { files: walked.files, reals: walked.reals, ...(notes.length > 0 ? { notes } : {}) };
    return found.files.length === 0 ? { ...found, problem: NO_MARKDOWN } : found;
  }
  const fg = (await import('fast-glob')).default;
  // Not onlyFiles: broken links and FIFOs must reach the reader, which reports them.
  // Not fast-glob's `absolute`: it turns a backslash in a POSIX file name into a slash.
  // A glob does not follow links to directories: a link to `/` or `..` could make it endless.
  const entries = (
    await fg(pattern, {
      cwd: base,
      onlyFiles: false,
      followSymbolicLinks: false,
      suppressErrors: true,
      dot: false,
      deep: 64,
      ignore: ['**/node_modules/**', ...ignore],
    })
  ).map((entry) => path.resolve(base, entry));
  entries.sort();
  const files: string[] = [];
  const reals: string[] = [];
  const seen = new Set<string>();
  const facts = await Promise.all(
    entries.map(async (entry) => ({
      entry,
      isDirectory: (await fs.stat(entry).catch(() => undefined))?.isDirectory() ?? false,
      real: await fs.realpath(entry).catch(() => entry),
    })),
  );
  for (const { entry, isDirectory, real } of facts) {
    // A symlinked directory loop reaches one file under many names: check it once.
    if (isDirectory || seen.has(real)) continue;
    seen.add(real);
    files.push(entry);
    reals.push(real);
  }
  if (files.length === 0) return { files, reals, problem: stat?.isDirectory() ? NO_MARKDOWN : 'glob matched no files' };
  return { files, reals };
}

const DIRECTORY_PATTERN = '**/*.md';

/** A walk without the files `ignored` (globs relative to the walked directory) names. */
function filterWalk(
  walked: ReturnType<typeof walkWithLinks>,
  base: string,
  ignored: readonly RegExp[],
): ReturnType<typeof walkWithLinks> {
  if (ignored.length === 0) return walked;
  const keep = walked.files.map((f) => {
    const rel = path.relative(base, f).split(path.sep).join('/');
    return !ignored.some((re) => re.test(rel));
  });
  return { ...walked, files: walked.files.filter((_, i) => keep[i]), reals: walked.reals.filter((_, i) => keep[i]) };
}
const NO_MARKDOWN = 'directory holds no Markdown (*.md) files';

/**
 * A plain walk of a directory at or above the specs (readRepository's: dot entries included,
 * .git and node_modules skipped, every entry a plain file or directory), so the specs need
 * not be walked a second time.
 */
export interface PlainListing {
  root: string;
  /** Files below `root`, relative, with forward slashes. */
  files: ReadonlySet<string>;
}

/**
 * What fast-glob finds for DIRECTORY_PATTERN in a tree without links or special files, with
 * real paths derived rather than asked for: one readdir per directory instead of a stat and a
 * realpath per file. Undefined when the tree is not that plain.
 */
function plainSpecs(base: string): Discovered | undefined {
  const found = walkPlain(base, {
    dot: false,
    skip: SKIPPED,
    accept: (name, isDirectory) => !isDirectory && name.endsWith('.md'),
  });
  return found && discovered(base, found);
}

/**
 * What plainSpecs would walk, taken from a listing that holds it: the files below `base` with
 * no dot segment and no node_modules directory. Undefined when the listing cannot answer
 * (`base` outside it, or inside a directory it skipped). With `among`, only the specs among
 * those real paths are looked up (the tree is plain: a file's real path is its directory's
 * real path and its name), and the rest of the listing is searched only for whether any spec exists.
 */
function specsInListing(base: string, listing: PlainListing, among?: ReadonlySet<string>): Discovered | undefined {
  const relative = path.relative(listing.root, base);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const under = relative === '' ? '' : `${relative.split(path.sep).join('/')}/`;
  if (`/${under}`.includes('/.git/') || `/${under}`.includes('/node_modules/')) return undefined;
  const isSpec = (file: string): boolean => {
    if (!file.startsWith(under) || !file.endsWith('.md')) return false;
    const rest = file.slice(under.length);
    return !(rest.startsWith('.') || rest.includes('/.') || `/${rest}`.includes('/node_modules/'));
  };
  const found: string[] = [];
  if (among) {
    const realBase = realpathSync(base);
    const realPrefix = realBase.endsWith(path.sep) ? realBase : `${realBase}${path.sep}`;
    for (const real of among) {
      if (!real.startsWith(realPrefix)) continue;
      const file = under + real.slice(realPrefix.length).split(path.sep).join('/');
      if (isSpec(file) && listing.files.has(file)) found.push(file.slice(under.length));
    }
    if (found.length > 0) return discovered(base, found, realBase);
    for (const file of listing.files) if (isSpec(file)) return { files: [], reals: [] };
    return discovered(base, []);
  }
  for (const file of listing.files) if (isSpec(file)) found.push(file.slice(under.length));
  return discovered(base, found);
}

/** The specs of `found` whose real path is among `reals`; the problem stays. */
function only(found: Discovered, reals: ReadonlySet<string>): Discovered {
  const keep = found.reals.map((real) => reals.has(real));
  return { ...found, files: found.files.filter((_, i) => keep[i]), reals: found.reals.filter((_, i) => keep[i]) };
}

/** Spec files found below `base` (relative, forward slashes) as discoverSpecs reports them. */
function discovered(base: string, found: string[], realBase?: string): Discovered {
  if (found.length === 0) return { files: [], reals: [], problem: NO_MARKDOWN };
  // Sorting the relative paths sorts the absolute ones: they share one prefix.
  found.sort();
  const under = (dir: string): string => (dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`);
  const prefix = under(base);
  const realPrefix = under(realBase ?? realpathSync(base));
  const native = path.sep === '/' ? found : found.map((f) => f.split('/').join(path.sep));
  return { files: native.map((f) => prefix + f), reals: native.map((f) => realPrefix + f) };
}

const SKIPPED = new Set(['node_modules']);
