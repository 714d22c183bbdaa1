import yargs from 'yargs';
import { FORMATS, type FormatName } from '../format/index.js';
import { KINDS, type Kind } from '../types.js';

/** One output: a format, written to a file or (file undefined) to stdout. */
export interface Output {
  format: FormatName;
  file?: string;
}

/**
 * What the command line said. Settings a config file can also give are undefined when the
 * command line did not give them, so that flags override config and config overrides defaults.
 */
export interface CliArgs {
  specs?: string;
  runbook?: string;
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
  changedSince?: string;
  maxWarnings?: number;
  linkBase?: string;
  now?: Date;
  allowIncomplete: boolean;
  color?: boolean;
  debug: boolean;
  /** Where to keep outcomes between runs; undefined without --cache. */
  cacheLocation?: string;
}

/** Where --cache keeps its file when --cache-location does not say. */
export const DEFAULT_CACHE_LOCATION = '.sync-check-cache';

export class UsageError extends Error {}

/** `{ key: value }`, or nothing when the value is undefined: an unset flag must not spread `undefined` over a setting. */
export function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function kindList(name: string, value: unknown): Kind[] | undefined {
  if (value === undefined) return undefined;
  const items = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!(KINDS as readonly string[]).includes(item)) throw new UsageError(`--${name}: "${item}" is not a kind; use ${KINDS.join(', ')}`);
  }
  return [...new Set(items)] as Kind[];
}

/** `--format sarif=out.sarif`, or `--format sarif -o out.sarif` paired in order. */
function outputsOf(formats: string[], files: string[]): Output[] {
  const outputs: Output[] = formats.map((spec) => {
    const eq = spec.indexOf('=');
    const name = eq === -1 ? spec : spec.slice(0, eq);
    if (!(FORMATS as readonly string[]).includes(name)) throw new UsageError(`--format: "${name}" is not a format; use ${FORMATS.join(', ')}`);
    return eq === -1 ? { format: name as FormatName } : { format: name as FormatName, file: spec.slice(eq + 1) };
  });
  if (outputs.length === 0) outputs.push({ format: 'text' });
  const unpaired = outputs.filter((o) => o.file === undefined);
  if (files.length > unpaired.length) throw new UsageError(`${files.length} --output-file for ${unpaired.length} --format without a file`);
  files.forEach((file, i) => {
    unpaired[i]!.file = file === '-' ? undefined : file;
  });
  if (outputs.filter((o) => o.file === undefined).length > 1) {
    throw new UsageError('only one --format can go to standard output; give the others a file (--format NAME=FILE)');
  }
  return outputs;
}

export async function parseArgs(argv: string[], version: string): Promise<CliArgs | { exit: number; output: string }> {
  let output = '';
  const parser = yargs(argv)
    .scriptName('sync-check')
    .usage('$0 [options]\n\nReports log paths, scripts, endpoints and env vars that specs name and the runbook lacks.')
    .option('specs', { type: 'string', describe: 'Directory of specs (every *.md below it) or a glob', defaultDescription: 'specs' })
    .option('runbook', { type: 'string', describe: 'The ops runbook to check against', defaultDescription: 'docs/RUNBOOK.md' })
    .option('cwd', { alias: 'C', type: 'string', describe: 'Run as if started in this directory (like git -C)' })
    .option('root', { type: 'string', describe: 'Repository root; paths in documents and in the report are relative to it', defaultDescription: 'the run directory' })
    .option('config', { alias: 'c', type: 'string', describe: 'Config file (--no-config: use none)', defaultDescription: 'sync-check.config.{json,yaml,yml}, .sync-checkrc*, or "sync-check" in package.json' })
    .option('format', { alias: 'f', type: 'string', array: true, describe: `Output format, repeatable: ${FORMATS.join(', ')}; NAME=FILE writes that one to FILE`, defaultDescription: 'text' })
    .option('output-file', { alias: 'o', type: 'string', array: true, describe: 'Write the report to this file (atomically); repeatable, paired with --format in order; - is stdout' })
    .option('kinds', { type: 'string', describe: 'Kinds of item to check (comma-separated)', defaultDescription: KINDS.join(',') })
    .option('every-spec', { type: 'string', describe: 'Kinds taken from every spec; the other kinds come only from specs that name the runbook', defaultDescription: 'log' })
    .option('exclude-section', { type: 'string', array: true, describe: 'Section titles whose items are ignored (repeatable; replaces the default list)', defaultDescription: '"Out of Scope", "Non-goals", ...' })
    .option('baseline', { type: 'string', describe: 'Report only findings not in this baseline file' })
    .option('write-baseline', { type: 'string', describe: "Record today's findings in this file (atomically)" })
    .option('changed-since', { type: 'string', describe: 'PR mode: check only specs changed since this git revision, plus the runbook if it changed' })
    .option('max-warnings', { type: 'number', describe: 'Exit 1 when there are more warnings than this' })
    .option('link-base', { type: 'string', describe: 'URL prefix for links in markdown/checklist reports (e.g. https://github.com/o/r/blob/SHA/)' })
    .option('now', { type: 'string', describe: 'Treat this date as today for waiver expiry (reproducible reports)' })
    .option('allow-incomplete', { type: 'boolean', default: false, describe: 'Do not exit 2 when some spec could not be read; still report it' })
    .option('max-file-size', { type: 'number', describe: 'Skip files larger than this many bytes, with a diagnostic', defaultDescription: '2097152' })
    .option('color', { type: 'boolean', describe: 'Force colour on or off [default: auto, honours NO_COLOR / FORCE_COLOR]' })
    .option('cache', { type: 'boolean', default: false, describe: 'Reuse the outcome of each spec that has not changed since the last run (like ESLint --cache)' })
    .option('cache-location', { type: 'string', describe: 'The cache file', defaultDescription: DEFAULT_CACHE_LOCATION })
    .option('debug', { type: 'boolean', default: false, describe: 'Show stack traces of internal errors' })
    .example('$0 --specs specs --runbook docs/RUNBOOK.md', 'Check every spec under specs/ against the runbook')
    .example('$0 -C specs-fixtures/example', 'Check the bundled example repository')
    .example('$0 --format json -o drift.json', 'Write the machine-readable report to drift.json')
    .example('$0 -f text -f sarif=drift.sarif -f markdown=drift.md', 'Text on stdout, SARIF and a Markdown report to files')
    .example('$0 --changed-since origin/main --baseline .sync-check-baseline.json -f checklist', 'Pull request: new drift in changed specs, as a reviewer checklist')
    .example('$0 --kinds log,script --every-spec log,script', 'Check only logs and scripts, from every spec')
    .epilogue('Exit codes: 0 no drift, 1 drift found, 2 usage error or unreadable/missing input.')
    .version(version)
    .help()
    .alias('h', 'help')
    .alias('v', 'version')
    .strict()
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      throw new UsageError(message ?? error?.message ?? 'invalid arguments');
    });

  const parsed = await parser.parseAsync(argv, {}, (_err: unknown, _argv: unknown, out: string) => {
    output = out;
  });
  if (parsed.help || parsed.version) return { exit: 0, output };
  const maxFileSize = parsed['max-file-size'];
  if (maxFileSize !== undefined && (!Number.isFinite(maxFileSize) || maxFileSize <= 0)) throw new UsageError('--max-file-size must be a positive number of bytes');
  const maxWarnings = parsed['max-warnings'];
  if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) throw new UsageError('--max-warnings must be a whole number, 0 or more');
  const kinds = kindList('kinds', parsed.kinds);
  if (kinds?.length === 0) throw new UsageError('--kinds: name at least one kind');
  let now: Date | undefined;
  if (parsed.now !== undefined) {
    now = new Date(/^\d{4}-\d{2}-\d{2}$/.test(parsed.now) ? `${parsed.now}T00:00:00Z` : parsed.now);
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now: "${parsed.now}" is not a date`);
  }
  const config = parsed.config as unknown as string | false | undefined;
  const everySpec = kindList('every-spec', parsed['every-spec']);
  return {
    ...optional('specs', parsed.specs),
    ...optional('runbook', parsed.runbook),
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
    ...optional('changedSince', parsed['changed-since']),
    ...optional('maxWarnings', maxWarnings),
    ...optional('linkBase', parsed['link-base']),
    ...optional('now', now),
    allowIncomplete: parsed['allow-incomplete'],
    ...optional('color', parsed.color),
    debug: parsed.debug,
    ...optional('cacheLocation', parsed.cache || parsed['cache-location'] !== undefined ? (parsed['cache-location'] ?? DEFAULT_CACHE_LOCATION) : undefined),
  };
}
