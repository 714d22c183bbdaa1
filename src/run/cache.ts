import type { CheckDocumentsOptions } from '../core/check-documents.js';
import { OUTCOME_OPTIONS } from '../core/options.js';
import { contentHash, contextKey, OutcomeCache, type CacheFileData } from '../io/cache.js';
import type { CodeScanResult } from '../io/code-scan.js';
import type { SourceDocument } from '../types.js';

type Repository = NonNullable<CheckDocumentsOptions['repository']>;

/**
 * The outcome cache of a run, valid under everything besides a spec's own text that an outcome
 * depends on: the tool's version, the runbooks, the outcome-shaping options, the repository's
 * files and its code. `cacheFile` is repository-relative: the cache must not be part of its own key.
 */
export function openCache(
  file: string,
  data: CacheFileData | undefined,
  version: string,
  runbooks: readonly SourceDocument[],
  core: CheckDocumentsOptions,
  cacheFile: string,
  scanned: CodeScanResult | undefined,
): OutcomeCache {
  const context = contextKey({
    code: scanned?.hash ?? null,
    version,
    runbook: runbooks.map((r) => [r.path, contentHash(r.text)]),
    ...Object.fromEntries(OUTCOME_OPTIONS.map((key) => [key, core[key] ?? null])),
    repository: core.repository ? repositoryFingerprint(core.repository, cacheFile) : null,
  });
  return OutcomeCache.from(file, data, context, scanned?.scans, version);
}

function repositoryFingerprint(repo: Repository, cacheFile: string): string {
  const sets = (m: ReadonlyMap<string, ReadonlySet<string>>) =>
    [...m].map(([k, v]) => [k, [...v].sort()]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  const files = [...repo.files].filter((f) => f !== cacheFile).sort();
  return contentHash(JSON.stringify([files, sets(repo.makeTargets), sets(repo.npmScripts)]));
}
