import { FORMATS, type FormatName } from '../format/names.js';
import { KINDS, type Kind } from '../types.js';
import { UsageError } from '../base/errors.js';
import { DEFAULT_CACHE_LOCATION, OPTIONS, type RawArgs } from './options.js';
import { scanArgs } from './scan-args.js';

export { UsageError } from '../base/errors.js';

/** The raw values settingsOf reads. */
interface ParsedOptions {
  specs?: string;
  runbook?: unknown;
  root?: string;
  cwd?: string;
  config?: string | false;
  format?: unknown[];
  'output-file'?: unknown[];
  kinds?: unknown;
  'every-spec'?: unknown;
  'exclude-section'?: unknown[];
  'max-file-size'?: number;
  baseline?: string;
  'write-baseline'?: string;
  fix: boolean;
  'fix-dry-run': boolean;
  'changed-since'?: string;
  blame?: boolean;
  history?: number;
  since?: string;
  'max-warnings'?: number;
  'link-base'?: string;
  'full-report-url'?: string;
  now?: string;
  'allow-incomplete': boolean;
  color?: boolean;
  debug: boolean;
  cache: boolean;
  'cache-location'?: string;
  concurrency?: string;
  code?: boolean;
  'code-ignore'?: unknown[];
}

/** One output: a format, written to a file or (file undefined) to stdout. */
export interface Output {
  format: FormatName;
  file?: string;
  /** The text report no --format asked for. */
  implicit?: true;
}

/**
 * What the command line said. Settings a config file can also give are undefined when the
 * command line did not give them, so that flags override config and config overrides defaults.
 */
export interface CliArgs {
  specs?: string;
  /** Runbook files or globs, in the order given. */
  runbook?: string[];
  root?: string;
  cwd?: string;
  /** A config file to use; false for --no-config; undefined to look for one. */
  config?: string | false;
  outputs: Output[];
  kinds?: Kind[];
  everySpec?: Kind[];
  excludeSection?: string[];
  maxFileSize?: number;
  baseline?: string;
  writeBaseline?: string;
  /** Add what the runbook lacks to it (`fix`), or print the change as a diff (`dry-run`). */
  fix?: 'fix' | 'dry-run';
  changedSince?: string;
  /** undefined when the command line did not say: on for markdown in a git repository. */
  blame?: boolean;
  /** Trend points: the last N commits that touched the documents. */
  history?: number;
  since?: string;
  maxWarnings?: number;
  linkBase?: string;
  fullReportUrl?: string;
  now?: Date;
  allowIncomplete: boolean;
  color?: boolean;
  debug: boolean;
  /** Where to keep outcomes between runs; undefined without --cache. */
  cacheLocation?: string;
  concurrency?: number | 'auto' | 'off';
  /** false for --no-code; undefined when the command line did not say. */
  code?: boolean;
  codeIgnore?: string[];
}

/**
 * `{ key: value }`, or nothing when the value is undefined: an unset flag must not spread `undefined` over a
 * setting.
 */
export function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** Trend points at most: a chart of more is unreadable, and history reads at most 1000 commits. */
const MAX_POINTS = 1000;

function concurrencyOf(value: string | undefined): number | 'auto' | 'off' | undefined {
  if (value === undefined || value === 'auto' || value === 'off') return value;
  if (/^[1-9]\d{0,2}$/.test(value)) return Number(value);
  throw new UsageError(`--concurrency: "${value}" is not a number of threads (1-999), auto or off`);
}

function kindList(name: string, value: unknown): Kind[] | undefined {
  if (value === undefined) return undefined;
  const items = (Array.isArray(value) ? value : [value])
    .flatMap((v) => String(v).split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items) {
    if (!(KINDS as readonly string[]).includes(item))
      throw new UsageError(`--${name}: "${item}" is not a kind; use ${KINDS.join(', ')}`);
  }
  return [...new Set(items)] as Kind[];
}

/** `--format sarif=out.sarif`, or `--format sarif -o out.sarif` paired in order. */
function outputsOf(formats: string[], files: string[]): Output[] {
  const outputs: Output[] = formats.map((spec) => {
    const eq = spec.indexOf('=');
    const name = eq === -1 ? spec : spec.slice(0, eq);
    if (!(FORMATS as readonly string[]).includes(name))
      throw new UsageError(`--format: "${name}" is not a format; use ${FORMATS.join(', ')}`);
    return eq === -1 ? { format: name as FormatName } : { format: name as FormatName, file: spec.slice(eq + 1) };
  });
  if (outputs.length === 0) outputs.push({ format: 'text', implicit: true });
  const unpaired = outputs.filter((o) => o.file === undefined);
  if (files.length > unpaired.length)
    throw new UsageError(`${files.length} --output-file for ${unpaired.length} --format without a file`);
  files.forEach((file, i) => {
    unpaired[i]!.file = file === '-' ? undefined : file;
  });
  if (outputs.filter((o) => o.file === undefined).length > 1) {
    throw new UsageError('only one --format can go to standard output; give the others a file (--format NAME=FILE)');
  }
  return outputs;
}

/**
 * The command line, read by the quick scanner when it can and by yargs otherwise (help,
 * version, anything unusual, every error). Both give the same raw values; one function turns
 * them into settings.
 */
export async function parseArgs(argv: string[], version: string): Promise<CliArgs | { exit: number; output: string }> {
  const raw = scanArgs(argv) ?? (await (await import('./yargs-args.js')).parseWithYargs(argv, version));
  return 'exit' in raw && 'output' in raw ? (raw as { exit: number; output: string }) : settingsOf(raw);
}

/** Raw option values (as yargs names them) to settings, with the checks yargs does not make. */
export function settingsOf(raw: RawArgs): CliArgs {
  checkShapes(raw);
  const parsed = raw as unknown as ParsedOptions;
  const maxFileSize = parsed['max-file-size'];
  if (maxFileSize !== undefined && (!Number.isFinite(maxFileSize) || maxFileSize <= 0))
    throw new UsageError('--max-file-size must be a positive number of bytes');
  const maxWarnings = parsed['max-warnings'];
  if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0))
    throw new UsageError('--max-warnings must be a whole number, 0 or more');
  const history = parsed.history;
  if (history !== undefined && (!Number.isInteger(history) || history < 1 || history > MAX_POINTS))
    throw new UsageError(`--history must be a whole number of commits, 1 to ${MAX_POINTS}`);
  const kinds = kindList('kinds', parsed.kinds);
  if (kinds?.length === 0) throw new UsageError('--kinds: name at least one kind');
  let now: Date | undefined;
  if (parsed.now !== undefined) {
    now = new Date(/^\d{4}-\d{2}-\d{2}$/.test(parsed.now) ? `${parsed.now}T00:00:00Z` : parsed.now);
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now: "${parsed.now}" is not a date`);
  }
  const config = parsed.config;
  const concurrency = concurrencyOf(parsed.concurrency);
  const everySpec = kindList('every-spec', parsed['every-spec']);
  return {
    ...optional('specs', parsed.specs),
    ...optional('runbook', runbooksOf(parsed.runbook)),
    ...optional('root', parsed.root),
    ...optional('cwd', parsed.cwd),
    ...optional('config', config),
    outputs: outputsOf((parsed.format ?? []).map(String), (parsed['output-file'] ?? []).map(String)),
    ...optional('kinds', kinds),
    ...optional('everySpec', everySpec),
    ...optional('excludeSection', parsed['exclude-section']?.map(String)),
    ...optional('maxFileSize', maxFileSize),
    ...optional('baseline', parsed.baseline),
    ...optional('writeBaseline', parsed['write-baseline']),
    ...optional<'fix', 'fix' | 'dry-run'>('fix', parsed['fix-dry-run'] ? 'dry-run' : parsed.fix ? 'fix' : undefined),
    ...optional('changedSince', parsed['changed-since']),
    ...optional('blame', parsed.blame),
    ...optional('history', history),
    ...optional('since', parsed.since),
    ...optional('maxWarnings', maxWarnings),
    ...optional('linkBase', parsed['link-base']),
    ...optional('fullReportUrl', webUrl('full-report-url', parsed['full-report-url'])),
    ...optional('now', now),
    allowIncomplete: parsed['allow-incomplete'],
    ...optional('color', parsed.color),
    debug: parsed.debug,
    ...optional('concurrency', concurrency),
    ...optional('code', parsed.code),
    ...optional('codeIgnore', parsed['code-ignore']?.map(String)),
    ...optional(
      'cacheLocation',
      parsed.cache || parsed['cache-location'] !== undefined
        ? (parsed['cache-location'] ?? DEFAULT_CACHE_LOCATION)
        : undefined,
    ),
  };
}

/**
 * What yargs lets through: an option given twice that takes one value (it makes an array), and
 * a value-taking option given none (`--specs` at the end, `--specs=`). Both are usage errors.
 */
function checkShapes(raw: RawArgs): void {
  for (const o of OPTIONS) {
    const value = raw[o.name];
    if (value === undefined || o.type === 'boolean') continue;
    const values = Array.isArray(value) ? value : [value];
    if (!o.array && !o.repeatable && values.length > 1) {
      throw new UsageError(
        `--${o.name} was given ${values.length} times (${values.map(String).join(', ')}); give it once`,
      );
    }
    if (
      o.type === 'string' &&
      (values.length === 0 || values.some((v) => typeof v !== 'string' || v === '')) &&
      !(o.name === 'config' && value === false)
    ) {
      throw new UsageError(`--${o.name} needs a value`);
    }
  }
}

/** `--runbook` once is a string, repeated an array: every value a non-empty file or glob. */
function runbooksOf(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = (Array.isArray(value) ? value : [value]).map(String);
  if (list.some((v) => v.trim() === ''))
    throw new UsageError('--runbook: expected a file or a glob, got an empty value');
  return list;
}

/** An http(s) URL given for a link, or a usage error. */
function webUrl(option: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw new UsageError(`--${option}: "${value}" is not an http(s) URL`);
  return url.href;
}
