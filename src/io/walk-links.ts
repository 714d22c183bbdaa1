import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';

/** Bounds on a walk through a tree with symbolic links: it stops, and says so, past either. */
export const MAX_WALK_DEPTH = 32;
export const MAX_WALK_ENTRIES = 200_000;

export interface LinkedWalk {
  /** Absolute paths, each real file once, under its shortest path from `base`. */
  files: string[];
  reals: string[];
  /** Links whose target lies outside `root`: not followed. */
  outside: number;
  /** The walk stopped at a bound (depth or entries) before the end. */
  stopped?: string;
}

/**
 * Markdown files below `base`, following symbolic links that stay inside `root`: breadth first,
 * so each real file is found first under its shortest path; each real directory is walked
 * once, however many links lead to it; dot entries and node_modules are skipped. A link that
 * cannot be resolved is kept when its name is a spec's (the reader reports it).
 */
export function walkWithLinks(base: string, root: string): LinkedWalk {
  const rootReal = realOr(root);
  const inside = (real: string): boolean =>
    real === rootReal || real.startsWith(rootReal.endsWith(path.sep) ? rootReal : `${rootReal}${path.sep}`);
  const out: LinkedWalk = { files: [], reals: [], outside: 0 };
  const seenDirs = new Set<string>([realOr(base)]);
  const seenFiles = new Set<string>();
  let entries = 0;
  let level: string[] = [base];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > MAX_WALK_DEPTH) {
      out.stopped = `the walk stopped at ${MAX_WALK_DEPTH} directories deep`;
      break;
    }
    const next: string[] = [];
    for (const dir of level) {
      let list: Dirent[];
      try {
        list = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of list) {
        if (++entries > MAX_WALK_ENTRIES) {
          out.stopped = `the walk stopped after ${MAX_WALK_ENTRIES.toLocaleString('en-US')} entries`;
          return finish(out);
        }
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        const full = path.join(dir, e.name);
        const isSpec = e.name.endsWith('.md');
        if (e.isSymbolicLink()) {
          const real = realOr(full, '');
          if (real === '') {
            if (isSpec) add(out, seenFiles, full, full);
            continue;
          }
          if (!inside(real)) {
            out.outside++;
            continue;
          }
          const isDir = statOr(real);
          if (isDir === undefined) continue;
          if (isDir) {
            if (!seenDirs.has(real)) (seenDirs.add(real), next.push(full));
          } else if (isSpec) add(out, seenFiles, full, real);
        } else if (e.isDirectory()) {
          const real = realOr(full);
          if (!seenDirs.has(real)) (seenDirs.add(real), next.push(full));
        } else if (isSpec) {
          add(out, seenFiles, full, realOr(full));
        }
      }
    }
    level = next;
  }
  return finish(out);
}

function add(out: LinkedWalk, seen: Set<string>, file: string, real: string): void {
  if (seen.has(real)) return;
  seen.add(real);
  out.files.push(file);
  out.reals.push(real);
}

function finish(out: LinkedWalk): LinkedWalk {
  const order = out.files
    .map((_, i) => i)
    .sort((a, b) => (out.files[a]! < out.files[b]! ? -1 : out.files[a]! > out.files[b]! ? 1 : 0));
  return { ...out, files: order.map((i) => out.files[i]!), reals: order.map((i) => out.reals[i]!) };
}

function realOr(p: string, fallback = p): string {
  try {
    return realpathSync(p);
  } catch {
    return fallback;
  }
}

/** true for a directory, false for anything else, undefined when it cannot be stat'ed. */
function statOr(p: string): boolean | undefined {
  try {
    return statSync(p).isDirectory();
  } catch {
    return undefined;
  }
}
