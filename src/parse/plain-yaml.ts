import type { FrontMatterScalar } from './frontmatter.js';

/**
 * The plain YAML most front matter is: top-level `key: value` lines, each value a one-line
 * scalar (plain, or quoted without escapes) or a block list of such scalars, with blank and
 * comment lines between. Read in one pass over the lines; anything else (nested maps,
 * multi-line or escaped scalars, flow collections, anchors, tags, floats, duplicate keys, tabs,
 * CR) is not modelled, and `readPlainYaml` returns undefined so the `yaml` package reads it.
 * When it answers, its data and scalars are the ones the `yaml` package's core schema gives
 * (`__tests__/plain-yaml.test.ts` holds the two side by side).
 */
export function readPlainYaml(
  text: string,
  start: number,
  end: number,
): { data: Record<string, unknown>; scalars: FrontMatterScalar[] } | undefined {
  const data: Record<string, unknown> = {};
  const scalars: FrontMatterScalar[] = [];
  /** The key whose value is a block list being read, and the indentation of its items. */
  let list: { key: string; items: unknown[]; indent: number } | undefined;
  let pairs = 0;
  for (let at = start; at < end;) {
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    const line = text.slice(at, lineEnd);
    const lineStart = at;
    at = lineEnd + 1;
    if (line.includes('\t') || line.includes('\r')) return undefined;
    const indent = leadingSpaces(line);
    if (indent === line.length) continue;
    if (line[indent] === '#') continue;
    if (line[indent] === '-' && (line[indent + 1] === ' ' || indent + 1 === line.length)) {
      if (!list || (list.items.length > 0 && indent !== list.indent) || indent > 2) return undefined;
      list.indent = indent;
      const valueAt = indent + 1 + leadingSpaces(line.slice(indent + 1));
      const value = scalar(line.slice(valueAt));
      if (value === undefined || value.value === null) return undefined;
      list.items.push(value.value);
      data[list.key] = list.items;
      scalars.push({ keyPath: [list.key], value: String(value.value), offset: lineStart + valueAt });
      continue;
    }
    if (indent > 0) return undefined;
    list = undefined;
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const key = line.slice(0, colon);
    if (!PLAIN_KEY.test(key) || NULL.test(key) || BOOL.test(key) || key === '__proto__') return undefined;
    if (Object.prototype.hasOwnProperty.call(data, key)) return undefined;
    pairs++;
    const rest = line.slice(colon + 1);
    if (rest.trim() === '') {
      list = { key, items: [], indent: 0 };
      // Null until a list item says otherwise.
      data[key] = null;
      continue;
    }
    if (rest[0] !== ' ') return undefined;
    const valueAt = colon + 1 + leadingSpaces(rest);
    const value = scalar(line.slice(valueAt));
    if (value === undefined) return undefined;
    data[key] = value.value;
    if (value.value !== null) scalars.push({ keyPath: [key], value: String(value.value), offset: lineStart + valueAt });
  }
  return pairs === 0 ? undefined : { data, scalars };
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** A character a plain scalar cannot start with, or that makes it something else (flow, anchor, tag, block). */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
/** The core schema's other tags: octal, hex, floats, infinities and NaN. */
const OTHER_TAG =
  /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** A one-line scalar as the core schema resolves it, or undefined when it is not one this reader models. */
function scalar(written: string): { value: unknown } | undefined {
  const text = written.replace(/ +$/, '');
  if (text.startsWith('"')) {
    const m = /^"([^"\\]*)"$/.exec(text);
    return m ? { value: m[1]! } : undefined;
  }
  if (text.startsWith("'")) {
    const m = /^'([^']*)'$/.exec(text);
    return m ? { value: m[1]! } : undefined;
  }
  if (INT.test(text)) {
    const n = parseInt(text, 10);
    return Number.isSafeInteger(n) ? { value: n } : undefined;
  }
  if (INDICATOR.test(text) || text.includes(': ') || text.endsWith(':') || text.includes(' #')) return undefined;
  if (NULL.test(text)) return { value: null };
  if (BOOL.test(text)) return { value: text[0] === 't' || text[0] === 'T' };
  if (OTHER_TAG.test(text)) return undefined;
  return { value: text };
}

function leadingSpaces(line: string): number {
  let n = 0;
  while (n < line.length && line.charCodeAt(n) === 0x20) n++;
  return n;
}
