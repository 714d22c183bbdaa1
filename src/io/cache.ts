import { createHash } from 'node:crypto';
import type { RunbookOutcome, SpecOutcome } from '../core/outcome.js';
import type { FileScan } from '../compare/code-index.js';
import { writeFileAtomic } from './write-atomic.js';
import { readSettingsFile } from './read.js';
import {
  isDiagnostic,
  isFinding,
  isListOf,
  isMention,
  isOrphanCandidate,
  isString,
  isSuppressed,
} from './outcome-shape.js';

/** Bump when the shape of an outcome changes. The tool's version is part of every key as well. */
const CACHE_FORMAT = 7;
/** A cache of 10,000 specs and their code scans stays far below this. */
const MAX_CACHE_BYTES = 512 * 1024 * 1024;

interface CacheData {
  format: number;
  context: string;
  runbook?: RunbookOutcome;
  /** [spec path, hash of its text, its outcome], in the order the run met them. */
  specs: Array<[string, string, SpecOutcome]>;
  /** The tool version the code scans were made by: they outlive any other change. */
  codeVersion?: string;
  /** [code file, hash of its text, what it names]. */
  code?: Array<[string, string, FileScan]>;
}

/** A cache file as read: its data when it is one of ours, and its code scans when their version is this one. */
export interface CacheFileData {
  data?: CacheData;
  code?: Map<string, [string, FileScan]>;
}

/** Reads a cache file; anything missing, damaged or foreign reads as empty. */
export async function readCacheFile(file: string, version: string): Promise<CacheFileData> {
  // A cache that is not a regular file (a FIFO, a device) or too big is no cache: rebuilt, never waited on.
  const read = readSettingsFile(file, MAX_CACHE_BYTES);
  if (!read.ok) return {};
  const text = read.text;
  try {
    const data = JSON.parse(text) as CacheData;
    if (!isRecord(data) || data.format !== CACHE_FORMAT) return {};
    const code = new Map<string, [string, FileScan]>();
    if (data.codeVersion === version && Array.isArray(data.code)) {
      for (const e of data.code as unknown[]) if (isCodeEntry(e)) code.set(e[0], [e[1], e[2]]);
    }
    return { data, code };
  } catch {
    return {};
  }
}

/**
 * A code scan as written, every tuple checked: a damaged entry is dropped (the file is scanned again), never
 * trusted.
 */
function isCodeEntry(e: unknown): e is [string, string, FileScan] {
  if (!Array.isArray(e) || e.length !== 3 || typeof e[0] !== 'string' || typeof e[1] !== 'string' || !isRecord(e[2]))
    return false;
  const scan = e[2];
  const line = (v: unknown): boolean => Number.isInteger(v) && (v as number) > 0;
  const strings = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');
  const pairs = (v: unknown): boolean =>
    Array.isArray(v) && v.every((t) => Array.isArray(t) && t.length === 2 && typeof t[0] === 'string' && line(t[1]));
  const triples = (v: unknown): boolean =>
    Array.isArray(v) &&
    v.every((t) => Array.isArray(t) && t.length === 3 && typeof t[0] === 'string' && line(t[1]) && strings(t[2]));
  return (
    pairs(scan['names']) &&
    pairs(scan['env']) &&
    pairs(scan['interpolated']) &&
    pairs(scan['consts']) &&
    pairs(scan['templates']) &&
    pairs(scan['keys']) &&
    pairs(scan['assigned']) &&
    (scan['shell'] === undefined || typeof scan['shell'] === 'boolean') &&
    triples(scan['paths']) &&
    pairs(scan['called']) &&
    triples(scan['flags'])
  );
}

type Entries = Map<string, [string, SpecOutcome]>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isSpecOutcome(v: unknown, path: string): v is SpecOutcome {
  return (
    isRecord(v) &&
    v['path'] === path &&
    typeof v['checked'] === 'boolean' &&
    typeof v['bound'] === 'boolean' &&
    isListOf(v['diagnostics'], isDiagnostic) &&
    isListOf(v['findings'], isFinding) &&
    isListOf(v['suppressed'], isSuppressed) &&
    isListOf(v['mentions'], isMention) &&
    isListOf(v['fileNames'], isString)
  );
}

function isRunbookOutcome(v: unknown): v is RunbookOutcome {
  return (
    isRecord(v) &&
    typeof v['path'] === 'string' &&
    isListOf(v['paths'], isString) &&
    typeof v['ok'] === 'boolean' &&
    isListOf(v['diagnostics'], isDiagnostic) &&
    isListOf(v['findings'], isFinding) &&
    (v['orphanCandidates'] === undefined || isListOf(v['orphanCandidates'], isOrphanCandidate))
  );
}

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/**
 * The key everything in the cache is valid under: tool version, the options that shape an
 * outcome, the runbook's text and the repository's files. Any change empties the cache.
 */
export function contextKey(parts: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([CACHE_FORMAT, parts]))
    .digest('hex');
}

/**
 * Outcomes of earlier runs, by the hash of what they were computed from (like ESLint's
 * `--cache`). A missing, unreadable or foreign cache file is an empty cache, never an error:
 * the cache only ever saves work.
 */
export class OutcomeCache {
  private readonly next: Entries = new Map();
  private nextRunbook: RunbookOutcome | undefined;
  private dirty = false;
  private code: Map<string, [string, FileScan]> | undefined;
  private codeVersion: string | undefined;

  private constructor(
    private readonly file: string,
    private readonly context: string,
    private readonly oldRunbook: RunbookOutcome | undefined,
    private readonly old: Entries,
  ) {
    this.nextRunbook = oldRunbook;
  }

  static async open(file: string, context: string): Promise<OutcomeCache> {
    return OutcomeCache.from(file, await readCacheFile(file, ''), context);
  }

  /** The cache under `context`, from a file already read; `code` is this run's code scans, written back with it. */
  static from(
    file: string,
    read: CacheFileData | undefined,
    context: string,
    code?: Map<string, [string, FileScan]>,
    codeVersion?: string,
  ): OutcomeCache {
    const entries: Entries = new Map();
    let runbook: RunbookOutcome | undefined;
    const data = read?.data;
    // Anything not shaped as written is a damaged cache: all of it is ignored, none of it trusted.
    if (
      data?.context === context &&
      Array.isArray(data.specs) &&
      (data.runbook === undefined || isRunbookOutcome(data.runbook))
    ) {
      const specs = data.specs as unknown[];
      if (
        specs.every(
          (e) =>
            Array.isArray(e) &&
            e.length === 3 &&
            typeof e[0] === 'string' &&
            typeof e[1] === 'string' &&
            isSpecOutcome(e[2], e[0]),
        )
      ) {
        runbook = data.runbook;
        for (const [path, hash, outcome] of data.specs) entries.set(path, [hash, outcome]);
      }
    }
    const cache = new OutcomeCache(file, context, runbook, entries);
    if (code) {
      cache.code = code;
      cache.codeVersion = codeVersion;
      // New or changed code files are worth writing even when every spec outcome was reused.
      const old = read?.code;
      cache.dirty = !old || old.size !== code.size || [...code].some(([f, [h]]) => old.get(f)?.[0] !== h);
    }
    return cache;
  }

  runbook(): RunbookOutcome | undefined {
    return this.oldRunbook;
  }

  setRunbook(outcome: RunbookOutcome): void {
    if (this.nextRunbook) return;
    this.nextRunbook = outcome;
    this.dirty = true;
  }

  spec(path: string, hash: string): SpecOutcome | undefined {
    const entry = this.old.get(path);
    if (entry === undefined || entry[0] !== hash) return undefined;
    this.next.set(path, entry);
    return entry[1];
  }

  setSpec(path: string, hash: string, outcome: SpecOutcome): void {
    this.next.set(path, [hash, outcome]);
    this.dirty = true;
  }

  /**
   * Writes what this run used. A run over some specs only (PR mode) keeps the others' entries;
   * a full run drops entries of specs that are gone.
   */
  async save(complete: boolean): Promise<void> {
    if (!complete) for (const [path, entry] of this.old) if (!this.next.has(path)) this.next.set(path, entry);
    if (!this.dirty && this.next.size === this.old.size) return;
    const data: CacheData = {
      format: CACHE_FORMAT,
      context: this.context,
      ...(this.nextRunbook ? { runbook: this.nextRunbook } : {}),
      specs: [...this.next].map(([path, [hash, outcome]]) => [path, hash, outcome]),
      ...(this.code
        ? {
            codeVersion: this.codeVersion ?? '',
            code: [...this.code].map(([f, [h, scan]]) => [f, h, scan] as [string, string, FileScan]),
          }
        : {}),
    };
    await writeFileAtomic(this.file, JSON.stringify(data));
  }
}
