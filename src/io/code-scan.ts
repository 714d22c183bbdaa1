import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { basename, extension } from '../canonical/path.js';
import { addFileScan, emptyCodeIndex, scanCodeText, type CodeIndex, type FileScan } from '../compare/code-index.js';
import { contentHash } from './cache.js';

/** Prose describes; code does. Documents are never evidence of what the code has. */
const PROSE = new Set(['.md', '.markdown', '.mdx', '.rst', '.adoc', '.asciidoc', '.txt', '.org', '.tex', '.rtf']);
/** Data, logs, lock files and media: generated or recorded, not the project's code. */
const NOT_CODE = new Set([
  '.jsonl',
  '.ndjson',
  '.csv',
  '.tsv',
  '.log',
  '.db',
  '.sqlite',
  '.sqlite3',
  '.parquet',
  '.lock',
  '.map',
  '.svg',
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.ico',
  '.webp',
  '.pdf',
  '.zip',
  '.gz',
  '.tgz',
  '.woff',
  '.woff2',
  '.ttf',
  '.eot',
]);
/** Trees that hold other projects' code or build output, by the conventions of their ecosystems. */
const VENDORED = new Set([
  'node_modules',
  'bower_components',
  'vendor',
  'vendors',
  'third_party',
  'third-party',
  '.git',
  '__pycache__',
  '.venv',
  'venv',
  'site-packages',
  '.tox',
  'dist',
  'target',
  'coverage',
  '.next',
  '.nuxt',
]);
/** Enough to tell text from binary, as git does. */
const SNIFF = 8000;

export interface CodeScanResult {
  index: CodeIndex;
  /** Hash of every scanned file's path and content: part of the outcome cache's key. */
  hash: string;
  /** Each scanned file's content hash and scan, for the next run's cache. */
  scans: Map<string, [string, FileScan]>;
}

const DOC_DATA = new Set(['.json', '.jsonl', '.yaml', '.yml', '.csv', '.tsv', '.xml', '.toml']);

/**
 * Is `file` (relative, forward slashes) the project's own code, by its path alone? Not prose,
 * not data, not in a vendored or generated tree, not a minified bundle.
 */
export function isCodePath(file: string, ignoredDirs: ReadonlySet<string> = new Set()): boolean {
  // The extension first: most files a repository's specs sit among are prose, and it costs least.
  const base = basename(file);
  const ext = extension(base);
  if (PROSE.has(ext) || NOT_CODE.has(ext)) return false;
  const parts = file.split('/');
  for (let i = 0; i < parts.length - 1; i++) {
    if (
      VENDORED.has(parts[i]!) ||
      ignoredDirs.has(parts.slice(0, i + 1).join('/')) ||
      ignoredDirs.has(`*/${parts[i]!}`)
    )
      return false;
  }
  // Data kept with the documentation (an audit's JSON, a diagram's YAML) describes the code; it is not code.
  if (parts.slice(0, -1).some((p) => p === 'docs' || p === 'doc') && DOC_DATA.has(ext)) return false;
  return !/\.min\.[a-z]+$|-lock\.(?:json|ya?ml)$/i.test(base);
}

/**
 * Directories the repository's root .gitignore names plainly (`build/`, `/out`, `.cache`):
 * generated trees. An entry with a slash before its end (`/out`, `docs/build/`) is anchored at
 * the root, and kept as that path; one without (`build/`, `.cache`) matches at any depth, kept
 * as `*\/name`. Patterns with wildcards or negations are left to git: this is a filter on
 * evidence, and a missed ignore only means more text is read.
 */
export function ignoredDirectories(gitignore: string): Set<string> {
  const out = new Set<string>();
  for (const raw of gitignore.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!') || /[*?[\]\\]/.test(line)) continue;
    const name = line.replace(/^\/+/, '').replace(/\/+$/, '');
    if (!name) continue;
    out.add(name.includes('/') || line.startsWith('/') ? name : `*/${name}`);
  }
  return out;
}

/**
 * Reads the repository's code once: every text file `isCodePath` accepts, that `exclude` does
 * not name and no `ignore` path (a file or a directory) holds, each read at most `maxBytes` far.
 * A file whose content hash is in `previous` is not scanned again. Without `hashed` (no cache to
 * keep the scans in) the files are not hashed, and the result has no hash and no scans.
 */
export function scanRepositoryCode(
  root: string,
  files: Iterable<string>,
  exclude: ReadonlySet<string>,
  maxBytes: number,
  previous?: ReadonlyMap<string, [string, FileScan]>,
  ignore: readonly string[] = [],
  hashed = true,
): CodeScanResult {
  const isCode = codeFilter(readText(path.join(root, '.gitignore'), GITIGNORE_BYTES), ignore);
  const chosen = [...files].filter((f) => !exclude.has(f) && isCode(f)).sort();
  const index = emptyCodeIndex();
  const scans = new Map<string, [string, FileScan]>();
  const keys: string[] = [];
  for (const file of chosen) {
    const text = readText(path.join(root, file), maxBytes);
    if (text === undefined || isOwnReport(text)) continue;
    if (!hashed) {
      addFileScan(index, file, scanCodeText(text));
      continue;
    }
    const hash = contentHash(text);
    const old = previous?.get(file);
    const scan = old && old[0] === hash ? old[1] : scanCodeText(text);
    scans.set(file, [hash, scan]);
    keys.push(`${file}\0${hash}`);
    addFileScan(index, file, scan);
  }
  return { index, hash: hashed ? contentHash(keys.join('\n')) : '', scans };
}

/** The root .gitignore is read this far. */
export const GITIGNORE_BYTES = 256 * 1024;

/**
 * Which files are code, given the root .gitignore's text and the paths `--code-ignore` names
 * (files or directories, relative to the root).
 */
export function codeFilter(gitignore: string | undefined, ignore: readonly string[]): (file: string) => boolean {
  const ignored = gitignore === undefined ? new Set<string>() : ignoredDirectories(gitignore);
  const under = ignore.map((p) => p.replace(/\/+$/, '')).filter((p) => p !== '' && p !== '.');
  return (f) => !under.some((p) => f === p || f.startsWith(`${p}/`)) && isCodePath(f, ignored);
}

/** A code file's bytes as the scan reads them: at most `maxBytes`, undefined for a binary. */
export function codeText(bytes: Buffer, maxBytes: number): string | undefined {
  const head = bytes.length > maxBytes ? bytes.subarray(0, maxBytes) : bytes;
  return head.subarray(0, SNIFF).includes(0) ? undefined : head.toString('utf8');
}

/**
 * A report or baseline sync-check wrote (JSON, SARIF, JUnit, GitLab, a baseline): it names every
 * item, so it is never evidence that the code has one.
 */
export function isOwnReport(text: string): boolean {
  const head = text.slice(0, 2048);
  return (
    /^\{\s*"version": 1,\s*"runbook":/.test(head) ||
    /^\{\s*"version": 1,\s*"tool": "sync-check"/.test(head) ||
    /"driver": \{\s*"name": "sync-check"/.test(head) ||
    /<testsuites name="sync-check"/.test(head) ||
    /^\[\s*\{\s*"type": "issue",\s*"check_name": "(?:undocumented|planned|operator|implementation|stale|orphan|missing|waiver)-/.test(
      head,
    )
  );
}

/** A file's text, at most `maxBytes` of it; undefined for binaries, symbolic links, special files. */
function readText(file: string, maxBytes: number): string | undefined {
  let fd: number | undefined;
  try {
    // Never through a symbolic link (a pull request could point one outside the repository),
    // never blocking on a FIFO.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes));
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return codeText(buffer.subarray(0, read), maxBytes);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
