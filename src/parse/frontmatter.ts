import { clip } from '../base/clip.js';
import matter from 'gray-matter';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { Diagnostic } from '../types.js';
import { readPlainYaml } from './plain-yaml.js';
import { LineIndex } from './text.js';

/** A string value from front matter, with the key path that holds it and where it starts. */
export interface FrontMatterScalar {
  keyPath: string[];
  value: string;
  offset: number;
}

export interface FrontMatter {
  data: Record<string, unknown>;
  scalars: FrontMatterScalar[];
  /** Offset in the text where the Markdown body starts. */
  bodyOffset: number;
  diagnostics: Diagnostic[];
}

/** Front-matter keys whose entries are environment variable names. */
export const ENV_KEY = /^(?:env|envs|environment|env_vars?|environment_variables|variables|vars)$/i;
/** Front matter is metadata: a few KiB. Past these limits it is refused, not parsed. */
export const MAX_FRONT_MATTER = 64 * 1024;
export const MAX_FLOW_DEPTH = 64;

/** Deepest `[`/`{` nesting, ignoring brackets inside quotes; an upper bound on what a parser recurses into. */
function flowDepth(text: string, from: number, to: number): number {
  let depth = 0;
  let max = 0;
  let quote = '';
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\n') quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return max;
}

const SAFE_LANGUAGES = new Set(['', 'yaml', 'yml', 'json']);
const CLOSE = /\n---[ \t]*(?:\n|$)/g;

/**
 * Every engine gray-matter knows that would evaluate code is replaced by one that refuses:
 * front matter is data, never a program.
 */
const refuse = (): never => {
  throw new Error('refused');
};
const REFUSING_ENGINES = { javascript: refuse, js: refuse, coffee: refuse, coffeescript: refuse, cson: refuse };

/**
 * The front matter of `text`, if it has any. `plain: false` leaves out the fast reader of plain
 * YAML, so that tests can hold its answers against the `yaml` package's.
 */
export function readFrontMatter(file: string, text: string, options: { plain?: boolean } = {}): FrontMatter {
  const none: FrontMatter = { data: {}, scalars: [], bodyOffset: 0, diagnostics: [] };
  if (!text.startsWith('---') || text[3] === '-') return none;
  const firstNewline = text.indexOf('\n');
  if (firstNewline === -1) return none;
  const language = text.slice(3, firstNewline).trim().toLowerCase();
  const matterStart = firstNewline + 1;

  CLOSE.lastIndex = firstNewline;
  const close = CLOSE.exec(text);
  if (!close) {
    return {
      ...none,
      diagnostics: [
        {
          file,
          line: 1,
          column: 1,
          severity: 'warning',
          code: 'frontmatter-unclosed',
          message: 'front matter opened on line 1 is never closed with "---"; the file is read as Markdown',
        },
      ],
    };
  }
  const bodyOffset = close.index + close[0].length;

  // gray-matter closes at the first line that merely starts with "---"; say so rather than lose keys.
  const early = text.indexOf('\n---', firstNewline);
  if (early !== -1 && early < close.index) {
    return {
      ...none,
      bodyOffset,
      diagnostics: [
        {
          file,
          line: new LineIndex(text).position(early + 1).line,
          column: 1,
          severity: 'error',
          code: 'frontmatter-invalid',
          message:
            'a line inside front matter starts with "---" but is not the closing "---"; the front matter is not read',
        },
      ],
    };
  }
  if (close.index - matterStart > MAX_FRONT_MATTER) {
    return {
      ...none,
      bodyOffset,
      diagnostics: [
        {
          file,
          line: 1,
          column: 1,
          severity: 'error',
          code: 'frontmatter-too-large',
          message: `front matter is over ${MAX_FRONT_MATTER / 1024} KiB; it is not read`,
        },
      ],
    };
  }
  const depth = flowDepth(text, matterStart, close.index);
  if (depth > MAX_FLOW_DEPTH) {
    return {
      ...none,
      bodyOffset,
      diagnostics: [
        {
          file,
          line: 1,
          column: 1,
          severity: 'error',
          code: 'frontmatter-too-deep',
          message: `front matter nests [ ] / { } ${depth} levels deep (limit ${MAX_FLOW_DEPTH}); it is not read`,
        },
      ],
    };
  }

  if (!SAFE_LANGUAGES.has(language)) {
    return {
      ...none,
      bodyOffset,
      diagnostics: [
        {
          file,
          line: 1,
          column: 4,
          severity: 'error',
          code: 'frontmatter-language',
          message: `front matter in "${clip(language, 40)}" is not read (only YAML or JSON front matter is; nothing in it was run)`,
        },
      ],
    };
  }

  if (language !== 'json' && options.plain !== false) {
    const plain = readPlainYaml(text, matterStart, close.index);
    if (plain) return { ...plain, bodyOffset, diagnostics: [] };
  }

  let yamlDoc: Document | undefined;
  const parseSafely = (source: string): unknown => {
    if (language === 'json') JSON.parse(source);
    yamlDoc = parseDocument(source, { schema: 'core', prettyErrors: false, uniqueKeys: false });
    if (yamlDoc.errors.length > 0) throw yamlDoc.errors[0];
    return yamlDoc.toJS({ maxAliasCount: 50 }) ?? {};
  };

  try {
    // Only the front matter: gray-matter copies its whole input into a Buffer, and the body is read elsewhere.
    const parsed = matter(text.slice(0, bodyOffset), {
      language: language === 'json' ? 'json' : 'yaml',
      engines: { ...REFUSING_ENGINES, yaml: parseSafely, json: parseSafely },
    } as never);
    const data = parsed.data;
    const diagnostics: Diagnostic[] = (yamlDoc?.warnings ?? []).slice(0, 5).map((w) => ({
      file,
      line: errorLine(w, text, firstNewline),
      column: 1,
      severity: 'warning' as const,
      code: 'frontmatter-warning',
      message: `front matter: ${firstLine(w)}`,
    }));
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      diagnostics.push({
        file,
        line: 2,
        column: 1,
        severity: 'warning',
        code: 'frontmatter-shape',
        message: 'front matter is not a mapping of keys to values; it is ignored',
      });
      return { data: {}, scalars: [], bodyOffset, diagnostics };
    }
    // gray-matter hands the engine everything after "---<lang>", starting with that line's newline.
    return {
      data: data as Record<string, unknown>,
      scalars: yamlDoc ? collectScalars(yamlDoc, firstNewline) : [],
      bodyOffset,
      diagnostics,
    };
  } catch (error) {
    const where = errorLine(error, text, firstNewline);
    return {
      ...none,
      bodyOffset,
      diagnostics: [
        {
          file,
          line: where,
          column: 1,
          severity: 'error',
          code: 'frontmatter-invalid',
          message: `front matter is not valid ${language === 'json' ? 'JSON' : 'YAML'}: ${firstLine(error)}`,
        },
      ],
    };
  }
}

function collectScalars(doc: Document, base: number): FrontMatterScalar[] {
  const out: FrontMatterScalar[] = [];
  const visit = (node: unknown, keyPath: string[], depth: number): void => {
    if (depth > 64) return;
    if (isScalar(node)) {
      if (node.value !== null && node.value !== undefined && typeof node.value !== 'object') {
        const offset = base + (node.range?.[0] ?? 0);
        out.push({ keyPath, value: String(node.value), offset });
      }
    } else if (isMap(node)) {
      const envMap = keyPath.some((k) => ENV_KEY.test(k));
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        // Under `env:`, the keys are the variable names.
        if (envMap && isScalar(pair.key)) out.push({ keyPath, value: key, offset: base + (pair.key.range?.[0] ?? 0) });
        visit(pair.value, [...keyPath, key], depth + 1);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item, keyPath, depth + 1);
    }
  };
  visit(doc.contents, [], 0);
  return out;
}

/**
 * The line of a parse error: YAML errors carry `pos` and JSON.parse says "position N", both
 * counted from the engine's input, which starts at the newline ending the opening "---".
 */
function errorLine(error: unknown, text: string, engineStart: number): number {
  const lines = new LineIndex(text);
  const pos = (error as { pos?: [number, number] }).pos?.[0];
  const jsonPos = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  const offset = pos ?? (jsonPos === undefined ? undefined : Number(jsonPos));
  return offset === undefined ? lines.position(engineStart).line : lines.position(engineStart + offset).line;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200);
}
