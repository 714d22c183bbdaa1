/** Marks a placeholder in a canonical form: `{id}`, `<id>`, `*`, `$ID` and `${ID}` all become this. */
export const PLACEHOLDER = '{}';

const PATH_PLACEHOLDER =
  /\{[^{}/]{0,64}\}|<[^<>/]{0,64}>|\$\{[A-Za-z_][A-Za-z0-9_]{0,64}\}|\$[A-Za-z_][A-Za-z0-9_]{0,64}|\*+/g;

export function normalizePlaceholders(path: string): string {
  return path.replace(PATH_PLACEHOLDER, PLACEHOLDER);
}

/** Joins a relative path onto a directory and folds `.` and `..`; leading `..` that escapes is kept. */
export function joinPath(dir: string, path: string): string {
  const parts: string[] = [];
  for (const seg of `${dir}/${path}`.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

const memo = new Map<string, string>();
const MEMO_LIMIT = 50_000;

/** A path relative to the repository root, with placeholders unified and `./`, `..` folded. */
export function canonicalPath(raw: string, cwd: string | null): string {
  // Documents repeat the same paths; a bounded memo keeps repeated work flat.
  const key = `${cwd ?? ''}\0${raw}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  const result = computeCanonicalPath(raw, cwd);
  memo.set(key, result);
  return result;
}

function computeCanonicalPath(raw: string, cwd: string | null): string {
  let path = raw;
  if (path.startsWith('/') || path.startsWith('~') || /^\$\{?HOME\}?\//.test(path)) return normalizePlaceholders(path);
  path = joinPath(cwd ?? '', path);
  return normalizePlaceholders(path);
}

export function basename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

/** Extension including the dot, lower-cased ('' when none). */
export function extension(path: string): string {
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}

export function stem(path: string): string {
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? base : base.slice(0, dot);
}

export function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/**
 * Does `text` match `pattern`, where `{}` in the pattern stands for any run of characters
 * within one path segment? Iterative with one backtrack point per wildcard: O(n·m) at worst.
 */
export function matchesWithPlaceholders(pattern: string, text: string): boolean {
  if (!pattern.includes(PLACEHOLDER)) return pattern === text;
  const parts = pattern.split(PLACEHOLDER);
  if (!text.startsWith(parts[0]!)) return false;
  let pos = parts[0]!.length;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    const last = i === parts.length - 1;
    const found = last
      ? text.endsWith(part) && text.length - part.length >= pos
        ? text.length - part.length
        : -1
      : text.indexOf(part, pos);
    if (found === -1) return false;
    if (text.slice(pos, found).includes('/')) return false;
    pos = found + part.length;
  }
  return pos === text.length;
}

/** Two canonical forms name the same thing when equal or when a placeholder in either covers the other. */
export function sameCanonical(a: string, b: string): boolean {
  return a === b || matchesWithPlaceholders(a, b) || matchesWithPlaceholders(b, a);
}
