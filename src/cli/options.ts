import { FORMATS } from '../format/names.js';
import { KINDS } from '../types.js';

/** Where --cache keeps its file when --cache-location does not say. */
export const DEFAULT_CACHE_LOCATION = '.sync-check-cache';

export interface OptionSpec {
  name: string;
  alias?: string;
  type: 'string' | 'boolean' | 'number';
  /** Repeatable: every value is kept, in order. */
  array?: boolean;
  /** Repeatable as `--name a --name b`, one value each: a following positional is not taken as another value. */
  repeatable?: boolean;
  default?: boolean;
  describe: string;
  defaultDescription?: string;
}

/** Every option, once: yargs builds help and errors from it, the quick scanner reads argv with it. */
export const OPTIONS: readonly OptionSpec[] = [
  {
    name: 'specs',
    type: 'string',
    describe: 'Directory of specs (every *.md below it) or a glob',
    defaultDescription: 'specs',
  },
  {
    name: 'runbook',
    type: 'string',
    repeatable: true,
    describe: 'The ops runbook to check against: a file or a glob, repeatable (one runbook over several files)',
    defaultDescription:
      'found by usual names: docs/RUNBOOK.md, RUNBOOK.md, runbooks/*.md, docs/**/operations.md, DEPLOYMENT.md, …',
  },
  { name: 'cwd', alias: 'C', type: 'string', describe: 'Run as if started in this directory (like git -C)' },
  {
    name: 'root',
    type: 'string',
    describe: 'Repository root; paths in documents and in the report are relative to it',
    defaultDescription: 'the run directory',
  },
  {
    name: 'config',
    alias: 'c',
    type: 'string',
    describe: 'Config file (--no-config: use none)',
    defaultDescription: 'sync-check.config.{json,yaml,yml}, .sync-checkrc*, or "sync-check" in package.json',
  },
  {
    name: 'format',
    alias: 'f',
    type: 'string',
    array: true,
    describe: `Output format, repeatable: ${FORMATS.join(', ')}; NAME=FILE writes that one to FILE`,
    defaultDescription: 'text',
  },
  {
    name: 'output-file',
    alias: 'o',
    type: 'string',
    array: true,
    describe: 'Write the report to this file (atomically); repeatable, paired with --format in order; - is stdout',
  },
  {
    name: 'kinds',
    type: 'string',
    repeatable: true,
    describe: 'Kinds of item to check (comma-separated)',
    defaultDescription: KINDS.join(','),
  },
  {
    name: 'every-spec',
    type: 'string',
    repeatable: true,
    describe:
      'Kinds taken from every spec; the other kinds come only from the parts of specs bound to the runbook (or, with the code, items it shows operator-facing)',
    defaultDescription: 'log',
  },
  {
    name: 'exclude-section',
    type: 'string',
    array: true,
    describe: 'Section titles whose items are ignored (repeatable; replaces the default list)',
    defaultDescription: '"Out of Scope", "Non-goals", ...',
  },
  { name: 'baseline', type: 'string', describe: 'Report only findings not in this baseline file' },
  { name: 'write-baseline', type: 'string', describe: "Record today's findings in this file (atomically)" },
  {
    name: 'fix',
    type: 'boolean',
    default: false,
    describe: 'Add what the runbook lacks to it (rows, entries, sections in its own style), then report what is left',
  },
  {
    name: 'fix-dry-run',
    type: 'boolean',
    default: false,
    describe: 'Print what --fix would change as a unified diff, and change nothing',
  },
  {
    name: 'changed-since',
    type: 'string',
    describe: 'PR mode: check only specs changed since this git revision, plus the runbook if it changed',
  },
  {
    name: 'blame',
    type: 'boolean',
    describe:
      'Give each finding the commit from which it has existed without a break, its date and age (--no-blame: never)',
    defaultDescription: 'on for the markdown format in a git repository',
  },
  {
    name: 'history',
    type: 'number',
    describe: 'Trend: drift at each of the last N commits that touched the specs, the runbooks or the config',
  },
  {
    name: 'since',
    type: 'string',
    describe: 'How far back --history and --blame read: a date (YYYY-MM-DD) or a git revision',
  },
  { name: 'max-warnings', type: 'number', describe: 'Exit 1 when there are more warnings than this' },
  {
    name: 'link-base',
    type: 'string',
    describe: 'URL prefix for links in markdown/checklist reports (e.g. https://github.com/o/r/blob/SHA/)',
  },
  {
    name: 'full-report-url',
    type: 'string',
    describe:
      'Where the whole report can be had (a CI run page with its artifacts): named by a markdown/checklist report cut to fit its size limit',
  },
  { name: 'now', type: 'string', describe: 'Treat this date as today for waiver expiry (reproducible reports)' },
  {
    name: 'allow-incomplete',
    type: 'boolean',
    default: false,
    describe: 'Do not exit 2 when some spec could not be read; still report it',
  },
  {
    name: 'max-file-size',
    type: 'number',
    describe: 'Skip files larger than this many bytes, with a diagnostic',
    defaultDescription: '2097152',
  },
  {
    name: 'cache',
    type: 'boolean',
    default: false,
    describe: 'Reuse the outcome of each spec that has not changed since the last run (like ESLint --cache)',
  },
  {
    name: 'cache-location',
    type: 'string',
    describe: 'The cache file (implies --cache)',
    defaultDescription: DEFAULT_CACHE_LOCATION,
  },
  {
    name: 'code',
    type: 'boolean',
    describe:
      "Hold spec items against the repository's code: what it lacks is planned (--no-code: judge by the documents and file list alone)",
    defaultDescription: 'true',
  },
  {
    name: 'code-ignore',
    type: 'string',
    array: true,
    describe: 'A file or directory (relative to the run directory) never read as code: fixtures, samples (repeatable)',
  },
  {
    name: 'concurrency',
    type: 'string',
    describe: 'Threads that check specs: a number, off, or auto (one per core, up to 4, for runs big enough to gain)',
    defaultDescription: 'auto',
  },
  {
    name: 'color',
    type: 'boolean',
    describe: 'Force colour on or off [default: auto, honours NO_COLOR / FORCE_COLOR]',
  },
  { name: 'debug', type: 'boolean', default: false, describe: 'Show stack traces of internal errors' },
];

/** What argv said, keyed by long option name, as yargs gives it. */
export type RawArgs = Record<string, unknown>;
