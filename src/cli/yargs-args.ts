import yargs from 'yargs';
import { UsageError } from '../base/errors.js';
import { RULES } from '../rules/index.js';
import { OPTIONS, type RawArgs } from './options.js';

/** The full parser: help, version, and a clear message for every mistake. */
export async function parseWithYargs(
  argv: string[],
  version: string,
): Promise<RawArgs | { exit: number; output: string }> {
  let output = '';
  let parser = yargs(argv)
    .scriptName('sync-check')
    .usage('$0 [options]\n\nReports log paths, scripts, endpoints and env vars that specs name and the runbook lacks.');
  for (const { name, alias, type, array, default: byDefault, describe, defaultDescription } of OPTIONS) {
    parser = parser.option(name, {
      type,
      describe,
      ...(alias ? { alias } : {}),
      ...(array ? { array } : {}),
      ...(byDefault !== undefined ? { default: byDefault } : {}),
      ...(defaultDescription ? { defaultDescription } : {}),
    });
  }
  parser = parser
    .example('$0 --specs specs --runbook docs/RUNBOOK.md', 'Check every spec under specs/ against the runbook')
    .example('$0 -C specs-fixtures/example', 'Check the bundled example repository')
    .example('$0 --format json -o drift.json', 'Write the machine-readable report to drift.json')
    .example(
      '$0 -f text -f sarif=drift.sarif -f markdown=drift.md',
      'Text on stdout, SARIF and a Markdown report to files',
    )
    .example(
      '$0 --changed-since origin/main --baseline .sync-check-baseline.json -f checklist',
      'Pull request: new drift in changed specs, as a reviewer checklist',
    )
    .example('$0 --kinds log,script --every-spec log,script', 'Check only logs and scripts, from every spec')
    .example('$0 --cache', 'Nightly: re-check only the specs that changed since the last run')
    .example('$0 --fix-dry-run', 'Show, as a diff, the rows and entries --fix would add to the runbook')
    .epilogue(
      `Rules (default severity; each explained in docs/rules/<id>.md):\n${rulesList()}\n\nExit codes: 0 no drift, 1 drift found, 2 usage error or unreadable/missing input.`,
    )
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
  return parsed as RawArgs;
}

/** The rules, a few to a line, for the help text. */
function rulesList(): string {
  const lines: string[] = [];
  let line = ' ';
  for (const rule of RULES) {
    const entry = ` ${rule.id} (${rule.defaultSeverity})`;
    if (line.length + entry.length > 96) {
      lines.push(line);
      line = ' ';
    }
    line += entry;
  }
  return [...lines, line].join('\n');
}
