import yargs from 'yargs';
import { FORMATS, type FormatName } from '../format/index.js';
import { KINDS, type Kind } from '../types.js';
import { DEFAULT_EXCLUDED_SECTIONS } from '../compare/sections.js';
import { MAX_FILE_BYTES } from '../io/read.js';

export interface CliArgs {
  specs: string;
  runbook: string;
  root: string | undefined;
  cwd: string | undefined;
  format: FormatName;
  outputFile: string | undefined;
  kinds: Kind[];
  everySpec: Kind[];
  excludeSection: string[];
  allowIncomplete: boolean;
  maxFileSize: number;
  color: boolean | undefined;
  debug: boolean;
}

export class UsageError extends Error {}

function kindList(name: string, value: unknown): Kind[] {
  const items = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!(KINDS as readonly string[]).includes(item)) throw new UsageError(`--${name}: "${item}" is not a kind; use ${KINDS.join(', ')}`);
  }
  return [...new Set(items)] as Kind[];
}

export async function parseArgs(argv: string[], version: string): Promise<CliArgs | { exit: number; output: string }> {
  let output = '';
  const parser = yargs(argv)
    .scriptName('sync-check')
    .usage('$0 [options]\n\nReports log paths, scripts, endpoints and env vars that specs name and the runbook lacks.')
    .option('specs', { type: 'string', default: 'specs', describe: 'Directory of specs (every *.md below it) or a glob' })
    .option('runbook', { type: 'string', default: 'docs/RUNBOOK.md', describe: 'The ops runbook to check against' })
    .option('cwd', { alias: 'C', type: 'string', describe: 'Run as if started in this directory (like git -C)' })
    .option('root', { type: 'string', describe: 'Repository root; paths in documents and in the report are relative to it [default: current directory]' })
    .option('format', { alias: 'f', choices: FORMATS, default: 'text' as FormatName, describe: 'Output format' })
    .option('output-file', { alias: 'o', type: 'string', describe: 'Write the report to this file (atomically) instead of stdout' })
    .option('kinds', { type: 'string', default: KINDS.join(','), describe: 'Kinds of item to check (comma-separated)' })
    .option('every-spec', { type: 'string', default: 'log', describe: 'Kinds taken from every spec; the other kinds come only from specs that name the runbook' })
    .option('exclude-section', { type: 'string', array: true, default: DEFAULT_EXCLUDED_SECTIONS, describe: 'Section titles whose items are ignored (repeatable; replaces the default list)', defaultDescription: '"Out of Scope", "Non-goals", ...' })
    .option('allow-incomplete', { type: 'boolean', default: false, describe: 'Do not exit 2 when some input could not be read; still report it' })
    .option('max-file-size', { type: 'number', default: MAX_FILE_BYTES, describe: 'Skip files larger than this many bytes, with a diagnostic' })
    .option('color', { type: 'boolean', describe: 'Force colour on or off [default: auto, honours NO_COLOR / FORCE_COLOR]' })
    .option('debug', { type: 'boolean', default: false, describe: 'Show stack traces of internal errors' })
    .example('$0 --specs specs --runbook docs/RUNBOOK.md', 'Check every spec under specs/ against the runbook')
    .example('$0 -C specs-fixtures/example', 'Check the bundled example repository')
    .example('$0 --format json -o drift.json', 'Write the machine-readable report to drift.json')
    .example('$0 --kinds log,script --every-spec log,script', 'Check only logs and scripts, from every spec')
    .example("$0 --specs 'specs/0*.md'", 'Check the specs a glob selects')
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
  if (!Number.isFinite(maxFileSize) || maxFileSize <= 0) throw new UsageError('--max-file-size must be a positive number of bytes');
  const kinds = kindList('kinds', parsed.kinds);
  if (kinds.length === 0) throw new UsageError('--kinds: name at least one kind');
  return {
    specs: parsed.specs,
    runbook: parsed.runbook,
    root: parsed.root,
    cwd: parsed.cwd,
    format: parsed.format,
    outputFile: parsed['output-file'],
    kinds,
    everySpec: kindList('every-spec', parsed['every-spec']),
    excludeSection: parsed['exclude-section'].map(String),
    allowIncomplete: parsed['allow-incomplete'],
    maxFileSize,
    color: parsed.color,
    debug: parsed.debug,
  };
}
