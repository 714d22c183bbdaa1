/** Glob patterns as one anchored regular expression each, for files the file system cannot be asked about. */
const globCache = new Map<string, RegExp>();

/** A glob as fast-glob reads it (`**`, `*`, `?`, `{a,b}`), as one anchored regular expression. */
export function globRegExp(glob: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase}\0${glob}`;
  const cached = globCache.get(key);
  if (cached) return cached;
  let out = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:[^/]*/)*' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') ((out += '(?:'), depth++);
    else if (c === '}' && depth > 0) ((out += ')'), depth--);
    else if (c === ',' && depth > 0) out += '|';
    else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  if (depth > 0) out += ')'.repeat(depth);
  const re = new RegExp(`^${out}$`, ignoreCase ? 'i' : '');
  globCache.set(key, re);
  return re;
}
