import { cutAt } from '../base/trim.js';
import { PLACEHOLDER } from './path.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** `{id}`, `<id>`, `:id`, `[id]` / `[...slug]` / `[[...slug]]` (Next.js), `*`, `$ID`, `${ID}`, `...`. */
const SEGMENT_PLACEHOLDER =
  /^(?:\{[^{}]*\}|<[^<>]*>|:[A-Za-z_][\w-]*|\[\[?(?:\.\.\.)?[\w-]*\]\]?|\*+|\$\{?[A-Za-z_]\w*\}?|\.\.\.)$/;

/** `/api/agent/tasks/{task_id}/` → `/api/agent/tasks/{}`; scheme, host, query and fragment dropped. */
export function canonicalEndpointPath(raw: string): string {
  let path = raw.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/\s]*/i, '');
  path = cutAt(path, '?#');
  const segs = path.split('/').filter((s) => s !== '');
  return '/' + segs.map((s) => (SEGMENT_PLACEHOLDER.test(s) ? PLACEHOLDER : s)).join('/');
}

export function canonicalEndpoint(method: string | undefined, rawPath: string): string {
  const path = canonicalEndpointPath(rawPath);
  return method ? `${method.toUpperCase()} ${path}` : path;
}

export function splitEndpoint(canonical: string): { method?: string; path: string } {
  const space = canonical.indexOf(' ');
  return space === -1 ? { path: canonical } : { method: canonical.slice(0, space), path: canonical.slice(space + 1) };
}

/**
 * An endpoint as a reader wants it printed: the method and the path as written, without
 * scheme, host, query or fragment, shell variables as `{name}`:
 * `curl -X PATCH http://localhost:8000/api/tasks/$ID?x=1` → `PATCH /api/tasks/{ID}`.
 */
export function displayEndpoint(raw: string, canonical: string): string {
  const { method } = splitEndpoint(canonical);
  let path = raw.replace(new RegExp(`^(?:${HTTP_METHODS.join('|')})\\s+`), '');
  path = path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/\s]*/i, '');
  path = cutAt(path, '?#') || '/';
  path = path.replace(
    /\$\{([A-Za-z_]\w{0,63})\}|\$([A-Za-z_]\w{0,63})/g,
    (_m, a: string | undefined, b: string | undefined) => `{${a ?? b}}`,
  );
  return method ? `${method} ${path}` : path;
}
