import { promises as fs } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';

export interface Discovered {
  /** Absolute paths of spec files, sorted. */
  files: string[];
  /** Why nothing was found, when nothing was. */
  problem?: string;
}

/**
 * `--specs` takes a directory (every *.md below it) or a glob. A path that does not exist and
 * a glob that matches nothing are problems to report, never a silently clean run.
 */
export async function discoverSpecs(spec: string, cwd: string, ignore: readonly string[] = []): Promise<Discovered> {
  const absolute = path.resolve(cwd, spec);
  let pattern: string;
  let base = cwd;
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (stat?.isDirectory()) {
    base = absolute;
    pattern = '**/*.md';
  } else if (stat?.isFile()) {
    return { files: [absolute] };
  } else if (fg.isDynamicPattern(spec)) {
    pattern = spec;
  } else {
    return { files: [], problem: 'no such file or directory' };
  }
  // Not onlyFiles: broken links and FIFOs must reach the reader, which reports them.
  const entries = await fg(pattern, {
    cwd: base, absolute: true, onlyFiles: false, followSymbolicLinks: true, suppressErrors: true, dot: false,
    ignore: ['**/node_modules/**', ...ignore],
  });
  entries.sort();
  const files: string[] = [];
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
  }
  if (files.length === 0) {
    return { files, problem: stat?.isDirectory() ? 'directory holds no Markdown (*.md) files' : 'glob matched no files' };
  }
  return { files };
}
