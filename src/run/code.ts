import path from 'node:path';
import { scanRepositoryCode, type CodeScanResult } from '../io/code-scan.js';
import type { Diagnostic } from '../types.js';
import type { RunPaths } from './paths.js';

/**
 * The repository's code, read once for every spec. The specs, the runbooks, the cache and the
 * run's own files are not code, nor is what `--code-ignore` names.
 */
export function readCode(
  paths: RunPaths,
  files: ReadonlySet<string>,
  notCode: Iterable<string>,
  codeExclude: readonly string[],
  maxBytes: number,
  previous: Parameters<typeof scanRepositoryCode>[4],
  scan: boolean,
  cached: boolean,
): { scanned: CodeScanResult | undefined; diagnostics: Diagnostic[] } {
  const ignored = codeExclude.map((p) => ({ given: p, path: paths.display(path.resolve(paths.cwd, p)) }));
  const scanned = scan
    ? scanRepositoryCode(
        paths.root,
        files,
        new Set(notCode),
        maxBytes,
        previous,
        ignored.map((i) => i.path),
        cached,
      )
    : undefined;
  return { scanned, diagnostics: unmatchedIgnores(ignored, files) };
}

/** A --code-ignore that names nothing of the repository is most likely a typo: say so rather than read the fixtures. */
function unmatchedIgnores(
  ignored: readonly { given: string; path: string }[],
  files: ReadonlySet<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { given, path: p } of ignored) {
    const under = `${p.replace(/\/+$/, '')}/`;
    let matched = files.has(p);
    for (const f of files) if (matched || (matched = f.startsWith(under))) break;
    if (!matched) {
      out.push({
        file: given,
        severity: 'warning',
        code: 'code-ignore-unmatched',
        message: '--code-ignore / codeIgnore names no file or directory of the repository',
      });
    }
  }
  return out;
}
