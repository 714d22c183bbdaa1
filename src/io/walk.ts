import { readdirSync } from 'node:fs';
import path from 'node:path';

export interface PlainWalk {
  /** Include entries whose name starts with a dot (and descend into such directories). */
  dot: boolean;
  /** Directory names never descended into. */
  skip: ReadonlySet<string>;
  /** Whether an entry (file or directory) with this name belongs in the result. */
  accept: (name: string, isDirectory: boolean) => boolean;
}

/**
 * Paths below `dir` (relative, with forward slashes, in no particular order) in a tree of
 * plain files and directories: one readdir per directory, no stat per file. Returns undefined
 * on meeting anything else (a symbolic link, a FIFO, an unreadable directory), where fast-glob's
 * handling of links and loops is what counts: the caller falls back to it.
 */
export function walkPlain(dir: string, walk: PlainWalk): string[] | undefined {
  const out: string[] = [];
  const pending: string[] = [''];
  while (pending.length > 0) {
    const relative = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(relative === '' ? dir : path.join(dir, relative), { withFileTypes: true });
    } catch {
      return undefined;
    }
    for (const entry of entries) {
      const name = entry.name;
      if (!walk.dot && name.startsWith('.')) continue;
      const isDirectory = entry.isDirectory();
      if (!isDirectory && !entry.isFile()) return undefined;
      const child = relative === '' ? name : `${relative}/${name}`;
      if (walk.accept(name, isDirectory)) out.push(child);
      if (isDirectory && !walk.skip.has(name)) pending.push(child);
    }
  }
  return out;
}
