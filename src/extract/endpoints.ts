import { cutAt, trailingRun, trimEnd } from '../base/trim.js';
import { canonicalEndpoint, HTTP_METHODS } from '../canonical/endpoint.js';
import type { Candidate, Extractor } from './candidate.js';
import type { Command } from './shell.js';

const METHOD_PATH = new RegExp(
  `\\b(${HTTP_METHODS.join('|')})[ \\t]+((?:https?://[^\\s/\`'"]+)?/[\\w\\-./{}<>:*$~%@+=[\\]]*)`,
  'g',
);
/** Bare paths that are API routes rather than files or chat commands: `/api/...`, `/v1/...`. */
const API_PATH = /^\/(?:api|v\d+)(?:\/[\w\-.{}<>:*$~%@+=[\]]*)+$/;
const URL = /^https?:\/\/([^/\s]+)(\/[^\s]*)?$/i;
const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|\$\{?\w+\}?)(?::\d+|:\$\{?\w+\}?)?$/i;
const HTTP_CLIENTS = new Set(['curl', 'wget', 'http', 'https', 'xh', 'httpie']);

/**
 * Drops sentence punctuation, closing emphasis (`**GET /api/a**`) and a closing bracket that
 * opens nowhere in the path (`[GET /api/a](…)`); a `/*` wildcard and `[id]` stay.
 */
function trimPath(path: string): string {
  let out = trimEnd(path, '.,:;');
  const opens = count(out, '[');
  let closes = count(out, ']');
  let end = out.length;
  while (end > 0 && out[end - 1] === ']' && closes > opens) {
    end--;
    closes--;
    while (end > 0 && '.,:;'.includes(out[end - 1]!)) end--;
  }
  if (end < out.length) out = out.slice(0, end);
  const emphasis = trailingRun(out, '*_');
  if (emphasis > 0 && out[out.length - emphasis - 1] !== '/')
    out = trimEnd(out.slice(0, out.length - emphasis), '.,:;');
  return out;
}

/** `curl -X PATCH http://localhost:8000/api/agent/tasks/{id}` → PATCH /api/agent/tasks/{id}. */
function fromHttpClient(command: Command, mode: 'strict' | 'harvest'): Candidate[] {
  const head = command.words.findIndex((w) => HTTP_CLIENTS.has(w.text));
  if (head === -1) return [];
  const words = command.words.slice(head + 1);
  let method: string | undefined;
  let hasBody = false;
  const out: Candidate[] = [];
  words.forEach((w, i) => {
    const next = words[i + 1]?.text;
    if ((w.text === '-X' || w.text === '--request') && next) method = next.toUpperCase();
    else if (/^-X[A-Z]+$/.test(w.text)) method = w.text.slice(2);
    else if (/^(?:-d|--data(?:-\w+)?|--json|-F|--form)$/.test(w.text)) hasBody = true;
  });
  for (const w of words) {
    const m = URL.exec(w.text);
    if (!m) continue;
    const path = m[2] ?? '/';
    if (mode === 'strict' && !LOCAL_HOST.test(m[1]!) && !API_PATH.test(cutAt(path, '?#'))) continue;
    const verb = method ?? (command.words[head]!.text === 'curl' && hasBody ? 'POST' : 'GET');
    out.push({ kind: 'endpoint', raw: w.text, canonical: canonicalEndpoint(verb, path), index: w.index });
  }
  return out;
}

function count(text: string, c: string): number {
  let n = 0;
  for (let i = text.indexOf(c); i !== -1; i = text.indexOf(c, i + 1)) n++;
  return n;
}

export const extractEndpoints: Extractor = (view, ctx) => {
  const { span } = view;
  const out: Candidate[] = [];
  const covered: Array<[number, number]> = [];
  METHOD_PATH.lastIndex = 0;
  for (let m = METHOD_PATH.exec(span.text); m; m = METHOD_PATH.exec(span.text)) {
    const path = trimPath(m[2]!);
    if (path === '/' && ctx.mode === 'strict') continue;
    const raw = `${m[1]}${span.text.slice(m.index + m[1]!.length, m.index + m[0].length - (m[2]!.length - path.length))}`;
    out.push({ kind: 'endpoint', raw, canonical: canonicalEndpoint(m[1], path), index: m.index });
    covered.push([m.index, m.index + m[0].length]);
  }
  for (const command of view.commands) {
    for (const c of fromHttpClient(command, ctx.mode)) {
      if (!covered.some(([a, b]) => c.index >= a && c.index < b)) {
        out.push(c);
        covered.push([c.index, c.index + c.raw.length]);
      }
    }
  }
  const barePathsCount = span.context === 'code' || span.context === 'frontmatter' || ctx.mode === 'harvest';
  if (barePathsCount) {
    for (const word of view.words) {
      const path = trimPath(word.text);
      if (!API_PATH.test(path) || covered.some(([a, b]) => word.index >= a && word.index < b)) continue;
      out.push({ kind: 'endpoint', raw: path, canonical: canonicalEndpoint(undefined, path), index: word.index });
    }
  }
  return out;
};
