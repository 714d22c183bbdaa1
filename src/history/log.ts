/** One path's change in a commit, against its first parent (`git log --raw -z`). */
export interface Change {
  /** A added, M modified, D deleted, R renamed, C copied, T type changed. */
  status: string;
  mode: string;
  oid: string;
  path: string;
  /** The old path of a rename or copy. */
  from?: string;
}

export interface Commit {
  oid: string;
  parents: string[];
  /** Committer time, seconds since the epoch. */
  time: number;
  subject: string;
  changes: Change[];
}

/** The format `parseLog` reads: a record separator, then fields; the subject last, as it may hold anything but NUL. */
export const LOG_FORMAT = '%x1e%H%x1f%P%x1f%ct%x1f%s';

/**
 * `git log --raw -z --format=LOG_FORMAT` as commits, in git's order. Fields are NUL-separated
 * and paths taken by count, so no path or subject can be mistaken for a record.
 */
export function parseLog(text: string): Commit[] {
  const tokens = text.split('\0');
  const commits: Commit[] = [];
  let current: Commit | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!.replace(/^\n/, '');
    if (token.startsWith('\x1e')) {
      const [oid = '', parents = '', time = '0', ...subject] = token.slice(1).split('\x1f');
      current = {
        oid,
        parents: parents.split(' ').filter(Boolean),
        time: Number(time),
        subject: subject.join('\x1f'),
        changes: [],
      };
      commits.push(current);
    } else if (token.startsWith(':') && current) {
      const [, mode = '', , oid = '', status = ''] = token.slice(1).split(' ');
      if (status.startsWith('R') || status.startsWith('C')) {
        current.changes.push({ status: status[0]!, mode, oid, from: tokens[i + 1]!, path: tokens[i + 2]! });
        i += 2;
      } else {
        current.changes.push({ status: status[0] ?? 'M', mode, oid, path: tokens[i + 1]! });
        i += 1;
      }
    }
  }
  return commits;
}

/** A tree entry: its mode (100644, 100755, 120000 link, 160000 submodule) and object id. */
export interface Entry {
  mode: string;
  oid: string;
}

/** `git ls-tree -r -z` as path → entry. */
export function parseTree(text: string): Map<string, Entry> {
  const tree = new Map<string, Entry>();
  for (const record of text.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab === -1) continue;
    const [mode = '', , oid = ''] = record.slice(0, tab).split(' ');
    tree.set(record.slice(tab + 1), { mode, oid });
  }
  return tree;
}

/** The tree after `commit`, from the tree before it: its changes applied in place. */
export function applyChanges(tree: Map<string, Entry>, commit: Commit): void {
  for (const c of commit.changes) {
    if (c.status === 'R' && c.from !== undefined) tree.delete(c.from);
    if (c.status === 'D') tree.delete(c.path);
    else tree.set(c.path, { mode: c.mode, oid: c.oid });
  }
}

/**
 * For each commit (given newest first), its paths → the path the same file has at the newest
 * commit, for the paths renamed since; a path not in the map kept its name. Maps are shared
 * between commits with no rename between them.
 */
export function identities(newestFirst: readonly Commit[]): ReadonlyMap<string, string>[] {
  const out: ReadonlyMap<string, string>[] = [];
  let now: Map<string, string> = new Map();
  for (const commit of newestFirst) {
    out.push(now);
    const renames = commit.changes.filter((c) => c.status === 'R' && c.from !== undefined);
    if (renames.length === 0) continue;
    const before = new Map(now);
    for (const r of renames) before.set(r.from!, now.get(r.path) ?? r.path);
    now = before;
  }
  return out;
}
