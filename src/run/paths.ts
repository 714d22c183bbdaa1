import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Where a run reads from, and how it names what it read: paths relative to the repository root. */
export interface RunPaths {
  cwd: string;
  root: string;
  /** An absolute path as the report shows it: relative to the root, with `/`. */
  display(absolute: string): string;
}

export function runPaths(cwd: string, root: string): RunPaths {
  const rootPrefix = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  return {
    cwd,
    root,
    // The common case, a file below the root, without path.relative's normalising.
    display: (absolute) =>
      absolute.startsWith(rootPrefix) && !absolute.includes(`${path.sep}.`)
        ? toPosix(absolute.slice(rootPrefix.length))
        : toPosix(path.relative(root, absolute)) || '.',
  };
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export function realpath(file: string): Promise<string> {
  return fs.realpath(file).catch(() => path.resolve(file));
}
