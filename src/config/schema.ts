import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { RULES } from '../rules/index.js';
import { selectorProblem } from '../suppress/selector.js';
import { KINDS, type Kind, type Severity, type Waiver } from '../types.js';

/** Everything a config file can set. Paths are relative to the config file's directory. */
export interface Config {
  specs?: string;
  /** A runbook file or glob, or a list of them: one runbook spread over the files. */
  runbook?: string | string[];
  root?: string;
  kinds?: Kind[];
  everySpec?: Kind[];
  excludeSections?: string[];
  systemCommands?: string[];
  rules?: Record<string, Severity | 'off'>;
  ignore?: string[];
  waivers?: Waiver[];
  maxFileSize?: number;
  /** false: do not hold spec items against the repository's code. */
  code?: boolean;
  /** Files or directories never read as code (relative to the config file). */
  codeIgnore?: string[];
}

import { ConfigError } from '../base/errors.js';

export { ConfigError };

const LEVELS = ['error', 'warning', 'info', 'off'];
const KEYS = [
  'specs',
  'runbook',
  'root',
  'kinds',
  'everySpec',
  'excludeSections',
  'systemCommands',
  'rules',
  'ignore',
  'waivers',
  'maxFileSize',
  'code',
  'codeIgnore',
];
const WAIVER_KEYS = ['rule', 'item', 'file', 'owner', 'reason', 'expires_at'];

/**
 * Parses and validates a config document (YAML, or JSON, which YAML reads too), keeping
 * line numbers for errors and for waivers. `pick` selects a sub-tree (package.json's
 * "sync-check" key). Every error names the file, the line, the key and what was expected.
 */
export function parseConfig(text: string, file: string, pick?: string): Config | undefined {
  const lineOf = lineFinder(text);
  if (file.endsWith('.json')) {
    try {
      JSON.parse(text);
    } catch (e) {
      // Node names a position for most errors; for a trailing comma (the usual slip) find it.
      const pos = /position (\d+)/.exec((e as Error).message)?.[1] ?? /,\s*[\]}]/.exec(text)?.index;
      const reason = (e as Error).message.split('\n')[0]!.slice(0, 160);
      throw new ConfigError(`${file}:${pos === undefined ? 1 : lineOf(Number(pos))}: not valid JSON: ${reason}`);
    }
  }
  // YAML reads JSON too, and keeps the positions errors and waivers need.
  const doc = parseDocument(text, { schema: 'core', prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new ConfigError(
      `${file}:${lineOf(e.pos[0])}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${e.message.split('\n')[0]}`,
    );
  }
  let root: unknown = doc.contents;
  if (pick !== undefined) {
    root = isMap(root) ? root.get(pick, true) : undefined;
    if (root === undefined) return undefined;
  }
  return validate(root as Node | null, file, lineOf);
}

function lineFinder(text: string): (offset: number) => number {
  return (offset) => {
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    return line;
  };
}

function validate(node: Node | null, file: string, lineOf: (o: number) => number): Config {
  const at = (n: unknown): string => {
    const range = (n as { range?: [number, number, number] } | undefined)?.range;
    return `${file}:${range ? lineOf(range[0]) : 1}`;
  };
  const fail = (n: unknown, key: string, expected: string): never => {
    throw new ConfigError(`${at(n)}: "${key}": expected ${expected}`);
  };
  if (node === null || node === undefined) return {};
  if (!isMap(node)) fail(node, '(top level)', 'a mapping of settings');
  const config: Config = {};
  const map = node as ReturnType<Document['createNode']> & { items: Array<{ key: unknown; value: unknown }> };
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    if (!KEYS.includes(key)) fail(pair.key, key, `one of ${KEYS.join(', ')} (unknown setting)`);
    const str = (): string =>
      isScalar(value) && typeof value.value === 'string' && value.value !== ''
        ? value.value
        : fail(value, key, 'a non-empty string');
    const strings = (): string[] => {
      if (!isSeq(value)) return fail(value, key, 'a list of strings');
      return value.items.map((item, i) =>
        isScalar(item) && typeof item.value === 'string' ? item.value : fail(item, `${key}[${i}]`, 'a string'),
      );
    };
    const kinds = (): Kind[] => {
      const list = strings();
      list.forEach((k, i) => {
        if (!(KINDS as readonly string[]).includes(k))
          fail((value as { items: unknown[] }).items[i], `${key}[${i}]`, `one of ${KINDS.join(', ')}`);
      });
      return list as Kind[];
    };
    switch (key) {
      case 'specs':
      case 'root':
        config[key] = str();
        break;
      case 'runbook': {
        const list = isSeq(value) ? strings() : [str()];
        if (list.length === 0 || list.some((r) => r === ''))
          fail(value, key, 'a non-empty string or a non-empty list of them');
        config.runbook = isSeq(value) ? list : list[0]!;
        break;
      }
      case 'kinds':
        config.kinds = kinds();
        if (config.kinds.length === 0) fail(value, key, `at least one of ${KINDS.join(', ')}`);
        break;
      case 'everySpec':
        config.everySpec = kinds();
        break;
      case 'excludeSections':
      case 'systemCommands':
      case 'codeIgnore':
        config[key] = strings();
        break;
      case 'ignore': {
        const list = strings();
        list.forEach((selector, i) => {
          const problem = selectorProblem(
            selector,
            RULES.map((r) => r.id),
          );
          if (problem)
            fail(
              (value as { items: unknown[] }).items[i],
              `ignore[${i}]`,
              `"rule-or-kind" or "rule-or-kind:pattern" (${problem})`,
            );
        });
        config.ignore = list;
        break;
      }
      case 'code':
        if (!isScalar(value) || typeof value.value !== 'boolean') fail(value, key, 'true or false');
        config.code = (value as { value: boolean }).value;
        break;
      case 'maxFileSize':
        if (!isScalar(value) || typeof value.value !== 'number' || !(value.value > 0))
          fail(value, key, 'a positive number of bytes');
        config.maxFileSize = (value as { value: number }).value;
        break;
      case 'rules': {
        if (!isMap(value)) fail(value, key, `a mapping of rule id to ${LEVELS.join(' | ')}`);
        const rules: Record<string, Severity | 'off'> = {};
        for (const r of (value as unknown as { items: Array<{ key: unknown; value: unknown }> }).items) {
          const id = isScalar(r.key) ? String(r.key.value) : '';
          if (!RULES.some((d) => d.id === id))
            fail(r.key, `rules.${id}`, `a rule id: ${RULES.map((d) => d.id).join(', ')}`);
          const level = isScalar(r.value) ? String(r.value.value) : '';
          if (!LEVELS.includes(level)) fail(r.value, `rules.${id}`, LEVELS.join(' | '));
          rules[id] = level as Severity | 'off';
        }
        config.rules = rules;
        break;
      }
      case 'waivers': {
        if (!isSeq(value)) fail(value, key, 'a list of waivers');
        config.waivers = (value as unknown as { items: unknown[] }).items.map((w, i) =>
          waiver(w, `waivers[${i}]`, file, fail, lineOf),
        );
        break;
      }
    }
  }
  return config;
}

/** Date.parse rolls 2026-02-30 over to March; a waiver date must be a day that exists. */
function isRealDate(text: string): boolean {
  const day = text.slice(0, 10);
  const parsed = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) return false;
  return !Number.isNaN(Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text));
}

function waiver(
  node: unknown,
  key: string,
  file: string,
  fail: (n: unknown, key: string, expected: string) => never,
  lineOf: (o: number) => number,
): Waiver {
  if (!isMap(node)) return fail(node, key, 'a mapping with item, owner, reason and expires_at');
  const fields: Record<string, string> = {};
  for (const pair of (node as unknown as { items: Array<{ key: unknown; value: unknown }> }).items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!WAIVER_KEYS.includes(name)) fail(pair.key, `${key}.${name}`, `one of ${WAIVER_KEYS.join(', ')}`);
    const v = pair.value;
    if (!isScalar(v) || v.value === null || String(v.value).trim() === '')
      fail(v, `${key}.${name}`, 'a non-empty string');
    fields[name] = String((v as { value: unknown }).value);
  }
  for (const required of ['item', 'owner', 'reason', 'expires_at']) {
    if (fields[required] === undefined)
      fail(node, `${key}.${required}`, `a value: every waiver needs item, owner, reason and expires_at`);
  }
  const expires = fields.expires_at!;
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(expires) || !isRealDate(expires)) {
    fail(node, `${key}.expires_at`, `an ISO 8601 date like 2026-12-31 (got "${expires}")`);
  }
  if (
    fields.rule !== undefined &&
    !RULES.some((r) => r.id === fields.rule) &&
    !(KINDS as readonly string[]).includes(fields.rule)
  ) {
    fail(node, `${key}.rule`, `a rule id or kind: ${[...RULES.map((r) => r.id), ...KINDS].join(', ')}`);
  }
  const range = (node as { range?: [number] }).range;
  return {
    item: fields.item!,
    owner: fields.owner!,
    reason: fields.reason!,
    expiresAt: expires,
    ...(fields.rule === undefined ? {} : { rule: fields.rule }),
    ...(fields.file === undefined ? {} : { file: fields.file }),
    source: { file, line: range ? lineOf(range[0]) : 1, column: 1 },
  };
}
