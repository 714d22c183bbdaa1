import { canonicalEndpointPath } from '../canonical/endpoint.js';
import { basename, extension, PLACEHOLDER, segments, stem } from '../canonical/path.js';
import { similarity } from './similarity.js';

/** How alike two file names must be for the code's to be offered as the one meant. */
const LIKELY_SAME = 0.8;

/**
 * What the repository's own code names, gathered in one pass over its text files: the
 * second source of truth a spec item is held against before it is called drift.
 * Plain data (no classes) so it can be cached and handed to worker threads.
 */
export interface CodeIndex {
  /** The files read, in the order read; sites point into this list. */
  files: string[];
  /** Env-var-shaped words (`LOG_LEVEL`), file names (`metrics.jsonl`) and flags → first site. */
  names: Map<string, Site>;
  /** File names that a launcher (shell script, Makefile, workflow, package.json…) names → first site. */
  launched: Map<string, Site>;
  /** Bare path literals (`"/agent/tasks/{id}"`), canonical → first site: routes the code serves or calls relative to itself. */
  paths: Map<string, Site>;
  /** Paths that appear only after a host or a base (`"https://x/y"`, `f"{BASE}/y"`): APIs the code calls. */
  calledPaths: Map<string, Site>;
  /** Flag → where it appears, with the file names on the same line (capped). */
  flags: Map<string, FlagSite[]>;
}

/** A place in the code: an index into `CodeIndex.files` and a 1-based line. */
export interface Site {
  file: number;
  line: number;
}

export interface FlagSite extends Site {
  names: string[];
}

/** A site as a reader sees it. */
export interface CodeLocation {
  file: string;
  line: number;
}

/** Lines longer than this are read only this far: minified or generated text names nothing useful past it. */
const MAX_LINE = 4096;
const MAX_FLAG_SITES = 64;

const TOKEN = /--?[A-Za-z][A-Za-z0-9-]{0,63}|[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}/g;
const ENV_WORD = /^[A-Z][A-Z0-9_]{1,127}$/;
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.[A-Za-z][A-Za-z0-9]{0,7}$/;
/** A string that is a bare path, or a URL / interpolated base followed by a path. */
const PATH_LITERAL = /(["'`])(\/[A-Za-z0-9_.~{}<>:*$@%+-][^"'`\s]{0,255}|\/)\1/g;
const CALLED_LITERAL = /(["'`])(?:[a-z][a-z0-9+.-]*:\/\/[^/"'`\s]{1,255}|\$?\{[^{}"'`]{0,64}\}|%s)(\/[^"'`\s]{0,255})\1/gi;

export function emptyCodeIndex(): CodeIndex {
  return { files: [], names: new Map(), launched: new Map(), paths: new Map(), calledPaths: new Map(), flags: new Map() };
}

/** What one file names, each thing at its first line: plain data, cached by the file's content. */
export interface FileScan {
  names: Array<[string, number]>;
  paths: Array<[string, number]>;
  called: Array<[string, number]>;
  /** Flag, line, and the file names on that line. */
  flags: Array<[string, number, string[]]>;
}

/**
 * What one file's text names. Linear in the text: one token scan and two literal scans per
 * line, each with bounded repetition.
 */
export function scanCodeText(text: string): FileScan {
  const scan: FileScan = { names: [], paths: [], called: [], flags: [] };
  const seen = new Set<string>();
  const first = (list: Array<[string, number]>, tag: string, key: string, line: number): void => {
    if (seen.has(tag + key)) return;
    seen.add(tag + key);
    list.push([key, line]);
  };
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line++;
    const content = text.slice(start, Math.min(end, start + MAX_LINE));
    start = end + 1;
    if (content.length === 0) continue;
    let flags: string[] | undefined;
    const fileNames: string[] = [];
    TOKEN.lastIndex = 0;
    for (let m = TOKEN.exec(content); m; m = TOKEN.exec(content)) {
      const token = m[0].replace(/[.-]+$/, '');
      if (token.startsWith('-')) {
        if (token.length > 2 || /^-[A-Za-z]$/.test(token)) (flags ??= []).push(token);
      } else if (ENV_WORD.test(token)) first(scan.names, 'n', token, line);
      else {
        if (FILE_NAME.test(token)) {
          first(scan.names, 'n', token, line);
          fileNames.push(token);
        }
        // `process.env.LOG_LEVEL`, `settings.DATABASE_URL`: the name is one part of a dotted word.
        if (token.includes('.')) for (const part of token.split('.')) if (ENV_WORD.test(part)) first(scan.names, 'n', part, line);
      }
    }
    for (const flag of flags ?? []) {
      if (scan.flags.length < MAX_FLAG_SITES * 16) scan.flags.push([flag, line, fileNames]);
    }
    if (!content.includes('/')) continue;
    PATH_LITERAL.lastIndex = 0;
    for (let m = PATH_LITERAL.exec(content); m; m = PATH_LITERAL.exec(content)) first(scan.paths, 'p', canonicalEndpointPath(m[2]!), line);
    CALLED_LITERAL.lastIndex = 0;
    for (let m = CALLED_LITERAL.exec(content); m; m = CALLED_LITERAL.exec(content)) first(scan.called, 'c', canonicalEndpointPath(m[2]!), line);
  }
  return scan;
}

/** Adds one file's scan to the index; files added earlier keep the first site. */
export function addFileScan(index: CodeIndex, file: string, scan: FileScan): void {
  const id = index.files.push(file) - 1;
  const launcher = isLauncher(file);
  for (const [name, line] of scan.names) {
    setFirst(index.names, name, { file: id, line });
    if (launcher && FILE_NAME.test(name)) setFirst(index.launched, name, { file: id, line });
  }
  for (const [path, line] of scan.paths) setFirst(index.paths, path, { file: id, line });
  for (const [path, line] of scan.called) setFirst(index.calledPaths, path, { file: id, line });
  for (const [flag, line, names] of scan.flags) {
    const list = index.flags.get(flag) ?? [];
    if (list.length < MAX_FLAG_SITES) list.push({ file: id, line, names });
    index.flags.set(flag, list);
  }
}

/** Adds one file's text to the index. */
export function indexCodeFile(index: CodeIndex, file: string, text: string): void {
  addFileScan(index, file, scanCodeText(text));
}

function setFirst(map: Map<string, Site>, key: string, site: Site): void {
  if (!map.has(key)) map.set(key, site);
}

/**
 * Files whose job is to run commands: shell scripts, make and task files, package.json,
 * container, CI and service definitions. A script one of them names is one operators run.
 */
export function isLauncher(file: string): boolean {
  const base = basename(file);
  const ext = extension(base);
  if (['.sh', '.bash', '.zsh', '.ps1', '.bat', '.cmd', '.mk', '.yml', '.yaml', '.service', '.timer', '.cron'].includes(ext)) return true;
  return /^(?:GNUmakefile|[Mm]akefile|[Jj]ustfile|Procfile|package\.json|crontab|Dockerfile.*|Containerfile.*)$/.test(base);
}

/**
 * Reads an index: where the code names each item. Lookups are by key, or over a small bucket,
 * never over every file.
 */
export class CodeLookup {
  private pathsByLast: Map<string, Array<{ segs: string[]; site: Site }>> | undefined;
  private calledByLast: Map<string, Array<{ segs: string[]; site: Site }>> | undefined;
  private namesByExt: Map<string, string[]> | undefined;

  constructor(readonly index: CodeIndex) {}

  where(site: Site | undefined): CodeLocation | undefined {
    return site ? { file: this.index.files[site.file]!, line: site.line } : undefined;
  }

  /** An env var name, a file name, or a flag, as the code writes it. */
  name(name: string): CodeLocation | undefined {
    return this.where(this.index.names.get(name));
  }

  /** The first place a launcher names this file. */
  launcher(fileName: string): CodeLocation | undefined {
    return this.where(this.index.launched.get(fileName));
  }

  /** A file name matching a glob-like pattern (`{}` for any run within the name). */
  nameMatching(pattern: string): CodeLocation | undefined {
    if (!pattern.includes(PLACEHOLDER)) return this.name(pattern);
    const parts = pattern.split(PLACEHOLDER).filter((p) => p !== '');
    if (parts.length === 0) return undefined;
    for (const name of this.byExt(extension(pattern))) {
      if (matchesPattern(pattern, name)) return this.name(name);
    }
    return undefined;
  }

  /**
   * A name the code writes that the item's name likely means: the same extension, and the
   * item's stem as whole words of it (`friction.jsonl` → `friction_events.jsonl`) or a near
   * spelling (`alert.jsonl` → `alerts.jsonl`).
   */
  closeName(fileName: string): string | undefined {
    const ext = extension(fileName);
    const words = wordsOf(stem(fileName));
    if (!ext || words.length === 0) return undefined;
    let best: string | undefined;
    let bestScore = 0;
    for (const name of this.byExt(ext)) {
      if (name === fileName) continue;
      const theirs = wordsOf(stem(name));
      // Its words within the code's name (`friction` in `friction_events`), or a likely typo (`alert`, `alerts`).
      const score = theirs.length > words.length && containsRun(theirs, words) ? 0.9 - name.length / 1000 : similarity(fileName, name);
      if (score >= LIKELY_SAME && score > bestScore) {
        best = name;
        bestScore = score;
      }
    }
    return best;
  }

  /** Where the code defines or calls, relative to itself, a route this path matches. */
  servedPath(path: string): CodeLocation | undefined {
    this.pathsByLast ??= bucketPaths(this.index.paths);
    return this.where(matchPath(this.pathsByLast, segments(path)));
  }

  /** Where the code calls this path on another host or base. */
  calledPath(path: string): CodeLocation | undefined {
    this.calledByLast ??= bucketPaths(this.index.calledPaths);
    return this.where(matchPath(this.calledByLast, segments(path)));
  }

  /** Does a line of the code pass `flag` to this script (or the script's own file handle it)? */
  flagOf(script: string, flag: string): CodeLocation | undefined {
    const base = basename(script);
    for (const s of this.index.flags.get(flag) ?? []) {
      const file = this.index.files[s.file]!;
      if (file === script || file.endsWith(`/${script}`) || basename(file) === base || s.names.includes(base)) return this.where(s);
    }
    return undefined;
  }

  private byExt(ext: string): string[] {
    if (!this.namesByExt) {
      this.namesByExt = new Map();
      for (const name of this.index.names.keys()) {
        const e = extension(name);
        if (!e) continue;
        const list = this.namesByExt.get(e);
        if (list) list.push(name);
        else this.namesByExt.set(e, [name]);
      }
    }
    return this.namesByExt.get(ext) ?? [];
  }
}

function wordsOf(name: string): string[] {
  return name.toLowerCase().split(/[_.-]+/).filter((w) => w !== '');
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((w, j) => haystack[i + j] === w)) return true;
  }
  return false;
}

function matchesPattern(pattern: string, name: string): boolean {
  const parts = pattern.split(PLACEHOLDER);
  if (!name.startsWith(parts[0]!) || !name.endsWith(parts[parts.length - 1]!)) return false;
  let pos = parts[0]!.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const at = name.indexOf(parts[i]!, pos);
    if (at === -1) return false;
    pos = at + parts[i]!.length;
  }
  return name.length - parts[parts.length - 1]!.length >= pos;
}

type Buckets = Map<string, Array<{ segs: string[]; site: Site }>>;

function bucketPaths(paths: ReadonlyMap<string, Site>): Buckets {
  const out: Buckets = new Map();
  for (const [path, site] of paths) {
    const segs = segments(path);
    // A path with no literal segment (`/{id}`) would match anything.
    if (!segs.some((s) => s !== PLACEHOLDER)) continue;
    const key = segs[segs.length - 1]!;
    const list = out.get(key);
    if (list) list.push({ segs, site });
    else out.set(key, [{ segs, site }]);
  }
  return out;
}

/**
 * A code path matches when one path is the other's tail, segment by segment: a router mounted
 * under a prefix defines `/tasks/{id}` for `/api/agent/tasks/{id}`.
 */
function matchPath(buckets: Buckets, segs: readonly string[]): Site | undefined {
  if (segs.length === 0) return undefined;
  const last = segs[segs.length - 1]!;
  const candidates = last === PLACEHOLDER ? buckets.get(PLACEHOLDER) : [...(buckets.get(last) ?? []), ...(buckets.get(PLACEHOLDER) ?? [])];
  let best: { site: Site; length: number } | undefined;
  for (const c of candidates ?? []) {
    const n = Math.min(c.segs.length, segs.length);
    let ok = true;
    for (let i = 1; i <= n && ok; i++) {
      const a = c.segs[c.segs.length - i]!;
      const b = segs[segs.length - i]!;
      // The spec's parameters match anything; the code's match only a value (`42`), never a name
      // (`/api/{resource}` in a comment does not define `/api/agent`).
      ok = a === b || b === PLACEHOLDER || (a === PLACEHOLDER && /\d/.test(b));
    }
    // The shorter side must still say something literal of its own in the shared tail.
    const tail = (c.segs.length <= segs.length ? c.segs : segs).slice(-n);
    if (ok && tail.some((s) => s !== PLACEHOLDER) && (!best || n > best.length)) best = { site: c.site, length: n };
  }
  return best?.site;
}
